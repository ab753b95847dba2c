"""Small-number suppression for published tables, with secondary suppression.

Primary: any count of people from 1 to ``min_count - 1`` (1-9 by default) is hidden. A zero is
shown: it describes nobody.

Secondary: a table's additive relations (a total is the sum of its parts) could give a hidden
count back by subtraction. For every relation, the number of hidden cells among the total and
its parts must therefore be 0 or at least 2; where it is exactly 1, one more cell of that
relation is hidden — the cheapest by ``cost``, then a non-zero count before a zero (hiding a
zero protects little), then the smallest count — so a count the reader needs most is hidden last. This repeats until no relation has a lone hidden cell. The tests
check the result with linear algebra: no hidden cell can be worked out from the shown ones.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

__all__ = ["Relation", "suppress"]


@dataclass(frozen=True)
class Rules:
    """When a number may be shown."""

    min_group: int = 25  # complete responses needed to show a score (the developers' rule)
    min_count: int = 10  # counts of people below this (and above 0) are hidden

    def __post_init__(self) -> None:
        if self.min_count < 10:
            raise ValueError(
                f"min_count cannot go below 10 (the disclosure floor); got {self.min_count}"
            )
        if self.min_group < self.min_count:
            raise ValueError(
                f"min_group must be at least min_count ({self.min_count}): a score shows its "
                f"count; got {self.min_group}"
            )


@dataclass(frozen=True)
class Relation:
    """``total`` is the sum of ``parts`` (cells named by any hashable key)."""

    total: Hashable
    parts: tuple[Hashable, ...]

    def __post_init__(self) -> None:
        if not self.parts:
            raise ValueError("a relation needs at least one part")


def suppress(
    counts: Mapping[Hashable, int],
    relations: Sequence[Relation],
    *,
    min_count: int,
    cost: Mapping[Hashable, int] | None = None,
) -> set[Hashable]:
    """The cells to hide: primary suppression, then enough secondary suppression.

    Parameters
    ----------
    counts
        Every cell of the table and its count.
    relations
        The table's additive relations; every cell they name must be in ``counts``.
    min_count
        Counts from 1 to ``min_count - 1`` are hidden.
    cost
        How much a cell is needed (default 0 for all); secondary suppression hides cheaper
        cells first, and among equal costs the smallest non-zero count.
    """
    costs = cost or {}
    hidden = {cell for cell, n in counts.items() if 0 < n < min_count}
    changed = bool(hidden)
    while changed:
        changed = False
        for relation in relations:
            members = (relation.total, *relation.parts)
            if sum(cell in hidden for cell in members) != 1:
                continue
            shown = [cell for cell in members if cell not in hidden]
            hidden.add(
                min(shown, key=lambda cell: (costs.get(cell, 0), counts[cell] == 0, counts[cell]))
            )
            changed = True
    return hidden
