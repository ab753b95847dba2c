"""The one ASGI app: the Streamlit apps at `/`, the patient pages and the survey beside them.

``decision-aids serve`` runs :func:`build` with uvicorn; ``uvicorn --factory
decision_aids.server:public_app`` serves the public pages alone (the patient pages and the
survey, say on a host the internet can reach, with the apps kept inside).

Routes come from providers, each a function returning Starlette routes; add a provider to
:data:`ROUTE_PROVIDERS` to serve more pages from the same process. Streamlit keeps its own paths
(`/_stcore/`, `/static/`, `/media/`, `/component/`) and everything no provider claims.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import streamlit as st
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.routing import BaseRoute

import collaborate.web
from collaborate.web import EngineSource
from decision_aids import streamlit_page, web
from decision_aids.site import assets, errors, limits, logs, origin, security


def _evaluator_routes() -> list[BaseRoute]:
    """The evaluator's sign-in and downloads; imported here so the public pages never load the
    dashboard's statistics and charts."""
    import collaborate.evaluator_web

    return collaborate.evaluator_web.routes()


#: Each returns the routes of one part of the service.
ROUTE_PROVIDERS: Sequence[Callable[[], list[BaseRoute]]] = (
    web.routes,  # /aids, /aids/<slug>, /aids/<slug>/summary, /healthz
    collaborate.web.routes,  # /feedback/<token>: the collaboRATE survey
    _evaluator_routes,  # /evaluator/: sign-in, sign-out, downloads (not in the public app)
    assets.routes,  # /assets: the stylesheets every page links
)


def apps_dir() -> Path:
    """The Streamlit apps: bundled in the installed package, or the source checkout's ``apps/``.

    The bundled copy comes first, as the bundled content does: in an installed package the
    folder above it is site-packages, where ``apps`` could be anything.
    """
    packaged = Path(__file__).parent / "_apps"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "apps"


def build() -> st.App:
    """Everything in one app (Streamlit allows one per process)."""
    logs.hide_query_strings()
    routes = [route for provider in ROUTE_PROVIDERS for route in provider()]
    original = streamlit_page.original_html()
    entry = streamlit_page.entry_html(original)
    # Streamlit's pages may run exactly the entry page's inline scripts, allowed by hash.
    csp = security.app_csp(security.script_hashes(entry.decode()))
    return st.App(
        apps_dir() / "main.py",
        routes=routes,
        middleware=[
            Middleware(security.SecurityHeaders, default_csp=csp),
            Middleware(limits.LongAddresses),
            Middleware(origin.SameOriginForms),
            Middleware(GZipMiddleware, minimum_size=500),
            Middleware(streamlit_page.EntryPage, original=original, replacement=entry),
        ],
        exception_handlers={Exception: errors.server_error},
    )


def public_app(engine: EngineSource | None = None) -> Starlette:
    """The patient pages and the survey without the Streamlit apps; `engine` as for
    :func:`collaborate.web.routes`."""
    logs.hide_query_strings()
    return Starlette(
        routes=[*web.routes(), *collaborate.web.routes(engine), *assets.routes()],
        middleware=[
            Middleware(security.SecurityHeaders, default_csp=security.PAGE_CSP),
            Middleware(limits.LongAddresses),
            Middleware(origin.SameOriginForms),
        ],
        exception_handlers={Exception: errors.server_error},
    )
