"""Phone-first pages for patients: server-rendered HTML in the NHS.UK design system.

Small, readable without JavaScript, and made only from what the library returns. They build on
:mod:`decision_aids.site` (layout, stylesheets, security headers) and are served, beside the
Streamlit apps and the survey, by :mod:`decision_aids.server`; to mount them elsewhere::

    from decision_aids import web
    from decision_aids.site import assets, errors
    app = Starlette(
        routes=[*web.routes(), *assets.routes()],
        exception_handlers={Exception: errors.server_error},
    )
"""

from decision_aids.web.pages import LibrarySource, routes

__all__ = ["LibrarySource", "routes"]
