"""Checks that need the calculators or the arithmetic, run when an aid loads (figure_checks).

Each content text below is a valid test aid with one line changed; the expected outcome of each
change is worked by hand in the test.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from support.data import VALID_DIR

from decision_aids.calculators import CALCULATORS
from decision_aids.content import parse_aid
from decision_aids.figure_checks import highest_baseline

PERSONALISED = (VALID_DIR / "personalised-aid.md").read_text(encoding="utf-8")
TEMPLATE = (VALID_DIR / "template-aid.md").read_text(encoding="utf-8")

# The personalised aid's effect on the entered 10-year risk, as written in the file.
RR_ON_CALCULATOR = """          measure: relative risk
          value: 0.75
          interval: {low: 0.70, high: 0.80}"""
# The template aid's fixed baseline (0.10 over its 1-year time frame) and effect.
FIXED_BASELINE = """    baseline:
      value: 0.10"""
RR_ON_FIXED = """          measure: relative risk
          value: 0.70
          interval: {low: 0.60, high: 0.80}"""


def _messages(text: str) -> list[str]:
    _, problems = parse_aid(text, "<text>")
    return [f"{p.field}: {p.message}" for p in problems if p.severity == "error"]


def _with(text: str, old: str, new: str) -> str:
    assert old in text, "the test aid changed; update the text this test replaces"
    return text.replace(old, new)


# --------------------------------------------------------------------------------------------
# Calculator references (the model no longer imports the calculator registry)


def test_a_calculator_baseline_must_be_listed_in_personalisation():
    text = _with(PERSONALISED, "personalisation: [ten_year_cvd_risk]", "personalisation: []")
    assert _messages(text) == [
        "outcomes.0.baseline.calculator: 'ten_year_cvd_risk' is not listed in `personalisation`"
    ]


def test_an_unknown_calculator_or_output_is_refused():
    unknown = _with(PERSONALISED, "calculator: ten_year_cvd_risk", "calculator: qrisk9")
    assert "outcomes.0.baseline.calculator: 'qrisk9' is not a known calculator" in _messages(
        unknown
    )
    output = _with(PERSONALISED, "output: cvd_10_years", "output: stroke")
    assert _messages(output) == [
        "outcomes.0.baseline.output: ten_year_cvd_risk has no output 'stroke'"
    ]


def test_the_model_does_not_import_the_calculators():
    # The import cycle model -> calculators -> model is gone: importing the model alone, in a
    # fresh interpreter, loads no calculator.
    code = "import sys, decision_aids.model; print(sorted(m for m in sys.modules if 'calculators' in m))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


# --------------------------------------------------------------------------------------------
# No figure above certainty: an author's error at load time, never a silent cap


def test_highest_entered_ten_year_risk_is_99_percent():
    # ten_year_cvd_risk takes a typed 10-year risk of 0.1% to 99%: the highest is 99 / 100.
    assert CALCULATORS["ten_year_cvd_risk"].outputs["cvd_10_years"].highest == pytest.approx(0.99)


def test_highest_stroke_and_bleed_risks_come_from_the_published_tables():
    # CHA2DS2-VASc: Friberg 2012's highest rate is 12.2 strokes per 100 years (score 9);
    # 1 - exp(-12.2 / 100) = 1 - 0.885148 = 0.114852.
    stroke = CALCULATORS["cha2ds2vasc"].outputs["stroke_per_year"].highest
    assert stroke == pytest.approx(0.114852, abs=1e-6)
    # ORBIT: the high band's 8.1 major bleeds per 100 patient-years; 1 - exp(-0.081) = 0.077806.
    bleed = CALCULATORS["orbit"].outputs["major_bleeding_per_year_on_anticoagulant"].highest
    assert bleed == pytest.approx(0.077806, abs=1e-6)


def test_a_relative_risk_that_could_pass_certainty_on_a_calculator_is_refused():
    # Highest entered risk 0.99. Interval high 1.0102: 0.99 x 1.0102 = 1.000098, above 1.
    text = _with(
        PERSONALISED,
        RR_ON_CALCULATOR,
        """          measure: relative risk
          value: 1.01
          interval: {low: 1.0, high: 1.0102}""",
    )
    [message] = _messages(text)
    assert message.startswith("outcomes.0.options.tablet.effect: a relative risk of 1.01 on ")
    assert "ten_year_cvd_risk" in message
    assert message.endswith("gives a chance of 1, above 1")


def test_a_relative_risk_just_inside_certainty_on_a_calculator_is_accepted():
    # 0.99 x 1.0101 = 0.999999: at most 1 for everybody, so the aid loads.
    text = _with(
        PERSONALISED,
        RR_ON_CALCULATOR,
        """          measure: relative risk
          value: 1.01
          interval: {low: 1.0, high: 1.0101}""",
    )
    assert _messages(text) == []


def test_an_odds_ratio_never_passes_certainty():
    # OR 50 on 0.99: odds 99 -> 4950, chance 4950 / 4951 < 1. Any odds ratio keeps it below 1.
    text = _with(
        PERSONALISED,
        RR_ON_CALCULATOR,
        """          measure: odds ratio
          value: 50
          interval: {low: 40, high: 60}""",
    )
    assert _messages(text) == []


@pytest.mark.parametrize(
    ("effect", "refused"),
    [
        # Baseline 0.10 over 1 year. 0.10 x 9.9 = 0.99: fine. 0.10 x 10.5 = 1.05: refused.
        ("value: 9.9", False),
        ("value: 10.5", True),
        # The interval's high end counts: 0.10 x 10.2 = 1.02, though the point 0.10 x 9 = 0.9.
        ("value: 9\n          interval: {low: 8, high: 10.2}", True),
        # A ratio published the other way round is turned round first: 1 / 0.095 = 10.53,
        # 0.10 x 10.53 = 1.053, refused; 1 / 0.2 = 5, 0.10 x 5 = 0.5, fine.
        ("value: 0.095\n          inverted: true", True),
        ("value: 0.2\n          inverted: true", False),
    ],
)
def test_a_relative_risk_on_a_fixed_baseline(effect: str, refused: bool):
    text = _with(
        TEMPLATE,
        RR_ON_FIXED,
        f"""          measure: relative risk
          {effect}""",
    )
    messages = _messages(text)
    assert bool(messages) is refused, messages
    if refused:
        assert messages[0].startswith("outcomes.0.options.treatment.effect: a relative risk of")
        assert "on the baseline (0.1)" in messages[0]


def test_a_rescaled_fixed_baseline_is_checked_over_the_outcome_time_frame():
    # 0.5 per year rescaled to the 2-year frame: 1 - (1 - 0.5) ** 2 = 0.75.
    # RR 1.3: 0.75 x 1.3 = 0.975, fine; RR 1.4: 0.75 x 1.4 = 1.05, refused.
    text = _with(TEMPLATE, FIXED_BASELINE, "    baseline:\n      per: 1 year\n      value: 0.5")
    text = text.replace("    time_frame: 1 year\n", "    time_frame: 2 years\n", 1)
    fine = _with(text, "value: 0.70\n          interval: {low: 0.60, high: 0.80}", "value: 1.3")
    assert _messages(fine) == []
    refused = _with(text, "value: 0.70\n          interval: {low: 0.60, high: 0.80}", "value: 1.4")
    [message] = _messages(refused)
    assert "on the baseline over 2 years (0.75) gives a chance of 1.05, above 1" in message


def test_highest_baseline_of_a_calculator_is_rescaled_to_the_outcome():
    # The entered 10-year risk's highest, 0.99, over 5 years: 1 - (1 - 0.99) ** 0.5 = 0.9.
    text = PERSONALISED.replace("    time_frame: 10 years\n", "    time_frame: 5 years\n", 1)
    aid, problems = parse_aid(text, "<text>")
    assert aid is not None, problems
    highest, what = highest_baseline(aid.outcomes[0])
    assert highest == pytest.approx(0.9)
    assert what == "the highest ten_year_cvd_risk gives anyone over 5 years"
    assert highest_baseline(aid.outcomes[1]) is None  # fixed probabilities, no baseline
