"""The hostile test's figures, measured again: answers lost or miscounted, and hostile requests.

    .venv/bin/python -m benchmarks.hostile [--processes N] [--each N] [--skip-postgres]

Issue 19 reported, from a probe of the running system: no answer lost, duplicated, wrongly
accepted or wrongly refused under concurrency; no acknowledged answer lost to ``kill -9``; no
XSS in 800+ hostile requests. This script measures each again, through real server processes
(uvicorn serving ``decision_aids.server:public_app``, as :mod:`tools.survey_server` runs it):

1. **Concurrency**, on SQLite and (when it can be started) PostgreSQL: two server processes on
   one database, and ``--processes`` client processes posting at once through them. Each
   client answers ``--each`` links of its own, sending every form twice (a double click, a
   lost reply); and every client answers each of ``CONTESTED`` shared links with a form of its
   own. Counted: *lost* (a form thanked and not stored), *duplicated* (stored more than once),
   *wrongly accepted* (a second form stored on a link, or stored answers that differ from the
   form thanked), *wrongly refused* (an own form not thanked, or a shared link that nobody
   could answer).
2. **kill -9**: one server on SQLite; ``KILL_LINKS`` forms sent from 8 threads; the server is
   killed with SIGKILL once a third are thanked, another started, and every form without a
   reply sent again with its own nonce, as the page that keeps it would. Counted: thanked
   answers lost, and at the end answers not stored exactly once.
3. **Hostile requests**, to one server: XSS payloads in every answer field of every aid's page
   and summary, in the search box, the aid and survey addresses and every survey field; over-
   long survey answers; over-long addresses (20 KB to 1 MB); bad survey tokens; forms posted
   from another site with a valid token. Counted: requests tried, 5xx answers, payloads found
   unescaped in a page, and answers with another status than the right one (422, 414, 404, 403
   and nothing stored).

Each section prints its figures; the exit code is 1 if any count that should be 0 is not.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import signal
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import httpx2
from sqlalchemy import Engine

from collaborate.database import connect
from collaborate.form import SUBMISSION_FIELD
from collaborate.instrument import ITEM_IDS
from collaborate.links import Consultation, create_link
from collaborate.responses import Answers, new_submission_id, stored_responses
from decision_aids.answers import ASK, LEANING, RATING, SURE
from decision_aids.content import bundled_library
from decision_aids.outcomes import input_fields
from decision_aids.values import SURE_ITEMS
from tools.postgres import PostgresUnavailable, temporary_postgres
from tools.survey_server import (
    SurveyVisit,
    answer_survey,
    form_fields,
    in_parallel,
    open_survey,
    raw_get,
    survey_server,
    survey_server_process,
)

CONTESTED = 30  # shared links every client process tries to answer
SERVERS = 2  # server processes on one database in the concurrency run
KILL_LINKS = 600
KILL_CLIENTS = 8

#: Classic payloads: tags, attribute breakouts, script URLs, template syntax, encodings.
PAYLOADS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "javascript:alert(1)",
    "{{7*7}}${7*7}<%= 7*7 %>",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    '<a href="javascript:alert(1)">x</a>',
)
_SCRIPT_URL = re.compile(r"""(?:href|src|action|formaction)\s*=\s*["']?\s*javascript:""", re.I)
_UNSAFE_CHARS = set("<>\"'")


def _about(site: str) -> Consultation:
    return Consultation(clinician="H0001", site=site, aid="aid-hostile", date=dt.date.today())


# ------------------------------------------------------------------------------------------
# 1. Concurrency


def _points(i: int) -> tuple[int | None, int | None, int | None]:
    """Varied answers, some incomplete, so a lost or doubled response changes the tallies."""
    return (i % 10, (i // 10) % 10, None if i % 13 == 0 else 9)


def _client_process(
    bases: list[str], work: list[tuple[str, tuple[int | None, ...], int]]
) -> list[SurveyVisit]:
    """One client process: each (token, points, sends) opened and answered, in turn, through
    the servers alternately (one connection to each)."""
    clients = [httpx2.Client(base_url=base, timeout=120) for base in bases]
    try:
        return [
            answer_survey(clients[i % len(clients)], token, points, sends=sends)
            for i, (token, points, sends) in enumerate(work)
        ]
    finally:
        for client in clients:
            client.close()


@dataclass
class Tally:
    """Counts that should all be 0, with the numbers they are out of."""

    sent: int = 0
    stored: int = 0
    lost: int = 0
    duplicated: int = 0
    wrongly_accepted: int = 0
    wrongly_refused: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def faults(self) -> int:
        return self.lost + self.duplicated + self.wrongly_accepted + self.wrongly_refused


def concurrency(name: str, url: str, processes: int, each: int) -> Tally:
    engine = connect(url)
    own = [
        [(create_link(engine, _about(f"O{p}-{i}")).token, _points(i)) for i in range(each)]
        for p in range(processes)
    ]
    shared = [create_link(engine, _about(f"X{j}")).token for j in range(CONTESTED)]
    with ExitStack() as servers:
        bases = [servers.enter_context(survey_server(url)) for _ in range(SERVERS)]
        jobs = [
            [(token, points, 2) for token, points in own[p]]
            + [(token, (p % 10, p % 10, p % 10), 1) for token in shared]
            for p in range(processes)
        ]
        started = time.perf_counter()
        with ProcessPoolExecutor(processes) as pool:
            visits = list(pool.map(_client_process, [bases] * processes, jobs))
        seconds = time.perf_counter() - started
    stored = stored_responses(engine)
    engine.dispose()
    by_site: dict[str, list[Answers]] = {}
    for response in stored:
        by_site.setdefault(response.site, []).append(response.answers)

    tally = Tally(sent=sum(len(v.sent) for vs in visits for v in vs), stored=len(stored))
    for p in range(processes):
        for i, ((_, points), visit) in enumerate(zip(own[p], visits[p], strict=False)):
            kept = by_site.get(f"O{p}-{i}", [])
            thanked = 200 in visit.sent
            tally.wrongly_refused += visit.sent != (200, 200)
            tally.lost += thanked and not kept
            tally.duplicated += max(0, len(kept) - 1)
            tally.wrongly_accepted += any(a != Answers.of(*points) for a in kept)
    for j in range(CONTESTED):
        tries = [visits[p][each + j] for p in range(processes)]
        winners = [p for p, v in enumerate(tries) if 200 in v.sent]
        kept = by_site.get(f"X{j}", [])
        tally.wrongly_refused += not winners
        tally.wrongly_accepted += max(0, len(winners) - 1)
        tally.lost += bool(winners) and not kept
        tally.duplicated += max(0, len(kept) - 1)
        if winners and kept:
            p = winners[0]
            tally.wrongly_accepted += kept[0] != Answers.of(p % 10, p % 10, p % 10)
        tally.wrongly_refused += sum(
            not (v.opened == 410 or set(v.sent) <= {200, 409}) for v in tries
        )
    print(
        f"{name:<10} {tally.sent:,} forms from {processes} client processes through {SERVERS} "
        f"server processes in {seconds:.1f} s ({processes * each:,} own links, each form sent "
        f"twice; {CONTESTED} links tried by every client): {tally.stored:,} stored; lost "
        f"{tally.lost}, duplicated {tally.duplicated}, wrongly accepted "
        f"{tally.wrongly_accepted}, wrongly refused {tally.wrongly_refused}"
    )
    return tally


# ------------------------------------------------------------------------------------------
# 2. kill -9 of the server mid-run


def _send_or_none(
    client: httpx2.Client, form: tuple[str, tuple[int | None, ...], str]
) -> int | None:
    """Send a form; its status, or None when no reply came (the server died)."""
    token, points, nonce = form
    try:
        return client.post(f"/feedback/{token}", data=form_fields(points, nonce)).status_code
    except httpx2.TransportError:
        return None


def kill_nine(folder: Path) -> Tally:
    url = f"sqlite:///{folder / 'kill.sqlite3'}"
    engine = connect(url)
    tokens = [create_link(engine, _about(f"K{i}")).token for i in range(KILL_LINKS)]
    thanked_so_far = [0]
    lock = threading.Lock()

    def send(client: httpx2.Client, form: tuple[str, tuple[int | None, ...], str]) -> int | None:
        status = _send_or_none(client, form)
        if status == 200:
            with lock:
                thanked_so_far[0] += 1
        return status

    with survey_server_process(url) as server:
        opened, _ = in_parallel(server.url, open_survey, tokens, KILL_CLIENTS)
        forms = [
            (t, _points(i), n or "")
            for i, (t, (_, n)) in enumerate(zip(tokens, opened, strict=True))
        ]

        def killer() -> None:
            while thanked_so_far[0] < KILL_LINKS // 3 and server.process.poll() is None:
                time.sleep(0.001)
            os.kill(server.process.pid, signal.SIGKILL)

        watcher = threading.Thread(target=killer)
        watcher.start()
        first, _ = in_parallel(server.url, send, forms, KILL_CLIENTS)
        watcher.join()
    acknowledged = {i for i, status in enumerate(first) if status == 200}
    no_reply = [i for i, status in enumerate(first) if status is None]
    stored_at_kill = Counter(r.site for r in stored_responses(engine))
    with survey_server(url) as base:
        again, _ = in_parallel(base, _send_or_none, [forms[i] for i in no_reply], KILL_CLIENTS)
    stored = stored_responses(engine)
    engine.dispose()
    kept = Counter(r.site for r in stored)
    answers = {r.site: r.answers for r in stored}
    tally = Tally(sent=len(forms) + len(no_reply), stored=len(stored))
    thanked_lost = sum(not stored_at_kill[f"K{i}"] for i in acknowledged)
    never_stored = sum(not kept[f"K{i}"] for i in range(KILL_LINKS))
    tally.lost = thanked_lost + never_stored
    tally.duplicated = sum(max(0, n - 1) for n in kept.values())
    tally.wrongly_accepted = sum(
        answers[f"K{i}"] != Answers.of(*_points(i)) for i in range(KILL_LINKS) if kept[f"K{i}"]
    )
    tally.wrongly_refused = sum(status != 200 for status in again) + sum(
        status not in (200, None) for status in first
    )
    unthanked_kept = sum(bool(stored_at_kill[f"K{i}"]) for i in no_reply)
    print(
        f"kill -9    {KILL_LINKS} forms from {KILL_CLIENTS} threads; the server killed after "
        f"{len(acknowledged)} were thanked; {len(no_reply)} had no reply ({unthanked_kept} of "
        f"them stored before the kill) and were sent again to a new server: "
        f"{sum(s == 200 for s in again)} thanked. Thanked answers lost: {thanked_lost}; stored "
        f"{tally.stored} of {KILL_LINKS} ({never_stored} never), duplicated "
        f"{tally.duplicated}, wrong answers {tally.wrongly_accepted}, refused "
        f"{tally.wrongly_refused}"
    )
    return tally


# ------------------------------------------------------------------------------------------
# 3. Hostile requests


@dataclass(frozen=True)
class Probe:
    """One hostile request and the statuses that are right for it."""

    method: str
    path: str
    expect: frozenset[int]
    params: tuple[tuple[str, str], ...] = ()
    data: tuple[tuple[str, str], ...] = ()
    headers: tuple[tuple[str, str], ...] = ()
    payload: str = ""


def _unescaped(page: str, payload: str) -> bool:
    """Whether a payload came back able to act: verbatim with its markup, or as a script URL."""
    if _SCRIPT_URL.search(page):
        return True
    return bool(_UNSAFE_CHARS & set(payload)) and payload in page


def _answer_names(slug: str) -> list[str]:
    aid = bundled_library().aids[slug]
    return [
        *input_fields(aid),
        *(f"{RATING}{value.id}" for value in aid.values),
        *(f"{SURE}{item}" for item, *_ in SURE_ITEMS),
        ASK,
        LEANING,
    ]


def _page_probes() -> Iterator[Probe]:
    ok = frozenset({200, 422})
    for slug in sorted(bundled_library().aids):
        names = _answer_names(slug)
        for payload in PAYLOADS:
            params = tuple((name, payload) for name in names)
            for page in (f"/aids/{slug}", f"/aids/{slug}/summary"):
                yield Probe("GET", page, ok, params=params, payload=payload)
    for payload in PAYLOADS:
        yield Probe("GET", "/aids", frozenset({200}), params=(("q", payload),), payload=payload)
        yield Probe("GET", f"/aids/{payload}", frozenset({404}), payload=payload)
        yield Probe("GET", f"/feedback/{payload}", frozenset({404}), payload=payload)


def _survey_probes(engine: Engine) -> Iterator[Probe]:
    for payload in PAYLOADS:
        for name in (*ITEM_IDS, SUBMISSION_FIELD):
            token = create_link(engine, _about("HOSTILE")).token
            data = {**form_fields((9, 9, 9), new_submission_id()), name: payload}
            expect = frozenset({200} if name == SUBMISSION_FIELD else {422})  # a bad nonce: none
            yield Probe(
                "POST", f"/feedback/{token}", expect, data=tuple(data.items()), payload=payload
            )
    for long in ("0" * 65, "9" * 1000, " 9" * 40):  # over-long answers: refused, never "blank"
        for name in ITEM_IDS:
            token = create_link(engine, _about("HOSTILE")).token
            data = {**form_fields((9, 9, 9), new_submission_id()), name: long}
            yield Probe("POST", f"/feedback/{token}", frozenset({422}), data=tuple(data.items()))
    for token in ("A" * 43, "not-a-token", "A" * 42 + "!", "x" * 2000, "../../etc/passwd"):
        for method in ("GET", "POST"):
            data = tuple(form_fields((9, 9, 9), new_submission_id()).items())
            yield Probe(method, f"/feedback/{token}", frozenset({404}), data=data)


def _cross_site_probes(engine: Engine) -> Iterator[Probe]:
    for headers in (
        (("Sec-Fetch-Site", "cross-site"), ("Origin", "https://elsewhere.example")),
        (("Sec-Fetch-Site", "same-site"),),
        (("Origin", "https://elsewhere.example"),),
    ):
        for _ in range(10):
            token = create_link(engine, _about("CROSS")).token
            data = tuple(form_fields((9, 9, 9), new_submission_id()).items())
            yield Probe("POST", f"/feedback/{token}", frozenset({403}), data=data, headers=headers)


@dataclass
class Hostile:
    tried: int = 0
    server_errors: int = 0
    unescaped: int = 0
    wrong_status: int = 0
    examples: list[str] = field(default_factory=list)

    def note(self, what: str) -> None:
        if len(self.examples) < 5:
            self.examples.append(what)


def _probe(client: httpx2.Client, probe: Probe) -> tuple[int, str]:
    response = client.request(
        probe.method,
        probe.path,
        params=list(probe.params) or None,
        data=dict(probe.data) or None,
        headers=dict(probe.headers),
    )
    return response.status_code, response.text


def hostile(folder: Path) -> Hostile:
    url = f"sqlite:///{folder / 'hostile.sqlite3'}"
    engine = connect(url)
    probes = [*_page_probes(), *_survey_probes(engine), *_cross_site_probes(engine)]
    result = Hostile()
    with survey_server(url) as base:
        answers, seconds = in_parallel(base, _probe, probes, 4)
        for probe, (status, page) in zip(probes, answers, strict=True):
            result.tried += 1
            result.server_errors += status >= 500
            if probe.payload and _unescaped(page, probe.payload):
                result.unescaped += 1
                result.note(f"unescaped {probe.payload!r} at {probe.method} {probe.path}")
            if status not in probe.expect:
                result.wrong_status += 1
                result.note(f"{status} for {probe.method} {probe.path[:60]} {probe.headers}")
        for size in (20_000, 100_000, 1_000_000):
            answer = raw_get(base, "/aids?q=" + "a" * size)
            status = int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/") else 0
            result.tried += 1
            result.server_errors += status >= 500
            if status != 414:
                result.wrong_status += 1
                result.note(f"{status or 'no status'} for a {size:,}-byte query string")
    cross_stored = sum(r.site == "CROSS" for r in stored_responses(engine))
    result.wrong_status += cross_stored
    engine.dispose()
    print(
        f"hostile    {result.tried:,} requests in {seconds:.1f} s ({len(PAYLOADS)} XSS payloads in "
        f"every answer field of {len(bundled_library().aids)} aids' pages and summaries, the "
        f"search, the addresses and the survey's fields; over-long answers; query strings of "
        f"20 KB to 1 MB; bad tokens; cross-site posts with valid tokens): "
        f"{result.server_errors} answered 5xx, "
        f"{result.unescaped} payloads unescaped, {result.wrong_status} with the wrong status "
        f"({cross_stored} cross-site answers stored)"
    )
    for example in result.examples:
        print(f"           e.g. {example}")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=4, help="client processes posting")
    parser.add_argument("--each", type=int, default=200, help="own links per client process")
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sqlite = f"sqlite:///{folder / 'concurrency.sqlite3'}"
        faults = concurrency("SQLite", sqlite, args.processes, args.each).faults
        if not args.skip_postgres:
            try:
                with temporary_postgres() as server:
                    faults += concurrency(
                        "PostgreSQL", server.url, args.processes, args.each
                    ).faults
            except PostgresUnavailable as reason:
                print(f"PostgreSQL skipped: {reason}")
        faults += kill_nine(folder).faults
        found = hostile(folder)
        faults += found.server_errors + found.unescaped + found.wrong_status
    print(f"faults: {faults}")
    return 1 if faults else 0


if __name__ == "__main__":
    raise SystemExit(main())
