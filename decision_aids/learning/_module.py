"""The general module: shared decision making and talking about risk, with worked examples.

``content/learning/general-module.md`` holds it: YAML front matter (the example people, each
from a real aid, the worked examples, the self-check and the sources) and a Markdown body under
``##`` headings, one per topic. Every number an example shows is worked out from its aid's own
figures (:func:`decision_aids.outcomes.personalise`), so it changes when the aid does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import Field, ValidationError

from decision_aids import charts
from decision_aids.calculators import CalculatorInputError
from decision_aids.content import content_dir
from decision_aids.learning._questions import Question, worded
from decision_aids.model import (
    DecisionAid,
    ExamplePerson,
    FigureQuestion,
    Identifier,
    SelfCheckQuestion,
    Slug,
    Source,
    Text,
    _Strict,
)
from decision_aids.outcomes import OutcomeFigures, personalise
from decision_aids.summary import figure_words

#: What a worked example shows of one outcome for one person.
Show = Literal["frequencies", "framing", "relative", "icons", "certainty"]


class ModulePerson(ExamplePerson):
    """An example person of the module, and the aid whose figures describe them."""

    aid: Slug


class Example(_Strict):
    """A worked example under one of the body's sections, its figures from a real aid."""

    section: Text = Field(description="The `##` heading of the section it belongs to.")
    text: Text = Field(description="What the example shows, in words, with no figure in it.")
    person: Identifier
    outcome: Identifier
    show: Show
    option: Identifier | None = Field(
        default=None, description="For framing and relative: the option to describe."
    )
    compared_with: Identifier | None = Field(
        default=None, description="For relative: the option it is compared with."
    )


class Module(_Strict):
    """The general module's front matter, with its body's sections."""

    title: Text
    minutes: Annotated[int, Field(ge=1, le=60)]
    people: Annotated[list[ModulePerson], Field(min_length=1)]
    examples: list[Example] = Field(default_factory=list)
    self_check: list[SelfCheckQuestion] = Field(default_factory=list)
    sources: Annotated[list[Source], Field(min_length=1)]
    sections: dict[str, str] = Field(default={}, description="Filled from the Markdown body.")


@dataclass(frozen=True)
class WorkedExample:
    """An example as a learner reads it: the words, the worked figures, and the outcome's figures
    (for an icon array)."""

    text: str
    aid_title: str
    person: str
    lines: tuple[str, ...]
    figures: OutcomeFigures
    icons: bool


@dataclass(frozen=True)
class Section:
    title: str
    markdown: str
    examples: tuple[WorkedExample, ...]


@dataclass(frozen=True)
class LearningModule:
    """The module ready to read: sections with worked examples, and its self-check."""

    title: str
    minutes: int
    sections: tuple[Section, ...]
    questions: tuple[Question, ...]
    sources: tuple[Source, ...]


class ModuleError(ValueError):
    """The module file cannot be used; the message names the file and each problem."""


def module_path() -> Path:
    return content_dir() / "learning" / "general-module.md"


_FRONT = re.compile(r"\A---\n(.*?)\n---\n(.*)\Z", re.DOTALL)
_HEADING = re.compile(r"^## (.+)$", re.MULTILINE)


def _sections(body: str) -> dict[str, str]:
    parts = _HEADING.split(body)
    return {
        title.strip(): text.strip() for title, text in zip(parts[1::2], parts[2::2], strict=True)
    }


def _read(path: Path) -> Module:
    match = _FRONT.match(path.read_text(encoding="utf-8"))
    if match is None:
        raise ModuleError(f"{path}: start with a '---' line, the YAML fields, then another '---'")
    data = yaml.safe_load(match[1])
    try:
        return Module.model_validate({**data, "sections": _sections(match[2])})
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors(include_url=False)
        )
        raise ModuleError(f"{path}: {problems}") from None


def _figures(aid: DecisionAid, person: ModulePerson, outcome_id: str) -> OutcomeFigures:
    result = personalise(aid, person.inputs)
    return next(o for o in result.outcomes if o.outcome.id == outcome_id)


def _count(figures: OutcomeFigures, option_id: str) -> tuple[str, int, float]:
    figure = next(f for f in figures.figures if f.option.id == option_id)
    if figure.count is None or figure.probability is None:
        raise ModuleError(f"there is no figure for '{option_id}' to show in the example")
    return figure.option.name, figure.count, figure.probability


def _lines(example: Example, figures: OutcomeFigures) -> tuple[str, ...]:
    """The worked figures of one example, worded."""
    n, phrase, label = figures.denominator, figures.time_frame.phrase, figures.outcome.label
    if example.show in {"frequencies", "icons"}:
        return tuple(charts.text_alternative(figures).splitlines())
    if example.show == "certainty":
        return tuple(
            f"{f.option.name}: {figure_words(f, n, phrase)}; how sure we can be: "
            f"{f.certainty.value if f.certainty else 'no figure'} ({f.how})."
            for f in figures.figures
        )
    assert example.option is not None
    name, count, _ = _count(figures, example.option)
    if example.show == "framing":
        return (
            f"Out of {n:,} people like them, {count} will {label} {phrase} with “{name}”, "
            f"and {n - count} will not.",
        )
    assert example.compared_with is not None
    other, other_count, other_p = _count(figures, example.compared_with)
    _, _, p = _count(figures, example.option)
    change = round(abs(1 - p / other_p) * 100)
    direction = "lower" if p < other_p else "higher"
    return (
        f"Relative: “{name}” against “{other}” is a {change}% {direction} chance.",
        f"Absolute: {count} in {n:,} with “{name}” and {other_count} in {n:,} with “{other}”, "
        f"{phrase}: a difference of {abs(count - other_count)} in {n:,}.",
    )


def _problems(module: Module, aids: Mapping[str, DecisionAid]) -> Iterator[str]:
    yield from _people_problems(module, aids)
    yield from _reference_problems(module, aids)
    yield from _example_problems(module)


def _people_problems(module: Module, aids: Mapping[str, DecisionAid]) -> Iterator[str]:
    for person in module.people:
        if person.aid not in aids:
            yield f"people.{person.id}: there is no aid '{person.aid}'"
            continue
        try:
            personalise(aids[person.aid], person.inputs)
        except CalculatorInputError as error:
            yield f"people.{person.id}.inputs: {error}"


def _reference_problems(module: Module, aids: Mapping[str, DecisionAid]) -> Iterator[str]:
    people = {p.id: p for p in module.people}
    uses = [*module.examples, *(q for q in module.self_check if isinstance(q, FigureQuestion))]
    for use in uses:
        person = people.get(use.person)
        if person is None or person.aid not in aids:
            yield f"'{use.person}' is not one of the module's people with a known aid"
            continue
        aid = aids[person.aid]
        if use.outcome not in {o.id for o in aid.outcomes}:
            yield f"{aid.slug} has no outcome '{use.outcome}'"
        for option in filter(None, (use.option, use.compared_with)):
            if option not in {o.id for o in aid.options}:
                yield f"{aid.slug} has no option '{option}'"


def _example_problems(module: Module) -> Iterator[str]:
    for example in module.examples:
        if example.section not in module.sections:
            yield f"the example for '{example.section}' has no '## {example.section}' section"
        if example.show in {"framing", "relative"} and example.option is None:
            yield f"a '{example.show}' example names its `option`"
        if example.show == "relative" and example.compared_with is None:
            yield "a 'relative' example names the option it is `compared_with`"
    source_ids = {s.id for s in module.sources}
    for question in module.self_check:
        if not isinstance(question, FigureQuestion) and question.source not in source_ids:
            yield f"the source '{question.source}' is not in `sources`"


def load_module(aids: Mapping[str, DecisionAid], path: Path | None = None) -> LearningModule:
    """The general module, its examples and self-check worked out from `aids` (by slug).

    Raises ModuleError naming the file and every problem: a person, aid, outcome, option,
    section or source that does not exist, or an input out of range.
    """
    path = path or module_path()
    module = _read(path)
    problems = list(_problems(module, aids))
    if problems:
        raise ModuleError(f"{path}: " + "; ".join(problems))
    people = {p.id: (aids[p.aid], p) for p in module.people}
    worked: dict[str, list[WorkedExample]] = {}
    for example in module.examples:
        aid, person = people[example.person]
        figures = _figures(aid, person, example.outcome)
        worked.setdefault(example.section, []).append(
            WorkedExample(
                example.text,
                aid.title,
                person.description,
                _lines(example, figures),
                figures,
                example.show == "icons",
            )
        )
    try:
        questions = worded(module.self_check, module.sources, people)
    except ValueError as error:
        raise ModuleError(f"{path}: {error}") from None
    return LearningModule(
        module.title,
        module.minutes,
        tuple(
            Section(title, text, tuple(worked.get(title, ())))
            for title, text in module.sections.items()
        ),
        questions,
        tuple(module.sources),
    )
