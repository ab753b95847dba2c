"""The one interface every risk calculator follows.

A calculator turns a person's typed inputs into named outputs: probabilities over a stated time
frame, each with its published source. The maths in each module is vectorised numpy; the
:class:`Calculator` wrapper handles one person, parses raw text inputs (from a form or the command
line) and reports every bad input with the field name and the valid range.

The vectorised score functions take arrays from code, not text, and check them with the helpers
here (:func:`yes_no`, :func:`numbers`, :func:`check_shapes`): a yes/no argument must be booleans
or 0/1, a number must be finite and inside its stated :class:`Bounds`, and NaN (or None) means
"not known" only where the function says so. Anything else raises :class:`ValueError` naming the
argument, what was given and what is allowed.
"""

from __future__ import annotations

import itertools
import types
import typing
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from numbers import Real
from typing import Any, ClassVar, Literal, cast

import numpy as np
from numpy.typing import ArrayLike, NDArray
from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from decision_aids.model import Certainty, RatedBy, TimeFrame
from decision_aids.plain_errors import plain_error


@dataclass(frozen=True)
class Bounds:
    """The inclusive range a number must lie in, and its unit: one home for a form field's range
    and the range its vectorised function checks."""

    low: float
    high: float
    unit: str = ""

    def __str__(self) -> str:
        unit = self.unit if self.unit in {"", "%"} else " " + self.unit
        return f"{self.low:g} to {self.high:g}{unit}"


#: The ages the calculators here were made for, in whole years.
ADULT_AGE = Bounds(18, 120, "years")

#: The answer "I don't know" to any input, as a form sends it; a blank answer means the same.
UNKNOWN = "unknown"


def is_unknown(value: object) -> bool:
    """Whether an answer says the input is not known: None, blank, or :data:`UNKNOWN`."""
    return value is None or (isinstance(value, str) and value.strip().lower() in {"", UNKNOWN})


def without_none(annotation: Any) -> Any:
    """`float | None` -> float; other annotations unchanged."""
    if typing.get_origin(annotation) in {typing.Union, types.UnionType}:
        (inner,) = [a for a in typing.get_args(annotation) if a is not type(None)]
        return inner
    return annotation


def _show(values: NDArray[Any]) -> str:
    """The first few values of an array, as Python would write them, for an error message."""
    flat = values.ravel()
    text = ", ".join(repr(v) for v in flat[:5].tolist())
    return text + (f", ... ({flat.size} values)" if flat.size > 5 else "")


def yes_no(value: ArrayLike, name: str) -> NDArray[np.bool_]:
    """A yes/no argument as booleans: only True/False, or the whole numbers 1/0, are accepted."""
    array = np.asarray(value)
    if array.dtype == np.bool_:
        return array
    wrong = array
    if np.issubdtype(array.dtype, np.integer):
        wrong = array[(array != 0) & (array != 1)]
        if wrong.size == 0:
            return array.astype(np.bool_)
    raise ValueError(f"{name} must be yes or no: True or False (or 1 or 0); got {_show(wrong)}")


def _is_real(value: object) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool | np.bool_)


def numbers(
    value: ArrayLike,
    name: str,
    bounds: Bounds,
    *,
    whole: bool = False,
    not_known: bool = False,
) -> NDArray[np.float64]:
    """A numeric argument as floats, each finite and within ``bounds`` (whole if ``whole``).

    NaN or None stands for "not known" and is accepted only if ``not_known`` is set; booleans,
    text and infinities are always refused.
    """
    allowed = f"a {'whole ' if whole else ''}number from {bounds}"
    if not_known:
        allowed += ", or NaN (or None) for not known"
    given = np.asarray(value)
    array = given
    if given.dtype == np.object_:  # a mixture, such as numbers with None
        usable = np.array([_is_real(v) or (not_known and v is None) for v in given.flat])
        if not usable.all():
            raise ValueError(f"{name} must be {allowed}; got {_show(given.ravel()[~usable])}")
        array = given.astype(np.float64)  # None becomes NaN
    if not (np.issubdtype(array.dtype, np.integer) or np.issubdtype(array.dtype, np.floating)):
        raise ValueError(f"{name} must be {allowed}; got {_show(given)}")
    array = array.astype(np.float64)
    fits = (array >= bounds.low) & (array <= bounds.high)
    if whole:
        fits &= array == np.round(array)
    if not_known:
        fits |= np.isnan(array)
    if not fits.all():
        raise ValueError(f"{name} must be {allowed}; got {_show(given[~fits])}")
    return array


def check_shapes(**arrays: NDArray[Any]) -> None:
    """Refuse arguments that do not broadcast against each other, naming each one's shape."""
    try:
        np.broadcast_shapes(*(array.shape for array in arrays.values()))
    except ValueError:
        shapes = ", ".join(f"{name} {array.shape}" for name, array in arrays.items())
        raise ValueError(
            "the arguments must have the same length, or be single values, to go together; "
            f"got shapes {shapes}"
        ) from None


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
class Spread:
    """A calculator's result when some inputs are not known: each output's lowest and highest
    probability over every value the unknown inputs could take."""

    unknown: tuple[str, ...]  # the inputs not known, by name, in the calculator's order
    labels: tuple[str, ...]  # the same inputs as the form names them: 'Heart failure'
    lowest: Mapping[str, float]
    highest: Mapping[str, float]
    known: Mapping[str, Any]  # the inputs that were known, checked and typed
    summary: str


#: A calculator's scores (None if it has none) and its outputs' probabilities, row by row.
Evaluation = tuple[NDArray[np.float64] | None, dict[str, NDArray[np.float64]]]


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


def _field_bounds(info: FieldInfo | None, unit: str) -> Bounds | None:
    """The inclusive range a form field sets with ``ge`` and ``le``, if it sets both."""
    if info is None:
        return None
    limits = {
        name: getattr(item, name)
        for item in info.metadata
        for name in ("ge", "le")
        if getattr(item, name, None) is not None
    }
    if set(limits) != {"ge", "le"}:
        return None
    return Bounds(limits["ge"], limits["le"], unit)


def _describe(error: dict[str, Any], model: type[BaseModel]) -> InputProblem:
    field = str(error["loc"][0]) if error["loc"] else "(inputs)"
    info = model.model_fields.get(field)
    label = (info.title or field.replace("_", " ")) if info else field
    given = error.get("input")
    kind = error["type"]
    extra = info.json_schema_extra if info and isinstance(info.json_schema_extra, dict) else {}
    hint = f"; {extra['hint']}" if extra.get("hint") else ""
    bounds = _field_bounds(info, str(extra.get("unit", "")))
    if kind == "missing":
        return InputProblem(field, f"{label} is needed")
    if kind == "extra_forbidden":
        allowed = ", ".join(model.model_fields)
        return InputProblem(field, f"'{field}' is not an input of this calculator; use {allowed}")
    if kind in {"greater_than_equal", "less_than_equal"} and bounds is not None:
        return InputProblem(
            field,
            f"{label} {given} is outside {bounds}, the range this calculator was made for{hint}",
        )
    if kind in {"bool_parsing", "bool_type"}:
        return InputProblem(field, f"{label} must be yes or no, not {given!r}")
    if kind.startswith("int_"):
        return InputProblem(field, f"{label} must be a whole number, not {given!r}{hint}")
    if kind.startswith("float_"):
        return InputProblem(field, f"{label} must be a number, not {given!r}{hint}")
    if kind in {"enum", "literal_error"}:
        expected = error.get("ctx", {}).get("expected", "one of the answers listed")
        return InputProblem(field, f"{label}: {given!r} is not one of the answers; choose {expected}")
    what, to_do = plain_error(cast(ErrorDetails, error), (field,))
    return InputProblem(field, f"{label}: {what}" + (f"; {to_do}" if to_do else ""))


def _label(model: type[BaseModel], name: str) -> str:
    info = model.model_fields[name]
    return info.title or name.replace("_", " ")


class Calculator(ABC):
    """A validated risk score. Subclasses set the class attributes and implement `evaluate` (the
    vectorised maths) and `assess` (one person, in words)."""

    id: ClassVar[str]
    name: ClassVar[str]
    inputs: ClassVar[type[CalculatorInputs]]
    outputs: ClassVar[dict[str, CalculatorOutput]]
    #: What the score is called in a summary ('CHA2DS2-VASc score'); blank if it has no score.
    score_name: ClassVar[str] = ""
    #: For each number input, the values at which an output can change (the lowest value of
    #: each band above the first): with the input's own range, every band is tried when the
    #: input is not known.
    cut_points: ClassVar[Mapping[str, tuple[float, ...]]] = {}

    def parse(self, raw: Mapping[str, Any]) -> CalculatorInputs:
        """Validate raw values (strings from a form are fine); raise CalculatorInputError.

        Answers that say the input is not known (:func:`is_unknown`) are left out first."""
        cleaned = {k: v for k, v in raw.items() if not is_unknown(v)}
        try:
            return self.inputs.model_validate(cleaned)
        except ValidationError as error:
            raise CalculatorInputError(
                [_describe(e, self.inputs) for e in error.errors()]
            ) from None

    @abstractmethod
    def evaluate(self, columns: Mapping[str, NDArray[Any]]) -> Evaluation:
        """Scores and output probabilities for every row of `columns`: one array per input, by
        name, all broadcasting together (typed values: booleans, numbers, choices; None for an
        optional input not given)."""

    @abstractmethod
    def assess(self, inputs: CalculatorInputs) -> Assessment:
        """The score and output probabilities for one person."""

    def assess_raw(self, raw: Mapping[str, Any]) -> Assessment:
        return self.assess(self.parse(raw))

    def one(self, inputs: CalculatorInputs) -> tuple[float | None, dict[str, float]]:
        """`evaluate` for one person: the score (or None) and each output's probability."""
        scores, probabilities = self.evaluate(
            {name: np.asarray(getattr(inputs, name)) for name in self.inputs.model_fields}
        )
        return (
            None if scores is None else float(scores),
            {key: float(value) for key, value in probabilities.items()},
        )

    def assumed(self, known: Mapping[str, Any]) -> dict[str, Any]:
        """Values taken for inputs not given, because of the ones that are (none by default)."""
        return {}

    def missing(self, raw: Mapping[str, Any]) -> tuple[str, ...]:
        """The inputs not known in `raw` (and not settled by :meth:`assumed`), in order."""
        known = {k: v for k, v in raw.items() if not is_unknown(v)}
        settled = known | self.assumed(known)
        return tuple(name for name in self.inputs.model_fields if name not in settled)

    def candidates(self, name: str) -> tuple[Any, ...]:
        """Every value of input `name` that can lead to a different output: both answers of a
        yes/no, every choice, and for a number its range's ends and :attr:`cut_points`."""
        info = self.inputs.model_fields[name]
        kind = without_none(info.annotation)
        if kind is bool:
            return (False, True)
        if typing.get_origin(kind) is Literal:
            return typing.get_args(kind)
        bounds = _field_bounds(info, "")
        if kind not in {int, float} or bounds is None:
            raise TypeError(
                f"{self.id} cannot try every value of '{name}': give it a range (ge and le) "
                "and the type int, float, bool or a Literal of choices"
            )
        values = sorted({bounds.low, *self.cut_points.get(name, ()), bounds.high})
        return tuple(kind(v) for v in values)

    def spread(self, raw: Mapping[str, Any]) -> Spread:
        """Each output's lowest and highest probability over every value the inputs not known
        in `raw` could take; the known ones are checked as :meth:`parse` does."""
        known = {k: v for k, v in raw.items() if not is_unknown(v)}
        settled = known | self.assumed(known)
        missing = self.missing(raw)
        choices = [self.candidates(name) for name in missing]
        checked = self.parse(settled | {n: c[0] for n, c in zip(missing, choices, strict=True)})
        rows = list(itertools.product(*choices))
        columns = {n: np.asarray(getattr(checked, n)) for n in self.inputs.model_fields}
        for i, name in enumerate(missing):
            columns[name] = np.array([row[i] for row in rows])
        scores, probabilities = self.evaluate(columns)
        labels = tuple(_label(self.inputs, name) for name in missing)
        summary = f"{self.name}: not known: {', '.join(labels)}"
        if self.score_name and scores is not None:
            low, high = float(scores.min()), float(scores.max())
            between = f"{low:g}" if low == high else f"{low:g} to {high:g}"
            summary = f"{self.score_name} {between}; not known: {', '.join(labels)}"
        return Spread(
            unknown=missing,
            labels=labels,
            lowest={k: float(v.min()) for k, v in probabilities.items()},
            highest={k: float(v.max()) for k, v in probabilities.items()},
            known={n: getattr(checked, n) for n in known},
            summary=summary,
        )
