"""The record of a conversation: what a patient keeps and a clinician files.

:func:`check_summary` gathers, from the library alone, the record: the aid discussed, the
person's figures (:func:`decision_aids.outcomes.personalise`), what matters to them and the SURE
test (:mod:`decision_aids.values`), and the decision (or "not decided yet"); answers that cannot
be used come back as per-field :class:`Problems`. :func:`build_summary` raises them instead.

:func:`summary_view` words the record once, as a :class:`SummaryView`, and thin renderers lay it
out: plain text for a clinical record (:func:`summary_text`), a standalone HTML page
(:func:`summary_html`) and a PDF (:func:`summary_pdf`); the patient pages and the Streamlit
end-of-consultation page lay out the same view in their own design. No name, NHS number or other
identifier is ever part of it.
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
from decision_aids.summary._text import summary_text
from decision_aids.summary._view import (
    NO_FIGURE,
    SURE_NOT_ANSWERED,
    VALUES_NOT_SAID,
    FigureLine,
    OptionLine,
    OutcomeLines,
    Rating,
    Reasons,
    SummaryView,
    figure_words,
    summary_view,
)

__all__ = [
    "NOT_DECIDED",
    "NO_FIGURE",
    "SURE_NOT_ANSWERED",
    "VALUES_NOT_SAID",
    "Citation",
    "FigureLine",
    "Link",
    "OptionLine",
    "OutcomeLines",
    "Problems",
    "Rating",
    "Reasons",
    "Summary",
    "SummaryError",
    "SummaryView",
    "build_summary",
    "check_summary",
    "figure_words",
    "summary_html",
    "summary_pdf",
    "summary_text",
    "summary_view",
]
