"""The entered 10-year hip fracture risk (QFracture or FRAX): a percentage becomes a probability.

Worked by hand: a 10-year risk of 3.5% is 3.5 / 100 = 0.035; 12% is 0.12. The calculator refuses
figures outside 0.1% to 99%, the range it shares with the entered cardiovascular risk.
"""

from __future__ import annotations

import pytest

from decision_aids.calculators import CALCULATORS, CalculatorInputError

CALC = CALCULATORS["ten_year_hip_fracture_risk"]


@pytest.mark.parametrize(
    ("typed", "probability"),
    [("3.5", 0.035), ("12%", 0.12), (" 0.1 ", 0.001), ("99", 0.99)],
)
def test_typed_percentage_becomes_the_ten_year_probability(typed: str, probability: float) -> None:
    result = CALC.assess_raw({"hip_fracture_risk_percent": typed})
    assert result.probabilities == {"hip_fracture_10_years": pytest.approx(probability)}
    assert result.summary == f"10-year hip fracture risk {float(typed.strip(' %')):g}%"


def test_output_is_over_ten_years() -> None:
    assert str(CALC.outputs["hip_fracture_10_years"].time_frame) == "10 years"


@pytest.mark.parametrize("typed", ["0.05", "99.5", "-1", "a lot"])
def test_a_figure_outside_the_range_names_the_field(typed: str) -> None:
    with pytest.raises(CalculatorInputError) as caught:
        CALC.assess_raw({"hip_fracture_risk_percent": typed})
    [problem] = caught.value.problems
    assert problem.field == "hip_fracture_risk_percent"


def test_the_score_is_the_entered_percentage() -> None:
    assert CALC.assess_raw({"hip_fracture_risk_percent": "3.5"}).score == 3.5


def test_assess_refuses_another_calculators_inputs() -> None:
    other = CALCULATORS["ten_year_cvd_risk"].parse({"risk_percent": "10"})
    with pytest.raises(
        TypeError,
        match=r"^ten_year_hip_fracture_risk needs TenYearHipFractureRiskInputs, not TenYearCvdRiskInputs$",
    ):
        CALC.assess(other)
