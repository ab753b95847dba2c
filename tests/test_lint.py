"""Tests for decision_aids.lint: every check fires on a bad example and stays quiet on a good one."""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Callable
from typing import Annotated, Any, ClassVar

import numpy as np
import pytest
from pydantic import Field
from support.data import REPO

from decision_aids import lint
from decision_aids.calculators import (
    CALCULATORS,
    Assessment,
    Calculator,
    CalculatorInputs,
    CalculatorOutput,
)
from decision_aids.content import parse_aid
from decision_aids.model import Certainty, DecisionAid, RatedBy, TimeFrame
from decision_aids.scaffold import new_aid_text

AUTHORING = REPO / "docs" / "authoring.md"
TODAY = dt.date(2026, 6, 1)

# The `decision-aids new` template with every placeholder filled in: an aid that passes every check.
GOOD_AID = """\
---
slug: good-aid
title: A test aid
question: Should I take the tablet?
condition: >-
  A common problem that can cause a flare-up. Most people have it for many years.
for_whom: Adults who have been told they have the problem.
not_for: People who need urgent care.
setting: primary-care
aim: preference-sensitive
keywords: [tablet, flare-up]

options:
  - id: no-treatment
    name: No tablet for now
    kind: watchful-waiting
    description: You do not start the tablet now. You can change your mind later.
    what_it_involves: Nothing new to do. You see your doctor again if things change.
  - id: treatment
    name: The tablet
    kind: active
    description: A small tablet you take once a day to help stop flare-ups.
    what_it_involves: You take one tablet each morning, and see your nurse once a year.

outcomes:
  - id: flare-up
    label: have a flare-up
    event_is: bad
    time_frame: 1 year
    denominator: 100
    population: Adults with the problem
    baseline:
      value: 0.10
      source: test-review
      certainty: moderate
      certainty_rated_by: authors
    options:
      no-treatment:
        baseline: true
      treatment:
        effect:
          measure: relative risk
          value: 0.70
          interval: {low: 0.60, high: 0.80}
          source: test-review
          certainty: moderate
          certainty_rated_by: authors
  - id: upset-stomach
    label: have an upset stomach
    event_is: bad
    time_frame: 1 year
    denominator: 100
    population: Adults with the problem
    options:
      no-treatment:
        probability: 0.01
        source: test-review
        certainty: low
        certainty_rated_by: authors
      treatment:
        probability: 0.05
        source: test-review
        certainty: low
        certainty_rated_by: authors

practicalities:
  - question: What do I have to do?
    answers:
      no-treatment: Nothing new.
      treatment: Take one tablet every day.

values:
  - id: avoid-tablets
    statement: Not taking a tablet unless I need it
    leans_to: [no-treatment]
  - id: fewer-flare-ups
    statement: Having fewer flare-ups
    leans_to: [treatment]
  - id: stomach
    statement: Avoiding an upset stomach
    leans_to: [no-treatment]

sources:
  - id: test-review
    citation: Test A, Test B. A review of trials of the tablet. Test Journal 2024;1:1-10.
    year: 2024
    kind: systematic review
    url: https://doi.org/10.1234/test-review

review:
  status: draft
  authors:
    - name: Test Author
      role: GP
  last_updated: 2026-01-10
  next_review: 2027-01-10
  funding: No external funding.
  conflicts: None declared.
  update_policy: We check the evidence every year.

brief:
  decision: Whether to start the tablet to prevent flare-ups.
  for_whom: Adults with the problem; not people who need urgent care.
  people:
    - id: anyone
      description: An adult with the problem
  key_outcomes: [flare-up, upset-stomach]
  traps: [A flare-up is common, so a small relative change is a few people in 100.]
  evidence_cannot_tell: [How long the effect lasts after one year.]
  teach_back: In your own words, what would the tablet change for you?
  self_check:
    - ask: count
      person: anyone
      outcome: flare-up
      option: no-treatment
    - ask: count
      person: anyone
      outcome: flare-up
      option: treatment
    - ask: difference
      person: anyone
      outcome: flare-up
      option: treatment
      compared_with: no-treatment
    - ask: count
      person: anyone
      outcome: upset-stomach
      option: treatment
    - question: Where do the tablet's figures come from?
      choices:
        - text: A review of trials.
          correct: true
        - text: One person's story.
      why: The figures cite a review of trials.
      source: test-review
---

## About the condition

The problem is common. It can flare up and make you feel unwell for a few days.

## Your options

You can take a tablet each day, or you can wait and see.

## What happens if I do nothing

Most people have a few flare-ups each year. They get better on their own.

## Questions to ask

- What are my options?
- What are the pros and cons of each option for me?
- How do I get support to help me make a decision that is right for me?

## Where this information comes from

The numbers come from a review of trials. We are fairly sure of them. This aid is a draft. A doctor
has not checked it yet.
"""


def good_aid() -> DecisionAid:
    aid, problems = parse_aid(GOOD_AID, "<text>")
    assert aid is not None, [str(p) for p in problems]
    return aid


def good_data() -> dict[str, Any]:
    return copy.deepcopy(good_aid().model_dump(mode="json"))


def ids(findings: list[lint.Finding]) -> list[str]:
    return [f.check for f in findings]


# --------------------------------------------------------------------------------------------
# One bad example per check: (check id, what to change, the field path the finding names)
# --------------------------------------------------------------------------------------------

Mutation = Callable[[dict[str, Any]], None]


def _set(*path: str | int, to: Any) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        target = data
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = to

    return mutate


def _both(*mutations: Mutation) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        for mutation in mutations:
            mutation(data)

    return mutate


def _delete_body(title: str) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        del data["body"][title]

    return mutate


def _append_body(title: str, text: str) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        data["body"][title] += "\n\n" + text

    return mutate


NOT_KNOWN = {"not_known": "No trial has measured this."}
TREATMENT_EFFECT = ("outcomes", 0, "options", "treatment", "effect")
SAME_ANSWERS = _set("practicalities", 0, "answers", "treatment", to="Nothing new.")
REVIEWED = _set(
    "review",
    "reviewers",
    to=[{"name": "Dr Test Reviewer", "role": "GP", "date": "2026-01-05"}],
)
LONG_WINDED = (
    "Anticoagulation substantially diminishes thromboembolic complications, notwithstanding "
    "considerable interindividual variability attributable to comorbidities, concomitant "
    "medications and pharmacogenomic characteristics influencing therapeutic responsiveness. "
    "Consequently, individualised consideration of haemorrhagic complications, particularly "
    "intracranial haemorrhage, necessitates comprehensive multidisciplinary deliberation."
)

BAD_EXAMPLES: list[tuple[str, str, Mutation, tuple[str | int, ...]]] = [
    (
        "option-undescribed",
        "description repeats the name",
        _set("options", 1, "description", to="The tablet."),
        ("options", 1, "description"),
    ),
    (
        "option-undescribed",
        "two descriptions the same",
        _set(
            "options",
            1,
            "description",
            to="You do not start the tablet now. You can change your mind later.",
        ),
        ("options", 1, "description"),
    ),
    (
        "benefit-not-shown",
        "the tablet raises the chance of a flare-up",
        _both(
            _set(*TREATMENT_EFFECT, "value", to=1.2),
            _set(*TREATMENT_EFFECT, "interval", to={"low": 1.1, "high": 1.3}),
        ),
        ("options", 1),
    ),
    (
        "benefit-not-shown",
        "the tablet's benefit is not known",
        _set("outcomes", 0, "options", "treatment", to=NOT_KNOWN),
        ("options", 1),
    ),
    (
        "harm-not-shown",
        "no harm and no burden",
        _both(_set("outcomes", 1, "options", "treatment", "probability", to=0.01), SAME_ANSWERS),
        ("options", 1),
    ),
    (
        "no-practicalities",
        "no practicalities",
        _set("practicalities", to=[]),
        ("practicalities",),
    ),
    (
        "unequal-detail",
        "one option not known",
        _set("outcomes", 1, "options", "no-treatment", to=NOT_KNOWN),
        ("outcomes", 1, "options", "no-treatment"),
    ),
    (
        "date-in-future",
        "last updated tomorrow",
        _set("review", "last_updated", to="2026-06-02"),
        ("review", "last_updated"),
    ),
    (
        "date-in-future",
        "reviewed tomorrow",
        _set(
            "review",
            "reviewers",
            to=[{"name": "Dr Test Reviewer", "role": "GP", "date": "2026-06-02"}],
        ),
        ("review", "reviewers", 0, "date"),
    ),
    (
        "review-overdue",
        "review due yesterday",
        _set("review", "next_review", to="2026-05-31"),
        ("review", "next_review"),
    ),
    (
        "interval-missing",
        "effect without an interval",
        _set(*TREATMENT_EFFECT, "interval", to=None),
        TREATMENT_EFFECT,
    ),
    (
        "changed-since-review",
        "changed after the review",
        _both(REVIEWED, _set("review", "status", to="reviewed")),
        ("review", "status"),
    ),
    (
        "do-nothing-not-shown",
        "no doing-nothing section",
        _delete_body("What happens if I do nothing"),
        ("body", "What happens if I do nothing"),
    ),
    (
        "do-nothing-not-shown",
        "waiting has no figures",
        _both(
            _set("outcomes", 1, "options", "no-treatment", to=NOT_KNOWN),
            _set("outcomes", 0, "options", "no-treatment", to=NOT_KNOWN),
            _set("outcomes", 0, "options", "treatment", to=NOT_KNOWN),
            _set("outcomes", 0, "baseline", to=None),
        ),
        ("options", 0),
    ),
    (
        "outcome-without-figures",
        "an outcome with no figures",
        _both(
            _set("outcomes", 1, "options", "no-treatment", to=NOT_KNOWN),
            _set("outcomes", 1, "options", "treatment", to=NOT_KNOWN),
        ),
        ("outcomes", 1),
    ),
    (
        "unsuited-denominator",
        "out of 1000 for common events",
        _set("outcomes", 1, "denominator", to=1000),
        ("outcomes", 1, "denominator"),
    ),
    (
        "unsuited-denominator",
        "out of 100 for a rare event",
        _set("outcomes", 1, "options", "no-treatment", "probability", to=0.004),
        ("outcomes", 1, "denominator"),
    ),
    (
        "relative-risk-phrase",
        "'halves your risk' in the body",
        _append_body("Your options", "The tablet halves your risk of a flare-up."),
        ("body", "Your options"),
    ),
    (
        "relative-risk-phrase",
        "'30% lower' in a description",
        _set("options", 1, "description", to="A tablet that gives a 30% lower chance of a flare."),
        ("options", 1, "description"),
    ),
    (
        "relative-risk-phrase",
        "'reduces your risk of … by' in an explanation",
        _set("outcomes", 0, "explanation", to="It reduces your risk of a flare-up by a third."),
        ("outcomes", 0, "explanation"),
    ),
    (
        "values-unbalanced",
        "two statements",
        lambda data: data["values"].pop(),
        ("values",),
    ),
    (
        "values-unbalanced",
        "no statement leans to the tablet",
        _set("values", 1, "leans_to", to=["no-treatment"]),
        ("values",),
    ),
    (
        "value-not-a-thing",
        "a sentence ending in a full stop",
        _set("values", 0, "statement", to="Not taking a tablet unless I need it."),
        ("values", 0, "statement"),
    ),
    (
        "value-not-a-thing",
        "a statement that speaks as 'I'",
        _set("values", 0, "statement", to="I worry about an upset stomach"),
        ("values", 0, "statement"),
    ),
    (
        "value-not-a-thing",
        "a statement that already weighs itself",
        _set("values", 1, "statement", to="Having fewer flare-ups matters most to me"),
        ("values", 1, "statement"),
    ),
    (
        "value-not-a-thing",
        "a preference",
        _set("values", 2, "statement", to="Tablets rather than injections"),
        ("values", 2, "statement"),
    ),
    (
        "ask-3-questions-missing",
        "a question reworded",
        _set(
            "body",
            "Questions to ask",
            to="- What are my options?\n- What are the good and bad points?\n"
            "- How do I get support to help me make a decision that is right for me?",
        ),
        ("body", "Questions to ask"),
    ),
    (
        "reading-age-high",
        "long words and long sentences",
        _append_body("About the condition", LONG_WINDED),
        ("body", "About the condition"),
    ),
    (
        "judging-word",
        "'best' in a name",
        _set("options", 1, "name", to="The best tablet"),
        ("options", 1, "name"),
    ),
    (
        "judging-word",
        "'safe' in a description",
        _set("options", 1, "description", to="A safe tablet you take once a day."),
        ("options", 1, "description"),
    ),
    (
        "brief-missing",
        "no brief",
        _set("brief", to=None),
        (),
    ),
    (
        "brief-missing",
        "four self-check questions",
        lambda data: data["brief"]["self_check"].pop(),
        ("brief", "self_check"),
    ),
    (
        "template-text",
        "a 'Say …' line left in",
        _set("condition", to="Say what the condition is, in plain words."),
        ("condition",),
    ),
    (
        "template-text",
        "the example source left in",
        _set("sources", 0, "url", to="https://doi.org/10.0000/replace-me"),
        ("sources", 0, "url"),
    ),
    (
        "raw-html",
        "a script tag in an option's description",
        _set("options", 1, "description", to="<script>alert(1)</script> A tablet every day."),
        ("options", 1, "description"),
    ),
    (
        "raw-html",
        "an image tag in the body",
        _append_body("About the condition", '<img src="x" onerror="alert(1)">'),
        ("body", "About the condition"),
    ),
    (
        "raw-html",
        "a tag in a source's citation",
        _set("sources", 0, "citation", to="A <b>bold</b> review. BMJ 2020."),
        ("sources", 0, "citation"),
    ),
    (
        "unsafe-link",
        "a javascript: link in the body",
        _append_body("About the condition", "[Read more](javascript:alert(1))"),
        ("body", "About the condition"),
    ),
    (
        "unsafe-link",
        "a data: link written in a front-matter text",
        _set("condition", to="A condition. [More](data:text/html,<b>x</b>)"),
        ("condition",),
    ),
    (
        "unsafe-link",
        "a relative link in the body",
        _append_body("About the condition", "[Another aid](/aids/other)"),
        ("body", "About the condition"),
    ),
]


def test_the_good_aid_passes_every_check() -> None:
    assert lint.lint(good_aid(), today=TODAY) == []


@pytest.mark.parametrize(
    ("check_id", "mutate", "path"),
    [(c, m, p) for c, _, m, p in BAD_EXAMPLES],
    ids=[f"{c}: {why}" for c, why, _, _ in BAD_EXAMPLES],
)
def test_check_fires_on_a_bad_example(check_id: str, mutate: Mutation, path: tuple) -> None:
    data = good_data()
    assert lint.run_check(check_id, DecisionAid.model_validate(data), TODAY) == []
    mutate(data)
    findings = lint.run_check(check_id, DecisionAid.model_validate(data), TODAY)
    assert findings, f"{check_id} did not fire"
    assert path in [f.field for f in findings]
    assert all(f.check == check_id and f.message for f in findings)


def test_every_check_has_a_bad_example() -> None:
    assert set(lint.CHECKS) == {c for c, *_ in BAD_EXAMPLES}


def test_every_check_is_documented_for_authors() -> None:
    text = AUTHORING.read_text(encoding="utf-8")
    undocumented = [c for c in lint.CHECKS if not re.search(rf"`{re.escape(c)}`", text)]
    assert undocumented == []


def test_every_check_says_in_the_guide_what_it_derives_from() -> None:
    rows = {
        m[1]: m[2]
        for m in re.finditer(
            r"^\| `([a-z0-9-]+)` \| (?:error|warning) \| ([^|]+) \|",
            AUTHORING.read_text(encoding="utf-8"),
            re.MULTILINE,
        )
    }
    assert {c: rows.get(c) for c in lint.CHECKS} == {
        c: check.derives_from for c, check in lint.CHECKS.items()
    }


# The old ids looked like IPDAS item numbers: a letter and a digit, such as Q4 or C1.
LIKE_AN_IPDAS_ITEM = re.compile(r"ipdas|(?:^|-)[a-z]{1,2}[0-9]+(?:-|$)", re.IGNORECASE)


def test_check_ids_are_descriptive_and_cannot_pass_for_ipdas_items() -> None:
    for check_id in lint.CHECKS:
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)+", check_id), check_id
        assert not LIKE_AN_IPDAS_ITEM.search(check_id), check_id
    assert all(LIKE_AN_IPDAS_ITEM.search(old) for old in lint.RENAMED if old.startswith("IPDAS"))


def test_every_old_id_names_the_check_that_replaced_it() -> None:
    assert set(lint.RENAMED.values()) <= set(lint.CHECKS)  # later checks never had an old id
    aid = good_aid()
    for old, new in lint.RENAMED.items():
        with pytest.raises(LookupError, match=f"'{old}' is now called '{new}'"):
            lint.run_check(old, aid, TODAY)


def test_an_unknown_check_id_lists_the_checks() -> None:
    with pytest.raises(LookupError, match=r"no check 'benefit-shown'.*benefit-not-shown"):
        lint.check_named("benefit-shown")


def test_checks_are_well_formed() -> None:
    for check_id, check in lint.CHECKS.items():
        assert check.id == check_id
        assert check.severity in {"error", "warning"}
        assert check.summary
        assert "\n" not in check.summary
        assert check.explanation
        assert "\n" not in check.explanation


def test_registering_an_id_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="twice"):
        lint.check("benefit-not-shown", "warning", "again", "again", derives_from="again")(
            lambda aid, today: []
        )


# --------------------------------------------------------------------------------------------
# Details of particular checks
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Fewer than 1 in 100 (<1%) people aged <65 or >80.",
        "See [the review](https://example.org/review) or write to [us](mailto:aids@example.org).",
        "<https://example.org/autolink>",
        "A < B and C > D are not tags.",
    ],
)
def test_comparisons_and_web_or_email_links_are_not_markup_findings(text: str) -> None:
    data = good_data()
    data["condition"] = text
    data["body"]["About the condition"] += "\n\n" + text
    aid = DecisionAid.model_validate(data)
    assert lint.run_check("raw-html", aid, TODAY) == []
    assert lint.run_check("unsafe-link", aid, TODAY) == []


def test_markup_findings_are_errors_that_say_what_to_do() -> None:
    for check_id in ("raw-html", "unsafe-link"):
        assert lint.CHECKS[check_id].severity == "error"
    data = good_data()
    data["body"]["About the condition"] += "\n\n[Read more](JavaScript:alert(1))"
    [finding] = lint.run_check("unsafe-link", DecisionAid.model_validate(data), TODAY)
    assert finding.message == (
        "the link 'JavaScript:alert(1)' is not a web or email address; links must start with "
        "https://, http:// or mailto:"
    )


def lint_data(data: dict[str, Any], check_id: str) -> list[lint.Finding]:
    return lint.run_check(check_id, DecisionAid.model_validate(data), TODAY)


def test_a_burden_counts_as_a_downside_when_no_outcome_shows_harm() -> None:
    data = good_data()
    data["outcomes"][1]["options"]["treatment"]["probability"] = 0.01  # no harm left
    assert (
        lint_data(data, "harm-not-shown") == []
    )  # 'Take one tablet every day' differs from 'Nothing new'
    SAME_ANSWERS(data)
    assert ids(lint_data(data, "harm-not-shown")) == ["harm-not-shown"]


def test_good_events_count_the_other_way() -> None:
    data = good_data()
    data["outcomes"][0]["event_is"] = "good"  # now the tablet lowers the chance of a good event
    data["outcomes"][1]["event_is"] = "good"  # and raises this one
    assert lint_data(data, "benefit-not-shown") == []
    assert lint_data(data, "harm-not-shown") == []
    data["outcomes"][1]["event_is"] = "bad"
    assert ids(lint_data(data, "benefit-not-shown")) == ["benefit-not-shown"]


def test_without_a_doing_nothing_option_options_are_weighed_against_each_other() -> None:
    data = good_data()
    data["options"][0]["kind"] = "active"
    data["no_do_nothing_reason"] = "Both are treatments."
    # each does better than the other on one outcome
    assert lint_data(data, "benefit-not-shown") == []
    data["outcomes"][1]["options"]["treatment"]["probability"] = 0.001
    findings = lint_data(data, "benefit-not-shown")
    assert [f.field for f in findings] == [("options", 0)]


def test_a_difference_too_small_to_show_on_100_justifies_1000() -> None:
    data = good_data()
    outcome = data["outcomes"][1]
    outcome["denominator"] = 1000
    outcome["options"]["no-treatment"]["probability"] = 0.266
    outcome["options"]["treatment"]["probability"] = 0.271  # 27 and 27 in 100; 266 and 271 in 1000
    assert lint_data(data, "unsuited-denominator") == []
    outcome["options"]["treatment"]["probability"] = 0.30
    assert ids(lint_data(data, "unsuited-denominator")) == ["unsuited-denominator"]


@pytest.mark.parametrize(
    "text",
    [
        "halves your risk",
        "your chance is halved",
        "doubles the risk of bleeding",
        "a 25% lower risk",
        "25 per cent fewer strokes",
        "lowers the chance of a stroke by a quarter",
        "twice as likely",
        "3 times more likely",
    ],
)
def test_relative_phrases_are_found(text: str) -> None:
    assert lint._RELATIVE_ONLY.search(text)


@pytest.mark.parametrize(
    "text",
    [
        "knee pain that is at least halved",  # an outcome's definition, not a relative risk
        "lowers the chance of a stroke by about 3 in 100",
        "a 30% chance",
        "it reduces your risk of a stroke",
        "take a double dose",
    ],
)
def test_absolute_or_unrelated_phrases_are_not_flagged(text: str) -> None:
    assert not lint._RELATIVE_ONLY.search(text)


@pytest.mark.parametrize("word", ["safety", "bestow", "unproven"])
def test_neutral_wording_matches_whole_words_only(word: str) -> None:
    data = good_data()
    data["options"][1]["description"] = f"A tablet; {word} is a word."
    assert lint_data(data, "judging-word") == []


def test_ask_3_questions_tolerate_emphasis_and_case() -> None:
    data = good_data()
    data["body"]["Questions to ask"] = (
        "1. **What are my options?**\n2. What are the pros and cons of each option for ME?\n"
        "3. How do I get support to help me make a decision that is right for me?"
    )
    assert lint_data(data, "ask-3-questions-missing") == []


def test_flesch_kincaid_by_hand() -> None:
    # 6 words, 1 sentence, 6 syllables: 0.39 * 6 + 11.8 * 1 - 15.59 = -1.45
    assert lint.flesch_kincaid_grade("The cat sat on the mat.") == pytest.approx(-1.45)
    assert lint.reading_age("The cat sat on the mat.") == pytest.approx(3.55)
    assert lint.reading_age(LONG_WINDED) > 20


def test_reading_age_names_the_hardest_part() -> None:
    data = good_data()
    data["options"][1]["what_it_involves"] = LONG_WINDED
    findings = lint_data(data, "reading-age-high")
    assert [f.field for f in findings] == [("options", 1, "what_it_involves")]
    assert "reading age is about" in findings[0].message


def test_markdown_is_read_as_plain_text() -> None:
    blocks = lint._blocks(
        "## Heading\n\nSome **bold** and [a link](https://example.org).\n\n- one\n- two"
    )
    assert blocks == ["Heading", "Some bold and a link.", "one", "two"]


def test_template_text_is_flagged_in_a_new_aid() -> None:
    text = new_aid_text("new-aid", "New aid", dt.date(2026, 1, 10))
    aid, problems = parse_aid(text, "<text>")
    assert aid is not None, [str(p) for p in problems]
    findings = lint.lint(aid, today=TODAY)
    assert "template-text" in ids(findings)
    assert not [f for f in findings if f.severity == "error"]
    flagged = {f.field for f in findings if f.check == "template-text"}
    assert ("review", "authors", 0, "name") in flagged
    assert ("sources", 0, "url") in flagged
    assert ("slug",) not in flagged


# --------------------------------------------------------------------------------------------
# Personalised aids: a calculator's baseline is not known until a person's inputs are given
# --------------------------------------------------------------------------------------------


class _Inputs(CalculatorInputs):
    age: Annotated[int, Field(ge=18, le=120)]


class _TestCalculator(Calculator):
    id: ClassVar[str] = "lint-test-risk"
    name: ClassVar[str] = "Test risk"
    inputs: ClassVar[type[CalculatorInputs]] = _Inputs
    outputs: ClassVar[dict[str, CalculatorOutput]] = {
        "flare": CalculatorOutput(
            label="flare-up",
            time_frame=TimeFrame(value=1, unit="year"),
            citation="Test",
            url="https://doi.org/10.1234/test",
            certainty=Certainty.MODERATE,
            certainty_rated_by=RatedBy.AUTHORS,
            highest=0.1,  # the higher of the two chances evaluate gives
        )
    }

    cut_points: ClassVar[dict[str, tuple[float, ...]]] = {"age": (65,)}

    def evaluate(self, columns):
        # 0.1 under 65, 0.05 from 65: a chance that depends on the input
        return None, {"flare": np.where(np.asarray(columns["age"]) < 65, 0.1, 0.05)}

    def assess(self, inputs: CalculatorInputs) -> Assessment:
        return Assessment(None, "test", self.one(inputs)[1])


@pytest.fixture
def personalised_data(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    monkeypatch.setitem(CALCULATORS, _TestCalculator.id, _TestCalculator())
    data = good_data()
    data["personalisation"] = [_TestCalculator.id]
    data["outcomes"][0]["baseline"] = {"calculator": _TestCalculator.id, "output": "flare"}
    return data


def test_effects_on_a_calculator_baseline_show_their_direction(personalised_data) -> None:
    data = personalised_data
    assert lint_data(data, "benefit-not-shown") == []  # relative risk 0.7: fewer flare-ups
    effect = data["outcomes"][0]["options"]["treatment"]["effect"]
    effect.update(value=1.3, interval={"low": 1.2, "high": 1.4})
    assert ids(lint_data(data, "benefit-not-shown")) == ["benefit-not-shown"]
    effect.update(inverted=True)  # 1.3 the other way round is 1/1.3: fewer flare-ups again
    assert lint_data(data, "benefit-not-shown") == []


def test_figures_that_wait_for_inputs_are_given_the_benefit_of_the_doubt(
    personalised_data,
) -> None:
    data = personalised_data
    outcome = data["outcomes"][0]
    outcome["options"]["treatment"] = {"baseline": True}
    outcome["options"]["no-treatment"] = {
        "probability": 0.05,
        "source": "test-review",
        "certainty": "low",
        "certainty_rated_by": "authors",
    }
    # The tablet's chance needs a person's inputs; it cannot be compared with 5 in 100 till then.
    assert lint_data(data, "benefit-not-shown") == []
    assert lint_data(data, "unsuited-denominator") == []


# --------------------------------------------------------------------------------------------
# Reporting
# --------------------------------------------------------------------------------------------


def test_findings_become_problems_with_lines_and_hints() -> None:
    findings = [
        lint.Finding(
            "review-overdue", ("review", "next_review"), "the review was due on 2026-05-31"
        ),
        lint.Finding(
            "ask-3-questions-missing", ("body", "Questions to ask"), "a question is missing"
        ),
        lint.Finding("date-in-future", ("review", "last_updated"), "last updated tomorrow"),
    ]
    lines = {("review", "next_review"): 120, ("review", "last_updated"): 119}
    problems = lint.to_problems(findings, "content/x.md", lines.get)
    first, second, third = problems
    assert (first.file, first.line, first.field, first.severity, first.check) == (
        "content/x.md",
        120,
        "review.next_review",
        "warning",
        "review-overdue",
    )
    assert first.hint == lint.CHECKS["review-overdue"].explanation
    assert str(first).startswith("content/x.md:120: warning [review-overdue]: review.next_review: ")
    assert (second.line, second.field) == (None, "## Questions to ask")
    assert third.severity == "error"


def test_lint_runs_every_check_in_order() -> None:
    data = good_data()
    data["review"]["next_review"] = "2026-05-31"
    data["practicalities"] = []
    findings = lint.lint(DecisionAid.model_validate(data), today=TODAY)
    assert ids(findings) == ["no-practicalities", "review-overdue"]
    assert lint.lint(DecisionAid.model_validate(data), today=dt.date(2026, 5, 1)) == [findings[0]]


def test_a_missing_benefit_names_the_outcomes_without_a_figure() -> None:
    data = good_data()
    data["outcomes"][0]["options"]["treatment"] = NOT_KNOWN
    (finding,) = lint_data(data, "benefit-not-shown")
    assert "no figure for 'have a flare-up'" in finding.message


@pytest.mark.parametrize(
    "statement",
    [
        "Doing the things that matter to me",  # 'matter' not weighing the statement itself
        "If I have an operation, a lower chance of trouble emptying my bladder",
        "My child hearing better now",
        "Ideas I have about my care",  # 'I' inside, not speaking as 'I'
    ],
)
def test_things_that_may_matter_pass_the_value_check(statement: str) -> None:
    data = good_data()
    data["values"][0]["statement"] = statement
    assert lint.run_check("value-not-a-thing", DecisionAid.model_validate(data), TODAY) == []
