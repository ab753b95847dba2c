"""The files pages link to: the NHS.UK frontend stylesheet (fetched at set-up) or a plain fallback.

Nothing from npm is committed. The set-up runs ``python -m tools.fetch`` (see the Makefile),
which fetches ``nhsuk-frontend`` at the version ``nhsuk-frontend-jinja`` targets, checks it against the integrity hash npm publishes, and keeps only the stylesheet and its icons.
Its ``@font-face`` rules are removed on the way: they load the Frutiger font from an NHS host,
and a patient's browser must call no outside host (the pages fall back to Arial, as the NHS.UK
stylesheet itself does). Without the fetch, pages link ``fallback.css``, a small plain stylesheet.
"""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path

from starlette.responses import FileResponse, Response
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from decision_aids.site.pinned import NpmPackage, is_fetched

#: Where fetched NHS.UK frontend files live (ignored by git); served at /assets.
VENDOR_DIR = Path(__file__).parent / "vendor"
STATIC_PACKAGE = ("decision_aids.site", "static")
ASSETS_URL = "/assets"

_FONT_FACE = re.compile(rb"@font-face\s*\{[^}]*\}")


def strip_font_faces(css: bytes) -> bytes:
    """The stylesheet without its ``@font-face`` rules, which fetch fonts from another host."""
    return _FONT_FACE.sub(b"", css)


#: nhsuk-frontend 10.6.1 is the version nhsuk-frontend-jinja 0.10.2 targets (its README's table).
NHSUK_FRONTEND = NpmPackage(
    name="nhsuk-frontend",
    version="10.6.1",
    integrity="sha512-PZorqQZjZx/A26yJoskCL9z0ib6AtkAyF0o4K/RHr8zRrJyXrUOCnMbjy0VNXsGO4tfTNMwqlkwATKs4a0xayw==",
    files={
        "dist/nhsuk/nhsuk-frontend.min.css": "nhsuk-frontend.min.css",
        "dist/nhsuk/assets/images": "images",
    },
    transform={"nhsuk-frontend.min.css": strip_font_faces},
)

@cache
def stylesheets(vendor_dir: Path = VENDOR_DIR) -> tuple[str, ...]:
    """The stylesheets every page links, in order: NHS.UK frontend (or the fallback), then ours."""
    if is_fetched(NHSUK_FRONTEND, vendor_dir):
        base = f"{ASSETS_URL}/nhsuk-frontend.min.css?v={NHSUK_FRONTEND.version}"
    else:
        base = f"{ASSETS_URL}/fallback.css"
    return (base, f"{ASSETS_URL}/site.css")


class _CachedStaticFiles(StaticFiles):
    """Static files that a phone may keep for a day rather than ask for again on every page."""

    def file_response(
        self, full_path: str, stat_result: os.stat_result, scope: Scope, status_code: int = 200
    ) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        if isinstance(response, FileResponse):
            response.headers["Cache-Control"] = "public, max-age=86400"
        return response


def static_files(vendor_dir: Path = VENDOR_DIR) -> StaticFiles:
    """The app for /assets: fetched files first, if they were fetched, then the package's own
    stylesheets (so an installed package without the fetch still serves its fallback)."""
    fetched = vendor_dir if vendor_dir.is_dir() else None
    return _CachedStaticFiles(directory=fetched, packages=[STATIC_PACKAGE])


def routes() -> list[BaseRoute]:
    """``/assets``: the stylesheets and icons every page links."""
    return [Mount(ASSETS_URL, app=static_files(), name="assets")]
