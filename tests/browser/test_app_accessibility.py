"""Every Streamlit page in a real Chromium at 1280 × 800, in the state a user sees it with its
figures and notes showing: axe-core finds no serious or critical violation (colour contrast
included), headings skip no level, and nothing the page asks for is refused (no 404 from a deep
link).

The server runs for this module on its own feedback database, with an evaluator account and
enough answered surveys for the evaluation page to show scores.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support.browser import DESKTOP, serious_violations, skipped_headings
from support.streamlit import IDLE, open_app, rerun

from collaborate import DATABASE_URL_ENV
from collaborate.accounts import set_password
from collaborate.database import connect
from collaborate.links import Consultation, create_link
from collaborate.responses import Answers, submit_response
from tools.background import ServerError, running_server

EVALUATOR = ("evaluator", "correct horse battery staple")
#: Clinicians' answered surveys: two with enough for a score, one with too few to show.
SURVEYS = {"C1234567": (12, (9, 9, 8)), "C7654321": (11, (5, 9, 9)), "C1111111": (3, (9, 9, 9))}
DEEP_LINKS = ["/consultation", "/summary", "/learn", "/author", "/evaluation"]


def _seed(database_url: str) -> None:
    engine = connect(database_url)
    set_password(engine, *EVALUATOR)
    now = dt.datetime.now(dt.UTC)
    for clinician, (count, points) in SURVEYS.items():
        about = Consultation(
            clinician=clinician, site="Y02345", aid="af-anticoagulation", date=now.date()
        )
        for _ in range(count):
            link = create_link(engine, about, now=now)
            submit_response(engine, link.token, Answers.of(*points), now=now)
    engine.dispose()


@pytest.fixture(scope="module")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`decision-aids serve` on this module's seeded database (overrides the session's)."""
    database: Path = tmp_path_factory.mktemp("apps") / "feedback.sqlite3"
    database_url = f"sqlite:///{database}"
    _seed(database_url)
    with pytest.MonkeyPatch.context() as env:
        env.setenv(DATABASE_URL_ENV, database_url)
        try:
            with running_server() as url:
                yield url
        except ServerError as error:
            pytest.fail(str(error))


def _accessible(v: Any, axe_source: str) -> None:
    assert serious_violations(v, axe_source) == []
    assert skipped_headings(v) == []
    assert v.refused == []


def _consultation(v: Any) -> Any:
    """The statins aid for a person with a 10-year risk of 12%: figures, notes and captions."""
    page = open_app(v, "/consultation?aid=statins-primary-prevention&risk_percent=12")
    page.get_by_text("Their details: 10-year risk 12%").wait_for()
    return page


def test_home(visit: Any, axe_source: str) -> None:
    v = visit(viewport=DESKTOP, bypass_csp=True)  # axe is an injected script
    open_app(v, "/").get_by_text("Open the patient page").first.wait_for()
    _accessible(v, axe_source)


def test_consultation(visit: Any, axe_source: str) -> None:
    v = visit(viewport=DESKTOP, bypass_csp=True)
    _consultation(v)
    _accessible(v, axe_source)


def test_end_of_consultation(visit: Any, axe_source: str) -> None:
    v = visit(viewport=DESKTOP, bypass_csp=True)
    page = _consultation(v)
    with rerun(page):
        page.get_by_role("link", name="End of consultation: the summary to keep").click()
    page.get_by_role("heading", name="For the clinical record").wait_for()
    _accessible(v, axe_source)


def test_author_preview(visit: Any, axe_source: str) -> None:
    v = visit(viewport=DESKTOP, bypass_csp=True)
    page = open_app(v, "/author")
    page.get_by_role("combobox", name="Start from a content file").click()
    with rerun(page):
        page.get_by_role("option", name="af-anticoagulation.md").click()
    page.get_by_role("heading", name="What the checks found").wait_for()
    _accessible(v, axe_source)


def test_learn_the_general_module_and_its_marked_self_check(visit: Any, axe_source: str) -> None:
    v = visit(viewport=DESKTOP, bypass_csp=True)
    page = open_app(v, "/learn")
    page.get_by_role("heading", name="The three-talk model").wait_for()
    with rerun(page):
        page.get_by_role("button", name="Check my answers").click()
    page.get_by_text("Save to my training record").wait_for()  # the feedback and the codes
    _accessible(v, axe_source)


def test_learn_a_brief(visit: Any, axe_source: str) -> None:
    v = visit(viewport=DESKTOP, bypass_csp=True)
    page = open_app(v, "/learn?brief=af-anticoagulation")
    page.get_by_role("heading", name="Traps in talking about risk").wait_for()
    _accessible(v, axe_source)


def test_evaluation_before_and_after_signing_in(visit: Any, axe_source: str) -> None:
    v = visit(viewport=DESKTOP, bypass_csp=True)
    page = open_app(v, "/evaluation")
    _accessible(v, axe_source)
    username, password = EVALUATOR
    v.goto("/evaluator/sign-in")  # the sign-in page (its own axe test: test_evaluator.py)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/evaluation")
    page.get_by_role("heading", name="Downloads").wait_for()
    page.wait_for_selector(IDLE)
    _accessible(v, axe_source)


@pytest.mark.parametrize("path", DEEP_LINKS)
def test_first_screens(visit: Any, axe_source: str, path: str) -> None:
    """Each page as a deep link opens it, before anything is chosen or entered."""
    v = visit(viewport=DESKTOP, bypass_csp=True)
    open_app(v, path)
    _accessible(v, axe_source)


@pytest.mark.parametrize("path", DEEP_LINKS)
def test_a_deep_link_asks_for_nothing_missing(visit: Any, path: str) -> None:
    v = visit(viewport=DESKTOP)  # under the server's policy: the entry page's script is allowed
    open_app(v, path)
    assert v.refused == []
    assert [e for e in v.errors if "Content Security Policy" in e] == []


def test_a_skipped_heading_level_is_found(visit: Any) -> None:
    v = visit(viewport=DESKTOP)
    v.page.set_content("<h1>Summary</h1><h2>Decision</h2><h4>Figures</h4><h2>Sources</h2>")
    assert skipped_headings(v) == ["h4 'Figures' after h2"]
