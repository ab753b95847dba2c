"""Who is in which group, for each option of one outcome: the categories an icon array shows.

An option compared with doing nothing splits its people into those who have the event anyway
(with either option), the difference (events prevented or caused by the option; for a good
outcome, people better or not better because of it) and those who have it with neither. The
counts are whole people taken from the options' own counts, which :mod:`decision_aids.risk`
shares out by the largest-remainder method; here they are only subtracted, never rounded again.
That keeps every category consistent with the numbers written beside the chart: re-rounding the
category proportions instead can disagree by one (a 10.5% and a 7.4% risk are 11 and 7 in 100,
but their shares 7.4, 3.1 and 89.5 round to 7, 3 and 90).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from decision_aids import risk
from decision_aids.charts._span import range_words
from decision_aids.model import PASSIVE_KINDS, Option, Outcome, TimeFrame
from decision_aids.outcomes import OptionFigure, OutcomeFigures

__all__ = ["Category", "Comparison", "Panel", "Role", "compare"]

Effect = Literal["helped", "harmed"]


class Role(StrEnum):
    """What a group of people shares, in the order the groups fill an icon array."""

    EVENT = "event"  # has the event (an option with nothing to be compared with)
    ANYWAY = "anyway"  # has the event with this option and with doing nothing
    MORE = "more"  # has the event with this option only
    FEWER = "fewer"  # has the event with doing nothing only
    NONE = "none"  # has the event with neither


_HAPPENS = frozenset({Role.EVENT, Role.ANYWAY, Role.MORE})


@dataclass(frozen=True)
class Category:
    """One group of people in one option's array.

    ``share`` is the unrounded proportion behind ``count``; it tells "fewer than 1 in 100" from
    none at all.
    """

    role: Role
    count: int
    share: float
    effect: Effect | None = None

    @property
    def happens(self) -> bool:
        """Whether these people have the event with this option."""
        return self.role in _HAPPENS


@dataclass(frozen=True)
class Panel:
    """One option's array: its categories in fill order, or why there is no figure."""

    option: Option
    count: int | None
    probability: float | None
    categories: tuple[Category, ...] = ()
    message: str | None = None


@dataclass(frozen=True)
class Comparison:
    """The panels of one outcome, every one on the outcome's denominator and time frame."""

    outcome: Outcome
    panels: tuple[Panel, ...]
    reference: Panel | None
    #: The answers not known that some panels' ranges depend on, as the form names them.
    depends_on: tuple[str, ...] = ()

    @property
    def denominator(self) -> int:
        return self.outcome.denominator

    @property
    def time_frame(self) -> TimeFrame:
        return self.outcome.time_frame

    @property
    def label(self) -> str:
        return self.outcome.label


def _shown(figures: OutcomeFigures, options: Sequence[str] | None) -> list[OptionFigure]:
    if options is None:
        return list(figures.figures)
    known = [f.option.id for f in figures.figures]
    unknown = [o for o in options if o not in known]
    if unknown or not options:
        raise ValueError(
            f"options must name options of this aid, one or more of: {', '.join(known)}; "
            f"got {list(options)}"
        )
    return [f for f in figures.figures if f.option.id in options]


def _known(figure: OptionFigure) -> tuple[int, float]:
    assert figure.count is not None
    assert figure.probability is not None
    return figure.count, figure.probability


def _alone(figure: OptionFigure, denominator: int) -> Panel:
    count, probability = _known(figure)
    return Panel(
        figure.option,
        count,
        probability,
        (
            Category(Role.EVENT, count, probability),
            Category(Role.NONE, denominator - count, 1.0 - probability),
        ),
    )


def _against(figure: OptionFigure, reference: OptionFigure, outcome: Outcome) -> Panel:
    a, pa = _known(reference)
    b, pb = _known(figure)
    more = (b, pb) > (a, pa)
    sign = int(risk.benefit_sign(outcome.event_is, pa, pb))
    effect: Effect | None = {1: "helped", -1: "harmed"}.get(sign)
    difference = Category(Role.MORE if more else Role.FEWER, abs(b - a), abs(pb - pa), effect)
    categories = (
        Category(Role.ANYWAY, min(a, b), min(pa, pb)),
        *([difference] if difference.share > 0 else []),
        Category(Role.NONE, outcome.denominator - max(a, b), 1.0 - max(pa, pb)),
    )
    return Panel(figure.option, b, pb, categories)


def _panel(figure: OptionFigure, reference: OptionFigure | None, figures: OutcomeFigures) -> Panel:
    if figure.count is None:
        if figure.not_known:
            return Panel(figure.option, None, None, message=figure.not_known)
        # No count and no reason: the figure depends on answers not known.
        label = figures.outcome.label
        counts = f"{range_words(figure)} in {figures.denominator}"
        message = (
            f"{counts[:1].upper()}{counts[1:]} will {label}, depending on the answers not known."
        )
        return Panel(figure.option, None, None, message=message)
    if reference is None or figure is reference:
        return _alone(figure, figures.denominator)
    return _against(figure, reference, figures.outcome)


def compare(figures: OutcomeFigures, options: Sequence[str] | None = None) -> Comparison:
    """Split each option's people into the categories its icon array shows.

    Parameters
    ----------
    figures
        One outcome's figures, from :func:`decision_aids.outcomes.personalise`.
    options
        Ids of the options to show (they keep the aid's order); all of them by default.

    Returns
    -------
    A panel per option. The first doing-nothing option shown (``kind`` in
    :data:`~decision_aids.model.PASSIVE_KINDS`) that has a figure is the reference: its panel
    has two categories (event, none) and every other option's has up to three (anyway, more or
    fewer, none). Without a reference every panel has two. An option without a figure gets a
    message saying why instead, or, where its figure depends on answers not known, the range.
    """
    shown = _shown(figures, options)
    passive = [f for f in shown if f.option.kind in PASSIVE_KINDS and f.count is not None]
    reference = passive[0] if passive else None
    panels = tuple(_panel(f, reference, figures) for f in shown)
    return Comparison(
        figures.outcome,
        panels,
        panels[shown.index(reference)] if reference else None,
        figures.depends_on,
    )
