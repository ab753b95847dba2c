"""Submitting answers: once per link, in one transaction, idempotent on resubmission."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from feedback_helpers import NOW, answered_links, cell_totals, consultation, count
from sqlalchemy import Engine, func, select

from collaborate._tables import cells, responses
from collaborate.database import transaction
from collaborate.errors import AnsweredLink, ExpiredLink, UnknownLink
from collaborate.links import create_link
from collaborate.responses import (
    Answers,
    Mode,
    new_submission_id,
    stored_responses,
    submit_response,
)

pytest_plugins = ["feedback_fixtures"]  # the database fixtures


def test_a_response_is_stored_with_its_consultation_and_no_link(engine: Engine):
    link = create_link(engine, consultation(respondent="parent"), now=NOW)
    receipt = submit_response(engine, link.token, Answers.of(9, 8, None), mode=Mode.TABLET, now=NOW)
    assert not receipt.already_recorded
    [stored] = stored_responses(engine)
    assert (stored.clinician, stored.site, stored.aid, stored.month) == (
        "C1234567", "Y02345", "af-anticoagulation", "2026-03",
    )  # fmt: skip
    assert (stored.respondent, stored.scale_max, stored.mode) == ("parent", 9, "tablet")
    assert stored.answers == Answers.of(9, 8, None)
    assert "token" not in " ".join(c.name for c in responses.columns)


def test_a_reused_link_is_refused_and_writes_nothing(engine: Engine):
    link = create_link(engine, consultation(), now=NOW)
    submit_response(
        engine, link.token, Answers.of(9, 9, 9), submission_id=new_submission_id(), now=NOW
    )
    for submission_id in (None, new_submission_id()):
        with pytest.raises(AnsweredLink):
            submit_response(
                engine, link.token, Answers.of(0, 0, 0), submission_id=submission_id, now=NOW
            )
    assert count(engine, responses) == 1
    assert [r.answers for r in stored_responses(engine)] == [Answers.of(9, 9, 9)]


def test_resubmitting_the_same_form_is_idempotent(engine: Engine):
    link = create_link(engine, consultation(), now=NOW)
    nonce = new_submission_id()
    first = submit_response(engine, link.token, Answers.of(7, 8, 9), submission_id=nonce, now=NOW)
    again = submit_response(engine, link.token, Answers.of(7, 8, 9), submission_id=nonce, now=NOW)
    later = NOW + dt.timedelta(days=60)  # even after the link's expiry
    late = submit_response(engine, link.token, Answers.of(7, 8, 9), submission_id=nonce, now=later)
    assert (first.already_recorded, again.already_recorded, late.already_recorded) == (
        False,
        True,
        True,
    )
    assert count(engine, responses) == 1
    assert cell_totals(engine) == 1


def test_expired_and_unknown_links_write_nothing(engine: Engine):
    link = create_link(engine, consultation(), days=1, now=NOW)
    with pytest.raises(ExpiredLink):
        submit_response(engine, link.token, Answers.of(9, 9, 9), now=NOW + dt.timedelta(days=1))
    with pytest.raises(UnknownLink):
        submit_response(engine, link.token[::-1], Answers.of(9, 9, 9), now=NOW)
    assert count(engine, responses) == answered_links(engine) == cell_totals(engine) == 0


def test_answers_off_the_links_scale_roll_the_whole_submission_back(engine: Engine):
    link = create_link(engine, consultation(scale_max=4), now=NOW)
    with pytest.raises(ValueError, match="from 0 to 4"):
        submit_response(engine, link.token, Answers.of(4, 9, 0), now=NOW)
    assert count(engine, responses) == answered_links(engine) == 0
    submit_response(engine, link.token, Answers.of(4, 3, 0), now=NOW)  # the link is still open
    assert count(engine, responses) == 1


def test_the_database_refuses_off_scale_answers_too(engine: Engine):
    """The CHECK constraints hold even for a writer that bypasses the library."""
    from sqlalchemy import exc, insert

    row = {
        "clinician": "C1", "site": "S1", "aid": "a", "consultation_date": NOW.date(),
        "month": "2026-03", "respondent": "patient", "scale_max": 4, "mode": "online",
        "item_1": 5, "item_2": 0, "item_3": 0,
    }  # fmt: skip
    with pytest.raises(exc.IntegrityError), transaction(engine, write=True) as connection:
        connection.execute(insert(responses).values(**row))


@pytest.mark.parametrize(
    "values",
    [
        {"item_1": 1},
        {"item_1": 1, "item_2": 2, "item_3": -1},
        {"item_1": True, "item_2": 1, "item_3": 1},
    ],
)
def test_answers_are_checked(values: dict[str, object]):
    with pytest.raises(ValueError, match=r"answers need exactly|whole number"):
        Answers(values)  # type: ignore[arg-type]


def test_submission_ids_are_checked(engine: Engine):
    link = create_link(engine, consultation(), now=NOW)
    with pytest.raises(ValueError, match="new_submission_id"):
        submit_response(engine, link.token, Answers.of(1, 2, 3), submission_id="short", now=NOW)


def test_running_sums_match_the_responses(engine: Engine):
    """The cells that reports read agree with a count over the stored responses."""
    answers = [(9, 9, 9), (9, 9, 8), (0, 5, None), (None, None, 3), (9, 9, 9), (1, 2, 3)]
    for i, points in enumerate(answers):
        about = consultation(clinician=f"C{i % 2}", date=dt.date(2026, 1 + i % 3, 1))
        link = create_link(engine, about, now=NOW)
        submit_response(engine, link.token, Answers.of(*points), mode=list(Mode)[i % 4], now=NOW)

    expected: Counter[tuple[object, ...]] = Counter()
    for r in stored_responses(engine):
        key = (r.scale_max, r.clinician, r.site, r.aid, r.month, r.mode, r.respondent)
        points = list(r.answers.values.values())
        complete = None not in points
        total = sum(points) if complete else 0  # type: ignore[arg-type]
        expected[(*key, "responses")] += 1
        expected[(*key, "complete")] += complete
        expected[(*key, "top")] += complete and set(points) == {9}
        expected[(*key, "total_sum")] += total
        expected[(*key, "total_squares")] += total * total
    with transaction(engine, write=False) as connection:
        rows = connection.execute(select(cells)).all()
    found: Counter[tuple[object, ...]] = Counter()
    for row in rows:
        key = (row.scale_max, row.clinician, row.site, row.aid, row.month, row.mode, row.respondent)
        for name in ("responses", "complete", "top", "total_sum", "total_squares"):
            found[(*key, name)] += getattr(row, name)
    assert +found == +expected
    with transaction(engine, write=False) as connection:
        assert connection.execute(select(func.count()).select_from(cells)).scalar_one() == 6
