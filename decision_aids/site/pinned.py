"""A package from the npm registry pinned at a version and integrity, and whether it is unpacked.

The pages need only to know whether the pinned NHS.UK frontend is in its folder; fetching it is
build tooling (``python -m tools.fetch``), which writes the stamp that :func:`is_fetched` reads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

#: The file, in the destination folder, that records what was unpacked there.
STAMP = ".fetched"


@dataclass(frozen=True)
class NpmPackage:
    """A package at a pinned version, and which of its files go where.

    ``files`` maps a folder or file inside the tarball (below ``package/``) to a path below the
    destination folder; ``transform`` may rewrite a file's bytes on the way, keyed by its path
    below the destination.
    """

    name: str
    version: str
    integrity: str
    files: dict[str, str]
    transform: dict[str, Callable[[bytes], bytes]] = field(default_factory=dict)

    @property
    def spec(self) -> str:
        return f"{self.name}@{self.version}"

    def stamp(self) -> str:
        return f"{self.spec} {self.integrity}\n"


def is_fetched(package: NpmPackage, dest: Path) -> bool:
    """Whether `dest` holds exactly this version of `package`, unpacked and checked."""
    stamp = dest / STAMP
    return stamp.is_file() and stamp.read_text(encoding="utf-8") == package.stamp()
