"""A separate process that submits survey answers through the library, for the concurrency,
kill and outage tests. Run as: python feedback_worker.py MODE URL JOB_FILE

MODE ``submit``: connect, write the ready file, wait for the start file, then submit every token
in the job (each own token twice, the second time as a resubmission of the same form) and write
a JSON tally.
MODE ``hold``: submit one token, and stop inside the transaction just after the response row
is written, before commit, writing the ready file; the test then kills this process.

Every wait polls for its condition with a deadline, so a worker whose test has gone ends itself.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import event

from collaborate.database import connect
from collaborate.errors import AnsweredLink, StorageUnavailable
from collaborate.responses import Answers, new_submission_id, submit_response

#: The longest a worker waits for the test: longer than the test waits for it.
DEADLINE_SECONDS = 600


def _wait_until(condition: Callable[[], bool], what: str) -> None:
    """Poll `condition` until it holds; give up, saying `what` never happened, at the deadline."""
    deadline = time.monotonic() + DEADLINE_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"feedback_worker: {what} within {DEADLINE_SECONDS} s")
        time.sleep(0.005)


def _submit(url: str, job: dict[str, Any]) -> dict[str, int]:
    engine = connect(url)
    Path(job["ready_file"]).touch()
    start = Path(job["start_file"])
    _wait_until(start.exists, "the test never gave the start")
    tally = {"accepted": 0, "resubmitted": 0, "refused": 0, "unavailable": 0}
    for token, points in job["own"]:
        nonce = new_submission_id()
        for attempt in range(2):
            receipt = submit_response(engine, token, Answers.of(*points), submission_id=nonce)
            assert receipt.already_recorded == (attempt == 1), (token, attempt)
            tally["resubmitted" if attempt else "accepted"] += 1
    for token, points in job["contested"]:
        try:
            submit_response(engine, token, Answers.of(*points), submission_id=new_submission_id())
            tally["accepted"] += 1
        except AnsweredLink:
            tally["refused"] += 1
    return tally


def _hold(url: str, job: dict[str, Any]) -> None:
    engine = connect(url)
    ready = Path(job["ready_file"])

    @event.listens_for(engine, "after_cursor_execute")
    def _stop_before_commit(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO FEEDBACK_RESPONSES"):
            ready.write_text("written, not committed")
            test = os.getppid()  # the test kills this process; if the test itself ends first,
            _wait_until(lambda: os.getppid() != test, "the test never killed this worker")
            os._exit(1)  # end as the kill would have: without committing

    submit_response(engine, job["token"], Answers.of(9, 9, 9))


def main() -> None:
    mode, url, job_file = sys.argv[1:4]
    job = json.loads(Path(job_file).read_text())
    if mode == "hold":
        _hold(url, job)
        return
    try:
        tally = _submit(url, job)
    except StorageUnavailable as error:
        tally = {"error": str(error)}  # type: ignore[dict-item]
    Path(job["out_file"]).write_text(json.dumps(tally))


if __name__ == "__main__":
    main()
