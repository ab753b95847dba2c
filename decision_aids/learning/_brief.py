"""The clinician's brief of an aid, worded once for every renderer (the Learn page, print).

The example people's figures come from :func:`decision_aids.outcomes.personalise` with the
inputs written in the aid's file, so they change when the aid's figures do; nothing here is
typed by hand.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from decision_aids.draft import review_status
from decision_aids.model import DecisionAid, ExamplePerson
from decision_aids.outcomes import OutcomeFigures, personalise
from decision_aids.summary import figure_words
from decision_aids.summary._view import sentence

#: A figure no source gives, as the brief's table shows it (the aid says why).
NOT_KNOWN = "not known"


@dataclass(frozen=True)
class KeyNumbers:
    """One outcome for one person: each option's figure, as 'x in N' over the time frame."""

    label: str  # 'Have a stroke ... (out of 100, over the next year)'
    figures: tuple[tuple[str, str], ...]  # (option name, '5 in 100')


@dataclass(frozen=True)
class PersonNumbers:
    """An example person, the calculators' summary of them, and their key numbers."""

    description: str
    details: tuple[str, ...]  # 'CHA2DS2-VASc score 4', ...
    outcomes: tuple[KeyNumbers, ...]


@dataclass(frozen=True)
class BriefView:
    """Every fact the brief shows, worded, in reading order."""

    slug: str
    title: str
    review: str  # the aid's review status: every brief of a draft aid says so
    decision: str
    for_whom: str
    options: tuple[str, ...]  # the options' names
    people: tuple[PersonNumbers, ...]
    traps: tuple[str, ...]
    evidence_cannot_tell: tuple[str, ...]
    teach_back: str
    sources: tuple[str, ...]  # the citations behind the key numbers


def _key_numbers(figures: OutcomeFigures) -> KeyNumbers:
    n = figures.denominator
    label = f"{sentence(figures.outcome.label)} (out of {n:,}, {figures.time_frame.phrase})"
    return KeyNumbers(
        label,
        tuple(
            (f.option.name, NOT_KNOWN if f.not_known else figure_words(f, n))
            for f in figures.figures
        ),
    )


def _shown(aid: DecisionAid, person: ExamplePerson, outcome_ids: list[str]) -> list[OutcomeFigures]:
    return [o for o in personalise(aid, person.inputs).outcomes if o.outcome.id in outcome_ids]


def _person(aid: DecisionAid, person: ExamplePerson, outcome_ids: list[str]) -> PersonNumbers:
    return PersonNumbers(
        person.description,
        tuple(a.summary for a in personalise(aid, person.inputs).assessments.values()),
        tuple(_key_numbers(o) for o in _shown(aid, person, outcome_ids)),
    )


def _cited(aid: DecisionAid, outcomes: list[OutcomeFigures]) -> tuple[str, ...]:
    """The citations of the key numbers: the aid's sources, then any calculator's own."""
    citations: dict[str, None] = {}
    for figure in (f for o in outcomes for f in o.figures):
        citations.update(dict.fromkeys(aid.source(i).citation for i in figure.sources))
        if figure.calculator is not None:
            citations[figure.calculator.citation] = None
    return tuple(citations)


def clinician_brief(aid: DecisionAid) -> BriefView | None:
    """The aid's brief with every example person's figures worked out; None without a brief."""
    brief = aid.brief
    if brief is None:
        return None
    return BriefView(
        slug=aid.slug,
        title=aid.title,
        review=review_status(aid.review),
        decision=brief.decision,
        for_whom=brief.for_whom,
        options=tuple(o.name for o in aid.options),
        people=tuple(_person(aid, p, brief.key_outcomes) for p in brief.people),
        traps=tuple(brief.traps),
        evidence_cannot_tell=tuple(brief.evidence_cannot_tell),
        teach_back=brief.teach_back,
        sources=_cited(aid, [o for p in brief.people for o in _shown(aid, p, brief.key_outcomes)]),
    )


def aids_with_briefs(aids: Iterable[DecisionAid]) -> list[DecisionAid]:
    """The aids that have a clinician's brief, by title: what the Learn page offers."""
    return sorted((aid for aid in aids if aid.brief is not None), key=lambda aid: aid.title)
