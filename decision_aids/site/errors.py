"""The plain page for any unexpected error: never a traceback, never a blank page."""

from __future__ import annotations

from importlib.resources import files

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from decision_aids.site.security import COMMON_HEADERS, PAGE_CSP

_SERVER_ERROR = (files("decision_aids.site") / "templates" / "server_error.html").read_text(
    encoding="utf-8"
)


def server_error(request: Request, exc: Exception) -> Response:
    """The server's handler for any exception a route did not handle.

    It is a fixed file, not a template, so that it still works when templating is what broke.
    Starlette answers from outside every middleware here, so the page carries the common
    security headers itself.
    """
    return HTMLResponse(
        _SERVER_ERROR, 500, headers={**COMMON_HEADERS, "Content-Security-Policy": PAGE_CSP}
    )
