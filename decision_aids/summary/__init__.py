"""The record of a conversation: what a patient keeps and a clinician files.

:func:`check_summary` gathers, from the library alone, what was discussed (the aid, its options),
the person's numbers, what matters to them, the SURE test, the decision (or "not decided yet"),
the sources (the aid's and its calculators'), and the aid's version and review status; answers
that cannot be used come back as per-field :class:`Problems`. :func:`build_summary` raises them
instead. The same :class:`Summary` is written as plain text for a clinical record
(:func:`summary_text`), as a standalone HTML page (:func:`summary_html`) and as a PDF
(:func:`summary_pdf`); the patient pages lay it out in their own design. No name, NHS number or
other identifier is ever part of it.
"""

from decision_aids.summary._html import summary_html
from decision_aids.summary._pdf import summary_pdf
from decision_aids.summary._record import (
    NOT_DECIDED,
    Citation,
    Link,
    Problems,
    Summary,
    SummaryError,
    build_summary,
    check_summary,
)
from decision_aids.summary._text import figure_words, review_status, summary_text

__all__ = [
    "NOT_DECIDED",
    "Citation",
    "Link",
    "Problems",
    "Summary",
    "SummaryError",
    "build_summary",
    "check_summary",
    "figure_words",
    "review_status",
    "summary_html",
    "summary_pdf",
    "summary_text",
]
