"""The survey form's logic, so that the web page only lays it out.

:func:`survey_form` says what to show for a link's consultation: the instrument's wording for
its respondent and the points and labels of its scale, with the licence notice. :func:`parse_form`
reads a submitted form: valid answers, or a message for each field that is wrong while every
other answer is kept to fill the form in again.

Form fields: one per item, named by the item's id (``item_1``…``item_3``), whose value is the
chosen point as text, or empty/absent for a question left unanswered; and ``submission``, the
nonce from :func:`collaborate.responses.new_submission_id` put in a hidden field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from collaborate.instrument import ITEM_IDS, Item, Scale, load_instrument
from collaborate.links import Consultation
from collaborate.responses import Answers, is_submission_id

__all__ = ["SUBMISSION_FIELD", "ParsedForm", "SurveyForm", "parse_form", "survey_form"]

SUBMISSION_FIELD = "submission"


@dataclass(frozen=True)
class SurveyForm:
    """Everything the page shows, from the instrument file (never reworded)."""

    items: tuple[Item, ...]
    scale: Scale
    notice: str
    provisional: bool  # the wording awaits a check at its source: show it only in testing


@dataclass(frozen=True)
class ParsedForm:
    """A submitted form. ``answers`` is None while any field has an error."""

    answers: Answers | None
    values: dict[str, str]  # what the person chose, as text, to fill the form in again
    errors: dict[str, str]  # field name -> message to show beside it
    submission_id: str | None


def survey_form(consultation: Consultation) -> SurveyForm:
    instrument = load_instrument()
    version = instrument.version(consultation.respondent)
    return SurveyForm(
        items=version.items,
        scale=instrument.scale(consultation.scale_max),
        notice=instrument.notice,
        provisional=version.provisional,
    )


def parse_form(form: Mapping[str, str], scale_max: int) -> ParsedForm:
    """Check a submitted survey form against the link's scale (0 to ``scale_max``)."""
    values: dict[str, str] = {}
    errors: dict[str, str] = {}
    points: dict[str, int | None] = {}
    allowed = {str(point): point for point in range(scale_max + 1)}
    for item in ITEM_IDS:
        text = (form.get(item) or "").strip()
        values[item] = text
        points[item] = None
        if not text:
            continue
        if text in allowed:  # exactly as the page's radios send it: "0" once, never "000…0"
            points[item] = allowed[text]
        else:
            values[item] = ""
            errors[item] = f"Choose a number from 0 to {scale_max}, or leave this question blank."
    if not errors and all(p is None for p in points.values()):
        errors[ITEM_IDS[0]] = (
            "Answer at least one question, or close this page if you would rather not answer."
        )
    submission = (form.get(SUBMISSION_FIELD) or "").strip()
    return ParsedForm(
        answers=None if errors else Answers(points),
        values=values,
        errors=errors,
        submission_id=submission if is_submission_id(submission) else None,
    )
