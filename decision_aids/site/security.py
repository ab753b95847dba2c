"""Security headers for every response of the one server, and the policies pages use.

Patient pages carry :data:`PAGE_CSP`: no script at all, styles and images from this server only,
forms that submit only here, and no framing. Other responses (the Streamlit apps) get the policy
the server is built with unless they set their own; :func:`script_hashes` lets that policy allow
exactly the inline scripts a known page carries, and nothing else inline.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: No JavaScript, nothing from another host, no framing. `data:` images only for the favicon
#: placeholder that stops browsers asking for /favicon.ico.
PAGE_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)

#: Sent with every response that does not set its own.
COMMON_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    # Pages' addresses hold a person's answers: never send them on to another site.
    "Referrer-Policy": "no-referrer",
}

#: For a page whose address holds a person's answers or a usable link: no cache (browser or
#: proxy) keeps it, and no other site sees the address in a Referer.
PRIVATE_PAGE_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}

_INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE
)


def script_hashes(html: str) -> list[str]:
    """CSP source expressions (``'sha256-…'``) for each inline script in `html`."""
    return [
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
        for body in _INLINE_SCRIPT.findall(html)
    ]


def app_csp(inline_script_hashes: Iterable[str] = ()) -> str:
    """A policy for a script-driven app from this server: its own scripts, styles and sockets."""
    scripts = " ".join(["'self'", *inline_script_hashes])
    return (
        f"default-src 'self'; script-src {scripts}; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
        "worker-src 'self' blob:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"
    )


class SecurityHeaders:
    """ASGI middleware: add the common headers, and `default_csp` where none was set."""

    def __init__(self, app: ASGIApp, default_csp: str) -> None:
        self.app = app
        self.default_csp = default_csp

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in COMMON_HEADERS.items():
                    headers.setdefault(name, value)
                headers.setdefault("Content-Security-Policy", self.default_csp)
            await send(message)

        await self.app(scope, receive, send_with_headers)
