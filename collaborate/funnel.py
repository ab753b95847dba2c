r"""Funnel plots of top scores (Spiegelhalter, Stat Med 2005;24:1185-1202).

Each unit (clinician, site or aid) is a point: its top score against its number of complete
responses ``n``. Around the overall top score :math:`\theta_0` run control limits that narrow
as ``n`` grows: 95% ("alert", about 2 SD) and 99.8% ("alarm", about 3 SD). A unit outside them
differs from the rest by more than chance would often give; one inside them is not shown to.
Funnels replace league tables, which rank units on noise.

Exact binomial limits (the default), Spiegelhalter 2005, appendix A.1.1
    For coverage ``p`` (0.001, 0.025, 0.975, 0.999), let :math:`r_p` be the smallest ``r`` with
    :math:`F(r) = P(R \le r) \ge p` for :math:`R \sim \mathrm{Binomial}(n, \theta_0)`, and
    interpolate between the discrete steps:

    .. math:: \alpha = \frac{F(r_p) - p}{F(r_p) - F(r_p - 1)}, \qquad
              \text{limit} = \frac{r_p - \alpha}{n}

Normal approximation, ``method="normal"`` (Spiegelhalter 2005, section 4)
    :math:`\theta_0 \pm z_p \sqrt{\theta_0 (1 - \theta_0) / n}`, clipped to [0, 1]. This is
    the construction of Public Health England's Fingertips proportion funnels, so it reproduces
    their published limits; it is poor at small ``n`` and near 0% or 100%, where the exact
    limits should be used.

No overdispersion adjustment is made: where units vary more than binomial noise allows, many
will fall outside the limits, and the evaluator should read the plot with that in mind.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import NormalDist
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.stats import binom

__all__ = [
    "COVERAGES",
    "Funnel",
    "FunnelPoint",
    "Position",
    "funnel",
    "funnel_limits",
]

Method = Literal["exact", "normal"]
Position = Literal[
    "above 99.8% limit",
    "above 95% limit",
    "within 95% limits",
    "below 95% limit",
    "below 99.8% limit",
]

#: The lower and upper tail probabilities of the two funnels.
COVERAGES = {"95%": (0.025, 0.975), "99.8%": (0.001, 0.999)}

_CURVE_POINTS = 200


def funnel_limits(
    target: float, n: ArrayLike, probability: float, method: Method = "exact"
) -> NDArray[np.float64]:
    """The control limit at tail probability ``probability`` for each ``n``, as a proportion.

    ``probability`` is 0.025 and 0.975 for the 95% limits, 0.001 and 0.999 for the 99.8% ones.
    """
    if not 0 <= target <= 1:
        raise ValueError(f"the target must be a proportion from 0 to 1; got {target!r}")
    if not 0 < probability < 1:
        raise ValueError(
            f"the tail probability must be strictly between 0 and 1; got {probability}"
        )
    size = np.asarray(n, dtype=np.int64)
    if (size < 1).any():
        raise ValueError("every n must be a whole number of responses, 1 or more")
    if method == "normal":
        z = NormalDist().inv_cdf(probability)
        limit = target + z * np.sqrt(target * (1 - target) / size)
    elif method == "exact":
        r = binom.ppf(probability, size, target)
        at_r = binom.cdf(r, size, target)
        below_r = binom.cdf(r - 1, size, target)
        alpha = (at_r - probability) / (at_r - below_r)
        limit = (r - alpha) / size
    else:
        raise ValueError(f"method must be 'exact' or 'normal'; got {method!r}")
    if target in (0.0, 1.0):  # no variation is possible: the limits are the target itself
        limit = np.full(size.shape, float(target))
    return np.clip(limit, 0.0, 1.0)


@dataclass(frozen=True)
class FunnelPoint:
    unit: str
    n: int  # complete responses
    top: int  # of which with the top score
    position: Position

    @property
    def proportion(self) -> float:
        return self.top / self.n


@dataclass(frozen=True)
class Funnel:
    """A funnel plot's data: the target, the units, and the limit curves over ``n``."""

    target: float
    method: Method
    points: tuple[FunnelPoint, ...]
    n: tuple[int, ...]  # where the curves are drawn
    limits: dict[str, tuple[float, ...]]  # "95% lower", "95% upper", "99.8% lower"/"upper"


def _position(proportion: float, limits: dict[str, float]) -> Position:
    if proportion > limits["99.8% upper"]:
        return "above 99.8% limit"
    if proportion > limits["95% upper"]:
        return "above 95% limit"
    if proportion < limits["99.8% lower"]:
        return "below 99.8% limit"
    if proportion < limits["95% lower"]:
        return "below 95% limit"
    return "within 95% limits"


def _all_limits(target: float, n: ArrayLike, method: Method) -> dict[str, NDArray[np.float64]]:
    found = {}
    for name, (low, high) in COVERAGES.items():
        found[f"{name} lower"] = funnel_limits(target, n, low, method)
        found[f"{name} upper"] = funnel_limits(target, n, high, method)
    return found


def funnel(
    units: Sequence[tuple[str, int, int]],
    target: float,
    *,
    method: Method = "exact",
    smallest_n: int = 1,
) -> Funnel:
    """Place each unit ``(name, complete, top)`` on the funnel around ``target``.

    The curves run from ``smallest_n`` (the smallest group a score is shown for) to a little
    beyond the largest unit.
    """
    sizes = [n for _, n, _ in units]
    largest = max([*sizes, smallest_n * 2])
    grid = np.unique(np.geomspace(smallest_n, largest * 1.1, _CURVE_POINTS).round().astype(int))
    points = []
    if units:
        at_units = _all_limits(target, sizes, method)
        for i, (name, n, top) in enumerate(units):
            limits = {k: float(v[i]) for k, v in at_units.items()}
            points.append(FunnelPoint(name, n, top, _position(top / n, limits)))
    curves = _all_limits(target, grid, method)
    return Funnel(
        target=target,
        method=method,
        points=tuple(points),
        n=tuple(int(v) for v in grid),
        limits={k: tuple(float(x) for x in v) for k, v in curves.items()},
    )
