"""Altair charts of the reports: the funnel plot and the monthly trend.

They draw only what the report allows to be shown (scores of groups with enough responses).
Colour is never the only cue: a unit's position on the funnel is also its point's shape, and the
two pairs of limits are told apart by dash and by a label as well as colour.
"""

from __future__ import annotations

import altair as alt

from collaborate.funnel import Funnel
from collaborate.report import Table

__all__ = ["funnel_chart", "trend_chart"]

_TEXT = "#212b32"
_FONT = "Arial, Helvetica, sans-serif"
_LIMIT_STYLE = {  # colour, dash
    "95%": ("#005eb8", [6, 3]),
    "99.8%": ("#d5281b", [2, 2]),
}
_POSITIONS = {  # colour, shape: each position has its own shape as well as its colour
    "above 99.8% limit": ("#d5281b", "triangle-up"),
    "above 95% limit": ("#005eb8", "diamond"),
    "within 95% limits": ("#4c6272", "circle"),
    "below 95% limit": ("#005eb8", "square"),
    "below 99.8% limit": ("#d5281b", "triangle-down"),
}


def _configure(chart: alt.LayerChart, title: str, description: str) -> alt.LayerChart:
    return (
        chart.properties(title=title, description=description, width=560, height=360)
        .configure(font=_FONT)
        .configure_axis(labelColor=_TEXT, titleColor=_TEXT)
        .configure_title(color=_TEXT, anchor="start")
    )


def _limit_lines(funnel: Funnel, x: alt.X, y_scale: alt.Scale) -> list[alt.Chart]:
    """One layer per level (both sides), in its colour and dash, labelled at its right end."""
    layers = []
    for level, (colour, dash) in _LIMIT_STYLE.items():
        values = [
            {"n": n, "limit": v * 100, "line": f"{level} {side}"}
            for side in ("lower", "upper")
            for n, v in zip(funnel.n, funnel.limits[f"{level} {side}"], strict=True)
        ]
        line = (
            alt.Chart(alt.Data(values=values))
            .mark_line(color=colour, strokeDash=dash, strokeWidth=1.5)
            .encode(x=x, y=alt.Y("limit:Q", title="Top score (%)", scale=y_scale), detail="line:N")
        )
        label = (
            alt.Chart(alt.Data(values=[v for v in values if v["n"] == funnel.n[-1]]))
            .mark_text(align="left", dx=4, color=colour, fontSize=11)
            .encode(x=x, y=alt.Y("limit:Q", scale=y_scale), text=alt.value(f"{level} limit"))
        )
        layers += [line, label]
    return layers


def funnel_chart(funnel: Funnel, unit_name: str) -> alt.LayerChart:
    """Top score against complete responses, with 95% and 99.8% limits around the target."""
    points = [
        {"unit": p.unit, "n": p.n, "top score": p.proportion * 100, "position": p.position}
        for p in funnel.points
    ]
    x = alt.X(
        "n:Q",
        title="Complete responses",
        scale=alt.Scale(type="log", domain=[funnel.n[0], funnel.n[-1]], nice=False),
    )
    y_scale = alt.Scale(domain=[0, 100])
    target = (
        alt.Chart(alt.Data(values=[{"target": funnel.target * 100}]))
        .mark_rule(color=_TEXT, strokeWidth=1)
        .encode(y=alt.Y("target:Q", scale=y_scale))
    )
    dots = (
        alt.Chart(alt.Data(values=points))
        .mark_point(filled=True, size=70, opacity=0.9)
        .encode(
            x=x,
            y=alt.Y("top score:Q", scale=y_scale),
            color=alt.Color(
                "position:N",
                title="Position",
                scale=alt.Scale(domain=list(_POSITIONS), range=[c for c, _ in _POSITIONS.values()]),
            ),
            shape=alt.Shape(
                "position:N",
                title="Position",
                scale=alt.Scale(domain=list(_POSITIONS), range=[s for _, s in _POSITIONS.values()]),
            ),
            tooltip=[
                alt.Tooltip("unit:N", title=unit_name.capitalize()),
                alt.Tooltip("n:Q", title="Complete responses"),
                alt.Tooltip("top score:Q", title="Top score (%)", format=".1f"),
                alt.Tooltip("position:N", title="Position"),
            ],
        )
    )
    description = (
        f"Funnel plot of collaboRATE top score by {unit_name}: {len(points)} shown, target "
        f"{funnel.target:.1%}; "
        + "; ".join(f"{sum(p.position == pos for p in funnel.points)} {pos}" for pos in _POSITIONS)
    )
    return _configure(
        alt.layer(*_limit_lines(funnel, x, y_scale), target, dots),
        f"Top score by {unit_name}, with 95% and 99.8% limits (exact binomial)",
        description,
    )


def trend_chart(table: Table) -> alt.LayerChart:
    """The monthly top score with its 95% interval; the line breaks where a month is hidden."""
    if table.by != ("month",):
        raise ValueError(f"the trend needs a table by month; got one by {table.by}")
    months = []
    run = 0
    for row in table.rows:
        if row.score is None:
            run += 1  # a new line segment after a month with no score shown
            continue
        top = row.score.top_score
        months.append(
            {
                "month": row.key[0],
                "top score": top.value * 100,
                "low": top.low * 100,
                "high": top.high * 100,
                "n": row.score.complete,
                "run": run,
            }
        )
    x = alt.X(
        "yearmonth(month):T",
        title="Month of consultation",
        axis=alt.Axis(format="%b %Y"),
        scale=alt.Scale(padding=16),
    )
    y = alt.Scale(domain=[0, 100])
    base = alt.Chart(alt.Data(values=months))
    band = base.mark_rule(color="#768692", strokeWidth=2).encode(
        x=x, y=alt.Y("low:Q", scale=y, title="Top score (%)"), y2="high:Q"
    )
    line = base.mark_line(point=True, color="#005eb8").encode(
        x=x,
        y=alt.Y("top score:Q", scale=y),
        detail="run:N",
        tooltip=[
            alt.Tooltip("yearmonth(month):T", title="Month", format="%B %Y"),
            alt.Tooltip("top score:Q", title="Top score (%)", format=".1f"),
            alt.Tooltip("low:Q", title="95% CI from", format=".1f"),
            alt.Tooltip("high:Q", title="95% CI to", format=".1f"),
            alt.Tooltip("n:Q", title="Complete responses"),
        ],
    )
    hidden = len(table.rows) - len(months)
    description = (
        f"Monthly collaboRATE top score with 95% intervals, {len(months)} months shown"
        + (f"; {hidden} months have too few responses to show" if hidden else "")
    )
    return _configure(alt.layer(band, line), "Top score by month, with 95% intervals", description)
