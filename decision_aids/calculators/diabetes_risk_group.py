"""Risk group of an adult with type 2 diabetes, and the group's chance of dying within 5 years.

The five groups and their baseline risks are those of the BMJ Rapid Recommendation on SGLT-2
inhibitors and GLP-1 receptor agonists and the network meta-analysis behind it:

Palmer SC, Tendal B, Mustafa RA, et al. Sodium-glucose cotransporter protein-2 (SGLT-2) inhibitors
and glucagon-like peptide-1 (GLP-1) receptor agonists for type 2 diabetes: systematic review and
network meta-analysis of randomised controlled trials. BMJ 2021;372:m4573. doi:10.1136/bmj.m4573

Table 4 of that paper (read on PMC, PMC7804890/table/tbl4) gives all-cause death over five years
without either medicine ("Placebo: ... per 1000") for each group, with its plain-text label:

=========  ==================================================================  ==========
group      Table 4 plain text ("... in people with diabetes and ...")          per 1000
=========  ==================================================================  ==========
very low   "few or no cardiovascular risk factors"                             20
low        "cardiovascular risk factors"                                       70
moderate   "established cardiovascular disease"                                120
high       "chronic kidney disease"                                            170
very high  "established cardiovascular disease and chronic kidney disease"     265
=========  ==================================================================  ==========

Which group a person is in follows the guideline built on the same review (Li S, Vandvik PO,
Lytvyn L, et al. BMJ 2021;373:n1091), whose visual summary splits people without heart or kidney
disease into "3 or fewer" and "more than 3" cardiovascular risk factors and lists them: age over
60, male sex, current smoking, family history of heart or kidney disease, Asian, African or
Hispanic ethnicity, dyslipidaemia (total cholesterol 5.2 mmol/L or more, or HDL cholesterol under
1 mmol/L), uncontrolled blood pressure (over 140/90 mm Hg) and uncontrolled HbA1c (over 6.5%,
or an individual target). Cardiovascular disease there means coronary artery disease or a past
heart attack, or a stroke; chronic kidney disease means an eGFR under 60 mL/min/1.73 m2 or
albuminuria (albumin-to-creatinine ratio 3 mg/mmol or more). The visual summary was read only in
a copy (nova88live.com mirror of bmj.com/content/373/bmj.n1091) and the American Family Physician
summary (aafp.org, 2022;105(6):675), so these definitions are [C].

Certainty: the baseline risks are the review authors' modelled assumptions for each group, not
one cohort's observed rates; no GRADE rating is given for them. Rated low by this aid's authors.
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
    check_shapes,
    numbers,
    yes_no,
)
from decision_aids.model import Certainty, RatedBy, TimeFrame

#: Risk groups in order, as Palmer 2021 Table 4 names them.
GROUPS = ("very low", "low", "moderate", "high", "very high")

#: All-cause death over five years without the medicine, per group (Table 4, "Placebo: n per 1000").
DEATH_5_YEARS = {
    "very low": 0.020,
    "low": 0.070,
    "moderate": 0.120,
    "high": 0.170,
    "very high": 0.265,
}

#: Guideline cut-off: more than this many cardiovascular risk factors is the "low" group.
MOST_RISK_FACTORS_FOR_VERY_LOW = 3
#: How many risk factors a person can have: the guideline lists eight.
RISK_FACTORS = Bounds(0, 8)

CITATION = (
    "Palmer SC, Tendal B, Mustafa RA, et al. Sodium-glucose cotransporter protein-2 (SGLT-2) "
    "inhibitors and glucagon-like peptide-1 (GLP-1) receptor agonists for type 2 diabetes: "
    "systematic review and network meta-analysis of randomised controlled trials. "
    "BMJ 2021;372:m4573. doi:10.1136/bmj.m4573"
)
URL = "https://pmc.ncbi.nlm.nih.gov/articles/PMC7804890/table/tbl4"


def risk_group_index(
    cardiovascular_disease: ArrayLike, chronic_kidney_disease: ArrayLike, risk_factors: ArrayLike
) -> NDArray[np.int64]:
    """Index into :data:`GROUPS` for each person.

    >>> risk_group_index([False, False, True, False, True], [False] * 3 + [True] * 2, [3, 4, 0, 0, 0])
    array([0, 1, 2, 3, 4])
    """
    cvd = yes_no(cardiovascular_disease, "cardiovascular_disease")
    ckd = yes_no(chronic_kidney_disease, "chronic_kidney_disease")
    factors = numbers(risk_factors, "risk_factors", RISK_FACTORS, whole=True)
    check_shapes(
        cardiovascular_disease=cvd, chronic_kidney_disease=ckd, risk_factors=np.asarray(factors)
    )
    many = factors > MOST_RISK_FACTORS_FOR_VERY_LOW
    return np.select([cvd & ckd, ckd, cvd, many], [4, 3, 2, 1], default=0).astype(np.int64)


def death_within_5_years(
    cardiovascular_disease: ArrayLike, chronic_kidney_disease: ArrayLike, risk_factors: ArrayLike
) -> NDArray[np.float64]:
    """Chance of dying from any cause within 5 years without the medicine, from the risk group."""
    risks = np.array([DEATH_5_YEARS[g] for g in GROUPS])
    return risks[risk_group_index(cardiovascular_disease, chronic_kidney_disease, risk_factors)]


class DiabetesRiskGroupInputs(CalculatorInputs):
    """Heart disease, kidney disease and the number of cardiovascular risk factors."""

    cardiovascular_disease: Annotated[
        bool,
        Field(
            title="Heart or blood vessel disease",
            description="Coronary heart disease (for example angina or a past heart attack) or "
            "a past stroke.",
        ),
    ]
    chronic_kidney_disease: Annotated[
        bool,
        Field(
            title="Chronic kidney disease",
            description="Kidney function (eGFR) under 60, or protein in the urine "
            "(albumin-to-creatinine ratio 3 mg/mmol or more).",
        ),
    ]
    risk_factors: Annotated[
        int,
        Field(
            ge=RISK_FACTORS.low,
            le=RISK_FACTORS.high,
            title="Number of heart risk factors",
            description="How many of these apply: age over 60; male; smoking now; family "
            "history of heart or kidney disease; Asian, African or Hispanic background; high "
            "cholesterol (total 5.2 or more, or HDL under 1); blood pressure over 140/90; "
            "HbA1c above your target.",
            json_schema_extra={"hint": "a whole number from 0 to 8"},
        ),
    ]

    @field_validator("cardiovascular_disease", "chronic_kidney_disease", mode="before")
    @classmethod
    def _tidy_text(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value


class DiabetesRiskGroup(Calculator):
    """The BMJ Rapid Recommendation risk group for type 2 diabetes, and its 5-year death risk."""

    id = "diabetes_risk_group"
    name = "Heart and kidney risk group in type 2 diabetes (BMJ Rapid Recommendation 2021)"
    inputs = DiabetesRiskGroupInputs
    #: More than three risk factors moves a person from the very low group to the low one.
    cut_points: ClassVar[Mapping[str, tuple[float, ...]]] = {
        "risk_factors": (MOST_RISK_FACTORS_FOR_VERY_LOW + 1,)
    }
    outputs: ClassVar[dict[str, CalculatorOutput]] = {
        "death_5_years": CalculatorOutput(
            label="Death from any cause within 5 years, without an SGLT-2 inhibitor or GLP-1 "
            "receptor agonist",
            time_frame=TimeFrame(value=5, unit="year"),
            citation=CITATION,
            url=URL,
            certainty=Certainty.LOW,
            certainty_rated_by=RatedBy.AUTHORS,
            highest=max(DEATH_5_YEARS.values()),
            note=(
                "Palmer 2021 Table 4 [V, PMC]: risk with control over five years, 20, 70, 120, "
                "170 and 265 per 1000 for the very low, low, moderate, high and very high risk "
                "groups. Group definitions from the Li 2021 guideline's visual summary [C]. "
                "These are the review's assumed baseline risks, not observed rates in a UK "
                "cohort; no GRADE rating for them; rated low by the authors."
            ),
        )
    }

    def evaluate(self, columns: Mapping[str, NDArray[Any]]) -> Evaluation:
        args = (
            columns["cardiovascular_disease"],
            columns["chronic_kidney_disease"],
            columns["risk_factors"],
        )
        return None, {"death_5_years": death_within_5_years(*args)}

    def assess(self, inputs: CalculatorInputs) -> Assessment:
        if not isinstance(inputs, DiabetesRiskGroupInputs):
            raise TypeError(f"{self.id} needs DiabetesRiskGroupInputs, not {type(inputs).__name__}")
        args = (inputs.cardiovascular_disease, inputs.chronic_kidney_disease, inputs.risk_factors)
        group = GROUPS[int(risk_group_index(*args))]
        _, probabilities = self.one(inputs)
        return Assessment(score=None, summary=f"{group} risk group", probabilities=probabilities)


DIABETES_RISK_GROUP = register(DiabetesRiskGroup())
