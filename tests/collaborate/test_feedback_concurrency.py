"""Nothing lost, nothing counted twice: many writers at once, a writer killed mid-write, and a
database that goes away during a submission."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from feedback_helpers import answered_links, cell_totals, consultation, count
from sqlalchemy import Engine, create_engine, event, text

from collaborate._tables import responses
from collaborate.database import connect
from collaborate.errors import StorageUnavailable
from collaborate.links import create_link
from collaborate.responses import Answers, stored_responses, submit_response
from tools.postgres import PostgresServer, PostgresUnavailable, temporary_postgres

pytest_plugins = ["feedback_fixtures"]  # the database fixtures


WORKER = Path(__file__).with_name("feedback_worker.py")
PROCESSES = 8
EACH = 500
CONTESTED = 50  # tokens that every process tries to answer at once


def _worker(mode: str, url: str, job: dict[str, Any], folder: Path) -> subprocess.Popen[bytes]:
    job_file = folder / f"job-{mode}-{len(list(folder.iterdir()))}.json"
    job_file.write_text(json.dumps(job))
    return subprocess.Popen(
        [sys.executable, str(WORKER), mode, url, str(job_file)], stdin=subprocess.DEVNULL
    )


def _wait_for(ready: Any, workers: list[subprocess.Popen[bytes]], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not ready():
        assert all(w.poll() is None for w in workers), "a worker ended before it was ready"
        assert time.monotonic() < deadline, "the workers never got ready"
        time.sleep(0.01)


def _points(i: int) -> tuple[int | None, int | None, int | None]:
    """Varied answers, some incomplete, so a lost or doubled row changes the tallies."""
    return (i % 10, (i // 10) % 10, None if i % 17 == 0 else (i // 100) % 10)


def test_eight_processes_submitting_at_once_lose_none_and_duplicate_none(
    database_url: str, tmp_path: Path
):
    engine = connect(database_url)
    expected: Counter[tuple[object, ...]] = Counter()
    jobs = []
    for p in range(PROCESSES):
        own = []
        for i in range(EACH):
            about = consultation(
                clinician=f"W{p}", site=f"S{i % 7}", date=dt.date(2026, 1 + i % 3, 1)
            )
            own.append((create_link(engine, about).token, _points(i)))
            expected[(f"W{p}", f"S{i % 7}", f"2026-0{1 + i % 3}", Answers.of(*_points(i)))] += 1
        jobs.append({"own": own})
    contested = [create_link(engine, consultation(site=f"X{j}")).token for j in range(CONTESTED)]
    start_file = tmp_path / "start"
    workers = []
    for p, job in enumerate(jobs):
        job["contested"] = [(token, (p, p, p)) for token in contested]
        job["start_file"] = str(start_file)
        job["ready_file"] = str(tmp_path / f"ready-{p}")
        job["out_file"] = str(tmp_path / f"out-{p}.json")
        workers.append(_worker("submit", database_url, job, tmp_path))
    _wait_for(lambda: all(Path(j["ready_file"]).exists() for j in jobs), workers)
    started = time.perf_counter()  # every process has connected: all start at once
    start_file.touch()
    assert [w.wait(timeout=540) for w in workers] == [0] * PROCESSES
    elapsed = time.perf_counter() - started

    tallies = [json.loads((tmp_path / f"out-{p}.json").read_text()) for p in range(PROCESSES)]
    assert all("error" not in t for t in tallies), tallies
    accepted = sum(t["accepted"] for t in tallies)
    assert accepted == PROCESSES * EACH + CONTESTED
    assert sum(t["resubmitted"] for t in tallies) == PROCESSES * EACH
    assert sum(t["refused"] for t in tallies) == CONTESTED * (PROCESSES - 1)

    stored = stored_responses(engine)
    assert len(stored) == count(engine, responses) == answered_links(engine) == cell_totals(engine)
    found = Counter((r.clinician, r.site, r.month, r.answers) for r in stored if r.site[0] == "S")
    assert found == expected  # every own response exactly once, with its own answers
    winners = Counter(r.site for r in stored if r.site[0] == "X")
    assert winners == {f"X{j}": 1 for j in range(CONTESTED)}  # each contested link once
    print(f"\n{engine.dialect.name}: {accepted} responses (+{PROCESSES * EACH} resubmissions, "
          f"{CONTESTED * (PROCESSES - 1)} refusals) from {PROCESSES} processes in {elapsed:.1f} s")  # fmt: skip
    engine.dispose()


def test_a_process_killed_during_a_write_leaves_no_partial_response(
    database_url: str, tmp_path: Path
):
    engine = connect(database_url)
    link = create_link(engine, consultation())
    ready = tmp_path / "ready"
    worker = _worker(
        "hold", database_url, {"token": link.token, "ready_file": str(ready)}, tmp_path
    )
    _wait_for(ready.exists, [worker])  # the response row is written, not committed
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=30)

    assert count(engine, responses) == answered_links(engine) == cell_totals(engine) == 0
    receipt = submit_response(engine, link.token, Answers.of(1, 2, 3))  # not locked, not used
    assert not receipt.already_recorded
    assert count(engine, responses) == answered_links(engine) == cell_totals(engine) == 1
    engine.dispose()


def _fail_before_response_insert(engine: Engine, fail: Any) -> None:
    @event.listens_for(engine, "before_cursor_execute")
    def _go_away(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO FEEDBACK_RESPONSES"):
            event.remove(engine, "before_cursor_execute", _go_away)
            fail(conn)


def test_the_postgresql_connection_dropped_mid_submission(postgresql_url: str):
    """The server ends the session after the link is claimed: a clear error, nothing half."""
    engine = connect(postgresql_url)
    admin = create_engine(postgresql_url, isolation_level="AUTOCOMMIT")
    link = create_link(engine, consultation())

    def terminate(conn: Any) -> None:
        pid = conn.connection.dbapi_connection.info.backend_pid
        with admin.connect() as other:
            other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})

    _fail_before_response_insert(engine, terminate)
    with pytest.raises(StorageUnavailable, match=r"nothing was saved\. Try again"):
        submit_response(engine, link.token, Answers.of(9, 9, 9))
    assert count(engine, responses) == answered_links(engine) == cell_totals(engine) == 0
    submit_response(engine, link.token, Answers.of(9, 9, 9))  # the retry works
    assert count(engine, responses) == answered_links(engine) == cell_totals(engine) == 1
    admin.dispose()
    engine.dispose()


def test_the_postgresql_server_stopped_and_restarted():
    """A whole server outage: refused clearly while down, and the retry after counts once."""
    try:
        with temporary_postgres() as server:
            _outage(server)
    except PostgresUnavailable as reason:
        pytest.skip(f"PostgreSQL tests skipped: {reason}")


def _outage(server: PostgresServer) -> None:
    engine = connect(server.url)
    link = create_link(engine, consultation())
    server.stop()
    with pytest.raises(StorageUnavailable, match="could not be used"):
        submit_response(engine, link.token, Answers.of(9, 9, 9))
    server.start()
    submit_response(engine, link.token, Answers.of(9, 9, 9))
    assert count(engine, responses) == answered_links(engine) == cell_totals(engine) == 1
    engine.dispose()


def test_a_sqlite_write_failing_mid_submission_rolls_everything_back(sqlite_url: str):
    engine = connect(sqlite_url)
    link = create_link(engine, consultation())

    def disk_error(conn: Any) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    _fail_before_response_insert(engine, disk_error)
    with pytest.raises(StorageUnavailable, match=r"disk I/O error\); nothing was saved"):
        submit_response(engine, link.token, Answers.of(9, 9, 9))
    assert count(engine, responses) == answered_links(engine) == cell_totals(engine) == 0
    submit_response(engine, link.token, Answers.of(9, 9, 9))
    assert count(engine, responses) == 1


def test_a_sqlite_database_locked_too_long_is_a_clear_retryable_error(tmp_path: Path):
    path = tmp_path / "feedback.sqlite3"
    engine = connect(f"sqlite:///{path}?timeout=0.2")
    link = create_link(engine, consultation())
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StorageUnavailable, match="database is locked"):
            submit_response(engine, link.token, Answers.of(9, 9, 9))
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    submit_response(engine, link.token, Answers.of(9, 9, 9))
    assert count(engine, responses) == answered_links(engine) == 1
