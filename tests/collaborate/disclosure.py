"""Whether a published table lets a reader work out a hidden count (imported by path by the
disclosure tests: tests/ is not a package)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence

import numpy as np

__all__ = ["determined"]


def determined(
    shown: Mapping[Hashable, int | None],
    relations: Iterable[tuple[Hashable, Sequence[Hashable]]],
) -> list[Hashable]:
    """The hidden cells (None in ``shown``) that the relations, each "total = sum of parts",
    fix given the shown cells: linear algebra over the hidden cells."""
    hidden = [cell for cell, value in shown.items() if value is None]
    if not hidden:
        return []
    index = {cell: i for i, cell in enumerate(hidden)}
    rows = []
    for total, parts in relations:
        vector = np.zeros(len(hidden))
        for cell, sign in [(total, 1.0), *((part, -1.0) for part in parts)]:
            if cell in index:
                vector[index[cell]] += sign
        if vector.any():
            rows.append(vector)
    if not rows:
        return hidden
    matrix = np.array(rows)
    rank = np.linalg.matrix_rank(matrix)
    unit = np.eye(len(hidden))
    return [
        cell
        for cell, i in index.items()
        if np.linalg.matrix_rank(np.vstack([matrix, unit[i]])) == rank
    ]
