"""The evaluator dashboard's local accounts: usernames with argon2id password hashes, sign-in
with throttling, and sessions.

Used where no OpenID Connect sign-in is configured. The password itself is never stored, and
:func:`verify_password` takes as long for an unknown user as for a wrong password.

**Throttling** (:func:`sign_in`). Wrong passwords are counted per account and per client
address. After ``FREE_FAILURES`` in a row (5 for an account, 10 for an address, which several
people may share) each further one locks that account or address for a growing time: 30 s, then
60 s, 2 min, … up to an hour. While locked, no password is even checked, the right one included,
and the page says until when. Every failure and every refusal is logged as a warning with its
account, address and count. A sign-in resets both counts; a count is forgotten after a day
without failures.

**Sessions.** A sign-in gives a random token for a cookie; the database keeps only its SHA-256
with the account and the time it ends (``SESSION_HOURS`` after the sign-in). Every server
process reads the same table, so the sign-in holds across reloads and across processes, until
it ends or the evaluator signs out. Setting an account's password ends its sessions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import secrets
from dataclasses import dataclass
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, Engine, case, delete, insert, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from collaborate._clock import utc
from collaborate._tables import accounts, sessions, sign_in_failures
from collaborate.database import transaction

__all__ = [
    "COOKIE",
    "FREE_FAILURES",
    "MIN_PASSWORD_LENGTH",
    "SESSION_HOURS",
    "Attempt",
    "lock_time",
    "session_user",
    "set_password",
    "sign_in",
    "sign_out",
    "verify_password",
]

_LOG = logging.getLogger(__name__)
#: The cookie that carries a session's token.
COOKIE = "decision_aids_evaluator"
SESSION_HOURS = 8
#: Wrong passwords in a row allowed before a lockout, per account and per client address.
FREE_FAILURES = {"account": 5, "client": 10}
_FIRST_LOCK = dt.timedelta(seconds=30)
_LONGEST_LOCK = dt.timedelta(hours=1)
_FORGET_AFTER = dt.timedelta(days=1)

MIN_PASSWORD_LENGTH = 12
_USERNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")
_HASHER = PasswordHasher()  # argon2id with the library's current recommended parameters


@cache
def _dummy_hash() -> str:
    """A hash to verify against for an unknown user, so the answer takes the usual time."""
    return _HASHER.hash(secrets.token_urlsafe(16))


def _check_username(username: str) -> str:
    if not _USERNAME.fullmatch(username):
        raise ValueError(
            f"{username!r} is not a username: use 1 to 64 letters, digits, dots, hyphens, "
            "underscores or @, starting with a letter or digit"
        )
    return username


def set_password(engine: Engine, username: str, password: str) -> None:
    """Create the account, or change its password."""
    _check_username(username)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(
            f"the password must be at least {MIN_PASSWORD_LENGTH} characters; a few unrelated "
            "words make a long password that is easy to remember"
        )
    row = {"password_hash": _HASHER.hash(password), "updated_at": utc()}
    with transaction(engine, write=True) as connection:
        connection.execute(delete(accounts).where(accounts.c.username == username))
        connection.execute(insert(accounts).values(username=username, **row))
        connection.execute(delete(sessions).where(sessions.c.username == username))


def verify_password(engine: Engine, username: str, password: str) -> bool:
    """Whether ``password`` is the account's password (False for an unknown account)."""
    stored = None
    if _USERNAME.fullmatch(username):
        with transaction(engine, write=False) as connection:
            stored = connection.execute(
                select(accounts.c.password_hash).where(accounts.c.username == username)
            ).scalar_one_or_none()
    try:
        _HASHER.verify(stored or _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return False
    if stored is None:
        return False
    if _HASHER.check_needs_rehash(stored):
        with transaction(engine, write=True) as connection:
            connection.execute(
                update(accounts)
                .where(accounts.c.username == username)
                .values(password_hash=_HASHER.hash(password), updated_at=utc())
            )
    return True


# ------------------------------------------------------------------------------------------
# Signing in, with throttling, and sessions


def lock_time(scope: str, failures: int) -> dt.timedelta:
    """How long ``failures`` wrong passwords in a row lock an account or a client address."""
    over = failures - FREE_FAILURES[scope]
    if over < 0:
        return dt.timedelta(0)
    return min(_FIRST_LOCK * 2 ** min(over, 20), _LONGEST_LOCK)


@dataclass(frozen=True)
class Attempt:
    """What a sign-in came to: a session (``token``), or a refusal, locked until when."""

    username: str | None = None
    token: str | None = None
    expires_at: dt.datetime | None = None  # UTC, when ``token`` stops working
    locked_until: dt.datetime | None = None  # UTC; None with no token: a wrong password


def _subjects(username: str, client: str) -> dict[str, str]:
    return {"account": f"account:{username[:64]}", "client": f"client:{client[:64]}"}


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _locked_until(engine: Engine, subjects: dict[str, str], now: dt.datetime) -> dt.datetime | None:
    query = select(sign_in_failures.c.locked_until).where(
        sign_in_failures.c.subject.in_(subjects.values()),
        sign_in_failures.c.locked_until > now,
    )
    with transaction(engine, write=False) as connection:
        found = connection.execute(query).scalars().all()
    return max(found, default=None)


def _count_failure(connection: Connection, scope: str, subject: str, now: dt.datetime) -> int:
    """Add a failure to ``subject``'s count (a day-old count starts again); the new count."""
    table = sign_in_failures
    dialect_insert = sqlite_insert if connection.dialect.name == "sqlite" else postgresql_insert
    statement = dialect_insert(table).values(subject=subject, failures=1, last_failure_at=now)
    stale = table.c.last_failure_at < now - _FORGET_AFTER
    connection.execute(
        statement.on_conflict_do_update(
            index_elements=[table.c.subject],
            set_={
                "failures": case((stale, 1), else_=table.c.failures + 1),
                "last_failure_at": now,
            },
        )
    )
    failures = int(
        connection.execute(select(table.c.failures).where(table.c.subject == subject)).scalar_one()
    )
    lock = lock_time(scope, failures)
    connection.execute(
        update(table)
        .where(table.c.subject == subject)
        .values(locked_until=now + lock if lock else None)
    )
    return failures


def sign_in(
    engine: Engine, username: str, password: str, client: str, now: dt.datetime | None = None
) -> Attempt:
    """Check a password from ``client`` (its address), throttled; a session if it is right.

    Refused without checking while the account or the address is locked.
    """
    now = utc(now)
    name = username.strip()
    subjects = _subjects(name, client)
    locked = _locked_until(engine, subjects, now)
    if locked is not None:
        _LOG.warning(
            "sign-in refused for account %r from %s: locked until %s UTC",
            name, client, f"{locked:%Y-%m-%d %H:%M:%S}",
        )  # fmt: skip
        return Attempt(locked_until=locked)
    if name and password and verify_password(engine, name, password):
        token = secrets.token_urlsafe(32)
        expires = now + dt.timedelta(hours=SESSION_HOURS)
        with transaction(engine, write=True) as connection:
            table = sign_in_failures
            connection.execute(delete(table).where(table.c.subject.in_(subjects.values())))
            connection.execute(delete(sessions).where(sessions.c.expires_at <= now))
            connection.execute(
                insert(sessions).values(
                    token_hash=_hash(token), username=name, created_at=now, expires_at=expires
                )
            )
        _LOG.info("signed in: account %r from %s", name, client)
        return Attempt(username=name, token=token, expires_at=expires)
    with transaction(engine, write=True) as connection:
        counts = {scope: _count_failure(connection, scope, s, now) for scope, s in subjects.items()}
    locks = [now + lock_time(scope, n) for scope, n in counts.items() if lock_time(scope, n)]
    until = max(locks, default=None)
    _LOG.warning(
        "sign-in failed for account %r from %s: %d wrong passwords in a row for the account, "
        "%d from the address%s",
        name, client, counts["account"], counts["client"],
        f"; locked until {until:%Y-%m-%d %H:%M:%S} UTC" if until else "",
    )  # fmt: skip
    return Attempt(locked_until=until)


def session_user(engine: Engine, token: str | None, now: dt.datetime | None = None) -> str | None:
    """The account signed in with the cookie ``token``, while its session lasts; else None."""
    if not isinstance(token, str) or not token:  # no cookie, or not one a browser sent
        return None
    query = select(sessions.c.username).where(
        sessions.c.token_hash == _hash(token), sessions.c.expires_at > utc(now)
    )
    with transaction(engine, write=False) as connection:
        return connection.execute(query).scalar_one_or_none()


def sign_out(engine: Engine, token: str | None) -> None:
    """End the session of the cookie ``token`` (nothing happens if there is none)."""
    if token:
        with transaction(engine, write=True) as connection:
            connection.execute(delete(sessions).where(sessions.c.token_hash == _hash(token)))
