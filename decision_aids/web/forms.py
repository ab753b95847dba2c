"""The form on an aid's page: the inputs its calculators ask for, and the answers sent back.

Every answer travels in the page's address (an ordinary GET form), so a page with a person's own
numbers can be bookmarked, shared or printed, and it holds no name or identifier. The names:

- calculator inputs keep their own names: ``age=76&sex=female``;
- "what matters to me" ratings: ``matters.<statement id>=0..4``;
- the SURE test: ``sure.<item>=yes|no``;
- the questions to bring: ``ask=<number>``, repeated;
- the option the person is leaning towards: ``leaning=<option id>`` (or ``unsure``).
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic.fields import FieldInfo

from decision_aids.model import DecisionAid
from decision_aids.outcomes import input_fields

RATING = "matters."
SURE = "sure."
ASK = "ask"
LEANING = "leaning"
UNSURE = "unsure"


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class InputField:
    """One calculator input as the form asks for it: a typed box, or a set of choices."""

    name: str
    label: str
    hint: str
    required: bool
    choices: tuple[Choice, ...] = ()
    inputmode: Literal["numeric", "decimal"] | None = None
    unit: str = ""


_YES_NO = (Choice("yes", "Yes"), Choice("no", "No"))


def _without_none(annotation: Any) -> Any:
    """`float | None` -> float; other annotations unchanged."""
    if typing.get_origin(annotation) in {typing.Union, types.UnionType}:
        (inner,) = [a for a in typing.get_args(annotation) if a is not type(None)]
        return inner
    return annotation


def input_field(name: str, info: FieldInfo) -> InputField:
    """How the form asks for one calculator input (see :func:`decision_aids.outcomes.input_fields`)."""
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    kind = _without_none(info.annotation)
    hint = " ".join(str(part) for part in (info.description, extra.get("hint")) if part)
    hint = hint[:1].upper() + hint[1:]
    common = {
        "name": name,
        "label": info.title or name.replace("_", " ").capitalize(),
        "hint": hint,
        "required": info.is_required(),
    }
    if kind is bool:
        return InputField(**common, choices=_YES_NO)
    if typing.get_origin(kind) is Literal:
        values = typing.get_args(kind)
        return InputField(
            **common, choices=tuple(Choice(str(v), str(v).capitalize()) for v in values)
        )
    if kind in {int, float}:
        return InputField(
            **common,
            inputmode="numeric" if kind is int else "decimal",
            unit=str(extra.get("unit", "")),
        )
    raise TypeError(
        f"the form cannot ask for '{name}' of type {kind!r}: calculator inputs must be int, "
        "float, bool or a Literal of choices (add the type to decision_aids.web.forms)"
    )


def calculator_fields(aid: DecisionAid) -> list[InputField]:
    """Every input the aid's calculators need, each asked once, in the calculators' order."""
    return [input_field(name, info) for name, info in input_fields(aid).items()]


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
