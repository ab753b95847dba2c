"""One-time survey links: ``<base>/feedback/<token>``.

A token is 32 random bytes from :mod:`secrets` (256 bits, URL-safe text), so it cannot be guessed.
It is tied to a :class:`Consultation` — clinician code, site code, aid, date, and which version of
the instrument to show — and never to the patient. The database keeps only the token's SHA-256,
so a copy of the database gives nobody a usable link. A link expires, and can be answered once
(see :func:`collaborate.responses.submit_response`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Engine, Row, insert, select

from collaborate import codes
from collaborate._clock import utc
from collaborate._tables import links
from collaborate.database import transaction
from collaborate.errors import AnsweredLink, ExpiredLink, UnknownLink
from collaborate.instrument import Respondent, load_instrument

__all__ = [
    "DEFAULT_DAYS",
    "MAX_DAYS",
    "Consultation",
    "NewLink",
    "create_link",
    "link_url",
    "open_link",
]

DEFAULT_DAYS = 7
MAX_DAYS = 90
_TOKEN_BYTES = 32
_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")


@dataclass(frozen=True)
class Consultation:
    """What a survey link is about. Nothing here identifies the patient."""

    clinician: str
    site: str
    aid: str
    date: dt.date
    respondent: Respondent = "patient"
    scale_max: int = 9

    def __post_init__(self) -> None:
        codes.check_code(self.clinician, "clinician")
        codes.check_code(self.site, "site")
        codes.check_slug(self.aid)
        instrument = load_instrument()
        instrument.version(self.respondent)
        instrument.scale(self.scale_max)


@dataclass(frozen=True)
class NewLink:
    """A link just made. ``token`` is shown once, here, and is not stored anywhere."""

    token: str
    consultation: Consultation
    expires_at: dt.datetime  # UTC

    def url(self, base_url: str) -> str:
        return link_url(base_url, self.token)


def link_url(base_url: str, token: str) -> str:
    """``<base_url>/feedback/<token>``; the base must be an http(s) address."""
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ValueError(
            f"the base URL {base_url!r} must be the server's web address, e.g. "
            "https://decisions.example.nhs.uk (http or https, no query)"
        )
    return f"{base_url.rstrip('/')}/feedback/{token}"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def create_link(
    engine: Engine,
    consultation: Consultation,
    *,
    days: int = DEFAULT_DAYS,
    now: dt.datetime | None = None,
) -> NewLink:
    """Make and store a one-time link for ``consultation``, valid for ``days`` days."""
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(f"a link lasts 1 to {MAX_DAYS} days; got {days}")
    created = utc(now)
    if consultation.date > created.date() + dt.timedelta(days=1):
        raise ValueError(
            f"the consultation date {consultation.date} is in the future; give the date the "
            "consultation took place"
        )
    token = secrets.token_urlsafe(_TOKEN_BYTES)
    expires = created + dt.timedelta(days=days)
    with transaction(engine, write=True) as connection:
        connection.execute(
            insert(links).values(
                token_hash=token_hash(token),
                clinician=consultation.clinician,
                site=consultation.site,
                aid=consultation.aid,
                consultation_date=consultation.date,
                respondent=consultation.respondent,
                scale_max=consultation.scale_max,
                created_at=created,
                expires_at=expires,
            )
        )
    return NewLink(token=token, consultation=consultation, expires_at=expires)


def open_link(engine: Engine, token: str, *, now: dt.datetime | None = None) -> Consultation:
    """The consultation a link is for, to show its survey; raises a :class:`LinkError` if the
    link is unknown, already answered or expired (in that order of precedence)."""
    if not is_token(token):
        raise UnknownLink()
    with transaction(engine, write=False) as connection:
        row = connection.execute(
            select(links).where(links.c.token_hash == token_hash(token))
        ).one_or_none()
    if row is None:
        raise UnknownLink()
    if row.answered_at is not None:
        raise AnsweredLink()
    if row.expires_at <= utc(now):
        raise ExpiredLink()
    return consultation_of(row)


def consultation_of(row: Row[Any]) -> Consultation:
    """The :class:`Consultation` held in a row of the links table."""
    return Consultation(
        clinician=row.clinician,
        site=row.site,
        aid=row.aid,
        date=row.consultation_date,
        respondent=row.respondent,
        scale_max=row.scale_max,
    )


def is_token(text: str) -> bool:
    """Whether ``text`` has the shape of a token (a cheap check before any database look-up)."""
    return _TOKEN.fullmatch(text) is not None
