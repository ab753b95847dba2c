"""The peer review form (apps/peer_review.py), run by Streamlit's AppTest on a temporary SQLite
database: a refused form says beside each field what to fix and stores nothing; a complete form
is stored and its score confirmed; the measure's provisional terms are shown."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from collaborate.database import DATABASE_URL_ENV, connect
from collaborate.observer import load_observer
from collaborate.peer_review import reviews_of

pytest_plugins = ["feedback_fixtures"]  # the database fixtures

PAGE = Path(__file__).resolve().parents[2] / "apps" / "peer_review.py"
DAY = dt.date(2026, 3, 2)


@pytest.fixture
def page_database(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    monkeypatch.setenv(DATABASE_URL_ENV, sqlite_url)
    st.cache_resource.clear()  # the page's engine comes from the environment, once per process
    engine = connect(sqlite_url)
    yield engine
    engine.dispose()
    st.cache_resource.clear()


def _page() -> AppTest:
    return AppTest.from_file(str(PAGE), default_timeout=60).run()


def _fill(at: AppTest, clinician: str = "C1234567") -> AppTest:
    at.text_input(key="reviewer").input("R7654321")
    at.text_input(key="clinician").input(clinician)
    at.text_input(key="site").input("Y02345")
    at.date_input(key="review_date").set_value(DAY)
    at.radio(key="observed").set_value("recording")
    for item, point in zip(load_observer().items, (2, 1, 3, 0, 4), strict=True):
        at.radio(key=item.id).set_value(point)
    at.text_area(key="feedback").input("You offered both options clearly.")
    return at


def _save(at: AppTest) -> AppTest:
    at.button[0].click()
    return at.run()


def test_the_page_shows_that_the_measure_is_provisional(page_database: Engine):
    at = _page()
    assert not at.exception
    measure = load_observer()
    assert [w.value for w in at.warning] == [f"Provisional. {measure.licence.summary}"]
    assert measure.notice in [c.value for c in at.caption]
    labels = [r.label for r in at.radio]
    assert labels[1] == f"Item 1 (team talk): {measure.items[0].label}"
    assert len(labels) == 6  # how it was seen, and the five items


def test_an_empty_form_says_what_each_field_needs_and_stores_nothing(page_database: Engine):
    at = _save(_page())
    assert not at.exception
    errors = [e.value for e in at.error]
    assert errors[0] == "Enter your own code as the reviewer, such as your GMC or NMC number."
    assert "Score item 5, from 0 to 4." in errors
    assert len(errors) == 10  # three codes, the date, how it was seen, five items
    assert reviews_of(page_database, "C1234567") == []


def test_the_reviewer_cannot_review_themselves(page_database: Engine):
    at = _save(_fill(_page(), clinician="R7654321"))
    (error,) = [e.value for e in at.error]
    assert "the reviewer's code is the same as the clinician's" in error
    assert reviews_of(page_database, "R7654321") == []


def test_a_complete_form_is_stored_and_its_score_confirmed(page_database: Engine):
    at = _save(_fill(_page()))
    assert not at.exception
    assert not at.error
    # 2 + 1 + 3 + 0 + 4 = 10 of 20; 10 x 100 / 20 = 50
    assert [s.value for s in at.success] == [
        "Saved the review of C1234567: 10 of 20, 50 on the 0 to 100 scale."
    ]
    (stored,) = reviews_of(page_database, "C1234567")
    assert (stored.reviewer, stored.site, stored.review_date, stored.observed) == (
        "R7654321",
        "Y02345",
        DAY,
        "recording",
    )
    assert stored.items == (2, 1, 3, 0, 4)
    assert stored.feedback == "You offered both options clearly."
    assert at.text_input(key="clinician").value == ""  # the form is ready for the next review
