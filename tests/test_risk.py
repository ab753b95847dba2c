"""Tests for decision_aids.risk: invariants by property, and worked examples by hand."""

from __future__ import annotations

import math
import re
import warnings
from statistics import NormalDist

import numpy as np
import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from decision_aids.model import EffectMeasure
from decision_aids.risk import (
    apply_effect,
    benefit_sign,
    effect_with_interval,
    frequency,
    natural_frequencies,
    number_needed_to_harm,
    number_needed_to_treat,
    rate_to_probability,
    rescale,
    turn_round,
    wilson_interval,
)

# Monotonicity holds exactly in real arithmetic; in floating point the functions may wobble by a
# few units in the last place, far below anything a patient is ever shown.
ROUNDING = 1e-12

MEASURES = list(EffectMeasure)
probabilities = st.floats(0.0, 1.0)
ratios = st.floats(0.01, 100.0)
years = st.floats(0.25, 20.0)
measures = st.sampled_from(MEASURES)
measure_values = st.sampled_from([m.value for m in MEASURES])


def _possible(p: float, measure: EffectMeasure | str, *ratios_: float) -> None:
    """Skip examples where a relative risk would take the chance above 1 (refused, tested below)."""
    assume(EffectMeasure(measure) is not EffectMeasure.RELATIVE_RISK or p * max(ratios_) <= 1)


# --------------------------------------------------------------------------------------------
# apply_effect: properties
# --------------------------------------------------------------------------------------------


@given(p=probabilities, measure=measures, ratio=ratios)
def test_apply_effect_stays_a_probability(p: float, measure: EffectMeasure, ratio: float) -> None:
    _possible(p, measure, ratio)
    result = apply_effect(p, measure, ratio)
    assert not np.isnan(result)
    assert 0.0 <= result <= 1.0


@given(p=probabilities, measure=measure_values)
def test_effect_of_one_is_the_identity(p: float, measure: str) -> None:
    assert apply_effect(p, measure, 1.0) == p


@given(p=probabilities, measure=measures, r1=ratios, r2=ratios)
def test_apply_effect_is_monotone_in_the_ratio(
    p: float, measure: EffectMeasure, r1: float, r2: float
) -> None:
    low, high = sorted((r1, r2))
    _possible(p, measure, high)
    assert apply_effect(p, measure, low) <= apply_effect(p, measure, high) + ROUNDING


@given(p1=probabilities, p2=probabilities, measure=measures, ratio=ratios)
def test_apply_effect_is_monotone_in_the_baseline(
    p1: float, p2: float, measure: EffectMeasure, ratio: float
) -> None:
    low, high = sorted((p1, p2))
    _possible(high, measure, ratio)
    assert apply_effect(low, measure, ratio) <= apply_effect(high, measure, ratio) + ROUNDING


@given(p=probabilities, measure=measures, ratio=ratios)
def test_apply_effect_moves_risk_in_the_direction_of_the_ratio(
    p: float, measure: EffectMeasure, ratio: float
) -> None:
    _possible(p, measure, ratio)
    result = apply_effect(p, measure, ratio)
    if ratio < 1:
        assert result <= p + ROUNDING
    else:
        assert result >= p - ROUNDING


@given(
    p=probabilities,
    measure=measures,
    ratios_=st.lists(ratios, min_size=3, max_size=3),
)
def test_interval_carried_through_is_ordered(
    p: float, measure: EffectMeasure, ratios_: list[float]
) -> None:
    low, ratio, high = sorted(ratios_)
    _possible(p, measure, high)
    p_point, p_low, p_high = effect_with_interval(p, measure, ratio, low, high)
    assert 0.0 <= p_low <= p_point <= p_high <= 1.0
    assert p_point == apply_effect(p, measure, ratio)


# --------------------------------------------------------------------------------------------
# apply_effect: worked examples
# --------------------------------------------------------------------------------------------


def test_odds_ratio_worked_example() -> None:
    # p = 0.5 is odds 1; OR 2 makes odds 2, which is a risk of 2/3.
    assert apply_effect(0.5, EffectMeasure.ODDS_RATIO, 2.0) == pytest.approx(2 / 3)


def test_hazard_ratio_worked_example() -> None:
    # 1 - (1 - 0.19) ** 0.5 = 1 - 0.9 = 0.1
    assert apply_effect(0.19, "hazard ratio", 0.5) == pytest.approx(0.1)


def test_relative_risk_worked_example() -> None:
    assert apply_effect(0.2, "relative risk", 0.75) == pytest.approx(0.15)  # 0.2 x 0.75
    assert apply_effect(0.5, "relative risk", 2.0) == 1.0  # 0.5 x 2: possible, just


def test_relative_risk_beyond_certainty_is_refused_not_capped() -> None:
    # 0.6 x 2 = 1.2: no chance can be above 1, and a silent cap at 1 would hide the author's error.
    with pytest.raises(ValueError, match=r"chance above 1.*baseline 0\.6, relative risk 2"):
        apply_effect(0.6, "relative risk", 2.0)
    with pytest.raises(ValueError, match="above 1"):
        effect_with_interval(0.4, "relative risk", 2.0, 1.5, 3.0)  # the high end: 0.4 x 3 = 1.2


def test_hazard_ratio_is_accurate_for_small_risks() -> None:
    # 1 - (1 - 1e-12) ** 2 = 2e-12 - 1e-24; the naive formula loses most digits here.
    assert apply_effect(1e-12, "hazard ratio", 2.0) == pytest.approx(2e-12, rel=1e-9)


@pytest.mark.parametrize("measure", MEASURES)
@pytest.mark.parametrize("ratio", [0.01, 0.5, 2.0, 100.0])
def test_baselines_of_zero_and_one_give_no_nan(measure: EffectMeasure, ratio: float) -> None:
    assert apply_effect(0.0, measure, ratio) == 0.0
    # A certain event stays certain under proportional hazards or odds; a relative risk simply
    # multiplies (and above 1 is refused, tested above).
    if measure is EffectMeasure.RELATIVE_RISK and ratio > 1:
        with pytest.raises(ValueError, match="above 1"):
            apply_effect(1.0, measure, ratio)
    elif measure is EffectMeasure.RELATIVE_RISK:
        assert apply_effect(1.0, measure, ratio) == ratio
    else:
        assert apply_effect(1.0, measure, ratio) == 1.0


def test_apply_effect_broadcasts() -> None:
    result = apply_effect([0.1, 0.2, 0.5], "odds ratio", [[1.0], [2.0]])
    assert result.shape == (2, 3)
    np.testing.assert_allclose(result[0], [0.1, 0.2, 0.5])
    np.testing.assert_allclose(result[1], [0.2 / 1.1, 0.4 / 1.2, 2 / 3])


def test_effect_with_interval_worked_example() -> None:
    # Baseline 10%, hazard ratio 0.64 (0.36 to 1.0): 1 - 0.9 ** r at each end.
    p, low, high = effect_with_interval(0.1, "hazard ratio", 0.64, 0.36, 1.0)
    assert p == pytest.approx(1 - 0.9**0.64)
    assert low == pytest.approx(1 - 0.9**0.36)
    assert high == pytest.approx(0.1)


# --------------------------------------------------------------------------------------------
# rescale and rate_to_probability
# --------------------------------------------------------------------------------------------


@given(p=probabilities, t=years)
def test_rescale_to_the_same_time_frame_is_the_identity(p: float, t: float) -> None:
    assert rescale(p, t, t) == p


@given(p=probabilities, t_from=years, t_to=years)
def test_rescale_stays_a_probability(p: float, t_from: float, t_to: float) -> None:
    assert 0.0 <= rescale(p, t_from, t_to) <= 1.0


@given(p=probabilities, t_from=years, t_to=years)
def test_rescale_round_trips(p: float, t_from: float, t_to: float) -> None:
    there = rescale(p, t_from, t_to)
    # Where the risk over the other frame is within 1e-6 of 1 it cannot carry p's digits back.
    assume(there <= 1 - 1e-6)
    assert rescale(there, t_to, t_from) == pytest.approx(p, abs=1e-9)


@given(p1=probabilities, p2=probabilities, t_from=years, t_to=years)
def test_rescale_is_monotone_in_the_probability(
    p1: float, p2: float, t_from: float, t_to: float
) -> None:
    low, high = sorted((p1, p2))
    assert rescale(low, t_from, t_to) <= rescale(high, t_from, t_to) + ROUNDING


def test_rescale_worked_examples() -> None:
    # 19% over 2 years at constant hazard: 1 - 0.81 ** 0.5 = 10% a year; and back again.
    assert rescale(0.19, 2, 1) == pytest.approx(0.1)
    assert rescale(0.1, 1, 2) == pytest.approx(0.19)
    # 10% a year for 10 years: 1 - 0.9 ** 10.
    assert rescale(0.1, 1, 10) == pytest.approx(1 - 0.9**10)
    assert rescale(1.0, 10, 1) == 1.0


def test_rate_to_probability_worked_examples() -> None:
    # 2.1 per 100 person-years over 5 years: 1 - exp(-0.105).
    assert rate_to_probability(2.1 / 100, 5) == pytest.approx(1 - math.exp(-0.105))
    assert rate_to_probability(0.0) == 0.0
    assert rate_to_probability(math.log(2)) == pytest.approx(0.5)  # default time frame 1 year


@given(rate=st.floats(0.0, 10.0), t=years)
def test_rate_to_probability_stays_a_probability(rate: float, t: float) -> None:
    assert 0.0 <= rate_to_probability(rate, t) <= 1.0


@given(rate=st.floats(0.0, 2.0), t_from=years, t_to=years)
def test_rate_and_rescale_agree(rate: float, t_from: float, t_to: float) -> None:
    # A constant rate is a constant hazard, so converting then rescaling is converting directly.
    # Where the risk over t_from is within 1e-6 of 1 it cannot carry the rate's digits onward.
    assume(rate * t_from <= math.log(1e6))
    rescaled = rescale(rate_to_probability(rate, t_from), t_from, t_to)
    assert rescaled == pytest.approx(rate_to_probability(rate, t_to), abs=1e-9)


# --------------------------------------------------------------------------------------------
# natural_frequencies and frequency
# --------------------------------------------------------------------------------------------


@st.composite
def proportion_rows(draw: st.DrawFn) -> list[float]:
    weights = draw(st.lists(st.integers(0, 1000), min_size=1, max_size=6))
    assume(sum(weights) > 0)
    total = sum(weights)
    return [w / total for w in weights]


denominators = st.sampled_from([1, 7, 10, 100, 1000, 12345])


@given(row=proportion_rows(), d=denominators)
def test_natural_frequencies_sum_exactly_and_stay_within_one(row: list[float], d: int) -> None:
    counts = natural_frequencies(row, d)
    assert counts.dtype.kind == "i"
    assert counts.sum() == d
    assert (counts >= 0).all()
    assert (np.abs(counts - np.asarray(row) * d) < 1 + 1e-9).all()


@given(rows=st.lists(proportion_rows(), min_size=1, max_size=4), d=denominators)
def test_natural_frequencies_are_vectorised_row_by_row(rows: list[list[float]], d: int) -> None:
    width = max(len(r) for r in rows)
    padded = [r + [0.0] * (width - len(r)) for r in rows]
    counts = natural_frequencies(padded, d)
    assert counts.shape == (len(rows), width)
    for row, row_counts in zip(padded, counts, strict=True):
        np.testing.assert_array_equal(row_counts, natural_frequencies(row, d))


@given(p=probabilities, d=denominators)
def test_frequency_is_the_nearest_whole_number(p: float, d: int) -> None:
    count = frequency(p, d)
    assert 0 <= count <= d
    assert abs(count - p * d) <= 0.5 + 1e-9


@given(p1=probabilities, p2=probabilities, d=denominators)
def test_frequency_is_monotone(p1: float, p2: float, d: int) -> None:
    low, high = sorted((p1, p2))
    assert frequency(low, d) <= frequency(high, d)


def test_largest_remainder_worked_examples() -> None:
    third = 1 / 3
    assert natural_frequencies([third, third, third], 100).tolist() == [34, 33, 33]
    # quotas 1.5, 2.5, 6.0: one spare person, tied remainders, lower index first.
    assert natural_frequencies([0.15, 0.25, 0.6], 10).tolist() == [2, 2, 6]
    # quotas 12.4, 12.6, 75.0: the spare person goes to the largest remainder.
    assert natural_frequencies([0.124, 0.126, 0.75], 100).tolist() == [12, 13, 75]
    # quotas 0.4, 1.2, 8.4: remainders 0.4 and 0.4 tie, so index 0 gets the spare person, even
    # though in floating point 0.84 * 10 - 8 comes out a hair above 0.04 * 10.
    assert natural_frequencies([0.04, 0.12, 0.84], 10).tolist() == [1, 1, 8]
    # quotas 1.35, 1.35, 0.3: plain rounding would share out 1 + 1 + 0 = 2 of the 3 people.
    assert natural_frequencies([0.45, 0.45, 0.1], 3).tolist() == [2, 1, 0]


def test_natural_frequencies_broadcasts_denominators() -> None:
    counts = natural_frequencies([[0.2, 0.8], [0.5, 0.5]], [10, 3])
    assert counts.tolist() == [[2, 8], [2, 1]]


def test_frequency_worked_examples() -> None:
    assert frequency(0.123, 100) == 12
    assert frequency(0.125, 100) == 13  # an exact half rounds up (a tie goes to the event)
    assert frequency(0.0123, 1000) == 12
    assert frequency([0.0, 1.0], 100).tolist() == [0, 100]


# --------------------------------------------------------------------------------------------
# number needed to treat / harm
# --------------------------------------------------------------------------------------------


def test_turn_round_worked_example() -> None:
    # A bleed ratio published as none against warfarin, 0.5 (0.25 to 0.8), is warfarin against
    # none 1/0.5 = 2 (1/0.8 = 1.25 to 1/0.25 = 4): the ends swap.
    ratio, low, high = turn_round(0.5, 0.25, 0.8)
    assert (ratio, low, high) == (pytest.approx(2.0), pytest.approx(1.25), pytest.approx(4.0))
    assert turn_round(4.0) == (pytest.approx(0.25), None, None)


@given(ratio=ratios, a=ratios, b=ratios)
def test_turning_round_twice_is_the_identity(ratio: float, a: float, b: float) -> None:
    low, high = sorted((a, b))
    assume(low <= ratio <= high)
    once = turn_round(ratio, low, high)
    assert once[1] <= once[0] <= once[2]
    back = turn_round(*once)
    assert back == (pytest.approx(ratio), pytest.approx(low), pytest.approx(high))


def test_turn_round_needs_both_ends_or_neither() -> None:
    with pytest.raises(ValueError, match=r"^give both ends of the interval"):
        turn_round(2.0, 1.0)
    with pytest.raises(ValueError, match="ratio must be a finite number above 0"):
        turn_round(0.0)


@pytest.mark.parametrize(
    ("event_is", "without", "with_", "sign"),
    [
        ("bad", 0.10, 0.06, 1),  # fewer strokes: helps
        ("bad", 0.01, 0.03, -1),  # more bleeds: harms
        ("good", 0.30, 0.50, 1),  # more people with less pain: helps
        ("good", 0.50, 0.30, -1),
        ("bad", 0.20, 0.20, 0),  # no difference
        ("neutral", 0.10, 0.40, 0),  # an operation later: neither a benefit nor a harm
        ("neutral", 0.40, 0.10, 0),
    ],
)
def test_benefit_sign_worked_examples(event_is: str, without: float, with_: float, sign: int):
    assert benefit_sign(event_is, without, with_) == sign  # type: ignore[arg-type]


def test_benefit_sign_is_vectorised_and_refuses_unknown_kinds() -> None:
    assert benefit_sign("bad", [0.1, 0.1, 0.1], [0.05, 0.1, 0.2]).tolist() == [1, 0, -1]
    with pytest.raises(ValueError, match="'bad', 'good' or 'neutral'"):
        benefit_sign("worse", 0.1, 0.2)  # type: ignore[arg-type]


def test_number_needed_to_treat_and_harm_for_a_bad_event() -> None:
    # Stroke 10% -> 6%: 4 in 100 fewer, NNT 25, no harm.
    assert number_needed_to_treat(0.10, 0.06) == pytest.approx(25)
    assert number_needed_to_harm(0.10, 0.06) == math.inf
    # Bleed 1% -> 3%: 2 in 100 more, NNH 50, no benefit.
    assert number_needed_to_harm(0.01, 0.03) == pytest.approx(50)
    assert number_needed_to_treat(0.01, 0.03) == math.inf


def test_number_needed_to_treat_for_a_good_event() -> None:
    # Pain relief 30% -> 50%: a benefit, NNT 5.
    assert number_needed_to_treat(0.3, 0.5, event_is="good") == pytest.approx(5)
    assert number_needed_to_harm(0.3, 0.5, event_is="good") == math.inf


@given(a=probabilities, b=probabilities, event_is=st.sampled_from(["bad", "good"]))
@example(a=5e-324, b=0.0, event_is="bad")  # a subnormal gap: both are inf
def test_at_most_one_of_nnt_and_nnh_is_finite(a: float, b: float, event_is: str) -> None:
    nnt = number_needed_to_treat(a, b, event_is=event_is)
    nnh = number_needed_to_harm(a, b, event_is=event_is)
    assert nnt >= 1 - 1e-12
    assert nnh >= 1 - 1e-12
    assert math.isinf(nnt) or math.isinf(nnh)
    gap = abs(a - b)
    assert min(nnt, nnh) == (1 / gap if gap else math.inf)
    if math.isfinite(min(nnt, nnh)):  # the finite one is the way benefit_sign points (a gap of a
        # few subnormals, such as 5e-324, overflows 1/gap to inf: no finite number to point)
        assert math.isfinite(nnt) == (benefit_sign(event_is, a, b) == 1)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# Wilson interval
# --------------------------------------------------------------------------------------------

# Newcombe RG. Two-sided confidence intervals for the single proportion: comparison of seven
# methods. Stat Med 1998;17:857-72, Table II, method 3 (Wilson score, no continuity correction),
# 95% limits to 4 decimal places. Checked independently as the roots of the score equation in
# test_wilson_limits_solve_the_score_equation below.
NEWCOMBE_1998 = [
    (81, 263, 0.2553, 0.3662),
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0000, 0.1611),
    (1, 29, 0.0061, 0.1718),
]


@pytest.mark.parametrize(("x", "n", "low", "high"), NEWCOMBE_1998)
def test_wilson_matches_newcombe_1998(x: int, n: int, low: float, high: float) -> None:
    got_low, got_high = wilson_interval(x, n)
    assert round(float(got_low), 4) == low
    assert round(float(got_high), 4) == high


@pytest.mark.parametrize(("x", "n"), [(x, n) for x, n, _, _ in NEWCOMBE_1998] + [(1, 10)])
def test_wilson_limits_solve_the_score_equation(x: int, n: int) -> None:
    # The Wilson limits are the proportions t at which the observed x/n is exactly z standard
    # errors away: (x/n - t)**2 = z**2 * t * (1 - t) / n, i.e. the roots of
    # (n + z**2) t**2 - (2x + z**2) t + x**2 / n = 0, found here by numpy.roots, not the formula.
    z = NormalDist().inv_cdf(0.975)
    roots = np.sort(np.roots([n + z * z, -(2 * x + z * z), x * x / n]).real)
    np.testing.assert_allclose(wilson_interval(x, n), roots, atol=1e-12)


def test_wilson_other_confidence_levels_widen_and_narrow() -> None:
    low90, high90 = wilson_interval(1, 10, confidence=0.90)
    low95, high95 = wilson_interval(1, 10)
    low99, high99 = wilson_interval(1, 10, confidence=0.99)
    assert low99 < low95 < low90 < 0.1 < high90 < high95 < high99


@given(n=st.integers(1, 10_000), data=st.data())
def test_wilson_interval_contains_the_estimate_within_zero_and_one(
    n: int, data: st.DataObject
) -> None:
    x = data.draw(st.integers(0, n))
    low, high = wilson_interval(x, n)
    assert 0.0 <= low <= x / n <= high <= 1.0
    assert low < high
    assert (low == 0.0) == (x == 0)
    assert (high == 1.0) == (x == n)


def test_wilson_interval_is_vectorised() -> None:
    low, high = wilson_interval([81, 15], [263, 148])
    np.testing.assert_allclose(low, [0.2553, 0.0624], atol=5e-5)
    np.testing.assert_allclose(high, [0.3662, 0.1605], atol=5e-5)


# --------------------------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("p", [1.2, -0.1, float("nan")])
def test_probability_outside_zero_to_one_is_refused(p: float) -> None:
    with pytest.raises(ValueError, match=r"baseline must be a (probability from 0 to 1|number)"):
        apply_effect(p, "odds ratio", 2.0)


def test_probability_error_names_the_allowed_range_and_the_value() -> None:
    with pytest.raises(ValueError, match=r"from 0 to 1 inclusive.*got 1\.2"):
        apply_effect([0.1, 1.2], "relative risk", 2.0)


@pytest.mark.parametrize("ratio", [0.0, -1.0, math.inf])
def test_non_positive_or_infinite_ratio_is_refused(ratio: float) -> None:
    with pytest.raises(ValueError, match="ratio must be a finite number above 0"):
        apply_effect(0.1, "hazard ratio", ratio)


def test_unknown_measure_is_refused_with_the_allowed_ones() -> None:
    with pytest.raises(ValueError, match="'relative risk', 'hazard ratio', 'odds ratio'"):
        apply_effect(0.1, "risk difference", 2.0)


def test_ratio_outside_its_interval_is_refused() -> None:
    with pytest.raises(ValueError, match=r"low <= ratio <= high"):
        effect_with_interval(0.1, "odds ratio", 2.0, 1.0, 1.5)


@pytest.mark.parametrize(("t_from", "t_to"), [(0, 1), (1, 0), (-1, 1), (1, math.inf)])
def test_non_positive_time_frames_are_refused(t_from: float, t_to: float) -> None:
    with pytest.raises(ValueError, match="must be a finite number of years above 0"):
        rescale(0.1, t_from, t_to)


def test_negative_rate_is_refused() -> None:
    with pytest.raises(ValueError, match="0 or more"):
        rate_to_probability(-0.1)
    with pytest.raises(ValueError, match="years must be a finite number of years above 0"):
        rate_to_probability(0.1, 0)


def test_proportions_that_do_not_sum_to_one_are_refused() -> None:
    with pytest.raises(ValueError, match=r"must sum to 1.*got sums 1\.1"):
        natural_frequencies([0.5, 0.6], 100)
    # within the tolerance is fine
    assert natural_frequencies([0.5, 0.5 + 1e-12], 100).tolist() == [50, 50]


def test_negative_proportions_are_refused() -> None:
    with pytest.raises(ValueError, match="0 or more"):
        natural_frequencies([1.5, -0.5], 100)


@pytest.mark.parametrize("d", [0, -100, 100.5])
def test_bad_denominators_are_refused(d: float) -> None:
    with pytest.raises(ValueError, match="denominator must be a whole number of people, 1 or more"):
        natural_frequencies([0.5, 0.5], d)


def test_proportions_need_a_category_axis() -> None:
    with pytest.raises(ValueError, match="at least one category"):
        natural_frequencies(1.0, 100)


def test_frequency_refuses_a_bad_probability() -> None:
    with pytest.raises(ValueError, match="probability must be a probability from 0 to 1"):
        frequency(1.5, 100)


def test_number_needed_refuses_a_bad_probability_and_event_kind() -> None:
    with pytest.raises(ValueError, match="p_treated must be a probability"):
        number_needed_to_treat(0.1, 2)
    with pytest.raises(ValueError, match="event_is must be 'bad' or 'good'"):
        number_needed_to_treat(0.1, 0.2, event_is="neutral")  # type: ignore[arg-type]


def test_wilson_refuses_no_data_and_impossible_counts() -> None:
    with pytest.raises(ValueError, match="n must be a whole number of people, 1 or more"):
        wilson_interval(0, 0)
    with pytest.raises(ValueError, match="successes must be from 0 to n"):
        wilson_interval(5, 4)
    with pytest.raises(ValueError, match="successes must be a whole number"):
        wilson_interval(1.5, 4)
    with pytest.raises(ValueError, match="confidence must be a number strictly between 0 and 1"):
        wilson_interval(1, 4, confidence=95)


# --------------------------------------------------------------------------------------------
# Error messages name the argument at fault (mutation testing found these unpinned)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: rescale(1.5, 1, 2), "probability must be a probability from 0 to 1"),
        (lambda: rescale(0.1, 0, 2), "from_years must be a finite number of years above 0"),
        (lambda: rescale(0.1, 1, -2), "to_years must be a finite number of years above 0"),
        (lambda: rate_to_probability("a lot"), "rate_per_person_year must be a number"),
        (lambda: rate_to_probability(-0.1), "rate_per_person_year must be a finite number"),
        (lambda: turn_round(2.0, 0.0, 3.0), "low must be a finite number above 0"),
        (lambda: turn_round(2.0, 1.0, -3.0), "high must be a finite number above 0"),
        (lambda: number_needed_to_treat(1.5, 0.1), "p_control must be a probability"),
        (lambda: number_needed_to_harm(0.1, -0.1), "p_treated must be a probability"),
        (lambda: apply_effect(1.5, "odds ratio", 2.0), "baseline must be a probability"),
        (lambda: apply_effect(0.5, "odds ratio", 0.0), "ratio must be a finite number above 0"),
        (lambda: apply_effect("x", "odds ratio", 2.0), "baseline must be a number"),
        (lambda: effect_with_interval(0.1, "odds ratio", -1, 1, 2), "ratio must be a finite"),
        (lambda: effect_with_interval(0.1, "odds ratio", 2, 0, 3), "low must be a finite"),
        (lambda: effect_with_interval(0.1, "odds ratio", 2, 1, 0), "high must be a finite"),
        (lambda: effect_with_interval(0.1, "odds ratio", 2, 3, 4), "the ratio must lie inside"),
        (lambda: frequency(0.5, 0), "denominator must be a whole number of people, 1 or more"),
        (lambda: frequency(0.5, 2.5), "denominator must be a whole number of people, 1 or more"),
        (lambda: natural_frequencies([0.5, float("inf")], 10), "proportions must be finite"),
        (lambda: benefit_sign("bad", "x", 0.1), "p_without must be a number"),
        (lambda: benefit_sign("bad", 0.1, "x"), "p_with must be a number"),
        (lambda: wilson_interval(-1, 4), "successes must be a whole number of events"),
        (lambda: wilson_interval(1, 0), "n must be a whole number of people, 1 or more"),
        (lambda: wilson_interval(1, 4.5), "n must be a whole number of people, 1 or more"),
    ],
)
def test_errors_name_the_argument(call, message: str) -> None:
    with pytest.raises(ValueError, match=f"^{message}"):
        call()


def test_errors_show_up_to_five_offending_values_then_how_many() -> None:
    with pytest.raises(ValueError, match=r"got 2, 3, 4, 5, 6$"):
        frequency([2, 3, 4, 5, 6], 100)
    with pytest.raises(ValueError, match=r"got 2, 3, 4, 5, 6, \.\.\. \(6 values\)$"):
        frequency([2, 3, 4, 5, 6, 7], 100)


def test_wilson_refuses_confidence_at_or_beyond_its_ends() -> None:
    for confidence in (0, 0.0, 1, 1.0, 1.5):
        with pytest.raises(ValueError, match="strictly between 0 and 1"):
            wilson_interval(1, 4, confidence=confidence)


def test_wilson_error_lists_only_the_impossible_counts() -> None:
    # 4 of 4 is possible; 5 of 4 is not: only the 5 and its n are named.
    with pytest.raises(ValueError, match=r"got successes 5 with n 4$"):
        wilson_interval([4, 5], [4, 4])


@pytest.mark.parametrize("n", [10, 13, 100, 1000])
def test_wilson_ends_are_exact_at_none_and_all(n: int) -> None:
    # The score formula leaves rounding dust (about 3e-17 at 0 of 10, 1 - 1e-16 at 13 of 13):
    # the interval is pinned to exactly 0 and exactly 1 there, as the docstring promises.
    assert wilson_interval(0, n)[0] == 0.0
    assert wilson_interval(n, n)[1] == 1.0


def test_certain_events_and_subnormal_gaps_raise_no_warnings() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert rescale(1.0, 1, 2) == 1.0  # log1p(-1) = -inf, on purpose
        assert apply_effect(1.0, "hazard ratio", 2.0) == 1.0
        # A gap of 5e-324 (the smallest float) overflows 1/gap to inf: no benefit to show.
        assert number_needed_to_treat(1e-323, 5e-324) == math.inf


def test_a_ratio_of_one_returns_the_baseline_exactly() -> None:
    # 1 - (1 - 0.123) ** 1 computed as -expm1(log1p(-0.123)) is 0.12300000000000001: a ratio of
    # 1 must give the baseline itself, not a rounding of it.
    assert apply_effect(0.123, "hazard ratio", 1.0) == 0.123


def test_no_negative_zero_comes_out() -> None:
    # A chance of -0.0 (a zero typed with a minus sign, or from a formula) would print as "-0";
    # -expm1(+0.0) is -0.0, which is what a -0.0 chance or rate gives inside these formulas.
    for value in (
        apply_effect(-0.0, "hazard ratio", 2.0),
        rescale(-0.0, 1, 2),
        rate_to_probability(-0.0),
    ):
        assert math.copysign(1.0, float(value)) == 1.0


def test_the_relative_risk_refusal_says_what_to_do() -> None:
    with pytest.raises(ValueError, match="above 1") as caught:
        apply_effect(0.6, "relative risk", 2.0)
    assert str(caught.value) == (
        "a relative risk applied to this baseline gives a chance above 1, which is impossible "
        "(baseline 0.6, relative risk 2); the ratio was measured in people at lower risk: use an "
        "odds ratio or hazard ratio, or a figure for people at this risk"
    )


def test_frequency_of_several_chances_at_once() -> None:
    # 12.5 -> 13 and 50 -> 50 out of 100, each chance against its own complement.
    assert frequency([0.125, 0.5], 100).tolist() == [13, 50]


def test_natural_frequencies_broadcast_rows_against_denominators_and_say_when_not() -> None:
    rows = natural_frequencies([[0.5, 0.5]], [10, 20])  # one row, two denominators
    assert rows.tolist() == [[5, 5], [10, 10]]
    with pytest.raises(ValueError, match="does not broadcast") as caught:
        natural_frequencies([[0.5, 0.5], [0.5, 0.5]], [10, 20, 30])
    assert str(caught.value) == (
        "denominator of shape (3,) does not broadcast against the leading axes (2,) of proportions"
    )


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: natural_frequencies("x", 10), "proportions must be a number or an array"),
        (lambda: natural_frequencies(1.0, 10), "proportions must be an array whose last axis"),
        (lambda: natural_frequencies([0.5, 0.6], 10), "proportions along the last axis must sum"),
        (lambda: rescale(0.1, "soon", 2), "from_years must be a number or an array"),
        (lambda: wilson_interval("some", 4), "successes must be a number or an array"),
    ],
)
def test_more_errors_name_their_argument(call, message: str) -> None:
    with pytest.raises(ValueError, match=f"^{re.escape(message)}"):
        call()


def test_a_denominator_too_large_for_floating_point_is_refused() -> None:
    # Seven sevenths of 2**55 + 3 people: the quotas' whole parts, rounded in floating point, do
    # not add up to the denominator, so the people cannot be shared out exactly.
    with pytest.raises(ValueError, match="too large") as caught:
        natural_frequencies([1 / 7] * 6 + [1 - 6 / 7], 2**55 + 3)
    assert str(caught.value) == "denominator is too large to share out exactly in floating point"


def test_the_broadcast_error_names_every_leading_axis() -> None:
    with pytest.raises(ValueError, match="does not broadcast") as caught:
        natural_frequencies([[[0.5, 0.5], [0.5, 0.5]]] * 2, [10, 20, 30])
    assert str(caught.value) == (
        "denominator of shape (3,) does not broadcast against the leading axes (2, 2) of proportions"
    )
