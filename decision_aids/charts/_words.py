"""The plain English beside and inside every chart, built from the same counts as the icons.

Figures are natural frequencies on the outcome's one denominator with its time frame stated
(Trevena et al. 2013; NICE NG197), whole numbers only, both framings given ("about 7 will ...,
and about 93 will not"), and a count that rounds to 0 written "fewer than 1 in 100", never
"0 in 100". Outcome labels are verb phrases ("have a stroke"), so every sentence uses them after
"will", "will not" or a plural count, which is grammatical for any verb.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal

from decision_aids import risk
from decision_aids.charts._categories import Category, Comparison, Panel, Role, compare
from decision_aids.charts._span import not_known_yet
from decision_aids.outcomes import OutcomeFigures

__all__ = [
    "amount",
    "describe",
    "heading",
    "key_line",
    "numbers_needed",
    "text_alternative",
]

Style = Literal["count", "percentage"]


def heading(comparison: Comparison) -> str:
    """The chart's title, e.g. 'How many out of 100 people like you will have a stroke over the
    next year'."""
    return (
        f"How many out of {comparison.denominator} people like you will {comparison.label} "
        f"{comparison.time_frame.phrase}"
    )


def _number(count: int, denominator: int, style: Style) -> str:
    return f"{count * 100 / denominator:g}%" if style == "percentage" else str(count)


def amount(count: int, share: float, denominator: int, style: Style = "count") -> str:
    """A count of people as words: 'about 7', 'about 7%', 'fewer than 1 in 100'.

    A count of 0 is 'fewer than 1 in 100' (or 'less than 1%') when ``share``, the unrounded
    proportion, is above 0, and 'none' when it is 0.
    """
    if count == 0 and share > 0:
        if style == "percentage":
            return f"less than {_number(1, denominator, style)}"
        return f"fewer than 1 in {denominator}"
    if count == 0:
        return "none"
    return f"about {_number(count, denominator, style)}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _phrase(category: Category, label: str) -> str:
    will = "will" if category.happens else "will not"
    tail = {Role.ANYWAY: " anyway", Role.MORE: " because of it", Role.FEWER: " because of it"}
    return f"{will} {label}{tail.get(category.role, '')}"


def key_line(category: Category, label: str, denominator: int) -> str:
    """A category with its count, as the key beside an array says it: 'Helped: 3 will not ...'."""
    count = amount(category.count, category.share, denominator).removeprefix("about ")
    prefix = f"{category.effect}: " if category.effect else ""
    return _capital(f"{prefix}{count} {_phrase(category, label)}")


def _difference(panel: Panel, comparison: Comparison, style: Style) -> str:
    assert comparison.reference is not None
    shown = {c.role: c for c in panel.categories}
    versus = f"Compared with “{comparison.reference.option.name}”,"
    change = shown.get(Role.MORE) or shown.get(Role.FEWER)
    if change is None:
        return f"{versus} it makes no difference to how many will {comparison.label}."
    size = amount(change.count, change.share, comparison.denominator, style)
    if style == "count" and change.count > 0:
        size = f"{size} in {comparison.denominator}"
    direction = "more" if change.role is Role.MORE else "fewer"
    if change.effect is None:  # a neutral outcome: a difference, neither help nor harm
        return f"{versus} {size} {direction} will {comparison.label} because of it."
    many = change.count if style == "count" and change.count > 0 else "that many"
    return f"{versus} {size} are {change.effect} by it: {many} {direction} will {comparison.label}."


def _sentence(panel: Panel, comparison: Comparison, style: Style) -> str:
    name = panel.option.name
    if panel.count is None or panel.probability is None:
        return f"{name}: {panel.message}"
    d = comparison.denominator
    events = amount(panel.count, panel.probability, d, style)
    text = f"{name}: {events} will {comparison.label}"
    if panel.probability < 1:
        others = amount(d - panel.count, 1 - panel.probability, d, style)
        text += f", and {others} will not"
    text += "."
    if comparison.reference is not None and panel is not comparison.reference:
        text += " " + _difference(panel, comparison, style)
    return text


def describe(comparison: Comparison, style: Style = "count") -> str:
    """Every number of a comparison in sentences: a lead line, then one line per option."""
    lead = (
        f"Out of {comparison.denominator} people like you"
        if style == "count"
        else "Of people like you"
    )
    lines = [f"{lead}, {comparison.time_frame.phrase}:"]
    if comparison.depends_on:
        lines.append(
            "Some figures are a range, because these answers are not known: "
            f"{not_known_yet(comparison.depends_on)}."
        )
    lines += [_sentence(panel, comparison, style) for panel in comparison.panels]
    return "\n".join(lines)


def text_alternative(
    figures: OutcomeFigures,
    *,
    options: Sequence[str] | None = None,
    percentages: bool = False,
) -> str:
    """Every number an outcome's chart shows, in plain English, one line per option.

    The same words serve as the charts' description for screen readers and as the text shown
    beside them for everyone, for example::

        Out of 100 people like you, over the next 10 years:
        No statin: about 10 will have a heart attack or stroke, and about 90 will not.
        A statin: about 7 will have a heart attack or stroke, and about 93 will not. Compared
        with “No statin”, about 3 in 100 are helped by it: 3 fewer will have a heart attack or
        stroke.

    Parameters
    ----------
    figures
        The outcome's figures, from :func:`decision_aids.outcomes.personalise`.
    options
        Ids of the options to describe; all by default.
    percentages
        Give the same counts as percentages ("about 7%") instead of natural frequencies.
    """
    return describe(compare(figures, options), "percentage" if percentages else "count")


def _number_needed(panel: Panel, comparison: Comparison) -> str | None:
    reference = comparison.reference
    if reference is None or panel is reference or comparison.outcome.event_is == "neutral":
        return None
    if panel.probability is None or reference.probability is None:
        return None
    event_is = comparison.outcome.event_is
    versus = f"instead of “{reference.option.name}”"
    label = comparison.label
    treat = float(
        risk.number_needed_to_treat(reference.probability, panel.probability, event_is=event_is)
    )
    harm = float(
        risk.number_needed_to_harm(reference.probability, panel.probability, event_is=event_is)
    )
    name = panel.option.name
    when = comparison.time_frame.phrase
    if math.isfinite(treat):
        fewer_or_more = "fewer" if event_is == "bad" else "more"
        return (
            f"{name}: number needed to treat {math.ceil(treat)}: for every {math.ceil(treat)} "
            f"people who choose it {versus}, 1 {fewer_or_more} will {label} {when}."
        )
    if math.isfinite(harm):
        more_or_fewer = "more" if event_is == "bad" else "fewer"
        return (
            f"{name}: number needed to harm {math.floor(harm)}: for every {math.floor(harm)} "
            f"people who choose it {versus}, 1 {more_or_fewer} will {label} {when}."
        )
    return f"{name}: no difference {versus}."


def numbers_needed(figures: OutcomeFigures, *, options: Sequence[str] | None = None) -> list[str]:
    """For clinicians: each option's number needed to treat or to harm against doing nothing.

    From the unrounded chances (:func:`decision_aids.risk.number_needed_to_treat` and
    :func:`~decision_aids.risk.number_needed_to_harm`), over the outcome's time frame. A number
    needed to treat is rounded up and a number needed to harm down, so that neither the benefit
    nor the harm is overstated. None for a neutral outcome, for an option without a figure, or
    where no doing-nothing option has a figure to compare with.
    """
    comparison = compare(figures, options)
    lines = (_number_needed(panel, comparison) for panel in comparison.panels)
    return [line for line in lines if line]
