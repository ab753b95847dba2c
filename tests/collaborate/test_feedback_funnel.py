"""Funnel limits against exact binomial arithmetic and published values (research note §3.2)."""

from __future__ import annotations

from fractions import Fraction
from math import comb

import numpy as np
import pytest

from collaborate.funnel import funnel, funnel_limits


def exact_limit(target: Fraction, n: int, p: Fraction) -> Fraction:
    """Spiegelhalter 2005 (appendix A.1.1) in exact rational arithmetic: the smallest r with
    P(R <= r) >= p, interpolated by (P(R <= r) - p) / P(R = r), over n."""
    below = Fraction(0)
    for r in range(n + 1):
        at = below + comb(n, r) * target**r * (1 - target) ** (n - r)
        if at >= p:
            return (r - (at - p) / (at - below)) / n
        below = at
    raise AssertionError("the cdf reaches 1")


@pytest.mark.parametrize("target", [Fraction(60, 100), Fraction(72, 100), Fraction(15, 100)])
@pytest.mark.parametrize("n", [1, 2, 10, 25, 37, 50, 100, 250])
@pytest.mark.parametrize(
    "p", [Fraction(1, 1000), Fraction(25, 1000), Fraction(975, 1000), Fraction(999, 1000)]
)
def test_exact_limits_match_exact_binomial_arithmetic(target: Fraction, n: int, p: Fraction):
    expected = min(max(exact_limit(target, n, p), Fraction(0)), Fraction(1))
    assert float(funnel_limits(float(target), n, float(p))) == pytest.approx(
        float(expected), abs=1e-9
    )


@pytest.mark.parametrize(
    ("n", "lower95", "lower998"),
    [  # PHEindicatormethods testdata_funnel_prop_outputs.csv, baseline 80.642448% (note §3.2)
        (1, 3.204264, 0.0),
        (2, 25.885383, 0.0),
        (3, 35.933491, 10.150815),
        (11, 57.293957, 43.829393),
    ],
)
def test_the_normal_approximation_reproduces_phe_fingertips_published_limits(n, lower95, lower998):
    target = 0.80642448
    assert funnel_limits(target, n, 0.025, "normal") * 100 == pytest.approx(lower95, abs=2e-6)
    assert funnel_limits(target, n, 0.001, "normal") * 100 == pytest.approx(lower998, abs=2e-6)
    assert funnel_limits(target, n, 0.975, "normal") == 1.0  # the upper limits clip at 100%


def test_exact_limits_approach_the_normal_ones_as_n_grows():
    n = np.array([10_000, 100_000])
    for p in (0.001, 0.025, 0.975, 0.999):
        gap = np.abs(funnel_limits(0.80642448, n, p) - funnel_limits(0.80642448, n, p, "normal"))
        assert (gap < [2e-3, 3e-4]).all()


def test_exact_limits_near_the_research_notes_illustration():
    """§2.2 gives arcsine limits (target 60%); exact binomial limits are near them, not equal."""
    published = {
        25: (29.8, 40.5, 78.0, 86.5),
        50: (38.3, 46.2, 73.0, 79.8),
        100: (44.6, 50.3, 69.4, 74.4),
    }
    for n, values in published.items():
        ours = [float(funnel_limits(0.6, n, p)) * 100 for p in (0.001, 0.025, 0.975, 0.999)]
        assert ours == pytest.approx(values, abs=3.0)
        assert ours[0] < ours[1] < 60 < ours[2] < ours[3]


def test_limits_narrow_as_n_grows_and_stay_in_range():
    n = np.arange(1, 2000)
    for p in (0.001, 0.025):
        lower = funnel_limits(0.7, n, p)
        assert (np.diff(lower[24:]) >= -1e-3).all()  # interpolation keeps steps tiny
        assert ((lower >= 0) & (lower <= 0.7)).all()


def test_a_target_of_zero_or_one_has_no_spread():
    assert funnel_limits(1.0, [5, 50], 0.025).tolist() == [1.0, 1.0]
    assert funnel_limits(0.0, [5, 50], 0.999).tolist() == [0.0, 0.0]


@pytest.mark.parametrize(
    ("args", "message"),
    [((1.2, 10, 0.025), "target must be a proportion"), ((0.5, 0, 0.025), "every n"),
     ((0.5, 10, 1.0), "strictly between")],
)  # fmt: skip
def test_bad_input_is_refused(args, message):
    with pytest.raises(ValueError, match=message):
        funnel_limits(*args)


def test_units_are_placed_against_the_limits_at_their_own_n():
    # target 50%; at n = 100 the exact 95% limits are about 40% and 60%, 99.8% about 35% and 65%
    units = [("ok", 100, 50), ("high", 100, 63), ("very high", 100, 70), ("low", 100, 38),
             ("very low", 100, 30), ("small", 25, 16)]  # fmt: skip
    result = funnel(units, 0.5, smallest_n=25)
    assert {p.unit: p.position for p in result.points} == {
        "ok": "within 95% limits",
        "high": "above 95% limit",
        "very high": "above 99.8% limit",
        "low": "below 95% limit",
        "very low": "below 99.8% limit",
        "small": "within 95% limits",  # 64% of 25 is within chance
    }
    assert result.n[0] == 25
    assert result.n[-1] >= 100
    assert set(result.limits) == {"95% lower", "95% upper", "99.8% lower", "99.8% upper"}
    assert all(len(v) == len(result.n) for v in result.limits.values())
