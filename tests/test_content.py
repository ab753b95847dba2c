"""Loading content files: every broken file is reported with file, line and field, never raised.

The corpus is in tests/content/ (written by tests/content/make_corpus.py from the `new` template):
`valid/` loads cleanly, and each file in `broken/` has one defect, named by its file name, whose
expected problem is in EXPECTED below.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.data import BROKEN_DIR, REPO, VALID_DIR, VALID_SLUGS

from decision_aids.content import (
    BODY_SECTIONS,
    content_dir,
    load_aid,
    load_library,
    parse_aid,
)


class Expect:
    """The problem a broken file must produce: a field and words in its message or hint."""

    def __init__(self, field: str, words: str, line: int | None = None, *, has_line: bool = True):
        self.field = field
        self.words = words
        self.line = line  # the exact line, where a test pins it
        self.has_line = has_line


EXPECTED: dict[str, Expect] = {
    # YAML that does not parse: the line of the fault where PyYAML can find it
    "bad-yaml-indent.md": Expect("(YAML)", "not valid YAML", 18),
    "bad-yaml-tab.md": Expect("(YAML)", "tab", 24),
    "bad-yaml-unclosed-quote.md": Expect("(YAML)", "not valid YAML"),
    "duplicate-key.md": Expect("title", "'title' is given twice", 7),
    # the file itself
    "not-utf8.md": Expect("(file)", "is not UTF-8", 6),
    "empty.md": Expect("(file)", "empty", has_line=False),
    "whitespace-only.md": Expect("(file)", "empty", has_line=False),
    "no-front-matter.md": Expect("(front matter)", "does not start with front matter", 1),
    # missing or misspelt fields: the line of the parent the field belongs in
    "missing-title.md": Expect("title", "this field is missing", 5),
    "missing-question.md": Expect("question", "this field is missing", 5),
    "missing-review-funding.md": Expect("review.funding", "this field is missing", 95),
    "missing-outcome-time-frame.md": Expect("outcomes.0.time_frame", "this field is missing", 29),
    "typo-field-name.md": Expect("outcomes.1.lable", "did you mean 'label'", 53),
    # numbers
    "probability-above-one.md": Expect("outcomes.1.options.treatment.probability", "0 to 1", 65),
    "probability-negative.md": Expect("outcomes.1.options.no-treatment.probability", "0 to 1", 60),
    "probability-as-percentage.md": Expect(
        "outcomes.1.options.treatment.probability", "40 is more than 1", 65
    ),
    "interval-excludes-value.md": Expect(
        "outcomes.0.options.treatment.effect", "outside its interval", 46
    ),
    "effect-ratio-zero.md": Expect(
        "outcomes.0.options.treatment.effect.value", "0 is not above 0", 47
    ),
    "figure-probability-and-effect.md": Expect(
        "outcomes.0.options.treatment", "exactly one of `probability:`", 45
    ),
    "time-frame-in-words.md": Expect(
        "outcomes.0.time_frame", "'ten years' is not a time frame", 32
    ),
    # references between the parts of an aid
    "outcome-unknown-option.md": Expect("outcomes.1.options.surgery", "not an option", 70),
    "outcome-missing-option.md": Expect("outcomes.1.options", "'treatment' has no entry", 59),
    "practicality-unknown-option.md": Expect(
        "practicalities.0.answers.surgery", "not an option", 75
    ),
    "values-unknown-option.md": Expect("values.1.leans_to.0", "'surgery' is not an option", 82),
    "unknown-source.md": Expect(
        "outcomes.1.options.no-treatment.source", "'missing-review' is not in `sources`", 61
    ),
    "no-do-nothing-option.md": Expect("options", "no doing-nothing", 17),
    "baseline-not-taken.md": Expect("outcomes.0.options", "no option takes it", 42),
    "unknown-calculator.md": Expect(
        "outcomes.0.baseline.calculator", "'qrisk9' is not a known calculator", 36
    ),
    # identity and review
    "question-without-question-mark.md": Expect("question", "ends with '?'", 7),
    "reviewed-without-reviewers.md": Expect("review", "named clinical reviewer", 95),
    "bad-date.md": Expect("review.last_updated", "YYYY-MM-DD", 99),
    # a date YAML reads itself and cannot build: either the YAML or the field may be named
    "bad-date-month-13.md": Expect("", "is not a date"),
    "slug-mismatch.md": Expect("slug", "does not match the file name", 5),
    # the Markdown body
    "html-block-in-body.md": Expect("(body)", "raw HTML", 110),
    "html-inline-in-body.md": Expect("(body)", "raw HTML", 108),
    "body-section-missing.md": Expect("(body)", "'## Questions to ask' is missing"),
    "body-sections-out-of-order.md": Expect("(body)", "out of order"),
    "body-unknown-heading.md": Expect("(body)", "'## Risks and benefits' is not a section", 110),
    "body-in-front-matter.md": Expect("body", "not a front-matter field", 13),
}

BROKEN_FILES = sorted(BROKEN_DIR.glob("*.md"))


def test_every_broken_file_has_an_expectation_and_vice_versa():
    assert {p.name for p in BROKEN_FILES} == set(EXPECTED)
    assert len(BROKEN_FILES) >= 24


@pytest.mark.parametrize("path", BROKEN_FILES, ids=lambda p: p.stem)
def test_broken_file_is_reported_not_raised(path: Path):
    expect = EXPECTED[path.name]
    aid, problems = load_aid(path)  # never raises

    assert aid is None
    assert problems, "a broken file must give at least one problem"
    assert all(p.file == str(path) for p in problems)
    matching = [
        p
        for p in problems
        if p.severity == "error"
        and expect.field in p.field
        and expect.words in f"{p.message} {p.hint}"
    ]
    assert matching, (
        f"no error with field ~ {expect.field!r} and words {expect.words!r} in: "
        + "; ".join(str(p) for p in problems)
    )
    problem = matching[0]
    if expect.has_line:
        assert isinstance(problem.line, int)
        assert problem.line >= 1
        assert problem.line <= len(path.read_bytes().splitlines())
    else:
        assert problem.line is None
    if expect.line is not None:
        assert problem.line == expect.line, str(problem)
    assert str(path) in str(problem)


def test_line_numbers_point_at_the_faulty_text():
    """Pinned lines in EXPECTED are checked against the file text, so they cannot drift apart."""
    text = {p.name: p.read_bytes().decode("utf-8", "replace").splitlines() for p in BROKEN_FILES}
    assert text["typo-field-name.md"][53 - 1].strip() == "lable: have a side effect"
    assert text["bad-yaml-tab.md"][24 - 1] == "\tkind: active"
    assert text["duplicate-key.md"][7 - 1] == "title: Another title"
    assert text["time-frame-in-words.md"][32 - 1].strip() == "time_frame: ten years"
    assert text["unknown-source.md"][61 - 1].strip() == "source: missing-review"
    assert text["html-inline-in-body.md"][108 - 1] == "Say what the <b>condition</b> is."
    assert text["not-utf8.md"][6 - 1].startswith("title: Caf")


def test_each_broken_file_has_only_its_own_error():
    """The corpus is clean: each file's errors are all about its one defect."""
    inherent_extras = {
        "typo-field-name.md": 2,  # `lable` is unknown, so `label` is missing too
        "body-unknown-heading.md": 2,  # the renamed heading leaves '## Your options' missing
    }
    for path in BROKEN_FILES:
        _, problems = load_aid(path)
        errors = [p for p in problems if p.severity == "error"]
        assert len(errors) == inherent_extras.get(path.name, 1), [str(p) for p in errors]


@pytest.mark.parametrize("path", sorted(VALID_DIR.glob("*.md")), ids=lambda p: p.stem)
def test_valid_files_load_without_problems(path: Path):
    aid, problems = load_aid(path)
    assert problems == []
    assert aid is not None
    assert aid.slug == path.stem


def test_library_over_valid_and_broken_folders():
    library = load_library([VALID_DIR, BROKEN_DIR])

    assert set(library.aids) == VALID_SLUGS
    assert {p.file for p in library.errors} == {str(p) for p in BROKEN_FILES}
    assert library.files["template-aid"] == VALID_DIR / "template-aid.md"
    assert all(p.severity == "error" for p in library.problems)


def test_library_line_of_finds_fields_and_falls_back_to_the_parent():
    library = load_library([VALID_DIR])
    lines = (VALID_DIR / "template-aid.md").read_text(encoding="utf-8").splitlines()

    def line_number(text: str) -> int:
        return lines.index(text) + 1

    assert library.line_of("template-aid", ("slug",)) == line_number("slug: template-aid")
    assert library.line_of("template-aid", ("outcomes", 1, "label")) == line_number(
        "    label: have a side effect"
    )
    assert library.line_of("template-aid", ("review", "funding")) == line_number(
        "  funding: Say who paid for this aid to be written."
    )
    # a path that does not exist stops at the deepest field it reaches
    assert library.line_of("template-aid", ("outcomes", 1, "nothing-here")) == line_number(
        "  - id: main-harm"
    )
    assert library.line_of("no-such-aid", ("slug",)) is None


def test_duplicate_slug_in_two_files_keeps_the_first(tmp_path: Path):
    source = (VALID_DIR / "template-aid.md").read_bytes()
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "template-aid.md").write_bytes(source)

    library = load_library([tmp_path / "a", tmp_path / "b"])

    assert list(library.aids) == ["template-aid"]
    assert library.files["template-aid"] == tmp_path / "a" / "template-aid.md"
    [problem] = library.problems
    assert problem.file == str(tmp_path / "b" / "template-aid.md")
    assert problem.field == "slug"
    assert "also the slug of" in problem.message


def test_a_missing_file_is_a_problem_not_an_exception(tmp_path: Path):
    aid, [problem] = load_aid(tmp_path / "nowhere.md")
    assert aid is None
    assert problem.field == "(file)"
    assert "cannot be read" in problem.message


def test_body_is_split_by_heading(template_aid):
    assert list(template_aid.body) == [title for title, _ in BODY_SECTIONS]
    assert template_aid.body["About the condition"] == "Say what the condition is, in plain words."
    assert template_aid.body["Your options"] == "Say what each option is and what it is like."
    assert template_aid.body["Questions to ask"].splitlines() == [
        "- What are my options?",
        "- What are the pros and cons of each option for me?",
        "- How do I get support to help me make a decision that is right for me?",
    ]


def test_optional_section_may_be_left_out():
    text = (VALID_DIR / "template-aid.md").read_text(encoding="utf-8")
    text = text.replace(
        "## What happens if I do nothing\n\nSay what usually happens without treatment.\n\n", ""
    )
    aid, problems = parse_aid(text, "<text>")
    assert problems == []
    assert aid is not None
    assert "What happens if I do nothing" not in aid.body


def test_parse_aid_from_text_skips_the_file_name_check():
    text = (VALID_DIR / "template-aid.md").read_text(encoding="utf-8")
    aid, problems = parse_aid(text.replace("slug: template-aid", "slug: any-slug"), "<text>")
    assert problems == []
    assert aid is not None
    assert aid.slug == "any-slug"


def test_byte_order_mark_is_accepted():
    raw = b"\xef\xbb\xbf" + (VALID_DIR / "template-aid.md").read_bytes()
    aid, problems = parse_aid(raw, "template-aid.md")
    assert problems == []
    assert aid is not None


def test_not_utf8_at_the_start_is_reported_on_line_1():
    aid, [problem] = parse_aid(b"\xff\xfe---\n", "x.md")
    assert aid is None
    assert (problem.line, problem.field) == (1, "(file)")
    assert "0xff" in problem.message


# --------------------------------------------------------------------------------------------
# Robustness: nothing a person could type makes the loader raise

TEMPLATE_LINES = (VALID_DIR / "template-aid.md").read_text(encoding="utf-8").splitlines(True)


@pytest.mark.parametrize("n", range(len(TEMPLATE_LINES)))
def test_dropping_any_one_line_never_raises(n: int):
    text = "".join(TEMPLATE_LINES[:n] + TEMPLATE_LINES[n + 1 :])
    aid, problems = parse_aid(text, "template-aid.md")
    assert (aid is None) == any(p.severity == "error" for p in problems)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_never_raise(raw: bytes):
    aid, problems = parse_aid(raw, "x.md")
    assert aid is None
    assert problems


@settings(max_examples=150, deadline=None)
@given(
    st.integers(0, len(TEMPLATE_LINES) - 1),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=40),
)
def test_replacing_any_line_with_any_text_never_raises(n: int, line: str):
    text = "".join([*TEMPLATE_LINES[:n], line + "\n", *TEMPLATE_LINES[n + 1 :]])
    aid, problems = parse_aid(text, "template-aid.md")
    assert (aid is None) == any(p.severity == "error" for p in problems)
    assert all(p.line is None or 1 <= p.line <= len(text.splitlines()) + 1 for p in problems)


@pytest.mark.parametrize("figure", ["", " yes", " 3", " [a]"])
def test_option_figure_that_is_not_a_mapping_is_a_problem(figure: str):
    text = (VALID_DIR / "template-aid.md").read_text(encoding="utf-8")
    text = text.replace(
        "      no-treatment:\n        baseline: true\n", f"      no-treatment:{figure}\n"
    )
    aid, problems = parse_aid(text, "template-aid.md")
    assert aid is None
    assert [p.field for p in problems] == ["outcomes.0.options.no-treatment"]
    assert problems[0].line in (42, 43)  # the key, or the line after an empty value


def test_infinite_ratio_is_a_problem():
    text = (VALID_DIR / "template-aid.md").read_text(encoding="utf-8")
    text = text.replace(
        "          value: 0.70\n          interval: {low: 0.60, high: 0.80}\n",
        "          value: .inf\n",
    )
    aid, problems = parse_aid(text, "template-aid.md")
    assert aid is None
    assert problems[0].field == "outcomes.0.options.treatment.effect.value"


# --------------------------------------------------------------------------------------------
# Where the content is found


def test_content_dir_default_is_the_checkout_content_folder():
    assert content_dir().resolve() == (REPO / "content").resolve()
    assert content_dir().is_dir()


def test_content_dir_override(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("DECISION_AIDS_CONTENT", str(VALID_DIR))
    assert content_dir() == VALID_DIR
    assert set(load_library().aids) == VALID_SLUGS


# --------------------------------------------------------------------------------------------
# Packaging: the wheel carries the content, and the installed package finds it

_SHOW_LIBRARY = """
import json, decision_aids
from decision_aids.content import content_dir, load_library
print(json.dumps({
    "package": decision_aids.__file__,
    "content_dir": str(content_dir()),
    "slugs": sorted(load_library().aids),
}))
"""


def test_wheel_bundles_content_and_finds_it(tmp_path: Path, built_wheel: tuple[set[str], Path]):
    names, site = built_wheel

    # the aids, and the general module for clinicians in content/learning/
    content = {p.relative_to(REPO / "content").as_posix() for p in (REPO / "content").rglob("*.md")}
    assert "learning/general-module.md" in content
    bundled = {
        n.removeprefix("decision_aids/_content/")
        for n in names
        if n.startswith("decision_aids/_content/") and n.endswith(".md")
    }
    assert content, "the checkout's content/ folder has no aids"
    assert bundled == content
    assert "decision_aids/templates/new-aid.md" in names

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "DECISION_AIDS_CONTENT"}
    env["PYTHONPATH"] = str(site)
    result = subprocess.run(
        [sys.executable, "-c", _SHOW_LIBRARY],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    found = json.loads(result.stdout)
    package = site / "decision_aids"
    assert Path(found["package"]) == package / "__init__.py"
    assert Path(found["content_dir"]) == package / "_content"
    assert found["slugs"] == sorted(load_library([REPO / "content"]).aids)
