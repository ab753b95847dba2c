"""Small numbers: hidden, and never recoverable from the totals shown beside them."""

from __future__ import annotations

import pytest
from disclosure import determined
from hypothesis import given, settings
from hypothesis import strategies as st

from collaborate.aggregates import GroupCounts
from collaborate.report import Rules, Table, table_from_counts
from collaborate.suppression import Relation, suppress


def test_primary_suppression_hides_one_to_nine_and_shows_zero():
    counts = {"a": 0, "b": 1, "c": 9, "d": 10}
    assert suppress(counts, [], min_count=10) == {"b", "c"}


def test_a_lone_hidden_part_takes_the_cheapest_smallest_non_zero_partner():
    counts = {"total": 60, "a": 3, "b": 0, "c": 20, "d": 37}
    relation = [Relation("total", ("a", "b", "c", "d"))]
    assert suppress(counts, relation, min_count=10) == {"a", "c"}
    assert suppress(counts, relation, min_count=10, cost={"c": 1}) == {"a", "d"}


def test_a_hidden_total_is_not_left_recoverable_from_its_parts():
    counts = {"total": 7, "a": 7, "b": 0}
    assert suppress(counts, [Relation("total", ("a", "b"))], min_count=10) == {"total", "a"}


def test_relations_need_parts():
    with pytest.raises(ValueError, match="at least one part"):
        Relation("total", ())


def _group(key: str, complete: int, incomplete: int, top: int = 0) -> GroupCounts:
    return GroupCounts(9, (key,) if key else (), complete + incomplete, complete, min(top, complete),
                       27 * complete, 729 * complete)  # fmt: skip


def _table(groups: list[tuple[int, int]], rules: Rules | None = None) -> Table:
    parts = [_group(f"g{i}", c, n) for i, (c, n) in enumerate(groups)]
    overall = _group("", sum(c for c, _ in groups), sum(n for _, n in groups))
    return table_from_counts(9, ("site",), parts, overall, rules or Rules())


def test_an_incomplete_count_under_ten_hides_the_total_not_the_scores_count():
    table = _table([(40, 3), (30, 12)])
    first = table.rows[0]
    assert (first.responses, first.complete, first.incomplete) == (None, 40, None)
    assert first.score is not None
    assert first.score.complete == 40


def test_a_score_needs_its_count_shown_and_at_least_min_group():
    table = _table([(24, 0), (25, 0), (60, 0)])
    assert [r.score is not None for r in table.rows] == [False, True, True]
    assert table.rows[0].hidden_by == "fewer than 25 complete responses"
    stricter = _table([(24, 0), (25, 0), (60, 0)], Rules(min_group=30))
    assert [r.score is not None for r in stricter.rows] == [False, False, True]


def test_rules_keep_the_disclosure_floor():
    with pytest.raises(ValueError, match="cannot go below 10"):
        Rules(min_count=5)
    with pytest.raises(ValueError, match="at least min_count"):
        Rules(min_group=8)


# ------------------------------------------------------------------------------------------
# Property: what a table shows never lets a reader work out a hidden count.

_NAMES = ("responses", "complete", "incomplete")


def _cells(table: Table) -> dict[tuple[tuple[str, ...], str], int | None]:
    return {(row.key, name): getattr(row, name) for row in (table.overall, *table.rows)
            for name in _NAMES}  # fmt: skip


def _published_relations(table: Table) -> list[tuple[object, list[object]]]:
    """What any reader knows: each row's responses = complete + incomplete, and the overall
    row is the sum of the groups, column by column."""
    rows = (table.overall, *table.rows)
    found: list[tuple[object, list[object]]] = [
        ((r.key, "responses"), [(r.key, "complete"), (r.key, "incomplete")]) for r in rows
    ]
    found += [((table.overall.key, n), [(r.key, n) for r in table.rows]) for n in _NAMES]
    return found


def _determined(table: Table) -> list[object]:
    """Hidden cells fixed by the published relations (linear algebra over the hidden cells)."""
    return determined(_cells(table), _published_relations(table))


_COUNT = st.one_of(st.integers(0, 12), st.integers(0, 80))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_COUNT, _COUNT), min_size=1, max_size=9))
def test_no_hidden_count_can_be_worked_out(groups: list[tuple[int, int]]):
    table = _table(groups)
    truth = {(("g" + str(i),), n): v for i, (c, i_) in enumerate(groups)
             for n, v in zip(_NAMES, (c + i_, c, i_), strict=True)}  # fmt: skip
    totals = [sum(c for c, _ in groups), sum(i for _, i in groups)]
    truth |= {((), n): v for n, v in zip(_NAMES, (sum(totals), *totals), strict=True)}
    for cell, shown in _cells(table).items():
        if shown is not None:
            assert shown == truth[cell]
            assert not 0 < shown < 10, f"{cell} shows {shown}"
    assert _determined(table) == []
    for row in (table.overall, *table.rows):
        assert (row.score is not None) == (row.complete is not None and row.complete >= 25)
