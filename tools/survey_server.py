"""The survey page served by a real server process, and clients that answer it over HTTP, for
tests and benchmarks (never for real data).

:func:`survey_server` runs ``uvicorn --factory decision_aids.server:public_app`` in a child
process on a free port of 127.0.0.1, with the database it is given. :func:`answer_survey` does what a person does:
opens the link, reads the form's nonce, and sends the answers; :func:`in_parallel` runs such work
from several clients at once (``httpx2``, a dev dependency).
"""

from __future__ import annotations

import re
import socket
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

import httpx2

from collaborate.database import DATABASE_URL_ENV
from collaborate.form import SUBMISSION_FIELD
from collaborate.instrument import ITEM_IDS
from tools.background import RunningServer, server_process

__all__ = [
    "SurveyVisit",
    "answer_survey",
    "form_fields",
    "in_parallel",
    "open_survey",
    "raw_get",
    "send_answers",
    "survey_server",
    "survey_server_process",
]

_NONCE = re.compile(rf'name="{SUBMISSION_FIELD}" value="([^"]+)"')
_SERVER = (
    "-m", "uvicorn", "--factory", "decision_aids.server:public_app",
    "--http", "decision_aids.site.limits:H11Protocol",
)  # fmt: skip

Item = TypeVar("Item")
Result = TypeVar("Result")


@contextmanager
def survey_server(database_url: str) -> Iterator[str]:
    """One server process serving the survey page from ``database_url``; yields its base URL."""
    with survey_server_process(database_url) as server:
        yield server.url


@contextmanager
def survey_server_process(database_url: str) -> Iterator[RunningServer]:
    """As :func:`survey_server`, yielding the process too (say, to kill it)."""
    with server_process(command=_SERVER, env={DATABASE_URL_ENV: database_url}) as server:
        yield server


def raw_get(base_url: str, target: str, timeout: float = 60) -> bytes:
    """GET ``target`` over a plain socket (httpx refuses an over-long address) and read the
    whole answer; ``b""`` if the connection was reset before any answer came."""
    host, port = base_url.removeprefix("http://").split(":")
    request = f"GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode()
    answer = b""
    with socket.create_connection((host, int(port)), timeout=timeout) as connection:
        try:
            connection.sendall(request)
            while chunk := connection.recv(65536):
                answer += chunk
        except ConnectionError:
            pass
    return answer


def form_fields(points: Sequence[int | None], nonce: str) -> dict[str, str]:
    """The form as a browser sends it: each item's point ("" unanswered) and the nonce."""
    answers = {item: "" if p is None else str(p) for item, p in zip(ITEM_IDS, points, strict=True)}
    return {**answers, SUBMISSION_FIELD: nonce}


def open_survey(client: httpx2.Client, token: str) -> tuple[int, str | None]:
    """Open ``/feedback/<token>``: the status code, and the form's nonce if it shows the form."""
    page = client.get(f"/feedback/{token}")
    found = _NONCE.search(page.text) if page.status_code == 200 else None
    return page.status_code, found.group(1) if found else None


def send_answers(
    client: httpx2.Client, token: str, points: Sequence[int | None], nonce: str
) -> int:
    """Send the form with ``points``; the status code."""
    return client.post(f"/feedback/{token}", data=form_fields(points, nonce)).status_code


@dataclass(frozen=True)
class SurveyVisit:
    """What happened when a link was opened and answered: each response's status code."""

    opened: int
    sent: tuple[int, ...]  # empty when the form was not shown


def answer_survey(
    client: httpx2.Client, token: str, points: Sequence[int | None], *, sends: int = 1
) -> SurveyVisit:
    """Open the link and, if it shows the form, send ``points`` ``sends`` times (more than once:
    the same form sent again, as after a double click or a lost reply)."""
    opened, nonce = open_survey(client, token)
    if nonce is None:
        return SurveyVisit(opened, ())
    return SurveyVisit(
        opened, tuple(send_answers(client, token, points, nonce) for _ in range(sends))
    )


def in_parallel(
    base_url: str,
    work: Callable[[httpx2.Client, Item], Result],
    items: Sequence[Item],
    clients: int,
) -> tuple[list[Result], float]:
    """``work(client, item)`` for every item, shared among ``clients`` threads that each keep one
    connection to the server; the results in the order of ``items``, and the seconds taken."""
    shares = [list(range(start, len(items), clients)) for start in range(clients)]

    def run(share: list[int]) -> list[tuple[int, Result]]:
        with httpx2.Client(base_url=base_url, timeout=120) as client:
            return [(i, work(client, items[i])) for i in share]

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        done = [pair for part in pool.map(run, shares) for pair in part]
    elapsed = time.perf_counter() - started
    return [result for _, result in sorted(done, key=lambda pair: pair[0])], elapsed
