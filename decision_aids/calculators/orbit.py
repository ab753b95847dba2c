"""ORBIT bleeding score, and the yearly chance of a major bleed while taking an anticoagulant.

Source: O'Brien EC, Simon DN, Thomas LE, Hylek EM, Gersh BJ, Ansell JE, Kowey PR, Mahaffey KW,
Chang P, Fonarow GC, Pencina MJ, Piccini JP, Peterson ED. The ORBIT bleeding score: a simple
bedside score to assess bleeding risk in atrial fibrillation. Eur Heart J 2015;36(46):3258-64.
doi:10.1093/eurheartj/ehv476. NICE NG196 recommends ORBIT for bleeding risk in atrial fibrillation
(figures-cardio.md AF-19).

Criteria and points
-------------------
- Older age, 75 or over: 1
- Reduced haemoglobin (below 130 g/L in men, below 120 g/L in women), reduced haematocrit, or a
  history of anaemia: 2
- Bleeding history: 2
- Insufficient kidney function, eGFR below 60 mL/min/1.73 m²: 1
- Treatment with an antiplatelet medicine: 1

Score 0 to 7. Verified in: the paper's abstract (Duke repository copy,
https://dukespace.lib.duke.edu/dspace/handle/10161/15004: "older age [75+ years], reduced
haemoglobin/haematocrit/history of anaemia, bleeding history, insufficient kidney function, and
treatment with antiplatelet"); the points in the ACC journal scan of the paper ("one point for
older age (75+ years), two points for anemia, two points for bleeding history, one point for renal
insufficiency, and one point for concurrent antiplatelet use",
http://www.acc.org/latest-in-cardiology/journal-scans/2015/10/09/11/53/the-orbit-bleeding-score-a-simple-bedside-score-to-assess-bleeding);
the thresholds in BJGP Table 1 "The ORBIT score and its interpretation" ("Haemoglobin (<13 g/dL for
males or <12 g/dL for females)", "eGFR <60 mL/min/1.73 m2", bleeding history = "previous
intracranial bleed, haemorrhagic stroke, or gastrointestinal bleed"; figures-cardio.md AF-13) and
nursing-notebook.com's ORBIT page ("haematocrit (<40% in men and <36% in women) or history of
anaemia"). Haematocrit is not asked for here: haemoglobin or a history of anaemia is used instead.

Bleeding rates
--------------
Major bleeds per 100 patient-years, by band: 0-2 low 2.4; 3 medium 4.7; 4 or more high 8.1.
Read in BJGP Table 1 and The Hospitalist/Reuters ("from 2.4 per 100 patient-years in the low-risk
group (scores 0-2) to 4.7 per 100 patient-years in the medium-risk group (score 3) to 8.1 per 100
patient-years in the high-risk group (scores 4-7)"; figures-cardio.md AF-13), and again, concordant,
in https://clincalcpro.com/calculators/cardiology/orbi_pci_bleeding and
https://appcardio.com/orbit-bleeding-score-calculator. The paper's own Results table was not
reachable; its abstract gives the overall rate, "Among 7411 ORBIT-AF patients taking OAC, the rate
of major bleeding was 4.0/100 person-years" (AF-14), consistent with the bands.

What the rates count: major bleeding in the ORBIT-AF registry (176 US sites) among people who were
TAKING an oral anticoagulant - mostly warfarin (93.4% warfarin, 6.6% dabigatran, per
https://practical-haemostasis.com/Clinical%20Prediction%20Scores/Formulae%20code%20and%20formulae/Formulae/AF-Bleeding/orbit_af_score.html).
They are bleeding rates ON anticoagulation, not the extra bleeding the anticoagulant causes, and
not a rate for people not taking one. A one-year probability is 1 - exp(-rate/100), assuming a
constant hazard through the year.

Missing values: eGFR and haemoglobin are optional because many people do not know them. An
unknown eGFR scores no kidney point; an unknown haemoglobin leaves the anaemia point to the anaemia
history answer. The summary says which were not known, since the score may then be too low.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from pydantic import Field, field_validator

from decision_aids.calculators import register
from decision_aids.calculators._base import (
    Assessment,
    Calculator,
    CalculatorInputs,
    CalculatorOutput,
)
from decision_aids.model import Certainty, RatedBy, TimeFrame

#: Haemoglobin below these (g/L) counts as reduced (BJGP Table 1: <13 g/dL men, <12 g/dL women).
LOW_HAEMOGLOBIN_G_PER_L = {"male": 130.0, "female": 120.0}
#: eGFR below this (mL/min/1.73 m²) counts as insufficient kidney function.
LOW_EGFR = 60.0

BANDS = ("low", "medium", "high")
#: Major bleeds per 100 patient-years on anticoagulation in ORBIT-AF, by band (0-2, 3, >=4).
MAJOR_BLEEDS_PER_100_YEARS: NDArray[np.float64] = np.array([2.4, 4.7, 8.1])

CITATION = (
    "O'Brien EC, Simon DN, Thomas LE, Hylek EM, Gersh BJ, Ansell JE, Kowey PR, Mahaffey KW, "
    "Chang P, Fonarow GC, Pencina MJ, Piccini JP, Peterson ED. The ORBIT bleeding score: a simple "
    "bedside score to assess bleeding risk in atrial fibrillation. Eur Heart J "
    "2015;36(46):3258-64. doi:10.1093/eurheartj/ehv476"
)
URL = "https://doi.org/10.1093/eurheartj/ehv476"


def orbit_score(
    *,
    age: ArrayLike,
    female: ArrayLike,
    haemoglobin_g_per_l: ArrayLike,
    anaemia_history: ArrayLike,
    bleeding_history: ArrayLike,
    egfr: ArrayLike,
    antiplatelet: ArrayLike,
) -> NDArray[np.int_]:
    """The ORBIT score (0-7) for each person; arguments broadcast against each other.

    ``haemoglobin_g_per_l`` and ``egfr`` may hold NaN (or None) for "not known": an unknown value
    scores no points.
    """
    haemoglobin = np.asarray(haemoglobin_g_per_l, dtype=float)
    threshold = np.where(
        np.asarray(female, dtype=bool),
        LOW_HAEMOGLOBIN_G_PER_L["female"],
        LOW_HAEMOGLOBIN_G_PER_L["male"],
    )
    anaemia = (haemoglobin < threshold) | np.asarray(anaemia_history, dtype=bool)
    points = (
        (np.asarray(age) >= 75)
        + 2 * anaemia
        + 2 * np.asarray(bleeding_history, dtype=bool)
        + (np.asarray(egfr, dtype=float) < LOW_EGFR)
        + np.asarray(antiplatelet, dtype=bool)
    )
    return points.astype(np.int_)


def orbit_band(score: ArrayLike) -> NDArray[np.int_]:
    """Band index for each score: 0 low (0-2), 1 medium (3), 2 high (4-7)."""
    scores = np.asarray(score)
    if np.any((scores < 0) | (scores > 7)) or not np.all(np.equal(np.mod(scores, 1), 0)):
        raise ValueError(f"an ORBIT score is a whole number from 0 to 7, not {score!r}")
    return np.clip(scores.astype(np.int_) - 2, 0, 2)


def major_bleeding_risk_per_year(score: ArrayLike) -> NDArray[np.float64]:
    """One-year probability of a major bleed on an anticoagulant, from the ORBIT band's rate.

    ``1 - exp(-rate / 100)`` with the band's bleeds per 100 patient-years (constant hazard).
    """
    return -np.expm1(-MAJOR_BLEEDS_PER_100_YEARS[orbit_band(score)] / 100.0)


class OrbitInputs(CalculatorInputs):
    """What the ORBIT bleeding score needs to know."""

    age: Annotated[
        int,
        Field(
            ge=18,
            le=120,
            title="Age",
            description="Age in whole years. 75 or over scores 1 point.",
            json_schema_extra={"unit": "years"},
        ),
    ]
    sex: Annotated[
        Literal["female", "male"],
        Field(
            title="Sex",
            description="Female or male; sets the haemoglobin level that counts as low.",
        ),
    ]
    haemoglobin_g_per_l: Annotated[
        float | None,
        Field(
            default=None,
            ge=50,
            le=200,
            title="Haemoglobin",
            description="Latest haemoglobin in g/L, if known. Below 130 (men) or 120 (women) "
            "scores 2 points, as does a history of anaemia.",
            json_schema_extra={
                "unit": "g/L",
                "hint": "if your result is in g/dL, multiply it by 10 (12.5 g/dL is 125 g/L)",
            },
        ),
    ]
    anaemia_history: Annotated[
        bool,
        Field(
            title="History of anaemia",
            description="Ever been told you have anaemia (a low blood count). 2 points (not "
            "added twice with a low haemoglobin). Answer yes or no.",
        ),
    ]
    bleeding_history: Annotated[
        bool,
        Field(
            title="Previous serious bleeding",
            description="A previous bleed such as a bleed in the brain, a haemorrhagic stroke or "
            "a bleed from the stomach or bowel. 2 points. Answer yes or no.",
        ),
    ]
    egfr: Annotated[
        float | None,
        Field(
            default=None,
            ge=5,
            le=150,
            title="Kidney function (eGFR)",
            description="Latest estimated glomerular filtration rate, if known. Below 60 scores "
            "1 point.",
            json_schema_extra={"unit": "mL/min/1.73m²"},
        ),
    ]
    antiplatelet: Annotated[
        bool,
        Field(
            title="Taking an antiplatelet medicine",
            description="Taking aspirin, clopidogrel, prasugrel or ticagrelor. 1 point. Answer "
            "yes or no.",
        ),
    ]

    @field_validator("*", mode="before")
    @classmethod
    def _tidy_text(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value


def _nan_if_none(value: float | None) -> float:
    return float("nan") if value is None else value


class Orbit(Calculator):
    """ORBIT bleeding score, with ORBIT-AF's major-bleeding rates on anticoagulation."""

    id = "orbit"
    name = "ORBIT bleeding risk on an anticoagulant"
    inputs = OrbitInputs
    outputs: ClassVar[dict[str, CalculatorOutput]] = {
        "major_bleeding_per_year_on_anticoagulant": CalculatorOutput(
            label="Major bleeding within a year while taking an anticoagulant",
            time_frame=TimeFrame(value=1, unit="year"),
            citation=CITATION,
            url=URL,
            certainty=Certainty.LOW,
            certainty_rated_by=RatedBy.AUTHORS,
            highest=float(major_bleeding_risk_per_year(np.arange(8)).max()),
            note=(
                "ORBIT-AF registry (176 US sites), people taking an oral anticoagulant, mostly "
                "warfarin: 2.4 (score 0-2), 4.7 (score 3) and 8.1 (score 4-7) major bleeds per "
                "100 patient-years, turned into a one-year chance as 1 - exp(-rate/100). These "
                "are bleeding rates ON anticoagulation, not the extra bleeding it causes. Band "
                "rates read in BJGP Table 1 and Reuters/The Hospitalist, not in the paper's own "
                "table; the paper's abstract gives 4.0 per 100 person-years overall. Registry "
                "data with no GRADE rating in the source; rated low by the authors (modest "
                "discrimination, mostly warfarin-treated patients); check at clinical review."
            ),
        )
    }

    def assess(self, inputs: CalculatorInputs) -> Assessment:
        if not isinstance(inputs, OrbitInputs):
            raise TypeError(f"{self.id} needs OrbitInputs, not {type(inputs).__name__}")
        score = int(
            orbit_score(
                age=inputs.age,
                female=inputs.sex == "female",
                haemoglobin_g_per_l=_nan_if_none(inputs.haemoglobin_g_per_l),
                anaemia_history=inputs.anaemia_history,
                bleeding_history=inputs.bleeding_history,
                egfr=_nan_if_none(inputs.egfr),
                antiplatelet=inputs.antiplatelet,
            )
        )
        summary = f"ORBIT score {score} ({BANDS[int(orbit_band(score))]} bleeding risk)"
        unknown = []
        if inputs.haemoglobin_g_per_l is None and not inputs.anaemia_history:
            unknown.append("haemoglobin")
        if inputs.egfr is None:
            unknown.append("kidney function (eGFR)")
        if unknown:
            summary += f"; {' and '.join(unknown)} not given, so not counted"
        return Assessment(
            score=float(score),
            summary=summary,
            probabilities={
                "major_bleeding_per_year_on_anticoagulant": float(
                    major_bleeding_risk_per_year(score)
                )
            },
        )


ORBIT = register(Orbit())
