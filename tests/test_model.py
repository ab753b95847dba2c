"""The typed model of an aid, used directly from Python (no content file)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml
from pydantic import ValidationError
from support.data import VALID_DIR

from decision_aids.model import (
    Baseline,
    DecisionAid,
    DirectProbability,
    Effect,
    FromBaseline,
    Interval,
    Review,
    TimeFrame,
    WithEffect,
    reference_errors,
)


def template_data() -> dict[str, Any]:
    """The template aid's front matter as plain data, to change and build in Python."""
    text = (VALID_DIR / "template-aid.md").read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1])


# --------------------------------------------------------------------------------------------
# TimeFrame


@pytest.mark.parametrize(
    ("text", "value", "unit", "years", "shown"),
    [
        ("10 years", 10, "year", 10.0, "10 years"),
        ("1 year", 1, "year", 1.0, "1 year"),
        ("6 months", 6, "month", 0.5, "6 months"),
        ("  2 Years ", 2, "year", 2.0, "2 years"),
        ("1.5 years", 1.5, "year", 1.5, "1.5 years"),
        ("90 days", 90, "day", 90 / 365.25, "90 days"),
        ("2 weeks", 2, "week", 14 / 365.25, "2 weeks"),
    ],
)
def test_time_frame_from_text(text: str, value: float, unit: str, years: float, shown: str):
    frame = TimeFrame.model_validate(text)
    assert (frame.value, frame.unit) == (value, unit)
    assert frame.years == pytest.approx(years)
    assert str(frame) == shown


@pytest.mark.parametrize("text", ["ten years", "10", "years", "10 decades", "10 years 6 months"])
def test_time_frame_refuses_words(text: str):
    with pytest.raises(ValidationError, match="is not a time frame"):
        TimeFrame.model_validate(text)


def test_time_frame_must_be_above_zero():
    with pytest.raises(ValidationError, match="greater than 0"):
        TimeFrame.model_validate("0 years")


def test_time_frame_from_fields():
    assert TimeFrame(value=3, unit="month").years == pytest.approx(0.25)


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("10 years", "over the next 10 years"),
        ("1 year", "over the next year"),
        ("until leaving hospital", "until leaving hospital"),
        ("when leaving hospital", "when leaving hospital"),
        ("in the last week of life", "in the last week of life"),
    ],
)
def test_time_frame_reads_in_a_sentence(text: str, phrase: str):
    assert TimeFrame.model_validate(text).phrase == phrase


def test_a_window_has_no_length():
    frame = TimeFrame.model_validate("until leaving hospital")
    assert (frame.is_length, frame.window, str(frame)) == (
        False,
        "until leaving hospital",
        "until leaving hospital",
    )
    with pytest.raises(ValueError, match="is a window, not a length of time"):
        _ = frame.years


def test_a_window_outcome_cannot_take_a_rescaled_or_calculated_baseline():
    data = template_data()
    data["outcomes"][0]["time_frame"] = "until leaving hospital"
    assert (
        DecisionAid.model_validate(data).outcomes[0].time_frame.window == "until leaving hospital"
    )
    data["outcomes"][0]["baseline"]["per"] = "1 year"
    with pytest.raises(ValidationError, match="is a window, so a baseline cannot be rescaled"):
        DecisionAid.model_validate(data)


# --------------------------------------------------------------------------------------------
# Figures


def test_effect_outside_its_interval_is_refused():
    with pytest.raises(
        ValidationError, match=r"the effect 0\.5 lies outside its interval 0\.6 to 0\.8"
    ):
        Effect(
            measure="relative risk",
            value=0.5,
            interval=Interval(low=0.6, high=0.8),
            source="s",
            certainty="high",
            certainty_rated_by="source",
        )


def test_interval_low_above_high_is_refused():
    with pytest.raises(ValidationError, match=r"interval low \(0.9\) is above high \(0.6\)"):
        Interval(low=0.9, high=0.6)


def test_ratio_interval_must_be_above_zero():
    with pytest.raises(ValidationError, match="must be above 0"):
        Effect.model_validate(
            {
                "measure": "odds ratio",
                "value": 0.5,
                "interval": {"low": 0, "high": 1},
                "source": "s",
                "certainty": "low",
                "certainty_rated_by": "authors",
            }
        )


def test_probability_interval_must_contain_the_probability():
    with pytest.raises(ValidationError, match="contain the probability"):
        DirectProbability.model_validate(
            {
                "probability": 0.2,
                "interval": {"low": 0.3, "high": 0.4},
                "source": "s",
                "certainty": "low",
                "certainty_rated_by": "authors",
            }
        )


def test_baseline_is_fixed_or_calculated_not_both():
    with pytest.raises(ValidationError, match="either a fixed `value` or a `calculator`"):
        Baseline(value=0.1, calculator="ten_year_cvd_risk", output="cvd_10_years")
    with pytest.raises(ValidationError, match="either a fixed `value` or a `calculator`"):
        Baseline()
    with pytest.raises(ValidationError, match="needs `source`, `certainty`"):
        Baseline(value=0.1)
    with pytest.raises(ValidationError, match="names its `output` and nothing else"):
        Baseline(calculator="ten_year_cvd_risk", output="cvd_10_years", source="s")


def test_option_figures_are_told_apart_by_their_key(template_aid):
    figures = template_aid.outcomes[0].options
    assert isinstance(figures["no-treatment"], FromBaseline)
    assert isinstance(figures["treatment"], WithEffect)
    assert figures["treatment"].effect.value == 0.70
    assert isinstance(template_aid.outcomes[1].options["treatment"], DirectProbability)
    assert template_aid.outcomes[1].options["treatment"].probability == 0.05


# --------------------------------------------------------------------------------------------
# A whole aid built in Python


def test_template_data_builds_an_aid():
    aid = DecisionAid.model_validate(template_data())
    assert aid.slug == "template-aid"
    assert [o.id for o in aid.options] == ["no-treatment", "treatment"]
    assert aid.outcomes[0].time_frame.years == 1.0
    assert aid.review.last_updated == dt.date(2026, 10, 1)
    assert aid.body == {}


def test_reference_error_names_the_path():
    data = template_data()
    data["outcomes"][1]["options"]["surgery"] = data["outcomes"][1]["options"]["treatment"]
    with pytest.raises(ValidationError) as info:
        DecisionAid.model_validate(data)
    assert "outcomes.1.options.surgery: 'surgery' is not an option of this aid" in str(info.value)


def test_reference_errors_can_be_deferred_and_listed():
    data = template_data()
    data["values"][0]["leans_to"] = ["surgery"]
    data["sources"][0]["id"] = "other-review"
    aid = DecisionAid.model_validate(data, context={"defer_references": True})

    errors = reference_errors(aid)

    paths = [path for path, _, _ in errors]
    assert ("values", 0, "leans_to", 0) in paths
    assert ("outcomes", 0, "baseline", "source") in paths
    assert ("outcomes", 1, "options", "treatment", "source") in paths
    hints = {path: hint for path, _, hint in errors}
    assert hints[("outcomes", 0, "baseline", "source")].endswith("use one of: other-review")


def test_duplicate_ids_are_refused():
    data = template_data()
    data["options"][1]["id"] = "no-treatment"
    with pytest.raises(ValidationError, match="options: the id 'no-treatment' is used twice"):
        DecisionAid.model_validate(data)


def test_no_do_nothing_option_needs_a_reason():
    data = template_data()
    data["options"][0]["kind"] = "active"
    with pytest.raises(ValidationError, match="no doing-nothing"):
        DecisionAid.model_validate(data)
    data["no_do_nothing_reason"] = "Without treatment this condition is fatal within days."
    assert DecisionAid.model_validate(data).no_do_nothing_reason.startswith("Without")


def test_question_must_end_with_a_question_mark():
    data = template_data()
    data["question"] = "Whether to have this treatment"
    with pytest.raises(ValidationError, match="ends with '\\?'"):
        DecisionAid.model_validate(data)


def test_unknown_field_is_refused():
    data = template_data()
    data["outcomes"][0]["lable"] = "typo"
    with pytest.raises(ValidationError) as info:
        DecisionAid.model_validate(data)
    [error] = info.value.errors()
    assert error["type"] == "extra_forbidden"
    assert error["loc"] == ("outcomes", 0, "lable")


def test_aid_is_frozen(template_aid):
    with pytest.raises(ValidationError, match="frozen"):
        template_aid.title = "Changed"


def test_option_and_source_lookup(template_aid):
    assert template_aid.option("treatment").name == "The treatment"
    assert template_aid.source("example-review").year == 2024


# --------------------------------------------------------------------------------------------
# Review


def _review(**changes: Any) -> dict[str, Any]:
    return {**template_data()["review"], **changes}


def test_reviewed_without_reviewers_is_refused():
    with pytest.raises(ValidationError, match="needs at least one named clinical reviewer"):
        Review.model_validate(_review(status="reviewed"))


def test_reviewed_with_a_named_reviewer_is_accepted():
    review = Review.model_validate(
        _review(
            status="reviewed",
            reviewers=[{"name": "Dr A Clinician", "role": "GP", "date": "2026-10-02"}],
        )
    )
    assert review.status == "reviewed"
    assert review.reviewers[0].date == dt.date(2026, 10, 2)


def test_whole_aid_marked_reviewed_without_reviewer_is_refused():
    data = template_data()
    data["review"]["status"] = "reviewed"
    with pytest.raises(ValidationError) as info:
        DecisionAid.model_validate(data)
    assert info.value.errors()[0]["loc"] == ("review",)


def test_next_review_must_follow_last_updated():
    with pytest.raises(ValidationError, match="next_review must come after last_updated"):
        Review.model_validate(_review(next_review="2026-10-01"))


# --------------------------------------------------------------------------------------------
# JSON Schema


def test_schema_generation():
    schema = DecisionAid.model_json_schema()
    properties = schema["properties"]
    assert {"slug", "title", "question", "options", "outcomes", "sources", "review"} <= set(
        properties
    )
    assert set(schema["required"]) >= {"slug", "title", "question", "options", "outcomes"}
    assert "body" not in schema["required"]
    assert schema["additionalProperties"] is False
    assert properties["options"]["minItems"] == 2
    definitions = schema["$defs"]
    assert definitions["Certainty"]["enum"] == ["high", "moderate", "low", "very low"]
    assert definitions["Outcome"]["properties"]["denominator"]["enum"] == [100, 1000]


def test_an_option_may_give_its_cost_with_a_source_that_exists():
    data = template_data()
    cost = {
        "pounds": 120.5,
        "what": "a year of tablets",
        "price_year": 2024,
        "source": "example-review",
    }
    data["options"][1]["cost"] = cost
    aid = DecisionAid.model_validate(data)
    assert aid.options[1].cost is not None
    assert aid.options[1].cost.pounds == 120.5
    data["options"][1]["cost"] = {**cost, "source": "nhs-costs"}
    with pytest.raises(ValidationError, match=r"options\.1\.cost\.source: 'nhs-costs' is not in"):
        DecisionAid.model_validate(data)
