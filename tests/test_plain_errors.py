"""Every validation message an author can meet is in plain words, names the file and the field,
and says what to do: no regular expression, no "Input should be …", no type or class name.

Each case breaks the template aid in one way, as an author might, and reads what the loader
(`decision-aids validate`) and the author preview say about it.
"""

from __future__ import annotations

import re

import pytest
from support.data import VALID_DIR

from decision_aids import model
from decision_aids.content import Problem, parse_aid
from decision_aids.preview import preview

NAME = "template-aid.md"
TEMPLATE = (VALID_DIR / NAME).read_text(encoding="utf-8")
#: The model's class names, and pydantic's for links.
CLASS_NAMES = sorted(
    {name for name, value in vars(model).items() if isinstance(value, type)} | {"HttpUrl", "Url"}
)
#: What pydantic's own words look like: its message openings, a regular expression, a Python type
#: name, or a class name.
JARGON = re.compile(
    r"Input should|String should|List should|Dictionary should|Value error|Field required"
    r"|valid (dictionary|string|number|integer|date|URL)|pattern|\^|\$|\[a-z|\\d"
    r"|\b(str|int|float|bool|dict|NoneType|None)\b"
    r"|\b(" + "|".join(CLASS_NAMES) + r")\b"
)

#: (what the author did, the text it replaces, the text they wrote, the field the error names)
CASES = [
    ("a slug with capitals", "slug: template-aid", "slug: Template Aid", "slug"),
    ("a denominator of 50", "denominator: 100", "denominator: 50", "outcomes.0.denominator"),
    ("an unknown certainty", "certainty: moderate", "certainty: certain", "outcomes.0.baseline"),
    ("an unknown setting", "setting: primary-care", "setting: hospital", "setting"),
    (
        "a probability in words",
        "probability: 0.01",
        "probability: one in a hundred",
        "outcomes.1.options.no-treatment.probability",
    ),
    (
        "a percentage as a probability",
        "probability: 0.05",
        "probability: 5",
        "outcomes.1.options.treatment.probability",
    ),
    ("a ratio of 0", "value: 0.70", "value: 0", "outcomes.0.options.treatment.effect.value"),
    ("a baseline of 10", "value: 0.10", "value: 10", "outcomes.0.baseline.value"),
    ("yes as a title", "title: Template aid", "title: yes", "title"),
    (
        "an empty text",
        "funding: Say who paid for this aid to be written.",
        'funding: ""',
        "review.funding",
    ),
    ("an empty list", "leans_to: [no-treatment]", "leans_to: []", "values.0.leans_to"),
    ("a very long id", "- id: avoid-treatment", "- id: " + "a" * 70, "values.0.id"),
    ("a year in words", "year: 2024", "year: twenty", "sources.0.year"),
    ("a year long ago", "year: 2024", "year: 1800", "sources.0.year"),
    ("a year with a fraction", "year: 2024", "year: 2024.5", "sources.0.year"),
    (
        "a link without https",
        "url: https://doi.org/10.0000/replace-me",
        "url: doi 10.0000/replace-me",
        "sources.0.url",
    ),
    (
        "an ftp link",
        "url: https://doi.org/10.0000/replace-me",
        "url: ftp://example.org/replace-me",
        "sources.0.url",
    ),
    ("a date in words", "last_updated: 2026-10-01", "last_updated: last week", "review"),
    (
        "maybe for yes or no",
        "      certainty_rated_by: authors\n      note:",
        "      certainty_rated_by: authors\n      derived: maybe\n      note:",
        "outcomes.0.baseline.derived",
    ),
    (
        "one word for a list",
        "keywords: [plain, words, people, search, with]",
        "keywords: plain",
        "keywords",
    ),
    (
        "text for a group of fields",
        "sources:\n  - id: example-review",
        "sources:\n  - just a citation\n  - id: example-review",
        "sources.0",
    ),
    (
        "text for the answers",
        "answers:\n      no-treatment: Nothing new.\n      treatment: Say how often, for how long, "
        "and where.\n",
        "answers: Nothing new.\n",
        "practicalities.0.answers",
    ),
    ("a missing question", "question: Should I have this treatment?\n", "", "question"),
    ("a misspelt field", "title: Template aid", "title: Template aid\ntitel: x", "titel"),
    (
        "a time frame in decades",
        "time_frame: 1 year",
        "time_frame: {value: 1, unit: decade}",
        "outcomes.0.time_frame",
    ),
    ("a baseline of false", "baseline: true", "baseline: false", "outcomes.0.options"),
]


def _check(problems: list[Problem] | tuple[Problem, ...], field: str) -> list[Problem]:
    errors = [p for p in problems if p.severity == "error"]
    assert errors, "the broken text loaded without an error"
    assert any(p.field.startswith(field) for p in errors), [str(p) for p in errors]
    for problem in errors:
        said = f"{problem.message} → {problem.hint}"
        assert not JARGON.search(said), said
        assert problem.field not in {"", "(top)"}, str(problem)
        assert problem.hint or "give " in problem.message or "write " in problem.message
        assert str(problem).startswith(f"{NAME}:")
    return errors


@pytest.mark.parametrize(("case", "old", "new", "field"), CASES, ids=[c[0] for c in CASES])
def test_every_mistake_is_told_in_plain_words(case: str, old: str, new: str, field: str) -> None:
    assert old in TEMPLATE, f"the template no longer has {old!r}: update this case"
    text = TEMPLATE.replace(old, new, 1)
    _, loaded = parse_aid(text, NAME)
    errors = _check(loaded, field)
    assert _check(preview(text, NAME).problems, field) == errors  # the author preview says the same


@pytest.mark.parametrize(
    ("old", "new", "hint"),
    [
        ("probability: 0.05", "probability: 5", "'4 in 100' is 0.04"),
        ("value: 0.10", "value: 10", "'4 in 100' is 0.04"),  # a baseline is a chance too
        ("value: 0.70", "value: 0", "a ratio or a time frame must be above 0"),
        ("year: 2024", "year: 1800", "write a number of at least 1900"),
    ],
)
def test_a_number_out_of_range_gets_the_rule_of_its_field(old: str, new: str, hint: str) -> None:
    _, problems = parse_aid(TEMPLATE.replace(old, new, 1), NAME)
    (error,) = [p for p in problems if p.severity == "error"]
    assert hint in error.hint


def test_front_matter_that_is_not_fields_is_told_plainly() -> None:
    text = "---\n- one\n- two\n---\n\n" + TEMPLATE.split("\n---\n", 1)[1]
    _, problems = parse_aid(text, NAME)
    (error,) = [p for p in problems if p.severity == "error"]
    assert not JARGON.search(f"{error.message} {error.hint}"), str(error)


def test_the_jargon_check_finds_pydantics_words() -> None:
    for said in (
        "Input should be 100 or 1000",
        "String should match pattern '^[a-z0-9]+(-[a-z0-9]+)*$'",
        "Input should be a valid dictionary or instance of DecisionAid",
        "Field required",
        "Input should be a valid URL, relative URL without a base",
    ):
        assert JARGON.search(said), said
