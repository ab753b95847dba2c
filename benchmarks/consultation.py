"""How fast the consultation page answers, and how fast the app starts from cold.

Run: .venv/bin/python -m benchmarks.consultation (from the repository root)

Rerun: the time of one run of the consultation page after an input changes, measured with
Streamlit's AppTest, which runs the real entry file (`apps/main.py`, the router, the shared
set-up, the page) in-process, as the server runs it for a browser, minus the websocket. Each
sample changes one input and sends the form (the person's age, alternately 76 and 77, for the AF
aid, whose page has the most inputs and two calculators), then times `AppTest.run()`. The slider
sample moves a "what matters" slider on the hip aid, the aid with the most outcomes.

AppTest compiles both scripts afresh on every run, which the server does once (its script cache
keeps the bytecode); the main figures give AppTest one script cache, as the server has, and the
last line shows AppTest as shipped. Both include AppTest's own work of turning the page's
messages into an element tree, so they overstate the server's Python time a little; neither
includes the browser's drawing.

Cold start: two figures, each from a new process. "First page" is a fresh interpreter importing
everything, loading the library and drawing the consultation page for a person (AppTest's first
run), which is the wait of the first clinician after a restart. "Server up" is `decision-aids
serve` from launch to answering /healthz.

Targets (issue 6): rerun p95 under 50 ms; cold start under 3 s.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

from streamlit.runtime.scriptrunner.script_cache import ScriptCache
from streamlit.testing.v1 import AppTest, app_test

from tools.background import running_server

REPO = Path(__file__).resolve().parents[1]
ENTRY = str(REPO / "apps" / "main.py")
SAMPLES = 200
WARM_UP = 10
COLD_RUNS = 3
#: CHA2DS2-VASc 4, ORBIT 1.
AF_PERSON = {
    "sex": "female",
    "congestive_heart_failure": "no",
    "hypertension": "yes",
    "diabetes": "no",
    "stroke_tia_or_thromboembolism": "no",
    "vascular_disease": "no",
    "anaemia_history": "no",
    "bleeding_history": "no",
    "antiplatelet": "no",
}
FIRST_PAGE = f"""
import time
start = time.perf_counter()
from streamlit.testing.v1 import AppTest
at = AppTest.from_file({ENTRY!r}, default_timeout=60)
at.query_params.update({{"aid": "statins-primary-prevention", "risk_percent": "12"}})
at.switch_page("consultation.py").run()
assert not at.exception and at.success, "the page did not draw the person's numbers"
print(time.perf_counter() - start)
"""


@contextmanager
def _scripts_compiled(once: bool) -> Iterator[None]:
    """With `once`, AppTest keeps compiled scripts between runs, as the server does."""
    if not once:
        yield
        return
    shared = ScriptCache()
    with mock.patch.object(app_test, "ScriptCache", return_value=shared):
        yield


def _consultation(slug: str) -> AppTest:
    at = AppTest.from_file(ENTRY, default_timeout=60)
    at.query_params["aid"] = slug
    at.switch_page("consultation.py").run()
    return at


def _percentiles(times: list[float]) -> str:
    ms = sorted(t * 1000 for t in times)
    p95 = ms[round(0.95 * (len(ms) - 1))]
    return f"median {statistics.median(ms):6.1f} ms   p95 {p95:6.1f} ms   max {ms[-1]:6.1f} ms"


def _timed(at: AppTest) -> float:
    start = time.perf_counter()
    at.run()
    assert not at.exception, at.exception
    return time.perf_counter() - start


def input_change_reruns(compiled_once: bool = True) -> list[float]:
    with _scripts_compiled(compiled_once):
        at = _consultation("af-anticoagulation")
        for name, value in AF_PERSON.items():
            at.radio(key=name).set_value(value)
        times = []
        for i in range(WARM_UP + SAMPLES):
            at.number_input(key="age").set_value(76 + i % 2)
            next(b for b in at.button if b.label == "Show their numbers").click()
            times.append(_timed(at))
            assert "CHA2DS2-VASc score 4" in at.success[0].value
    return times[WARM_UP:]


def slider_reruns() -> list[float]:
    with _scripts_compiled(once=True):
        at = _consultation("hip-osteoarthritis")
        key = at.select_slider[0].key  # the first "what matters" statement
        times = []
        for i in range(WARM_UP + SAMPLES):
            at.select_slider(key=key).set_value(1 + i % 4)
            times.append(_timed(at))
    return times[WARM_UP:]


def first_page() -> float:
    done = subprocess.run(
        [sys.executable, "-c", FIRST_PAGE], capture_output=True, text=True, check=True, cwd=REPO
    )
    return float(done.stdout.strip().splitlines()[-1])


def server_up() -> float:
    start = time.perf_counter()
    with running_server():
        return time.perf_counter() - start


def main() -> None:
    print(f"Rerun of the consultation page ({SAMPLES} samples after {WARM_UP} warm-up runs):")
    print(f"  AF aid, age changed and sent:        {_percentiles(input_change_reruns())}")
    print(f"  hip aid (9 outcomes), slider moved:  {_percentiles(slider_reruns())}")
    as_shipped = _percentiles(input_change_reruns(compiled_once=False))
    print(f"  AF aid, AppTest recompiling scripts: {as_shipped}")
    print(f"Cold start (best and worst of {COLD_RUNS} new processes):")
    firsts = [first_page() for _ in range(COLD_RUNS)]
    print(f"  first page, fresh interpreter:       {min(firsts):5.2f} s to {max(firsts):5.2f} s")
    ups = [server_up() for _ in range(COLD_RUNS)]
    print(f"  decision-aids serve to /healthz:     {min(ups):5.2f} s to {max(ups):5.2f} s")
    print("Targets: rerun p95 under 50 ms; cold start under 3 s.")


if __name__ == "__main__":
    main()
