"""Checks of an aid that need more than its own text: the calculators it names, and the arithmetic.

The model (:mod:`decision_aids.model`) checks what an aid says about itself. These checks look
outside it, so they live above both the model and the calculators (the model never imports the
calculator registry): that every calculator an aid names exists and has the outputs it uses, and
that no figure can come out above certainty for anybody. The loader
(:mod:`decision_aids.content`) runs them after the model's own checks; each problem comes with
the path of the field at fault and what to do, like :func:`decision_aids.model.reference_errors`.
"""

from __future__ import annotations

from collections.abc import Iterator

from decision_aids import risk
from decision_aids.calculators import CALCULATORS, CalculatorInputError
from decision_aids.model import (
    Baseline,
    Brief,
    DecisionAid,
    EffectMeasure,
    FieldPath,
    FigureQuestion,
    Outcome,
    ReferenceError_,
    WithEffect,
)
from decision_aids.outcomes import Personalised, applied_ratio, personalise

__all__ = ["figure_errors", "highest_baseline"]


def figure_errors(aid: DecisionAid) -> list[ReferenceError_]:
    """Every calculator reference that does not resolve, and every figure that could pass 1."""
    problems = list(_calculator_references(aid))
    if not problems:
        problems += _beyond_certainty(aid)
    if not problems and aid.brief is not None:
        problems += _brief_figures(aid, aid.brief)
    return problems


def _calculator_references(aid: DecisionAid) -> Iterator[ReferenceError_]:
    known = f"use one of: {', '.join(sorted(CALCULATORS))}"
    for calc_id in aid.personalisation:
        if calc_id not in CALCULATORS:
            yield ("personalisation",), f"'{calc_id}' is not a known calculator", known
    for i, outcome in enumerate(aid.outcomes):
        base = outcome.baseline
        if base is None or base.calculator is None:
            continue
        path: FieldPath = ("outcomes", i, "baseline")
        calc = CALCULATORS.get(base.calculator)
        if calc is None:
            yield (*path, "calculator"), f"'{base.calculator}' is not a known calculator", known
        elif base.output not in calc.outputs:
            yield (
                (*path, "output"),
                f"{calc.id} has no output '{base.output}'",
                f"use one of: {', '.join(calc.outputs)}",
            )
        elif base.calculator not in aid.personalisation:
            yield (
                (*path, "calculator"),
                f"'{base.calculator}' is not listed in `personalisation`",
                "add it to `personalisation` so its inputs are asked for",
            )


def highest_baseline(outcome: Outcome) -> tuple[float, str] | None:
    """The largest chance the outcome's baseline can take over its time frame, and what it is.

    A fixed baseline is itself; a calculator's is the largest probability its output can give
    anyone (:attr:`~decision_aids.calculators.CalculatorOutput.highest`), rescaled to the
    outcome's time frame as the figures are. None where the outcome has no baseline.
    """
    base: Baseline | None = outcome.baseline
    if base is None:
        return None
    if base.calculator is not None and base.output is not None:
        spec = CALCULATORS[base.calculator].outputs[base.output]
        highest = float(risk.rescale(spec.highest, spec.time_frame.years, outcome.time_frame.years))
        return highest, f"the highest {base.calculator} gives anyone over {outcome.time_frame}"
    assert base.value is not None
    if base.per is not None:
        value = float(risk.rescale(base.value, base.per.years, outcome.time_frame.years))
        return value, f"the baseline over {outcome.time_frame}"
    return base.value, "the baseline"


def _beyond_certainty(aid: DecisionAid) -> Iterator[ReferenceError_]:
    """Relative risks that would take somebody's chance above 1, which `risk` refuses to cap.

    Only a relative risk can: a hazard ratio or odds ratio keeps any chance below 1 below 1.
    """
    for i, outcome in enumerate(aid.outcomes):
        top = highest_baseline(outcome)
        if top is None:
            continue
        highest, what = top
        for key, figure in outcome.options.items():
            if not isinstance(figure, WithEffect):
                continue
            effect = figure.effect
            if effect.measure is not EffectMeasure.RELATIVE_RISK:
                continue
            ratio, _, high = applied_ratio(effect)
            largest = ratio if high is None else high
            if highest * largest > 1:
                yield (
                    ("outcomes", i, "options", key, "effect"),
                    f"a relative risk of {largest:.3g} on {what} ({highest:.3g}) gives a chance "
                    f"of {highest * largest:.3g}, above 1",
                    "a relative risk measured in people at lower risk cannot be carried over to "
                    "people at this risk: use the source's odds ratio or hazard ratio, or a figure "
                    "for people at this risk",
                )


def _brief_figures(aid: DecisionAid, brief: Brief) -> Iterator[ReferenceError_]:
    """Each example person's inputs are usable, and every figure question has a figure to ask."""
    people: dict[str, Personalised] = {}
    for i, person in enumerate(brief.people):
        try:
            people[person.id] = personalise(aid, person.inputs)
        except CalculatorInputError as error:
            for problem in error.problems:
                yield (
                    ("brief", "people", i, "inputs", problem.field),
                    problem.message,
                    "give the input as `decision-aids show` names it, within its range",
                )
    for i, question in enumerate(brief.self_check):
        if not isinstance(question, FigureQuestion) or question.person not in people:
            continue
        result = people[question.person]
        outcome = next(o for o in result.outcomes if o.outcome.id == question.outcome)
        for option_id in filter(None, (question.option, question.compared_with)):
            figure = next(f for f in outcome.figures if f.option.id == option_id)
            if figure.count is None:
                yield (
                    ("brief", "self_check", i),
                    f"'{question.person}' has no figure for {option_id} on {question.outcome}",
                    "ask about a figure that is known; where it comes from a calculator, give "
                    "the person every input it needs",
                )
