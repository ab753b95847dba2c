"""Feedback test fixtures: each test runs against SQLite and against a real PostgreSQL that the
session starts itself. Loaded as a plugin by the test modules (``pytest_plugins``), not as a
``conftest.py``: the top-level tests import the root conftest by its bare name, and a second
``conftest`` module would stand in its place."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from collaborate.database import connect
from tools.postgres import PostgresServer, PostgresUnavailable, temporary_postgres

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One throwaway PostgreSQL server for the whole session (skipped, saying why, if none)."""
    try:
        with temporary_postgres() as server:
            yield server
    except PostgresUnavailable as reason:
        pytest.skip(f"PostgreSQL tests skipped: {reason}")


def new_postgres_database(server: PostgresServer) -> str:
    """A fresh, empty database on ``server``; its URL."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return server.url.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture
def postgresql_url(postgres_server: PostgresServer) -> str:
    return new_postgres_database(postgres_server)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'feedback.sqlite3'}"


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest) -> str:
    """The URL of a fresh, empty database on each backend in turn."""
    return request.getfixturevalue(f"{request.param}_url")


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """A migrated, empty feedback database on each backend in turn."""
    engine = connect(database_url)
    yield engine
    engine.dispose()
