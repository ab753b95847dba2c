"""A figure that depends on answers not known, in words: 'between 3 and 11' (in 100).

One home for the wording of a range over unknown answers, used by the charts' words and panels
and by the summary (:func:`decision_aids.summary.figure_words`).
"""

from __future__ import annotations

from collections.abc import Sequence

from decision_aids.outcomes import OptionFigure

__all__ = ["not_known_yet", "range_words"]


def _count(count: int, share: float) -> str:
    return "fewer than 1" if count == 0 and share > 0 else str(count)


def range_words(figure: OptionFigure) -> str:
    """A ranged figure's counts, for '... in 100' to follow: 'between 3 and 11', 'between fewer
    than 1 and 2', or '3' where both ends come to the same whole number."""
    assert figure.span is not None
    assert figure.count_span is not None
    low, high = (_count(c, s) for c, s in zip(figure.count_span, figure.span, strict=True))
    return low if low == high else f"between {low} and {high}"


def not_known_yet(labels: Sequence[str]) -> str:
    """The answers a range depends on, as a clause: 'heart failure, diabetes and age'."""
    names = [label[:1].lower() + label[1:] for label in labels]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
