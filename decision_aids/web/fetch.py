"""Fetch the pinned npm packages: ``python -m decision_aids.web.fetch [nhsuk-frontend] [axe-core]``.

The set-up runs this (see the Makefile); what is pinned, and where it goes, is in
:mod:`decision_aids.web.assets`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from decision_aids.web.assets import NHSUK_FRONTEND, PACKAGES
from decision_aids.web.npm import FetchError, fetch


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m decision_aids.web.fetch",
        description="Fetch pinned npm packages, checked against their published integrity.",
    )
    parser.add_argument(
        "packages",
        nargs="*",
        metavar="PACKAGE",
        help=f"{' or '.join(PACKAGES)} (default: {NHSUK_FRONTEND.name})",
    )
    parser.add_argument("--dest", type=Path, help="folder to unpack into (one package only)")
    args = parser.parse_args(argv)
    names = args.packages or [NHSUK_FRONTEND.name]
    unknown = [name for name in names if name not in PACKAGES]
    if unknown:
        parser.error(f"unknown package {unknown[0]!r}; choose from {', '.join(PACKAGES)}")
    if args.dest and len(names) != 1:
        parser.error("--dest goes with exactly one package")
    for name in names:
        package, default = PACKAGES[name]
        dest = args.dest or default
        try:
            fetched = fetch(package, dest)
        except FetchError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        print(f"{package.spec} {'fetched into' if fetched else 'already in'} {dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
