"""How a person's answers are written in an address: the patient pages' vocabulary.

Every answer travels in the page's address (an ordinary GET form), so a page with a person's own
numbers can be bookmarked, shared or printed, and it holds no name or identifier. The names:

- calculator inputs keep their own names: ``age=76&sex=female``; ``unknown`` (:data:`UNKNOWN`)
  answers "I don't know", and a blank or missing input means the same;
- "what matters to me" ratings: ``matters.<statement id>=0..4``;
- the SURE test: ``sure.<item>=yes|no``;
- the questions to bring: ``ask=<number>``, repeated;
- the option the person is leaning towards: ``leaning=<option id>`` (or ``unsure``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from decision_aids.calculators._base import UNKNOWN

__all__ = ["ASK", "LEANING", "RATING", "SURE", "UNKNOWN", "UNSURE", "Answers", "query_value"]

RATING = "matters."
SURE = "sure."
ASK = "ask"
LEANING = "leaning"
UNSURE = "unsure"


def query_value(value: Any) -> str:
    """A value as the patient pages' addresses write it: yes/no, 76, 7.5, female."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


@dataclass(frozen=True)
class Answers:
    """What came back in the page's address, sorted by the part of the page it belongs to.

    Parameters the page did not ask for (say a tracking tag added by a site the link was shared
    on) are left out, so that a shared link still opens.
    """

    inputs: dict[str, str] = field(default_factory=dict)
    ratings: dict[str, str] = field(default_factory=dict)
    sure: dict[str, str] = field(default_factory=dict)
    ask: tuple[str, ...] = ()
    leaning: str = ""

    def params(self) -> list[tuple[str, str]]:
        """The answers as the page's form writes them in its address, in the page's order."""
        return [
            *self.inputs.items(),
            *((RATING + key, value) for key, value in self.ratings.items()),
            *((SURE + key, value) for key, value in self.sure.items()),
            *((ASK, n) for n in self.ask),
            *([(LEANING, self.leaning)] if self.leaning else []),
        ]

    @classmethod
    def from_params(cls, params: Iterable[tuple[str, str]], input_names: Iterable[str]) -> Answers:
        inputs: dict[str, str] = {}
        ratings: dict[str, str] = {}
        sure: dict[str, str] = {}
        ask: list[str] = []
        leaning = ""
        known = set(input_names)
        for key, value in params:
            if key.startswith(RATING):
                ratings[key.removeprefix(RATING)] = value
            elif key.startswith(SURE):
                sure[key.removeprefix(SURE)] = value
            elif key == ASK:
                ask.append(value)
            elif key == LEANING:
                leaning = value
            elif key in known:
                inputs[key] = value
        return cls(inputs, ratings, sure, tuple(ask), leaning)
