"""The one interface every risk calculator follows.

A calculator turns a person's typed inputs into named outputs: probabilities over a stated time
frame, each with its published source. The maths in each module is vectorised numpy; the
:class:`Calculator` wrapper handles one person, parses raw text inputs (from a form or the command
line) and reports every bad input with the field name and the valid range.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, ValidationError

from decision_aids.model import Certainty, RatedBy, TimeFrame


class CalculatorInputs(BaseModel):
    """Base for a calculator's inputs: typed, ranged, and frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass(frozen=True)
class CalculatorOutput:
    """What one output of a calculator means and where its figures come from."""

    label: str
    time_frame: TimeFrame
    citation: str
    url: str
    certainty: Certainty
    certainty_rated_by: RatedBy
    #: The largest probability this output can give anyone, worked out from the calculator's own
    #: table or range (never typed): the loader checks that no figure built on it passes 1.
    highest: float
    note: str = ""


@dataclass(frozen=True)
class Assessment:
    """A calculator's result for one person."""

    score: float | None
    summary: str
    probabilities: Mapping[str, float]


@dataclass(frozen=True)
class InputProblem:
    """One input that cannot be used, and what to do about it."""

    field: str
    message: str


class CalculatorInputError(ValueError):
    """Raised when inputs are missing, malformed or out of range; holds one problem per field."""

    def __init__(self, problems: list[InputProblem]):
        self.problems = problems
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in problems))


def _describe(error: dict[str, Any], model: type[BaseModel]) -> InputProblem:
    field = str(error["loc"][0]) if error["loc"] else "(inputs)"
    info = model.model_fields.get(field)
    label = (info.title or field.replace("_", " ")) if info else field
    given = error.get("input")
    bounds = {}
    if info is not None:
        for item in info.metadata:
            for name in ("ge", "gt", "le", "lt"):
                if getattr(item, name, None) is not None:
                    bounds[name] = getattr(item, name)
    kind = error["type"]
    extra = info.json_schema_extra if info and isinstance(info.json_schema_extra, dict) else {}
    hint = f"; {extra['hint']}" if extra.get("hint") else ""
    if kind == "missing":
        return InputProblem(field, f"{label} is needed")
    if kind == "extra_forbidden":
        allowed = ", ".join(model.model_fields)
        return InputProblem(field, f"'{field}' is not an input of this calculator; use {allowed}")
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"} and bounds:
        low = bounds.get("ge", bounds.get("gt"))
        high = bounds.get("le", bounds.get("lt"))
        unit = str(extra.get("unit", ""))
        unit = unit if unit in {"", "%"} else " " + unit
        return InputProblem(
            field,
            f"{label} {given} is outside {low:g} to {high:g}{unit}, "
            f"the range this calculator was made for{hint}",
        )
    if kind in {"bool_parsing", "bool_type"}:
        return InputProblem(field, f"{label} must be yes or no, not {given!r}")
    if kind.startswith("int_"):
        return InputProblem(field, f"{label} must be a whole number, not {given!r}{hint}")
    if kind.startswith("float_"):
        return InputProblem(field, f"{label} must be a number, not {given!r}{hint}")
    if kind in {"enum", "literal_error"}:
        return InputProblem(field, f"{label}: {error['msg'].lower()}")
    return InputProblem(field, f"{label}: {error['msg']}")


class Calculator(ABC):
    """A validated risk score. Subclasses set the class attributes and implement `assess`."""

    id: ClassVar[str]
    name: ClassVar[str]
    inputs: ClassVar[type[CalculatorInputs]]
    outputs: ClassVar[dict[str, CalculatorOutput]]

    def parse(self, raw: Mapping[str, Any]) -> CalculatorInputs:
        """Validate raw values (strings from a form are fine); raise CalculatorInputError."""
        cleaned = {k: v for k, v in raw.items() if not (isinstance(v, str) and v.strip() == "")}
        try:
            return self.inputs.model_validate(cleaned)
        except ValidationError as error:
            raise CalculatorInputError(
                [_describe(e, self.inputs) for e in error.errors(include_url=False)]
            ) from None

    @abstractmethod
    def assess(self, inputs: CalculatorInputs) -> Assessment:
        """The score and output probabilities for one person."""

    def assess_raw(self, raw: Mapping[str, Any]) -> Assessment:
        return self.assess(self.parse(raw))
