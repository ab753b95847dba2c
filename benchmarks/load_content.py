"""Time to load and validate the bundled content, and 30 synthetic copies of it.

Run: .venv/bin/python benchmarks/load_content.py
Prints the median of several runs for: parse + validate (the loader), lint, and both together.
Target (issue 3): under 100 ms to load and validate 30 aids on a 2-core machine.
"""

from __future__ import annotations

import re
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from decision_aids import lint
from decision_aids.content import content_dir, content_files, load_library

RUNS = 15
COPIES = 30


def median_ms(action: Callable[[], object]) -> float:
    action()  # warm caches (imports, compiled schemas), as a running server would have
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def synthetic_copies(folder: Path, count: int) -> None:
    """`count` aids made from the bundled ones, each with its own slug."""
    sources = content_files([content_dir()])
    for n in range(count):
        source = sources[n % len(sources)]
        slug = f"{source.stem}-copy-{n}"
        text = source.read_text(encoding="utf-8")
        text = re.sub(r"^slug: .*$", f"slug: {slug}", text, count=1, flags=re.MULTILINE)
        (folder / f"{slug}.md").write_text(text, encoding="utf-8")


def report(label: str, folder: Path) -> None:
    library = load_library([folder])
    assert not library.errors, library.errors
    count = len(library.aids)
    load = median_ms(lambda: load_library([folder]))
    lint_all = median_ms(lambda: [lint.lint(a) for a in library.aids.values()])
    both = median_ms(lambda: [lint.lint(a) for a in load_library([folder]).aids.values()])
    print(f"{label}: {count} aids")
    print(f"  load + validate (loader):   {load:8.1f} ms  ({load / count:.2f} ms per aid)")
    print(f"  lint (IPDAS, reading age):  {lint_all:8.1f} ms")
    print(f"  load + validate + lint:     {both:8.1f} ms")


def main() -> None:
    print(f"median of {RUNS} runs after one warm-up")
    report("bundled content/", content_dir())
    with tempfile.TemporaryDirectory() as tmp:
        synthetic_copies(Path(tmp), COPIES)
        report(f"{COPIES} synthetic aids", Path(tmp))
    print("target: load + validate of 30 aids under 100 ms")


if __name__ == "__main__":
    main()
