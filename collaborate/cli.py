"""``decision-aids feedback …``: survey links, reports, exports and the dashboard's password.

:func:`register` adds the ``feedback`` command to the ``decision-aids`` parser. Each command
returns its exit code: 0 done, 1 the database or the input could not be used (the message says
why and what to do), 2 a wrong argument.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import collaborate  # names load on first use: statistics and exports only when a command needs them
from collaborate.aggregates import DIMENSIONS
from collaborate.database import DATABASE_URL_ENV, connect
from collaborate.errors import FeedbackError
from collaborate.instrument import load_instrument
from collaborate.links import DEFAULT_DAYS, Consultation, create_link
from collaborate.suppression import Rules
from decision_aids.content import load_library

if TYPE_CHECKING:
    from sqlalchemy import Engine

__all__ = ["BASE_URL_ENV", "register"]

BASE_URL_ENV = "DECISION_AIDS_BASE_URL"
_DEFAULT_BASE_URL = "http://localhost:8501"
_REPORT_DIMENSIONS = ("clinician", "site", "aid", "month")

Command = Callable[[argparse.Namespace, "Engine"], int]


def _run(command: Command) -> Callable[[argparse.Namespace], int]:
    """Open the database for ``command`` and turn the library's errors into messages."""

    def run(args: argparse.Namespace) -> int:
        try:
            return command(args, connect(args.database))
        except FeedbackError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        except ValueError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2

    return run


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: write YYYY-MM-DD") from None


def _cmd_link(args: argparse.Namespace, engine: Engine) -> int:
    library = load_library()
    if args.aid not in library.aids:
        known = ", ".join(sorted(library.aids)) or "(none loaded)"
        print(f"error: no aid {args.aid!r}; the aids are: {known}", file=sys.stderr)
        return 2
    consultation = Consultation(
        clinician=args.clinician,
        site=args.site,
        aid=args.aid,
        date=args.date or dt.date.today(),
        respondent=args.respondent,
        scale_max=args.scale,
    )
    link = create_link(engine, consultation, days=args.days)
    print(link.url(args.base_url or os.environ.get(BASE_URL_ENV) or _DEFAULT_BASE_URL))
    print(f"expires {link.expires_at:%Y-%m-%d %H:%M} UTC; it can be answered once", file=sys.stderr)
    return 0


def _costs() -> dict:
    """Each option's cost per person, where the bundled content gives one."""
    return collaborate.content_costs(load_library().aids.values())


def _rules(args: argparse.Namespace) -> Rules:
    return Rules(min_group=args.min_group)


def _cmd_report(args: argparse.Namespace, engine: Engine) -> int:
    rules = _rules(args)
    tables = collaborate.score_tables(engine, (args.by,), rules=rules)
    decisions = collaborate.decision_rows(engine, _costs(), rules=rules)
    if args.json:
        report = collaborate.report_json(tables, decisions)
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return 0
    if not tables:
        print("No responses recorded yet.")
    for table in tables:
        print(collaborate.table_text(table), end="\n\n")
    print(collaborate.decisions_text(decisions, rules), end="\n\n")
    print(load_instrument().notice)
    return 0


def _cmd_export(args: argparse.Namespace, engine: Engine) -> int:
    rules = _rules(args)
    if args.format == "fhir":
        bundle = collaborate.export_bundle(engine, rules=rules)
        text = json.dumps(bundle, indent=2, ensure_ascii=False)
    elif args.table == "decisions":
        text = collaborate.decisions_csv(collaborate.decision_rows(engine, _costs(), rules=rules))
    else:
        text = collaborate.scores_csv(collaborate.score_tables(engine, (args.by,), rules=rules))
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8", newline="")
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _read_password() -> str:
    if sys.stdin.isatty():
        password = getpass.getpass("New password: ")
        if getpass.getpass("Same password again: ") != password:
            raise ValueError("the two passwords differ; nothing was changed")
        return password
    return sys.stdin.readline().rstrip("\r\n")


def _cmd_set_password(args: argparse.Namespace, engine: Engine) -> int:
    collaborate.set_password(engine, args.username, _read_password())
    print(f"password set for {args.username}", file=sys.stderr)
    return 0


def _add_rules(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--min-group",
        type=int,
        default=Rules().min_group,
        metavar="N",
        help="complete responses needed to show a score (default: %(default)s, the developers' rule)",
    )


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``feedback`` and its commands to the ``decision-aids`` command line."""
    feedback = subparsers.add_parser(
        "feedback", help="collaboRATE: survey links, reports, exports, dashboard password"
    )
    feedback.add_argument(
        "--database",
        metavar="URL",
        help=f"database URL (default: ${DATABASE_URL_ENV}, else a SQLite file in your data folder)",
    )
    sub = feedback.add_subparsers(dest="feedback_command", required=True)

    p = sub.add_parser("link", help="make a one-time survey link and print its URL")
    p.add_argument("--clinician", required=True, metavar="CODE", help="the clinician's code")
    p.add_argument("--site", required=True, metavar="CODE", help="the site's code (e.g. ODS)")
    p.add_argument("--aid", required=True, metavar="SLUG", help="the aid used, as in `list`")
    p.add_argument("--date", type=_date, help="the consultation's date (default: today)")
    p.add_argument("--days", type=int, default=DEFAULT_DAYS, help="days the link lasts")
    p.add_argument("--respondent", choices=("patient", "parent"), default="patient")
    p.add_argument(
        "--scale", type=int, choices=(9, 4), default=9, help="0-9 (default) or 0-4 answers"
    )
    p.add_argument("--base-url", help=f"the server's address (default: ${BASE_URL_ENV})")
    p.set_defaults(func=_run(_cmd_link))

    p = sub.add_parser("report", help="scores and decisions, small numbers hidden")
    p.add_argument("--json", action="store_true")
    p.add_argument("--by", choices=_REPORT_DIMENSIONS, default="site")
    _add_rules(p)
    p.set_defaults(func=_run(_cmd_report))

    p = sub.add_parser("export", help="export the report as CSV, or responses as FHIR R4")
    p.add_argument("--format", choices=("csv", "fhir"), required=True)
    p.add_argument("--table", choices=("scores", "decisions"), default="scores", help="for CSV")
    p.add_argument("--by", choices=DIMENSIONS, default="site", help="for the CSV of scores")
    p.add_argument("--output", metavar="FILE", help="write here instead of to the screen")
    _add_rules(p)
    p.set_defaults(func=_run(_cmd_export))

    p = sub.add_parser(
        "set-password",
        help="set the evaluator dashboard's local password (asked for, or one line on stdin)",
    )
    p.add_argument("username")
    p.set_defaults(func=_run(_cmd_set_password))
