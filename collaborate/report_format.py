"""Reports as JSON and as text for the terminal (``decision-aids feedback report``).

Hidden numbers are ``null`` in JSON; in text they are ``[c]`` (a count hidden to protect
people) and ``[u]`` (no score: too few complete responses), the Government Statistical
Service's shorthand, explained under every table.
"""

from __future__ import annotations

from typing import Any

from collaborate.decisions import NOT_DECIDED
from collaborate.instrument import load_instrument
from collaborate.report import DecisionRow, Row, Rules, Table
from collaborate.scoring import Estimate

__all__ = [
    "HIDDEN_COUNT",
    "NO_SCORE",
    "choices_text",
    "count_text",
    "decisions_json",
    "decisions_text",
    "group_label",
    "interval_text",
    "pounds_text",
    "report_json",
    "table_cells",
    "table_text",
]

HIDDEN_COUNT = "[c]"
NO_SCORE = "[u]"
_OVERALL_LABEL = "All"


def _estimate(estimate: Estimate | None, factor: float, digits: int) -> dict[str, float] | None:
    if estimate is None:
        return None
    scaled = estimate.scaled(factor)
    return {k: round(v, digits) for k, v in vars(scaled).items()}


def row_json(row: Row, table: Table) -> dict[str, Any]:
    score = row.score
    return {
        "group": dict(zip(table.by, row.key, strict=True)) if row.key else {},
        "responses": row.responses,
        "complete": row.complete,
        "incomplete": row.incomplete,
        "top_score_percent": _estimate(score and score.top_score, 100, 1),
        f"mean_score_0_to_{table.scale_max}": _estimate(score and score.mean, 1, 2),
        "rescaled_mean_0_to_100": _estimate(score and score.mean_rescaled, 1, 1),
        "not_shown_because": row.hidden_by,
    }


def table_json(table: Table) -> dict[str, Any]:
    return {
        "response_format": load_instrument().scale(table.scale_max).name,
        "scale_max": table.scale_max,
        "by": list(table.by),
        "rules": vars(table.rules),
        "overall": row_json(table.overall, table),
        "groups": [row_json(row, table) for row in table.rows],
    }


def decisions_json(rows: list[DecisionRow]) -> list[dict[str, Any]]:
    return [
        {
            "aid": row.aid,
            "month": row.month,
            "decisions": row.total,
            "choices": [
                {"option": c.option or NOT_DECIDED, "count": c.count, "cost_pounds": c.cost}
                for c in row.choices
            ],
            "total_cost_pounds": row.total_cost,
            "collaborate": {
                str(scale): {
                    "complete": score_row.complete,
                    "top_score_percent": _estimate(
                        score_row.score and score_row.score.top_score, 100, 1
                    ),
                    "not_shown_because": score_row.hidden_by,
                }
                for scale, score_row in row.scores.items()
            },
        }
        for row in rows
    ]


def report_json(tables: list[Table], decisions: list[DecisionRow]) -> dict[str, Any]:
    instrument = load_instrument()
    return {
        "instrument": instrument.name,
        "licence": instrument.notice,
        "scores": [table_json(t) for t in tables],
        "decisions": decisions_json(decisions),
    }


# ------------------------------------------------------------------------------------------
# Text


def count_text(value: int | None) -> str:
    return HIDDEN_COUNT if value is None else f"{value:,}"


def interval_text(estimate: Estimate | None, factor: float, fmt: str) -> str:
    if estimate is None:
        return NO_SCORE
    s = estimate.scaled(factor)
    return f"{s.value:{fmt}} ({s.low:{fmt}} to {s.high:{fmt}})"


def group_label(row: Row) -> str:
    return " / ".join(row.key) if row.key else _OVERALL_LABEL


def table_cells(table: Table) -> tuple[tuple[str, ...], list[list[str]]]:
    """The table's headers, and a row of text cells per group (the overall row first)."""
    headers = (
        "group",
        "responses",
        "complete",
        "incomplete",
        "top score % (95% CI)",
        f"mean 0-{table.scale_max} (95% CI)",
        "rescaled mean 0-100",
    )
    lines = [
        [
            group_label(row),
            count_text(row.responses),
            count_text(row.complete),
            count_text(row.incomplete),
            interval_text(row.score and row.score.top_score, 100, ".1f"),
            interval_text(row.score and row.score.mean, 1, ".2f"),
            interval_text(row.score and row.score.mean_rescaled, 1, ".1f"),
        ]
        for row in (table.overall, *table.rows)
    ]
    return headers, lines


def table_text(table: Table) -> str:
    """A table for the terminal, with what its symbols mean under it."""
    scale = load_instrument().scale(table.scale_max)
    by = " and ".join(table.by) or "all responses"
    headers, lines = table_cells(table)
    widths = [max(len(r[i]) for r in [list(headers), *lines]) for i in range(len(headers))]

    def fmt(cells: list[str] | tuple[str, ...]) -> str:
        first = cells[0].ljust(widths[0])
        rest = (cell.rjust(width) for cell, width in zip(cells[1:], widths[1:], strict=True))
        return "  ".join([first, *rest]).rstrip()

    rules = table.rules
    return "\n".join(
        [
            f"collaboRATE, {scale.name} format, by {by}",
            fmt(headers),
            *(fmt(line) for line in lines),
            f"{HIDDEN_COUNT} a count under {rules.min_count}, or one that would reveal it, is "
            f"hidden. {NO_SCORE} no score: fewer than {rules.min_group} complete responses.",
            "The rescaled mean is the mean score on 0-100; it is not the top score.",
        ]
    )


def pounds_text(value: float | None, missing: str) -> str:
    return missing if value is None else f"£{value:,.2f}"


def choices_text(row: DecisionRow) -> str:
    """How many chose each option, and what that cost: ``doac 12 (£1,234.00); warfarin [c] ...``."""
    choices = []
    for c in row.choices:
        cost = "" if c.option is None else f" ({pounds_text(c.cost, 'no cost')})"
        choices.append(f"{c.option or NOT_DECIDED} {count_text(c.count)}{cost}")
    return "; ".join(choices)


def decisions_text(rows: list[DecisionRow], rules: Rules) -> str:
    if not rows:
        return "No decisions recorded."
    out = ["Decisions by aid and month"]
    for row in rows:
        total = pounds_text(
            row.total_cost, "total cost not shown (a count is hidden or a cost unknown)"
        )
        out.append(f"{row.aid} {row.month}: {count_text(row.total)} decisions; {total}")
        out.append("  " + choices_text(row))
        for scale, score_row in row.scores.items():
            top = interval_text(score_row.score and score_row.score.top_score, 100, ".1f")
            out.append(
                f"  collaboRATE 0-{scale}: top score % {top}, complete {count_text(score_row.complete)}"
            )
    out.append(
        f"{HIDDEN_COUNT} a count under {rules.min_count}, or one that would reveal it, is hidden."
    )
    return "\n".join(out)
