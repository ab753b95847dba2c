"""How long one icon-array chart takes: ours as SVG, ours as an Altair spec, and pywaffle.

The chart compares doing nothing with a treatment (10 against 7 in 100: an array each, with
"anyway", "helped" and "no event" groups), at 100 and at 1,000 people per array. It is made
three ways and each is timed, median of several runs after a warm-up:

- ``icon_array_svg``: our standalone SVG text;
- ``icon_array_chart``: our Altair chart, built and turned into its spec (``to_dict()``);
- pywaffle + matplotlib: the same two arrays (same counts, same grid, Font Awesome person
  icons, titles, filled row by row from the top left) saved as SVG.

pywaffle and matplotlib are not dependencies of this project: the first run makes a virtual
environment for them in the system's temporary folder (``--venv`` to choose another) and runs
their half of the benchmark there. Usage::

    .venv/bin/python benchmarks/icon_arrays.py [--runs 15] [--venv PATH]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from decision_aids.charts import compare, icon_array_chart, icon_array_svg
from decision_aids.content import parse_aid
from decision_aids.outcomes import OutcomeFigures, outcome_figures
from decision_aids.scaffold import new_aid_text

DENOMINATORS = (100, 1000)

#: The pywaffle half, run in its own environment: reads {"runs", "charts"} as JSON on stdin,
#: where each chart is its two arrays' counts and the grid, and prints the medians.
PYWAFFLE = """
import io, json, statistics, sys, time
import matplotlib
matplotlib.use("svg")
import matplotlib.pyplot as plt
from pywaffle import Waffle

job = json.load(sys.stdin)
colours = ["#161616", "#0072b2", "#767676"]

def draw(arrays, columns, rows):
    plots = {
        (1, len(arrays), i + 1): {
            "values": counts,
            "colors": colours[: len(counts)],
            "title": {"label": name, "loc": "left"},
        }
        for i, (name, counts) in enumerate(arrays)
    }
    figure = plt.figure(
        FigureClass=Waffle, plots=plots, rows=rows, columns=columns, icons="person",
        font_size=10 if columns == 10 else 4, vertical=True, starting_location="NW",
        figsize=(8, 5),
    )
    out = io.StringIO()
    figure.savefig(out, format="svg")
    plt.close(figure)
    return out.getvalue()

medians = {}
for key, chart in job["charts"].items():
    args = (chart["arrays"], chart["columns"], chart["rows"])
    draw(*args)
    times = []
    for _ in range(job["runs"]):
        start = time.perf_counter()
        draw(*args)
        times.append(time.perf_counter() - start)
    medians[key] = statistics.median(times)
print(json.dumps(medians))
"""


def template_figures(denominator: int) -> OutcomeFigures:
    """The template aid's main benefit (10 in 100 without treatment, 7 with), on ``denominator``."""
    text = new_aid_text("benchmark", "Benchmark", dt.date(2026, 1, 1))
    aid, problems = parse_aid(text, "benchmark.md")
    assert aid is not None, problems
    outcome = aid.outcomes[0].model_copy(update={"denominator": denominator})
    return outcome_figures(aid, outcome, {})


def median_seconds(make: Callable[[], object], runs: int) -> float:
    make()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        make()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def pywaffle_python(venv: Path) -> Path:
    """The Python of a virtual environment with pywaffle (and its icons) and matplotlib."""
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    ready = subprocess.run(
        [str(python), "-c", "import fontawesomefree, matplotlib, pywaffle"], capture_output=True
    )
    if ready.returncode:
        print(f"installing pywaffle and matplotlib into {venv} (first run only) ...", flush=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "pywaffle[icons]", "matplotlib"],
            check=True,
        )
    return python


def pywaffle_medians(
    python: Path, figures: dict[int, OutcomeFigures], runs: int
) -> dict[int, float]:
    charts = {}
    for d, outcome in figures.items():
        columns, rows = (10, 10) if d == 100 else (50, 20)
        arrays = [(p.option.name, [c.count for c in p.categories]) for p in compare(outcome).panels]
        charts[str(d)] = {"arrays": arrays, "columns": columns, "rows": rows}
    result = subprocess.run(
        [str(python), "-c", PYWAFFLE],
        input=json.dumps({"runs": runs, "charts": charts}),
        capture_output=True,
        text=True,
        check=True,
    )
    return {int(k): v for k, v in json.loads(result.stdout).items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs per chart (default 15)")
    parser.add_argument(
        "--venv",
        type=Path,
        default=Path(tempfile.gettempdir()) / "decision-aids-bench-pywaffle",
        help="where pywaffle's virtual environment is (made if missing)",
    )
    args = parser.parse_args()
    figures = {d: template_figures(d) for d in DENOMINATORS}
    ours = {
        d: (
            median_seconds(lambda f=f: icon_array_svg(f), args.runs),
            median_seconds(lambda f=f: icon_array_chart(f).to_dict(), args.runs),
        )
        for d, f in figures.items()
    }
    waffle = pywaffle_medians(pywaffle_python(args.venv), figures, args.runs)
    print(f"Median of {args.runs} runs; one chart = two arrays (no treatment, treatment).")
    print(
        f"{'people per array':>16}  {'icon_array_svg':>14}  {'icon_array_chart':>16}  "
        f"{'pywaffle SVG':>12}  {'pywaffle/svg':>12}  {'pywaffle/chart':>14}"
    )
    for d in DENOMINATORS:
        svg, spec = ours[d]
        print(
            f"{d:>16}  {svg * 1e3:>11.2f} ms  {spec * 1e3:>13.2f} ms  {waffle[d] * 1e3:>9.1f} ms"
            f"  {waffle[d] / svg:>11.0f}×  {waffle[d] / spec:>13.1f}×"
        )


if __name__ == "__main__":
    main()
