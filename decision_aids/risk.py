"""Absolute-risk arithmetic: the one place where probabilities are computed.

Every figure a decision aid shows a patient passes through here: a baseline risk with a relative
effect applied (:func:`apply_effect`, :func:`effect_with_interval`), a risk moved from one time
frame to another (:func:`rescale`), an event rate turned into a risk (:func:`rate_to_probability`),
a published ratio turned round to compare the other way (:func:`turn_round`), whether a difference
helps or harms (:func:`benefit_sign`), a risk turned into whole people out of 100 or 1000
(:func:`natural_frequencies`, :func:`frequency`), the number needed to treat or to harm
(:func:`number_needed_to_treat`, :func:`number_needed_to_harm`) and the uncertainty of a
proportion counted in a study (:func:`wilson_interval`).

Each of these rules has its home here and nowhere else: outcomes, calculators, charts and lint
call these functions rather than restate them.

Every function is vectorised: each numeric argument may be a scalar or an array, and arguments
broadcast against each other as in numpy. A scalar input gives a numpy scalar (``np.float64`` is
a ``float``); an array input gives an array. Bad input raises :class:`ValueError` with a message
that says what was wrong and what is allowed; nothing is silently clipped or turned into ``nan``.

Probabilities are risks over a stated time frame, as numbers from 0 to 1 (not percentages).
"""

from __future__ import annotations

from statistics import NormalDist
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from decision_aids.model import EffectMeasure

__all__ = [
    "SUM_TOLERANCE",
    "EventIs",
    "apply_effect",
    "benefit_sign",
    "effect_with_interval",
    "frequency",
    "natural_frequencies",
    "number_needed_to_harm",
    "number_needed_to_treat",
    "rate_to_probability",
    "rescale",
    "turn_round",
    "wilson_interval",
]

#: How far the proportions given to :func:`natural_frequencies` may sum away from 1.
SUM_TOLERANCE = 1e-9

#: Remainders closer than this are treated as tied by the largest-remainder method, so that
#: rounding error in ``proportion * denominator`` never decides who gets the spare person.
_TIE_DECIMALS = 9

Floats = NDArray[np.float64] | np.float64
Ints = NDArray[np.int64] | np.int64

#: Whether people want an outcome ('good'), want to avoid it ('bad'), or neither ('neutral'), as in
#: :attr:`decision_aids.model.Outcome.event_is`.
EventIs = Literal["good", "bad", "neutral"]


# --------------------------------------------------------------------------------------------
# Input checks
# --------------------------------------------------------------------------------------------


def _as_float(value: ArrayLike, name: str) -> NDArray[np.float64]:
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number or an array of numbers; got {value!r}") from None
    if np.isnan(array).any():
        raise ValueError(f"{name} must be a number; got nan (not a number) in {_show(array)}")
    return array


def _show(array: NDArray[np.generic]) -> str:
    """A short text of the offending values, for error messages."""
    flat = np.ravel(array)
    text = ", ".join(f"{v:g}" for v in flat[:5])
    return text + (f", ... ({flat.size} values)" if flat.size > 5 else "")


def _probability(value: ArrayLike, name: str) -> NDArray[np.float64]:
    array = _as_float(value, name)
    bad = (array < 0) | (array > 1)
    if bad.any():
        raise ValueError(
            f"{name} must be a probability from 0 to 1 inclusive (a risk of 12% is 0.12); "
            f"got {_show(array[bad])}"
        )
    return array


def _positive(value: ArrayLike, name: str, allowed: str) -> NDArray[np.float64]:
    array = _as_float(value, name)
    bad = ~np.isfinite(array) | (array <= 0)
    if bad.any():
        raise ValueError(f"{name} must be {allowed}; got {_show(array[bad])}")
    return array


def _ratio(value: ArrayLike, name: str = "ratio") -> NDArray[np.float64]:
    return _positive(
        value, name, "a finite number above 0 (1 means no effect; ratios cannot be 0 or negative)"
    )


def _whole(value: ArrayLike, name: str, minimum: int, allowed: str) -> NDArray[np.int64]:
    array = _as_float(value, name)
    bad = ~np.isfinite(array) | (array != np.round(array)) | (array < minimum)
    if bad.any():
        raise ValueError(f"{name} must be {allowed}; got {_show(array[bad])}")
    return array.astype(np.int64)


def _measure(measure: EffectMeasure | str) -> EffectMeasure:
    try:
        return EffectMeasure(measure)
    except ValueError:
        allowed = ", ".join(repr(m.value) for m in EffectMeasure)
        raise ValueError(f"measure must be one of {allowed}; got {measure!r}") from None


def _out(array: NDArray[Any]) -> Any:
    """A 0-d array as a numpy scalar; any other array unchanged."""
    return array[()]


def _unit(array: NDArray[np.float64]) -> NDArray[np.float64]:
    """Clip rounding error to [0, 1] and turn -0.0 into 0.0."""
    return np.clip(array, 0.0, 1.0) + 0.0


# --------------------------------------------------------------------------------------------
# Relative effects
# --------------------------------------------------------------------------------------------


def apply_effect(baseline: ArrayLike, measure: EffectMeasure | str, ratio: ArrayLike) -> Floats:
    r"""Apply a relative effect to a baseline risk, giving the risk with the option.

    Parameters
    ----------
    baseline
        Risk ``p`` of the event for the comparator (baseline) option over the outcome's time
        frame, from 0 to 1.
    measure
        How the effect is expressed: an :class:`~decision_aids.model.EffectMeasure` or its value,
        ``"relative risk"``, ``"hazard ratio"`` or ``"odds ratio"``.
    ratio
        The effect ``r`` of the option against the comparator; finite and above 0.

    Returns
    -------
    Risk with the option, from 0 to 1, broadcast over ``baseline`` and ``ratio``.

    Notes
    -----
    Relative risk (risk ratio)
        :math:`p' = p\,r`. A relative risk above 1 applied to a high baseline can imply a risk
        above 1, which is impossible: that is **refused** with a :class:`ValueError`, never capped,
        because it means the relative risk was measured in people at lower baseline risk and
        cannot be carried over unchanged (an odds ratio or hazard ratio can). Content is checked
        for this when it loads (:mod:`decision_aids.figure_checks`).
    Hazard ratio, assuming proportional hazards over the time frame
        :math:`p' = 1 - (1 - p)^{r}`, computed as ``-expm1(r * log1p(-p))`` for accuracy at
        small ``p``.
    Odds ratio
        :math:`p' = \dfrac{p\,r}{1 - p + p\,r}` (convert the risk to odds, multiply, convert
        back).

    For all three, ``r = 1`` returns the baseline exactly, ``p = 0`` gives 0, and the result is
    non-decreasing in both ``p`` and ``r`` (up to floating-point rounding, a few units in the
    last place). ``p = 1`` gives 1 under a hazard ratio or odds ratio, and ``r`` under a relative
    risk of at most 1. Neither end gives ``nan``.

    Examples
    --------
    >>> float(apply_effect(0.5, "odds ratio", 2.0))  # odds 1 -> 2, risk 2/3
    0.6666666666666666
    """
    kind = _measure(measure)
    p = _probability(baseline, "baseline")
    r = _ratio(ratio)
    p, r = np.broadcast_arrays(p, r)
    if kind is EffectMeasure.RELATIVE_RISK:
        result = p * r
        beyond = result > 1.0
        if beyond.any():
            raise ValueError(
                "a relative risk applied to this baseline gives a chance above 1, which is "
                f"impossible (baseline {_show(p[beyond])}, relative risk {_show(r[beyond])}); "
                "the ratio was measured in people at lower risk: use an odds ratio or hazard "
                "ratio, or a figure for people at this risk"
            )
    elif kind is EffectMeasure.HAZARD_RATIO:
        with np.errstate(divide="ignore"):  # log1p(-1) = -inf is intended: (1 - 1)**r = 0
            result = -np.expm1(r * np.log1p(-p))
    else:
        result = p * r / (1.0 - p + p * r)  # denominator >= min(1, r) > 0
    result = np.where(r == 1.0, p, result)
    return _out(_unit(result))


def effect_with_interval(
    baseline: ArrayLike,
    measure: EffectMeasure | str,
    ratio: ArrayLike,
    low: ArrayLike,
    high: ArrayLike,
) -> tuple[Floats, Floats, Floats]:
    r"""Apply a relative effect and its interval to a baseline risk.

    The interval of the ratio, ``low <= ratio <= high``, is carried through by applying the
    effect at each end, which is valid because :func:`apply_effect` is monotone in the ratio:

    .. math:: p_{low} = f(p, r_{low}),\quad p' = f(p, r),\quad p_{high} = f(p, r_{high})

    where ``f`` is :func:`apply_effect`. The baseline is treated as known exactly, so the
    interval shows the uncertainty of the effect only.

    Parameters
    ----------
    baseline
        Risk for the comparator option, from 0 to 1.
    measure
        ``"relative risk"``, ``"hazard ratio"`` or ``"odds ratio"`` (or an ``EffectMeasure``).
    ratio, low, high
        The effect and the ends of its interval; each finite and above 0, with
        ``low <= ratio <= high``.

    Returns
    -------
    (p, p_low, p_high)
        The risk with the option and its interval, with ``p_low <= p <= p_high`` guaranteed
        (rounding error cannot reverse them).

    Notes
    -----
    A published ratio that compares the other way round (comparator against option) must be
    turned round before it is passed here: ``ratio -> 1/ratio``, ``low -> 1/high``,
    ``high -> 1/low``.
    """
    r = _ratio(ratio)
    r_low = _ratio(low, "low")
    r_high = _ratio(high, "high")
    if (r_low > r).any() or (r > r_high).any():
        raise ValueError(
            "the ratio must lie inside its interval (low <= ratio <= high); "
            f"got ratio {_show(r)}, low {_show(r_low)}, high {_show(r_high)}"
        )
    p = np.asarray(apply_effect(baseline, measure, r))
    p_low = np.minimum(np.asarray(apply_effect(baseline, measure, r_low)), p)
    p_high = np.maximum(np.asarray(apply_effect(baseline, measure, r_high)), p)
    p, p_low, p_high = np.broadcast_arrays(p, p_low, p_high)
    return _out(p), _out(p_low), _out(p_high)


def turn_round(
    ratio: ArrayLike, low: ArrayLike | None = None, high: ArrayLike | None = None
) -> tuple[Floats, Floats | None, Floats | None]:
    r"""Turn a ratio published the other way round (comparator against option) to compare the option
    against the comparator.

    .. math:: r' = 1 / r,\quad low' = 1 / high,\quad high' = 1 / low

    The ends of the interval swap, so that ``low' <= r' <= high'`` still holds.

    Parameters
    ----------
    ratio
        The published ratio, finite and above 0.
    low, high
        The ends of its interval, or None where it has none (both or neither).

    Returns
    -------
    (ratio, low, high) turned round; ``low`` and ``high`` are None where none was given.

    Examples
    --------
    >>> [float(v) for v in turn_round(0.5, 0.25, 0.8)]  # warfarin vs none 0.5 (0.25-0.8)
    [2.0, 1.25, 4.0]
    """
    r = _ratio(ratio)
    if (low is None) != (high is None):
        raise ValueError("give both ends of the interval (low and high), or neither")
    if low is None or high is None:
        return _out(1.0 / r), None, None
    return _out(1.0 / r), _out(1.0 / _ratio(high, "high")), _out(1.0 / _ratio(low, "low"))


# --------------------------------------------------------------------------------------------
# Time frames and rates
# --------------------------------------------------------------------------------------------


def rescale(probability: ArrayLike, from_years: ArrayLike, to_years: ArrayLike) -> Floats:
    r"""Move a risk from one time frame to another, assuming a constant hazard.

    .. math:: p_{to} = 1 - (1 - p_{from})^{t_{to} / t_{from}}

    computed as ``-expm1((to/from) * log1p(-p))``. Rescaling to the same time frame returns the
    probability exactly; rescaling there and back returns it up to rounding (except where the
    risk over the longer frame is so close to 1 that it rounds to 1).

    Parameters
    ----------
    probability
        Risk over ``from_years``, from 0 to 1.
    from_years, to_years
        The two time frames, in years (finite, above 0).

    Returns
    -------
    Risk over ``to_years``, from 0 to 1.

    Examples
    --------
    >>> round(float(rescale(0.19, 2, 1)), 12)  # 1 - 0.81 ** 0.5
    0.1
    """
    p = _probability(probability, "probability")
    t_from = _positive(from_years, "from_years", "a finite number of years above 0")
    t_to = _positive(to_years, "to_years", "a finite number of years above 0")
    p, t_from, t_to = np.broadcast_arrays(p, t_from, t_to)
    with np.errstate(divide="ignore"):  # log1p(-1) = -inf is intended: a certain event stays so
        result = -np.expm1((t_to / t_from) * np.log1p(-p))
    result = np.where(t_to == t_from, p, result)
    return _out(_unit(result))


def rate_to_probability(rate_per_person_year: ArrayLike, years: ArrayLike = 1.0) -> Floats:
    r"""Turn an event rate into the risk of at least one event over a time frame.

    With a constant rate :math:`\lambda` events per person-year, the risk over :math:`t` years is

    .. math:: p = 1 - e^{-\lambda t}

    Parameters
    ----------
    rate_per_person_year
        Events per person-year, finite and 0 or more. A figure published per 100 person-years
        (e.g. 2.1 per 100 person-years) must be divided by 100 first (0.021).
    years
        The time frame in years, finite and above 0.

    Returns
    -------
    Risk over ``years``, from 0 to 1.
    """
    rate = _as_float(rate_per_person_year, "rate_per_person_year")
    bad = ~np.isfinite(rate) | (rate < 0)
    if bad.any():
        raise ValueError(
            "rate_per_person_year must be a finite number of events per person-year, 0 or more "
            f"(divide a rate per 100 person-years by 100); got {_show(rate[bad])}"
        )
    t = _positive(years, "years", "a finite number of years above 0")
    return _out(_unit(-np.expm1(-rate * t)))


# --------------------------------------------------------------------------------------------
# Natural frequencies
# --------------------------------------------------------------------------------------------


def natural_frequencies(proportions: ArrayLike, denominator: ArrayLike) -> NDArray[np.int64]:
    r"""Turn proportions into whole people out of ``denominator``, summing exactly.

    The proportions along the **last axis** are categories of one population (e.g. "has a
    stroke", "does not") and must sum to 1 (within :data:`SUM_TOLERANCE`). Each category first
    gets the whole part of its quota :math:`q_i = d\,p_i`; the people left over,
    :math:`d - \sum_i \lfloor q_i \rfloor`, go one each to the categories with the largest
    remainders :math:`q_i - \lfloor q_i \rfloor` (the largest-remainder or Hamilton method).
    Remainders equal to 9 decimal places count as tied, and ties go to the lower index first.

    So the counts sum to ``d`` exactly, and each count is :math:`\lfloor q_i \rfloor` or
    :math:`\lfloor q_i \rfloor + 1`, within 1 of its quota.

    Parameters
    ----------
    proportions
        Array of shape ``(..., k)`` with ``k >= 1``; every value 0 or more, each row summing to 1.
    denominator
        Whole number of people, 1 or more (e.g. 100 or 1000); a scalar, or an array that
        broadcasts against the leading axes ``proportions.shape[:-1]``.

    Returns
    -------
    Integer counts with the broadcast shape ``(..., k)``, each row summing to ``denominator``.

    Examples
    --------
    >>> natural_frequencies([1 / 3, 1 / 3, 1 / 3], 100).tolist()
    [34, 33, 33]
    """
    p = _as_float(proportions, "proportions")
    if p.ndim == 0 or p.shape[-1] == 0:
        raise ValueError(
            "proportions must be an array whose last axis holds at least one category, e.g. "
            f"[0.2, 0.8]; got shape {p.shape}"
        )
    bad = ~np.isfinite(p) | (p < 0)
    if bad.any():
        raise ValueError(f"proportions must be finite and 0 or more; got {_show(p[bad])}")
    totals = p.sum(axis=-1)
    off = np.abs(totals - 1.0) > SUM_TOLERANCE
    if off.any():
        raise ValueError(
            "proportions along the last axis must sum to 1 (every category of the population, "
            f"within {SUM_TOLERANCE:g}); got sums {_show(totals[off])}"
        )
    d = _whole(denominator, "denominator", 1, "a whole number of people, 1 or more")
    try:
        shape = np.broadcast_shapes(p.shape[:-1], d.shape)
    except ValueError:
        raise ValueError(
            f"denominator of shape {d.shape} does not broadcast against the leading axes "
            f"{p.shape[:-1]} of proportions"
        ) from None
    k = p.shape[-1]
    p = np.broadcast_to(p / totals[..., None], (*shape, k))
    d = np.broadcast_to(d, shape)

    quotas = p * d[..., None]
    floors = np.floor(quotas)
    remainders = np.round(quotas - floors, _TIE_DECIMALS)
    spare = d - floors.sum(axis=-1).astype(np.int64)
    if (spare < 0).any() or (spare > k).any():  # only for denominators near 2**53
        raise ValueError("denominator is too large to share out exactly in floating point")
    order = np.argsort(-remainders, axis=-1, kind="stable")  # stable: lower index wins ties
    rank = np.argsort(order, axis=-1, kind="stable")
    return floors.astype(np.int64) + (rank < spare[..., None])


def frequency(probability: ArrayLike, denominator: ArrayLike) -> Ints:
    r"""How many people out of ``denominator`` have the event, as a whole number.

    The count of ``[p, 1 - p]`` shared out by :func:`natural_frequencies`, so it agrees with the
    count of people without the event and the two sum to ``denominator``: it is
    :math:`d\,p` rounded to the nearest whole number, with an exact half rounded up.

    Parameters
    ----------
    probability
        Risk of the event, from 0 to 1.
    denominator
        Whole number of people, 1 or more; broadcasts against ``probability``.

    Returns
    -------
    Integer count(s), from 0 to ``denominator``.

    Examples
    --------
    >>> int(frequency(0.125, 100))  # 12.5 -> 13
    13
    """
    p = _probability(probability, "probability")
    return _out(natural_frequencies(np.stack([p, 1.0 - p], axis=-1), denominator)[..., 0])


# --------------------------------------------------------------------------------------------
# Number needed to treat / harm
# --------------------------------------------------------------------------------------------


def benefit_sign(event_is: EventIs, p_without: ArrayLike, p_with: ArrayLike) -> Ints:
    r"""Whether moving from ``p_without`` to ``p_with`` helps (+1), harms (-1) or neither (0).

    For a bad event (a stroke) fewer events help: the sign of :math:`p_{without} - p_{with}`.
    For a good event (pain relief) more help: the sign of :math:`p_{with} - p_{without}`.
    A neutral event (having an operation later) is neither a benefit nor a harm, so 0; so are
    equal chances.

    Parameters
    ----------
    event_is
        ``"bad"``, ``"good"`` or ``"neutral"``, as in :attr:`decision_aids.model.Outcome.event_is`.
    p_without, p_with
        The chance of the event without and with the option (or any two values that order the
        same way, such as counts out of one denominator).

    Returns
    -------
    +1, -1 or 0, broadcast over the two chances.

    Examples
    --------
    >>> int(benefit_sign("bad", 0.10, 0.06)), int(benefit_sign("good", 0.3, 0.2))
    (1, -1)
    """
    if event_is not in ("bad", "good", "neutral"):
        raise ValueError(f"event_is must be 'bad', 'good' or 'neutral'; got {event_is!r}")
    without = _as_float(p_without, "p_without")
    with_ = _as_float(p_with, "p_with")
    gain = without - with_ if event_is == "bad" else with_ - without
    sign = np.sign(gain).astype(np.int64) * (event_is != "neutral")
    return _out(sign)


def _number_needed_one_way(
    p_control: ArrayLike, p_treated: ArrayLike, event_is: str, benefit: bool
) -> Floats:
    if event_is not in ("bad", "good"):
        raise ValueError(f"event_is must be 'bad' or 'good'; got {event_is!r}")
    control = _probability(p_control, "p_control")
    treated = _probability(p_treated, "p_treated")
    wanted = 1 if benefit else -1
    way = np.asarray(benefit_sign(event_is, control, treated)) == wanted
    gap = np.abs(np.asarray(control - treated, dtype=np.float64))
    result = np.full(gap.shape, np.inf)
    with np.errstate(over="ignore"):  # a subnormal gap gives inf, as no gap does
        np.divide(1.0, gap, out=result, where=way)
    return _out(result)


def number_needed_to_treat(
    p_control: ArrayLike, p_treated: ArrayLike, *, event_is: Literal["bad", "good"] = "bad"
) -> Floats:
    r"""Number needed to treat for one more person to benefit (NNT).

    For a bad event (a stroke), the option benefits when it lowers the risk:

    .. math:: NNT = \frac{1}{p_{control} - p_{treated}} \quad\text{where } p_{treated} < p_{control}

    For a good event (pain relief), it benefits when it raises the chance:
    :math:`1 / (p_{treated} - p_{control})`.

    Where the option brings no benefit (the risks are equal, or it moves them the wrong way) the
    result is ``inf``; the harm is then given by :func:`number_needed_to_harm`. For any pair of
    risks at most one of NNT and NNH is finite, and both are positive.

    Parameters
    ----------
    p_control, p_treated
        Risks without and with the option, each from 0 to 1, over the same time frame.
    event_is
        ``"bad"`` (people want to avoid it) or ``"good"`` (people want it), as in
        :attr:`decision_aids.model.Outcome.event_is`.

    Returns
    -------
    A number of people, 1 or more, or ``inf``.

    Examples
    --------
    >>> round(float(number_needed_to_treat(0.10, 0.06)), 9)  # 4 fewer strokes in every 100
    25.0
    """
    return _number_needed_one_way(p_control, p_treated, event_is, benefit=True)


def number_needed_to_harm(
    p_control: ArrayLike, p_treated: ArrayLike, *, event_is: Literal["bad", "good"] = "bad"
) -> Floats:
    r"""Number needed to treat for one more person to be harmed (NNH).

    For a bad event (a major bleed), the option harms when it raises the risk:

    .. math:: NNH = \frac{1}{p_{treated} - p_{control}} \quad\text{where } p_{treated} > p_{control}

    For a good event, it harms when it lowers the chance: :math:`1 / (p_{control} - p_{treated})`.
    ``inf`` where the option does no harm; see :func:`number_needed_to_treat`.

    Parameters
    ----------
    p_control, p_treated
        Risks without and with the option, each from 0 to 1, over the same time frame.
    event_is
        ``"bad"`` or ``"good"``, as in :attr:`decision_aids.model.Outcome.event_is`.

    Returns
    -------
    A number of people, 1 or more, or ``inf``.
    """
    return _number_needed_one_way(p_control, p_treated, event_is, benefit=False)


# --------------------------------------------------------------------------------------------
# Uncertainty of a counted proportion
# --------------------------------------------------------------------------------------------


def wilson_interval(
    successes: ArrayLike, n: ArrayLike, confidence: float = 0.95
) -> tuple[Floats, Floats]:
    r"""Wilson score interval for a proportion of ``successes`` out of ``n``.

    With :math:`\hat p = x / n` and :math:`z` the standard normal quantile at
    :math:`1 - (1 - c)/2` (1.959964 for 95%),

    .. math::

        \frac{\hat p + \frac{z^2}{2n}}{1 + \frac{z^2}{n}}
        \pm \frac{z}{1 + \frac{z^2}{n}} \sqrt{\frac{\hat p (1 - \hat p)}{n} + \frac{z^2}{4n^2}}

    (Wilson 1927; method 3 of Newcombe, Stat Med 1998;17:857-72). Unlike the simple
    ``p ± z·se`` interval it stays within [0, 1] and is not zero-width at 0 or n successes; the
    low end is exactly 0 when ``x = 0`` and the high end exactly 1 when ``x = n``.

    Parameters
    ----------
    successes
        Whole number of events, from 0 to ``n``.
    n
        Whole number of people, 1 or more.
    confidence
        Confidence level, strictly between 0 and 1.

    Returns
    -------
    (low, high)
        The interval's ends, broadcast over ``successes`` and ``n``.

    Examples
    --------
    >>> [round(float(v), 4) for v in wilson_interval(81, 263)]
    [0.2553, 0.3662]
    """
    if not (isinstance(confidence, int | float) and 0 < confidence < 1):
        raise ValueError(
            f"confidence must be a number strictly between 0 and 1 (e.g. 0.95); got {confidence!r}"
        )
    x = _whole(successes, "successes", 0, "a whole number of events, 0 or more")
    size = _whole(n, "n", 1, "a whole number of people, 1 or more (an interval needs data)")
    x, size = np.broadcast_arrays(x, size)
    if (x > size).any():
        raise ValueError(
            f"successes must be from 0 to n; got successes {_show(x[x > size])} "
            f"with n {_show(size[x > size])}"
        )
    z = NormalDist().inv_cdf(1.0 - (1.0 - confidence) / 2.0)
    z2 = z * z
    nf = size.astype(np.float64)
    p_hat = x / nf
    scale = 1.0 + z2 / nf
    centre = (p_hat + z2 / (2.0 * nf)) / scale
    half = (z / scale) * np.sqrt(p_hat * (1.0 - p_hat) / nf + z2 / (4.0 * nf * nf))
    low = np.where(x == 0, 0.0, _unit(centre - half))
    high = np.where(x == size, 1.0, _unit(centre + half))
    return _out(low), _out(high)
