"""Streamlit's entry page, told where its server is, so that a deep link asks for nothing twice.

Opened at a page's own address (``/consultation``), Streamlit's browser code cannot tell the
page's name from a path the whole app is served under, so it first asks
``/consultation/_stcore/health`` and ``/consultation/_stcore/host-config`` (two 404s) before
trying the folder above (streamlit/streamlit#7074). It reads where its server is from
``window.__streamlit.BACKEND_BASE_URL`` when the page sets it: :class:`EntryPage` serves the
entry page with one more inline script that sets it to the folder above the page's address,
which is where the page's own relative links (``./static/…``) already point.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: The folder above the page's address: `/` for `/consultation`, `/apps/` for `/apps/author`.
BACKEND_SCRIPT = 'window.__streamlit = {BACKEND_BASE_URL: new URL("./", document.baseURI).href};'
_HEAD = b"<head>"


def original_html() -> bytes:
    """The entry page as Streamlit ships it."""
    return (Path(st.__file__).parent / "static" / "index.html").read_bytes()


def entry_html(original: bytes) -> bytes:
    """`original` with :data:`BACKEND_SCRIPT` first in its head."""
    if _HEAD not in original:
        raise ValueError("Streamlit's index.html has no <head>: check this module against it")
    script = f"<script>{BACKEND_SCRIPT}</script>".encode()
    return original.replace(_HEAD, _HEAD + script, 1)


class EntryPage:
    """ASGI middleware: wherever the app answers with Streamlit's entry page, send `replacement`.

    The entry page is recognised by its bytes, so nothing else is touched. Requests reach the
    app without ``Accept-Encoding``: the page is then never compressed inside (a middleware
    outside this one compresses every response).
    """

    def __init__(self, app: ASGIApp, original: bytes, replacement: bytes) -> None:
        self.app = app
        self.original = original
        self.replacement = replacement

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        scope = {**scope, "headers": [h for h in scope["headers"] if h[0] != b"accept-encoding"]}
        head = scope["method"] == "HEAD"
        held: list[Message] = []

        async def replace(message: Message) -> None:
            if message["type"] == "http.response.start" and self._may_be_entry(message):
                held.append(message)
                return
            if not held or message["type"] != "http.response.body":
                await send(message)
                return
            held.append(message)
            if message.get("more_body"):
                return
            start, *parts = held
            body = b"".join(part.get("body", b"") for part in parts)
            if body == self.original:
                body = self.replacement
            if body == self.replacement or (head and not body):  # HEAD: the headers of a GET
                MutableHeaders(scope=start)["content-length"] = str(len(self.replacement))
            await send(start)
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, replace)

    def _may_be_entry(self, start: Message) -> bool:
        headers = Headers(raw=start["headers"])
        return headers.get("content-type", "").startswith("text/html") and headers.get(
            "content-length"
        ) == str(len(self.original))
