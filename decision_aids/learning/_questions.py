"""Self-check questions as a learner sees them, and their scoring.

A question written with choices is shown as written. A figure question (``ask: count`` or
``ask: difference``) is worded here and its answer worked out from the aid's own figures for an
example person (:func:`decision_aids.outcomes.personalise`), so the correct answer changes when a
figure in the aid does. :func:`score` marks a learner's answers and says why each is right.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from decision_aids.model import (
    ChoiceQuestion,
    DecisionAid,
    ExamplePerson,
    FigureQuestion,
    SelfCheckQuestion,
    Source,
)
from decision_aids.outcomes import OptionFigure, OutcomeFigures, personalise
from decision_aids.summary import figure_words

#: The pass mark of a self-check, as a share of its questions (four of five).
PASS_MARK = 0.8


@dataclass(frozen=True)
class Question:
    """One self-check question, worded, with its correct answer and the feedback on it."""

    text: str
    choices: tuple[str, ...]  # empty for a question answered with a number
    answer: int  # the correct number, or the index of the correct choice
    why: str  # the feedback: why the answer is what it is
    source: str  # where the answer comes from

    @property
    def numeric(self) -> bool:
        return not self.choices

    @property
    def answer_text(self) -> str:
        return str(self.answer) if self.numeric else self.choices[self.answer]


@dataclass(frozen=True)
class Marked:
    """A learner's answer to one question: right or not, and why."""

    question: Question
    given: int | None  # None: not answered
    correct: bool

    @property
    def feedback(self) -> str:
        if self.given is None:
            lead = f"Not answered. The answer is {self.question.answer_text}."
        elif self.correct:
            lead = "Correct."
        else:
            lead = f"Not quite: the answer is {self.question.answer_text}."
        return f"{lead} {self.question.why}"


@dataclass(frozen=True)
class Score:
    """A self-check marked: how many right out of how many, and each answer's feedback."""

    marked: tuple[Marked, ...]

    @property
    def right(self) -> int:
        return sum(m.correct for m in self.marked)

    @property
    def total(self) -> int:
        return len(self.marked)

    @property
    def passed(self) -> bool:
        return self.total > 0 and self.right >= PASS_MARK * self.total

    @property
    def summary(self) -> str:
        verdict = "passed" if self.passed else f"to pass, get {_needed(self.total)} right"
        return f"{self.right} of {self.total} right: {verdict}."


def _needed(total: int) -> int:
    """The fewest right answers that reach the pass mark."""
    return next(n for n in range(total + 1) if n >= PASS_MARK * total)


def _figure(outcome: OutcomeFigures, option_id: str) -> OptionFigure:
    return next(f for f in outcome.figures if f.option.id == option_id)


def _known_count(figure: OptionFigure) -> int:
    if figure.count is None:
        raise ValueError(
            f"there is no figure for '{figure.option.id}' to ask about; the loader refuses "
            "such a question, so load the aid with decision_aids.content"
        )
    return figure.count


def _figure_question(aid: DecisionAid, person: ExamplePerson, question: FigureQuestion) -> Question:
    """A count or difference question worded, and answered from the aid's own figures."""
    result = personalise(aid, person.inputs)
    outcome = next(o for o in result.outcomes if o.outcome.id == question.outcome)
    n, phrase, label = outcome.denominator, outcome.time_frame.phrase, outcome.outcome.label
    mine = _figure(outcome, question.option)
    details = "; ".join(a.summary for a in result.assessments.values())
    who = person.description + (f" ({details})" if details else "")
    extra = f" {question.why}" if question.why else ""
    source = f"Worked out from this aid's figures ({aid.slug}) for {person.description}."
    if question.compared_with is None:
        count = _known_count(mine)
        return Question(
            f"{who}. Out of {n:,} people like them, how many will {label} {phrase} with "
            f"“{mine.option.name}”?",
            (),
            count,
            f"The aid shows {figure_words(mine, n, phrase)} ({mine.how}).{extra}",
            source,
        )
    theirs = _figure(outcome, question.compared_with)
    a, b = _known_count(mine), _known_count(theirs)
    difference = (
        f"{abs(a - b)} {'fewer' if a < b else 'more'} in {n:,}" if a != b else "no difference"
    )
    return Question(
        f"{who}. Out of {n:,} people like them, how many more or fewer will {label} {phrase} "
        f"with “{mine.option.name}” than with “{theirs.option.name}”? Give the size of the "
        "difference.",
        (),
        abs(a - b),
        f"{a} in {n:,} with “{mine.option.name}” and {b} in {n:,} with "
        f"“{theirs.option.name}”: {difference}, {phrase}.{extra}",
        source,
    )


def _choice_question(question: ChoiceQuestion, sources: Sequence[Source]) -> Question:
    source = next(s for s in sources if s.id == question.source)
    return Question(
        question.question,
        tuple(c.text for c in question.choices),
        next(i for i, c in enumerate(question.choices) if c.correct),
        question.why,
        f"{source.citation} {source.url}",
    )


def worded(
    questions: Sequence[SelfCheckQuestion],
    sources: Sequence[Source],
    people: Mapping[str, tuple[DecisionAid, ExamplePerson]],
) -> tuple[Question, ...]:
    """Questions as a learner sees them. `people` gives each person id its aid and person."""
    return tuple(
        _choice_question(q, sources)
        if isinstance(q, ChoiceQuestion)
        else _figure_question(*people[q.person], q)
        for q in questions
    )


def self_check(aid: DecisionAid) -> tuple[Question, ...]:
    """The aid's self-check, its figure questions answered from its own figures (none without
    a brief)."""
    if aid.brief is None:
        return ()
    people = {p.id: (aid, p) for p in aid.brief.people}
    return worded(aid.brief.self_check, [*aid.sources, *aid.brief.sources], people)


def score(questions: Sequence[Question], answers: Sequence[int | None]) -> Score:
    """Mark `answers` (a number, or the index of a choice; None where unanswered) in order."""
    if len(answers) != len(questions):
        raise ValueError(
            f"give one answer per question (None for one not answered): there are "
            f"{len(questions)} questions and {len(answers)} answers"
        )
    return Score(
        tuple(
            Marked(q, given, given is not None and given == q.answer)
            for q, given in zip(questions, answers, strict=True)
        )
    )
