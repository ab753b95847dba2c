"""An aid's outcomes for one person: calculators give the baselines, `risk` does the arithmetic.

Pages, charts, summaries and the command line show what :func:`personalise` returns and compute
nothing clinical themselves.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from decision_aids import risk
from decision_aids.calculators import (
    CALCULATORS,
    Assessment,
    CalculatorInputError,
    CalculatorInputs,
    CalculatorOutput,
    InputProblem,
)
from decision_aids.model import (
    Certainty,
    DecisionAid,
    DirectProbability,
    Effect,
    FromBaseline,
    NotKnown,
    Option,
    Outcome,
    TimeFrame,
    WithEffect,
)


@dataclass(frozen=True)
class OptionFigure:
    """One option's figure for one outcome, ready to show."""

    option: Option
    probability: float | None
    interval: tuple[float, float] | None
    count: int | None
    count_interval: tuple[int, int] | None
    not_known: str | None
    how: str
    sources: tuple[str, ...]  # ids in the aid's list of sources
    certainty: Certainty | None
    #: The calculator output the baseline came from, with its own citation (not an aid source).
    calculator: CalculatorOutput | None = None


@dataclass(frozen=True)
class OutcomeFigures:
    outcome: Outcome
    figures: tuple[OptionFigure, ...]
    waiting_for: str | None = None  # the calculator whose inputs are needed, if any

    @property
    def time_frame(self) -> TimeFrame:
        return self.outcome.time_frame

    @property
    def denominator(self) -> int:
        return self.outcome.denominator


@dataclass(frozen=True)
class Personalised:
    """Every outcome of an aid, for one person (or for nobody yet, where inputs are missing)."""

    aid: DecisionAid
    inputs: Mapping[str, CalculatorInputs]
    assessments: Mapping[str, Assessment]
    outcomes: tuple[OutcomeFigures, ...]


def input_fields(aid: DecisionAid) -> dict[str, Any]:
    """The input fields the aid's calculators ask for, by name (shared names are asked once)."""
    fields: dict[str, Any] = {}
    for calc_id in aid.personalisation:
        for name, info in CALCULATORS[calc_id].inputs.model_fields.items():
            fields.setdefault(name, info)
    return fields


def parse_inputs(aid: DecisionAid, raw: Mapping[str, Any]) -> dict[str, CalculatorInputs]:
    """Validate raw inputs for every calculator of the aid; raise CalculatorInputError listing all."""
    raw = {k: v for k, v in raw.items() if not (isinstance(v, str) and not v.strip())}
    if not raw:
        return {}
    known = input_fields(aid)
    problems = [
        InputProblem(
            name,
            f"'{name}' is not an input of this aid; use one of: "
            + (", ".join(known) or "(none: this aid has no personal inputs)"),
        )
        for name in raw
        if name not in known
    ]
    parsed: dict[str, CalculatorInputs] = {}
    for calc_id in aid.personalisation:
        calc = CALCULATORS[calc_id]
        mine = {k: v for k, v in raw.items() if k in calc.inputs.model_fields}
        try:
            parsed[calc_id] = calc.parse(mine)
        except CalculatorInputError as error:
            problems.extend(p for p in error.problems if p not in problems)
    if problems:
        raise CalculatorInputError(problems)
    return parsed


def _counts(
    probability: float, interval: tuple[float, float] | None, denominator: int
) -> tuple[int, tuple[int, int] | None]:
    count = int(risk.frequency(probability, denominator))
    if interval is None:
        return count, None
    return count, (
        int(risk.frequency(interval[0], denominator)),
        int(risk.frequency(interval[1], denominator)),
    )


@dataclass(frozen=True)
class _Baseline:
    """The chance without an option's effect, over the outcome's time frame, and its provenance."""

    probability: float | None
    how: str = ""
    sources: tuple[str, ...] = ()
    certainty: Certainty | None = None
    calculator: CalculatorOutput | None = None


def _baseline(outcome: Outcome, assessments: Mapping[str, Assessment]) -> _Baseline:
    """The baseline probability over the outcome's time frame, how it was found, and its source."""
    base = outcome.baseline
    if base is None:
        return _Baseline(None)
    if base.calculator is not None:
        assessment = assessments.get(base.calculator)
        if assessment is None:
            return _Baseline(None)
        spec = CALCULATORS[base.calculator].outputs[base.output]
        probability = float(
            risk.rescale(
                assessment.probabilities[base.output],
                spec.time_frame.years,
                outcome.time_frame.years,
            )
        )
        return _Baseline(
            probability, f"from {assessment.summary}", (), spec.certainty, calculator=spec
        )
    if base.per is None:
        return _Baseline(base.value, _read(base.derived), (base.source,), base.certainty)
    probability = float(risk.rescale(base.value, base.per.years, outcome.time_frame.years))
    return _Baseline(probability, f"rescaled from {base.per}", (base.source,), base.certainty)


def applied_ratio(effect: Effect) -> tuple[float, float | None, float | None]:
    """The ratio (and its interval) as applied to the outcome's baseline: turned round where the
    source published it the other way (`inverted`)."""
    low, high = (effect.interval.low, effect.interval.high) if effect.interval else (None, None)
    if not effect.inverted:
        return effect.value, low, high
    ratio, low_, high_ = risk.turn_round(effect.value, low, high)
    return float(ratio), _float_or_none(low_), _float_or_none(high_)


def _float_or_none(value: float | None) -> float | None:
    return None if value is None else float(value)


def _read(derived: bool) -> str:
    return "worked out by the authors from the source" if derived else "read from the source"


def outcome_figures(
    aid: DecisionAid, outcome: Outcome, assessments: Mapping[str, Assessment]
) -> OutcomeFigures:
    base = _baseline(outcome, assessments)
    base_p = base.probability
    waiting = (
        outcome.baseline.calculator
        if outcome.baseline and outcome.baseline.calculator and base_p is None
        else None
    )
    figures = []
    for option in aid.options:
        spec = outcome.options[option.id]
        p: float | None = None
        interval: tuple[float, float] | None = None
        not_known = None
        calculator = None
        if isinstance(spec, NotKnown):
            not_known, how, sources, certainty = spec.not_known, "no figure", (), None
        elif isinstance(spec, DirectProbability):
            p, how, sources, certainty = (
                spec.probability,
                _read(spec.derived),
                (spec.source,),
                spec.certainty,
            )
            interval = (spec.interval.low, spec.interval.high) if spec.interval else None
        elif isinstance(spec, FromBaseline):
            p, how, sources, certainty = base_p, base.how, base.sources, base.certainty
            calculator = base.calculator
        else:
            assert isinstance(spec, WithEffect)
            effect = spec.effect
            ratio, low, high = applied_ratio(effect)
            how = f"{effect.measure} {ratio:.3g} applied to the chance without it"
            if effect.derived:
                how += " (the ratio was worked out by the authors)"
            sources, certainty = (*base.sources, effect.source), effect.certainty
            calculator = base.calculator
            if base_p is not None:
                if low is not None and high is not None:
                    point, p_low, p_high = risk.effect_with_interval(
                        base_p, effect.measure, ratio, low, high
                    )
                    p, interval = float(point), (float(p_low), float(p_high))
                else:
                    p = float(risk.apply_effect(base_p, effect.measure, ratio))
        count, count_interval = (
            _counts(p, interval, outcome.denominator) if p is not None else (None, None)
        )
        figures.append(
            OptionFigure(
                option,
                p,
                interval,
                count,
                count_interval,
                not_known,
                how,
                tuple(dict.fromkeys(sources)),
                certainty,
                calculator,
            )
        )
    return OutcomeFigures(outcome, tuple(figures), waiting)


def personalise(aid: DecisionAid, raw_inputs: Mapping[str, Any] | None = None) -> Personalised:
    """Every outcome of `aid` for the person described by `raw_inputs` (may be empty).

    Raises CalculatorInputError, naming each bad field, when inputs are given but unusable.
    """
    inputs = parse_inputs(aid, raw_inputs or {})
    assessments = {
        calc_id: CALCULATORS[calc_id].assess(parsed) for calc_id, parsed in inputs.items()
    }
    return Personalised(
        aid, inputs, assessments, tuple(outcome_figures(aid, o, assessments) for o in aid.outcomes)
    )
