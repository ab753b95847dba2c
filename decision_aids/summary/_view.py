"""The summary as every renderer shows it: one view model of words, built once from the record.

:func:`summary_view` turns a :class:`~decision_aids.summary.Summary` (the person's answers with the
library's results: :func:`decision_aids.outcomes.personalise` and :mod:`decision_aids.values`)
into a :class:`SummaryView`: plain strings and tuples of them, in the order a summary reads. The
renderers (text, HTML, PDF, the patient page, the Streamlit page) lay out its fields and compute
nothing; a fact a summary shows is worded here, once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from decision_aids import charts
from decision_aids.draft import review_status
from decision_aids.outcomes import OptionFigure, OutcomeFigures
from decision_aids.summary._record import NOT_DECIDED, Citation, Link, Summary

#: What the summary says when the person has rated none of the "what matters to me" statements.
VALUES_NOT_SAID = "Not said yet."
#: What the summary says when the SURE test was not answered.
SURE_NOT_ANSWERED = "Not answered."
#: A figure's certainty when there is no figure to be sure about.
NO_FIGURE = "No figure"


def figure_words(figure: OptionFigure, denominator: int, phrase: str = "") -> str:
    """One option's figure as it is written everywhere: '5 in 100 over the next year'.

    Without `phrase` (the time frame) it is the short form a table cell uses: '5 in 100'.
    """
    if figure.not_known:
        return f"not known: {figure.not_known}"
    if figure.count is None:
        return "needs your details"
    text = " ".join(part for part in (f"{figure.count} in {denominator:,}", phrase) if part)
    if figure.count_interval and figure.count_interval != (figure.count, figure.count):
        text += f" (range {figure.count_interval[0]} to {figure.count_interval[1]})"
    return text


def sentence(text: str) -> str:
    """`text` with a capital first letter and the rest unchanged."""
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class OptionLine:
    """One option discussed."""

    name: str
    description: str


@dataclass(frozen=True)
class FigureLine:
    """One option's figure for one outcome, and how sure we can be about it."""

    option: str
    figure: str  # '2 in 100 over the next year (range 1 to 2)'
    certainty: str  # 'Moderate', or NO_FIGURE


@dataclass(frozen=True)
class OutcomeLines:
    """One outcome: its label, who its figures are for, the chart's words, and each figure."""

    label: str
    population: str
    words: tuple[str, ...]  # a lead line, then a sentence per option (charts.text_alternative)
    figures: tuple[FigureLine, ...]


@dataclass(frozen=True)
class Rating:
    """A "what matters to me" statement the person rated, and how much it matters, in words
    ("matters a lot")."""

    statement: str
    importance: str

    @property
    def line(self) -> str:
        """The statement and how much it matters, as one line: "Losing weight: matters a lot"."""
        return f"{self.statement}: {self.importance}"


@dataclass(frozen=True)
class Reasons:
    """Why an option fits what the person said."""

    option: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class SummaryView:
    """Every fact a summary shows, worded, in reading order. No name or identifier is part of it."""

    title: str
    date: str  # '24 November 2026'
    draft: bool  # for layout only: the `review` line is the warning
    review: str  # decision_aids.draft.review_status
    question: str
    options: tuple[OptionLine, ...]
    decided: bool  # for layout only: whether `decision` names an option
    decision: str  # the option chosen, or 'Not decided yet'
    details: tuple[str, ...]  # the calculators' summaries of the person's details
    outcomes: tuple[OutcomeLines, ...]
    ratings: tuple[Rating, ...]
    values: str  # which options fit what they said, or VALUES_NOT_SAID
    reasons: tuple[Reasons, ...]
    sure: str  # '3 of 4. ...', or SURE_NOT_ANSWERED
    unsure_about: tuple[str, ...]  # the SURE questions answered no
    questions: tuple[str, ...]  # the questions the person wants to ask
    links: tuple[Link, ...]
    citations: tuple[Citation, ...]
    version: str  # 'af-anticoagulation, version of 24 November 2026'


def _day(date: dt.date) -> str:
    return f"{date.day} {date:%B %Y}"


def _outcome(figures: OutcomeFigures) -> OutcomeLines:
    phrase = figures.time_frame.phrase
    return OutcomeLines(
        label=sentence(figures.outcome.label),
        population=figures.outcome.population,
        words=tuple(charts.text_alternative(figures).splitlines()),
        figures=tuple(
            FigureLine(
                f.option.name,
                figure_words(f, figures.denominator, phrase),
                f.certainty.value.capitalize() if f.certainty else NO_FIGURE,
            )
            for f in figures.figures
        ),
    )


def summary_view(
    summary: Summary, *, links: Sequence[Link] = (), questions: Sequence[str] = ()
) -> SummaryView:
    """The view every renderer lays out, for `summary`.

    Parameters
    ----------
    summary
        The record: the person's answers and the library's results for them.
    links
        Pages to look at again (a renderer may draw a QR code beside each).
    questions
        The questions the person wants to ask, as worded where they chose them.
    """
    aid = summary.aid
    values, sure = summary.values, summary.sure
    return SummaryView(
        title=aid.title,
        date=_day(summary.date),
        draft=aid.review.status == "draft",
        review=review_status(aid.review),
        question=aid.question,
        options=tuple(OptionLine(o.name, o.description) for o in aid.options),
        decided=summary.decision is not None,
        decision=summary.decision.name if summary.decision else sentence(NOT_DECIDED),
        details=tuple(a.summary for a in summary.personalised.assessments.values()),
        outcomes=tuple(_outcome(o) for o in summary.personalised.outcomes),
        ratings=tuple(Rating(statement, label.lower()) for statement, label in summary.rated),
        values=values.summary if values else VALUES_NOT_SAID,
        reasons=tuple(Reasons(f.option.name, f.reasons) for f in values.fits if f.reasons)
        if values
        else (),
        sure=f"{sure.score} of 4. {sure.summary}" if sure else SURE_NOT_ANSWERED,
        unsure_about=sure.unsure_about if sure else (),
        questions=tuple(questions),
        links=tuple(links),
        citations=summary.citations,
        version=f"{aid.slug}, version of {_day(aid.review.last_updated)}",
    )
