"""An aid's outcomes for one person: calculators give the baselines, `risk` does the arithmetic.

Partial answers are normal. An outcome whose calculator has every input it uses is personal; one
whose calculator lacks some (not given, blank, or answered "unknown") shows, for each option, the
lowest and highest chance over every value those inputs could take
(:meth:`decision_aids.calculators.Calculator.spread`), and names them. Pages, charts, summaries
and the command line show what :func:`personalise` returns and compute nothing clinical
themselves.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from decision_aids import risk
from decision_aids.calculators import (
    CALCULATORS,
    Assessment,
    CalculatorInputError,
    CalculatorInputs,
    CalculatorOutput,
    InputProblem,
    Spread,
)
from decision_aids.calculators._base import UNKNOWN, is_unknown
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
    #: Where the figure depends on answers not known: the lowest and highest chance they allow
    #: (then `probability` and `count` are None), as chances and as counts.
    span: tuple[float, float] | None = None
    count_span: tuple[int, int] | None = None
    #: The inputs not known that the span depends on, as the form names them.
    depends_on: tuple[str, ...] = ()


@dataclass(frozen=True)
class OutcomeFigures:
    outcome: Outcome
    figures: tuple[OptionFigure, ...]
    #: The inputs not known that its figures depend on, as the form names them: none when the
    #: figures are personal or need no personal details.
    depends_on: tuple[str, ...] = ()

    @property
    def time_frame(self) -> TimeFrame:
        return self.outcome.time_frame

    @property
    def denominator(self) -> int:
        return self.outcome.denominator


@dataclass(frozen=True)
class Personalised:
    """Every outcome of an aid, for one person, with what is known about them."""

    aid: DecisionAid
    inputs: Mapping[str, CalculatorInputs]  # calculators with every input known
    assessments: Mapping[str, Assessment]  # the same calculators' results
    outcomes: tuple[OutcomeFigures, ...]
    #: Calculators with inputs not known: each output's range over them.
    spreads: Mapping[str, Spread] = field(default_factory=dict)
    #: The inputs answered "unknown" ("I don't know"), in the form's order.
    not_known: tuple[str, ...] = ()

    @property
    def details(self) -> tuple[str, ...]:
        """What each calculator made of the answers, in the aid's order: 'CHA2DS2-VASc score 4'."""
        found = {k: a.summary for k, a in self.assessments.items()}
        found |= {k: s.summary for k, s in self.spreads.items()}
        return tuple(found[k] for k in self.aid.personalisation if k in found)

    @property
    def known(self) -> dict[str, Any]:
        """Every input known, checked and typed, by name (an optional input left out is None)."""
        given: dict[str, Any] = {}
        for inputs in self.inputs.values():
            given.update(inputs.model_dump())
        for spread in self.spreads.values():
            given.update(spread.known)
        return given


def input_fields(aid: DecisionAid) -> dict[str, Any]:
    """The input fields the aid's calculators ask for, by name (shared names are asked once)."""
    fields: dict[str, Any] = {}
    for calc_id in aid.personalisation:
        for name, info in CALCULATORS[calc_id].inputs.model_fields.items():
            fields.setdefault(name, info)
    return fields


#: What a calculator made of a person's answers: their result, or the range over what is not known.
Result = Assessment | Spread


def _results(
    aid: DecisionAid, raw: Mapping[str, Any]
) -> tuple[dict[str, CalculatorInputs], dict[str, Result]]:
    """Each calculator's checked inputs (where all are known) and result; raise
    CalculatorInputError listing every answer that cannot be used."""
    known = input_fields(aid)
    problems = [
        InputProblem(
            name,
            f"'{name}' is not an input of this aid; use one of: "
            + (", ".join(known) or "(none: this aid has no personal inputs)"),
        )
        for name, value in raw.items()
        if name not in known and not is_unknown(value)
    ]
    inputs: dict[str, CalculatorInputs] = {}
    results: dict[str, Result] = {}
    for calc_id in aid.personalisation:
        calc = CALCULATORS[calc_id]
        mine = {k: v for k, v in raw.items() if k in calc.inputs.model_fields}
        try:
            if calc.missing(mine):
                results[calc_id] = calc.spread(mine)
            else:
                inputs[calc_id] = calc.parse(mine)
                results[calc_id] = calc.assess(inputs[calc_id])
        except CalculatorInputError as error:
            problems.extend(p for p in error.problems if p not in problems)
    if problems:
        raise CalculatorInputError(problems)
    return inputs, results


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
    """The chance without an option's effect, over the outcome's time frame, and its provenance:
    one chance, or (`span`) the lowest and highest where it depends on answers not known."""

    probability: float | None
    how: str = ""
    sources: tuple[str, ...] = ()
    certainty: Certainty | None = None
    calculator: CalculatorOutput | None = None
    span: tuple[float, float] | None = None
    depends_on: tuple[str, ...] = ()


def _baseline(outcome: Outcome, results: Mapping[str, Result]) -> _Baseline:
    """The baseline probability over the outcome's time frame, how it was found, and its source.

    A calculator without a result in `results` is taken as knowing nothing about the person.
    """
    base = outcome.baseline
    if base is None:
        return _Baseline(None)
    if base.calculator is not None:
        calc = CALCULATORS[base.calculator]
        result = results.get(base.calculator) or calc.spread({})
        spec = calc.outputs[base.output]

        def rescaled(probability: float) -> float:
            return float(risk.rescale(probability, spec.time_frame.years, outcome.time_frame.years))

        how = f"from {result.summary}"
        if isinstance(result, Assessment):
            probability = rescaled(result.probabilities[base.output])
            return _Baseline(probability, how, (), spec.certainty, calculator=spec)
        low, high = rescaled(result.lowest[base.output]), rescaled(result.highest[base.output])
        if low == high:  # the answers not known make no difference to this output
            return _Baseline(low, how, (), spec.certainty, calculator=spec)
        return _Baseline(
            None, how, (), spec.certainty, spec, span=(low, high), depends_on=result.labels
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


def _span(
    span: tuple[float, float], effect: Effect, ratio: float, denominator: int
) -> tuple[tuple[float, float], tuple[int, int]]:
    """A range of baselines with an option's effect: `risk.apply_effect` never decreases as the
    baseline rises, so the lowest and highest baselines give the lowest and highest chances."""
    low, high = (float(p) for p in risk.apply_effect(list(span), effect.measure, ratio))
    return (low, high), _span_counts((low, high), denominator)


def _span_counts(span: tuple[float, float], denominator: int) -> tuple[int, int]:
    return int(risk.frequency(span[0], denominator)), int(risk.frequency(span[1], denominator))


def outcome_figures(
    aid: DecisionAid, outcome: Outcome, results: Mapping[str, Result]
) -> OutcomeFigures:
    """One outcome's figure for every option, given each calculator's result for the person."""
    base = _baseline(outcome, results)
    base_p = base.probability
    figures = []
    for option in aid.options:
        spec = outcome.options[option.id]
        p: float | None = None
        interval: tuple[float, float] | None = None
        not_known = None
        calculator = None
        span: tuple[float, float] | None = None
        count_span: tuple[int, int] | None = None
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
            if base.span is not None:
                span, count_span = base.span, _span_counts(base.span, outcome.denominator)
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
            elif base.span is not None:
                span, count_span = _span(base.span, effect, ratio, outcome.denominator)
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
                span,
                count_span,
                base.depends_on if span is not None else (),
            )
        )
    return OutcomeFigures(outcome, tuple(figures), base.depends_on)


def personalise(aid: DecisionAid, raw_inputs: Mapping[str, Any] | None = None) -> Personalised:
    """Every outcome of `aid` for the person described by `raw_inputs` (may be empty).

    An input not given, blank or answered "unknown" is not known: outcomes that depend on it
    show a range. Raises CalculatorInputError, naming each bad field, for answers that are given
    but cannot be used.
    """
    raw = dict(raw_inputs or {})
    inputs, results = _results(aid, raw)
    said_unknown = {
        k for k, v in raw.items() if isinstance(v, str) and v.strip().lower() == UNKNOWN
    }
    return Personalised(
        aid,
        inputs,
        {k: r for k, r in results.items() if isinstance(r, Assessment)},
        tuple(outcome_figures(aid, o, results) for o in aid.outcomes),
        spreads={k: r for k, r in results.items() if isinstance(r, Spread)},
        not_known=tuple(name for name in input_fields(aid) if name in said_unknown),
    )
