"""Where each person goes in an icon array: the one function that places icons.

People fill a grid in **reading order** (left to right, then top to bottom), one category after
another, so each category is one unbroken run: the grouped layout that people read most
accurately (Lipkus 2007; Ancker, Weber and Kukafka 2011), never a scatter.

The grid is made of blocks of 10 × 10 people. An array of 100 is one block (10 × 10). An array
of 1,000 is ten blocks, five across and two down (50 × 20 people), filled block by block in
reading order, so that every block is a countable 100: visible blocks of 100 (d3-iconarray's
gaps) on a grid 40 or 50 wide (rules L9 and L10 of the team's research note on icon arrays).
40 × 25 was rejected because 25 rows do not split into whole blocks of 100.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["BLOCK", "BLOCKS", "IconGrid", "fill_order", "grid_shape", "place_icons"]

#: People along each side of a block.
BLOCK = 10

#: Blocks across and down for each denominator an aid may use.
BLOCKS: dict[int, tuple[int, int]] = {100: (1, 1), 1000: (5, 2)}


def _blocks(denominator: int) -> tuple[int, int]:
    try:
        return BLOCKS[denominator]
    except KeyError:
        raise ValueError(
            f"an icon array shows 100 or 1000 people; got a denominator of {denominator!r}"
        ) from None


def grid_shape(denominator: int) -> tuple[int, int]:
    """The grid's size as (columns, rows): (10, 10) for 100 people, (50, 20) for 1,000."""
    across, down = _blocks(denominator)
    return across * BLOCK, down * BLOCK


def fill_order(denominator: int) -> NDArray[np.int64]:
    """The (column, row) of the 1st, 2nd, 3rd ... person, as an array of shape (denominator, 2).

    Reading order inside each 10 × 10 block, and blocks in reading order.
    """
    across, _ = _blocks(denominator)
    block, within = np.divmod(np.arange(denominator, dtype=np.int64), BLOCK * BLOCK)
    block_row, block_column = np.divmod(block, across)
    row, column = np.divmod(within, BLOCK)
    return np.stack([block_column * BLOCK + column, block_row * BLOCK + row], axis=1)


@dataclass(frozen=True)
class IconGrid:
    """Every person's cell and category; arrays of length ``denominator``, in fill order."""

    column: NDArray[np.int64]
    row: NDArray[np.int64]
    category: NDArray[np.int64]


def place_icons(counts: Sequence[int], denominator: int) -> IconGrid:
    """Place ``denominator`` people on the grid, ``counts[i]`` of category ``i``, in order.

    Parameters
    ----------
    counts
        Whole numbers of people in each category, in the order they are filled (for a
        treatment: has the event anyway, the difference, no event); they must add up to
        ``denominator``. Take them from :mod:`decision_aids.risk`, never round here.
    denominator
        100 or 1000.

    Returns
    -------
    The cell (column, row) and category index of each person; category ``i`` takes the
    ``counts[i]`` cells that follow those of categories ``0 .. i-1`` in :func:`fill_order`.
    """
    array = np.asarray(counts, dtype=np.int64)
    if array.ndim != 1 or (array < 0).any() or array.sum() != denominator:
        raise ValueError(
            f"counts must be whole numbers, 0 or more, adding up to {denominator}; "
            f"got {list(counts)}"
        )
    cells = fill_order(denominator)
    category = np.repeat(np.arange(array.size, dtype=np.int64), array)
    return IconGrid(cells[:, 0], cells[:, 1], category)
