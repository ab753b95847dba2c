"""The evaluator dashboard's logic, so that its Streamlit page (``apps/evaluator.py``) only lays
out what this returns.

- **Who may look** (:func:`access`, :func:`check_password`, :func:`signed_in_as`): OpenID Connect
  through ``st.login`` where ``.streamlit/secrets.toml`` has an ``[auth]`` section; otherwise a
  local account whose password is set with ``decision-aids feedback set-password USERNAME``.
  With neither, nobody can sign in and the page says how to set one up.
- **What they chose** (:func:`options`, :func:`choose`): the filters offer what the database
  holds, and the choice becomes a :class:`~collaborate.aggregates.Filters`.
- **What they see** (:func:`report` and the helpers after it): scores by clinician, site, aid or
  mode and by month, the funnel plot and the trend, decisions with their cost, and the CSV and
  FHIR exports. Every number has been through the disclosure rules of :mod:`collaborate.report`
  before it gets here.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from importlib.util import find_spec
from typing import Any

import altair as alt
from sqlalchemy import Engine, exists, select

from collaborate._tables import accounts
from collaborate.accounts import verify_password
from collaborate.aggregates import (
    Dimension,
    Filters,
    published_decision_values,
    published_values,
)
from collaborate.charts import funnel_chart, trend_chart
from collaborate.csv_export import decisions_csv, scores_csv
from collaborate.database import transaction
from collaborate.fhir import export_bundle
from collaborate.instrument import load_instrument
from collaborate.report import (
    DecisionRow,
    OptionCost,
    Table,
    content_costs,
    decision_rows,
    funnel_of,
    score_tables,
)
from collaborate.report_format import (
    HIDDEN_COUNT,
    NO_SCORE,
    choices_text,
    count_text,
    interval_text,
    pounds_text,
    table_cells,
)
from collaborate.suppression import Rules
from decision_aids.content import bundled_library

__all__ = [
    "COMPARE_BY",
    "NO_ACCOUNT",
    "Access",
    "Export",
    "Options",
    "Report",
    "SignIn",
    "access",
    "check_password",
    "choose",
    "decision_table",
    "exports",
    "format_name",
    "funnel_figure",
    "options",
    "report",
    "scale_names",
    "score_table",
    "signed_in_as",
    "symbols",
    "trend_figure",
]

#: What units can be compared by on the funnel plot and in the table of scores.
COMPARE_BY: tuple[Dimension, ...] = ("clinician", "site", "aid", "mode")

NO_ACCOUNT = (
    "No evaluator account is set up, so nobody can sign in and no scores are shown. Whoever runs "
    "this server can set one up in either of two ways: a local account, with "
    "`decision-aids feedback set-password USERNAME` (it asks for the password), or sign-in "
    "through your organisation's OpenID Connect provider, with an `[auth]` section in "
    "`.streamlit/secrets.toml`."
)
_NO_AUTHLIB = (
    "Sign-in through OpenID Connect is set up (`[auth]` in `.streamlit/secrets.toml`), but the "
    "library it needs is missing, so nobody can sign in and no scores are shown. Install it "
    "with `pip install 'streamlit[auth]'`, then restart the server."
)


# ------------------------------------------------------------------------------------------
# Who may look


class SignIn(StrEnum):
    OIDC = "oidc"  # st.login, with the [auth] section of st.secrets
    LOCAL = "local"  # a local account's password (decision-aids feedback set-password)


@dataclass(frozen=True)
class Access:
    """How evaluators sign in here; ``problem``: why nobody can yet, and what to do about it."""

    method: SignIn
    problem: str | None = None


def _has_local_account(engine: Engine) -> bool:
    with transaction(engine, write=False) as connection:
        return bool(connection.execute(select(exists().select_from(accounts))).scalar())


def access(engine: Engine, secrets: Mapping[str, Any]) -> Access:
    """OpenID Connect where ``secrets`` (``st.secrets``) has an ``[auth]`` section, else local
    accounts."""
    try:
        auth = secrets.get("auth")
    except FileNotFoundError:  # st.secrets with no secrets.toml: nothing is configured
        auth = None
    if auth:
        return Access(SignIn.OIDC, None if find_spec("authlib") else _NO_AUTHLIB)
    return Access(SignIn.LOCAL, None if _has_local_account(engine) else NO_ACCOUNT)


def check_password(engine: Engine, username: str, password: str) -> str | None:
    """The username, signed in, if ``password`` is its local account's; else None."""
    name = username.strip()
    return name if name and password and verify_password(engine, name, password) else None


def signed_in_as(
    access: Access, local_user: str | None, oidc_user: Mapping[str, Any]
) -> str | None:
    """Who is signed in by the method in use (``oidc_user``: ``st.user.to_dict()``); None: nobody.

    A local sign-in counts only where local accounts are the method, and nothing counts while
    ``access`` has a problem.
    """
    if access.problem:
        return None
    if access.method is SignIn.OIDC:
        if not oidc_user.get("is_logged_in"):
            return None
        return str(oidc_user.get("email") or oidc_user.get("name") or "signed in")
    return local_user or None


# ------------------------------------------------------------------------------------------
# What they chose


@dataclass(frozen=True)
class Options:
    """What the filters offer: the values present in the database, sorted."""

    clinicians: tuple[str, ...]
    sites: tuple[str, ...]
    aids: tuple[str, ...]
    months: tuple[str, ...]
    scales: tuple[int, ...]  # the response formats present, 9 before 4


def options(engine: Engine, rules: Rules | None = None) -> Options:
    """What the filters offer: only values that some published response or decision has, so
    the list itself gives nothing away."""
    k = (rules or Rules()).min_count
    listed = {
        name: tuple(
            sorted(
                set(published_values(engine, name, min_count=k))
                | set(published_decision_values(engine, name, min_count=k))
            )
        )
        for name in ("clinician", "site", "aid", "month")
    }
    scales = published_values(engine, "scale_max", min_count=k)
    return Options(
        clinicians=listed["clinician"],
        sites=listed["site"],
        aids=listed["aid"],
        months=listed["month"],
        scales=tuple(sorted((int(s) for s in scales), reverse=True)),
    )


def scale_names(present: Sequence[int]) -> dict[int, str]:
    """Each response format present, by its top point, as the instrument names it."""
    instrument = load_instrument()
    return {s: instrument.scale(s).name for s in present}


def choose(
    *,
    clinicians: Sequence[str] = (),
    sites: Sequence[str] = (),
    aids: Sequence[str] = (),
    months: tuple[str, str] | None = None,
    scale: int | None = None,
) -> Filters:
    """The filters for a choice: nothing chosen means everything; ``months`` is inclusive."""
    first, last = months or (None, None)
    if first and last and first > last:
        first, last = last, first
    return Filters(
        clinicians=tuple(clinicians),
        sites=tuple(sites),
        aids=tuple(aids),
        first_month=first,
        last_month=last,
        scale_max=scale,
    )


# ------------------------------------------------------------------------------------------
# What they see


@dataclass(frozen=True)
class Report:
    """Everything the dashboard shows for one choice of filters; each list has a table per
    response format (never pooled)."""

    by: Dimension
    filters: Filters
    rules: Rules
    tables: list[Table]  # scores by ``by``
    months: list[Table]  # scores by month, for the trend
    decisions: list[DecisionRow]


def report(
    engine: Engine,
    filters: Filters,
    by: Dimension,
    rules: Rules | None = None,
    costs: Mapping[tuple[str, str], OptionCost] | None = None,
) -> Report:
    """The scores by ``by`` and by month, and the decisions, for ``filters``.

    ``costs`` defaults to the bundled aids' option costs.
    """
    if by not in COMPARE_BY:
        raise ValueError(f"compare by one of {', '.join(COMPARE_BY)}; got {by!r}")
    rules = rules or Rules()
    if costs is None:
        costs = content_costs(bundled_library().aids.values())
    return Report(
        by=by,
        filters=filters,
        rules=rules,
        tables=score_tables(engine, (by,), filters, rules),
        months=score_tables(engine, ("month",), filters, rules),
        decisions=decision_rows(engine, costs, filters, rules),
    )


def format_name(table: Table) -> str:
    """The response format of a table, as the instrument names it: "10-point (0 to 9)"."""
    return load_instrument().scale(table.scale_max).name


def score_table(table: Table) -> list[dict[str, str]]:
    """The table's rows as text cells under their headers, the overall row ("All") first."""
    headers, lines = table_cells(table)
    return [dict(zip(headers, line, strict=True)) for line in lines]


def decision_table(decision_rows: Sequence[DecisionRow]) -> list[dict[str, str]]:
    """Per aid and month: the decisions, what each choice cost, and the top score beside them."""
    rows = []
    for row in decision_rows:
        cells_ = {
            "aid": row.aid,
            "month": row.month,
            "decisions": count_text(row.total),
            "chosen (cost)": choices_text(row),
            "total cost": pounds_text(row.total_cost, "not shown"),
        }
        for scale, score_row in sorted(row.scores.items(), reverse=True):
            top = score_row.score and score_row.score.top_score
            cells_[f"top score % 0-{scale} (95% CI)"] = interval_text(top, 100, ".1f")
        rows.append(cells_)
    return rows


def symbols(rules: Rules) -> str:
    """What the tables' symbols mean."""
    return (
        f"{HIDDEN_COUNT} a count under {rules.min_count}, or one that would reveal it, is hidden. "
        f"{NO_SCORE} no score: fewer than {rules.min_group} complete responses. The rescaled mean "
        "is the mean score on 0-100; it is not the top score."
    )


def funnel_figure(table: Table) -> alt.LayerChart | None:
    """The funnel plot of a table's units; None while no unit has a score to place on it."""
    found = funnel_of(table)
    if found is None or not found.points:
        return None
    return funnel_chart(found, table.by[0])


def trend_figure(table: Table) -> alt.LayerChart | None:
    """The monthly trend of a table by month; None while no month has a score to show."""
    if not any(row.score for row in table.rows):
        return None
    return trend_chart(table)


@dataclass(frozen=True)
class Export:
    """A file to download, made only when asked for (``make``)."""

    label: str
    file_name: str
    mime: str
    make: Callable[[], str]


def exports(engine: Engine, shown: Report) -> list[Export]:
    """The report's tables as CSV (safe to open in a spreadsheet), and the responses as FHIR R4
    (released 10-anonymously), all under the same filters and rules."""
    return [
        Export(
            f"Scores by {shown.by} (CSV)",
            f"collaborate-scores-by-{shown.by}.csv",
            "text/csv",
            lambda: scores_csv(shown.tables),
        ),
        Export(
            "Decisions and their cost (CSV)",
            "collaborate-decisions.csv",
            "text/csv",
            lambda: decisions_csv(shown.decisions),
        ),
        Export(
            "Responses as FHIR R4 (JSON)",
            "collaborate-fhir-bundle.json",
            "application/fhir+json",
            lambda: json.dumps(
                export_bundle(engine, shown.filters, shown.rules), indent=2, ensure_ascii=False
            ),
        ),
    ]
