"""A standalone SVG icon array: for phone pages and print, with no script and no outside file.

The person is defined once per size in ``<defs>``. An array's people of one look fill whole
cells of its grid in reading order, so they are drawn as a few rectangles (each unbroken run of
a row, runs of the same width in the rows below merged) filled with a ``<pattern>``: the person
once per cell. An array of 1,000 people is a few dozen elements, not 1,000, which a slow phone
lays out and paints quickly, and a few KB. The drawing has a ``viewBox`` and no fixed size: it
scales to the width it is given, from a 320 px phone to a printed A4 page.

``role="img"`` with ``<title>`` and ``<desc>`` (the text alternative) makes it one image to a
screen reader, whose individual icons are not announced. A page that writes the same words
beside the drawing asks for ``words_beside=True``: the drawing is then hidden from screen
readers (``aria-hidden``), so the numbers are read once.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

from decision_aids.charts._categories import compare
from decision_aids.charts._glyph import person_path
from decision_aids.charts._palette import BACKGROUND, FONT, TEXT, Look
from decision_aids.charts._scene import Bar, Kind, People, Scene, build_scene
from decision_aids.charts._words import describe
from decision_aids.outcomes import OutcomeFigures

__all__ = ["bar_svg", "icon_array_svg", "svg_document"]


def _n(value: float) -> str:
    return f"{round(float(value), 2):g}"


def _paint(style: Look, size: float) -> str:
    """Fill and outline attributes; the outline width is a fraction of ``size``."""
    if not style.outline:
        return f'fill="{style.fill}"'
    return f'fill="{style.fill}" stroke="{style.stroke}" stroke-width="{_n(style.outline * size)}"'


def _group(people: People, glyph: str) -> str:
    uses = "".join(
        f'<use href="#{glyph}" x="{_n(x)}" y="{_n(y)}"/>'
        for x, y in zip(people.x.tolist(), people.y.tolist(), strict=True)
    )
    return f"<g {_paint(people.look, people.outline_size)}>{uses}</g>"


def _cells(people: People) -> list[tuple[float, float, float, float]]:
    """The cells `people` fill, as rectangles (left, top, width, height): each unbroken run of
    a row, then runs with the same ends in successive rows merged into one."""
    assert people.pitch is not None
    dx, dy = people.pitch
    rows: dict[float, list[float]] = {}
    for x, y in zip(people.x.tolist(), people.y.tolist(), strict=True):
        rows.setdefault(y, []).append(x)
    rects: list[list[float]] = []  # [first x, last x, first y, last y]
    below: dict[tuple[float, float], list[float]] = {}  # the rectangle a run could extend
    for y in sorted(rows):
        xs = sorted(rows[y])
        starts = [0] + [i for i in range(1, len(xs)) if xs[i] - xs[i - 1] > dx * 1.01]
        for start, end in zip(starts, [*starts[1:], len(xs)], strict=True):
            ends = (xs[start], xs[end - 1])
            rect = below.get(ends)
            if rect is not None and abs(y - rect[3] - dy) < dy * 0.01:
                rect[3] = y
            else:
                rect = [*ends, y, y]
                rects.append(rect)
                below[ends] = rect
    return [(x0 - dx / 2, y0 - dy / 2, x1 - x0 + dx, y1 - y0 + dy) for x0, x1, y0, y1 in rects]


def _tiled(people: People, glyph: str, pattern: str) -> tuple[str, str]:
    """`people` as rectangles filled with a pattern of one person per cell: the pattern (for
    ``<defs>``) and the rectangles. Each rectangle is moved into place, so the pattern's cells
    start at its corner."""
    assert people.pitch is not None
    dx, dy = people.pitch
    tile = (
        f'<pattern id="{pattern}" width="{_n(dx)}" height="{_n(dy)}" '
        f'patternUnits="userSpaceOnUse"><use href="#{glyph}" x="{_n(dx / 2)}" y="{_n(dy / 2)}" '
        f"{_paint(people.look, people.outline_size)}/></pattern>"
    )
    rects = "".join(
        f'<rect transform="translate({_n(x)} {_n(y)})" width="{_n(w)}" height="{_n(h)}"/>'
        for x, y, w, h in _cells(people)
    )
    return tile, f'<g fill="url(#{pattern})">{rects}</g>'


def _bar(bar: Bar) -> str:
    return (
        f'<rect x="{_n(bar.x)}" y="{_n(bar.y)}" width="{_n(bar.width)}" height="{_n(bar.height)}" '
        f"{_paint(bar.look, bar.outline_size)}/>"
    )


def _text(scene: Scene) -> str:
    lines = "".join(
        f'<text x="{_n(line.x)}" y="{_n(line.y)}" font-size="{_n(line.size)}"'
        + (' font-weight="bold"' if line.bold else "")
        + f">{escape(line.text)}</text>"
        for line in scene.lines
    )
    return f'<g fill="{TEXT}">{lines}</g>'


def svg_document(
    body: str,
    width: float,
    height: float,
    title: str,
    desc: str,
    ident: str,
    *,
    words_beside: bool = False,
) -> str:
    """Wrap drawing ``body`` in an accessible ``<svg>`` on a white background.

    ``ident`` prefixes the ids inside, so that several drawings can share one page. With
    ``words_beside`` the page gives the same words as text, so the drawing is hidden from
    screen readers rather than described.
    """
    if words_beside:
        names = 'aria-hidden="true" focusable="false"'
    else:
        names = (
            f'role="img" aria-labelledby="{ident}-title {ident}-desc">'
            f'<title id="{ident}-title">{escape(title)}</title>'
            f'<desc id="{ident}-desc">{escape(desc)}</desc'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(width)} {_n(height)}" '
        f'width="100%" font-family={quoteattr(FONT)} {names}>'
        f'<rect width="100%" height="100%" fill="{BACKGROUND}"/>{body}</svg>'
    )


def _render(
    figures: OutcomeFigures, options: Sequence[str] | None, kind: Kind, words_beside: bool
) -> str:
    comparison = compare(figures, options)
    scene = build_scene(comparison, kind)
    ident = f"{'ia' if kind == 'icons' else 'bar'}-{comparison.outcome.id}"
    heights = sorted({p.height for p in scene.people})
    glyphs = {height: f"{ident}-person{i}" for i, height in enumerate(heights)}
    defs = [f'<path id="{glyph}" d="{person_path(h)}"/>' for h, glyph in glyphs.items()]
    patterns: dict[tuple[str, float], str] = {}
    drawn = []
    for people in scene.people:
        glyph = glyphs[people.height]
        if people.pitch is None:
            drawn.append(_group(people, glyph))
            continue
        key = (people.look.key, people.height)
        if key not in patterns:
            patterns[key] = f"{ident}-{people.look.key}-{len(patterns)}"
            tile, rects = _tiled(people, glyph, patterns[key])
            defs.append(tile)
        else:
            rects = _tiled(people, glyph, patterns[key])[1]
        drawn.append(rects)
    body = (
        f"<defs>{''.join(defs)}</defs>"
        + "".join(_bar(bar) for bar in scene.bars)
        + "".join(drawn)
        + _text(scene)
    )
    return svg_document(
        body,
        scene.width,
        scene.height,
        scene.title,
        describe(comparison),
        ident,
        words_beside=words_beside,
    )


def icon_array_svg(
    figures: OutcomeFigures, *, options: Sequence[str] | None = None, words_beside: bool = False
) -> str:
    """One outcome's icon arrays, an array per option side by side, as a standalone SVG.

    Parameters
    ----------
    figures
        The outcome's figures, from :func:`decision_aids.outcomes.personalise`.
    options
        Ids of the options to show; all by default.
    words_beside
        True where the page writes :func:`~decision_aids.charts.text_alternative`'s words
        beside the drawing: it is then hidden from screen readers, which read the words once.

    Returns
    -------
    The SVG text. Its ids start with ``ia-<outcome id>``.
    """
    return _render(figures, options, "icons", words_beside)


def bar_svg(
    figures: OutcomeFigures, *, options: Sequence[str] | None = None, words_beside: bool = False
) -> str:
    """The same numbers as :func:`icon_array_svg`, as a bar per option on one scale.

    Its ids start with ``bar-<outcome id>``.
    """
    return _render(figures, options, "bar", words_beside)
