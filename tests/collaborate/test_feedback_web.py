"""The survey page, /feedback/<token>: in-process through Starlette's TestClient, and through a real
server process (uvicorn) on SQLite and on a real PostgreSQL.

Done when: concurrent HTTP submissions lose none and duplicate none; a reused token is refused
through the page; the database going away during a submission gives "please try again" with
the answers kept, and nothing half-written.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import re
import sqlite3
from collections import Counter
from collections.abc import Iterator
from typing import Any

import httpx2
import pytest
from feedback_helpers import NOW, answered_links, cell_totals, consultation, count
from sqlalchemy import Engine, create_engine, event, text
from starlette.testclient import TestClient

from collaborate import web
from collaborate._tables import responses
from collaborate.database import DATABASE_URL_ENV, connect
from collaborate.instrument import load_instrument
from collaborate.links import create_link
from collaborate.responses import Answers, new_submission_id, stored_responses
from decision_aids.server import public_app
from decision_aids.site.security import PAGE_CSP
from tools.postgres import PostgresServer, PostgresUnavailable, temporary_postgres
from tools.survey_server import (
    answer_survey,
    form_fields,
    in_parallel,
    open_survey,
    send_answers,
    survey_server,
)

pytest_plugins = ["feedback_fixtures"]  # the database fixtures

INSTRUMENT = load_instrument()


@pytest.fixture
def client(engine: Engine) -> Iterator[TestClient]:
    with TestClient(public_app(lambda: engine), raise_server_exceptions=False) as client:
        yield client


def _link(engine: Engine, **about: Any) -> str:
    return create_link(engine, consultation(**about)).token


def _nonce(page: str) -> str:
    found = re.search(r'name="submission" value="([^"]+)"', page)
    assert found, "the form has no submission nonce"
    return found.group(1)


def _hidden(page: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page))


def _checked(page: str, item: str) -> list[str]:
    return re.findall(rf'name="{item}" type="radio" value="(\d)"\s+checked', page)


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _stored(engine: Engine) -> int:
    """Responses stored; and the links answered and the running sums agree with it."""
    n = count(engine, responses)
    assert answered_links(engine) == cell_totals(engine) == n
    return n


# ------------------------------------------------------------------------------------------
# The page


def test_the_form_shows_the_instrument_as_published_with_its_licence(
    client: TestClient, engine: Engine
):
    page = client.get(f"/feedback/{_link(engine)}")
    assert page.status_code == 200
    words = _text(page.text)
    for item in INSTRUMENT.version("patient").items:
        assert item.text in words
        # radios 0-9, never a slider; only the ends carry the published labels
        radios = re.findall(rf'name="{item.id}" type="radio" value="(\d)"', page.text)
        assert radios == [str(p) for p in range(10)]
    assert "0 – No effort was made" in words
    assert "9 – Every effort was made" in words
    assert INSTRUMENT.notice in words
    assert "Your clinician will not see your answers" in words
    assert "draft" not in words
    assert 'type="range"' not in page.text
    assert "<script" not in page.text
    assert len(_nonce(page.text)) >= 16
    assert re.search(r'<form method="post" action="/feedback/[\w-]{43}">', page.text)


def test_the_five_point_format_labels_every_point_and_the_parent_version_says_draft(
    client: TestClient, engine: Engine
):
    page = client.get(f"/feedback/{_link(engine, respondent='parent', scale_max=4)}")
    words = _text(page.text)
    for point, label in INSTRUMENT.scale(4).labels.items():
        assert f"{point} – {label}" in words
    assert 'value="5"' not in page.text
    for item in INSTRUMENT.version("parent").items:
        assert item.text in words
    assert "These questions are a draft" in words


def test_pages_set_no_cookie_and_keep_the_link_out_of_caches_and_referrers(
    client: TestClient, engine: Engine
):
    token = _link(engine)
    shown = client.get(f"/feedback/{token}")
    sent = client.post(f"/feedback/{token}", data=form_fields((9, 9, 9), _nonce(shown.text)))
    refused = client.get(f"/feedback/{token}")
    for response in (shown, sent, refused):
        assert "set-cookie" not in response.headers
        assert response.headers["cache-control"] == "no-store"
        assert response.headers["referrer-policy"] == "no-referrer"
        assert "script-src" not in response.headers["content-security-policy"]
        assert "form-action 'self'" in response.headers["content-security-policy"]
        assert response.headers["x-content-type-options"] == "nosniff"


# ------------------------------------------------------------------------------------------
# Answering once


def test_answers_are_stored_once_and_the_same_form_sent_again_is_thanked(
    client: TestClient, engine: Engine
):
    token = _link(engine)
    fields = form_fields((9, 7, None), _nonce(client.get(f"/feedback/{token}").text))
    first = client.post(f"/feedback/{token}", data=fields)
    assert first.status_code == 200
    assert "Your answers have been sent" in _text(first.text)
    again = client.post(f"/feedback/{token}", data=fields)  # a double click, a lost reply
    assert again.status_code == 200
    assert _stored(engine) == 1
    assert [r.answers for r in stored_responses(engine)] == [Answers.of(9, 7, None)]


def test_a_reused_link_is_refused(client: TestClient, engine: Engine):
    token = _link(engine)
    nonce = _nonce(client.get(f"/feedback/{token}").text)
    assert client.post(f"/feedback/{token}", data=form_fields((9, 9, 9), nonce)).status_code == 200

    opened = client.get(f"/feedback/{token}")
    assert opened.status_code == 410
    assert "This survey has already been answered" in _text(opened.text)
    other = client.post(f"/feedback/{token}", data=form_fields((0, 0, 0), new_submission_id()))
    assert other.status_code == 409
    assert "each link can be used once" in _text(other.text)
    no_nonce = client.post(f"/feedback/{token}", data={"item_1": "0"})
    assert no_nonce.status_code == 409
    empty = client.post(f"/feedback/{token}", data={})
    assert empty.status_code == 409
    assert _stored(engine) == 1
    assert [r.answers for r in stored_responses(engine)] == [Answers.of(9, 9, 9)]


def test_an_invalid_value_is_refused_beside_its_question_with_the_other_answers_kept(
    client: TestClient, engine: Engine
):
    token = _link(engine)
    nonce = _nonce(client.get(f"/feedback/{token}").text)
    page = client.post(
        f"/feedback/{token}",
        data={"item_1": "12", "item_2": "9", "item_3": "4", "submission": nonce},
    )
    assert page.status_code == 422
    assert page.text.count('class="nhsuk-error-message" id="item_1-error"') == 1
    assert "item_2-error" not in page.text
    assert "Choose a number from 0 to 9" in _text(page.text)
    assert 'href="#item_1"' in page.text  # the summary at the top links to the question
    assert (_checked(page.text, "item_1"), _checked(page.text, "item_2")) == ([], ["9"])
    assert _checked(page.text, "item_3") == ["4"]
    assert _nonce(page.text) == nonce  # the same form, so sending it twice still counts once
    assert _text(page.text).startswith("Error:")
    assert _stored(engine) == 0
    assert "checked" not in client.get(f"/feedback/{_link(engine)}").text  # others start blank

    fixed = form_fields((8, 9, 4), nonce)
    assert client.post(f"/feedback/{token}", data=fixed).status_code == 200
    assert [r.answers for r in stored_responses(engine)] == [Answers.of(8, 9, 4)]


@pytest.mark.parametrize(
    "long", ["0" * 65, "9" * 1000, "x" * 65], ids=["zeros", "nines", "letters"]
)
def test_an_over_long_answer_is_refused_not_stored_as_not_answered(
    client: TestClient, engine: Engine, long: str
):
    """Issue 19: an answer over 64 characters was dropped, stored as "not answered", and the
    person thanked."""
    token = _link(engine)
    nonce = _nonce(client.get(f"/feedback/{token}").text)
    page = client.post(
        f"/feedback/{token}",
        data={"item_1": long, "item_2": "9", "item_3": "4", "submission": nonce},
    )
    assert page.status_code == 422
    assert page.text.count('id="item_1-error"') == 1
    assert "Choose a number from 0 to 9" in _text(page.text)
    assert (_checked(page.text, "item_2"), _checked(page.text, "item_3")) == (["9"], ["4"])
    assert long not in page.text
    assert _stored(engine) == 0


def test_a_form_with_no_answer_at_all_is_refused(client: TestClient, engine: Engine):
    token = _link(engine)
    page = client.post(f"/feedback/{token}", data=form_fields((None, None, None), "n" * 20))
    assert page.status_code == 422
    assert "Answer at least one question" in _text(page.text)
    assert _stored(engine) == 0


def test_a_point_beyond_the_links_own_scale_is_refused(client: TestClient, engine: Engine):
    token = _link(engine, scale_max=4)
    page = client.post(f"/feedback/{token}", data=form_fields((7, 4, 4), new_submission_id()))
    assert page.status_code == 422
    assert "Choose a number from 0 to 4" in _text(page.text)
    assert (_checked(page.text, "item_1"), _checked(page.text, "item_2")) == ([], ["4"])
    assert _stored(engine) == 0


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site", "Origin": "https://elsewhere.example"},
        {"Sec-Fetch-Site": "same-site"},  # another host or port of the same site
        {"Origin": "https://elsewhere.example"},  # a browser without Sec-Fetch-Site
    ],
    ids=["cross-site", "same-site", "other-origin"],
)
def test_a_form_sent_from_another_site_is_refused_even_with_a_valid_link(
    client: TestClient, engine: Engine, headers: dict[str, str]
):
    """Issue 19: the survey took cross-site posts that carried a valid token."""
    token = _link(engine)
    fields = form_fields((9, 9, 9), _nonce(client.get(f"/feedback/{token}").text))
    page = client.post(f"/feedback/{token}", data=fields, headers=headers)
    assert page.status_code == 403
    assert "This form was sent from another website" in _text(page.text)
    assert "Nothing has been saved" in _text(page.text)
    assert page.headers["content-security-policy"] == PAGE_CSP
    assert _stored(engine) == 0
    assert client.post(f"/feedback/{token}", data=fields).status_code == 200  # from its page


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "same-origin", "Origin": "null"},  # Referrer-Policy: no-referrer
        {"Origin": "http://testserver"},
        {"Origin": "null"},  # an older browser posting to its own origin
        {},  # not a browser
    ],
    ids=["same-origin", "own-origin", "null-origin", "no-headers"],
)
def test_a_form_from_its_own_page_or_from_a_non_browser_is_taken(
    client: TestClient, engine: Engine, headers: dict[str, str]
):
    token = _link(engine)
    fields = form_fields((9, 9, 9), _nonce(client.get(f"/feedback/{token}").text))
    assert client.post(f"/feedback/{token}", data=fields, headers=headers).status_code == 200
    assert _stored(engine) == 1


def test_expired_and_unknown_links_get_clear_pages(client: TestClient, engine: Engine):
    old = NOW - dt.timedelta(days=30)
    expired = create_link(engine, consultation(date=old.date()), days=1, now=old).token
    for response in (
        client.get(f"/feedback/{expired}"),
        client.post(f"/feedback/{expired}", data=form_fields((9, 9, 9), new_submission_id())),
    ):
        assert response.status_code == 410
        assert "This survey has closed" in _text(response.text)
    unknown = "A" * 43
    for response in (
        client.get(f"/feedback/{unknown}"),
        client.post(f"/feedback/{unknown}", data=form_fields((9, 9, 9), new_submission_id())),
        client.get("/feedback/not-a-token"),
        client.get("/feedback/a/b"),
    ):
        assert response.status_code == 404
        assert "We cannot find this survey" in _text(response.text)
    assert _stored(engine) == 0


# ------------------------------------------------------------------------------------------
# The database going away


def _fail_on_response_insert(engine: Engine) -> None:
    """Make the database go away just after the link is claimed, before the response is written."""
    admin = create_engine(engine.url, isolation_level="AUTOCOMMIT")

    @event.listens_for(engine, "before_cursor_execute")
    def _go_away(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if not statement.lstrip().upper().startswith("INSERT INTO FEEDBACK_RESPONSES"):
            return
        event.remove(engine, "before_cursor_execute", _go_away)
        if engine.dialect.name == "sqlite":
            raise sqlite3.OperationalError("disk I/O error")
        pid = conn.connection.dbapi_connection.info.backend_pid
        with admin.connect() as other:
            other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})


def test_the_database_going_away_during_a_submission_keeps_the_answers_to_send_again(
    client: TestClient, engine: Engine
):
    token = _link(engine)
    fields = form_fields((9, 3, None), _nonce(client.get(f"/feedback/{token}").text))
    _fail_on_response_insert(engine)

    page = client.post(f"/feedback/{token}", data=fields)
    assert page.status_code == 503
    assert page.headers["retry-after"] == "60"
    words = _text(page.text)
    assert "your answers could not be sent" in words
    assert "Nothing has been saved yet" in words
    assert "Question 1 9 Question 2 3 Question 3 Not answered" in words
    assert _hidden(page.text) == fields  # the answers and the same nonce, ready to send again
    assert _stored(engine) == 0  # nothing half-written

    again = client.post(f"/feedback/{token}", data=_hidden(page.text))
    assert again.status_code == 200
    assert client.post(f"/feedback/{token}", data=_hidden(page.text)).status_code == 200
    assert _stored(engine) == 1
    assert [r.answers for r in stored_responses(engine)] == [Answers.of(9, 3, None)]


def test_a_database_not_there_when_the_server_starts_is_a_please_try_again(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
):
    monkeypatch.setenv(DATABASE_URL_ENV, f"sqlite:///{tmp_path / 'missing' / 'feedback.sqlite3'}")
    with TestClient(public_app(), raise_server_exceptions=False) as client:
        page = client.get(f"/feedback/{'A' * 43}")
        assert page.status_code == 503
        assert "this survey cannot be opened just now" in _text(page.text)
        assert "<form" not in page.text
        (tmp_path / "missing").mkdir()  # the database comes back: the next request uses it
        assert client.get(f"/feedback/{'A' * 43}").status_code == 404


def test_a_misconfigured_database_is_a_server_error_not_a_retry(
    monkeypatch: pytest.MonkeyPatch,
):
    monkeypatch.setenv(DATABASE_URL_ENV, "mysql://nobody@localhost/feedback")
    with TestClient(public_app(), raise_server_exceptions=False) as client:
        page = client.get(f"/feedback/{'A' * 43}")
    assert page.status_code == 500
    assert "Sorry, there is a problem" in page.text


def test_the_access_log_keeps_no_token():
    web.routes(lambda: pytest.fail("not used"))
    token = "A" * 43
    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "POST", f"/feedback/{token}", "1.1", 200), None,
    )  # fmt: skip
    for log_filter in logging.getLogger("uvicorn.access").filters:
        log_filter.filter(record)  # type: ignore[union-attr]
    assert token not in record.getMessage()
    assert '"POST /feedback/[token] HTTP/1.1" 200' in record.getMessage()


# ------------------------------------------------------------------------------------------
# Through a real server process

CLIENTS = 8
EACH = 40
CONTESTED = 20  # links that every client opens and answers at once


def _points(i: int) -> tuple[int | None, int | None, int | None]:
    return (i % 10, (i // 10) % 10, None if i % 7 == 0 else 9)


def test_concurrent_http_submissions_lose_none_and_duplicate_none(database_url: str):
    engine = connect(database_url)
    own = [(_link(engine, site=f"S{i % 5}"), _points(i)) for i in range(CLIENTS * EACH)]
    contested = [_link(engine, site=f"X{j}") for j in range(CONTESTED)]
    with survey_server(database_url) as base:
        # each client answers its own links, sending every form twice; and every client
        # answers every contested link, each with its own form
        work = [("own", token, points) for token, points in own]
        work += [("contested", token, (c, c, c)) for token in contested for c in range(CLIENTS)]
        visits, _ = in_parallel(
            base, lambda client, w: answer_survey(client, w[1], w[2], sends=2), work, CLIENTS
        )
        reused = own[0][0]
        with httpx2.Client(base_url=base) as client:
            assert open_survey(client, reused) == (410, None)
            assert send_answers(client, reused, (0, 0, 0), new_submission_id()) == 409

    own_visits = visits[: len(own)]
    assert {(v.opened, v.sent) for v in own_visits} == {(200, (200, 200))}
    by_link = [
        visits[len(own) + j * CLIENTS : len(own) + (j + 1) * CLIENTS] for j in range(CONTESTED)
    ]
    for tries in by_link:  # one form thanked (twice); every other refused on opening or on sending
        outcomes = Counter("thanked" if 200 in v.sent else "refused" for v in tries)
        assert outcomes == {"thanked": 1, "refused": CLIENTS - 1}
        assert all(v.opened == 410 or set(v.sent) <= {200, 409} for v in tries)

    assert _stored(engine) == len(own) + CONTESTED
    stored = stored_responses(engine)
    found = Counter((r.site, r.answers) for r in stored if r.site.startswith("S"))
    assert found == Counter((f"S{i % 5}", Answers.of(*p)) for i, (_, p) in enumerate(own))
    assert Counter(r.site for r in stored if r.site.startswith("X")) == {
        f"X{j}": 1 for j in range(CONTESTED)
    }
    engine.dispose()


def test_a_database_outage_through_the_server_keeps_the_answers_to_send_again():
    try:
        with temporary_postgres() as server:
            _outage_through_the_server(server)
    except PostgresUnavailable as reason:
        pytest.skip(f"PostgreSQL tests skipped: {reason}")


def _outage_through_the_server(server: PostgresServer) -> None:
    url = server.url
    engine = connect(url)
    token = _link(engine)
    with survey_server(url) as base, httpx2.Client(base_url=base) as client:
        status, nonce = open_survey(client, token)
        assert status == 200
        assert nonce is not None
        fields = form_fields((9, 9, 8), nonce)
        server.stop()
        assert open_survey(client, token) == (503, None)
        page = client.post(f"/feedback/{token}", data=fields)
        assert page.status_code == 503
        assert "your answers could not be sent" in _text(page.text)
        assert _hidden(page.text) == fields
        server.start()
        assert client.post(f"/feedback/{token}", data=_hidden(page.text)).status_code == 200
    assert _stored(engine) == 1
    assert [r.answers for r in stored_responses(engine)] == [Answers.of(9, 9, 8)]
    engine.dispose()
