"""The summary as plain text, for a clinical record: one fact a line, nothing to format."""

from __future__ import annotations

from decision_aids.outcomes import OptionFigure
from decision_aids.summary._record import Summary


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


def review_status(summary: Summary) -> str:
    """Whether a clinician has checked the aid, as the record says it."""
    review = summary.aid.review
    if review.status == "draft":
        return "DRAFT, not yet reviewed by a clinician"
    return "reviewed by " + ", ".join(r.name for r in review.reviewers)


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
    lines += [f"- {c.citation} {c.url}" for c in summary.citations]
    lines += [
        "",
        f"Decision aid: {aid.slug}, version of {aid.review.last_updated}, {review_status(summary)}.",
    ]
    return "\n".join(lines) + "\n"
