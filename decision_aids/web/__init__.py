"""Phone-first pages for patients: server-rendered HTML in the NHS.UK design system.

Small, readable without JavaScript, and made only from what the library returns. Mount them in
any Starlette app (``apps/server.py`` puts them beside the Streamlit apps)::

    from decision_aids import web
    app = Starlette(routes=web.routes(), exception_handlers={Exception: web.server_error})
"""

from decision_aids.web.logs import hide_query_strings
from decision_aids.web.pages import library, routes, server_error
from decision_aids.web.security import SecurityHeaders, app_csp, script_hashes

__all__ = [
    "SecurityHeaders",
    "app_csp",
    "hide_query_strings",
    "library",
    "routes",
    "script_hashes",
    "server_error",
]
