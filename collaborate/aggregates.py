"""Counting in the database: one ``GROUP BY`` query per table, over the running sums per cell
(``feedback_cells``), so a million responses cost a sum over their cells, not a scan in Python.

**Only published parts are counted** (the rule of docs/collaborate.md, "What is shown and what is
hidden"). A cell of ``feedback_cells`` (one clinician, site, aid, month, mode, respondent and
response format) has two parts, its complete and its incomplete responses; a part is published
when it holds at least ``min_count`` (10) responses and otherwise counts nowhere: in no total, no
score, no filter's choices and no export. Every number any filter can give is then a sum of whole
published parts, so two numbers for nested choices differ by 0 or by at least 10, and a small
group cannot be had back by subtraction. Decisions are treated alike: the decisions with one
aid, month, option, site and clinician count only if there are at least ``min_count`` of them.

Every group is split by response format (``scale_max``): the 10-point and 5-point formats are
never pooled. A group's sums are all a score needs (:mod:`collaborate.scoring`): how many
responses, how many complete, how many with the top point on every item, and the sum and sum of
squares of each complete response's item total (0-27 on the 10-point format).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, get_args

from sqlalchemy import ColumnElement, Engine, Select, Table, case, func, select

from collaborate._tables import CELL_KEY, cells, decisions
from collaborate.database import transaction
from collaborate.suppression import Rules

__all__ = [
    "DIMENSIONS",
    "DecisionCount",
    "Dimension",
    "Filters",
    "GroupCounts",
    "PublishedPart",
    "count_decisions",
    "count_responses",
    "published_decision_values",
    "published_parts",
    "published_values",
]

_MIN_COUNT = Rules().min_count

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


def _published_sums(min_count: int) -> dict[str, ColumnElement[int]]:
    """Each cell's sums over its published parts only (see the module's notes)."""
    incomplete = cells.c.responses - cells.c.complete
    complete_ok = cells.c.complete >= min_count

    def of_complete(column: ColumnElement[int]) -> ColumnElement[int]:
        return case((complete_ok, column), else_=0)

    return {
        "responses": of_complete(cells.c.complete)
        + case((incomplete >= min_count, incomplete), else_=0),
        "complete": of_complete(cells.c.complete),
        "top": of_complete(cells.c.top),
        "total_sum": of_complete(cells.c.total_sum),
        "total_squares": of_complete(cells.c.total_squares),
    }


def _response_query(
    by: Sequence[Dimension], filters: Filters, min_count: int
) -> Select[tuple[object, ...]]:
    unknown = [d for d in by if d not in DIMENSIONS]
    if unknown:
        raise ValueError(f"cannot group by {unknown}; choose from {', '.join(DIMENSIONS)}")
    keys = [cells.c.scale_max, *(cells.c[d] for d in by)]
    sums = {name: func.sum(value) for name, value in _published_sums(min_count).items()}
    return (
        select(*keys, *(value.label(name) for name, value in sums.items()))
        .where(*filters.conditions(cells))
        .group_by(*keys)
        .having(sums["responses"] > 0)
        .order_by(*keys)
    )


def count_responses(
    engine: Engine,
    by: Sequence[Dimension] = (),
    filters: Filters | None = None,
    *,
    min_count: int = _MIN_COUNT,
) -> list[GroupCounts]:
    """Counts of published responses per group (``by`` empty: one group per response format),
    sorted by group; a group with none is left out."""
    query = _response_query(by, filters or Filters(), min_count)
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


_DECISION_KEY = ("aid", "month", "option", "site", "clinician")


def _published_decisions(filters: Filters, min_count: int) -> Select[tuple[object, ...]]:
    """The decisions per aid, month, option, site and clinician, where there are enough."""
    keys = [decisions.c[name] for name in _DECISION_KEY]
    return (
        select(*keys, func.count().label("count"))
        .where(*filters.conditions(decisions))
        .group_by(*keys)
        .having(func.count() >= min_count)
    )


def count_decisions(
    engine: Engine, filters: Filters | None = None, *, min_count: int = _MIN_COUNT
) -> list[DecisionCount]:
    """How many published decisions chose each option, per aid and month."""
    published = _published_decisions(filters or Filters(), min_count).subquery()
    keys = [published.c.aid, published.c.month, published.c.option]
    query = select(*keys, func.sum(published.c["count"]).label("count")).group_by(*keys)
    with transaction(engine, write=False) as connection:
        rows = connection.execute(query).all()
    found = [DecisionCount(row.aid, row.month, row.option, int(row.count)) for row in rows]
    return sorted(found, key=lambda d: (d.aid, d.month, d.option is None, d.option or ""))


@dataclass(frozen=True)
class PublishedPart:
    """A published part of a cell: its key (the values of ``CELL_KEY``) and which part."""

    key: tuple[object, ...]
    complete: bool


def published_parts(
    engine: Engine, filters: Filters | None = None, *, min_count: int = _MIN_COUNT
) -> set[PublishedPart]:
    """The published parts of the cells that ``filters`` choose, for row-level exports."""
    columns = [cells.c[name] for name in CELL_KEY]
    query = select(*columns, cells.c.responses, cells.c.complete).where(
        *(filters or Filters()).conditions(cells)
    )
    with transaction(engine, write=False) as connection:
        rows = connection.execute(query).all()
    found = set()
    for row in rows:
        key = tuple(row[: len(columns)])
        for complete, n in ((True, row.complete), (False, row.responses - row.complete)):
            if n >= min_count:
                found.add(PublishedPart(key, complete))
    return found


def published_values(engine: Engine, column: str, *, min_count: int = _MIN_COUNT) -> list[str]:
    """The values of ``column`` (one of ``CELL_KEY``) that some published response has, sorted."""
    if column not in CELL_KEY:
        raise ValueError(f"no column {column!r} in the cells; choose from {', '.join(CELL_KEY)}")
    complete_ok = cells.c.complete >= min_count
    incomplete_ok = cells.c.responses - cells.c.complete >= min_count
    query = select(cells.c[column]).where(complete_ok | incomplete_ok).distinct()
    with transaction(engine, write=False) as connection:
        return sorted(str(v) for v in connection.execute(query).scalars())


def published_decision_values(
    engine: Engine, dimension: str, *, min_count: int = _MIN_COUNT
) -> list[str]:
    """The values of ``dimension`` (aid, month, site or clinician) that some published decision
    has, sorted."""
    published = _published_decisions(Filters(), min_count).subquery()
    query = select(published.c[dimension]).distinct()
    with transaction(engine, write=False) as connection:
        return sorted(str(v) for v in connection.execute(query).scalars())
