"""What an aid's page shows, gathered from the library: nothing here computes a clinical figure.

:func:`aid_view` takes an aid and the answers in the page's address and asks the library for
everything: the figures (:func:`decision_aids.outcomes.personalise`), the charts and their words
(:mod:`decision_aids.charts`), which options fit what matters (:func:`decision_aids.values.option_fit`)
and the SURE score (:func:`decision_aids.values.sure_test`). Answers the library cannot use come
back as messages keyed by the form field they belong to, and the page is shown again with them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from markupsafe import Markup

from decision_aids import charts
from decision_aids.calculators import CalculatorInputError
from decision_aids.content import BODY_SECTIONS
from decision_aids.lint import ASK_3_QUESTIONS
from decision_aids.model import DecisionAid, Option
from decision_aids.outcomes import OutcomeFigures, Personalised, personalise
from decision_aids.values import (
    IMPORTANCE_LABELS,
    AnswerError,
    SureResult,
    ValuesResult,
    option_fit,
    parse_importance,
    sure_test,
)
from decision_aids.web.forms import (
    ASK,
    LEANING,
    RATING,
    SURE,
    UNSURE,
    Answers,
    InputField,
    calculator_fields,
)
from decision_aids.web.markdown import list_items, to_html

QUESTIONS_SECTION = "Questions to ask"


@dataclass(frozen=True)
class Provenance:
    """Where one option's figure comes from, as the page lists it."""

    option: Option
    certainty: str
    sources: tuple[int, ...]  # numbers in the aid's list of sources, counting from 1
    how: str


@dataclass(frozen=True)
class OutcomeView:
    figures: OutcomeFigures
    svg: Markup
    text: tuple[str, ...]
    provenance: tuple[Provenance, ...]

    @property
    def id(self) -> str:
        return self.figures.outcome.id


@dataclass(frozen=True)
class AidView:
    """Everything an aid's page and its printable summary show, for one set of answers."""

    aid: DecisionAid
    answers: Answers
    fields: tuple[InputField, ...]
    result: Personalised
    outcomes: tuple[OutcomeView, ...]
    sections: dict[str, Markup]
    questions: tuple[str, ...]
    values: ValuesResult | None
    sure: SureResult | None
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def status_code(self) -> int:
        return 422 if self.errors else 200

    def anchor(self, name: str) -> str | None:
        """The id of the form field called `name`, for links from the list of problems."""
        if name in {f.name for f in self.fields}:
            return f"input-{name}"
        if name.startswith((RATING, SURE)) or name in {ASK, LEANING}:
            return name.replace(".", "-")
        return None

    @property
    def rated(self) -> tuple[tuple[str, str], ...]:
        """Each statement the person rated, with how much it matters in words."""
        ratings = parse_importance(self.aid, self.answers.ratings)
        return tuple(
            (v.statement, IMPORTANCE_LABELS[ratings[v.id]])
            for v in self.aid.values
            if v.id in ratings
        )

    @property
    def asked(self) -> tuple[str, ...]:
        """The questions the person ticked, in the order the page lists them."""
        ticked = set(self.answers.ask)
        return tuple(q for i, q in enumerate(self.questions) if str(i) in ticked)

    @property
    def leaning(self) -> Option | None:
        return next((o for o in self.aid.options if o.id == self.answers.leaning), None)

    @property
    def unsure(self) -> bool:
        return self.answers.leaning == UNSURE


def questions(aid: DecisionAid) -> tuple[str, ...]:
    """The NHS "Ask 3 Questions", then the aid's own list, each once."""
    own = list_items(aid.body.get(QUESTIONS_SECTION, ""))
    return tuple(dict.fromkeys([*ASK_3_QUESTIONS, *own]))


def _outcome_view(aid: DecisionAid, figures: OutcomeFigures) -> OutcomeView:
    number = {source.id: i for i, source in enumerate(aid.sources, start=1)}
    provenance = tuple(
        Provenance(
            f.option,
            f.certainty.value if f.certainty else "",
            tuple(number[s] for s in f.sources),
            f.not_known or f.how,
        )
        for f in figures.figures
    )
    return OutcomeView(
        figures,
        Markup(charts.icon_array_svg(figures)),  # built, and its text escaped, by charts
        tuple(charts.text_alternative(figures).splitlines()),
        provenance,
    )


def _personalised(aid: DecisionAid, answers: Answers, errors: dict[str, str]) -> Personalised:
    if answers.has_inputs:
        try:
            return personalise(aid, answers.inputs)
        except CalculatorInputError as error:
            for problem in error.problems:
                errors.setdefault(problem.field, problem.message)
    return personalise(aid, {})


def _values(aid: DecisionAid, answers: Answers, errors: dict[str, str]) -> ValuesResult | None:
    if not any(v.strip() for v in answers.ratings.values()):
        return None
    try:
        return option_fit(aid, answers.ratings)
    except AnswerError as error:
        errors.update({RATING + key: message for key, message in error.problems.items()})
        return None


def _sure(answers: Answers, errors: dict[str, str]) -> SureResult | None:
    if not answers.has_sure:
        return None
    try:
        return sure_test(answers.sure)
    except AnswerError as error:
        errors.update({SURE + key: message for key, message in error.problems.items()})
        return None


def _choices(aid: DecisionAid, answers: Answers, asked_from: int, errors: dict[str, str]) -> None:
    if answers.leaning not in {"", UNSURE, *(o.id for o in aid.options)}:
        errors[LEANING] = "Choose one of the options, or “I am not sure yet”"
    if any(not (a.isdigit() and int(a) < asked_from) for a in answers.ask):
        errors[ASK] = "Choose questions from the list"


def aid_view(aid: DecisionAid, params: Iterable[tuple[str, str]] = ()) -> AidView:
    """The page for `aid` with the answers in `params` (the address's query).

    Answers the library cannot use are returned in `errors`, keyed by form field, not raised.
    """
    fields = calculator_fields(aid)
    answers = Answers.from_params(params, (f.name for f in fields))
    errors: dict[str, str] = {}
    result = _personalised(aid, answers, errors)
    values = _values(aid, answers, errors)
    sure = _sure(answers, errors)
    asks = questions(aid)
    _choices(aid, answers, len(asks), errors)
    titles = [title for title, _ in BODY_SECTIONS]
    return AidView(
        aid=aid,
        answers=answers,
        fields=tuple(fields),
        result=result,
        outcomes=tuple(_outcome_view(aid, figures) for figures in result.outcomes),
        sections={t: to_html(aid.body[t]) for t in titles if aid.body.get(t)},
        questions=asks,
        values=values,
        sure=sure,
        errors=errors,
    )
