"""The evaluator page's training and peer review sections (apps/training_sections.py), run by
Streamlit's AppTest on a temporary SQLite database: nothing before sign-in; signed in, coverage
by site and by clinician beside collaboRATE, peer review by site with small counts hidden, and
one clinician's reviews beside their collaboRATE."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from feedback_helpers import add_responses, sign_in_page
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from collaborate.accounts import set_password
from collaborate.database import DATABASE_URL_ENV, connect
from collaborate.peer_review import check_peer_review, record_peer_review
from collaborate.training import record_completion

pytest_plugins = ["feedback_fixtures"]  # the database fixtures

PAGE = Path(__file__).resolve().parents[2] / "apps" / "evaluator.py"
DAY = dt.date(2026, 3, 2)
#: Codes no other text on the page could contain.
TRAINED, UNTRAINED = "CLINT001", "CLINU002"
PASSWORD = "correct horse battery staple"


@pytest.fixture
def page_database(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    monkeypatch.setenv(DATABASE_URL_ENV, sqlite_url)
    st.cache_resource.clear()
    engine = connect(sqlite_url)
    set_password(engine, "evaluator", PASSWORD)
    yield engine
    engine.dispose()
    st.cache_resource.clear()


def _train(engine: Engine, clinician: str, module: str = "general") -> None:
    record_completion(
        engine,
        clinician_code=clinician,
        site_code="S1",
        module=module,
        score=5,
        out_of=5,
        completed_at=DAY,
    )


def _review(engine: Engine, clinician: str, site: str, items: tuple[int, ...]) -> None:
    review = check_peer_review(
        reviewer="R7654321",
        clinician=clinician,
        site=site,
        review_date=DAY,
        observed="in_person",
        items=items,
        feedback="Clear options.",
    )
    record_peer_review(engine, review)


def _fill(engine: Engine) -> None:
    """Site S1: 12 clinicians, 11 with the module; 11 reviews at S1 and 2 at S2."""
    _train(engine, TRAINED)
    _train(engine, TRAINED, "af-anticoagulation")
    for n in range(10):
        _train(engine, f"OTHER{n:02}")
    add_responses(engine, 30, (9, 9, 9), clinician=TRAINED, site="S1")
    add_responses(engine, 12, (5, 5, 5), clinician=UNTRAINED, site="S1")
    for _ in range(11):
        _review(engine, TRAINED, "S1", (2, 2, 2, 2, 2))  # 10 of 20: 50
    _review(engine, "CLINS003", "S2", (4, 4, 4, 4, 4))
    _review(engine, "CLINS003", "S2", (4, 4, 4, 4, 4))


def _signed_in(monkeypatch: pytest.MonkeyPatch, engine: Engine) -> AppTest:
    sign_in_page(monkeypatch, engine, PASSWORD)
    return AppTest.from_file(str(PAGE), default_timeout=60).run()


def _table(at: AppTest, first_column: str) -> dict[str, dict[str, str]]:
    """The table whose first column is ``first_column``, as rows by that column."""
    for table in at.table:
        frame = table.value
        if frame.columns[0] == first_column and first_column in frame:
            return {str(k): row.to_dict() for k, row in frame.set_index(first_column).iterrows()}
    raise AssertionError(f"no table starting with {first_column!r}")


def test_nothing_of_training_is_shown_before_sign_in(page_database: Engine):
    _fill(page_database)
    at = AppTest.from_file(str(PAGE), default_timeout=60).run()
    assert not at.exception
    assert len(at.table) == 0
    assert "Training and peer review" not in [h.value for h in at.header]


def test_signed_in_coverage_by_site_and_clinician_and_reviews_by_site(
    page_database: Engine, monkeypatch: pytest.MonkeyPatch
):
    _fill(page_database)
    at = _signed_in(monkeypatch, page_database)
    assert not at.exception
    assert "Training and peer review" in [h.value for h in at.header]

    sites = _table(at, "site")
    # S1: 12 clinicians (TRAINED, 10 others, UNTRAINED), 11 with the module, 1 without; S2: 1
    # clinician (reviewed there), without it; all sites: 13, 11 and 2. Every count from 1 to 9 is
    # hidden (S1's 1 without; S2's 1 and 1 without; the 2 without in all), and with them every
    # count that would give one back by subtraction: only the 13 and S2's 0 are left.
    hidden = "[c]"
    assert [
        (s, r["clinicians"], r["module done"], r["module not done"]) for s, r in sites.items()
    ] == [
        ("All sites", "13", hidden, hidden),
        ("S1", hidden, hidden, hidden),
        ("S2", hidden, "0", hidden),
    ]

    clinicians = _table(at, "clinician")
    assert clinicians[TRAINED]["general module"] == "2026-03-02 (5/5)"
    assert clinicians[TRAINED]["aid self-checks done"] == "1"
    assert clinicians[TRAINED]["collaboRATE responses 0-9"] == "30"
    assert clinicians[UNTRAINED]["general module"] == "not done"
    assert clinicians[UNTRAINED]["top score % 0-9 (95% CI)"] == "[u]"

    reviews = [t for t in at.table if "peer reviews" in t.value.columns]
    (by_site,) = reviews
    shown = by_site.value.set_index("site")
    # S2's 2 reviews are hidden; S1's 11 too, or 13 - 11 would give the 2 back.
    assert shown.loc["S2", "peer reviews"] == "[c]"
    assert shown.loc["S1", "peer reviews"] == "[c]"
    # (11 x 50 + 2 x 100) / 13 = 750 / 13 = 57.69...
    assert shown.loc["All sites", "mean OPTION-5 (0-100)"] == "57.7"
    assert any(w.value.startswith("Provisional.") for w in at.warning)


def test_one_clinicians_reviews_beside_their_collaborate(
    page_database: Engine, monkeypatch: pytest.MonkeyPatch
):
    _fill(page_database)
    at = _signed_in(monkeypatch, page_database)
    [choose] = [s for s in at.selectbox if s.label == "Clinician"]
    choose.select(TRAINED).run()
    assert not at.exception
    reviews = _table(at, "consultation")
    assert reviews["2026-03-02"]["OPTION-5 (0-100)"] == "50"
    assert reviews["2026-03-02"]["feedback"] == "Clear options."
    scores = [t.value for t in at.table if "group" in t.value.columns]
    theirs = scores[-1].set_index("group")
    assert theirs.loc["All", "responses"] == "30"
    assert theirs.loc["All", "top score % (95% CI)"].startswith("100.0 (")


def test_training_is_shown_before_any_collaborate_response(
    page_database: Engine, monkeypatch: pytest.MonkeyPatch
):
    _train(page_database, TRAINED)
    at = _signed_in(monkeypatch, page_database)
    assert not at.exception
    assert [i.value for i in at.info] == ["No responses or decisions are recorded yet."]
    assert _table(at, "clinician")[TRAINED]["general module"] == "2026-03-02 (5/5)"
