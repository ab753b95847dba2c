"""A real server and Debian's Chromium for the browser tests; skipped, with the reason, without them.

The server is `decision-aids serve` on a free port, started once per session. Chromium is the
Debian package at /usr/bin/chromium (`make test` installs it); Playwright never downloads one.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support.data import REPO

from tools.background import ServerError, running_server

CHROMIUM = Path("/usr/bin/chromium")
AXE = REPO / ".cache" / "axe-core" / "axe.min.js"
#: Quiet, offline Chromium: this machine's closed network refuses Google's background calls.
FLAGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"]


@pytest.fixture(scope="session")
def server_url() -> Iterator[str]:
    """`decision-aids serve` on a free port, run from an empty folder."""
    try:
        with running_server() as url:
            yield url
    except ServerError as error:
        pytest.fail(str(error))


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(
            f"{CHROMIUM} is missing: install Debian's chromium package (`make test` does, as root)"
        )
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=FLAGS
        )
        yield browser
        browser.close()


class Visit:
    """A page in a fresh context, recording console errors, every host it asked, and every
    answer that refused (4xx, 5xx)."""

    def __init__(self, browser: Any, base_url: str, **context: Any) -> None:
        self.base_url = base_url
        self.context = browser.new_context(**context)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.hosts: set[str] = set()
        self.refused: list[str] = []  # "404 http://…": every answer of 400 or more
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("request", lambda request: self.hosts.add(request.url.split("/")[2]))
        self.page.on("response", self._response)

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def _response(self, response: Any) -> None:
        if response.status >= 400:
            self.refused.append(f"{response.status} {response.url}")

    def goto(self, path: str) -> Any:
        return self.page.goto(self.base_url + path)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser: Any, server_url: str) -> Iterator[Any]:
    """Make visits with `visit(viewport=..., java_script_enabled=...)`; all closed afterwards."""
    opened: list[Visit] = []

    def open_visit(**context: Any) -> Visit:
        opened.append(Visit(browser, server_url, **context))
        return opened[-1]

    yield open_visit
    for v in opened:
        v.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.skip(f"{AXE} is missing: run `python -m tools.fetch axe-core`")
    return AXE.read_text(encoding="utf-8")
