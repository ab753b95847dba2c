"""A throwaway PostgreSQL server for tests and benchmarks (never for real data).

:func:`temporary_postgres` runs ``initdb`` and ``pg_ctl`` from Debian's ``postgresql`` package
(or any on the ``PATH``) in a temporary folder, on a free port of 127.0.0.1, with durability
switched off for speed, and removes it all afterwards. PostgreSQL refuses to run as root, so
under root the server runs as the ``postgres`` user (``runuser``); no password is needed and
nothing reads standard input, so it works in CI.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

__all__ = ["PostgresServer", "PostgresUnavailable", "postgres_bin", "temporary_postgres"]

_SERVER_USER = "postgres"


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server can be started here; the message says why and what to install."""


def postgres_bin() -> Path:
    """The folder holding ``initdb`` and ``pg_ctl``."""
    on_path = shutil.which("pg_ctl")
    if on_path and shutil.which("initdb"):
        return Path(on_path).resolve().parent
    installed = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    if installed:
        return installed[-1].parent
    raise PostgresUnavailable(
        "PostgreSQL's initdb and pg_ctl were not found: install Debian's postgresql package "
        "(make setup-dev does, as root), or put them on the PATH"
    )


def _free_port() -> int:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_server_user(command: Sequence[str]) -> list[str]:
    if os.geteuid() != 0:
        return list(command)
    if shutil.which("runuser") is None:
        raise PostgresUnavailable("running as root, and runuser is missing to drop to postgres")
    return ["runuser", "-u", _SERVER_USER, "--", *command]


def _run(command: Sequence[str]) -> None:
    result = subprocess.run(
        _as_server_user(command),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if result.returncode != 0:
        raise PostgresUnavailable(
            f"{Path(command[0]).name} failed ({result.returncode}): "
            f"{(result.stderr or result.stdout).strip()[-2000:]}"
        )


def _owned_by_server_user(folder: Path) -> None:
    if os.geteuid() != 0:
        return
    try:
        user = pwd.getpwnam(_SERVER_USER)
    except KeyError:
        raise PostgresUnavailable(
            f"running as root, and there is no {_SERVER_USER!r} user to run PostgreSQL as "
            "(Debian's postgresql package creates it)"
        ) from None
    os.chown(folder, user.pw_uid, user.pw_gid)


@dataclass(frozen=True)
class PostgresServer:
    """A running throwaway server: ``url`` names its ``postgres`` database."""

    url: str
    bin_dir: Path
    data: Path
    log: Path
    options: str

    def start(self) -> None:
        _run([str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-l", str(self.log),
              "-o", self.options, "-w", "-t", "60", "start"])  # fmt: skip

    def stop(self) -> None:
        """Stop at once, as a crash would (``-m immediate``)."""
        _run([str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w",
              "stop"])  # fmt: skip


@contextmanager
def temporary_postgres() -> Iterator[PostgresServer]:
    """Start a server and yield it; stop and delete it afterwards."""
    bin_dir = postgres_bin()
    folder = Path(tempfile.mkdtemp(prefix="decision-aids-pg-"))
    try:
        _owned_by_server_user(folder)
        data = folder / "data"
        _run([str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
              "-E", "UTF8", "--no-sync"])  # fmt: skip
        port = _free_port()
        server = PostgresServer(
            url=f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres",
            bin_dir=bin_dir,
            data=data,
            log=folder / "server.log",
            options=(
                f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={folder} "
                "-c fsync=off -c full_page_writes=off"
            ),
        )
        server.start()
        try:
            yield server
        finally:
            server.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
