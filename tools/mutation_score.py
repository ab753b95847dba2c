"""Print the share of mutants killed in each module of the clinical core, after `mutmut run`.

    python tools/mutation_score.py            # every module mutmut has results for
    python tools/mutation_score.py --strict   # exit 1 if a module is under 90% or a survivor
                                              # is not listed as equivalent in the docs

A mutant counts as killed when a test failed (or timed out, or the type checker caught it);
mutants not yet checked are counted apart, and a module with any is marked incomplete. Survivors
judged equivalent (no test could tell them apart) are listed, each with why, in
docs/mutation-testing.md as a line starting with the mutant's name in backticks.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

from mutmut.stats import status_by_exit_code

REPO = Path(__file__).resolve().parent.parent
MUTANTS = REPO / "mutants"
EQUIVALENTS = REPO / "docs" / "mutation-testing.md"
TARGET = 0.90
KILLED = {"killed", "timeout", "caught by type check"}


def equivalent_mutants(doc: Path = EQUIVALENTS) -> set[str]:
    """Mutant names listed in the docs as equivalent: list items starting with the name in backticks."""
    if not doc.exists():
        return set()
    return set(re.findall(r"^\s*[-*] `([\w.]+__mutmut_\d+)`", doc.read_text(), flags=re.M))


def results(mutants: Path = MUTANTS) -> dict[str, dict[str, str]]:
    """Each mutated module's mutants and their status, from mutmut's .meta files."""
    by_module: dict[str, dict[str, str]] = {}
    for meta in sorted(mutants.rglob("*.py.meta")):
        module = meta.relative_to(mutants).as_posix().removesuffix(".meta")
        codes = json.loads(meta.read_text())["exit_code_by_key"]
        by_module[module] = {name: status_by_exit_code[code] for name, code in codes.items()}
    return by_module


def report(by_module: dict[str, dict[str, str]], equivalent: set[str]) -> tuple[list[str], bool]:
    """Lines to print, and whether every module reached the target with every survivor explained."""
    lines = [f"{'module':48} {'killed':>7} {'of':>5} {'share':>7} {'survived':>9} {'unchecked':>10}"]
    ok = True
    for module, statuses in by_module.items():
        counts = Counter(statuses.values())
        killed = sum(counts[s] for s in KILLED)
        unchecked = counts["not checked"] + counts["skipped"]
        survivors = sorted(n for n, s in statuses.items() if s == "survived")
        total = len(statuses) - unchecked
        share = killed / total if total else 0.0
        unexplained = [n for n in survivors if n not in equivalent]
        good = share >= TARGET and not unchecked and not unexplained
        ok = ok and good
        flag = "" if good else "  <- " + ("incomplete" if unchecked else "below target or unexplained")
        lines.append(
            f"{module:48} {killed:7d} {total:5d} {share:7.1%} {len(survivors):9d} {unchecked:10d}{flag}"
        )
        lines += [f"    survived, not listed as equivalent: {name}" for name in unexplained]
    return lines, ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strict", action="store_true", help="exit 1 unless every module passes")
    args = parser.parse_args(argv)
    if not MUTANTS.is_dir():
        print("no mutmut results: run `make mutation` first", file=sys.stderr)
        return 2
    lines, ok = report(results(), equivalent_mutants())
    print("\n".join(lines))
    print(f"target: {TARGET:.0%} killed in every module, every survivor explained in {EQUIVALENTS.name}")
    return 0 if ok or not args.strict else 1


if __name__ == "__main__":
    raise SystemExit(main())
