"""Property: the training coverage and peer review tables never show a count from 1 to 9, and
never let a reader work one out by subtraction from the counts they do show."""

from __future__ import annotations

from disclosure import determined
from hypothesis import given, settings
from hypothesis import strategies as st

from collaborate.peer_review import SiteReviews
from collaborate.suppression import Rules
from collaborate.training_report import (
    ALL_SITES,
    Coverage,
    ReviewTable,
    coverage_from_counts,
    reviews_from_counts,
)

_COUNT = st.one_of(st.integers(0, 12), st.integers(0, 60))
_NAMES = ("clinicians", "module_done", "module_not_done")


def _no_small_count(shown: dict[tuple[str, str], int | None]) -> None:
    for cell, value in shown.items():
        assert value is None or not 0 < value < 10, f"{cell} shows {value}"


def _coverage_cells(table: Coverage) -> dict[tuple[str, str], int | None]:
    return {
        (row.site, name): getattr(row, name) for row in (table.overall, *table.sites)
        for name in _NAMES
    }  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_COUNT, _COUNT), min_size=1, max_size=8))
def test_no_hidden_coverage_count_can_be_worked_out(sites: list[tuple[int, int]]):
    by_site = {f"S{i}": counts for i, counts in enumerate(sites)}
    table = coverage_from_counts(by_site, Rules())
    shown = _coverage_cells(table)
    truth = {(s, n): v for s, (d, u) in by_site.items()
             for n, v in zip(_NAMES, (d + u, d, u), strict=True)}  # fmt: skip
    done, not_done = sum(d for d, _ in sites), sum(u for _, u in sites)
    truth |= {
        (ALL_SITES, n): v for n, v in zip(_NAMES, (done + not_done, done, not_done), strict=True)
    }
    for cell, value in shown.items():
        assert value is None or value == truth[cell]
    _no_small_count(shown)
    rows = [row.site for row in (table.overall, *table.sites)]
    relations = [((r, "clinicians"), [(r, "module_done"), (r, "module_not_done")]) for r in rows]
    relations += [((ALL_SITES, n), [(s, n) for s in by_site]) for n in _NAMES]
    assert determined(shown, relations) == []
    for row in (table.overall, *table.sites):
        assert (row.share is None) == (
            None in (row.clinicians, row.module_done) or row.clinicians == 0
        )


def _review_cells(table: ReviewTable) -> dict[tuple[str, str], int | None]:
    return {(row.site, "reviews"): row.reviews for row in (table.overall, *table.sites)}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(1, 40), min_size=1, max_size=8))
def test_no_hidden_review_count_can_be_worked_out(counts: list[int]):
    found = [SiteReviews(f"S{i}", n, 10 * n) for i, n in enumerate(counts)]  # 10 of 20 each
    table = reviews_from_counts(found, Rules())
    shown = _review_cells(table)
    _no_small_count(shown)
    relations = [((ALL_SITES, "reviews"), [(s.site, "reviews") for s in found])]
    assert determined(shown, relations) == []
    for row in (table.overall, *table.sites):
        assert row.mean == (None if row.reviews is None else 50.0)  # 10 x 100 / 20
