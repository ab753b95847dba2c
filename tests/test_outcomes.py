"""An aid's outcomes for one person, each kind of figure worked by hand from its cited numbers.

Every expected value here is worked from the figures the content file cites (copied into the
comments), with the arithmetic written out; none is pasted from the program's output. If the
program turned a ratio the wrong way, applied it to the wrong baseline, mixed up a rate and a
risk, or rounded a count differently, one of these fails.

The person is the AF example used across the tests: a woman of 76 with high blood pressure, who
does not know her haemoglobin or kidney function.
- CHA2DS2-VASc: age 75 or over 2 + female 1 + hypertension 1 = 4. Friberg 2012 gives 4.8 ischaemic
  strokes per 100 years at score 4, so a one-year chance of 1 - exp(-4.8 / 100) = 0.046866.
- ORBIT: age 75 or over 1, nothing else known or present = 1, the low band (0-2): 2.4 major bleeds
  per 100 patient-years on an anticoagulant, a one-year chance of 1 - exp(-2.4 / 100) = 0.023714.
"""

from __future__ import annotations

import math

import pytest
from support.data import AF_PERSON, REPO, VALID_DIR

from decision_aids import charts
from decision_aids.calculators import CalculatorInputError
from decision_aids.content import load_aid, parse_aid
from decision_aids.model import Certainty, DecisionAid
from decision_aids.outcomes import OptionFigure, OutcomeFigures, input_fields, personalise

STROKE_WITHOUT = 1 - math.exp(-4.8 / 100)  # 0.046866
BLEED_ON_WARFARIN = 1 - math.exp(-2.4 / 100)  # 0.023714


def _aid(path) -> DecisionAid:
    aid, problems = load_aid(path)
    assert aid is not None, [str(p) for p in problems]
    return aid


AF = _aid(REPO / "content" / "af-anticoagulation.md")


def _outcome(aid: DecisionAid, outcome_id: str, inputs: dict[str, str] | None) -> OutcomeFigures:
    result = personalise(aid, inputs)
    return next(o for o in result.outcomes if o.outcome.id == outcome_id)


def _figure(figures: OutcomeFigures, option_id: str) -> OptionFigure:
    return next(f for f in figures.figures if f.option.id == option_id)


def _af(outcome_id: str, option_id: str) -> OptionFigure:
    return _figure(_outcome(AF, outcome_id, AF_PERSON), option_id)


def _odds_ratio_applied(p: float, odds_ratio: float) -> float:
    odds = p / (1 - p) * odds_ratio
    return odds / (1 + odds)


# --------------------------------------------------------------------------------------------
# A baseline from a calculator


def test_stroke_without_a_blood_thinner_is_the_persons_own_cha2ds2vasc_rate():
    figure = _af("stroke", "no-anticoagulant")
    assert figure.probability == pytest.approx(0.046866, abs=1e-6)
    assert figure.probability == pytest.approx(STROKE_WITHOUT, rel=1e-12)
    assert figure.count == 5  # 4.6866 in 100 is 5 in 100
    assert figure.how == "from CHA2DS2-VASc score 4"
    assert figure.calculator is not None
    assert "Friberg" in figure.calculator.citation
    assert figure.certainty is Certainty.LOW  # the calculator output's own rating


def test_without_inputs_a_calculator_baseline_waits_for_them():
    figures = _outcome(AF, "stroke", None)
    assert figures.waiting_for == "cha2ds2vasc"
    assert [f.probability for f in figures.figures] == [None, None, None]
    assert [f.count for f in figures.figures] == [None, None, None]


# --------------------------------------------------------------------------------------------
# A relative effect, with its interval


def test_warfarin_stroke_is_the_hart_2007_relative_risk_on_that_baseline():
    # Hart 2007: warfarin against control, relative risk 0.36 (0.26 to 0.51).
    figure = _af("stroke", "warfarin")
    assert figure.probability == pytest.approx(STROKE_WITHOUT * 0.36)  # 0.016872
    assert figure.count == 2  # 1.6872 in 100
    low, high = figure.interval
    assert low == pytest.approx(STROKE_WITHOUT * 0.26)  # 0.012185: 1 in 100
    assert high == pytest.approx(STROKE_WITHOUT * 0.51)  # 0.023902: 2 in 100
    assert figure.count_interval == (1, 2)
    assert figure.how == "relative risk 0.36 applied to the chance without it"
    assert figure.sources == ("hart2007",)


def test_a_major_bleed_with_a_doac_is_ruff_2014s_ratio_on_the_orbit_rate():
    # Ruff 2014: DOAC against warfarin, relative risk 0.86 (0.73 to 1.00), on warfarin's baseline.
    figure = _af("major-bleeding", "doac")
    assert figure.probability == pytest.approx(BLEED_ON_WARFARIN * 0.86)  # 0.020394
    assert figure.interval == (
        pytest.approx(BLEED_ON_WARFARIN * 0.73),  # 0.017311
        pytest.approx(BLEED_ON_WARFARIN * 1.00),  # 0.023714
    )
    assert figure.count == 2


def test_a_major_bleed_on_warfarin_is_the_orbit_low_band_rate():
    figure = _af("major-bleeding", "warfarin")
    assert figure.probability == pytest.approx(0.023714, abs=1e-6)
    assert figure.count == 2  # 2.3714 in 100
    assert figure.how.startswith("from ORBIT score 1 (low bleeding risk)")


# --------------------------------------------------------------------------------------------
# An inverted effect: a ratio published the other way round


def test_a_major_bleed_without_a_blood_thinner_turns_segal_2000_round():
    # Segal 2000: warfarin against placebo, odds ratio 1.90 (0.89 to 4.04). The baseline is
    # warfarin, so no blood thinner against warfarin is 1 / 1.90 = 0.5263 (1/4.04 = 0.2475 to
    # 1/0.89 = 1.1236). Odds on warfarin 0.023714 / 0.976286 = 0.024290; x 0.5263 = 0.012784;
    # chance 0.012784 / 1.012784 = 0.012623: 1 in 100. Not turned round it would be 4 in 100.
    figure = _af("major-bleeding", "no-anticoagulant")
    assert figure.probability == pytest.approx(0.012623, abs=1e-6)
    assert figure.probability == pytest.approx(_odds_ratio_applied(BLEED_ON_WARFARIN, 1 / 1.90))
    assert figure.count == 1
    assert figure.interval == (
        pytest.approx(_odds_ratio_applied(BLEED_ON_WARFARIN, 1 / 4.04)),  # 0.005967
        pytest.approx(_odds_ratio_applied(BLEED_ON_WARFARIN, 1 / 0.89)),  # 0.026573
    )
    assert figure.count_interval == (1, 3)
    assert figure.how == "odds ratio 0.526 applied to the chance without it"


def test_a_brain_bleed_on_warfarin_turns_ruff_2014_round():
    # Ruff 2014: DOAC against warfarin, relative risk 0.48 (0.39 to 0.59). The baseline is a DOAC
    # (Anjum 2024: 0.28 per 100 person-years, 0.0028 a year), so warfarin against a DOAC is
    # 1 / 0.48 = 2.0833 (1/0.59 = 1.6949 to 1/0.39 = 2.5641): 0.0028 x 2.0833 = 0.005833, 6 in
    # 1,000 (not turned round: 0.0028 x 0.48 = 0.001344, 1 in 1,000).
    figure = _af("brain-bleed", "warfarin")
    assert figure.probability == pytest.approx(0.0028 / 0.48)
    assert figure.count == 6
    assert figure.interval == (pytest.approx(0.0028 / 0.59), pytest.approx(0.0028 / 0.39))
    assert figure.count_interval == (5, 7)  # 4.7458 and 7.1795 in 1,000
    assert figure.how == (
        "relative risk 2.08 applied to the chance without it "
        "(the ratio was worked out by the authors)"
    )


# --------------------------------------------------------------------------------------------
# An absolute probability, and a fixed baseline


def test_a_brain_bleed_without_a_blood_thinner_is_read_from_anjum_2024():
    # Anjum 2024: 0.19 per 100 person-years in people not taking one, written as 0.0019 a year.
    figure = _af("brain-bleed", "no-anticoagulant")
    assert figure.probability == 0.0019
    assert figure.count == 2  # 1.9 in 1,000
    assert figure.interval is None
    assert figure.how == "read from the source"
    assert figure.sources == ("anjum2024",)


def test_a_brain_bleed_on_a_doac_is_the_fixed_baseline():
    figure = _af("brain-bleed", "doac")
    assert figure.probability == 0.0028
    assert figure.count == 3  # 2.8 in 1,000
    assert figure.how == "read from the source"


# --------------------------------------------------------------------------------------------
# A derived figure


def test_a_derived_ratio_is_applied_and_says_it_was_worked_out():
    # DOAC against no treatment, derived as 0.36 x 0.92 = 0.3312 (0.233 to 0.471).
    figure = _af("stroke", "doac")
    assert figure.probability == pytest.approx(STROKE_WITHOUT * 0.3312)  # 0.015522
    assert figure.count == 2
    assert figure.interval == (
        pytest.approx(STROKE_WITHOUT * 0.233),  # 0.010920
        pytest.approx(STROKE_WITHOUT * 0.471),  # 0.022074
    )
    assert figure.how.endswith("(the ratio was worked out by the authors)")


def test_a_derived_probability_says_it_was_worked_out():
    # Care home aid, death within 12 months keeping an antipsychotic: 1 - 70% survival = 0.30,
    # marked derived.
    care_home = _aid(REPO / "content" / "care-home-medicines-review.md")
    figure = _figure(_outcome(care_home, "antipsychotic-death-12-months", None), "continue-all")
    assert figure.probability == pytest.approx(1 - 0.70)
    assert figure.count == 30
    assert figure.how == "worked out by the authors from the source"


def test_a_yearly_rate_is_rescaled_to_the_outcomes_time_frame():
    # Statins aid, new diabetes: CTT 2024 gives 1.2% a year on placebo. Over 4 years at a steady
    # yearly chance: 1 - 0.988 ** 4 = 1 - 0.952857 = 0.047143, 47 in 1,000. The statin's
    # rate ratio 1.10 (1.04 to 1.16), as a hazard ratio: 1 - 0.952857 ** 1.10 = 0.051733, 52 in
    # 1,000 (1 - 0.952857 ** 1.04 = 0.048982 to 1 - 0.952857 ** 1.16 =
    # 0.054477: 49 to 54). Reading the yearly 1.2% as 4 years' worth would
    # give 12 in 1,000; applying 1.10 as a relative risk, 0.047143 x 1.10 = 0.051857.
    statins = _aid(REPO / "content" / "statins-primary-prevention.md")
    diabetes = _outcome(statins, "new-diabetes", None)
    without = _figure(diabetes, "no-statin")
    assert without.probability == pytest.approx(0.047143, abs=1e-6)
    assert without.count == 47
    assert without.how == "rescaled from 1 year"
    statin = _figure(diabetes, "statin")
    assert statin.probability == pytest.approx(0.051733, abs=1e-6)
    assert statin.count == 52
    assert statin.count_interval == (49, 54)


# --------------------------------------------------------------------------------------------
# Not known


def test_not_known_gives_the_reason_and_no_number():
    cancer = _aid(REPO / "content" / "advanced-cancer-treatment-choices.md")
    figure = _figure(_outcome(cancer, "alive-1-year", None), "palliative-alongside")
    assert figure.probability is None
    assert figure.count is None
    assert figure.not_known.startswith("The trials of palliative care alongside cancer treatment")
    assert figure.how == "no figure"
    assert figure.sources == ()
    assert figure.certainty is None


# --------------------------------------------------------------------------------------------
# Time frames: a calculator's output and a fixed baseline rescaled to the outcome's


def test_an_entered_ten_year_risk_is_rescaled_to_a_shorter_time_frame():
    # The test aid's first outcome is over 10 years; moved to 5 years, an entered 10-year risk of
    # 20% is 1 - (1 - 0.20) ** (5 / 10) = 1 - 0.894427 = 0.105573 (11 in 100), and the tablet's
    # relative risk 0.75 gives 0.105573 x 0.75 = 0.079180 (8 in 100).
    text = (VALID_DIR / "personalised-aid.md").read_text(encoding="utf-8")
    text = text.replace("time_frame: 10 years", "time_frame: 5 years", 1)
    aid, problems = parse_aid(text, "<text>")
    assert aid is not None, problems
    figures = _outcome(aid, "heart-attack-or-stroke", {"risk_percent": "20"})
    without, tablet = figures.figures
    assert without.probability == pytest.approx(1 - 0.8**0.5)
    assert without.count == 11
    assert tablet.probability == pytest.approx((1 - 0.8**0.5) * 0.75)
    assert tablet.count == 8
    assert tablet.count_interval == (7, 8)  # x 0.70 = 0.073901, x 0.80 = 0.084458


def test_a_fixed_baseline_given_per_year_is_rescaled():
    # The template aid's baseline 0.10 given per year, on a 3-year outcome:
    # 1 - (1 - 0.10) ** 3 = 1 - 0.729 = 0.271 (27 in 100); with relative risk 0.70: 0.1897 (19).
    text = (VALID_DIR / "template-aid.md").read_text(encoding="utf-8")
    text = text.replace(
        "    baseline:\n      value: 0.10", "    baseline:\n      per: 1 year\n      value: 0.10"
    )
    text = text.replace("    time_frame: 1 year\n", "    time_frame: 3 years\n", 1)
    aid, problems = parse_aid(text, "<text>")
    assert aid is not None, problems
    without, treatment = _outcome(aid, "main-benefit", None).figures
    assert without.probability == pytest.approx(0.271)
    assert without.count == 27
    assert without.how == "rescaled from 1 year"
    assert treatment.probability == pytest.approx(0.271 * 0.70)
    assert treatment.count == 19


# --------------------------------------------------------------------------------------------
# What the consultation's "x in 100" view tells clinicians: numbers needed to treat and harm


def test_numbers_needed_to_treat_for_a_stroke():
    # Warfarin: 0.046866 - 0.016872 (= 0.046866 x 0.64) = 0.029994 fewer; 1 / 0.029994 = 33.34,
    # rounded up to 34. DOAC: 0.046866 x (1 - 0.3312) = 0.031344; 1 / 0.031344 = 31.90, so 32.
    assert pytest.approx(33.34, abs=0.01) == 1 / (STROKE_WITHOUT * (1 - 0.36))
    assert pytest.approx(31.90, abs=0.01) == 1 / (STROKE_WITHOUT * (1 - 0.3312))
    figures = _outcome(AF, "stroke", AF_PERSON)
    label = "have a stroke caused by a blood clot (ischaemic stroke)"
    assert charts.numbers_needed(figures) == [
        "A DOAC (apixaban, edoxaban, rivaroxaban or dabigatran): number needed to treat 32: for "
        f"every 32 people who choose it instead of “No blood thinner”, 1 fewer will {label} "
        "over the next year.",
        "Warfarin: number needed to treat 34: for every 34 people who choose it instead of “No "
        f"blood thinner”, 1 fewer will {label} over the next year.",
    ]


def test_numbers_needed_to_harm_for_a_major_bleed():
    # Without: 0.012623 (worked above). Warfarin 0.023714: 0.011091 more, 1 / 0.011091 = 90.16,
    # rounded down to 90. DOAC 0.023714 x 0.86 = 0.020394: 0.007771 more, 128.68, so 128.
    without = _odds_ratio_applied(BLEED_ON_WARFARIN, 1 / 1.90)
    assert 1 / (BLEED_ON_WARFARIN - without) == pytest.approx(90.16, abs=0.01)
    assert 1 / (BLEED_ON_WARFARIN * 0.86 - without) == pytest.approx(128.68, abs=0.01)
    lines = charts.numbers_needed(_outcome(AF, "major-bleeding", AF_PERSON))
    assert [line.split(":")[1] for line in lines] == [
        " number needed to harm 128",
        " number needed to harm 90",
    ]
    assert lines[1].endswith(
        "1 more will have a major bleed (for example from the stomach or "
        "bowel, or in the brain) over the next year."
    )


def test_no_numbers_needed_without_figures_or_for_one_option():
    assert charts.numbers_needed(_outcome(AF, "stroke", None)) == []
    assert charts.numbers_needed(_outcome(AF, "stroke", AF_PERSON), options=["warfarin"]) == []


def test_input_fields_are_the_calculators_own_fields_asked_once():
    # CHA2DS2-VASc and ORBIT both ask for age and sex: each is asked once, as the first defines it.
    fields = input_fields(AF)
    assert list(fields).count("age") == 1
    assert fields["age"].title == "Age"
    assert fields["haemoglobin_g_per_l"].title == "Haemoglobin"


# --------------------------------------------------------------------------------------------
# Variants of the template aid: a figure with or without an interval, derived baselines


def _template(*changes: tuple[str, str]) -> DecisionAid:
    text = (VALID_DIR / "template-aid.md").read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text, "the template aid changed; update this test"
        text = text.replace(old, new, 1)
    aid, problems = parse_aid(text, "<text>")
    assert aid is not None, problems
    return aid


_RR_INTERVAL = "          value: 0.70\n          interval: {low: 0.60, high: 0.80}\n"
_HARM_TREATMENT = "      treatment:\n        probability: 0.05\n"


def test_an_effect_without_an_interval_is_applied_alone():
    # Baseline 0.10 over 1 year, relative risk 0.70 with no interval: 0.10 x 0.70 = 0.07, 7 in 100.
    aid = _template((_RR_INTERVAL, "          value: 0.70\n"))
    without, treatment = _outcome(aid, "main-benefit", None).figures
    assert treatment.probability == pytest.approx(0.07)
    assert treatment.count == 7
    assert treatment.interval is None
    assert treatment.count_interval is None
    assert without.not_known is None  # a figure, not a reason


def test_a_probability_with_an_interval_keeps_it():
    # The source's 0.05 (0.03 to 0.08): 5 in 100 (3 to 8).
    aid = _template(
        (_HARM_TREATMENT, _HARM_TREATMENT + "        interval: {low: 0.03, high: 0.08}\n")
    )
    treatment = _figure(_outcome(aid, "main-harm", None), "treatment")
    assert treatment.interval == (0.03, 0.08)
    assert treatment.count_interval == (3, 8)


def test_a_derived_fixed_baseline_says_it_was_worked_out():
    aid = _template(("      value: 0.10\n", "      value: 0.10\n      derived: true\n"))
    without = _figure(_outcome(aid, "main-benefit", None), "no-treatment")
    assert without.how == "worked out by the authors from the source"
    assert without.certainty is Certainty.MODERATE
    assert without.sources == ("example-review",)


def test_a_rescaled_baseline_keeps_its_source_and_certainty():
    aid = _template(("      value: 0.10\n", "      per: 1 year\n      value: 0.10\n"))
    without = _figure(_outcome(aid, "main-benefit", None), "no-treatment")
    assert without.sources == ("example-review",)
    assert without.certainty is Certainty.MODERATE


def test_an_effect_on_a_calculator_baseline_carries_the_calculators_citation():
    assert _af("stroke", "warfarin").calculator is _af("stroke", "no-anticoagulant").calculator
    assert "Friberg" in _af("stroke", "warfarin").calculator.citation


def test_the_result_holds_the_aid_and_the_parsed_inputs():
    result = personalise(AF, AF_PERSON)
    assert result.aid is AF
    assert set(result.inputs) == {"cha2ds2vasc", "orbit"}
    assert result.inputs["orbit"].age == 76


def test_an_input_the_aid_does_not_ask_for_is_named(template_aid):
    with pytest.raises(CalculatorInputError) as caught:
        personalise(template_aid, {"age": "50"})
    [problem] = caught.value.problems
    assert (problem.field, problem.message) == (
        "age",
        "'age' is not an input of this aid; use one of: (none: this aid has no personal inputs)",
    )
    with pytest.raises(CalculatorInputError) as caught:
        personalise(AF, {**AF_PERSON, "weight": "70"})
    [problem] = caught.value.problems
    assert problem.message.startswith(
        "'weight' is not an input of this aid; use one of: age, sex, congestive_heart_failure, "
    )


def test_the_icon_array_groups_for_a_stroke_worked_by_hand():
    # No blood thinner (the reference): 5 of 100 have a stroke (0.046866), 95 do not (0.953134).
    # Warfarin: 2 have one anyway (0.016872), 3 fewer have one because of it (0.046866 - 0.016872
    # = 0.029994), and 95 have one with neither (1 - 0.046866 = 0.953134).
    comparison = charts.compare(_outcome(AF, "stroke", AF_PERSON))
    reference = comparison.reference
    assert [(c.role, c.count) for c in reference.categories] == [
        (charts.Role.EVENT, 5),
        (charts.Role.NONE, 95),
    ]
    assert reference.categories[1].share == pytest.approx(1 - STROKE_WITHOUT)
    warfarin = comparison.panels[2]
    assert [(c.role, c.count, c.effect) for c in warfarin.categories] == [
        (charts.Role.ANYWAY, 2, None),
        (charts.Role.FEWER, 3, "helped"),
        (charts.Role.NONE, 95, None),
    ]
    shares = [c.share for c in warfarin.categories]
    assert shares == [
        pytest.approx(STROKE_WITHOUT * 0.36),
        pytest.approx(STROKE_WITHOUT * 0.64),
        pytest.approx(1 - STROKE_WITHOUT),
    ]


def test_low_blood_pressure_is_sprints_serious_events_over_each_arm():
    # Hypertension aid, issue 18: SPRINT final report Table 3, serious adverse event "Hypotension":
    # standard arm 58 of 4683 = 0.012385 (1 in 100), intensive arm 99 of 4678 = 0.021163 (2 in
    # 100). No untreated group, so lifestyle changes only has no figure.
    aid = _aid(REPO / "content" / "hypertension-treatment.md")
    low = _outcome(aid, "low-blood-pressure", None)
    assert _figure(low, "one-medicine").probability == pytest.approx(58 / 4683, abs=5e-6)
    assert _figure(low, "one-medicine").count == 1
    assert _figure(low, "more-medicines").probability == pytest.approx(99 / 4678, abs=5e-6)
    assert _figure(low, "more-medicines").count == 2
    assert _figure(low, "lifestyle-only").probability is None
