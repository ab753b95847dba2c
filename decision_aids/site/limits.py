"""An address too long to be ours gets 414 URI Too Long, never a dropped connection.

Two places see a long address:

- :class:`LongAddresses`, ASGI middleware, answers 414 with a plain page for any address (path
  and query string) over :data:`MAX_ADDRESS_BYTES`. A patient page's answers take a few hundred
  bytes; 8 KB is what common proxies allow (nginx's ``large_client_header_buffers``).
- :class:`H11Protocol`, uvicorn's h11 protocol with one change, for addresses too long to reach
  the app at all (over h11's 16 KB buffer, say a 1 MB query string). uvicorn answers those
  with 400 and closes the socket at once, while the client is still sending; the unread data
  makes the kernel reset the connection, and the client loses the answer with it. Here the
  answer is 414 (431 when the request line was complete and the headers are too long), and the
  connection is closed the polite way: the answer is sent, the sending side shut, and what the
  client still sends is read and thrown away until it stops (at most :data:`LINGER_SECONDS`).

Run uvicorn with ``--http decision_aids.site.limits:H11Protocol``; ``decision-aids serve`` does.
"""

from __future__ import annotations

from http import HTTPStatus

import h11
from h11._connection import DEFAULT_MAX_INCOMPLETE_EVENT_SIZE
from starlette.types import ASGIApp, Receive, Scope, Send
from uvicorn.protocols.http import h11_impl

from decision_aids.site.security import COMMON_HEADERS
from decision_aids.site.templating import render

__all__ = ["LINGER_SECONDS", "MAX_ADDRESS_BYTES", "H11Protocol", "LongAddresses"]

MAX_ADDRESS_BYTES = 8 * 1024
#: The longest the server keeps reading what a refused client still sends.
LINGER_SECONDS = 10.0


class LongAddresses:
    """ASGI middleware: an address over :data:`MAX_ADDRESS_BYTES` gets a plain 414 page."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            path = scope.get("raw_path") or scope["path"].encode()
            query = scope["query_string"]
            if len(path) + (len(query) + 1 if query else 0) > MAX_ADDRESS_BYTES:  # "?" too
                page = render("decision_aids.site", "too_long.jinja", {}, 414)
                await page(scope, receive, send)
                return
        await self.app(scope, receive, send)


class H11Protocol(h11_impl.H11Protocol):
    """uvicorn's h11 protocol, answering a request too long to parse with a status the client
    can read (see the module)."""

    _discarding = False

    def send_400_response(self, msg: str) -> None:
        """uvicorn calls this for any request h11 cannot parse; an over-long one gets its own
        status, and a lingering close."""
        pending, _ = self.conn.trailing_data
        limit = self.config.h11_max_incomplete_event_size or DEFAULT_MAX_INCOMPLETE_EVENT_SIZE
        if len(pending) <= limit:
            super().send_400_response(msg)
            return
        request_line_ended = b"\n" in pending
        status = 431 if request_line_ended else 414
        text = (
            b"The request's headers are too large."
            if request_line_ended
            else b"This web address is too long: check that it was copied correctly."
        )
        headers = [
            (b"content-type", b"text/plain; charset=utf-8"),
            *((name.lower().encode(), value.encode()) for name, value in COMMON_HEADERS.items()),
            (b"connection", b"close"),
        ]
        for event in (
            h11.Response(status_code=status, headers=headers, reason=HTTPStatus(status).phrase),
            h11.Data(data=text),
            h11.EndOfMessage(),
        ):
            self.transport.write(self.conn.send(event) or b"")
        self._discarding = True
        if self.transport.can_write_eof():
            self.transport.write_eof()
        self.loop.call_later(LINGER_SECONDS, self.transport.close)

    def data_received(self, data: bytes) -> None:
        if self._discarding:
            return  # the rest of a refused request: read, so the connection is not reset
        super().data_received(data)
