"""The calculator inputs an aid asks for, as a form shows them: a typed box, or a set of choices.

Both front ends ask with these: the patient pages' form and the consultation app's. How the
answers travel in an address is :mod:`decision_aids.answers`.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from typing import Any, Literal

from pydantic.fields import FieldInfo

from decision_aids.model import DecisionAid
from decision_aids.outcomes import input_fields


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
        "float, bool or a Literal of choices (add the type to decision_aids.forms)"
    )


def calculator_fields(aid: DecisionAid) -> list[InputField]:
    """Every input the aid's calculators need, each asked once, in the calculators' order."""
    return [input_field(name, info) for name, info in input_fields(aid).items()]
