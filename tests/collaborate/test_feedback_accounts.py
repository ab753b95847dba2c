"""The evaluator dashboard's local accounts: argon2id hashes, never the password."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select

from collaborate._tables import accounts
from collaborate.accounts import set_password, verify_password
from collaborate.database import transaction

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
