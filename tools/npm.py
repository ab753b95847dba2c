"""Fetch one pinned package from the npm registry, check it, and unpack only the files we use.

The ordinary client does the download (``npm pack``), so the registry, proxy and certificates
configured for npm apply. The tarball's SHA-512 is compared with the integrity hash the registry
publishes for that version (``npm view NAME@VERSION dist.integrity``), pinned here in the code, and
nothing is unpacked unless they match. A stamp file records what was unpacked, so running the
set-up again costs nothing.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from decision_aids.site.pinned import STAMP, NpmPackage, is_fetched


class FetchError(RuntimeError):
    """The package could not be fetched, or it was not the package we pinned."""


def integrity_of(data: bytes) -> str:
    """The npm `dist.integrity` string of a tarball: ``sha512-`` and the base64 digest."""
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def _npm_pack(package: NpmPackage, folder: Path) -> Path:
    npm = shutil.which("npm")
    if npm is None:
        raise FetchError(
            f"npm is not installed, so {package.spec} cannot be fetched; install Node.js and npm "
            "(Debian: apt-get install npm), then run the set-up again"
        )
    result = subprocess.run(
        [npm, "pack", package.spec, "--json", "--pack-destination", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise FetchError(f"npm pack {package.spec} failed: {result.stderr.strip()[-500:]}")
    (packed,) = json.loads(result.stdout)
    return folder / packed["filename"]


def _destination(member: str, package: NpmPackage) -> tuple[str, str] | None:
    """Which entry of `package.files` a tarball member falls under, and where it goes."""
    path = PurePosixPath(member)
    if path.parts[:1] != ("package",) or ".." in path.parts:
        return None
    inner = PurePosixPath(*path.parts[1:])
    for source, target in package.files.items():
        if inner == PurePosixPath(source):
            return source, target
        if PurePosixPath(source) in inner.parents:
            return source, str(PurePosixPath(target) / inner.relative_to(source))
    return None


def unpack(package: NpmPackage, tarball: bytes, dest: Path) -> list[Path]:
    """Check `tarball` against the pinned integrity, then write the files we use into `dest`."""
    found = integrity_of(tarball)
    if found != package.integrity:
        raise FetchError(
            f"{package.spec}: the download's integrity {found} is not the published "
            f"{package.integrity}; nothing was unpacked. Check the registry or proxy npm uses"
        )
    written: list[Path] = []
    used: set[str] = set()
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as tar:
        for member in tar.getmembers():
            place = _destination(member.name, package)
            if place is None or not member.isfile():
                continue
            source, target = place
            used.add(source)
            extracted = tar.extractfile(member)
            assert extracted is not None  # a regular file always has content
            data = package.transform.get(target, lambda b: b)(extracted.read())
            out = dest / target
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(data)
            written.append(out)
    missing = set(package.files) - used
    if missing:
        raise FetchError(f"{package.spec} has no {', '.join(sorted(missing))}")
    (dest / STAMP).write_text(package.stamp(), encoding="utf-8")
    return written


def fetch(package: NpmPackage, dest: Path) -> bool:
    """Fetch `package` into `dest` unless it is already there; True if it was fetched now."""
    if is_fetched(package, dest):
        return False
    with tempfile.TemporaryDirectory() as tmp:
        tarball = _npm_pack(package, Path(tmp)).read_bytes()
    unpack(package, tarball, dest)
    return True
