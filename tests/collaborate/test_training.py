"""The training record (collaborate.training) and the evaluator's coverage tables
(collaborate.training_report), on SQLite and PostgreSQL. Expected figures are worked by hand in
each test."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from feedback_helpers import add_responses
from sqlalchemy import Engine

from collaborate.aggregates import Filters
from collaborate.decisions import record_decision
from collaborate.training import (
    GENERAL_MODULE,
    Completion,
    Who,
    clinician_sites,
    completions,
    record_completion,
)
from collaborate.training_report import (
    clinician_cells,
    clinician_rows,
    coverage,
    coverage_cells,
)

pytest_plugins = ["feedback_fixtures"]  # the database fixtures

DAY = dt.date(2026, 3, 1)
AID, OTHER_AID = "af-anticoagulation", "statins-primary-prevention"


def _done(engine: Engine, clinician: str, site: str, module: str = GENERAL_MODULE, **more: object):
    fields: dict[str, object] = {"score": 4, "out_of": 5, "completed_at": DAY}
    fields.update(more)
    return record_completion(
        engine, clinician_code=clinician, site_code=site, module=module, **fields
    )  # type: ignore[arg-type]


def _seen(engine: Engine, clinician: str, site: str) -> None:
    """A clinician known at a site without any training: one decision recorded there."""
    record_decision(engine, aid=AID, option=None, site=site, clinician=clinician, date=DAY)


def test_a_completion_is_stored_by_codes_with_date_and_score(engine: Engine):
    stored = _done(engine, "C1234567", "Y02345", AID, score=3, out_of=6)
    assert stored == Completion("C1234567", "Y02345", AID, DAY, 3, 6)
    _done(engine, "C1234567", "Y02345")
    assert completions(engine) == [stored, Completion("C1234567", "Y02345", "general", DAY, 4, 5)]
    assert completions(engine, Who(clinicians=("someone else",))) == []


def test_a_datetime_is_taken_as_its_day_in_utc(engine: Engine):
    late_evening_in_new_york = dt.datetime(
        2026, 3, 1, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5))
    )
    assert _done(engine, "C1", "Y1", completed_at=late_evening_in_new_york).completed_on == dt.date(
        2026, 3, 2
    )  # 23:30 at UTC-5 is 04:30 UTC the next day


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"clinician": "9434765919"}, "looks like an NHS number"),
        ({"site": "no spaces allowed"}, "the site code 'no spaces allowed' is not a code"),
        ({"module": "Not A Slug"}, "is not an aid's slug"),
        ({"score": 6}, r"the score must be from 0 to 5 \(out_of\); got 6"),
        ({"score": -1}, "the score must be from 0 to 5"),
        ({"score": True}, "the score must be a whole number"),
        ({"score": 2.5}, "the score must be a whole number"),
        ({"out_of": 0}, "at least one question; out_of was 0"),
        ({"completed_at": dt.date(2999, 1, 1)}, "is after today"),
    ],
)
def test_a_bad_completion_is_refused_saying_what_to_fix(
    engine: Engine, changes: dict[str, object], message: str
):
    fields: dict[str, object] = {
        "clinician": "C1",
        "site": "Y1",
        "module": GENERAL_MODULE,
        "score": 4,
        "out_of": 5,
        "completed_at": DAY,
    }
    fields.update(changes)
    with pytest.raises(ValueError, match=message):
        record_completion(
            engine,
            clinician_code=fields.pop("clinician"),  # type: ignore[arg-type]
            site_code=fields.pop("site"),  # type: ignore[arg-type]
            **fields,  # type: ignore[arg-type]
        )
    assert completions(engine) == []


def test_the_edges_of_what_is_accepted(engine: Engine):
    assert _done(engine, "C1", "Y1", score=0, out_of=1).score == 0  # nothing right, one question
    assert _done(engine, "C1", "Y1", score=1, out_of=1).score == 1  # all right
    today = dt.datetime.now(dt.UTC).date()
    assert _done(engine, "C1", "Y1", completed_at=None).completed_on == today
    assert _done(engine, "C1", "Y1", completed_at=today).completed_on == today


def test_clinicians_are_known_from_every_table(engine: Engine):
    add_responses(engine, 1, (9, 9, 9), clinician="A", site="S1")
    _seen(engine, "B", "S1")
    _done(engine, "C", "S2")
    assert clinician_sites(engine) == [("A", "S1"), ("B", "S1"), ("C", "S2")]
    assert clinician_sites(engine, Who(sites=("S1",))) == [("A", "S1"), ("B", "S1")]


def test_coverage_by_site_when_every_count_may_be_shown(engine: Engine):
    for n in range(12):  # S1: 12 clinicians, all with the module done
        _done(engine, f"S1C{n:02}", "S1")
    for n in range(10):  # S2: 10 clinicians, none with it
        _seen(engine, f"S2C{n:02}", "S2")
        _done(engine, f"S2C{n:02}", "S2", AID)  # an aid's self-check is not the module
    found = coverage(engine)
    assert [(r.site, r.clinicians, r.module_done, r.module_not_done) for r in found.sites] == [
        ("S1", 12, 12, 0),
        ("S2", 10, 0, 10),
    ]
    assert (found.overall.clinicians, found.overall.module_done) == (22, 12)
    cells = {row["site"]: row for row in coverage_cells(found)}
    assert cells["S1"]["share with the module done"] == "100%"  # 12 / 12
    assert cells["S2"]["share with the module done"] == "0%"  # 0 / 10
    assert cells["All sites"]["share with the module done"] == "55%"  # 12 / 22 = 54.5%


def test_with_nobody_there_is_no_share_and_nothing_hidden(engine: Engine):
    (overall,) = coverage_cells(coverage(engine))
    assert overall == {
        "site": "All sites",
        "clinicians": "0",
        "module done": "0",
        "module not done": "0",
        "share with the module done": "-",
    }


def test_coverage_hides_small_counts_and_what_would_reveal_them(engine: Engine):
    for n in range(12):
        _done(engine, f"T{n:02}", "S1")
    for n in range(3):
        _seen(engine, f"U{n:02}", "S1")
    found = coverage(engine)
    # S1: 15 clinicians = 12 done + 3 not done. The 3 is hidden; 15 - 12 would give it back, so
    # the smaller of the others (12, "done") is hidden too. The overall row is the same site.
    for row in (found.overall, *found.sites):
        assert (row.clinicians, row.module_done, row.module_not_done) == (15, None, None)
        assert row.share is None
    text = json.dumps(coverage_cells(found))
    assert '"3"' not in text
    assert '"12"' not in text
    assert "[c]" in text


def test_by_clinician_the_latest_module_the_aids_done_and_collaborate(engine: Engine):
    _done(engine, "A", "S1", completed_at=dt.date(2026, 1, 5), score=2)
    _done(engine, "A", "S1", completed_at=DAY, score=5)  # a retake, the latest
    _done(engine, "A", "S1", AID)
    _done(engine, "A", "S1", AID)  # the same aid twice counts once
    _done(engine, "A", "S1", OTHER_AID)
    add_responses(engine, 30, (9, 9, 9), clinician="A", site="S1")
    add_responses(engine, 12, (5, 5, 5), clinician="B", site="S1")
    rows = clinician_rows(engine)
    assert [(r.clinician, r.module_on, r.module_score, r.aid_self_checks) for r in rows] == [
        ("A", DAY, (5, 5), 2),
        ("B", None, None, 0),
    ]
    a, b = clinician_cells(rows)
    assert a["general module"] == "2026-03-01 (5/5)"
    assert a["collaboRATE responses 0-9"] == "30"
    assert a["top score % 0-9 (95% CI)"].startswith("100.0 (")  # 30 of 30 with 9, 9, 9
    assert b["general module"] == "not done"
    assert b["collaboRATE responses 0-9"] == "12"
    assert b["top score % 0-9 (95% CI)"] == "[u]"  # under 25 complete responses


def test_by_clinician_the_filters_choose_clinicians(engine: Engine):
    _done(engine, "A", "S1")
    _done(engine, "B", "S2")
    rows = clinician_rows(engine, Filters(sites=("S2",)))
    assert [r.clinician for r in rows] == ["B"]
