"""Storage comes back without a restart, and each failure is logged once with its cause.

Issue 19: a SQLite file that had been unwritable stayed unusable until the server restarted
(8 of 8 retries over 32 s got 503 once write access was back, while a fresh process could
write), and no storage failure was ever logged (0 error lines across a PostgreSQL outage, a
read-only file and a full disk).

How the faults are made, so that they work as root (as CI runs) and on any filesystem:

- *An unwritable file.* SQLite decides whether a connection may write when it opens the file: a
  connection opened while the file was unwritable stays read-only after access returns, and a
  pool kept it. ``chmod`` cannot show this as root (root ignores permissions), and ``chattr +i``
  needs a capability and a filesystem CI may not have. ``PRAGMA query_only`` gives a connection
  exactly that property whoever runs the test: while the file is "unwritable", every connection
  opened is read-only and a write fails with SQLite's own "attempt to write a readonly
  database".
- *A full disk.* ``PRAGMA max_page_count`` set to the file's size makes SQLite itself fail a
  write with "database or disk is full", as a full disk does.
- *A PostgreSQL outage.* The throwaway server is stopped (``pg_ctl stop -m immediate``, as a
  crash) and started again.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from feedback_helpers import answered_links, consultation, count
from sqlalchemy import Engine, event
from starlette.testclient import TestClient

from collaborate._tables import responses
from collaborate.database import connect
from collaborate.errors import StorageUnavailable
from collaborate.links import create_link
from collaborate.responses import Answers, submit_response
from decision_aids.server import public_app
from tools.postgres import PostgresUnavailable, temporary_postgres
from tools.survey_server import form_fields

pytest_plugins = ["feedback_fixtures"]  # the database fixtures

LOGGER = "collaborate.database"
ATTEMPTS = 4  # failed attempts in each episode: more than one, so "once" means something


@contextmanager
def _while(engine: Engine, fault: Callable[[Any], None]) -> Iterator[None]:
    """Every connection opened inside the block gets `fault` first; the pool is emptied on the
    way in, as after a quiet spell, so the next request opens a new connection."""

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        fault(dbapi_connection)

    engine.dispose()
    event.listen(engine, "connect", on_connect)
    try:
        yield
    finally:
        event.remove(engine, "connect", on_connect)


def _unwritable(dbapi_connection: Any) -> None:
    dbapi_connection.execute("PRAGMA query_only = ON")


def _full(dbapi_connection: Any) -> None:
    """Not one page more than the database has now."""
    pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
    dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")


def _errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage() for r in caplog.records if r.name == LOGGER and r.levelno >= logging.ERROR
    ]


def _page_nonce(page: str) -> str:
    found = re.search(r'name="submission" value="([^"]+)"', page)
    assert found, "the form has no submission nonce"
    return found.group(1)


def test_a_sqlite_file_that_was_unwritable_is_written_again_without_a_restart(
    sqlite_url: str, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.INFO, logger=LOGGER)
    engine = connect(sqlite_url)
    tokens = [create_link(engine, consultation()).token for _ in range(2)]
    with TestClient(public_app(lambda: engine), raise_server_exceptions=False) as client:
        fields = form_fields((9, 8, 7), _page_nonce(client.get(f"/feedback/{tokens[0]}").text))
        with _while(engine, _unwritable):  # the file is unwritable
            for _ in range(ATTEMPTS):
                refused = client.post(f"/feedback/{tokens[0]}", data=fields)
                assert refused.status_code == 503
        # write access is back: the same process, the same engine, writes at the first try
        assert client.post(f"/feedback/{tokens[0]}", data=fields).status_code == 200
    assert count(engine, responses) == answered_links(engine) == 1

    [logged] = _errors(caplog)  # one line for the whole episode, with its cause
    assert "attempt to write a readonly database" in logged
    assert sqlite_url.removeprefix("sqlite:///") in logged
    recovered = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
    assert any(f"after {ATTEMPTS} failed attempts" in m for m in recovered)

    with _while(engine, _unwritable):  # a second episode is logged again, once
        for _ in range(ATTEMPTS):
            with pytest.raises(StorageUnavailable):
                submit_response(engine, tokens[1], Answers.of(1, 2, 3))
    assert len(_errors(caplog)) == 2
    submit_response(engine, tokens[1], Answers.of(1, 2, 3))
    assert count(engine, responses) == 2
    engine.dispose()


def _fill_up(engine: Engine) -> StorageUnavailable:
    """Add links until one needs a page the disk has not got; that refusal."""
    for _ in range(10_000):
        try:
            create_link(engine, consultation())
        except StorageUnavailable as full:
            return full
    pytest.fail("the database never filled up")


def test_a_full_disk_is_logged_once_and_writing_resumes_when_there_is_room(
    sqlite_url: str, caplog: pytest.LogCaptureFixture
):
    engine = connect(sqlite_url)
    with _while(engine, _full):
        assert "database or disk is full" in str(_fill_up(engine))
        for _ in range(ATTEMPTS - 1):
            with pytest.raises(StorageUnavailable, match="database or disk is full"):
                create_link(engine, consultation())
    [logged] = _errors(caplog)
    assert "database or disk is full" in logged
    link = create_link(engine, consultation())  # room again: the same engine writes
    submit_response(engine, link.token, Answers.of(9, 9, 9))
    assert count(engine, responses) == 1
    engine.dispose()


def test_a_postgresql_outage_is_logged_once_and_the_same_engine_works_after_it(
    caplog: pytest.LogCaptureFixture,
):
    try:
        with temporary_postgres() as server:
            engine = connect(server.url)
            link = create_link(engine, consultation())
            server.stop()
            causes = []
            for _ in range(ATTEMPTS):
                with pytest.raises(StorageUnavailable) as refused:
                    submit_response(engine, link.token, Answers.of(9, 9, 9))
                causes.append(str(refused.value))
            server.start()
            submit_response(engine, link.token, Answers.of(9, 9, 9))
            assert count(engine, responses) == answered_links(engine) == 1
            engine.dispose()
    except PostgresUnavailable as reason:
        pytest.skip(f"PostgreSQL tests skipped: {reason}")
    [logged] = _errors(caplog)
    assert logged.startswith(causes[0])  # the cause, as the first refusal gave it
    assert "Connection refused" in logged
