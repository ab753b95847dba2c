"""The evaluator dashboard's local accounts: usernames with argon2id password hashes.

Used where no OpenID Connect sign-in is configured. The password itself is never stored, and
:func:`verify_password` takes as long for an unknown user as for a wrong password.
"""

from __future__ import annotations

import re
import secrets
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, delete, insert, select, update

from collaborate._clock import utc
from collaborate._tables import accounts
from collaborate.database import transaction

__all__ = ["MIN_PASSWORD_LENGTH", "set_password", "verify_password"]

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
