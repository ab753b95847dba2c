"""Forms are taken only from this site's own pages: a cross-site post is refused with 403.

A survey link is a capability, so a page elsewhere that holds a valid token could make a
visitor's browser post answers to it. Browsers say where a request comes from, and every form
this server takes (the survey's ``POST``; Streamlit's own uploads) comes from its own pages.
For every request that may change something (``POST``, ``PUT``, ``PATCH``, ``DELETE``):

- ``Sec-Fetch-Site`` (sent by every current browser) decides when present: ``same-origin`` and
  ``none`` (typed or bookmarked) are allowed; ``same-site`` (another host or port of the same
  site) and ``cross-site`` are refused.
- Without it, an ``Origin`` naming another host than the request's ``Host`` is refused.
- ``Origin: null`` without ``Sec-Fetch-Site`` is allowed: our pages' ``Referrer-Policy:
  no-referrer`` makes a browser send ``null`` for a form posted to its own origin (the Fetch
  standard), and every browser that sends ``null`` for a cross-site post also sends
  ``Sec-Fetch-Site``, which refuses it.
- Neither header: a client that is not a browser (a script, a monitoring probe, the
  benchmarks), which no other site can drive through a visitor's browser; allowed.

Behind a reverse proxy, the proxy must pass the ``Host`` header on unchanged (nginx:
``proxy_set_header Host $host``), as docs/deployment.md says.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from decision_aids.site.templating import render

__all__ = ["SameOriginForms", "is_cross_site"]

#: Methods that may change something, so are checked.
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_ALLOWED_FETCH_SITES = frozenset({"same-origin", "none"})


def is_cross_site(headers: Headers) -> bool:
    """Whether a request's headers show it was sent by another site's page (see the module)."""
    fetch_site = headers.get("sec-fetch-site")
    if fetch_site is not None:
        return fetch_site.strip().lower() not in _ALLOWED_FETCH_SITES
    origin = headers.get("origin")
    if origin is None or origin.strip() == "null":
        return False
    return urlsplit(origin.strip()).netloc.lower() != headers.get("host", "").strip().lower()


class SameOriginForms:
    """ASGI middleware: a request that may change something, sent from another site, gets a
    plain 403 page and never reaches the app."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["method"] in UNSAFE_METHODS
            and is_cross_site(Headers(scope=scope))
        ):
            page = render("decision_aids.site", "cross_site.jinja", {}, 403)
            await page(scope, receive, send)
            return
        await self.app(scope, receive, send)
