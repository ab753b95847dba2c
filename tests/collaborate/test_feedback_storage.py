"""Storage: which database, its settings, and migrations that run on start (also from a wheel)."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from feedback_helpers import add_responses, count
from sqlalchemy import Engine, inspect, text

from collaborate import database as storage
from collaborate._tables import decisions, metadata, responses, training
from collaborate.database import (
    DATABASE_URL_ENV,
    _alembic_config,
    connect,
    database_url,
    migrate,
    transaction,
)
from collaborate.decisions import record_decision
from collaborate.errors import FeedbackError
from collaborate.training import record_completion

pytest_plugins = ["feedback_fixtures"]  # the database fixtures

REPO = Path(__file__).resolve().parents[2]
NOW = dt.date(2026, 3, 10)


def test_migrations_build_exactly_the_tables_the_code_queries(engine: Engine):
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    assert differences == []


def test_migrating_again_is_a_no_op(engine: Engine):
    migrate(engine)
    with transaction(engine, write=False) as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).all() == [
            ("0003",)
        ]


def test_revision_0002_upgrades_a_0001_database_without_losing_its_data(database_url: str):
    engine = storage._engine(storage.database_url(database_url))  # not migrated
    with transaction(engine, write=True) as connection:
        command.upgrade(_alembic_config(connection), "0001")
    add_responses(engine, 3, (9, 8, 7))
    record_decision(
        engine, aid="af-anticoagulation", option=None, site="Y02345", clinician="C1", date=NOW
    )
    assert "training_completions" not in inspect(engine).get_table_names()

    migrate(engine)
    with transaction(engine, write=False) as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).all() == [
            ("0003",)
        ]
        answers = connection.execute(text("SELECT item_1, item_2, item_3 FROM feedback_responses"))
        assert answers.all() == [(9, 8, 7)] * 3
    assert (count(engine, responses), count(engine, decisions)) == (3, 1)
    record_completion(
        engine,
        clinician_code="C1",
        site_code="Y02345",
        module="general",
        score=4,
        out_of=5,
        completed_at=NOW,
    )
    assert count(engine, training) == 1
    engine.dispose()


def test_sqlite_runs_in_wal_mode_with_full_sync(sqlite_url: str):
    engine = connect(sqlite_url)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


def _connect_and_list(url: str) -> list[str]:
    engine = connect(url)
    names = sorted(inspect(engine).get_table_names())
    engine.dispose()
    return names


def test_processes_starting_at_once_migrate_once(database_url: str):
    with ProcessPoolExecutor(4) as pool:
        results = list(pool.map(_connect_and_list, [database_url] * 4))
    assert all(r == results[0] for r in results)
    assert "feedback_responses" in results[0]


def test_the_url_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv(DATABASE_URL_ENV, f"sqlite:///{tmp_path / 'env.sqlite3'}")
    connect().dispose()
    assert (tmp_path / "env.sqlite3").exists()


def test_the_default_is_a_sqlite_file_in_the_data_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    monkeypatch.delenv(DATABASE_URL_ENV, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert database_url().database == str(tmp_path / "decision-aids" / "feedback.sqlite3")


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://u:p@db:5432/feedback",
        "postgres://u:p@db/feedback",
        "postgresql+psycopg://u@db/f",
    ],
)
def test_postgresql_urls_get_the_psycopg_driver(url: str):
    assert database_url(url).drivername == "postgresql+psycopg"


def test_psycopg_missing_says_what_to_install(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr("collaborate.database.find_spec", lambda name: None)
    with pytest.raises(FeedbackError, match=r"pip install 'decision-aids\[postgres\]'"):
        database_url("postgresql://u@db/feedback")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://u@db/feedback", "supports SQLite and PostgreSQL"),
        ("not a url", "is not a database URL"),
        ("sqlite://", "needs a SQLite file"),
    ],
)
def test_unsupported_databases_are_refused_clearly(url: str, message: str):
    with pytest.raises(FeedbackError, match=message):
        connect(url)


def test_a_database_from_a_newer_version_is_refused(sqlite_url: str):
    engine = connect(sqlite_url)
    with transaction(engine, write=True) as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(FeedbackError, match="newer version; upgrade decision-aids"):
        connect(sqlite_url)


_MIGRATE_FROM_WHEEL = """
import json, sys, collaborate
from collaborate.database import connect
from sqlalchemy import inspect

engine = connect(sys.argv[1])
print(json.dumps({"package": collaborate.__file__, "tables": sorted(inspect(engine).get_table_names())}))
"""


def test_the_wheel_carries_the_migrations_and_the_instrument(
    tmp_path: Path, built_wheel: tuple[set[str], Path]
):
    names, site = built_wheel
    for needed in (
        "collaborate/instrument.yaml",
        "collaborate/migrations/env.py",
        "collaborate/migrations/script.py.mako",
        "collaborate/migrations/versions/0001_feedback_tables.py",
        "collaborate/migrations/versions/0002_training_and_peer_review.py",
        "collaborate/observer.yaml",
    ):
        assert needed in names

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}
    result = subprocess.run(
        [sys.executable, "-c", _MIGRATE_FROM_WHEEL, f"sqlite:///{tmp_path / 'w.sqlite3'}"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    found = json.loads(result.stdout)
    assert Path(found["package"]) == site / "collaborate" / "__init__.py"
    assert "feedback_responses" in found["tables"]
