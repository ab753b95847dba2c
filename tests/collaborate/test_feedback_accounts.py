"""The evaluator dashboard's local accounts: argon2id hashes, never the password; sign-in
throttled per account and per address, logged; sessions shared through the database."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from sqlalchemy import Engine, select

from collaborate._tables import accounts, sessions
from collaborate.accounts import (
    SESSION_HOURS,
    lock_time,
    session_user,
    set_password,
    sign_in,
    sign_out,
    verify_password,
)
from collaborate.database import connect, transaction

pytest_plugins = ["feedback_fixtures"]  # the database fixtures


PASSWORD = "correct horse battery staple"


def test_a_password_is_stored_as_an_argon2id_hash_and_verifies(engine: Engine):
    set_password(engine, "evaluator", PASSWORD)
    with transaction(engine, write=False) as connection:
        stored = connection.execute(select(accounts.c.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored
    assert verify_password(engine, "evaluator", PASSWORD)
    assert not verify_password(engine, "evaluator", PASSWORD.upper())
    assert not verify_password(engine, "someone-else", PASSWORD)
    assert not verify_password(engine, "'; drop table x; --", PASSWORD)


def test_setting_again_changes_the_password_and_salts_afresh(engine: Engine):
    set_password(engine, "evaluator", PASSWORD)
    set_password(engine, "other", PASSWORD)
    set_password(engine, "evaluator", "a different long password")
    assert not verify_password(engine, "evaluator", PASSWORD)
    assert verify_password(engine, "evaluator", "a different long password")
    with transaction(engine, write=False) as connection:
        hashes = connection.execute(select(accounts.c.password_hash)).scalars().all()
    assert len(hashes) == len(set(hashes)) == 2


def test_short_passwords_and_odd_usernames_are_refused(engine: Engine):
    with pytest.raises(ValueError, match="at least 12 characters"):
        set_password(engine, "evaluator", "short")
    with pytest.raises(ValueError, match="not a username"):
        set_password(engine, "an evaluator", PASSWORD)


# ------------------------------------------------------------------------------------------
# Signing in: throttled per account and per address, logged; sessions in the database

T0 = dt.datetime(2026, 3, 10, 9, 0, 0)
GUESSES = [f"guess number {i:02d}" for i in range(15)]


def _at(seconds: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


def test_fifteen_guesses_at_five_a_second_lock_the_account_and_are_logged(
    engine: Engine, caplog: pytest.LogCaptureFixture
):
    set_password(engine, "evaluator", PASSWORD)
    caplog.set_level(logging.WARNING, logger="collaborate.accounts")
    attempts = [
        sign_in(engine, "evaluator", guess, "198.51.100.7", now=_at(i / 5))
        for i, guess in enumerate(GUESSES)
    ]
    # the 5th wrong password (at 0.8 s) locks the account for 30 s: until 09:00:30.8
    assert [a.locked_until is not None for a in attempts] == [False] * 4 + [True] * 11
    assert attempts[4].locked_until == _at(0.8 + 30)
    assert all(a.locked_until == _at(30.8) for a in attempts[5:])  # refused, not checked
    right = sign_in(engine, "evaluator", PASSWORD, "198.51.100.7", now=_at(3.0))
    assert (right.token, right.locked_until) == (None, _at(30.8))
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 15 + 1  # every failure and every refusal
    assert "sign-in failed for account 'evaluator' from 198.51.100.7: 5 wrong" in warnings[4]
    assert "locked until 2026-03-10 09:00:30 UTC" in warnings[4]
    assert warnings[-1].startswith("sign-in refused for account 'evaluator' from 198.51.100.7")
    # after the lock, the right password works, and the count starts again
    after = sign_in(engine, "evaluator", PASSWORD, "198.51.100.7", now=_at(31.0))
    assert after.username == "evaluator"
    assert after.token is not None


def test_each_further_wrong_password_locks_for_twice_as_long(engine: Engine):
    set_password(engine, "evaluator", PASSWORD)
    # the 5th at 0 s locks 30 s; the 6th, at 31 s, 60 s; the 7th, at 92 s, 120 s
    assert sign_in(engine, "evaluator", "x", "a", now=_at(0)).locked_until is None
    for _ in range(3):
        sign_in(engine, "evaluator", "x", "a", now=_at(0))
    assert sign_in(engine, "evaluator", "x", "a", now=_at(0)).locked_until == _at(30)
    assert sign_in(engine, "evaluator", "x", "a", now=_at(31)).locked_until == _at(31 + 60)
    assert sign_in(engine, "evaluator", "x", "a", now=_at(92)).locked_until == _at(92 + 120)
    assert lock_time("account", 30) == dt.timedelta(hours=1)  # never longer
    assert lock_time("account", 4) == dt.timedelta(0)


def test_guesses_spread_over_accounts_lock_the_address(engine: Engine):
    set_password(engine, "evaluator", PASSWORD)
    # 10 wrong passwords from one address, each for a different account: the address locks
    for i in range(10):
        sign_in(engine, f"user{i}", "x", "203.0.113.9", now=_at(i))
    refused = sign_in(engine, "evaluator", PASSWORD, "203.0.113.9", now=_at(10))
    assert (refused.token, refused.locked_until) == (None, _at(9 + 30))
    # the account itself is not locked: from another address its password works
    assert sign_in(engine, "evaluator", PASSWORD, "192.0.2.1", now=_at(10)).token is not None


def test_a_session_lasts_its_stated_time_in_every_process_until_signed_out(
    engine: Engine, database_url: str
):
    set_password(engine, "evaluator", PASSWORD)
    attempt = sign_in(engine, "evaluator", PASSWORD, "192.0.2.1", now=T0)
    assert attempt.expires_at == T0 + dt.timedelta(hours=SESSION_HOURS)
    other_process = connect(database_url)  # its own connections, as another server process
    try:
        assert session_user(other_process, attempt.token, now=_at(1)) == "evaluator"
        last = T0 + dt.timedelta(hours=SESSION_HOURS) - dt.timedelta(seconds=1)
        assert session_user(other_process, attempt.token, now=last) == "evaluator"
        assert session_user(other_process, attempt.token, now=attempt.expires_at) is None
        assert session_user(other_process, "not a token", now=_at(1)) is None
        assert session_user(other_process, None) is None
        sign_out(other_process, attempt.token)
        assert session_user(engine, attempt.token, now=_at(2)) is None
    finally:
        other_process.dispose()


def test_setting_a_password_ends_the_accounts_sessions(engine: Engine):
    set_password(engine, "evaluator", PASSWORD)
    attempt = sign_in(engine, "evaluator", PASSWORD, "192.0.2.1")
    assert session_user(engine, attempt.token) == "evaluator"
    set_password(engine, "evaluator", "another long password")
    assert session_user(engine, attempt.token) is None
    with transaction(engine, write=False) as connection:
        stored = connection.execute(select(sessions.c.token_hash)).scalars().all()
    assert attempt.token not in stored  # only its hash was ever kept
