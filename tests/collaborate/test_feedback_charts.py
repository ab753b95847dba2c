"""The funnel and trend charts: valid Vega-Lite, drawing only what the report shows."""

from __future__ import annotations

import pytest

from collaborate.aggregates import GroupCounts
from collaborate.charts import funnel_chart, trend_chart
from collaborate.report import Rules, table_from_counts


def _counts(key: str, complete: int, top: int) -> GroupCounts:
    return GroupCounts(
        9, (key,) if key else (), complete, complete, top, 20 * complete, 400 * complete
    )


def _table(by: str, groups: list[tuple[str, int, int]]):
    parts = [_counts(k, n, t) for k, n, t in groups]
    overall = _counts("", sum(n for _, n, _ in groups), sum(t for _, _, t in groups))
    return table_from_counts(9, (by,), parts, overall, Rules())


def _layer(spec: dict, has: str) -> dict:
    [found] = [layer for layer in spec["layer"] if has in layer.get("encoding", {})]
    return found


def test_the_funnel_chart_plots_shown_units_against_both_limits():
    from collaborate.report import funnel_of

    table = _table("clinician", [("C1", 40, 30), ("C2", 120, 60), ("C3", 80, 70), ("C4", 12, 12)])
    spec = funnel_chart(funnel_of(table), "clinician").to_dict()  # validates against Vega-Lite
    dots = _layer(spec, "shape")  # position is a shape as well as a colour
    assert {d["unit"] for d in dots["data"]["values"]} == {"C1", "C2", "C3"}  # C4: under 25
    lines = {d["line"] for layer in spec["layer"] if "detail" in layer.get("encoding", {})
             for d in layer["data"]["values"]}  # fmt: skip
    assert lines == {"95% lower", "95% upper", "99.8% lower", "99.8% upper"}
    assert "Funnel plot of collaboRATE top score by clinician: 3 shown" in spec["description"]


def test_the_trend_chart_shows_months_with_a_score_and_says_how_many_are_missing():
    table = _table("month", [("2026-01", 40, 20), ("2026-02", 12, 6), ("2026-03", 30, 20)])
    spec = trend_chart(table).to_dict()
    values = spec["data"]["values"]
    assert [(d["month"], d["run"]) for d in values] == [("2026-01", 0), ("2026-03", 1)]  # a gap
    assert spec["description"].endswith("1 months have too few responses to show")


def test_the_trend_needs_a_table_by_month():
    with pytest.raises(ValueError, match="needs a table by month"):
        trend_chart(_table("site", [("A", 30, 3)]))
