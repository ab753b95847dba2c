"""What an aid's page shows, gathered from the library: nothing here computes a clinical figure.

:func:`aid_view` takes an aid and the answers in the page's address and asks the library for
everything: the summary of the answers (:func:`decision_aids.summary.check_summary`: the
person's figures, which options fit what matters, the SURE score, the option they lean towards),
the options side by side (:func:`decision_aids.option_grid.option_grid`), and the charts and
their words (:mod:`decision_aids.charts`). Answers the library cannot use come back as messages
keyed by the form field they belong to, and the page is shown again with them; answers that only
an old bookmark or an edited address can hold (a choice the form does not offer, a statement the
aid no longer has) are left out with a notice instead, and the page is shown. The printable
summary lays out the library's one summary view (:func:`summary_record`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal, get_args

from markupsafe import Markup

from decision_aids import charts
from decision_aids.address import PARAM, AddressError, unpack
from decision_aids.answers import ASK, UNSURE, Answers
from decision_aids.content import BODY_SECTIONS
from decision_aids.forms import InputField, calculator_fields
from decision_aids.model import DecisionAid, Option
from decision_aids.option_grid import OptionGrid, option_grid
from decision_aids.outcomes import OutcomeFigures
from decision_aids.summary import Link, Problems, Summary, SummaryView, check_summary, summary_view
from decision_aids.texts import ASK_3_QUESTIONS, QUESTIONS_SECTION
from decision_aids.values import SURE_ITEMS
from decision_aids.web.markdown import list_items, to_html

#: How a page shows each outcome's numbers, chosen in its address (``show=``): pictures of
#: people (the default), a bar per option, or the words alone. The words are always there.
Show = Literal["icons", "bars", "words"]
SHOW = "show"
SHOWS: tuple[Show, ...] = get_args(Show)


def chosen_show(params: Iterable[tuple[str, str]]) -> Show:
    """The way of showing numbers the address asks for; pictures if it asks for none we know."""
    asked = [value for name, value in params if name == SHOW]
    return next((s for s in SHOWS if asked and asked[-1] == s), SHOWS[0])


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
    summary: Summary
    grid: OptionGrid
    outcomes: tuple[OutcomeView, ...]
    sections: dict[str, Markup]
    questions: tuple[str, ...]
    errors: dict[str, str] = field(default_factory=dict)
    #: Answers in the address that were left out, each with what was wrong with it.
    left_out: tuple[str, ...] = ()
    show: Show = "icons"

    @property
    def status_code(self) -> int:
        return 422 if self.errors else 200

    def link_params(self) -> list[tuple[str, str]]:
        """The answers to carry in a link, as the form writes them, less questions not listed."""
        asked_from = len(self.questions)
        return [
            (name, value)
            for name, value in self.answers.params()
            if name != ASK or _is_question(value, asked_from)
        ]

    def anchor(self, name: str) -> str | None:
        """The id of the form field called `name`, for links from the list of problems."""
        return f"input-{name}" if name in {f.name for f in self.fields} else None

    @property
    def asked(self) -> tuple[str, ...]:
        """The questions the person ticked, in the order the page lists them."""
        ticked = set(self.answers.ask)
        return tuple(q for i, q in enumerate(self.questions) if str(i) in ticked)

    @property
    def unsure(self) -> bool:
        return self.answers.leaning == UNSURE


def questions(aid: DecisionAid) -> tuple[str, ...]:
    """The NHS "Ask 3 Questions", then the aid's own list, each once."""
    own = list_items(aid.body.get(QUESTIONS_SECTION, ""))
    return tuple(dict.fromkeys([*ASK_3_QUESTIONS, *own]))


def _drawing(figures: OutcomeFigures, show: Show) -> Markup:
    """The outcome's picture, hidden from screen readers: the page writes its words beside it."""
    if show == "words":
        return Markup("")
    draw = charts.icon_array_svg if show == "icons" else charts.bar_svg
    return Markup(draw(figures, words_beside=True))  # built, and its text escaped, by charts


def _outcome_view(aid: DecisionAid, figures: OutcomeFigures, show: Show) -> OutcomeView:
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
        _drawing(figures, show),
        tuple(charts.text_alternative(figures).splitlines()),
        provenance,
    )


def _typed(fields: Iterable[InputField]) -> set[str]:
    """The inputs typed into a box: the only answers a person can get wrong in the form itself."""
    return {f.name for f in fields if not f.choices}


def _problems(
    aid: DecisionAid, problems: Problems, fields: tuple[InputField, ...]
) -> tuple[dict[str, str], tuple[str, ...]]:
    """The problems with typed answers, keyed by their form fields (shown beside them), and the
    answers the form could not have sent, left out, each named with what was wrong."""
    typed = _typed(fields)
    labels = {f.name: f.label for f in fields}
    statements = {v.id: f"“{v.statement}”" for v in aid.values}
    questions = {key: question for key, _, question in SURE_ITEMS}
    errors = {name: message for name, message in problems.inputs.items() if name in typed}
    left_out = [
        f"{labels.get(name, name)}: {message}"
        for name, message in problems.inputs.items()
        if name not in typed
    ]
    left_out += [
        f"{statements.get(k, 'What matters to you')}: {m}" for k, m in problems.importance.items()
    ]
    left_out += [
        f"{questions.get(k, 'How sure do you feel')}: {m}" for k, m in problems.sure.items()
    ]
    if problems.decision:
        left_out.append(f"The option you lean towards: {problems.decision}")
    return errors, tuple(left_out)


def _is_question(answer: str, asked_from: int) -> bool:
    """Whether a ticked question's number is one of the `asked_from` questions listed."""
    return answer.isdigit() and int(answer) < asked_from


def _asked_problem(answers: Answers, asked_from: int) -> tuple[str, ...]:
    if not all(_is_question(a, asked_from) for a in answers.ask):
        return ("Questions to ask: choose questions from the list",)
    return ()


def _unpacked(
    aid: DecisionAid, params: Iterable[tuple[str, str]]
) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """`params` with a packed code's answers written out in its place, and the code's problem."""
    written: list[tuple[str, str]] = []
    problems: dict[str, str] = {}
    for name, value in params:
        if name != PARAM:
            written.append((name, value))
            continue
        try:
            written += unpack(aid, value)
        except AddressError as error:
            problems[PARAM] = str(error)
    return written, problems


def summary_record(view: AidView, aid_url: str) -> SummaryView:
    """The printable summary of the page's answers: the library's one summary view, with the way
    back to the aid (`aid_url`, holding the same answers) and the questions the person ticked."""
    return summary_view(
        view.summary, links=(Link("This aid, with my answers", aid_url),), questions=view.asked
    )


def aid_view(aid: DecisionAid, params: Iterable[tuple[str, str]] = ()) -> AidView:
    """The page for `aid` with the answers in `params` (the address's query).

    Answers the library cannot use are not raised: typed ones are returned in `errors`, keyed by
    form field; the others (which only an old or edited address can hold) in `left_out`.
    Answers packed into one code (``a=``, see :mod:`decision_aids.address`) are read as if
    written out; a code that cannot be read is left out with its reason, and gives no answers.
    """
    fields = calculator_fields(aid)
    params, unreadable = _unpacked(aid, params)
    show = chosen_show(params)
    answers = Answers.from_params(params, (f.name for f in fields))
    summary, problems = check_summary(
        aid,
        answers.inputs,
        importance=answers.ratings,
        sure_answers=answers.sure,
        decision=None if answers.leaning == UNSURE else answers.leaning,
    )
    asks = questions(aid)
    titles = [title for title, _ in BODY_SECTIONS]
    errors, left_out = _problems(aid, problems, tuple(fields))
    return AidView(
        aid=aid,
        answers=answers,
        fields=tuple(fields),
        summary=summary,
        grid=option_grid(aid),
        outcomes=tuple(_outcome_view(aid, f, show) for f in summary.personalised.outcomes),
        sections={t: to_html(aid.body[t]) for t in titles if aid.body.get(t)},
        questions=asks,
        errors=errors,
        left_out=tuple(unreadable.values()) + left_out + _asked_problem(answers, len(asks)),
        show=show,
    )
