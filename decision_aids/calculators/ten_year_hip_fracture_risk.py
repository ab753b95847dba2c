"""A person's own 10-year risk of a hip fracture, entered as a percentage (QFracture or FRAX).

Nothing is calculated here: the person (or their clinician) types the 10-year hip fracture risk
from their GP record, from QFracture or from FRAX, and the aid uses it as the baseline for "break a
hip in the next 10 years".

Source of what the figure means (abstract read on bmj.com, BMJ 2012;344:e3427):

Hippisley-Cox J, Coupland C. Derivation and validation of updated QFracture algorithm to predict
risk of osteoporotic fracture in primary care in the United Kingdom: prospective open cohort
study. BMJ 2012;344:e3427. doi:10.1136/bmj.e3427. The algorithm estimates "the risk of a patient
sustaining an osteoporotic fracture or hip fracture in a primary care population"; it was derived
in 3 142 673 and validated in 1 583 373 patients of UK general practices "aged 30-100 years", with
outcomes of "incident hip fracture recorded in general practice records or linked cause of death
records". An independent validation of the earlier 2009 QFractureScores (Collins GS et al. BMJ
2011;342:d3651, read on PMC3120281) found them "well calibrated".

Certainty: the number is a prediction for people like the person, not a measurement, and FRAX and
QFracture can give different figures for the same person. No GRADE rating is stated; rated
moderate by this aid's authors.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, ClassVar

from numpy.typing import NDArray
from pydantic import Field, field_validator

from decision_aids.calculators import register
from decision_aids.calculators._base import (
    Assessment,
    Calculator,
    CalculatorInputs,
    CalculatorOutput,
    Evaluation,
    numbers,
)
from decision_aids.calculators.ten_year_cvd_risk import RISK_PERCENT, ten_year_probability
from decision_aids.model import Certainty, RatedBy, TimeFrame

CITATION = (
    "Hippisley-Cox J, Coupland C. Derivation and validation of updated QFracture algorithm to "
    "predict risk of osteoporotic fracture in primary care in the United Kingdom: prospective "
    "open cohort study. BMJ 2012;344:e3427. doi:10.1136/bmj.e3427"
)
URL = "https://www.bmj.com/content/344/bmj.e3427"


class TenYearHipFractureRiskInputs(CalculatorInputs):
    """The one number this calculator needs."""

    hip_fracture_risk_percent: Annotated[
        float,
        Field(
            ge=RISK_PERCENT.low,
            le=RISK_PERCENT.high,
            title="10-year risk of a hip fracture",
            description="Your 10-year risk of breaking a hip as a percentage, from QFracture or "
            "FRAX (ask your GP, or see qfracture.org). Use the hip fracture figure, not the "
            "figure for any major fracture.",
            json_schema_extra={
                "unit": "%",
                "hint": "type the percentage itself, e.g. 3.5 for 3.5%",
                "where": "Your GP surgery can tell you your QFracture or FRAX score.",
            },
        ),
    ]

    @field_validator("hip_fracture_risk_percent", mode="before")
    @classmethod
    def _strip_percent_sign(cls, value: Any) -> Any:
        if isinstance(value, str):
            return value.strip().removesuffix("%").strip()
        return value


class TenYearHipFractureRisk(Calculator):
    """A person's own 10-year hip fracture risk (QFracture or FRAX), typed in."""

    id = "ten_year_hip_fracture_risk"
    name = "Your 10-year risk of a hip fracture (QFracture or FRAX)"
    inputs = TenYearHipFractureRiskInputs
    outputs: ClassVar[dict[str, CalculatorOutput]] = {
        "hip_fracture_10_years": CalculatorOutput(
            label="Hip fracture in the next 10 years, without a bone-strengthening medicine",
            time_frame=TimeFrame(value=10, unit="year"),
            citation=CITATION,
            url=URL,
            certainty=Certainty.MODERATE,
            certainty_rated_by=RatedBy.AUTHORS,
            highest=float(ten_year_probability(RISK_PERCENT.high)),
            note=(
                "The person's own QFracture or FRAX 10-year hip fracture risk, as typed in. "
                "QFracture was derived and validated in English general practices (QResearch). "
                "No GRADE rating in the source; rated moderate by the authors because the tools "
                "are validated but an individual's prediction is uncertain, and the two tools "
                "can differ for the same person."
            ),
        )
    }

    def evaluate(self, columns: Mapping[str, NDArray[Any]]) -> Evaluation:
        percents = numbers(
            columns["hip_fracture_risk_percent"], "hip_fracture_risk_percent", RISK_PERCENT
        )
        return percents, {"hip_fracture_10_years": ten_year_probability(percents)}

    def assess(self, inputs: CalculatorInputs) -> Assessment:
        if not isinstance(inputs, TenYearHipFractureRiskInputs):
            raise TypeError(
                f"{self.id} needs TenYearHipFractureRiskInputs, not {type(inputs).__name__}"
            )
        percent, probabilities = self.one(inputs)
        assert percent is not None
        return Assessment(
            score=percent,
            summary=f"10-year hip fracture risk {percent:g}%",
            probabilities=probabilities,
        )


TEN_YEAR_HIP_FRACTURE_RISK = register(TenYearHipFractureRisk())
