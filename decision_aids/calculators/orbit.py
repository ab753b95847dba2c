"""ORBIT bleeding score, and the yearly chance of a major bleed while taking an anticoagulant.

Source: O'Brien EC, Simon DN, Thomas LE, Hylek EM, Gersh BJ, Ansell JE, Kowey PR, Mahaffey KW,
Chang P, Fonarow GC, Pencina MJ, Piccini JP, Peterson ED. The ORBIT bleeding score: a simple
bedside score to assess bleeding risk in atrial fibrillation. Eur Heart J 2015;36(46):3258-64.
doi:10.1093/eurheartj/ehv476. NICE NG196 recommends ORBIT for bleeding risk in atrial fibrillation
(figures-cardio.md AF-19).

Criteria and points
-------------------
- Older age, 75 or over: 1
- Reduced haemoglobin (below 130 g/L in men, below 120 g/L in women), reduced haematocrit (below
  40% in men, below 36% in women), or a history of anaemia: 2 (once, however many of the three)
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
anaemia", https://nursing-notebook.com/en-gb/simplepage.cfm?ID=x20210504115351910532&linkID=81701).

The haematocrit cut-offs are read in secondary copies only: nursing-notebook.com (above) and the
Czech CMP manual's ORBIT page ("muži <13g/dl a Hct < 40%, ženy <12g/dl a Hct < 36%",
http://www.cmp-manual.cz/930-Orbit.html) agree on below 40% for men and below 36% for women.
practical-haemostasis.com's ORBIT page gives "<40% Males; <30% Females"; two copies agree on 36%,
so 36% is used and the 30% is taken as a slip in that one copy. Check against the paper's table at
clinical review. Haematocrit is asked for in percent; a result in L/L (0.38) is the percentage
divided by 100 (38%).

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

Missing values: eGFR, haemoglobin and haematocrit are optional because many people do not know
them. Where an aid's figures are worked out (:meth:`Calculator.spread`), an input not known is
tried at every value it could take, so the figure becomes a range; one blood count result is
enough there, the other then scoring nothing (:meth:`Orbit.assumed`). Given to :meth:`Orbit.assess`
directly, an unknown eGFR scores no kidney point; an unknown haemoglobin or haematocrit scores
nothing by itself, leaving the anaemia points to whichever of the three is known. Its summary says
which were not known (the blood count only when neither result was given and there is no history
of anaemia), since the score may then be too low.
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

#: Haemoglobin below these (g/L) counts as reduced (BJGP Table 1: <13 g/dL men, <12 g/dL women).
LOW_HAEMOGLOBIN_G_PER_L = {"male": 130.0, "female": 120.0}
#: Haematocrit below these (%) counts as reduced (<40% men, <36% women; see the docstring).
LOW_HAEMATOCRIT_PERCENT = {"male": 40.0, "female": 36.0}
#: eGFR below this (mL/min/1.73 m²) counts as insufficient kidney function.
LOW_EGFR = 60.0

#: The values each input may take: in the form and in :func:`orbit_score` alike.
HAEMOGLOBIN = Bounds(50, 200, "g/L")
HAEMATOCRIT = Bounds(10, 70, "%")
EGFR = Bounds(5, 150, "mL/min/1.73m²")
SCORES = Bounds(0, 7)

BANDS = ("low", "medium", "high")
#: The two blood count results, either of which is enough.
_BLOOD_COUNT = ("haemoglobin_g_per_l", "haematocrit_percent")
#: Major bleeds per 100 patient-years on anticoagulation in ORBIT-AF, by band (0-2, 3, >=4).
MAJOR_BLEEDS_PER_100_YEARS: NDArray[np.float64] = np.array([2.4, 4.7, 8.1])

#: Where a person can find a blood test result, as the form says it.
BLOOD_TEST_RESULT = (
    "Your GP surgery can tell you, and it is in your test results in the NHS App if you use it."
)

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
    haematocrit_percent: ArrayLike,
    anaemia_history: ArrayLike,
    bleeding_history: ArrayLike,
    egfr: ArrayLike,
    antiplatelet: ArrayLike,
) -> NDArray[np.int_]:
    """The ORBIT score (0-7) for each person; arguments broadcast against each other.

    ``age`` is in years (18 to 120). ``haemoglobin_g_per_l`` (50 to 200 g/L),
    ``haematocrit_percent`` (10 to 70%) and ``egfr`` (5 to 150 mL/min/1.73m²) may hold NaN (or
    None) for "not known": an unknown value scores no points. Every other argument is yes/no
    (True/False or 1/0). Anything else raises ValueError naming the argument.
    """
    women = yes_no(female, "female")
    values = {
        "age": numbers(age, "age", ADULT_AGE),
        "haemoglobin_g_per_l": numbers(
            haemoglobin_g_per_l, "haemoglobin_g_per_l", HAEMOGLOBIN, not_known=True
        ),
        "haematocrit_percent": numbers(
            haematocrit_percent, "haematocrit_percent", HAEMATOCRIT, not_known=True
        ),
        "egfr": numbers(egfr, "egfr", EGFR, not_known=True),
        "anaemia_history": yes_no(anaemia_history, "anaemia_history"),
        "bleeding_history": yes_no(bleeding_history, "bleeding_history"),
        "antiplatelet": yes_no(antiplatelet, "antiplatelet"),
    }
    check_shapes(female=women, **values)
    low_haemoglobin = np.where(
        women, LOW_HAEMOGLOBIN_G_PER_L["female"], LOW_HAEMOGLOBIN_G_PER_L["male"]
    )
    low_haematocrit = np.where(
        women, LOW_HAEMATOCRIT_PERCENT["female"], LOW_HAEMATOCRIT_PERCENT["male"]
    )
    anaemia = (
        (values["haemoglobin_g_per_l"] < low_haemoglobin)
        | (values["haematocrit_percent"] < low_haematocrit)
        | values["anaemia_history"]
    )
    points = (
        (values["age"] >= 75)
        + 2 * anaemia
        + 2 * values["bleeding_history"]
        + (values["egfr"] < LOW_EGFR)
        + values["antiplatelet"]
    )
    return points.astype(np.int_)


def orbit_band(score: ArrayLike) -> NDArray[np.int_]:
    """Band index for each score: 0 low (0-2), 1 medium (3), 2 high (4-7)."""
    scores = numbers(score, "score", SCORES, whole=True).astype(np.int_)
    return np.clip(scores - 2, 0, 2)


def major_bleeding_risk_per_year(score: ArrayLike) -> NDArray[np.float64]:
    """One-year probability of a major bleed on an anticoagulant, from the ORBIT band's rate.

    ``1 - exp(-rate / 100)`` with the band's bleeds per 100 patient-years (constant hazard;
    :func:`decision_aids.risk.rate_to_probability`).
    """
    return rate_to_probability(MAJOR_BLEEDS_PER_100_YEARS[orbit_band(score)] / 100)


class OrbitInputs(CalculatorInputs):
    """What the ORBIT bleeding score needs to know."""

    age: Annotated[
        int,
        Field(
            ge=ADULT_AGE.low,
            le=ADULT_AGE.high,
            title="Age",
            description="Age in whole years. 75 or over scores 1 point.",
            json_schema_extra={"unit": ADULT_AGE.unit},
        ),
    ]
    sex: Annotated[
        Literal["female", "male"],
        Field(
            title="Sex",
            description="Female or male; sets the haemoglobin and haematocrit levels that "
            "count as low.",
        ),
    ]
    haemoglobin_g_per_l: Annotated[
        float | None,
        Field(
            default=None,
            ge=HAEMOGLOBIN.low,
            le=HAEMOGLOBIN.high,
            title="Haemoglobin",
            description="Latest haemoglobin in g/L, if known. Below 130 (men) or 120 (women) "
            "scores 2 points, as does a low haematocrit or a history of anaemia.",
            json_schema_extra={
                "unit": HAEMOGLOBIN.unit,
                "hint": "if your result is in g/dL, multiply it by 10 (12.5 g/dL is 125 g/L)",
                "where": BLOOD_TEST_RESULT,
            },
        ),
    ]
    haematocrit_percent: Annotated[
        float | None,
        Field(
            default=None,
            ge=HAEMATOCRIT.low,
            le=HAEMATOCRIT.high,
            title="Haematocrit",
            description="Latest haematocrit (Hct, also called packed cell volume) in percent, if "
            "known. Below 40% (men) or 36% (women) scores 2 points, as does a low haemoglobin "
            "or a history of anaemia.",
            json_schema_extra={
                "unit": HAEMATOCRIT.unit,
                "hint": "if your result is in L/L, multiply it by 100 (0.38 L/L is 38%)",
                "where": BLOOD_TEST_RESULT,
            },
        ),
    ]
    anaemia_history: Annotated[
        bool,
        Field(
            title="History of anaemia",
            description="Ever been told you have anaemia (a low blood count). 2 points (not "
            "added twice with a low haemoglobin or haematocrit).",
        ),
    ]
    bleeding_history: Annotated[
        bool,
        Field(
            title="Previous serious bleeding",
            description="A previous bleed such as a bleed in the brain, a haemorrhagic stroke or "
            "a bleed from the stomach or bowel. 2 points.",
        ),
    ]
    egfr: Annotated[
        float | None,
        Field(
            default=None,
            ge=EGFR.low,
            le=EGFR.high,
            title="Kidney function (eGFR)",
            description="Latest estimated glomerular filtration rate, if known. Below 60 scores "
            "1 point.",
            json_schema_extra={"unit": EGFR.unit, "where": BLOOD_TEST_RESULT},
        ),
    ]
    antiplatelet: Annotated[
        bool,
        Field(
            title="Taking an antiplatelet medicine",
            description="Taking aspirin, clopidogrel, prasugrel or ticagrelor. 1 point.",
        ),
    ]

    @field_validator("*", mode="before")
    @classmethod
    def _tidy_text(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value


class Orbit(Calculator):
    """ORBIT bleeding score, with ORBIT-AF's major-bleeding rates on anticoagulation."""

    id = "orbit"
    name = "ORBIT bleeding risk on an anticoagulant"
    inputs = OrbitInputs
    score_name = "ORBIT score"
    #: Age scores from 75; the blood count is low below each sex's level; eGFR scores below 60.
    cut_points: ClassVar[Mapping[str, tuple[float, ...]]] = {
        "age": (75,),
        "haemoglobin_g_per_l": tuple(sorted(LOW_HAEMOGLOBIN_G_PER_L.values())),
        "haematocrit_percent": tuple(sorted(LOW_HAEMATOCRIT_PERCENT.values())),
        "egfr": (LOW_EGFR,),
    }
    outputs: ClassVar[dict[str, CalculatorOutput]] = {
        "major_bleeding_per_year_on_anticoagulant": CalculatorOutput(
            label="Major bleeding within a year while taking an anticoagulant",
            time_frame=TimeFrame(value=1, unit="year"),
            citation=CITATION,
            url=URL,
            certainty=Certainty.LOW,
            certainty_rated_by=RatedBy.AUTHORS,
            highest=float(major_bleeding_risk_per_year(np.arange(SCORES.high + 1)).max()),
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

    def evaluate(self, columns: Mapping[str, NDArray[Any]]) -> Evaluation:
        scores = orbit_score(
            age=columns["age"],
            female=columns["sex"] == "female",
            haemoglobin_g_per_l=columns["haemoglobin_g_per_l"],
            haematocrit_percent=columns["haematocrit_percent"],
            anaemia_history=columns["anaemia_history"],
            bleeding_history=columns["bleeding_history"],
            egfr=columns["egfr"],
            antiplatelet=columns["antiplatelet"],
        )
        return scores.astype(np.float64), {
            "major_bleeding_per_year_on_anticoagulant": major_bleeding_risk_per_year(scores)
        }

    def assumed(self, known: Mapping[str, Any]) -> dict[str, Any]:
        """One blood count result is enough: the other, not given, scores nothing."""
        if any(name in known for name in _BLOOD_COUNT):
            return {name: None for name in _BLOOD_COUNT if name not in known}
        return {}

    def assess(self, inputs: CalculatorInputs) -> Assessment:
        if not isinstance(inputs, OrbitInputs):
            raise TypeError(f"{self.id} needs OrbitInputs, not {type(inputs).__name__}")
        score, probabilities = self.one(inputs)
        assert score is not None
        summary = f"ORBIT score {score:g} ({BANDS[int(orbit_band(score))]} bleeding risk)"
        unknown = []
        blood_count = (inputs.haemoglobin_g_per_l, inputs.haematocrit_percent)
        if blood_count == (None, None) and not inputs.anaemia_history:
            unknown.append("blood count (haemoglobin or haematocrit)")
        if inputs.egfr is None:
            unknown.append("kidney function (eGFR)")
        if unknown:
            summary += f"; {' and '.join(unknown)} not given, so not counted"
        return Assessment(score=score, summary=summary, probabilities=probabilities)


ORBIT = register(Orbit())
