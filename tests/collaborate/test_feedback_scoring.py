"""Scores against hand-worked examples and the research note's table (§2.1)."""

from __future__ import annotations

import pytest

from collaborate.aggregates import GroupCounts
from collaborate.scoring import score

T_975_4 = 2.776445  # Student's t, 97.5th percentile, 4 degrees of freedom (printed tables)
Z_975 = 1.959964


def counts_of(*responses: tuple[int | None, ...], scale_max: int = 9) -> GroupCounts:
    """Sums as the database keeps them, worked out here by hand from the responses."""
    complete = [r for r in responses if None not in r]
    totals = [sum(r) for r in complete]  # type: ignore[arg-type]
    return GroupCounts(
        scale_max=scale_max,
        key=(),
        responses=len(responses),
        complete=len(complete),
        top=sum(set(r) == {scale_max} for r in complete),
        total_sum=sum(totals),
        total_squares=sum(t * t for t in totals),
    )


def test_mean_score_and_its_t_interval_by_hand():
    # Per-response means 6, 3, 4, 7, 5: mean 5.0; squared deviations 1+4+1+4+0 = 10, so
    # s^2 = 10/4 = 2.5, se = sqrt(2.5/5) = 0.707107, half-width = 2.776445 x 0.707107 = 1.963243.
    group = counts_of((6, 6, 6), (3, 3, 3), (6, 3, 3), (9, 6, 6), (6, 6, 3), (9, None, 9))
    result = score(group)
    assert result.complete == 5  # the incomplete response is left out
    assert result.mean.value == pytest.approx(5.0)
    assert result.mean.low == pytest.approx(5.0 - T_975_4 * 0.7071068, abs=1e-6)
    assert result.mean.high == pytest.approx(6.963243, abs=1e-6)
    # the rescaled mean is the mean times 100/9, interval included
    assert result.mean_rescaled.value == pytest.approx(55.555556, abs=1e-6)
    assert result.mean_rescaled.low == pytest.approx(3.036757 * 100 / 9, abs=1e-5)
    # no response has 9 on all three: top score 0, Wilson upper end z^2 / (n + z^2)
    assert result.top_score.value == 0
    assert result.top_score.low == 0
    assert result.top_score.high == pytest.approx(Z_975**2 / (5 + Z_975**2), abs=1e-6)


@pytest.mark.parametrize(
    ("top", "n", "low", "high"),
    [  # research note §2.1, Wilson 95% (computed there with scipy)
        (18, 25, 52.4, 85.7),
        (36, 50, 58.3, 82.5),
        (72, 100, 62.5, 79.9),
        (144, 200, 65.4, 77.8),
        (25, 25, 86.7, 100.0),
        (9, 10, 59.6, 98.2),
    ],
)
def test_top_score_and_its_wilson_interval_match_the_research_note(top, n, low, high):
    group = counts_of(*([(9, 9, 9)] * top + [(9, 9, 8)] * (n - top)))
    result = score(group)
    assert result.top == top
    assert result.top_score.value == pytest.approx(top / n)
    assert round(result.top_score.low * 100, 1) == low
    assert round(result.top_score.high * 100, 1) == high


def test_only_all_three_at_the_top_counts_and_missing_items_exclude_the_response():
    group = counts_of((9, 9, 9), (9, 9, 8), (8, 9, 9), (9, None, 9), (None, None, None), (9, 9, 9))
    result = score(group)
    assert (result.complete, result.top) == (4, 2)
    assert group.incomplete == 2


def test_a_mean_interval_never_leaves_the_scale():
    result = score(counts_of(*[(9, 9, 9)] * 30))
    assert (result.mean.value, result.mean.low, result.mean.high) == (9, 9, 9)
    assert result.mean_rescaled.value == pytest.approx(100)
    near_top = score(counts_of(*([(9, 9, 9)] * 3 + [(0, 0, 0)])))
    assert near_top.mean.high == 9
    assert near_top.mean.low == 0


def test_the_five_point_format_scores_on_its_own_top_point():
    result = score(counts_of((4, 4, 4), (4, 4, 3), (2, 2, 2), (0, 4, 2), scale_max=4))
    assert result.top == 1
    assert result.mean.value == pytest.approx((4 + 11 / 3 + 2 + 2) / 4)
    assert result.mean_rescaled.value == pytest.approx(result.mean.value * 25)


def test_a_score_needs_two_complete_responses():
    with pytest.raises(ValueError, match="at least 2 complete responses; this group has 1"):
        score(counts_of((9, 9, 9), (None, 9, 9)))
