"""The collaboRATE survey pages in a real Chromium, on a phone (390 × 844) and a desktop.

A survey server (uvicorn serving ``decision_aids.server:public_app``) runs for this module on a SQLite file
that gives up on a lock after half a second, so a test can make the database unavailable by
holding its write lock. The person answers with JavaScript off; every page, the refusals and
the "please try again" included, passes axe-core with no serious or critical violation and does
not scroll sideways at 320 px.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from support.browser import PHONE, VIEWPORTS, assert_only_our_host, serious_violations

from collaborate.database import connect
from collaborate.links import Consultation, create_link
from collaborate.responses import Answers, new_submission_id, stored_responses, submit_response
from tools.survey_server import survey_server

NARROW = {"width": 320, "height": 640}


@pytest.fixture(scope="module")
def database_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("feedback") / "feedback.sqlite3"


@pytest.fixture(scope="module")
def database_url(database_file: Path) -> str:
    return f"sqlite:///{database_file}?timeout=0.5"


@pytest.fixture(scope="module")
def engine(database_url: str) -> Iterator[Engine]:
    engine = connect(database_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def server_url(database_url: str, engine: Engine) -> Iterator[str]:
    """The survey server, in place of the whole app that the other browser tests use."""
    with survey_server(database_url) as url:
        yield url


@pytest.fixture(scope="module")
def server_without_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A survey server whose database cannot be opened (its folder does not exist)."""
    missing = tmp_path_factory.mktemp("gone") / "missing" / "feedback.sqlite3"
    with survey_server(f"sqlite:///{missing}?timeout=0.5") as url:
        yield url


@contextmanager
def _locked(database_file: Path) -> Iterator[None]:
    """Hold the database's write lock: every write waits, gives up, and is not saved."""
    blocker = sqlite3.connect(database_file, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()


def _link(engine: Engine, days: int = 7, now: dt.datetime | None = None, **about: Any) -> str:
    fields: dict[str, Any] = {
        "clinician": "C1234567",
        "site": "Y02345",
        "aid": "af-anticoagulation",
        "date": (now or dt.datetime.now(dt.UTC)).date(),
        **about,
    }
    return create_link(engine, Consultation(**fields), days=days, now=now).token


def _choose(v: Any, answers: dict[str, int]) -> None:
    for item, point in answers.items():
        v.page.locator(f"input[name={item}][value='{point}']").check(force=True)


def _send(v: Any, button: str = "Send my answers") -> int:
    with v.page.expect_navigation() as navigation:
        v.page.get_by_role("button", name=button).click()
    return int(navigation.value.status)


# ------------------------------------------------------------------------------------------
# Every page the person can meet, reached as they would reach it; each returns its status code


def _survey(v: Any, engine: Engine, _db: Path) -> int:
    return int(v.goto(f"/feedback/{_link(engine)}").status)


def _survey_for_a_parent_0_to_4(v: Any, engine: Engine, _db: Path) -> int:
    return int(v.goto(f"/feedback/{_link(engine, respondent='parent', scale_max=4)}").status)


def _refused(v: Any, engine: Engine, db: Path) -> int:
    _survey(v, engine, db)
    return _send(v)  # nothing chosen


def _thanks(v: Any, engine: Engine, db: Path) -> int:
    _survey(v, engine, db)
    _choose(v, {"item_1": 9, "item_3": 7})
    return _send(v)


def _answered(v: Any, engine: Engine, _db: Path) -> int:
    token = _link(engine)
    submit_response(engine, token, Answers.of(9, 9, 9))
    return int(v.goto(f"/feedback/{token}").status)


def _expired(v: Any, engine: Engine, _db: Path) -> int:
    old = dt.datetime.now(dt.UTC) - dt.timedelta(days=10)
    return int(v.goto(f"/feedback/{_link(engine, days=1, now=old)}").status)


def _unknown(v: Any, _engine: Engine, _db: Path) -> int:
    return int(v.goto(f"/feedback/{'A' * 43}").status)


def _try_again(v: Any, engine: Engine, db: Path) -> int:
    _survey(v, engine, db)
    _choose(v, {"item_1": 9, "item_2": 5})
    with _locked(db):
        return _send(v)


PAGES: dict[str, tuple[Callable[[Any, Engine, Path], int], int]] = {
    "survey": (_survey, 200),
    "survey for a parent, 0 to 4": (_survey_for_a_parent_0_to_4, 200),
    "refused": (_refused, 422),
    "thanks": (_thanks, 200),
    "already answered": (_answered, 410),
    "expired": (_expired, 410),
    "unknown": (_unknown, 404),
    "please try again": (_try_again, 503),
}


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_no_serious_violation(
    visit: Any, axe_source: str, engine: Engine, database_file: Path, name: str, viewport: str
) -> None:
    reach, status = PAGES[name]
    v = visit(viewport=VIEWPORTS[viewport], bypass_csp=True)  # axe is an injected script
    assert reach(v, engine, database_file) == status
    assert serious_violations(v, axe_source) == []


@pytest.mark.parametrize("name", list(PAGES))
def test_no_sideways_scrolling_at_320_px(
    visit: Any, engine: Engine, database_file: Path, name: str
) -> None:
    reach, status = PAGES[name]
    v = visit(viewport=NARROW, java_script_enabled=False)
    failed: list[str] = []
    v.page.on(
        "response",
        lambda r: (
            failed.append(r.url)
            if r.status >= 400 and r.request.resource_type != "document"
            else None
        ),
    )
    assert reach(v, engine, database_file) == status
    assert v.page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    assert failed == []  # every stylesheet and image loaded
    # Chromium reports a page's own 4xx or 5xx status as a console error: any other error,
    # a Content-Security-Policy violation say, is a fault
    assert [e for e in v.errors if not e.startswith("Failed to load resource")] == []
    assert_only_our_host(v)


@pytest.mark.parametrize("viewport", [PHONE, NARROW], ids=["phone", "320 px"])
def test_a_database_that_cannot_be_opened_is_a_clear_page(
    visit: Any, axe_source: str, server_without_database: str, viewport: dict[str, int]
) -> None:
    v = visit(viewport=viewport, bypass_csp=True)
    response = v.page.goto(f"{server_without_database}/feedback/{'A' * 43}")
    assert response.status == 503
    assert "cannot be opened just now" in v.page.locator("h1").inner_text()
    assert v.page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert serious_violations(v, axe_source) == []


# ------------------------------------------------------------------------------------------
# Answering, with JavaScript off


def test_answering_on_a_phone_without_javascript(visit: Any, engine: Engine) -> None:
    v = visit(viewport=PHONE, java_script_enabled=False)
    token = _link(engine, site="PHONE1")
    v.goto(f"/feedback/{token}")
    page = v.page
    assert page.locator("fieldset").count() == 3
    assert page.locator("input[type=radio]").count() == 30
    assert page.get_by_label("9 – Every effort was made").first.is_visible()
    _choose(v, {"item_1": 9, "item_2": 8, "item_3": 9})
    assert _send(v) == 200
    assert page.locator("h1").inner_text() == "Thank you"
    assert v.goto(f"/feedback/{token}").status == 410
    assert "already been answered" in page.locator("h1").inner_text()
    mine = [r.answers for r in stored_responses(engine) if r.site == "PHONE1"]
    assert mine == [Answers.of(9, 8, 9)]


def test_a_form_posted_from_another_site_is_refused(
    visit: Any, engine: Engine, server_url: str
) -> None:
    """Issue 19: a page elsewhere that holds a valid link must not be able to answer it through
    a visitor's browser. The form is on a blank page, an origin of its own, as another site's
    would be; Chromium says so in Sec-Fetch-Site."""
    v = visit(viewport=PHONE, java_script_enabled=False)
    token = _link(engine, site="CROSS1")
    v.page.set_content(
        f'<form method="post" action="{server_url}/feedback/{token}">'
        f'<input name="item_1" value="9"><input name="submission" value="{new_submission_id()}">'
        "<button>Send</button></form>"
    )
    with v.page.expect_navigation() as navigation:
        v.page.get_by_role("button", name="Send").click()
    assert navigation.value.status == 403
    assert "sent from another website" in v.page.locator("h1").inner_text()
    assert [r for r in stored_responses(engine) if r.site == "CROSS1"] == []
    v.goto(f"/feedback/{token}")  # from its own page (Origin: null, Sec-Fetch-Site: same-origin)
    _choose(v, {"item_1": 9})
    assert _send(v) == 200


def test_an_empty_form_is_refused_beside_the_first_question(visit: Any, engine: Engine) -> None:
    v = visit(viewport=PHONE, java_script_enabled=False)
    assert _refused(v, engine, Path()) == 422
    page = v.page
    assert page.title().startswith("Error:")
    assert "Answer at least one question" in page.locator("#item_1-error").inner_text()
    assert page.locator(".nhsuk-error-summary a[href='#item_1']").count() == 1


def test_an_unavailable_database_keeps_the_answers_to_send_again(
    visit: Any, engine: Engine, database_file: Path
) -> None:
    v = visit(viewport=PHONE, java_script_enabled=False)
    v.goto(f"/feedback/{_link(engine, site='OUTAGE1')}")
    _choose(v, {"item_1": 9, "item_2": 5})
    with _locked(database_file):
        assert _send(v) == 503
    page = v.page
    assert "could not be sent" in page.locator("h1").inner_text()
    assert "Question 2 5" in " ".join(page.locator("main").inner_text().split())
    assert [r for r in stored_responses(engine) if r.site == "OUTAGE1"] == []
    assert _send(v, "Send my answers again") == 200
    assert page.locator("h1").inner_text() == "Thank you"
    mine = [r.answers for r in stored_responses(engine) if r.site == "OUTAGE1"]
    assert mine == [Answers.of(9, 5, None)]
