"""The same charts as Altair (Vega-Lite) specs, for the Streamlit apps and for export.

Every mark is placed where the scene says, on x and y scales that map scene units to pixels
(times ``zoom``); Vega draws nothing of its own choosing (no axes, no legends). The person is a
point mark whose shape is the SVG path (as in Vega-Lite's isotype examples). Marks have ARIA
turned off, so a screen reader meets one chart with its description, not 100 or 1,000 labels.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt

from decision_aids.charts._categories import compare
from decision_aids.charts._glyph import person_path
from decision_aids.charts._palette import BACKGROUND, FONT, LOOKS, TEXT
from decision_aids.charts._scene import Kind, Scene, build_scene
from decision_aids.charts._words import describe
from decision_aids.outcomes import OutcomeFigures

__all__ = ["bar_chart", "icon_array_chart"]


def _position(scene: Scene) -> dict[str, Any]:
    x = alt.Scale(domain=[0, scene.width], nice=False, zero=False)
    y = alt.Scale(domain=[0, scene.height], nice=False, zero=False, reverse=True)
    return {
        "x": alt.X("x:Q", scale=x, axis=None),
        "y": alt.Y("y:Q", scale=y, axis=None),
    }


def _paint(size: float, denominator: int) -> dict[str, Any]:
    """Fill, outline and tooltip by look; outline widths are fractions of ``size`` (pixels)."""
    keys, looks = list(LOOKS), list(LOOKS.values())

    def scale(values: list[Any]) -> alt.Scale:
        return alt.Scale(type="ordinal", domain=keys, range=values)

    return {
        "fill": alt.Fill("look:N", scale=scale([s.fill for s in looks]), legend=None),
        "stroke": alt.Stroke("look:N", scale=scale([s.stroke for s in looks]), legend=None),
        "strokeWidth": alt.StrokeWidth(
            "look:N", scale=scale([s.outline * size for s in looks]), legend=None
        ),
        "tooltip": [
            alt.Tooltip("option:N", title="Option"),
            alt.Tooltip("tip:N", title=f"Out of {denominator} people"),
        ],
    }


def _layers(scene: Scene, denominator: int, zoom: float) -> list[alt.Chart]:
    """People (one layer per icon size, a row per group flattened into a row per person), bars,
    then text in regular and bold."""
    position = _position(scene)
    groups: dict[float, list[dict[str, Any]]] = {}
    for people in scene.people:
        groups.setdefault(people.height, []).append(
            {
                "x": people.x.tolist(),
                "y": people.y.tolist(),
                "look": people.look.key,
                "option": people.option,
                "tip": people.tip,
            }
        )
    layers = [
        alt.Chart(alt.Data(values=rows))
        .transform_flatten(["x", "y"])
        .mark_point(
            shape=person_path(), filled=True, opacity=1, size=(height * zoom) ** 2, aria=False
        )
        .encode(**position, **_paint(height * zoom, denominator))
        for height, rows in sorted(groups.items())
    ]
    if scene.bars:
        rows = [
            {
                "x": bar.x,
                "x2": bar.x + bar.width,
                "y": bar.y,
                "y2": bar.y + bar.height,
                "look": bar.look.key,
                "option": bar.option,
                "tip": bar.tip,
            }
            for bar in scene.bars
        ]
        paint = _paint(scene.bars[0].outline_size * zoom, denominator)
        layers.append(
            alt.Chart(alt.Data(values=rows))
            .mark_rect(aria=False)
            .encode(**position, x2="x2:Q", y2="y2:Q", **paint)
        )
    for bold in (False, True):
        rows = [
            {"x": t.x, "y": t.y, "text": t.text, "size": t.size * zoom}
            for t in scene.lines
            if t.bold == bold
        ]
        layers.append(
            alt.Chart(alt.Data(values=rows))
            .mark_text(
                align="left",
                baseline="alphabetic",
                font=FONT,
                color=TEXT,
                fontWeight="bold" if bold else "normal",
                aria=False,
            )
            .encode(**position, text="text:N", size=alt.Size("size:Q", scale=None))
        )
    return layers


def _chart(
    figures: OutcomeFigures, options: Sequence[str] | None, kind: Kind, zoom: float
) -> alt.LayerChart:
    comparison = compare(figures, options)
    scene = build_scene(comparison, kind)
    description = describe(comparison)
    return (
        alt.layer(*_layers(scene, comparison.denominator, zoom))
        .resolve_scale(strokeWidth="independent")
        .properties(
            width=scene.width * zoom,
            height=scene.height * zoom,
            description=description,
            usermeta={"title": scene.title, "description": description},
            background=BACKGROUND,
            padding=0,
            autosize=alt.AutoSizeParams(type="none"),
        )
        .configure_view(stroke=None)
    )


def icon_array_chart(
    figures: OutcomeFigures, *, options: Sequence[str] | None = None, zoom: float = 1.5
) -> alt.LayerChart:
    """One outcome's icon arrays, an array per option side by side, as an Altair chart.

    Parameters
    ----------
    figures
        The outcome's figures, from :func:`decision_aids.outcomes.personalise`.
    options
        Ids of the options to show; all by default.
    zoom
        Pixels per unit of the layout (about 300 units wide); text grows with it.

    Returns
    -------
    A layered chart with the text alternative as its ``description``; hovering an icon names
    its option and group.
    """
    return _chart(figures, options, "icons", zoom)


def bar_chart(
    figures: OutcomeFigures, *, options: Sequence[str] | None = None, zoom: float = 1.5
) -> alt.LayerChart:
    """The same numbers as :func:`icon_array_chart`, as a bar per option on one scale."""
    return _chart(figures, options, "bar", zoom)
