"""The type 2 diabetes risk-group calculator, against its sources.

Expected values are read by hand from Palmer 2021 (BMJ 2021;372:m4573) Table 4, "Risk with
control ... over five years": very low 20, low 70, moderate 120, high 170, very high 265 per 1000.
Group rules from the Li 2021 guideline (BMJ 2021;373:n1091) visual summary: without heart or
kidney disease, "3 or fewer" risk factors is very low and "more than 3" is low.
"""

from __future__ import annotations

import numpy as np
import pytest

from decision_aids.calculators import CALCULATORS, CalculatorInputError
from decision_aids.calculators.diabetes_risk_group import death_within_5_years, risk_group_index

CALC = CALCULATORS["diabetes_risk_group"]


@pytest.mark.parametrize(
    ("cvd", "ckd", "factors", "group", "death"),
    [
        # Table 4 "very low": 20 per 1000 = 0.020; 3 risk factors is "3 or fewer".
        ("no", "no", "3", "very low", 0.020),
        ("no", "no", "0", "very low", 0.020),
        # Table 4 "low": 70 per 1000 = 0.070; 4 risk factors is "more than 3".
        ("no", "no", "4", "low", 0.070),
        # Table 4 "moderate" (established cardiovascular disease): 120 per 1000 = 0.120,
        # whatever the number of risk factors.
        ("yes", "no", "0", "moderate", 0.120),
        ("yes", "no", "8", "moderate", 0.120),
        # Table 4 "high" (chronic kidney disease): 170 per 1000 = 0.170.
        ("no", "yes", "5", "high", 0.170),
        # Table 4 "very high" (both): 265 per 1000 = 0.265.
        ("yes", "yes", "1", "very high", 0.265),
    ],
)
def test_group_and_five_year_death_follow_table_4(
    cvd: str, ckd: str, factors: str, group: str, death: float
) -> None:
    result = CALC.assess_raw(
        {"cardiovascular_disease": cvd, "chronic_kidney_disease": ckd, "risk_factors": factors}
    )
    assert result.summary == f"{group} risk group"
    assert result.probabilities["death_5_years"] == pytest.approx(death)


def test_vectorised_maths_matches_one_person_at_a_time() -> None:
    # The same five people as the table above, one per group: 20, 70, 120, 170, 265 per 1000.
    cvd = [False, False, True, False, True]
    ckd = [False, False, False, True, True]
    factors = [3, 4, 0, 5, 1]
    assert list(risk_group_index(cvd, ckd, factors)) == [0, 1, 2, 3, 4]
    np.testing.assert_allclose(
        death_within_5_years(cvd, ckd, factors), [0.020, 0.070, 0.120, 0.170, 0.265]
    )


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("risk_factors", "9", "outside 0 to 8"),
        ("risk_factors", "-1", "outside 0 to 8"),
        ("risk_factors", "lots", "whole number"),
        ("cardiovascular_disease", "maybe", "yes or no"),
    ],
)
def test_bad_answers_name_the_field_and_what_to_do(field: str, value: str, words: str) -> None:
    raw = {"cardiovascular_disease": "no", "chronic_kidney_disease": "no", "risk_factors": "2"}
    with pytest.raises(CalculatorInputError) as caught:
        CALC.assess_raw({**raw, field: value})
    [problem] = caught.value.problems
    assert problem.field == field
    assert words in problem.message


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        # A word is not a yes/no answer, though numpy would read any text as True.
        (("no", False, 2), "cardiovascular_disease must be yes or no"),
        ((False, "yes", 2), "chronic_kidney_disease must be yes or no"),
        ((False, False, 9), "risk_factors must be a whole number from 0 to 8"),
        ((False, False, 2.5), "risk_factors must be a whole number from 0 to 8"),
    ],
)
def test_the_score_function_refuses_bad_arguments_by_name(arguments, message: str) -> None:
    with pytest.raises(ValueError, match=f"^{message}"):
        risk_group_index(*arguments)


def test_the_highest_chance_is_the_very_high_groups():
    # Palmer 2021 Table 4: 265 per 1000 over 5 years in the very high risk group.
    assert CALC.outputs["death_5_years"].highest == 0.265


def test_arguments_that_do_not_go_together_are_named_with_their_shapes() -> None:
    with pytest.raises(ValueError, match="must have the same length") as caught:
        risk_group_index([True, False], [False, False, False], [1])
    assert str(caught.value).endswith(
        "got shapes cardiovascular_disease (2,), chronic_kidney_disease (3,), risk_factors (1,)"
    )


def test_assess_refuses_another_calculators_inputs() -> None:
    other = CALCULATORS["ten_year_cvd_risk"].parse({"risk_percent": "10"})
    with pytest.raises(
        TypeError,
        match=r"^diabetes_risk_group needs DiabetesRiskGroupInputs, not TenYearCvdRiskInputs$",
    ):
        CALC.assess(other)
