"""The record of a conversation: what a patient keeps and a clinician files.

:func:`build_summary` gathers, from the library alone, what was discussed (the aid, its options),
the person's numbers, what matters to them, the SURE test, the decision (or "not decided yet"),
the sources, and the aid's version and review status. :func:`summary_text` writes it as plain
text to paste into a clinical record; pages and apps lay out the same :class:`Summary` in HTML.
No name, NHS number or other identifier is ever part of it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from decision_aids.model import DecisionAid, Option, Source
from decision_aids.outcomes import OptionFigure, Personalised, personalise
from decision_aids.values import AnswerError, SureResult, ValuesResult, option_fit, sure_test

NOT_DECIDED = "not decided yet"


@dataclass(frozen=True)
class Summary:
    aid: DecisionAid
    personalised: Personalised
    values: ValuesResult | None
    sure: SureResult | None
    decision: Option | None
    date: dt.date

    @property
    def decision_text(self) -> str:
        return self.decision.name if self.decision else NOT_DECIDED

    @property
    def sources(self) -> tuple[Source, ...]:
        """The sources behind the figures shown, in the order the aid lists them."""
        cited = {s for o in self.personalised.outcomes for f in o.figures for s in f.sources}
        return tuple(s for s in self.aid.sources if s.id in cited)


def build_summary(
    aid: DecisionAid,
    inputs: Mapping[str, Any] | None = None,
    *,
    importance: Mapping[str, Any] | None = None,
    sure_answers: Mapping[str, Any] | None = None,
    decision: str | None = None,
    today: dt.date | None = None,
) -> Summary:
    """Everything the summary holds; bad inputs or answers raise the library's usual errors.

    `decision` is an option id, or None (or "") for not decided yet.
    """
    chosen = None
    if decision:
        ids = [o.id for o in aid.options]
        if decision not in ids:
            raise AnswerError(
                {"decision": f"'{decision}' is not an option; use one of: " + ", ".join(ids)}
            )
        chosen = aid.option(decision)
    return Summary(
        aid=aid,
        personalised=personalise(aid, inputs or {}),
        values=option_fit(aid, importance) if importance else None,
        sure=sure_test(sure_answers) if sure_answers else None,
        decision=chosen,
        date=today or dt.date.today(),
    )


def figure_words(figure: OptionFigure, denominator: int, phrase: str) -> str:
    """One option's figure as it is written everywhere: '5 in 100 over the next year'."""
    if figure.not_known:
        return f"not known: {figure.not_known}"
    if figure.count is None:
        return "needs your details"
    text = f"{figure.count} in {denominator:,} {phrase}"
    if figure.count_interval and figure.count_interval != (figure.count, figure.count):
        text += f" (range {figure.count_interval[0]} to {figure.count_interval[1]})"
    return text


def summary_text(summary: Summary) -> str:
    """The summary as plain text, for a clinical record or a copy to the patient."""
    aid = summary.aid
    lines = [
        f"Shared decision: {aid.title}",
        f"Date: {summary.date.isoformat()}",
        f"Question: {aid.question}",
        "Options discussed: " + "; ".join(o.name for o in aid.options) + ".",
    ]
    for assessment in summary.personalised.assessments.values():
        lines.append(f"Details used: {assessment.summary}")
    lines.append("")
    lines.append("The numbers discussed (out of the same number of people for every option):")
    for outcome in summary.personalised.outcomes:
        phrase = outcome.time_frame.phrase
        label = outcome.outcome.label
        lines.append(f"- {label[:1].upper()}{label[1:]} ({outcome.outcome.population}):")
        for figure in outcome.figures:
            words = figure_words(figure, outcome.denominator, phrase)
            lines.append(f"    {figure.option.name}: {words}")
    if summary.values is not None:
        lines += ["", f"What matters to them: {summary.values.summary}"]
        lines += [
            "  " + f"- {fit.option.name}: " + " ".join(fit.reasons)
            for fit in summary.values.fits
            if fit.reasons
        ]
    if summary.sure is not None:
        lines += ["", f"SURE test: {summary.sure.score} of 4. {summary.sure.summary}"]
    lines += ["", f"Decision: {summary.decision_text}", "", "Sources:"]
    lines += [f"- {s.citation} {s.url}" for s in summary.sources]
    status = (
        "DRAFT, not yet reviewed by a clinician"
        if aid.review.status == "draft"
        else ("reviewed by " + ", ".join(r.name for r in aid.review.reviewers))
    )
    lines += ["", f"Decision aid: {aid.slug}, version of {aid.review.last_updated}, {status}."]
    return "\n".join(lines) + "\n"
