r"""collaboRATE scores as the developers define them, each with a 95% interval.

Only complete responses (all three items answered) are scored; incomplete ones are counted and
left out (Elwyn et al., "Scoring collaboRATE").

Top score (the developers' recommended score)
    The share of complete responses with the top point on all three items (9 on the 10-point
    format; 4 on the 5-point format, which is our derivation). Interval: Wilson score
    (:func:`decision_aids.risk.wilson_interval`).
Mean score
    Each complete response's mean of its three items, then the mean over responses: 0 to 9 on the
    10-point format. Interval: Student's *t* on the per-response means,

    .. math:: \bar m \pm t_{0.975,\,n-1}\, s / \sqrt{n},\qquad
              s^2 = \frac{n \sum T_i^2 - (\sum T_i)^2}{9\, n (n - 1)}

    where :math:`T_i` is response *i*'s item total; the interval is clipped to the scale (0 to
    9), which it can overrun when most answers sit at an end.
Rescaled mean (0-100)
    The mean score times 100 / 9 (100 / 4 on the 5-point format), with its interval rescaled the
    same way. It is **not** the top score, though both run to 100.

Whether a group has enough responses to show its score is :mod:`collaborate.report`'s rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import sqrt

from scipy.stats import t as student_t

from collaborate.aggregates import GroupCounts
from decision_aids.risk import wilson_interval

__all__ = ["CONFIDENCE", "Estimate", "Score", "score"]

CONFIDENCE = 0.95
_ITEMS = 3


@dataclass(frozen=True)
class Estimate:
    value: float
    low: float
    high: float

    def scaled(self, factor: float) -> Estimate:
        return Estimate(self.value * factor, self.low * factor, self.high * factor)


@dataclass(frozen=True)
class Score:
    """The scores of one group of complete responses."""

    complete: int
    top: int
    top_score: Estimate  # a proportion from 0 to 1
    mean: Estimate  # on the items' scale, 0 to scale_max
    mean_rescaled: Estimate  # "rescaled mean (0-100)"


def score(counts: GroupCounts, confidence: float = CONFIDENCE) -> Score:
    """Top score, mean score and rescaled mean for a group with at least 2 complete responses."""
    n = counts.complete
    if n < 2:
        raise ValueError(f"a score needs at least 2 complete responses; this group has {n}")
    low, high = wilson_interval(counts.top, n, confidence)
    top = Estimate(counts.top / n, float(low), float(high))

    mean = counts.total_sum / (_ITEMS * n)
    variance = (n * counts.total_squares - counts.total_sum**2) / (_ITEMS**2 * n * (n - 1))
    half = float(student_t.ppf(0.5 + confidence / 2, n - 1)) * sqrt(max(variance, 0.0) / n)
    top_point = counts.scale_max
    mean_estimate = Estimate(mean, max(mean - half, 0.0), min(mean + half, top_point))
    return Score(
        complete=n,
        top=counts.top,
        top_score=top,
        mean=mean_estimate,
        mean_rescaled=mean_estimate.scaled(100 / top_point),
    )
