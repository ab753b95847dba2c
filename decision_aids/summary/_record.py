"""What a summary holds, gathered from the library alone, and every answer that could not be used.

:func:`check_summary` validates each part on its own (the person's calculator inputs, how much
each "what matters to me" statement matters, the SURE test, the decision) and returns the
:class:`Summary` of what could be used together with the :class:`Problems` of what could not,
keyed by part and field, so that a page can show each message beside its own field.
:func:`build_summary` is the strict form: it raises :class:`SummaryError` on any problem.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from decision_aids.calculators import CalculatorInputError, CalculatorOutput
from decision_aids.model import DecisionAid, Option, Source
from decision_aids.outcomes import Personalised, personalise
from decision_aids.values import (
    IMPORTANCE_LABELS,
    AnswerError,
    SureResult,
    ValuesResult,
    option_fit,
    parse_importance,
    sure_test,
)

NOT_DECIDED = "not decided yet"


@dataclass(frozen=True)
class Citation:
    """A reference as a summary lists it."""

    citation: str
    url: str


@dataclass(frozen=True)
class Link:
    """A link the person takes home with the summary (drawn with a QR code where printed)."""

    label: str
    url: str


@dataclass(frozen=True)
class Summary:
    """What was discussed, the person's numbers, what matters to them, how sure they feel, and the
    decision. No name, NHS number or other identifier is ever part of it."""

    aid: DecisionAid
    personalised: Personalised
    ratings: Mapping[str, int]  # value statement id -> 0..4, only the statements rated
    values: ValuesResult | None
    sure: SureResult | None
    decision: Option | None
    date: dt.date

    @property
    def decision_text(self) -> str:
        return self.decision.name if self.decision else NOT_DECIDED

    @property
    def rated(self) -> tuple[tuple[str, str], ...]:
        """Each statement the person rated, with how much it matters in words, in the aid's order."""
        return tuple(
            (v.statement, IMPORTANCE_LABELS[self.ratings[v.id]])
            for v in self.aid.values
            if v.id in self.ratings
        )

    @property
    def sources(self) -> tuple[Source, ...]:
        """The aid's sources behind the figures shown, in the order the aid lists them."""
        cited = {s for o in self.personalised.outcomes for f in o.figures for s in f.sources}
        return tuple(s for s in self.aid.sources if s.id in cited)

    @property
    def calculators(self) -> tuple[CalculatorOutput, ...]:
        """The calculator outputs behind the figures shown (for example QRISK3), each once."""
        found = (f.calculator for o in self.personalised.outcomes for f in o.figures)
        return tuple(dict.fromkeys(c for c in found if c is not None))

    @property
    def citations(self) -> tuple[Citation, ...]:
        """Every reference behind the figures: the aid's sources, then the calculators'."""
        return tuple(Citation(s.citation, str(s.url)) for s in self.sources) + tuple(
            Citation(c.citation, c.url) for c in self.calculators
        )


@dataclass(frozen=True)
class Problems:
    """Answers that could not be used, by part; each maps a field to what is wrong with it.

    The fields are the calculator inputs' names, the value statements' ids and the SURE items'
    keys (see :data:`decision_aids.values.SURE_ITEMS`).
    """

    inputs: Mapping[str, str] = field(default_factory=dict)
    importance: Mapping[str, str] = field(default_factory=dict)
    sure: Mapping[str, str] = field(default_factory=dict)
    decision: str | None = None

    def __bool__(self) -> bool:
        return bool(self.inputs or self.importance or self.sure or self.decision)

    def messages(self) -> list[str]:
        """Every message, in the order the parts are asked for."""
        found = [*self.inputs.values(), *self.importance.values(), *self.sure.values()]
        return found + ([self.decision] if self.decision else [])


class SummaryError(ValueError):
    """Raised by :func:`build_summary`; `problems` says what is wrong, part by part."""

    def __init__(self, problems: Problems):
        self.problems = problems
        super().__init__("; ".join(problems.messages()))


def _given(answers: Mapping[str, Any] | None) -> bool:
    return any(str(v).strip() for v in (answers or {}).values())


def _personalised(
    aid: DecisionAid, inputs: Mapping[str, Any] | None
) -> tuple[Personalised, dict[str, str]]:
    """The figures from every usable input; an input that cannot be used is left out, as if not
    known (so a figure that depends on it is a range), and its problem returned."""
    try:
        return personalise(aid, inputs or {}), {}
    except CalculatorInputError as error:
        problems: dict[str, str] = {}
        for problem in error.problems:
            problems.setdefault(problem.field, problem.message)
    usable = {k: v for k, v in (inputs or {}).items() if k not in problems}
    try:
        return personalise(aid, usable), problems
    except CalculatorInputError:  # a problem with the answers together, not with one of them
        return personalise(aid), problems


def _values(
    aid: DecisionAid, importance: Mapping[str, Any] | None
) -> tuple[dict[str, int], ValuesResult | None, dict[str, str]]:
    """The usable ratings and what they lean towards; the others are left out, their problems
    returned."""
    if not _given(importance):
        return {}, None, {}
    assert importance is not None
    try:
        return parse_importance(aid, importance), option_fit(aid, importance), {}
    except AnswerError as error:
        problems = error.problems
    usable = {k: v for k, v in importance.items() if k not in problems}
    ratings, values, _ = _values(aid, usable)
    return ratings, values, problems


def _sure(answers: Mapping[str, Any] | None) -> tuple[SureResult | None, dict[str, str]]:
    """The SURE test from its usable answers (some may be unanswered); the others are left out,
    their problems returned."""
    if not _given(answers):
        return None, {}
    assert answers is not None
    try:
        return sure_test(answers), {}
    except AnswerError as error:
        problems = error.problems
    result, _ = _sure({k: v for k, v in answers.items() if k not in problems})
    return result, problems


def _decision(aid: DecisionAid, decision: str | None) -> tuple[Option | None, str | None]:
    if not decision:
        return None, None
    if decision not in {o.id for o in aid.options}:
        names = ", ".join(o.name for o in aid.options)
        return None, f"choose one of the options ({names}), not '{decision}'"
    return aid.option(decision), None


def check_summary(
    aid: DecisionAid,
    inputs: Mapping[str, Any] | None = None,
    *,
    importance: Mapping[str, Any] | None = None,
    sure_answers: Mapping[str, Any] | None = None,
    decision: str | None = None,
    today: dt.date | None = None,
) -> tuple[Summary, Problems]:
    """The summary of what can be used, and the problems with what cannot; never raises for them.

    Parameters
    ----------
    aid
        The aid discussed.
    inputs
        The person's calculator inputs by name (text from a form is fine; blank or "unknown" is
        not known). An input that cannot be used is left out, as if not known.
    importance
        How much each value statement matters, by statement id (0 to 4; blank is not rated). A
        rating that cannot be used is left out.
    sure_answers
        The SURE test's answers by item key ("yes" or "no"; blank is not answered yet). An
        answer that cannot be used is left out.
    decision
        The id of the option chosen, or None (or "") for not decided yet.
    today
        The date of the conversation; today by default.
    """
    personalised, input_problems = _personalised(aid, inputs)
    ratings, values, importance_problems = _values(aid, importance)
    sure, sure_problems = _sure(sure_answers)
    chosen, decision_problem = _decision(aid, decision)
    summary = Summary(
        aid=aid,
        personalised=personalised,
        ratings=ratings,
        values=values,
        sure=sure,
        decision=chosen,
        date=today or dt.date.today(),
    )
    return summary, Problems(input_problems, importance_problems, sure_problems, decision_problem)


def build_summary(
    aid: DecisionAid,
    inputs: Mapping[str, Any] | None = None,
    *,
    importance: Mapping[str, Any] | None = None,
    sure_answers: Mapping[str, Any] | None = None,
    decision: str | None = None,
    today: dt.date | None = None,
) -> Summary:
    """Like :func:`check_summary`, but any answer that cannot be used raises :class:`SummaryError`."""
    summary, problems = check_summary(
        aid,
        inputs,
        importance=importance,
        sure_answers=sure_answers,
        decision=decision,
        today=today,
    )
    if problems:
        raise SummaryError(problems)
    return summary
