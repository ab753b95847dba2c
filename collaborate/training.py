"""The training record: who completed the general module and each aid's self-check, with date
and score, by clinician code and site code (never a name).

The Learn page calls :func:`record_completion` when a clinician finishes the module or a
self-check; a retake adds a row. Coverage is read with :func:`clinician_sites` and
:func:`completions`; :mod:`collaborate.training_report` turns them into the evaluator's tables,
with the disclosure rules applied.

>>> import datetime as dt
>>> check_completion(module="general", score=4, out_of=5, completed_at=dt.date(2026, 3, 1),
...                  today=dt.date(2026, 3, 10))
(4, 5, datetime.date(2026, 3, 1))
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Engine, Table, insert, select, union

from collaborate import codes
from collaborate._clock import utc
from collaborate._tables import cells, decisions, peer_reviews, training
from collaborate.database import transaction

__all__ = [
    "GENERAL_MODULE",
    "Completion",
    "Who",
    "check_completion",
    "clinician_sites",
    "completions",
    "record_completion",
]

#: The module every clinician takes; any other module is an aid's slug (its self-check).
GENERAL_MODULE = "general"


@dataclass(frozen=True)
class Completion:
    """One completed module or self-check."""

    clinician: str
    site: str
    module: str  # GENERAL_MODULE, or the aid's slug
    completed_on: dt.date
    score: int
    out_of: int


@dataclass(frozen=True)
class Who:
    """Which clinicians and sites to count; an empty choice means all."""

    clinicians: tuple[str, ...] = ()
    sites: tuple[str, ...] = ()

    def conditions(self, table: Table) -> list[ColumnElement[bool]]:
        found: list[ColumnElement[bool]] = []
        if self.clinicians:
            found.append(table.c.clinician.in_(self.clinicians))
        if self.sites:
            found.append(table.c.site.in_(self.sites))
        return found


def _whole_number(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"the {what} must be a whole number, such as 4; got {value!r}")
    return value


def check_completion(
    *, module: str, score: int, out_of: int, completed_at: dt.date | None, today: dt.date
) -> tuple[int, int, dt.date]:
    """The score, out-of and completion date as stored, or ``ValueError`` saying what is wrong."""
    if module != GENERAL_MODULE:
        codes.check_slug(module)
    score = _whole_number(score, "score")
    out_of = _whole_number(out_of, "number of questions (out_of)")
    if out_of < 1:
        raise ValueError(f"a self-check has at least one question; out_of was {out_of}")
    if not 0 <= score <= out_of:
        raise ValueError(f"the score must be from 0 to {out_of} (out_of); got {score}")
    if isinstance(completed_at, dt.datetime):
        completed_at = utc(completed_at).date()
    day = completed_at or today
    if day > today:
        raise ValueError(
            f"the completion date {day.isoformat()} is after today ({today.isoformat()}); "
            "give the day the module or self-check was finished"
        )
    return score, out_of, day


def record_completion(
    engine: Engine,
    *,
    clinician_code: str,
    site_code: str,
    module: str,
    score: int,
    out_of: int,
    completed_at: dt.date | None = None,
) -> Completion:
    """Store one completed module (``module="general"``) or aid self-check (the aid's slug).

    ``completed_at`` is the day it was finished (a datetime is taken in UTC); today by default.
    That the aid exists is the caller's check (the Learn page offers only bundled aids); here the
    codes, the slug's form and the score are checked, each with a message saying what to fix.
    """
    clinician = codes.check_code(clinician_code, "clinician")
    site = codes.check_code(site_code, "site")
    score, out_of, day = check_completion(
        module=module, score=score, out_of=out_of, completed_at=completed_at, today=utc().date()
    )
    values = {
        "clinician": clinician,
        "site": site,
        "module": module,
        "completed_on": day,
        "score": score,
        "out_of": out_of,
    }
    with transaction(engine, write=True) as connection:
        connection.execute(insert(training).values(**values))
    return Completion(**values)  # type: ignore[arg-type]


def completions(engine: Engine, who: Who | None = None) -> list[Completion]:
    """Every completion recorded for ``who``, oldest first."""
    query = (
        select(training)
        .where(*(who or Who()).conditions(training))
        .order_by(training.c.completed_on, training.c.id)
    )
    with transaction(engine, write=False) as connection:
        rows = connection.execute(query).all()
    return [
        Completion(r.clinician, r.site, r.module, r.completed_on, r.score, r.out_of) for r in rows
    ]


def clinician_sites(engine: Engine, who: Who | None = None) -> list[tuple[str, str]]:
    """Every (clinician, site) pair known: from collaboRATE, decisions, training and peer
    reviews (as the clinician reviewed), sorted."""
    who = who or Who()
    sources: Sequence[Table] = (cells, decisions, training, peer_reviews)
    query = union(*(select(t.c.clinician, t.c.site).where(*who.conditions(t)) for t in sources))
    with transaction(engine, write=False) as connection:
        rows = connection.execute(query).all()
    return sorted((str(r[0]), str(r[1])) for r in rows)
