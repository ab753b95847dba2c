"""Recording an answered survey: once per link, in one transaction, idempotent on resubmission.

:func:`submit_response` marks the link answered and writes the response in the same
transaction, so either both happen or neither does: a process killed mid-write, or a database
that goes away, leaves the link unanswered and no response behind, and the person can try again.

Resubmitting the same form (the same ``submission_id``, e.g. after a lost reply or a double
click) returns the first receipt and writes nothing more; any other submission on an answered
link raises :class:`AnsweredLink`. The response row keeps no reference to its link.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, Engine, Row, insert, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from collaborate._clock import month_of, utc
from collaborate._tables import CELL_KEY, cells, links, responses
from collaborate.aggregates import Filters
from collaborate.database import transaction
from collaborate.errors import AnsweredLink, ExpiredLink, UnknownLink
from collaborate.instrument import ITEM_IDS, Respondent
from collaborate.links import consultation_of, is_token, token_hash

__all__ = [
    "Answers",
    "Mode",
    "Receipt",
    "StoredResponse",
    "is_submission_id",
    "new_submission_id",
    "stored_responses",
    "submit_response",
]

_SUBMISSION_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")


class Mode(StrEnum):
    """How the survey was answered. Scores differ by mode, so it is kept on every response."""

    ONLINE = "online"  # the person's own device, from a link
    TABLET = "tablet"  # a device handed over in clinic
    PAPER = "paper"  # a paper form, entered later
    PHONE = "phone"  # an automated or staffed telephone call


@dataclass(frozen=True)
class Answers:
    """The point chosen for each item, or None for an item left unanswered."""

    values: Mapping[str, int | None]

    def __post_init__(self) -> None:
        if set(self.values) != set(ITEM_IDS):
            raise ValueError(f"answers need exactly the items {', '.join(ITEM_IDS)}")
        for item, value in self.values.items():
            if value is not None and (type(value) is not int or value < 0):
                raise ValueError(
                    f"the answer to {item} must be a whole number from 0; got {value!r}"
                )

    def __hash__(self) -> int:
        return hash(tuple(sorted(self.values.items())))

    @classmethod
    def of(cls, *points: int | None) -> Answers:
        """``Answers.of(9, 8, None)``: the three items' points in order."""
        return cls(dict(zip(ITEM_IDS, points, strict=True)))

    @property
    def complete(self) -> bool:
        return all(v is not None for v in self.values.values())

    def sums(self, scale_max: int) -> dict[str, int]:
        """What this response adds to its cell's running sums (see ``_tables.cells``)."""
        if not self.complete:
            return {"responses": 1, "complete": 0, "top": 0, "total_sum": 0, "total_squares": 0}
        points = [v for v in self.values.values() if v is not None]
        total = sum(points)
        return {
            "responses": 1,
            "complete": 1,
            "top": int(all(v == scale_max for v in points)),
            "total_sum": total,
            "total_squares": total * total,
        }

    def check_scale(self, scale_max: int) -> None:
        over = {item: v for item, v in self.values.items() if v is not None and v > scale_max}
        if over:
            raise ValueError(f"answers must be from 0 to {scale_max} on this survey; got {over}")


@dataclass(frozen=True)
class Receipt:
    """A response is stored. ``already_recorded``: this was a resubmission of the same form."""

    already_recorded: bool


def new_submission_id() -> str:
    """A fresh nonce for a survey form, sent back with it to make resubmission idempotent."""
    return secrets.token_urlsafe(24)


def is_submission_id(text: str) -> bool:
    """Whether ``text`` has the shape of a nonce from :func:`new_submission_id`."""
    return _SUBMISSION_ID.fullmatch(text) is not None


def submit_response(
    engine: Engine,
    token: str,
    answers: Answers,
    *,
    submission_id: str | None = None,
    mode: Mode = Mode.ONLINE,
    now: dt.datetime | None = None,
) -> Receipt:
    """Store the answers to a survey link, once.

    Raises
    ------
    UnknownLink, ExpiredLink, AnsweredLink
        The link cannot be answered (nothing is written).
    StorageUnavailable
        The database could not be used; nothing was written, and it is safe to try again.
    ValueError
        An answer is off the link's scale, or the submission id is malformed (a bug in the page).
    """
    if submission_id is not None and not is_submission_id(submission_id):
        raise ValueError("submission_id must come from new_submission_id()")
    how = Mode(mode).value  # an unknown mode is refused before anything is written
    if not is_token(token):
        raise UnknownLink()
    key = token_hash(token)
    moment = utc(now)
    with transaction(engine, write=True) as connection:
        claimed = connection.execute(
            update(links)
            .where(
                links.c.token_hash == key,
                links.c.answered_at.is_(None),
                links.c.expires_at > moment,
            )
            .values(answered_at=moment, submission_id=submission_id)
            .returning(*links.c)
        ).one_or_none()
        if claimed is None:
            found = connection.execute(select(links).where(links.c.token_hash == key))
            return _not_claimed(found.one_or_none(), submission_id)
        consultation = consultation_of(claimed)
        answers.check_scale(consultation.scale_max)  # raising here rolls back the claim
        row = {
            "clinician": consultation.clinician,
            "site": consultation.site,
            "aid": consultation.aid,
            "month": month_of(consultation.date),
            "respondent": consultation.respondent,
            "scale_max": consultation.scale_max,
            "mode": how,
        }
        connection.execute(
            insert(responses).values(consultation_date=consultation.date, **row, **answers.values)
        )
        _add_to_cell(connection, row, answers.sums(consultation.scale_max))
    return Receipt(already_recorded=False)


@dataclass(frozen=True)
class StoredResponse:
    """A response as stored: the consultation's month, not its date, is all an export needs."""

    clinician: str
    site: str
    aid: str
    month: str
    respondent: Respondent
    scale_max: int
    mode: str
    answers: Answers


def stored_responses(engine: Engine, filters: Filters | None = None) -> list[StoredResponse]:
    """The stored responses, oldest consultation month first."""
    query = (
        select(responses)
        .where(*(filters or Filters()).conditions(responses))
        .order_by(responses.c.month, responses.c.id)
    )
    with transaction(engine, write=False) as connection:
        rows = connection.execute(query).all()
    return [
        StoredResponse(
            clinician=row.clinician,
            site=row.site,
            aid=row.aid,
            month=row.month,
            respondent=row.respondent,
            scale_max=row.scale_max,
            mode=row.mode,
            answers=Answers({item: getattr(row, item) for item in ITEM_IDS}),
        )
        for row in rows
    ]


def _add_to_cell(connection: Connection, key: dict[str, Any], sums: dict[str, int]) -> None:
    """Add one response's sums to its cell, creating the cell if it is the first."""
    dialect_insert = sqlite_insert if connection.dialect.name == "sqlite" else postgresql_insert
    statement = dialect_insert(cells).values(**key, **sums)
    connection.execute(
        statement.on_conflict_do_update(
            index_elements=list(CELL_KEY),
            set_={name: cells.c[name] + statement.excluded[name] for name in sums},
        )
    )


def _not_claimed(row: Row[Any] | None, submission_id: str | None) -> Receipt:
    """Why a link could not be claimed: a resubmission (fine), or a link that cannot be used."""
    if row is None:
        raise UnknownLink()
    if row.answered_at is None:
        raise ExpiredLink()
    if submission_id is not None and row.submission_id == submission_id:
        return Receipt(already_recorded=True)
    raise AnsweredLink()
