"""The calculator inputs an aid asks for, as a form shows them: a typed box, or a set of choices.

Every input can be left not known: a set of choices ends with "I don't know" (the value
:data:`~decision_aids.answers.UNKNOWN`), and a box may be left blank; a test result says where
to find it. Both front ends ask with these: the patient pages' form and the consultation app's.
How the answers travel in an address is :mod:`decision_aids.answers`.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from typing import Literal

from pydantic.fields import FieldInfo

from decision_aids.calculators._base import UNKNOWN, without_none
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
    #: Where a person can find the answer, for a test result ('Your GP surgery can tell you.').
    where: str = ""
    choices: tuple[Choice, ...] = ()
    inputmode: Literal["numeric", "decimal"] | None = None
    unit: str = ""


#: The answer every set of choices ends with.
DO_NOT_KNOW = Choice(UNKNOWN, "I don't know")
_YES_NO = (Choice("yes", "Yes"), Choice("no", "No"), DO_NOT_KNOW)


def input_field(name: str, info: FieldInfo) -> InputField:
    """How the form asks for one calculator input (see :func:`decision_aids.outcomes.input_fields`)."""
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    kind = without_none(info.annotation)
    hint = " ".join(str(part) for part in (info.description, extra.get("hint")) if part)
    hint = hint[:1].upper() + hint[1:]
    common = {
        "name": name,
        "label": info.title or name.replace("_", " ").capitalize(),
        "hint": hint,
        "where": str(extra.get("where", "")),
    }
    if kind is bool:
        return InputField(**common, choices=_YES_NO)
    if typing.get_origin(kind) is Literal:
        values = typing.get_args(kind)
        return InputField(
            **common,
            choices=(*(Choice(str(v), str(v).capitalize()) for v in values), DO_NOT_KNOW),
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
