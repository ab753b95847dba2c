"""No choice of filters, table or export lets a small count be had back by subtraction.

Issue 19: with 30, 30 and 3 responses at three sites, "all sites" showed 63 and the two large
sites 60, so the third site's 3 came back by subtraction; so did the FHIR export (60) against the
CSV total (63), and the month slider for a month. The rule now (docs/collaborate.md): a part of a
cell under 10 counts nowhere. The property test computes every count that the dashboard, the
command line and the exports offer, for random data and random filters, and checks that any two
counts of nested sets of people differ by 0 or by 10 or more.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from feedback_helpers import add_responses, store_cell
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, delete

from collaborate import dashboard
from collaborate._tables import cells, decisions, responses
from collaborate.aggregates import DIMENSIONS, Filters
from collaborate.csv_export import decisions_csv, scores_csv
from collaborate.database import connect, transaction
from collaborate.decisions import NOT_DECIDED, record_decision
from collaborate.fhir import export_bundle
from collaborate.report import Rules, decision_rows, score_tables
from collaborate.report_format import HIDDEN_COUNT
from collaborate.responses import Answers

pytest_plugins = ["feedback_fixtures"]  # the database fixtures

SMALL = range(1, 10)

# ------------------------------------------------------------------------------------------
# The example, worked by hand


@pytest.fixture
def three_sites(engine: Engine) -> Engine:
    """30, 30 and 3 complete responses at sites A, B and C, in March; 12 at A in February."""
    for site, n in (("A", 30), ("B", 30), ("C", 3)):
        add_responses(engine, n, (9, 9, 9), site=site, date=dt.date(2026, 3, 10))
    add_responses(engine, 12, (9, 9, 9), site="A", date=dt.date(2026, 2, 10))
    return engine


def _overall(engine: Engine, filters: Filters) -> int | None:
    (table,) = score_tables(engine, ("site",), filters)
    return table.overall.responses


def test_the_small_site_counts_nowhere(three_sites: Engine):
    # all sites: A 30 + 12, B 30 = 72; C's 3 are in no total. Filtered to A and B: 72 as well.
    everyone = _overall(three_sites, Filters())
    assert everyone == 30 + 12 + 30
    assert _overall(three_sites, Filters(sites=("A", "B"))) == everyone
    # March alone: 30 + 30 = 60, and March to March with C filtered out: 60 as well
    march = Filters(first_month="2026-03", last_month="2026-03")
    assert _overall(three_sites, march) == 30 + 30
    assert _overall(three_sites, Filters(sites=("A", "B"), first_month="2026-03")) == 60
    # the site is not even offered as a choice
    assert dashboard.options(three_sites).sites == ("A", "B")
    # the CSV total and the FHIR export agree: 72 each
    rows = list(csv.DictReader(io.StringIO(scores_csv(score_tables(three_sites, ("site",))))))
    assert [(r["group"], r["responses"]) for r in rows] == [("All", "72"), ("A", "42"), ("B", "30")]
    bundle = export_bundle(three_sites)
    answers = [e for e in bundle["entry"] if e["resource"]["resourceType"] != "Questionnaire"]
    assert len(answers) == 72


def test_few_decisions_of_one_kind_count_nowhere(engine: Engine):
    # 12 doac and 3 warfarin at clinician C1; 10 doac at C2: the 3 count nowhere, so the month
    # shows 12 + 10 = 22 doac and no warfarin, filtered by clinician or not
    for clinician, option, n in (("C1", "doac", 12), ("C1", "warfarin", 3), ("C2", "doac", 10)):
        for _ in range(n):
            record_decision(engine, aid="af-anticoagulation", option=option, site="A",
                            clinician=clinician, date=dt.date(2026, 1, 2))  # fmt: skip
    (row,) = decision_rows(engine)
    assert (row.total, [(c.option, c.count) for c in row.choices]) == (22, [("doac", 22)])
    (mine,) = decision_rows(engine, filters=Filters(clinicians=("C1",)))
    assert (mine.total, [(c.option, c.count) for c in mine.choices]) == (12, [("doac", 12)])


# ------------------------------------------------------------------------------------------
# Property: every count offered, for random data and random filters


CLINICIANS, SITES, AIDS = ("C1", "C2"), ("S1", "S2", "S3"), ("aid-a", "aid-b")
MONTHS, MODES, RESPONDENTS = ("2026-01", "2026-02", "2026-03"), ("online", "paper"), ("patient",)
SCALES = (9, 4)


@dataclass(frozen=True)
class Person:
    """One response (``decision`` False) or one decision, as the test generated it."""

    ident: int
    decision: bool
    scale_max: int
    clinician: str
    site: str
    aid: str
    month: str
    mode: str
    respondent: str
    complete: bool
    option: str | None

    def cell(self) -> tuple[object, ...]:
        if self.decision:
            return (self.aid, self.month, self.option, self.site, self.clinician)
        fields = (self.scale_max, self.clinician, self.site, self.aid, self.month, self.mode)
        return (*fields, self.respondent, self.complete)


def _key(draw: st.DrawFn) -> dict[str, object]:
    return {
        "scale_max": draw(st.sampled_from(SCALES)),
        "clinician": draw(st.sampled_from(CLINICIANS)),
        "site": draw(st.sampled_from(SITES)),
        "aid": draw(st.sampled_from(AIDS)),
        "month": draw(st.sampled_from(MONTHS)),
        "mode": draw(st.sampled_from(MODES)),
        "respondent": draw(st.sampled_from(RESPONDENTS)),
    }


_SIZE = st.one_of(st.integers(0, 12), st.integers(0, 30))


@st.composite
def _data(draw: st.DrawFn) -> tuple[list[tuple[dict[str, object], int, int, int]], list[Person]]:
    """Cells of responses (key, complete, of which top, incomplete) and decisions."""
    found: dict[tuple[object, ...], tuple[dict[str, object], int, int, int]] = {}
    for _ in range(draw(st.integers(1, 7))):
        key = _key(draw)
        complete, incomplete = draw(_SIZE), draw(_SIZE)
        top = draw(st.integers(0, complete))
        found[tuple(key.values())] = (key, complete, top, incomplete)
    people: list[Person] = []
    for _ in range(draw(st.integers(0, 4))):
        about = _key(draw)
        option = draw(st.sampled_from(("doac", "warfarin", None)))
        for _ in range(draw(_SIZE)):
            people.append(Person(len(people), True, 0, str(about["clinician"]), str(about["site"]),
                                 str(about["aid"]), str(about["month"]), "", "", False, option))  # fmt: skip
    return list(found.values()), people


@st.composite
def _filters(draw: st.DrawFn) -> Filters:
    def subset(values: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(v for v in values if draw(st.booleans())) if draw(st.booleans()) else ()

    first, last = sorted(draw(st.lists(st.sampled_from(MONTHS), min_size=2, max_size=2)))
    months = (first, last) if draw(st.booleans()) else (None, None)
    return Filters(
        clinicians=subset(CLINICIANS),
        sites=subset(SITES),
        aids=subset(AIDS),
        first_month=months[0],
        last_month=months[1],
        scale_max=draw(st.sampled_from((None, *SCALES))),
    )


def _chosen(person: Person, filters: Filters) -> bool:
    """Whether ``filters`` choose ``person`` (the test's own reading of a filter)."""
    checks = [
        not filters.clinicians or person.clinician in filters.clinicians,
        not filters.sites or person.site in filters.sites,
        not filters.aids or person.aid in filters.aids,
        filters.first_month is None or person.month >= filters.first_month,
        filters.last_month is None or person.month <= filters.last_month,
    ]
    if not person.decision:
        checks.append(filters.scale_max is None or person.scale_max == filters.scale_max)
    return all(checks)


#: A count offered: the set of people it is about (by the test's reckoning) and its value.
Offered = tuple[frozenset[int], int]


class _Counts:
    """Collects each count offered with the set of people it counts."""

    def __init__(self, people: list[Person]) -> None:
        self.people = people
        self.found: list[Offered] = []

    def add(self, value: object, filters: Filters, **about: object) -> None:
        if value is None or value == HIDDEN_COUNT:
            return
        chosen = frozenset(
            p.ident
            for p in self.people
            if _chosen(p, filters) and all(getattr(p, k) == v for k, v in about.items())
        )
        self.found.append((chosen, int(str(value))))


_STATS = {"responses": {}, "complete": {"complete": True}, "incomplete": {"complete": False}}


def _offered(engine: Engine, people: list[Person], filters: Filters) -> Iterator[Offered]:
    counts = _Counts(people)
    responses_only = {"decision": False}
    # every table the dashboard, the command line and the CSV export can show
    # by each dimension, and by aid and month (the scores beside the decisions)
    for by in [*((d,) for d in DIMENSIONS), ("aid", "month")]:
        tables = score_tables(engine, by, filters)
        for table in tables:
            scale = {"scale_max": table.scale_max, **responses_only}
            for row in (table.overall, *table.rows):
                group = dict(zip(table.by, row.key, strict=True)) if row.key else {}
                for stat, about in _STATS.items():
                    counts.add(getattr(row, stat), filters, **scale, **group, **about)
                if row.score is not None:
                    counts.add(row.score.complete, filters, **scale, **group, complete=True)
        for line in csv.DictReader(io.StringIO(scores_csv(tables))):
            group = (
                {}
                if line["group"] == "All"
                else dict(zip(by, line["group"].split(" / "), strict=True))
            )
            scale = {"scale_max": int(line["response_format_max"]), **responses_only}
            for stat, about in _STATS.items():
                counts.add(line[stat], filters, **scale, **group, **about)
    # the dashboard's decisions, and their CSV
    rows = decision_rows(engine, {}, filters)
    for row in rows:
        month = {"aid": row.aid, "month": row.month, "decision": True}
        counts.add(row.total, filters, **month)
        for choice in row.choices:
            counts.add(choice.count, filters, **month, option=choice.option)
    for line in csv.DictReader(io.StringIO(decisions_csv(rows))):
        option = None if line["option"] == NOT_DECIDED else line["option"]
        month = {"aid": line["aid"], "month": line["month"], "decision": True}
        counts.add(line["count"], filters, **month, option=option)
        counts.add(line["month_total"], filters, **month)
    # the FHIR export: its responses, in all and by format
    bundle = export_bundle(engine, filters)
    found = Counter(
        e["resource"]["questionnaire"].split("|")[0].rsplit("-", 1)[1]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "QuestionnaireResponse"
    )
    counts.add(sum(found.values()), filters, **responses_only)
    for scale in SCALES:
        counts.add(found[str(scale)], filters, scale_max=scale, **responses_only)
    yield from counts.found


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """One SQLite database, emptied for each example."""
    engine = connect(f"sqlite:///{tmp_path_factory.mktemp('disclosure') / 'f.sqlite3'}")
    yield engine
    engine.dispose()


def _fill(
    engine: Engine, data: tuple[list[tuple[dict[str, object], int, int, int]], list[Person]]
) -> list[Person]:
    groups, decided = data
    with transaction(engine, write=True) as connection:
        for table in (responses, cells, decisions):
            connection.execute(delete(table))
    people: list[Person] = []
    for key, complete, top, incomplete in groups:
        scale = int(str(key["scale_max"]))
        answers = [Answers.of(scale, scale, scale)] * top
        answers += [Answers.of(scale - 1, scale, scale)] * (complete - top)
        answers += [Answers.of(scale, None, None)] * incomplete
        if not answers:
            continue
        store_cell(engine, key, answers)
        for a in answers:
            fields = {k: v for k, v in key.items() if k != "scale_max"}
            people.append(Person(len(people), False, scale, complete=a.complete, option=None,
                                 **fields))  # type: ignore[arg-type]  # fmt: skip
    offset = len(people)
    for p in decided:
        record_decision(engine, aid=p.aid, option=p.option, site=p.site, clinician=p.clinician,
                        date=dt.date.fromisoformat(f"{p.month}-01"))  # fmt: skip
        people.append(Person(offset + p.ident, True, 0, p.clinician, p.site, p.aid, p.month,
                             "", "", False, p.option))  # fmt: skip
    return people


def _published(people: list[Person], min_count: int = Rules().min_count) -> set[int]:
    """The people the rule lets count: those in a part of 10 or more (the test's reckoning)."""
    sizes = Counter(p.cell() for p in people)
    return {p.ident for p in people if sizes[p.cell()] >= min_count}


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                 HealthCheck.too_slow])  # fmt: skip
@given(data=_data(), chosen=st.lists(_filters(), min_size=1, max_size=3))
def test_no_two_counts_offered_differ_by_one_to_nine(
    scratch: Engine,
    data: tuple[list[tuple[dict[str, object], int, int, int]], list[Person]],
    chosen: list[Filters],
):
    people = _fill(scratch, data)
    published = _published(people)
    offered: dict[frozenset[int], set[int]] = {}
    for filters in [Filters(), *chosen]:
        for group, value in _offered(scratch, people, filters):
            offered.setdefault(group, set()).add(value)
    for group, values in offered.items():
        # the same people are counted alike everywhere, and only the published ones count
        assert values == {len(group & published)}, sorted(group)
    counted = [(group, min(values)) for group, values in offered.items()]
    for group, value in counted:
        assert value not in SMALL, sorted(group)
    for (small, a), (large, b) in itertools.permutations(counted, 2):
        if small <= large:
            assert b - a not in SMALL, (sorted(small), a, sorted(large), b)
