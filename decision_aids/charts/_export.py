"""PNG, SVG and PDF files of a chart for handouts, drawn by vl-convert on this machine.

vl-convert runs Vega in an embedded JavaScript engine and draws with resvg: no browser and no
network. Data must be inline (``allowed_base_urls=[]`` refuses any URL), so an export can never
fetch anything.
"""

from __future__ import annotations

from typing import Any, Literal

import altair as alt
import vl_convert as vlc

from decision_aids.charts._svg import svg_document

__all__ = ["Format", "export"]

Format = Literal["png", "svg", "pdf"]
_FORMATS = ("png", "svg", "pdf")


def _vega_lite_version() -> str:
    """The Vega-Lite version Altair writes, as vl-convert names it ('v6.4.1' -> 'v6_4')."""
    return "_".join(alt.SCHEMA_VERSION.split(".")[:2])


def _accessible(svg: str, spec: dict[str, Any]) -> str:
    """Vega's SVG inside an ``<svg role="img">`` with the chart's title and description."""
    title = spec.get("usermeta", {}).get("title", "")
    description = spec.get("description", "")
    return svg_document(svg, spec["width"], spec["height"], title, description, "chart")


def export(chart: alt.TopLevelMixin | str, fmt: Format, *, scale: float = 2.0) -> bytes:
    """A chart as the bytes of a PNG, SVG or PDF file.

    Parameters
    ----------
    chart
        An Altair chart from :func:`icon_array_chart` or :func:`bar_chart`, or the SVG text from
        :func:`icon_array_svg` or :func:`bar_svg`.
    fmt
        ``"png"``, ``"svg"`` or ``"pdf"``.
    scale
        Pixels per chart pixel in a PNG (2 gives a sharp print); PDF and SVG are vectors.

    Returns
    -------
    The file's bytes. An SVG keeps ``role="img"``, its title and its description.
    """
    if fmt not in _FORMATS:
        raise ValueError(f"fmt must be one of {', '.join(_FORMATS)}; got {fmt!r}")
    if isinstance(chart, str):
        if fmt == "svg":
            return chart.encode()
        return vlc.svg_to_png(chart, scale=scale) if fmt == "png" else vlc.svg_to_pdf(chart)
    spec = chart.to_dict()
    options = {"vl_version": _vega_lite_version(), "allowed_base_urls": []}
    if fmt == "png":
        return vlc.vegalite_to_png(spec, scale=scale, **options)
    if fmt == "pdf":
        return vlc.vegalite_to_pdf(spec, **options)
    return _accessible(vlc.vegalite_to_svg(spec, **options), spec).encode()
