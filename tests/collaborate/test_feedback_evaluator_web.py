"""The evaluator's sign-in, sign-out and downloads on the server's own routes.

Issue 19: the CSV behind the dashboard's download button was fetched at ``/media/<hex>.csv`` by
a client with no session; 15 wrong passwords at 5 a second, then the right one, still signed in.
Issue 12: a reload signed the evaluator out. Here the routes run in-process (Starlette's
TestClient) on both databases, and in two real server processes reached by a real HTTP client.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from types import SimpleNamespace

import httpx2
import pytest
from feedback_helpers import add_responses
from sqlalchemy import Engine
from starlette.applications import Starlette
from starlette.testclient import TestClient
from streamlit.web.server.server_util import get_cookie_secret
from streamlit.web.server.starlette.starlette_app_utils import create_signed_value

from collaborate import dashboard, evaluator_web
from collaborate.accounts import COOKIE, set_password
from collaborate.aggregates import Filters
from collaborate.database import DATABASE_URL_ENV, connect
from collaborate.evaluator_web import routes
from tools.background import running_server

pytest_plugins = ["feedback_fixtures"]  # the database fixtures

PASSWORD = "correct horse battery staple"
SCORES = "/evaluator/exports/collaborate-scores-by-site.csv?by=site"
FHIR = "/evaluator/exports/collaborate-fhir-bundle.json?by=site"


def _filled(engine: Engine) -> Engine:
    add_responses(engine, 30, (9, 9, 9), site="A")
    add_responses(engine, 12, (9, 8, 9), site="B")
    set_password(engine, "evaluator", PASSWORD)
    return engine


@pytest.fixture
def client(engine: Engine) -> Iterator[TestClient]:
    _filled(engine)
    app = Starlette(routes=routes(lambda: engine))
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as c:
        yield c


def _sign_in(client: TestClient | httpx2.Client, password: str = PASSWORD) -> int:
    sent = client.post("/evaluator/sign-in", data={"username": "evaluator", "password": password})
    return sent.status_code


def test_downloads_need_a_sign_in(client: TestClient):
    for address in (SCORES, FHIR, "/evaluator/exports/collaborate-decisions.csv"):
        refused = client.get(address)
        assert refused.status_code == 401
        assert "Sign in to download" in refused.text
        assert "30" not in refused.text
    assert _sign_in(client) == 303
    got = client.get(SCORES)
    assert got.status_code == 200
    assert got.headers["content-type"].startswith("text/csv")
    assert got.headers["cache-control"] == "no-store"
    assert (
        got.headers["content-disposition"]
        == 'attachment; filename="collaborate-scores-by-site.csv"'
    )
    rows = list(csv.DictReader(io.StringIO(got.text)))
    assert [(r["group"], r["responses"]) for r in rows] == [("All", "42"), ("A", "30"), ("B", "12")]
    filtered = client.get(SCORES + "&site=B")
    assert [r["responses"] for r in csv.DictReader(io.StringIO(filtered.text))] == ["12", "12"]
    bundle = client.get(FHIR).json()
    assert bundle["resourceType"] == "Bundle"
    assert client.get("/evaluator/exports/other.csv").status_code == 404
    assert client.get(SCORES + "&from=March").status_code == 400


def test_the_sign_in_cookie_is_http_only_strict_and_ends_on_sign_out(client: TestClient):
    sent = client.post("/evaluator/sign-in", data={"username": "evaluator", "password": PASSWORD})
    assert sent.headers["location"] == "/evaluation"
    cookie = sent.headers["set-cookie"]
    for part in ("HttpOnly", "SameSite=strict", "Secure", "Max-Age=28800", "Path=/"):
        assert part in cookie  # 8 hours = 28,800 s
    assert client.get("/evaluator/sign-out").status_code == 200  # a button, nothing else
    assert client.get(SCORES).status_code == 200
    out = client.post("/evaluator/sign-out")
    assert "You have signed out" in out.text
    assert client.get(SCORES).status_code == 401


def test_a_wrong_password_then_a_visible_lockout(client: TestClient):
    assert _sign_in(client, "wrong") == 401
    for _ in range(4):
        last = client.post("/evaluator/sign-in", data={"username": "evaluator", "password": "x"})
    assert last.status_code == 429  # the 5th wrong password
    assert int(last.headers["retry-after"]) in range(1, 31)
    assert "locked until" in last.text
    assert _sign_in(client) == 429  # the right password, while locked
    assert client.get(SCORES).status_code == 401


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://elsewhere.example", "Sec-Fetch-Site": "cross-site"},
        {"Origin": "null", "Sec-Fetch-Site": "same-site"},
        {"Origin": "https://elsewhere.example"},  # a browser that sends no Sec-Fetch-Site
    ],
)
def test_a_post_from_another_site_is_refused(client: TestClient, headers: dict[str, str]):
    fields = {"username": "evaluator", "password": PASSWORD}
    sent = client.post("/evaluator/sign-in", data=fields, headers=headers)
    assert sent.status_code == 403
    assert COOKIE not in sent.headers.get("set-cookie", "")
    # Chromium's own post from our page (whose referrer policy makes the origin "null")
    ours = {"Origin": "null", "Sec-Fetch-Site": "same-origin"}
    assert client.post("/evaluator/sign-in", data=fields, headers=ours).status_code == 303


def test_download_links_carry_the_filters_and_read_back():
    shown = dashboard.Report(
        by="clinician",
        filters=Filters(
            clinicians=("C1", "C 2"), first_month="2026-01", last_month="2026-03", scale_max=4
        ),
        rules=dashboard.Rules(),
        tables=[],
        months=[],
        decisions=[],
    )
    links = dashboard.export_links(shown)
    assert [label for label, _ in links] == [
        "Scores by clinician (CSV)", "Decisions and their cost (CSV)", "Responses as FHIR R4 (JSON)",
    ]  # fmt: skip
    url = httpx2.URL(links[0][1])
    assert url.path == "/evaluator/exports/collaborate-scores-by-clinician.csv"
    assert dashboard.read_export_query(url.query.decode()) == ("clinician", shown.filters)


# ------------------------------------------------------------------------------------------
# Two real server processes on one database, reached by a real HTTP client


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('servers') / 'feedback.sqlite3'}"
    engine = _filled(connect(url))
    engine.dispose()
    env = {DATABASE_URL_ENV: url}
    with running_server(env=env) as first, running_server(env=env) as second:
        yield first, second


def test_without_a_session_no_server_gives_a_download(two_servers: tuple[str, str]):
    for base in two_servers:
        with httpx2.Client(base_url=base) as anonymous:
            for address in (SCORES, FHIR):
                refused = anonymous.get(address)
                assert refused.status_code == 401
                assert "Y02345" not in refused.text
                assert "QuestionnaireResponse" not in refused.text


def test_a_sign_in_holds_across_processes_and_guesses_lock_both(two_servers: tuple[str, str]):
    first, second = two_servers
    with httpx2.Client(base_url=first) as one, httpx2.Client(base_url=second) as two:
        assert _sign_in(one) == 303
        token = one.cookies[COOKIE]
        two.cookies.set(COOKIE, token)  # the same browser, its next request served elsewhere
        assert two.get(SCORES).status_code == 200
        # 15 wrong guesses as fast as they go (the 5 a second, or faster), alternating
        # between the processes; then the right one
        statuses = [_sign_in((one, two)[i % 2], f"guess {i}") for i in range(15)]
        assert statuses[:4] == [401] * 4
        assert set(statuses[4:]) == {429}
        assert _sign_in(one) == 429
        assert _sign_in(two) == 429
        assert two.get(SCORES).status_code == 200  # a session already made still holds


# ------------------------------------------------------------------------------------------
# Where OpenID Connect is the method, downloads go to whom Streamlit's own sign-in names

OIDC = {"auth": {"redirect_uri": "https://testserver/oauth2callback", "cookie_secret": "s"}}


def _streamlit_user_cookie(origin: str, secret: str | None = None) -> str:
    """Streamlit's signed sign-in cookie, as its OpenID Connect callback sets it."""
    payload = json.dumps({"origin": origin, "is_logged_in": True, "email": "eve@nhs.example"})
    signed = create_signed_value(secret or get_cookie_secret(), "_streamlit_user", payload)
    return signed.decode("latin-1")


def test_streamlits_sign_in_cookie_is_read_as_streamlit_reads_it():
    cookie = _streamlit_user_cookie("https://testserver")
    user = dashboard.oidc_user({"_streamlit_user": cookie}, "https://testserver/")
    assert user == {"is_logged_in": True, "email": "eve@nhs.example"}
    forged = _streamlit_user_cookie("https://testserver", secret="not the server's secret")
    assert dashboard.oidc_user({"_streamlit_user": forged}, "https://testserver/") == {}
    assert dashboard.oidc_user({"_streamlit_user": cookie}, "https://elsewhere.example/") == {}
    assert dashboard.oidc_user({}, "https://testserver/") == {}


def test_with_openid_connect_downloads_need_streamlits_sign_in(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
):
    assert _sign_in(client) == 303  # a local session, which does not count under OIDC
    monkeypatch.setattr(evaluator_web, "st", SimpleNamespace(secrets=OIDC))
    monkeypatch.setattr(dashboard, "find_spec", lambda name: object())  # as if Authlib were here
    assert client.get(SCORES).status_code == 401
    client.cookies.set("_streamlit_user", _streamlit_user_cookie("https://testserver"))
    assert client.get(SCORES).status_code == 200
