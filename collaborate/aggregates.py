"""Counting in the database: one ``GROUP BY`` query per table, over the running sums per cell
(``feedback_cells``), so a million responses cost a sum over their cells, not a scan in Python.

Every group is split by response format (``scale_max``): the 10-point and 5-point formats are
never pooled. A group's sums are all a score needs (:mod:`collaborate.scoring`): how many
responses, how many complete, how many with the top point on every item, and the sum and sum of
squares of each complete response's item total (0-27 on the 10-point format).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, get_args

from sqlalchemy import ColumnElement, Engine, Select, Table, func, select

from collaborate._tables import cells, decisions
from collaborate.database import transaction

__all__ = [
    "DIMENSIONS",
    "DecisionCount",
    "Dimension",
    "Filters",
    "GroupCounts",
    "count_decisions",
    "count_responses",
]

#: What responses can be grouped by.
Dimension = Literal["clinician", "site", "aid", "month", "mode", "respondent"]
DIMENSIONS: tuple[Dimension, ...] = get_args(Dimension)


@dataclass(frozen=True)
class Filters:
    """Which responses and decisions to count; an empty choice means all.

    ``first_month`` and ``last_month`` are ``YYYY-MM`` and inclusive.
    """

    clinicians: tuple[str, ...] = ()
    sites: tuple[str, ...] = ()
    aids: tuple[str, ...] = ()
    first_month: str | None = None
    last_month: str | None = None
    modes: tuple[str, ...] = ()
    scale_max: int | None = None

    def conditions(self, table: Table) -> list[ColumnElement[bool]]:
        """The WHERE conditions on ``table`` (a filter on a column it lacks does not apply)."""
        c = table.c
        found: list[ColumnElement[bool]] = []
        for column, chosen in (
            ("clinician", self.clinicians),
            ("site", self.sites),
            ("aid", self.aids),
            ("mode", self.modes),
        ):
            if chosen and column in c:
                found.append(c[column].in_(chosen))
        if self.first_month:
            found.append(c.month >= self.first_month)
        if self.last_month:
            found.append(c.month <= self.last_month)
        if self.scale_max is not None and "scale_max" in c:
            found.append(c.scale_max == self.scale_max)
        return found


@dataclass(frozen=True)
class GroupCounts:
    """The counts and sums of one group of responses in one response format."""

    scale_max: int
    key: tuple[str, ...]  # the group's values, in the order of ``by``
    responses: int
    complete: int
    top: int  # complete responses with the top point on all three items
    total_sum: int  # sum over complete responses of (item_1 + item_2 + item_3)
    total_squares: int  # sum over complete responses of (item_1 + item_2 + item_3) ** 2

    @property
    def incomplete(self) -> int:
        return self.responses - self.complete


@dataclass(frozen=True)
class DecisionCount:
    aid: str
    month: str
    option: str | None  # None: not decided yet
    count: int


def _response_query(by: Sequence[Dimension], filters: Filters) -> Select[tuple[object, ...]]:
    unknown = [d for d in by if d not in DIMENSIONS]
    if unknown:
        raise ValueError(f"cannot group by {unknown}; choose from {', '.join(DIMENSIONS)}")
    keys = [cells.c.scale_max, *(cells.c[d] for d in by)]
    sums = ("responses", "complete", "top", "total_sum", "total_squares")
    return (
        select(*keys, *(func.sum(cells.c[name]).label(name) for name in sums))
        .where(*filters.conditions(cells))
        .group_by(*keys)
        .order_by(*keys)
    )


def count_responses(
    engine: Engine, by: Sequence[Dimension] = (), filters: Filters | None = None
) -> list[GroupCounts]:
    """Counts per group (``by`` empty: one group per response format), sorted by group."""
    query = _response_query(by, filters or Filters())
    with transaction(engine, write=False) as connection:
        rows = connection.execute(query).all()
    return [
        GroupCounts(
            scale_max=int(row[0]),
            key=tuple(str(v) for v in row[1 : 1 + len(by)]),
            responses=int(row.responses),
            complete=int(row.complete),
            top=int(row.top),
            total_sum=int(row.total_sum),
            total_squares=int(row.total_squares),
        )
        for row in rows
    ]


def count_decisions(engine: Engine, filters: Filters | None = None) -> list[DecisionCount]:
    """How many decisions chose each option, per aid and month."""
    keys = [decisions.c.aid, decisions.c.month, decisions.c.option]
    query = (
        select(*keys, func.count().label("count"))
        .where(*(filters or Filters()).conditions(decisions))
        .group_by(*keys)
    )
    with transaction(engine, write=False) as connection:
        rows = connection.execute(query).all()
    found = [DecisionCount(row.aid, row.month, row.option, int(row.count)) for row in rows]
    return sorted(found, key=lambda d: (d.aid, d.month, d.option is None, d.option or ""))
