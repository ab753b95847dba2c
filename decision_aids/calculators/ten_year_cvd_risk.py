"""A person's own 10-year cardiovascular risk, entered as a percentage (e.g. their QRISK3 score).

Nothing is calculated here: the person (or their clinician) types the 10-year risk from their GP
record or from https://qrisk.org, and the aid uses it as the baseline for "heart attack or stroke
in the next 10 years". The figure's source is the QRISK3 paper:

Hippisley-Cox J, Coupland C, Brindle P. Development and validation of QRISK3 risk prediction
algorithms to estimate future risk of cardiovascular disease: prospective cohort study.
BMJ 2017;357:j2099. doi:10.1136/bmj.j2099 (citation checked against the BMJ abstract page,
https://www.bmj.com/content/357/bmj.j2099.abstract, "Cite this as: BMJ 2017;357:j2099").

What the figure means (from the abstract): the estimated 10-year risk of cardiovascular disease
for women and men aged 25-84, derived in 7.89 million and validated in a separate 2.67 million
patients of English general practices in QResearch, who "were free of cardiovascular disease and
not prescribed statins at baseline". Cardiovascular disease was any new case "recorded on any of
the following three linked data sources: general practice, mortality, or hospital admission
records".

Certainty: QRISK3's own external validation is large, but an individual's predicted risk carries
uncertainty the number does not show, and the figure is only as good as the record it was
calculated from. No GRADE rating is stated; rated moderate by this aid's authors.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, ClassVar

import numpy as np
from numpy.typing import ArrayLike, NDArray
from pydantic import Field, field_validator

from decision_aids.calculators import register
from decision_aids.calculators._base import (
    Assessment,
    Bounds,
    Calculator,
    CalculatorInputs,
    CalculatorOutput,
    Evaluation,
    numbers,
)
from decision_aids.model import Certainty, RatedBy, TimeFrame

#: The 10-year risks, in percent, this calculator takes.
RISK_PERCENT = Bounds(0.1, 99, "%")

CITATION = (
    "Hippisley-Cox J, Coupland C, Brindle P. Development and validation of QRISK3 risk prediction "
    "algorithms to estimate future risk of cardiovascular disease: prospective cohort study. "
    "BMJ 2017;357:j2099. doi:10.1136/bmj.j2099"
)
URL = "https://www.bmj.com/content/357/bmj.j2099"


def ten_year_probability(risk_percent: ArrayLike) -> NDArray[np.float64]:
    """A 10-year risk in percent as a probability (0-1); values outside 0.1-99% are refused."""
    return numbers(risk_percent, "risk_percent", RISK_PERCENT) / 100.0


class TenYearCvdRiskInputs(CalculatorInputs):
    """The one number this calculator needs."""

    risk_percent: Annotated[
        float,
        Field(
            ge=RISK_PERCENT.low,
            le=RISK_PERCENT.high,
            title="10-year risk of heart attack or stroke",
            description="Your 10-year cardiovascular risk as a percentage, for example your "
            "QRISK3 score from your GP record or qrisk.org.",
            json_schema_extra={
                "unit": RISK_PERCENT.unit,
                "hint": "type the percentage itself, e.g. 12 for 12%",
                "where": "Your GP surgery can tell you your QRISK score.",
            },
        ),
    ]

    @field_validator("risk_percent", mode="before")
    @classmethod
    def _strip_percent_sign(cls, value: Any) -> Any:
        if isinstance(value, str):
            return value.strip().removesuffix("%").strip()
        return value


class TenYearCvdRisk(Calculator):
    """A person's own 10-year cardiovascular risk (e.g. QRISK3), typed in."""

    id = "ten_year_cvd_risk"
    name = "Your 10-year risk of heart attack or stroke (e.g. QRISK3)"
    inputs = TenYearCvdRiskInputs
    outputs: ClassVar[dict[str, CalculatorOutput]] = {
        "cvd_10_years": CalculatorOutput(
            label="Heart attack, stroke or other cardiovascular disease in the next 10 years",
            time_frame=TimeFrame(value=10, unit="year"),
            citation=CITATION,
            url=URL,
            certainty=Certainty.MODERATE,
            certainty_rated_by=RatedBy.AUTHORS,
            highest=float(ten_year_probability(RISK_PERCENT.high)),
            note=(
                "The person's own QRISK3 (or similar) 10-year risk, as typed in. QRISK3 was "
                "developed in 7.89 million and validated in a separate 2.67 million patients "
                "of English general practices aged 25-84, free of cardiovascular disease and not "
                "taking a statin. No GRADE rating in the source; rated moderate by the authors "
                "because the prediction is externally validated but an individual's estimate is "
                "uncertain and depends on the record it came from."
            ),
        )
    }

    def evaluate(self, columns: Mapping[str, NDArray[Any]]) -> Evaluation:
        percents = numbers(columns["risk_percent"], "risk_percent", RISK_PERCENT)
        return percents, {"cvd_10_years": ten_year_probability(percents)}

    def assess(self, inputs: CalculatorInputs) -> Assessment:
        if not isinstance(inputs, TenYearCvdRiskInputs):
            raise TypeError(f"{self.id} needs TenYearCvdRiskInputs, not {type(inputs).__name__}")
        percent, probabilities = self.one(inputs)
        assert percent is not None
        return Assessment(
            score=percent, summary=f"10-year risk {percent:g}%", probabilities=probabilities
        )


TEN_YEAR_CVD_RISK = register(TenYearCvdRisk())
