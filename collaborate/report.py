"""Reports: scores by group with small numbers suppressed, and decisions with their cost.

Every number leaves here already checked against the disclosure rules (:class:`Rules`), so the
command line, the exports and the dashboard show only what may be shown:

- only published responses and decisions are counted (:mod:`collaborate.aggregates`): a part of a
  cell under ``min_count`` counts nowhere, so no choice of filters can give it back by subtraction;
- a score is shown only for a group of at least ``min_group`` complete responses (25, the
  developers' rule) whose count is shown;
- a count of people from 1 to ``min_count - 1`` (1-9) is hidden, and so is whatever else would
  let it be worked out from a total (:mod:`collaborate.suppression`).

A hidden number is None. The 10-point and 5-point formats are reported separately.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Engine

from collaborate.aggregates import (
    DecisionCount,
    Dimension,
    Filters,
    GroupCounts,
    count_decisions,
    count_responses,
)
from collaborate.funnel import Funnel, funnel
from collaborate.scoring import Score, score
from collaborate.suppression import Relation, Rules, suppress
from decision_aids.model import DecisionAid

__all__ = [
    "Choice",
    "DecisionRow",
    "OptionCost",
    "Row",
    "Rules",
    "Table",
    "decision_rows",
    "funnel_of",
    "score_tables",
    "table_from_counts",
]

_COUNTS = ("responses", "complete", "incomplete")
_OVERALL: tuple[str, ...] = ()


@dataclass(frozen=True)
class Row:
    """One group's numbers; None where a number is hidden."""

    key: tuple[str, ...]  # the group's values in the order of the table's ``by``; () overall
    responses: int | None
    complete: int | None
    incomplete: int | None
    score: Score | None
    hidden_by: str | None = None  # why the score is not shown, for the reader


@dataclass(frozen=True)
class Table:
    """Scores by group for one response format."""

    scale_max: int
    by: tuple[Dimension, ...]
    overall: Row
    rows: tuple[Row, ...]
    target: float | None  # the overall top score, a proportion (None: no complete response)
    rules: Rules = field(default_factory=Rules)


def _row(counts: GroupCounts, hidden: set[tuple[tuple[str, ...], str]], rules: Rules) -> Row:
    def shown(name: str) -> int | None:
        return None if (counts.key, name) in hidden else getattr(counts, name)

    complete = shown("complete")
    if complete is None:
        why = f"a count under {rules.min_count} is hidden, and counts that would reveal one"
    elif complete < rules.min_group:
        why = f"fewer than {rules.min_group} complete responses"
    else:
        why = None
    return Row(
        key=counts.key,
        responses=shown("responses"),
        complete=complete,
        incomplete=shown("incomplete"),
        score=None if why else score(counts),
        hidden_by=why,
    )


def table_from_counts(
    scale_max: int,
    by: tuple[Dimension, ...],
    groups: Sequence[GroupCounts],
    overall: GroupCounts,
    rules: Rules,
) -> Table:
    """The table of ``groups`` (all of one response format) and their ``overall`` row, with
    every disclosure rule applied."""
    counts: dict[tuple[tuple[str, ...], str], int] = {}
    relations: list[Relation] = []
    for group in (overall, *groups):
        for name in _COUNTS:
            counts[(group.key, name)] = getattr(group, name)
        relations.append(
            Relation((group.key, "responses"), ((group.key, "complete"), (group.key, "incomplete")))
        )
    if groups:
        for name in _COUNTS:
            relations.append(Relation((_OVERALL, name), tuple((g.key, name) for g in groups)))
    hidden = suppress(counts, relations, min_count=rules.min_count, cost=_needed(counts, rules))
    return Table(
        scale_max=scale_max,
        by=by,
        overall=_row(overall, hidden, rules),
        rows=tuple(_row(g, hidden, rules) for g in groups),
        target=overall.top / overall.complete if overall.complete else None,
        rules=rules,
    )


def _needed(counts: dict[tuple[tuple[str, ...], str], int], rules: Rules) -> dict[object, int]:
    """How much each count is needed, so that secondary suppression hides the least useful
    first. The overall row's counts are needed most: the overall row recurs in every table, so
    hiding it in one would not hide it. A count of complete responses that carries a score is
    needed more than other counts: the score's interval would give the count back, so hiding the
    count means hiding the score."""
    return {
        (key, name): 2 * (key == _OVERALL) + (name == "complete" and n >= rules.min_group)
        for (key, name), n in counts.items()
    }


def score_tables(
    engine: Engine,
    by: Sequence[Dimension] = (),
    filters: Filters | None = None,
    rules: Rules | None = None,
) -> list[Table]:
    """One table per response format present, with a row per group of ``by``."""
    rules = rules or Rules()
    by = tuple(by)
    k = rules.min_count
    overall = {g.scale_max: g for g in count_responses(engine, (), filters, min_count=k)}
    groups = count_responses(engine, by, filters, min_count=k) if by else []
    return [
        table_from_counts(
            scale_max,
            by,
            [g for g in groups if g.scale_max == scale_max],
            overall[scale_max],
            rules,
        )
        for scale_max in sorted(overall, reverse=True)
    ]


def funnel_of(table: Table) -> Funnel | None:
    """The funnel plot of a one-dimension table's shown scores (None: no target yet)."""
    if table.target is None or len(table.by) != 1:
        return None
    units = [(row.key[0], row.score.complete, row.score.top) for row in table.rows if row.score]
    return funnel(units, table.target, smallest_n=table.rules.min_group)


# ------------------------------------------------------------------------------------------
# Decisions and their cost


@dataclass(frozen=True)
class OptionCost:
    """What choosing an option costs the NHS per person, in pounds, and where that comes from."""

    pounds: float
    source: str


def content_costs(aids: Iterable[DecisionAid]) -> dict[tuple[str, str], OptionCost]:
    """The cost per person of every option whose aid gives one, keyed by (aid slug, option id)."""
    return {
        (aid.slug, option.id): OptionCost(
            option.cost.pounds,
            f"{aid.source(option.cost.source).citation} ({option.cost.price_year} prices)",
        )
        for aid in aids
        for option in aid.options
        if option.cost is not None
    }


@dataclass(frozen=True)
class Choice:
    option: str | None  # None: not decided yet
    count: int | None  # None: hidden
    cost: float | None  # count x unit cost; None where hidden or no cost is given


@dataclass(frozen=True)
class DecisionRow:
    """How the decisions made with one aid in one month went, next to its scores."""

    aid: str
    month: str
    total: int | None
    choices: tuple[Choice, ...]
    total_cost: float | None  # shown only when every count and every cost is
    scores: dict[int, Row]  # collaboRATE for the same aid and month, by response format


def decision_rows(
    engine: Engine,
    costs: Mapping[tuple[str, str], OptionCost] | None = None,
    filters: Filters | None = None,
    rules: Rules | None = None,
) -> list[DecisionRow]:
    """Per aid and month: how many chose each option, what those choices cost, and the scores.

    ``costs`` maps ``(aid slug, option id)`` to the option's cost per person. "Not decided
    yet" costs nothing and has no cost of its own.
    """
    rules = rules or Rules()
    by_cell: dict[tuple[str, str], list[DecisionCount]] = {}
    for count in count_decisions(engine, filters, min_count=rules.min_count):
        by_cell.setdefault((count.aid, count.month), []).append(count)
    scores: dict[tuple[str, ...], dict[int, Row]] = {}
    for table in score_tables(engine, ("aid", "month"), filters, rules):
        for row in table.rows:
            scores.setdefault(row.key, {})[table.scale_max] = row
    return [
        _decision_row(aid, month, found, costs or {}, rules, scores.get((aid, month), {}))
        for (aid, month), found in by_cell.items()
    ]


def _decision_row(
    aid: str,
    month: str,
    found: Sequence[DecisionCount],
    costs: Mapping[tuple[str, str], OptionCost],
    rules: Rules,
    scores: dict[int, Row],
) -> DecisionRow:
    total_cell = ("total",)
    counts: dict[tuple[str | None, ...], int] = {("option", c.option): c.count for c in found}
    counts[total_cell] = sum(c.count for c in found)
    parts = tuple(("option", c.option) for c in found)
    hidden = suppress(counts, [Relation(total_cell, parts)], min_count=rules.min_count)
    choices = []
    for c in found:
        shown = None if ("option", c.option) in hidden else c.count
        unit = costs.get((aid, c.option)) if c.option is not None else None
        cost = None if shown is None or unit is None else shown * unit.pounds
        choices.append(Choice(c.option, shown, cost))
    priced = all(c.count is not None and (c.option is None or c.cost is not None) for c in choices)
    return DecisionRow(
        aid=aid,
        month=month,
        total=None if total_cell in hidden else counts[total_cell],
        choices=tuple(choices),
        total_cost=sum(c.cost or 0.0 for c in choices) if priced else None,
        scores=scores,
    )
