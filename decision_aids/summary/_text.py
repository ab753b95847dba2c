"""The summary as plain text, for a clinical record: one fact a line, nothing to format."""

from __future__ import annotations

from decision_aids.summary._view import SummaryView


def summary_text(view: SummaryView) -> str:
    """The summary as plain text, for a clinical record or a copy to the patient."""
    lines = [
        f"Shared decision: {view.title}",
        f"Date: {view.date}",
        view.review,
        f"Question: {view.question}",
        "Options discussed:",
        *(f"- {o.name}: {o.description}" for o in view.options),
        f"Decision: {view.decision}",
        *(f"Details used: {detail}" for detail in view.details),
        "",
        "The numbers discussed (out of the same number of people for every option):",
    ]
    for outcome in view.outcomes:
        lines.append(f"- {outcome.label} ({outcome.population}):")
        lines += [
            f"    {f.option}: {f.figure} (how sure we can be: {f.certainty})"
            for f in outcome.figures
        ]
        lines += [f"    {line}" for line in outcome.words]
    lines += ["", f"What matters to them: {view.values}"]
    lines += [f"  - {r.line}" for r in view.ratings]
    lines += [f"  - {r.option}: " + " ".join(r.reasons) for r in view.reasons]
    lines += ["", f"SURE test: {view.sure}"]
    lines += [f"  Answered no to: {question}" for question in view.unsure_about]
    if view.questions:
        lines += ["", "Questions they want to ask:", *(f"- {q}" for q in view.questions)]
    if view.links:
        lines += ["", "To look at again:", *(f"- {link.label}: {link.url}" for link in view.links)]
    lines += ["", "Sources:", *(f"- {c.citation} {c.url}" for c in view.citations)]
    lines += ["", f"Decision aid: {view.version}."]
    return "\n".join(lines) + "\n"
