"""A standalone SVG icon array: for phone pages and print, with no script and no outside file.

The person is defined once per size in ``<defs>`` and every icon is a ``<use>`` of it, so 1,000
people cost about 30 KB rather than the whole path each time. The drawing has a ``viewBox`` and
no fixed size: it scales to the width it is given, from a 320 px phone to a printed A4 page.
``role="img"`` with ``<title>`` and ``<desc>`` (the text alternative) makes it one image to a
screen reader, whose individual icons are not announced.
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


def svg_document(body: str, width: float, height: float, title: str, desc: str, ident: str) -> str:
    """Wrap drawing ``body`` in an accessible ``<svg>`` on a white background.

    ``ident`` prefixes the ids inside, so that several drawings can share one page.
    """
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(width)} {_n(height)}" '
        f'width="100%" role="img" aria-labelledby="{ident}-title {ident}-desc" '
        f"font-family={quoteattr(FONT)}>"
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(desc)}</desc>'
        f'<rect width="100%" height="100%" fill="{BACKGROUND}"/>{body}</svg>'
    )


def _render(figures: OutcomeFigures, options: Sequence[str] | None, kind: Kind) -> str:
    comparison = compare(figures, options)
    scene = build_scene(comparison, kind)
    ident = f"{'ia' if kind == 'icons' else 'bar'}-{comparison.outcome.id}"
    heights = sorted({p.height for p in scene.people})
    glyphs = {height: f"{ident}-person{i}" for i, height in enumerate(heights)}
    defs = "".join(f'<path id="{glyph}" d="{person_path(h)}"/>' for h, glyph in glyphs.items())
    body = (
        f"<defs>{defs}</defs>"
        + "".join(_bar(bar) for bar in scene.bars)
        + "".join(_group(people, glyphs[people.height]) for people in scene.people)
        + _text(scene)
    )
    return svg_document(body, scene.width, scene.height, scene.title, describe(comparison), ident)


def icon_array_svg(figures: OutcomeFigures, *, options: Sequence[str] | None = None) -> str:
    """One outcome's icon arrays, an array per option side by side, as a standalone SVG.

    Parameters
    ----------
    figures
        The outcome's figures, from :func:`decision_aids.outcomes.personalise`.
    options
        Ids of the options to show; all by default.

    Returns
    -------
    The SVG text. Its ids start with ``ia-<outcome id>``.
    """
    return _render(figures, options, "icons")


def bar_svg(figures: OutcomeFigures, *, options: Sequence[str] | None = None) -> str:
    """The same numbers as :func:`icon_array_svg`, as a bar per option on one scale.

    Its ids start with ``bar-<outcome id>``.
    """
    return _render(figures, options, "bar")
