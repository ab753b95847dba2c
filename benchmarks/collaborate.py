"""collaboRATE benchmarks: dashboard aggregates over a million responses, and submissions.

    .venv/bin/python -m benchmarks.collaborate [--responses N] [--decisions N] [--skip-postgres]
                                               [--http-only]

1. Dashboard aggregates (target: at most 1 s on SQLite and on PostgreSQL). Loads N synthetic
   responses (default 1,000,000) and their running sums into a fresh SQLite file and into a
   throwaway PostgreSQL server, then times everything the evaluator dashboard shows at once:
   what its filters offer, the overall row and the tables by clinician, site, aid and month
   (with every disclosure rule applied), the funnels by clinician and by site, and decisions by
   aid and month with their scores. The aggregation runs in SQL; the median of 5 runs is
   printed, and the slowest.
2. Submissions per second through the library: 8 processes each submitting 250 answered links
   at once through ``submit_response`` (one transaction each), on both databases.
3. Responses per second through the HTTP form (target: at least 300/s with none lost): one
   server process (uvicorn serving ``decision_aids.server:public_app``); 2,000 links opened from 8 client
   threads, then every answered form sent at once; on both databases
   (:func:`http_form_throughput`).

Synthetic data: 200 clinicians at 40 sites, each using 5 of 30 aids, over 24 months; 85% of
answers online, 10% on a tablet, 5% on paper; 5% from parents; the 0-4 format at 2 sites; items
drawn so that about 60% of responses have the top score and 1% leave an item out.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np
from sqlalchemy import Engine, insert, text

from collaborate import dashboard as evaluator
from collaborate._tables import CELL_KEY, cells, decisions, responses
from collaborate.aggregates import Filters
from collaborate.database import connect, transaction
from collaborate.instrument import ITEM_IDS
from collaborate.links import Consultation, create_link
from collaborate.report import decision_rows, funnel_of, score_tables
from collaborate.responses import Answers, stored_responses
from tools.postgres import PostgresUnavailable, temporary_postgres
from tools.survey_server import in_parallel, open_survey, send_answers, survey_server

TARGET_SECONDS = 1.0
RUNS = 5
MODES = np.array(["online", "tablet", "paper"])
RESPONDENTS = np.array(["patient", "parent"])
_SUBMITTERS = 8
_EACH = 250
HTTP_TARGET = 300  # forms sent per second, with none lost
_HTTP_LINKS = 2_000
_HTTP_CLIENTS = 8


# ------------------------------------------------------------------------------------------
# Synthetic data


def synthetic(n: int, seed: int = 7) -> dict[str, np.ndarray]:
    """Columns of ``n`` responses (see the module's notes)."""
    rng = np.random.default_rng(seed)
    clinician = rng.integers(0, 200, n)
    site = clinician // 5
    aids_of = rng.integers(0, 30, (200, 5))
    aid = aids_of[clinician, rng.integers(0, 5, n)]
    month = rng.integers(0, 24, n)
    scale_max = np.where(site < 2, 4, 9)
    top = rng.random(n) < 0.6
    points = np.where(top[:, None], scale_max[:, None], rng.integers(0, scale_max[:, None], (n, 3)))
    missing = rng.random((n, 3)) < 0.0034  # about 1% of responses leave an item out
    return {
        "clinician": np.char.add("C", np.char.zfill(clinician.astype(str), 4)),
        "site": np.char.add("S", np.char.zfill(site.astype(str), 3)),
        "aid": np.char.add("aid-", aid.astype(str)),
        "month": np.array([f"{2024 + m // 12}-{m % 12 + 1:02d}" for m in range(24)])[month],
        "day": month,
        "mode": MODES[rng.choice(3, n, p=[0.85, 0.10, 0.05])],
        "respondent": RESPONDENTS[(rng.random(n) < 0.05).astype(int)],
        "scale_max": scale_max,
        "points": np.where(missing, -1, points),
    }


def cell_sums(data: dict[str, np.ndarray]) -> list[dict[str, object]]:
    """The running sums per cell, as ``submit_response`` would have left them."""
    keys = np.rec.fromarrays([data[k] for k in CELL_KEY], names=list(CELL_KEY))
    unique, inverse = np.unique(keys, return_inverse=True)
    points = data["points"]
    complete = (points >= 0).all(axis=1)
    total = np.where(complete, points.sum(axis=1), 0)
    is_top = complete & (points == data["scale_max"][:, None]).all(axis=1)
    sums = {
        "responses": np.bincount(inverse),
        "complete": np.bincount(inverse, complete),
        "top": np.bincount(inverse, is_top),
        "total_sum": np.bincount(inverse, total),
        "total_squares": np.bincount(inverse, total * total),
    }
    return [
        {**{k: v.item() for k, v in zip(CELL_KEY, key, strict=True)},
         **{k: int(v[i]) for k, v in sums.items()}}
        for i, key in enumerate(unique)
    ]  # fmt: skip


def _response_rows(data: dict[str, np.ndarray], start: int, stop: int) -> list[dict[str, object]]:
    rows = []
    for i in range(start, stop):
        month = str(data["month"][i])
        row: dict[str, object] = {
            k: data[k][i].item() for k in ("clinician", "site", "aid", "mode", "respondent")
        }
        row.update(
            month=month,
            consultation_date=dt.date(int(month[:4]), int(month[5:]), 1),
            scale_max=int(data["scale_max"][i]),
        )
        for item, p in zip(ITEM_IDS, data["points"][i], strict=True):
            row[item] = None if p < 0 else int(p)
        rows.append(row)
    return rows


def _copy_rows(engine: Engine, table: str, columns: list[str], rows: list[list[object]]) -> None:
    """PostgreSQL's COPY, the fast way to load a million rows."""
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:  # type: ignore[attr-defined]
            for row in rows:
                copy.write_row(row)
        raw.commit()
    finally:
        raw.close()


def load(engine: Engine, data: dict[str, np.ndarray], n_decisions: int) -> float:
    """Load responses, their cell sums and decisions; the seconds it took."""
    started = time.perf_counter()
    n = len(data["clinician"])
    chunk = 100_000
    cell_rows = cell_sums(data)
    rng = np.random.default_rng(11)
    options = np.array(["option-a", "option-b", "option-c", ""])
    pick = rng.choice(4, n_decisions, p=[0.45, 0.30, 0.15, 0.10])
    decision_rows_ = [
        {"aid": f"aid-{a}", "option": options[o] or None, "site": f"S{c // 5:03d}",
         "clinician": f"C{c:04d}", "decision_date": dt.date(2024 + m // 12, m % 12 + 1, 1),
         "month": f"{2024 + m // 12}-{m % 12 + 1:02d}"}
        for a, o, c, m in zip(rng.integers(0, 30, n_decisions), pick,
                              rng.integers(0, 200, n_decisions), rng.integers(0, 24, n_decisions),
                              strict=True)
    ]  # fmt: skip
    if engine.dialect.name == "postgresql":
        columns = list(_response_rows(data, 0, 1)[0])
        for start in range(0, n, chunk):
            batch = _response_rows(data, start, min(n, start + chunk))
            _copy_rows(engine, "feedback_responses", columns, [list(r.values()) for r in batch])
        _copy_rows(
            engine, "feedback_cells", list(cell_rows[0]), [list(r.values()) for r in cell_rows]
        )
        _copy_rows(engine, "feedback_decisions", list(decision_rows_[0]),
                   [list(r.values()) for r in decision_rows_])  # fmt: skip
        with transaction(engine, write=True) as connection:
            connection.execute(text("ANALYZE"))
    else:
        for start in range(0, n, chunk):
            with transaction(engine, write=True) as connection:
                connection.execute(
                    insert(responses), _response_rows(data, start, min(n, start + chunk))
                )
        with transaction(engine, write=True) as connection:
            connection.execute(insert(cells), cell_rows)
            connection.execute(insert(decisions), decision_rows_)
        with transaction(engine, write=True) as connection:
            connection.execute(text("ANALYZE"))
    return time.perf_counter() - started


# ------------------------------------------------------------------------------------------
# 1. Dashboard aggregates


def dashboard(engine: Engine) -> int:
    """Everything the evaluator dashboard shows at once, and what its filters offer; the number
    of table rows built."""
    built = len(evaluator.options(engine).clinicians)
    for by in ("clinician", "site", "aid", "month"):
        for table in score_tables(engine, (by,)):
            built += len(table.rows) + 1
            if by in ("clinician", "site"):
                funnel_of(table)
    built += len(decision_rows(engine))
    return built


def time_it(work: Callable[[], object]) -> tuple[float, float]:
    seconds = []
    for _ in range(RUNS):
        started = time.perf_counter()
        work()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), max(seconds)


def aggregates(name: str, engine: Engine, data: dict[str, np.ndarray], n_decisions: int) -> None:
    loaded = load(engine, data, n_decisions)
    n_cells = len(cell_sums(data))
    median, slowest = time_it(lambda: dashboard(engine))
    verdict = "meets" if median <= TARGET_SECONDS else "MISSES"
    print(
        f"{name:<10} {len(data['clinician']):>9,} responses in {n_cells:,} cells, "
        f"{n_decisions:,} decisions (loaded in {loaded:.1f} s): dashboard aggregates "
        f"{median:.3f} s median, {slowest:.3f} s slowest of {RUNS} - {verdict} the "
        f"{TARGET_SECONDS:g} s target"
    )


# ------------------------------------------------------------------------------------------
# 2. Submissions through the library

_SUBMITTER = """
import sys, time
from pathlib import Path
from collaborate.database import connect
from collaborate.responses import Answers, new_submission_id, submit_response
engine = connect(sys.argv[1])
tokens = Path(sys.argv[2]).read_text().split()
Path(sys.argv[2] + ".ready").touch()
while not Path(sys.argv[3]).exists():
    time.sleep(0.005)
for i, token in enumerate(tokens):
    submit_response(engine, token, Answers.of(9, i % 10, 9), submission_id=new_submission_id())
print(time.time())  # when the last answer was stored (the process takes a while to exit)
"""


def submissions(name: str, url: str, folder: Path) -> None:
    engine = connect(url)
    about = Consultation(clinician="C0001", site="S001", aid="aid-1", date=dt.date.today())
    files = []
    for p in range(_SUBMITTERS):
        tokens = [create_link(engine, about).token for _ in range(_EACH)]
        files.append(folder / f"{name}-tokens-{p}")
        files[-1].write_text("\n".join(tokens))
    start = folder / f"{name}-start"
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", _SUBMITTER, url, str(f), str(start)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for f in files
    ]
    while not all(Path(f"{f}.ready").exists() for f in files):  # all imported and connected
        if any(w.poll() is not None for w in workers):
            raise SystemExit(f"{name}: a submitting process failed to start")
        time.sleep(0.01)
    started = time.time()
    start.touch()
    finished = [w.communicate(timeout=600)[0] for w in workers]
    if any(w.returncode for w in workers):
        raise SystemExit(f"{name}: a submitting process failed")
    elapsed = max(float(out) for out in finished) - started
    with transaction(engine, write=False) as connection:
        stored = connection.execute(
            text(
                "SELECT count(*) FROM feedback_responses WHERE aid = 'aid-1' AND clinician = 'C0001'"
            )
        ).scalar_one()
    total = _SUBMITTERS * _EACH
    print(
        f"{name:<10} {total:,} submissions from {_SUBMITTERS} processes in {elapsed:.1f} s: "
        f"{total / elapsed:,.0f} per second through submit_response; {stored:,} stored "
        f"({'none lost' if stored == total else f'{total - stored} LOST'})"
    )
    engine.dispose()


# ------------------------------------------------------------------------------------------
# 3. Responses per second through the HTTP form


def _visit_points(i: int) -> tuple[int | None, int | None, int | None]:
    """Varied answers, some incomplete, so that a lost or doubled response shows in the tally."""
    return (9, i % 10, None if i % 13 == 0 else 9)


def http_form_throughput(name: str, url: str) -> None:
    """One server process (uvicorn serving ``decision_aids.server:public_app``) on the database at ``url``.
    ``_HTTP_LINKS`` links are opened from ``_HTTP_CLIENTS`` client threads (each keeps one
    connection), then every answered form is sent at once. Prints the forms sent per second
    (target: at least 300/s) and opened per second, and checks that none was lost or doubled:
    every send was thanked, and the responses stored, the links answered and the running sums
    each equal the forms sent, with the same answers."""
    engine = connect(url)
    about = Consultation(clinician="H0001", site="S001", aid="aid-http", date=dt.date.today())
    tokens = [create_link(engine, about).token for _ in range(_HTTP_LINKS)]
    with survey_server(url) as base:
        opened, open_seconds = in_parallel(base, open_survey, tokens, _HTTP_CLIENTS)
        if any(nonce is None for _, nonce in opened):
            raise SystemExit(f"{name}: a link did not show its form")
        forms = [
            (t, _visit_points(i), n)
            for i, (t, (_, n)) in enumerate(zip(tokens, opened, strict=True))
        ]
        sent, send_seconds = in_parallel(
            base, lambda client, form: send_answers(client, *form), forms, _HTTP_CLIENTS
        )
    mine = Filters(clinicians=(about.clinician,))
    stored = Counter(r.answers for r in stored_responses(engine, mine))
    expected = Counter(Answers.of(*_visit_points(i)) for i in range(_HTTP_LINKS))
    with transaction(engine, write=False) as connection:
        answered, in_sums = connection.execute(
            text(
                "SELECT (SELECT count(*) FROM feedback_links WHERE clinician = :c "
                "AND answered_at IS NOT NULL), (SELECT coalesce(sum(responses), 0) FROM "
                "feedback_cells WHERE clinician = :c)"
            ),
            {"c": about.clinician},
        ).one()
    engine.dispose()
    thanked = sent.count(200)
    lost = _HTTP_LINKS - min(thanked, stored.total(), answered, in_sums)
    whole = "none lost or doubled" if stored == expected and lost == 0 else "LOST OR DOUBLED"
    rate = _HTTP_LINKS / send_seconds
    verdict = "meets" if rate >= HTTP_TARGET and whole.startswith("none") else "MISSES"
    print(
        f"{name:<10} {_HTTP_LINKS:,} forms from {_HTTP_CLIENTS} clients through one server "
        f"process: sent at {rate:,.0f} per second ({_HTTP_LINKS / open_seconds:,.0f} opened per "
        f"second); {thanked:,} thanked, {stored.total():,} stored, {answered:,} links answered, "
        f"{in_sums:,} in the sums - {whole}; {verdict} the {HTTP_TARGET}/s target"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=1_000_000)
    parser.add_argument("--decisions", type=int, default=200_000)
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--http-only", action="store_true", help="only the HTTP form (3.)")
    args = parser.parse_args()
    data = None if args.http_only else synthetic(args.responses)

    def measure(name: str, url: str, folder: Path) -> None:
        if data is not None:
            aggregates(name, connect(url), data, args.decisions)
            submissions(name, url, folder)
        http_form_throughput(name, url)

    with tempfile.TemporaryDirectory() as folder:
        measure("SQLite", f"sqlite:///{Path(folder) / 'feedback.sqlite3'}", Path(folder))
        if not args.skip_postgres:
            try:
                with temporary_postgres() as server:
                    measure("PostgreSQL", server.url, Path(folder))
            except PostgresUnavailable as reason:
                print(f"PostgreSQL skipped: {reason}")


if __name__ == "__main__":
    main()
