"""Validated risk calculators, one module each, behind one interface (see `_base`)."""

from typing import TypeVar

from decision_aids.calculators._base import (
    Assessment,
    Calculator,
    CalculatorInputError,
    CalculatorInputs,
    CalculatorOutput,
    InputProblem,
    Spread,
)

_C = TypeVar("_C", bound=Calculator)

#: Every calculator an aid can name in `personalisation`, by id.
CALCULATORS: dict[str, Calculator] = {}


def register(calculator: _C) -> _C:
    """Add a calculator to :data:`CALCULATORS` under its id; returns it unchanged."""
    CALCULATORS[calculator.id] = calculator
    return calculator


# Each calculator module registers itself on import; they import `register` from here, so these
# imports must come after it.
from decision_aids.calculators import (  # noqa: E402
    cha2ds2vasc,  # noqa: F401
    diabetes_risk_group,  # noqa: F401
    orbit,  # noqa: F401
    ten_year_cvd_risk,  # noqa: F401
    ten_year_hip_fracture_risk,  # noqa: F401
)

__all__ = [
    "CALCULATORS",
    "Assessment",
    "Calculator",
    "CalculatorInputError",
    "CalculatorInputs",
    "CalculatorOutput",
    "InputProblem",
    "Spread",
    "register",
]
