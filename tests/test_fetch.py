"""The npm fetcher (tools/): pinned packages, checked against their integrity, only used files kept."""

from __future__ import annotations

import base64
import io
import tarfile
from pathlib import Path

import pytest

from decision_aids.site import assets
from decision_aids.site.pinned import NpmPackage, is_fetched
from tools import fetch, npm


def _tarball(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def _package(tarball: bytes, **changes: object) -> NpmPackage:
    fields: dict[str, object] = {
        "name": "demo",
        "version": "1.0.0",
        "integrity": npm.integrity_of(tarball),
        "files": {"dist/style.css": "style.css", "dist/images": "images"},
        "transform": {"style.css": assets.strip_font_faces},
    }
    return NpmPackage(**{**fields, **changes})  # type: ignore[arg-type]


def test_unpack_keeps_only_the_listed_files_and_transforms_them(tmp_path: Path) -> None:
    css = b"@font-face{font-family:X;src:url(https://fonts.example/x.woff2)}body{color:red}"
    tarball = _tarball(
        {
            "package/dist/style.css": css,
            "package/dist/images/a.svg": b"<svg/>",
            "package/dist/other.js": b"alert(1)",
            "package/../escape.txt": b"no",
        }
    )
    package = _package(tarball)
    written = npm.unpack(package, tarball, tmp_path)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in written) == [
        "images/a.svg",
        "style.css",
    ]
    assert (tmp_path / "style.css").read_bytes() == b"body{color:red}"
    assert is_fetched(package, tmp_path)
    assert not (tmp_path.parent / "escape.txt").exists()


def test_unpack_refuses_a_tarball_that_is_not_the_pinned_one(tmp_path: Path) -> None:
    tarball = _tarball({"package/dist/style.css": b"x", "package/dist/images/a.svg": b"y"})
    package = _package(tarball, integrity="sha512-" + base64.b64encode(b"0" * 64).decode())
    with pytest.raises(npm.FetchError, match="not the published"):
        npm.unpack(package, tarball, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_unpack_names_a_listed_file_the_package_lacks(tmp_path: Path) -> None:
    tarball = _tarball({"package/dist/style.css": b"x"})
    with pytest.raises(npm.FetchError, match="has no dist/images"):
        npm.unpack(_package(tarball), tarball, tmp_path)
    assert not is_fetched(_package(tarball), tmp_path)


def test_integrity_matches_npm_format() -> None:
    # `npm view` gives sha512-<base64 of the 64-byte digest>; 88 base64 characters.
    empty = (
        "z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg=="
    )
    assert npm.integrity_of(b"") == f"sha512-{empty}"


def test_fetch_command(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fetched: list[tuple[str, Path]] = []

    def fake_fetch(package: NpmPackage, dest: Path) -> bool:
        fetched.append((package.name, dest))
        return True

    monkeypatch.setattr(fetch, "fetch", fake_fetch)
    assert fetch.main([]) == 0
    assert fetch.main(["axe-core", "--dest", str(tmp_path)]) == 0
    assert fetched == [("nhsuk-frontend", assets.VENDOR_DIR), ("axe-core", tmp_path)]
    with pytest.raises(SystemExit):
        fetch.main(["left-pad"])
    with pytest.raises(SystemExit):
        fetch.main(["axe-core", "nhsuk-frontend", "--dest", str(tmp_path)])

    def failing(package: NpmPackage, dest: Path) -> bool:
        raise npm.FetchError("npm pack axe-core@4.14.1 failed: offline")

    monkeypatch.setattr(fetch, "fetch", failing)
    assert fetch.main(["axe-core"]) == 1
    assert "error: npm pack axe-core@4.14.1 failed: offline" in capsys.readouterr().err
