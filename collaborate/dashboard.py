"""The evaluator dashboard's logic, so that its Streamlit page (``apps/evaluator.py``) only lays
out what this returns.

- **Who may look** (:func:`access`, :func:`signed_in_as`, :func:`local_user`,
  :func:`oidc_user`): OpenID Connect through ``st.login`` where ``.streamlit/secrets.toml`` has
  an ``[auth]`` section; otherwise a local account whose password is set with ``decision-aids
  feedback set-password USERNAME``, signed in on the server's own page
  (:mod:`collaborate.evaluator_web`), whose session cookie lasts across reloads. With neither,
  nobody can sign in and the page says how to set one up.
- **What they chose** (:func:`options`, :func:`choose`): the filters offer what the database
  holds, and the choice becomes a :class:`~collaborate.aggregates.Filters`.
- **What they see** (:func:`report` and the helpers after it): scores by clinician, site, aid or
  mode and by month, the funnel plot and the trend, decisions with their cost, and the CSV and
  FHIR exports, downloaded from the server's own route (:func:`export_links`), which checks the
  sign-in. Every number has been through the disclosure rules of :mod:`collaborate.report`
  before it gets here; :func:`status` says when nothing can be shown yet.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from importlib.util import find_spec
from typing import Any
from urllib.parse import parse_qs, urlencode

import altair as alt
from sqlalchemy import Engine, exists, func, select

from collaborate._tables import accounts, cells, decisions
from collaborate.accounts import COOKIE, session_user
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
    "NOTHING_CHOSEN",
    "NO_ACCOUNT",
    "Access",
    "Export",
    "Options",
    "Report",
    "SignIn",
    "access",
    "choose",
    "decision_table",
    "export_links",
    "exports",
    "format_name",
    "funnel_figure",
    "local_user",
    "oidc_user",
    "options",
    "read_export_query",
    "report",
    "scale_names",
    "score_table",
    "signed_in_as",
    "status",
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


def local_user(engine: Engine, cookies: Mapping[str, str]) -> str | None:
    """The local account whose session cookie is among ``cookies``, while its session lasts."""
    return session_user(engine, cookies.get(COOKIE))


_STREAMLIT_USER_COOKIE = "_streamlit_user"


def oidc_user(cookies: Mapping[str, str], origin: str) -> dict[str, Any]:
    """Streamlit's OpenID Connect sign-in as ``st.user`` gives it, read from its signed cookie
    the way Streamlit reads it, for routes outside Streamlit; {} when there is none."""
    try:  # Streamlit's own reading of its cookie (private, so checked by a test)
        from streamlit.web.server.starlette.starlette_websocket import (
            _get_signed_cookie_with_chunks,
            _parse_decoded_user_cookie,
        )
    except ImportError:
        return {}
    decoded = _get_signed_cookie_with_chunks(dict(cookies), _STREAMLIT_USER_COOKIE)
    return {} if decoded is None else _parse_decoded_user_cookie(decoded, origin)


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


NOTHING_CHOSEN = (
    "No responses to show for this choice: none of the groups it picks has 10 or more "
    "responses that could be shown."
)


#: What :func:`status` says when there is nothing at all: the one case in which the page may list
#: training without hinting at who has collaboRATE responses.
NOTHING_RECORDED = "No responses or decisions are recorded yet."


def status(engine: Engine, rules: Rules | None = None) -> str | None:
    """What to say instead of empty tables when no response or decision can be shown yet; None
    otherwise."""
    k = (rules or Rules()).min_count
    if published_values(engine, "scale_max", min_count=k) or published_decision_values(
        engine, "aid", min_count=k
    ):
        return None
    with transaction(engine, write=False) as connection:
        total = connection.execute(select(func.coalesce(func.sum(cells.c.responses), 0))).scalar()
        decided = connection.execute(select(func.count()).select_from(decisions)).scalar()
    if not total and not decided:
        return NOTHING_RECORDED
    if int(total or 0) < k:
        return f"Fewer than {k} responses so far, so no scores or counts are shown yet."
    return (
        f"No {k} responses yet share a clinician, site, aid, month, way of answering and "
        "response format, so no scores or counts are shown yet: a smaller group could be "
        "worked out from the totals."
    )


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


_EXPORT_PATH = "/evaluator/exports"
_MONTH = re.compile(r"\d{4}-\d{2}")
_LISTS = {"clinician": "clinicians", "site": "sites", "aid": "aids"}


def export_links(shown: Report) -> list[tuple[str, str]]:
    """Each download's label and address on the server's own route, with the report's
    filters in the query string (:func:`read_export_query` reads them back)."""
    f = shown.filters
    query: list[tuple[str, str]] = [("by", shown.by)]
    for name, field in _LISTS.items():
        query += [(name, value) for value in getattr(f, field)]
    query += [(n, v) for n, v in (("from", f.first_month), ("to", f.last_month)) if v]
    if f.scale_max is not None:
        query.append(("scale", str(f.scale_max)))
    return [
        (label, f"{_EXPORT_PATH}/{file_name}?{urlencode(query)}")
        for label, file_name, _ in _downloads(shown.by)
    ]


def read_export_query(query: str) -> tuple[Dimension, Filters]:
    """The comparison and the filters in a download's query string; ValueError, saying what is
    wrong, for anything else."""
    params = parse_qs(query)

    def one(name: str) -> str | None:
        values = params.get(name)
        return values[-1] if values else None

    by = one("by") or "site"
    if by not in COMPARE_BY:
        raise ValueError(f"compare by one of {', '.join(COMPARE_BY)}; got {by!r}")
    months = [one("from"), one("to")]
    if any(m is not None and not _MONTH.fullmatch(m) for m in months):
        raise ValueError("months are written YYYY-MM, as 2026-03")
    scale = one("scale")
    if scale not in (None, "9", "4"):
        raise ValueError("the response format is 9 (0 to 9) or 4 (0 to 4)")
    lists = {field: tuple(params.get(name, ())) for name, field in _LISTS.items()}
    return by, Filters(
        **lists,
        first_month=months[0],
        last_month=months[1],
        scale_max=None if scale is None else int(scale),
    )


def _downloads(by: str) -> list[tuple[str, str, str]]:
    """Each download's label, file name and type."""
    return [
        (f"Scores by {by} (CSV)", f"collaborate-scores-by-{by}.csv", "text/csv"),
        ("Decisions and their cost (CSV)", "collaborate-decisions.csv", "text/csv"),
        ("Responses as FHIR R4 (JSON)", "collaborate-fhir-bundle.json", "application/fhir+json"),
    ]


def exports(engine: Engine, shown: Report) -> list[Export]:
    """The report's tables as CSV (safe to open in a spreadsheet), and the responses as FHIR R4
    (released 10-anonymously), all under the same filters and rules."""
    makers: list[Callable[[], str]] = [
        lambda: scores_csv(shown.tables),
        lambda: decisions_csv(shown.decisions),
        lambda: json.dumps(
            export_bundle(engine, shown.filters, shown.rules), indent=2, ensure_ascii=False
        ),
    ]
    return [
        Export(label, file_name, mime, make)
        for (label, file_name, mime), make in zip(_downloads(shown.by), makers, strict=True)
    ]
