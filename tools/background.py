"""Run `decision-aids serve` in a child process on a free port: for browser tests and benchmarks."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


class ServerError(RuntimeError):
    """The server did not start; the message ends with what it printed."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_up(url: str, process: subprocess.Popen[bytes], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerError(f"the server stopped with exit code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.25)
    raise ServerError(f"the server did not answer {url} within {seconds:g} s")


@dataclass(frozen=True)
class RunningServer:
    """A server started by :func:`server_process`: its base URL, and its process (to kill)."""

    url: str
    process: subprocess.Popen[bytes]


@contextmanager
def running_server(
    cwd: Path | None = None,
    timeout: float = 90,
    command: Sequence[str] = ("-m", "decision_aids.cli", "serve"),
    env: Mapping[str, str] | None = None,
    python: str = sys.executable,
    log_path: Path | None = None,
) -> Iterator[str]:
    """Start the server, wait for /healthz, yield its base URL, and stop it afterwards (see
    :func:`server_process`)."""
    with server_process(cwd, timeout, command, env, python, log_path) as server:
        yield server.url


@contextmanager
def server_process(
    cwd: Path | None = None,
    timeout: float = 90,
    command: Sequence[str] = ("-m", "decision_aids.cli", "serve"),
    env: Mapping[str, str] | None = None,
    python: str = sys.executable,
    log_path: Path | None = None,
) -> Iterator[RunningServer]:
    """Start the server, wait for /healthz, yield it, and stop it afterwards (if it still runs).

    It runs from `cwd` (a new temporary folder by default), which shows that its configuration
    does not depend on the working directory. `command` follows the Python executable `python`
    (say another virtual environment's) and is given `--port` (another server that serves
    /healthz may be started, say uvicorn with an app); `env` adds to the environment. What the
    server prints goes to `log_path` (a file in a temporary folder by default).
    """
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        log_path = log_path or Path(tmp) / "server.log"
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                [python, *command, "--port", str(port)],
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=cwd or tmp,
                env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
            )
        url = f"http://127.0.0.1:{port}"
        try:
            try:
                _wait_until_up(f"{url}/healthz", process, timeout)
            except ServerError as error:
                raise ServerError(f"{error}\n{log_path.read_text(errors='replace')}") from None
            yield RunningServer(url, process)
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
