"""The author's preview of one content file: the validator's and the linter's findings."""

from __future__ import annotations

import datetime as dt

from support.data import BROKEN_DIR, VALID_DIR

from decision_aids.content import content_dir
from decision_aids.preview import PASTED, preview

TODAY = dt.date(2026, 11, 24)


def test_a_broken_file_gives_its_error_with_its_line_and_no_aid() -> None:
    text = (BROKEN_DIR / "probability-above-one.md").read_text(encoding="utf-8")
    result = preview(text, "probability-above-one.md", today=TODAY)
    assert result.aid is None
    (error,) = result.errors
    assert (error.line, error.field) == (65, "outcomes.1.options.treatment.probability")
    assert result.warnings == ()


def test_a_valid_file_gives_its_aid_and_the_quality_checks_warnings() -> None:
    text = (VALID_DIR / "template-aid.md").read_text(encoding="utf-8")
    result = preview(text, "template-aid.md", today=TODAY)
    assert result.aid is not None
    assert result.aid.slug == "template-aid"
    assert result.errors == ()
    assert {w.check for w in result.warnings} >= {"template-text"}


def test_errors_come_before_warnings() -> None:
    text = (VALID_DIR / "template-aid.md").read_text(encoding="utf-8")
    result = preview(text, "another-name.md", today=TODAY)  # the slug does not match the name
    severities = [p.severity for p in result.problems]
    assert severities == sorted(severities, key=lambda s: s != "error")
    assert result.errors[0].field == "slug"


def test_pasted_text_is_not_held_to_a_file_name() -> None:
    text = (content_dir() / "statins-primary-prevention.md").read_text(encoding="utf-8")
    result = preview(text, PASTED, today=TODAY)
    assert result.aid is not None
    assert result.errors == ()


def test_empty_text_is_an_error_not_an_exception() -> None:
    (error,) = preview("   \n", PASTED).errors
    assert error.message == "the file is empty"
