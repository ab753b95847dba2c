"""CHA2DS2-VASc score and the yearly chance of an ischaemic stroke without an anticoagulant.

Scoring (Lip GYH et al. Chest 2010;137(2):263-72): congestive heart failure 1, hypertension 1, age
75 or over 2, diabetes 1, previous stroke, TIA or thromboembolism 2, vascular disease (previous
heart attack, peripheral arterial disease or aortic plaque) 1, age 65 to 74 1, female sex 1;
0 to 9 points. The two age bands exclude each other.

Stroke figures
--------------
Source: Friberg L, Rosenqvist M, Lip GYH. Evaluation of risk stratification schemes for ischaemic
stroke and bleeding in 182 678 patients with atrial fibrillation: the Swedish Atrial Fibrillation
cohort study. Eur Heart J 2012;33(12):1500-10. doi:10.1093/eurheartj/ehr488 (PMID 22246443).

What the rates count: ischaemic strokes per 100 years at risk among the people in the Swedish
nationwide AF cohort who did not take an anticoagulant (warfarin) - "most of the analyses were
made on a subset of 90 490 patients who never used anticoagulants" (abstract, figures-cardio.md
AF-4). The cohort was followed for an average of 1.5 years. These are observed event rates in a
registry, by score, for people not on anticoagulation: exactly the "no anticoagulant" baseline an
aid needs. Score 0 has its own figure in the same table (0.2), so no score is left without one.

Ischaemic stroke per 100 years at risk, score 0 to 9:
0.2, 0.6, 2.2, 3.2, 4.8, 7.2, 9.7, 11.2, 10.8, 12.2

Where these numbers were read (the primary paper's Table 3 itself was not reachable):

- pacharanero/clincalc, ``spec/calculators/cha2ds2-vasc.md`` (commit 577076c0), "Table 3 of that
  paper reports the observed ischaemic stroke event rate per 100 patient-years among the roughly
  90,490 patients in the cohort who remained off warfarin", with all ten rates above;
  https://github.com/pacharanero/clincalc/blob/main/spec/calculators/cha2ds2-vasc.md
- awell-health/awell-score, CHA2DS2-VASc README, "Risk of ischemic stroke" column citing Friberg
  2012 as its reference [1], the same ten figures (with stroke/TIA/systemic embolism alongside:
  0.3 ... 17.4, not used here).
- https://grepmed.com/images/28552/score-chads2vasc-chadsvasc-cardiology-atrial (unattributed, same
  ten figures) and, for scores 1 to 9, figures-cardio.md AF-3 (Cambio CDS model).

All copies agree digit for digit. They are secondary copies, so the figures are marked
"check against Friberg 2012 Table 3 at clinical review".

Why not the widely copied "adjusted stroke rate" table (0, 1.3, 2.2, 3.2, 4.0, 6.7, 9.8, 9.6, 6.7,
15.2 %/year; figures-cardio.md AF-1): it comes from the Euro Heart Survey derivation cohort of Lip
2010 (1,084 patients not on anticoagulation, with 31% lost to follow-up at one year, AF-2), so each
score holds few events; it is labelled "adjusted" rather than observed; it rises and falls with
score (9.8, 9.6, 6.7, then 15.2), and its source footnote itself warns that "actual rates of
stroke in contemporary cohorts might vary from these estimates".

Caveats, for the note shown with the figure:

- Rates are per 100 years at risk; a one-year probability is 1 - exp(-rate/100), assuming a
  constant hazard through the year (e.g. 12.2 per 100 years -> 11.5% in a year).
- Ischaemic stroke only: the same copies list stroke/TIA/systemic embolism as a separate,
  higher column, which is not used here.
- The rate is not monotonic at the top (score 8 is below score 7); that is in the source.
- Stroke rates depend on the cohort and on how events are counted: a later study of the same
  registries found annual rates at score 1 of 0.1-0.2% in women and 0.5-0.7% in men (Friberg 2015,
  figures-cardio.md AF-5), and a Danish cohort found 2.01 thromboembolisms per 100 person-years at
  score 1 (Olesen 2011, AF-6).
- Certainty: observational registry data, GRADE not stated by the source; rated LOW by this aid's
  authors pending clinical review.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, ClassVar, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from pydantic import Field, field_validator

from decision_aids.calculators import register
from decision_aids.calculators._base import (
    ADULT_AGE,
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
from decision_aids.risk import rate_to_probability

#: Ischaemic strokes per 100 years at risk without anticoagulation, indexed by score 0-9
#: (Friberg 2012, Table 3; see the module docstring for where each copy was read).
STROKE_RATE_PER_100_YEARS: NDArray[np.float64] = np.array(
    [0.2, 0.6, 2.2, 3.2, 4.8, 7.2, 9.7, 11.2, 10.8, 12.2]
)
#: The scores CHA2DS2-VASc can give.
SCORES = Bounds(0, 9)

CITATION = (
    "Friberg L, Rosenqvist M, Lip GYH. Evaluation of risk stratification schemes for ischaemic "
    "stroke and bleeding in 182 678 patients with atrial fibrillation: the Swedish Atrial "
    "Fibrillation cohort study. Eur Heart J 2012;33(12):1500-10. doi:10.1093/eurheartj/ehr488"
)
URL = "https://doi.org/10.1093/eurheartj/ehr488"


def cha2ds2vasc_score(
    *,
    age: ArrayLike,
    female: ArrayLike,
    congestive_heart_failure: ArrayLike,
    hypertension: ArrayLike,
    diabetes: ArrayLike,
    stroke_tia_or_thromboembolism: ArrayLike,
    vascular_disease: ArrayLike,
) -> NDArray[np.int_]:
    """The CHA2DS2-VASc score (0-9) for each person; arguments broadcast against each other.

    ``age`` is in years, from 18 to 120; every other argument is yes/no (True/False or 1/0).
    Anything else raises ValueError naming the argument.
    """
    years = numbers(age, "age", ADULT_AGE)
    flags = {
        "female": yes_no(female, "female"),
        "congestive_heart_failure": yes_no(congestive_heart_failure, "congestive_heart_failure"),
        "hypertension": yes_no(hypertension, "hypertension"),
        "diabetes": yes_no(diabetes, "diabetes"),
        "stroke_tia_or_thromboembolism": yes_no(
            stroke_tia_or_thromboembolism, "stroke_tia_or_thromboembolism"
        ),
        "vascular_disease": yes_no(vascular_disease, "vascular_disease"),
    }
    check_shapes(age=years, **flags)
    points = (
        np.where(years >= 75, 2, np.where(years >= 65, 1, 0))
        + flags["congestive_heart_failure"]
        + flags["hypertension"]
        + flags["diabetes"]
        + 2 * flags["stroke_tia_or_thromboembolism"]
        + flags["vascular_disease"]
        + flags["female"]
    )
    return points.astype(np.int_)


def stroke_rate_per_100_years(score: ArrayLike) -> NDArray[np.float64]:
    """Friberg 2012's ischaemic-stroke rate per 100 years without anticoagulation, by score."""
    scores = numbers(score, "score", SCORES, whole=True).astype(np.int_)
    return STROKE_RATE_PER_100_YEARS[scores]


def stroke_risk_per_year(score: ArrayLike) -> NDArray[np.float64]:
    """The probability of an ischaemic stroke within one year without anticoagulation.

    The rate per 100 years at risk becomes a one-year probability at constant hazard:
    ``1 - exp(-rate / 100)`` (:func:`decision_aids.risk.rate_to_probability`).
    """
    return rate_to_probability(stroke_rate_per_100_years(score) / 100)


def _clean_text(value: Any) -> Any:
    return value.strip().lower() if isinstance(value, str) else value


class Cha2ds2vascInputs(CalculatorInputs):
    """What the CHA2DS2-VASc score needs to know."""

    age: Annotated[
        int,
        Field(
            ge=ADULT_AGE.low,
            le=ADULT_AGE.high,
            title="Age",
            description="Age in whole years. 65 to 74 scores 1 point; 75 or over scores 2.",
            json_schema_extra={"unit": ADULT_AGE.unit},
        ),
    ]
    sex: Annotated[
        Literal["female", "male"],
        Field(title="Sex", description="Female or male. Female sex scores 1 point."),
    ]
    congestive_heart_failure: Annotated[
        bool,
        Field(
            title="Heart failure",
            description="Heart failure, or a weak pumping action of the heart (left ventricular "
            "dysfunction). 1 point.",
        ),
    ]
    hypertension: Annotated[
        bool,
        Field(
            title="High blood pressure",
            description="High blood pressure, treated or not. 1 point.",
        ),
    ]
    diabetes: Annotated[
        bool,
        Field(title="Diabetes", description="Diabetes of any type. 1 point."),
    ]
    stroke_tia_or_thromboembolism: Annotated[
        bool,
        Field(
            title="Previous stroke, TIA or blood clot",
            description="A previous stroke, transient ischaemic attack (mini-stroke) or a clot "
            "that blocked an artery elsewhere in the body. 2 points.",
        ),
    ]
    vascular_disease: Annotated[
        bool,
        Field(
            title="Vascular disease",
            description="A previous heart attack, peripheral arterial disease (narrowed leg "
            "arteries) or plaque in the aorta. 1 point.",
        ),
    ]

    @field_validator("*", mode="before")
    @classmethod
    def _tidy_text(cls, value: Any) -> Any:
        return _clean_text(value)


class Cha2ds2vasc(Calculator):
    """CHA2DS2-VASc, with the Swedish AF cohort's stroke rates for people not anticoagulated."""

    id = "cha2ds2vasc"
    name = "CHA2DS2-VASc stroke risk in atrial fibrillation"
    inputs = Cha2ds2vascInputs
    score_name = "CHA2DS2-VASc score"
    #: Age scores 1 point from 65 and 2 from 75.
    cut_points: ClassVar[Mapping[str, tuple[float, ...]]] = {"age": (65, 75)}
    outputs: ClassVar[dict[str, CalculatorOutput]] = {
        "stroke_per_year": CalculatorOutput(
            label="Ischaemic stroke within a year, without an anticoagulant",
            time_frame=TimeFrame(value=1, unit="year"),
            citation=CITATION,
            url=URL,
            certainty=Certainty.LOW,
            certainty_rated_by=RatedBy.AUTHORS,
            highest=float(stroke_risk_per_year(np.arange(SCORES.high + 1)).max()),
            note=(
                "Friberg 2012 Table 3: ischaemic strokes per 100 years at risk in about 90,490 "
                "people with atrial fibrillation in Sweden who did not take an anticoagulant, by "
                "CHA2DS2-VASc score (0.2, 0.6, 2.2, 3.2, 4.8, 7.2, 9.7, 11.2, 10.8, 12.2 for "
                "scores 0-9), turned into a one-year chance as 1 - exp(-rate/100). Read in "
                "secondary copies that agree digit for digit (clincalc spec, awell-score), not "
                "in the paper itself; check at clinical review. Observational registry data; no "
                "GRADE rating in the source; rated low by the authors because rates by score "
                "vary between cohorts and with how strokes are counted (Friberg 2015 found "
                "0.1-0.7% a year at score 1)."
            ),
        )
    }

    def evaluate(self, columns: Mapping[str, NDArray[Any]]) -> Evaluation:
        scores = cha2ds2vasc_score(
            age=columns["age"],
            female=columns["sex"] == "female",
            congestive_heart_failure=columns["congestive_heart_failure"],
            hypertension=columns["hypertension"],
            diabetes=columns["diabetes"],
            stroke_tia_or_thromboembolism=columns["stroke_tia_or_thromboembolism"],
            vascular_disease=columns["vascular_disease"],
        )
        return scores.astype(np.float64), {"stroke_per_year": stroke_risk_per_year(scores)}

    def assess(self, inputs: CalculatorInputs) -> Assessment:
        if not isinstance(inputs, Cha2ds2vascInputs):
            raise TypeError(f"{self.id} needs Cha2ds2vascInputs, not {type(inputs).__name__}")
        score, probabilities = self.one(inputs)
        return Assessment(
            score=score, summary=f"CHA2DS2-VASc score {score:g}", probabilities=probabilities
        )


CHA2DS2VASC = register(Cha2ds2vasc())
