"""Everything a chart draws and where: people (or bars), keys and text, in one coordinate space
shared by the SVG and the Altair renderers (1 unit = 1 px at the chart's natural size).

Icons are placed by :func:`~decision_aids.charts._layout.place_icons` only. Icon panels sit side
by side (two to a row for 100 people; one to a row for 1,000, whose 50-wide grid needs the
width) with their grids at the same height and the same cell size, so arrays line up person for
person. Bars share one scale, 0 to the denominator, one under another. A chart is about 300
units wide, so a phone 320 px wide shows its text at full size and print scales the whole
drawing.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import Literal, Protocol

import numpy as np
from numpy.typing import NDArray

from decision_aids.charts._categories import Comparison, Panel
from decision_aids.charts._glyph import ASPECT
from decision_aids.charts._layout import BLOCK, BLOCKS, grid_shape, place_icons
from decision_aids.charts._palette import Look, look
from decision_aids.charts._words import heading, key_line

__all__ = ["Bar", "Kind", "Line", "People", "Scene", "build_scene"]

Kind = Literal["icons", "bar"]

MARGIN = 8.0
PANEL_GAP = 20.0
ROW_GAP = 22.0
TITLE_SIZE = 14.0
NAME_SIZE = 13.0
TEXT_SIZE = 12.0
SWATCH = 13.0  # height of the person beside each line of a key
LINE_HEIGHT = 1.3  # times the font size
CHAR_WIDTH = 0.52  # the average width of a character in Arial, times the font size
#: Distance between neighbouring people (across, down); a person is 90% of the row's height.
PITCH = {100: (13.0, 20.0), 1000: (5.6, 9.0)}
BAR_WIDTH = 280.0
BAR_HEIGHT = 24.0


@dataclass(frozen=True)
class People:
    """People drawn alike: centres, look, height and the words a tooltip gives for them.

    ``pitch`` is the distance between neighbours in an array (across, down); a key's one person
    has none.
    """

    x: NDArray[np.float64]
    y: NDArray[np.float64]
    look: Look
    height: float
    option: str
    tip: str
    in_key: bool = False
    pitch: tuple[float, float] | None = None

    @property
    def outline_size(self) -> float:
        """The length an outline's width is a fraction of: the person's height."""
        return self.height


@dataclass(frozen=True)
class Bar:
    """One category's part of an option's bar."""

    x: float
    y: float
    width: float
    height: float
    look: Look
    option: str
    tip: str

    @property
    def outline_size(self) -> float:
        """The length an outline's width is a fraction of: half the bar's height."""
        return self.height / 2


@dataclass(frozen=True)
class Line:
    """One line of text; ``y`` is its baseline."""

    x: float
    y: float
    text: str
    size: float
    bold: bool = False


@dataclass(frozen=True)
class Scene:
    width: float
    height: float
    title: str
    people: tuple[People, ...]
    bars: tuple[Bar, ...]
    lines: tuple[Line, ...]


def _wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    chars = int(width / (size * CHAR_WIDTH * (1.08 if bold else 1.0)))
    return textwrap.wrap(text, max(chars, 8)) or [""]


def _lines(
    texts: list[str], x: float, top: float, size: float, bold: bool = False
) -> tuple[list[Line], float]:
    """Lines stacked down from ``top``; returns them and the height they take."""
    step = size * LINE_HEIGHT
    lines = [Line(x, top + i * step + 0.95 * size, t, size, bold) for i, t in enumerate(texts)]
    return lines, len(texts) * step


class _Geometry(Protocol):
    width: float
    height: float
    per_row: int

    def draw(
        self, panel: Panel, label: str, left: float, top: float
    ) -> tuple[list[People], list[Bar]]: ...


class _Icons:
    """An icon array per panel: where its people go, a half-pitch gap between blocks."""

    def __init__(self, denominator: int) -> None:
        self.denominator = denominator
        self.per_row = 2 if denominator == 100 else 1
        self.dx, self.dy = PITCH[denominator]
        (columns, rows), (across, down) = grid_shape(denominator), BLOCKS[denominator]
        self.width = columns * self.dx + (across - 1) * self.dx / 2
        self.height = rows * self.dy + (down - 1) * self.dy / 2

    def draw(
        self, panel: Panel, label: str, left: float, top: float
    ) -> tuple[list[People], list[Bar]]:
        grid = place_icons([c.count for c in panel.categories], self.denominator)
        x = left + (grid.column + 0.5 + grid.column // BLOCK / 2) * self.dx
        y = top + (grid.row + 0.5 + grid.row // BLOCK / 2) * self.dy
        people = [
            People(
                x[grid.category == i],
                y[grid.category == i],
                look(category),
                0.9 * self.dy,
                panel.option.name,
                key_line(category, label, self.denominator),
                pitch=(self.dx, self.dy),
            )
            for i, category in enumerate(panel.categories)
            if category.count
        ]
        return people, []


class _Bars:
    """A bar per panel, 0 to the denominator, cut into its categories in fill order."""

    width = BAR_WIDTH
    height = BAR_HEIGHT
    per_row = 1

    def __init__(self, denominator: int) -> None:
        self.denominator = denominator

    def draw(
        self, panel: Panel, label: str, left: float, top: float
    ) -> tuple[list[People], list[Bar]]:
        counts = np.array([c.count for c in panel.categories])
        starts = (
            left + np.concatenate([[0], np.cumsum(counts)[:-1]]) / self.denominator * self.width
        )
        bars = [
            Bar(
                float(start),
                top,
                category.count / self.denominator * self.width,
                self.height,
                look(category),
                panel.option.name,
                key_line(category, label, self.denominator),
            )
            for start, category in zip(starts, panel.categories, strict=True)
            if category.count
        ]
        return [], bars


def _key(
    panel: Panel, label: str, denominator: int, left: float, top: float, width: float
) -> tuple[list[People], list[Line], float]:
    """The key under a panel: a person in each category's look, then its count in words."""
    indent = SWATCH * ASPECT + 6
    people, lines, y = [], [], top
    for category in panel.categories:
        if category.count == 0 and category.share == 0:
            continue
        words = key_line(category, label, denominator)
        block, height = _lines(_wrap(words, width - indent, TEXT_SIZE), left + indent, y, TEXT_SIZE)
        centre = (np.array([left + SWATCH * ASPECT / 2]), np.array([y + TEXT_SIZE * 0.65]))
        people.append(People(*centre, look(category), SWATCH, panel.option.name, words, True))
        lines += block
        y += height + 4
    return people, lines, y - top


def build_scene(comparison: Comparison, kind: Kind = "icons") -> Scene:
    """Lay out a comparison: the title, then rows of panels, each a name, an array (or a bar)
    and a key.

    A panel without a figure shows its message where the array would be, and no icons.
    """
    geometry: _Geometry = (_Icons if kind == "icons" else _Bars)(comparison.denominator)
    per_row = geometry.per_row
    width = 2 * MARGIN + per_row * geometry.width + (per_row - 1) * PANEL_GAP
    title = heading(comparison)
    title_text = _wrap(title, width - 2 * MARGIN, TITLE_SIZE, bold=True)
    lines, title_height = _lines(title_text, MARGIN, MARGIN, TITLE_SIZE, bold=True)
    people: list[People] = []
    bars: list[Bar] = []
    top = MARGIN + title_height + 6
    panels = comparison.panels
    for start in range(0, len(panels), per_row):
        row = panels[start : start + per_row]
        names = [_wrap(p.option.name, geometry.width, NAME_SIZE, bold=True) for p in row]
        grid_top = top + max(map(len, names)) * NAME_SIZE * LINE_HEIGHT + 4
        key_top = grid_top + geometry.height + 10
        bottom = grid_top
        for column, (panel, name) in enumerate(zip(row, names, strict=True)):
            left = MARGIN + column * (geometry.width + PANEL_GAP)
            lines += _lines(name, left, top, NAME_SIZE, bold=True)[0]
            if panel.message is not None:
                message = _wrap(panel.message, geometry.width, TEXT_SIZE)
                block, height = _lines(message, left, grid_top, TEXT_SIZE)
                lines += block
                bottom = max(bottom, grid_top + height)
                continue
            drawn_people, drawn_bars = geometry.draw(panel, comparison.label, left, grid_top)
            swatches, key, height = _key(
                panel, comparison.label, comparison.denominator, left, key_top, geometry.width
            )
            people += drawn_people + swatches
            bars += drawn_bars
            lines += key
            bottom = max(bottom, key_top + height)
        top = bottom + ROW_GAP
    return Scene(width, top - ROW_GAP + MARGIN, title, tuple(people), tuple(bars), tuple(lines))
