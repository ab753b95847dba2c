"""Where feedback is stored: a SQLite file by default, PostgreSQL for a real deployment.

:func:`connect` opens the database named by ``DECISION_AIDS_DATABASE_URL`` (or the default SQLite
file), brings its schema up to date with the Alembic migrations shipped in this package, and
returns a SQLAlchemy :class:`~sqlalchemy.Engine`. :func:`transaction` runs one unit of work in
one transaction and turns "the database is not there" into :class:`StorageUnavailable`.

SQLite runs in WAL mode with ``synchronous=FULL`` (a committed answer survives a power cut), and a
writing transaction starts with ``BEGIN IMMEDIATE`` so that concurrent writers wait for the lock
before they start (up to ``timeout`` seconds, 30 by default; set ``?timeout=N`` on the URL)
instead of failing half-way.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, exc, text
from sqlalchemy.engine import URL, make_url

from collaborate.errors import FeedbackError, StorageUnavailable

__all__ = ["DATABASE_URL_ENV", "connect", "database_url", "default_sqlite_path", "transaction"]

DATABASE_URL_ENV = "DECISION_AIDS_DATABASE_URL"
MIGRATIONS = Path(__file__).with_name("migrations")

_SQLITE_TIMEOUT_SECONDS = 30.0
_WRITE = "collaborate_write"  # execution option: this transaction writes
_MIGRATION_LOCK = 0x0C011AB0  # pg_advisory_xact_lock key held while migrating
_log = logging.getLogger(__name__)


def default_sqlite_path() -> Path:
    """``$XDG_DATA_HOME/decision-aids/feedback.sqlite3`` (``~/.local/share`` when unset)."""
    data_home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data_home) / "decision-aids" / "feedback.sqlite3"


def database_url(url: str | URL | None = None) -> URL:
    """The database to use: ``url``, else ``$DECISION_AIDS_DATABASE_URL``, else the SQLite file.

    ``postgresql://`` and ``postgres://`` URLs are given the psycopg 3 driver. Only SQLite and
    PostgreSQL are supported.
    """
    chosen = url or os.environ.get(DATABASE_URL_ENV)
    if not chosen:
        path = default_sqlite_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        return make_url(f"sqlite:///{path}")
    try:
        parsed = make_url(chosen)
    except exc.ArgumentError:
        raise FeedbackError(
            f"{DATABASE_URL_ENV} is not a database URL; write e.g. "
            "postgresql://user:password@host:5432/dbname or sqlite:////path/to/feedback.sqlite3"
        ) from None
    backend = parsed.get_backend_name()
    if backend == "postgres" or parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    elif backend not in ("sqlite", "postgresql"):
        raise FeedbackError(
            f"the feedback store supports SQLite and PostgreSQL, not {backend!r}; "
            f"set {DATABASE_URL_ENV} to a postgresql:// or sqlite:/// URL"
        )
    if parsed.drivername == "postgresql+psycopg" and find_spec("psycopg") is None:
        raise FeedbackError(
            "PostgreSQL needs the psycopg driver: pip install 'decision-aids[postgres]'"
        )
    return parsed


def connect(url: str | URL | None = None) -> Engine:
    """Open the feedback database and apply any migrations it has not had yet."""
    engine = _engine(database_url(url))
    migrate(engine)
    return engine


def _engine(url: URL) -> Engine:
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if url.database in (None, "", ":memory:"):
        raise FeedbackError("the feedback store needs a SQLite file, not an in-memory database")
    timeout = float(url.query.get("timeout", _SQLITE_TIMEOUT_SECONDS))  # type: ignore[arg-type]
    engine = create_engine(
        url.difference_update_query(["timeout"]), connect_args={"timeout": timeout}
    )
    event.listen(engine, "connect", _sqlite_connected)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connected(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # we issue BEGIN ourselves, in _sqlite_begin
    cursor = dbapi_connection.cursor()
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON"):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    """Start a transaction; a writing one takes the write lock at once (``BEGIN IMMEDIATE``)."""
    immediate = connection.get_execution_options().get(_WRITE, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@contextmanager
def transaction(engine: Engine, *, write: bool) -> Iterator[Connection]:
    """One transaction: committed if the block ends normally, rolled back if it raises.

    A database that cannot be reached, has gone away or stays locked raises
    :class:`StorageUnavailable`; since the transaction was rolled back, nothing of it was kept.
    """
    try:
        with engine.connect() as connection:
            if write:
                connection.execution_options(**{_WRITE: True})
            with connection.begin():
                yield connection
    except (exc.OperationalError, exc.InterfaceError) as error:
        raise _unavailable(engine, error, write) from error
    except exc.DBAPIError as error:
        if not error.connection_invalidated:
            raise
        raise _unavailable(engine, error, write) from error
    _OUTAGES.ended(_where(engine))


def _where(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def _unavailable(engine: Engine, error: exc.DBAPIError, write: bool) -> StorageUnavailable:
    """The error to raise, after dropping every pooled connection and logging the failure.

    A connection can outlive what broke it: SQLite opens a file read-only for good if it was
    unwritable at the time. So the pool is emptied, and the next transaction opens afresh.
    """
    engine.dispose()
    reason = str(error.orig).strip().splitlines()[0] if error.orig else type(error).__name__
    outcome = "nothing was saved" if write else "nothing was read"
    unavailable = StorageUnavailable(
        f"the feedback database at {_where(engine)} could not be used ({reason}); {outcome}. "
        f"Try again in a minute; if it keeps happening, check that the database is running and "
        f"that {DATABASE_URL_ENV} points at it"
    )
    _OUTAGES.failed(_where(engine), reason, str(unavailable))
    return unavailable


class _Outages:
    """The databases failing now, so that each failure is logged once, not once per request.

    An outage starts with the first failure, logged as an error with its cause; a failure with
    another cause is logged too. The next transaction that works ends it, logged as info with
    how many attempts failed. Kept by URL, so it spans the engines a process opens meanwhile.
    """

    def __init__(self) -> None:
        self._failing: dict[str, tuple[str, int]] = {}  # URL -> (cause, failed attempts)
        self._lock = threading.Lock()

    def failed(self, where: str, cause: str, message: str) -> None:
        with self._lock:
            known, attempts = self._failing.get(where, (None, 0))
            self._failing[where] = (cause, attempts + 1)
        if cause != known:
            _log.error("%s (logged once until it works again)", message)

    def ended(self, where: str) -> None:
        if where not in self._failing:  # the usual case, without taking the lock
            return
        with self._lock:
            cause, attempts = self._failing.pop(where, ("", 0))
        if attempts:
            _log.info(
                "the feedback database at %s works again after %d failed attempts (%s)",
                where,
                attempts,
                cause,
            )


_OUTAGES = _Outages()


def _alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def migrate(engine: Engine) -> None:
    """Bring the schema up to the newest migration, holding a lock so only one process does it."""
    script = ScriptDirectory.from_config(_alembic_config())
    head = script.get_current_head()
    with transaction(engine, write=False) as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    if current == head:
        return
    if current is not None and current not in {r.revision for r in script.walk_revisions()}:
        raise FeedbackError(
            f"the feedback database is at schema revision {current!r}, which this version of "
            "decision-aids does not know: it was made by a newer version; upgrade decision-aids"
        )
    with transaction(engine, write=True) as connection:  # SQLite: BEGIN IMMEDIATE is the lock
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
        command.upgrade(_alembic_config(connection), "head")
