"""The one ASGI app: the Streamlit apps at `/` and the patient pages beside them.

Run it with ``decision-aids serve`` (uvicorn), or ``uvicorn server:app --app-dir apps``.

Routes come from providers, each a function returning Starlette routes; add a provider to
:data:`ROUTE_PROVIDERS` to serve more pages from the same process. Streamlit keeps its own paths
(`/_stcore/`, `/static/`, `/media/`, `/component/`) and everything no provider claims.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.routing import BaseRoute

import collaborate.web
from decision_aids import web

ENTRY_SCRIPT = Path(__file__).with_name("main.py")

#: Each returns the routes of one part of the service.
ROUTE_PROVIDERS: Sequence[Callable[[], list[BaseRoute]]] = (
    web.routes,  # /aids, /aids/<slug>, /aids/<slug>/summary, /healthz, /assets
    collaborate.web.routes,  # /feedback/<token>: the collaboRATE survey
)


def _streamlit_csp() -> str:
    """A policy for Streamlit's pages that allows exactly its own inline script, by hash."""
    index = Path(st.__file__).parent / "static" / "index.html"
    return web.app_csp(web.script_hashes(index.read_text(encoding="utf-8")))


def build() -> st.App:
    web.hide_query_strings()
    routes = [route for provider in ROUTE_PROVIDERS for route in provider()]
    return st.App(
        ENTRY_SCRIPT,
        routes=routes,
        middleware=[
            Middleware(web.SecurityHeaders, default_csp=_streamlit_csp()),
            Middleware(GZipMiddleware, minimum_size=500),
        ],
        exception_handlers={Exception: web.server_error},
    )


app = build()
