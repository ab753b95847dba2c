"""What a calculator says when some answers are "I don't know": the lowest and highest output.

Every expected value is worked by hand from the calculator's cited table, with the arithmetic
written beside it: Friberg 2012 Table 3 for CHA2DS2-VASc (ischaemic strokes per 100 years by score
0-9: 0.2, 0.6, 2.2, 3.2, 4.8, 7.2, 9.7, 11.2, 10.8, 12.2), the ORBIT-AF band rates (2.4 for scores
0-2, 4.7 for 3, 8.1 for 4-7 per 100 years), Palmer 2021 Table 4 for the diabetes risk groups
(20, 70, 120, 170, 265 per 1000 over 5 years) and the typed percentage's own range (0.1 to 99%).
A rate per 100 years is a one-year chance of 1 - exp(-rate/100).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from decision_aids.calculators import CALCULATORS, CalculatorInputError
from decision_aids.calculators._base import UNKNOWN, is_unknown

CHA = CALCULATORS["cha2ds2vasc"]
ORBIT = CALCULATORS["orbit"]
DIABETES = CALCULATORS["diabetes_risk_group"]
CVD = CALCULATORS["ten_year_cvd_risk"]
HIP = CALCULATORS["ten_year_hip_fracture_risk"]
STROKE = "stroke_per_year"
BLEED = "major_bleeding_per_year_on_anticoagulant"


def one_year(rate_per_100_years: float) -> float:
    return 1 - math.exp(-rate_per_100_years / 100)


@pytest.mark.parametrize("answer", [None, "", "  ", "unknown", "Unknown", " UNKNOWN "])
def test_blank_none_and_unknown_are_not_known(answer):
    assert is_unknown(answer)


@pytest.mark.parametrize("answer", ["no", "0", 0, False, "unknowns"])
def test_real_answers_are_known(answer):
    assert not is_unknown(answer)


def test_the_unknown_answer_is_a_plain_word():
    assert UNKNOWN == "unknown"


def test_cha2ds2vasc_woman_of_76_with_nothing_else_known():
    # Known: age 76 scores 2, female 1 -> 3. The five yes/no answers not known add 0 to 6
    # (heart failure 1, blood pressure 1, diabetes 1, stroke 2, vascular 1): scores 3 to 9,
    # every one reachable. Rates for 3..9: 3.2, 4.8, 7.2, 9.7, 11.2, 10.8, 12.2 per 100 years.
    spread = CHA.spread({"age": "76", "sex": "female"})
    assert spread.lowest[STROKE] == pytest.approx(one_year(3.2))  # 0.0315
    assert spread.highest[STROKE] == pytest.approx(one_year(12.2))  # 0.1149
    assert spread.unknown == (
        "congestive_heart_failure",
        "hypertension",
        "diabetes",
        "stroke_tia_or_thromboembolism",
        "vascular_disease",
    )
    assert spread.labels == (
        "Heart failure",
        "High blood pressure",
        "Diabetes",
        "Previous stroke, TIA or blood clot",
        "Vascular disease",
    )
    assert spread.known == {"age": 76, "sex": "female"}
    assert spread.summary == (
        "CHA2DS2-VASc score 3 to 9; not known: Heart failure, High blood pressure, Diabetes, "
        "Previous stroke, TIA or blood clot, Vascular disease"
    )


def test_cha2ds2vasc_age_not_known_tries_the_middle_band():
    # Known: female 1, all five others yes: 1+1+1+2+1 = 6, so 7 points. Age adds 0 (under 65),
    # 1 (65-74) or 2 (75+): scores 7, 8, 9 -> 11.2, 10.8, 12.2 per 100 years. The lowest is at
    # score 8, reached only by an age of 65 to 74 (Friberg's table dips at 8).
    answers = {"sex": "female", "age": UNKNOWN} | dict.fromkeys(
        (
            "congestive_heart_failure",
            "hypertension",
            "diabetes",
            "stroke_tia_or_thromboembolism",
            "vascular_disease",
        ),
        "yes",
    )
    spread = CHA.spread(answers)
    assert spread.lowest[STROKE] == pytest.approx(one_year(10.8))
    assert spread.highest[STROKE] == pytest.approx(one_year(12.2))
    assert spread.unknown == ("age",)
    assert spread.summary == "CHA2DS2-VASc score 7 to 9; not known: Age"


def test_cha2ds2vasc_nothing_known_spans_the_whole_table():
    # Scores 0 to 9: lowest rate 0.2 (score 0), highest 12.2 (score 9).
    spread = CHA.spread({})
    assert spread.lowest[STROKE] == pytest.approx(one_year(0.2))
    assert spread.highest[STROKE] == pytest.approx(one_year(12.2))
    assert len(spread.unknown) == 7


def test_candidates_cover_every_band_of_a_number():
    assert CHA.candidates("age") == (18, 65, 75, 120)
    assert ORBIT.candidates("egfr") == (5.0, 60.0, 150.0)
    assert ORBIT.candidates("haemoglobin_g_per_l") == (50.0, 120.0, 130.0, 200.0)
    assert CHA.candidates("sex") == ("female", "male")
    assert CHA.candidates("diabetes") == (False, True)
    assert DIABETES.candidates("risk_factors") == (0, 4, 8)


def test_orbit_kidney_function_not_known():
    # Known: age 80 scores 1, an antiplatelet 1, haemoglobin 125 g/L in a woman is not low
    # (below 120 is), no anaemia, no bleeding: 2 points. eGFR not known adds 0 or 1: scores 2
    # (low band, 2.4 per 100 years) or 3 (medium band, 4.7): 2.37% to 4.59%, "2 to 5 in 100".
    answers = {
        "age": "80",
        "sex": "female",
        "haemoglobin_g_per_l": "125",
        "anaemia_history": "no",
        "bleeding_history": "no",
        "egfr": "",
        "antiplatelet": "yes",
    }
    spread = ORBIT.spread(answers)
    assert spread.lowest[BLEED] == pytest.approx(one_year(2.4))  # 0.0237
    assert spread.highest[BLEED] == pytest.approx(one_year(4.7))  # 0.0459
    assert spread.unknown == ("egfr",)  # haematocrit is not asked for: one result is enough
    assert spread.summary == "ORBIT score 2 to 3; not known: Kidney function (eGFR)"


def test_orbit_unknowns_that_do_not_change_the_band_give_one_figure():
    # Age 60 male, no bleeding, eGFR 90, no antiplatelet: 0 points. Anaemia history and the
    # blood count not known add 0 or 2: scores 0 or 2, both in the low band (2.4 per 100 years).
    answers = {
        "age": "60",
        "sex": "male",
        "anaemia_history": UNKNOWN,
        "bleeding_history": "no",
        "egfr": "90",
        "antiplatelet": "no",
    }
    spread = ORBIT.spread(answers)
    assert spread.lowest[BLEED] == spread.highest[BLEED] == pytest.approx(one_year(2.4))
    assert spread.unknown == ("haemoglobin_g_per_l", "haematocrit_percent", "anaemia_history")
    assert spread.summary.startswith("ORBIT score 0 to 2;")


def test_orbit_one_blood_count_result_is_enough():
    assert ORBIT.missing({"haematocrit_percent": "45"}) == (
        "age",
        "sex",
        "anaemia_history",
        "bleeding_history",
        "egfr",
        "antiplatelet",
    )
    assert "haemoglobin_g_per_l" in ORBIT.missing({"age": "60"})


def test_orbit_nothing_known_spans_every_band():
    # Scores 0 to 7: the low band (2.4) to the high band (8.1).
    spread = ORBIT.spread({})
    assert spread.lowest[BLEED] == pytest.approx(one_year(2.4))
    assert spread.highest[BLEED] == pytest.approx(one_year(8.1))


def test_diabetes_risk_factors_not_known():
    # No heart or kidney disease: 3 risk factors or fewer is the very low group (20 per 1000),
    # more than 3 the low group (70 per 1000).
    spread = DIABETES.spread({"cardiovascular_disease": "no", "chronic_kidney_disease": "no"})
    assert spread.lowest["death_5_years"] == pytest.approx(20 / 1000)
    assert spread.highest["death_5_years"] == pytest.approx(70 / 1000)
    assert spread.summary == (
        "Heart and kidney risk group in type 2 diabetes (BMJ Rapid Recommendation 2021): not "
        "known: Number of heart risk factors"
    )


def test_diabetes_heart_disease_not_known_with_kidney_disease():
    # Kidney disease without heart disease is the high group (170), with it very high (265).
    spread = DIABETES.spread({"chronic_kidney_disease": "yes", "risk_factors": "2"})
    assert spread.lowest["death_5_years"] == pytest.approx(170 / 1000)
    assert spread.highest["death_5_years"] == pytest.approx(265 / 1000)


@pytest.mark.parametrize(
    ("calculator", "output"), [(CVD, "cvd_10_years"), (HIP, "hip_fracture_10_years")]
)
def test_a_typed_percentage_not_known_spans_its_range(calculator, output):
    # The percentage may be 0.1 to 99: 0.001 to 0.99.
    spread = calculator.spread({})
    assert spread.lowest[output] == pytest.approx(0.001)
    assert spread.highest[output] == pytest.approx(0.99)
    # A typed percentage is its own score, but has no score name: the summary names the input.
    label = calculator.inputs.model_fields[spread.unknown[0]].title
    assert spread.summary == f"{calculator.name}: not known: {label}"


def test_a_bad_known_answer_is_still_refused_by_name():
    with pytest.raises(CalculatorInputError) as caught:
        CHA.spread({"age": "seventy", "sex": "female"})
    assert [p.field for p in caught.value.problems] == ["age"]
    assert "whole number" in caught.value.problems[0].message


def test_everything_known_is_one_figure_equal_to_the_assessment():
    person = {
        "age": "76",
        "sex": "female",
        "congestive_heart_failure": "no",
        "hypertension": "yes",
        "diabetes": "no",
        "stroke_tia_or_thromboembolism": "no",
        "vascular_disease": "no",
    }
    spread = CHA.spread(person)
    # 2 + 1 + 1 = 4 -> 4.8 per 100 years
    assert spread.lowest[STROKE] == spread.highest[STROKE] == pytest.approx(one_year(4.8))
    assert CHA.missing(person) == ()


def _person(calculator, draw):
    """Every input of `calculator` drawn from its allowed values."""
    answers = {}
    for name in calculator.inputs.model_fields:
        choices = calculator.candidates(name)
        if isinstance(choices[0], bool | str):
            answers[name] = draw(st.sampled_from(choices))
        elif isinstance(choices[0], int):
            answers[name] = draw(st.integers(choices[0], choices[-1]))
        else:
            answers[name] = draw(st.floats(choices[0], choices[-1]))
    return answers


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_every_person_lies_within_the_spread_of_what_is_known(data):
    calculator = data.draw(st.sampled_from(list(CALCULATORS.values())))
    person = _person(calculator, data.draw)
    names = list(person)
    hidden = data.draw(st.sets(st.sampled_from(names)))
    known = {k: v for k, v in person.items() if k not in hidden}
    spread = calculator.spread(known)
    # What the calculator takes for an input not given because of the others (ORBIT: one
    # blood count result is enough, the other scoring nothing) is part of what is known.
    person |= calculator.assumed(known)
    result = calculator.assess(calculator.inputs.model_validate(person))
    for output, probability in result.probabilities.items():
        assert spread.lowest[output] <= probability <= spread.highest[output]


@pytest.mark.parametrize(
    ("calculator", "name"), [(CVD, "risk_percent"), (HIP, "hip_fracture_risk_percent")]
)
def test_evaluate_names_a_typed_percentage_it_cannot_use(calculator, name):
    with pytest.raises(
        ValueError, match=rf"^{name} must be a number from 0\.1 to 99%; got 150\.0$"
    ):
        calculator.evaluate({name: np.array([12.0, 150.0])})


def test_evaluate_gives_a_row_for_each_person():
    # Scores 3.5 and 12 (the percentages themselves) and chances 0.035 and 0.12.
    scores, chances = HIP.evaluate({"hip_fracture_risk_percent": np.array([3.5, 12.0])})
    assert scores.tolist() == [3.5, 12.0]
    assert chances["hip_fracture_10_years"] == pytest.approx([0.035, 0.12])


def test_a_score_the_unknown_answers_cannot_change_is_one_number():
    # A history of anaemia scores its 2 points whatever the blood count: age 60 (0), male,
    # bleeding no, eGFR 90, no antiplatelet: ORBIT 2 with the blood count not known.
    answers = {
        "age": "60",
        "sex": "male",
        "anaemia_history": "yes",
        "bleeding_history": "no",
        "egfr": "90",
        "antiplatelet": "no",
    }
    spread = ORBIT.spread(answers)
    assert spread.summary == "ORBIT score 2; not known: Haemoglobin, Haematocrit"
    assert spread.lowest[BLEED] == spread.highest[BLEED] == pytest.approx(one_year(2.4))
