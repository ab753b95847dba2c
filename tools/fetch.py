"""Fetch the pinned npm packages: ``python -m tools.fetch [nhsuk-frontend] [axe-core]``.

The set-up runs this (see the Makefile): ``nhsuk-frontend`` for the pages (pinned in
:mod:`decision_aids.site.assets`, which finds it in its ``vendor`` folder) and ``axe-core`` for
the browser tests (pinned here).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from decision_aids.site.assets import NHSUK_FRONTEND, VENDOR_DIR
from decision_aids.site.pinned import NpmPackage
from tools.npm import FetchError, fetch

#: Where the browser tests expect axe-core, relative to the repository root.
AXE_DIR = Path(".cache") / "axe-core"

AXE_CORE = NpmPackage(
    name="axe-core",
    version="4.14.1",
    integrity="sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==",
    files={"axe.min.js": "axe.min.js"},
)

#: What the command line can fetch, and where each goes by default.
PACKAGES: dict[str, tuple[NpmPackage, Path]] = {
    NHSUK_FRONTEND.name: (NHSUK_FRONTEND, VENDOR_DIR),
    AXE_CORE.name: (AXE_CORE, AXE_DIR),
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.fetch",
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
