"""The survey form's logic: what to show, and a submitted form read into answers or errors."""

from __future__ import annotations

import pytest
from feedback_helpers import consultation

from collaborate.form import SUBMISSION_FIELD, parse_form, survey_form
from collaborate.instrument import load_instrument
from collaborate.responses import Answers, new_submission_id


def test_the_form_shows_the_links_version_and_scale_with_the_licence():
    form = survey_form(consultation(respondent="parent", scale_max=4))
    instrument = load_instrument()
    assert form.items == instrument.version("parent").items
    assert form.scale == instrument.scale(4)
    assert form.provisional
    assert instrument.licence.name in form.notice
    assert instrument.licence.url in form.notice


def test_a_complete_form():
    nonce = new_submission_id()
    parsed = parse_form({"item_1": "9", "item_2": " 0 ", "item_3": "4", SUBMISSION_FIELD: nonce}, 9)
    assert parsed.errors == {}
    assert parsed.answers == Answers.of(9, 0, 4)
    assert parsed.submission_id == nonce


def test_unanswered_questions_are_allowed():
    parsed = parse_form({"item_1": "", "item_3": "9"}, 9)
    assert parsed.answers == Answers.of(None, None, 9)
    assert parsed.values == {"item_1": "", "item_2": "", "item_3": "9"}


@pytest.mark.parametrize(
    "bad",
    ["10", "-1", "9.0", "nine", "٣", "1e1", "=1+1", "0" * 65, "0" * 5000, "x" * 65],
    ids=lambda bad: bad if len(bad) < 10 else f"{bad[0]} x {len(bad)}",
)
def test_a_bad_value_gets_a_message_beside_it_and_the_other_answers_are_kept(bad: str):
    parsed = parse_form({"item_1": "7", "item_2": bad, "item_3": "8"}, 9)
    assert parsed.answers is None
    assert parsed.errors == {"item_2": "Choose a number from 0 to 9, or leave this question blank."}
    assert parsed.values == {"item_1": "7", "item_2": "", "item_3": "8"}


def test_the_scale_of_the_link_decides_what_is_valid():
    assert parse_form({"item_1": "5", "item_2": "4", "item_3": "4"}, 4).errors == {
        "item_1": "Choose a number from 0 to 4, or leave this question blank."
    }


def test_an_empty_form_asks_for_at_least_one_answer():
    parsed = parse_form({SUBMISSION_FIELD: new_submission_id()}, 9)
    assert parsed.answers is None
    assert "at least one question" in parsed.errors["item_1"]


def test_a_tampered_submission_id_is_ignored_not_trusted():
    parsed = parse_form({"item_1": "1", SUBMISSION_FIELD: "<script>"}, 9)
    assert parsed.answers == Answers.of(1, None, None)
    assert parsed.submission_id is None
