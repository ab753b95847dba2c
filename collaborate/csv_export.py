"""CSV exports of the reports, safe to open in a spreadsheet.

Numbers follow the same disclosure rules as every report (hidden: ``[c]`` for a count, ``[u]``
for a score on too few responses). Any text cell that a spreadsheet could take for a formula —
one starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return — is prefixed with an
apostrophe, so it is shown as text and never run (OWASP, "CSV Injection").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from collaborate.decisions import NOT_DECIDED
from collaborate.report import DecisionRow, Table
from collaborate.report_format import HIDDEN_COUNT, NO_SCORE, group_label
from collaborate.scoring import Estimate

__all__ = ["decisions_csv", "safe_cell", "scores_csv"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """A cell's text, defused if a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _write(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return out.getvalue()


def _count(value: int | None) -> object:
    return HIDDEN_COUNT if value is None else value


def _three(estimate: Estimate | None, factor: float, digits: int) -> list[object]:
    if estimate is None:
        return [NO_SCORE] * 3
    s = estimate.scaled(factor)
    return [round(s.value, digits), round(s.low, digits), round(s.high, digits)]


def scores_csv(tables: Sequence[Table]) -> str:
    """One row per group per response format, the overall row first in each format."""
    header = [
        "response_format_max",
        "group",
        "responses",
        "complete",
        "incomplete",
        "top_score_percent",
        "top_score_low95",
        "top_score_high95",
        "mean_score",
        "mean_score_low95",
        "mean_score_high95",
        "rescaled_mean_0_100",
        "rescaled_mean_low95",
        "rescaled_mean_high95",
        "not_shown_because",
    ]
    rows = [
        [
            table.scale_max,
            group_label(row),
            _count(row.responses),
            _count(row.complete),
            _count(row.incomplete),
            *_three(row.score and row.score.top_score, 100, 1),
            *_three(row.score and row.score.mean, 1, 2),
            *_three(row.score and row.score.mean_rescaled, 1, 1),
            row.hidden_by or "",
        ]
        for table in tables
        for row in (table.overall, *table.rows)
    ]
    return _write(header, rows)


def decisions_csv(rows: Sequence[DecisionRow]) -> str:
    """One row per aid, month and option: the count and the cost of those choices."""
    header = ["aid", "month", "option", "count", "cost_pounds", "month_total", "month_total_cost"]
    lines = [
        [
            row.aid,
            row.month,
            choice.option or NOT_DECIDED,
            _count(choice.count),
            "" if choice.cost is None else round(choice.cost, 2),
            _count(row.total),
            "" if row.total_cost is None else round(row.total_cost, 2),
        ]
        for row in rows
        for choice in row.choices
    ]
    return _write(header, lines)
