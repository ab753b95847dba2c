"""The evaluator's way in, in a real Chromium: sign in on the server's page, a reload keeps the
sign-in (issue 12: it used to sign the evaluator out), the downloads come only with it, and
signing out ends it. The server runs on its own SQLite file with an evaluator account.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from support.browser import DESKTOP, PHONE, serious_violations

from collaborate.accounts import set_password
from collaborate.database import DATABASE_URL_ENV, connect
from collaborate.links import Consultation, create_link
from collaborate.responses import Answers, submit_response
from tools.background import running_server

PASSWORD = "correct horse battery staple"
SCORES = "/evaluator/exports/collaborate-scores-by-clinician.csv?by=clinician"
WAIT_MS = 60_000


@pytest.fixture(scope="module")
def evaluator_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('evaluator') / 'feedback.sqlite3'}"
    engine = connect(url)
    set_password(engine, "evaluator", PASSWORD)
    about = Consultation("CLINA001", "Y02345", "af-anticoagulation", dt.date(2026, 3, 10))
    for _ in range(12):
        submit_response(engine, create_link(engine, about).token, Answers.of(9, 9, 9))
    engine.dispose()
    with running_server(env={DATABASE_URL_ENV: url}) as base:
        yield base


@pytest.fixture
def page(browser: Any, evaluator_url: str) -> Iterator[Any]:
    context = browser.new_context(viewport=DESKTOP, base_url=evaluator_url)
    yield context.new_page()
    context.close()


def _signed_in(page: Any) -> Any:
    return page.get_by_text("Signed in as evaluator")


def test_the_sign_in_page_passes_axe(browser: Any, evaluator_url: str, axe_source: str) -> None:
    for viewport in (PHONE, DESKTOP):
        context = browser.new_context(viewport=viewport, base_url=evaluator_url, bypass_csp=True)
        visit = SimpleNamespace(page=context.new_page())  # what serious_violations reads
        page = visit.page
        page.goto("/evaluator/sign-in")
        assert serious_violations(visit, axe_source) == []
        page.get_by_label("Password").fill("wrong password")
        page.get_by_role("button", name="Sign in").click()
        page.get_by_text("do not match an evaluator account").first.wait_for()
        assert serious_violations(visit, axe_source) == []
        context.close()


def test_a_sign_in_survives_a_reload_gives_the_downloads_and_signs_out(page: Any) -> None:
    page.goto("/evaluation")
    page.get_by_role("link", name="Sign in").wait_for(timeout=WAIT_MS)
    assert page.request.get(SCORES).status == 401

    page.goto("/evaluator/sign-in")
    page.get_by_label("Username").fill("evaluator")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/evaluation")
    _signed_in(page).wait_for(timeout=WAIT_MS)

    page.reload()
    _signed_in(page).wait_for(timeout=WAIT_MS)  # still signed in
    link = page.get_by_role("link", name="Scores by clinician (CSV)")
    link.wait_for(timeout=WAIT_MS)
    assert link.get_attribute("href").startswith("/evaluator/exports/")
    got = page.request.get(SCORES)  # the browser's own cookies
    assert got.status == 200
    assert "CLINA001,12" in got.text()

    page.goto("/evaluator/sign-out")
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("heading", name="You have signed out").wait_for()
    assert page.request.get(SCORES).status == 401
    page.goto("/evaluation")
    page.get_by_role("link", name="Sign in").wait_for(timeout=WAIT_MS)
    assert _signed_in(page).count() == 0
