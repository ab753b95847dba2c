"""The patient pages' routes: every aid, one aid, its printable summary, and a health check.

``/aids``                 every aid, or those matching ``?q=`` (plain words)
``/aids/<slug>``          the whole aid; its form's answers come back in the address
``/aids/<slug>/summary``  what the person said and their numbers, to print and bring
``/healthz``              200 and how many aids loaded

An unknown aid is a 404 page that lists the aids; answers the library cannot use give the page
again with a message beside each field (422). The stylesheets they link are served by
:mod:`decision_aids.site.assets`.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from decision_aids.content import Library, bundled_library
from decision_aids.model import DecisionAid
from decision_aids.qr import qr_svg
from decision_aids.search import search
from decision_aids.sharing import packed_url
from decision_aids.site.security import PRIVATE_PAGE_HEADERS
from decision_aids.site.templating import render
from decision_aids.summary import NO_FIGURE
from decision_aids.values import IMPORTANCE_LABELS, IMPORTANCE_QUESTION, SURE_ITEMS
from decision_aids.web.views import SHOW, SHOWS, AidView, aid_view, summary_record

LibrarySource = Callable[[], Library]
PACKAGE = "decision_aids.web"  # where the pages' templates are


class _Pages:
    def __init__(self, source: LibrarySource) -> None:
        self.source = source

    def _aids(self) -> list[DecisionAid]:
        return list(self.source().aids.values())

    def health(self, request: Request) -> Response:
        loaded = self.source()
        return JSONResponse(
            {"status": "ok", "aids": len(loaded.aids), "content_errors": len(loaded.errors)}
        )

    def index(self, request: Request) -> Response:
        query = request.query_params.get("q", "").strip()
        found = search(self._aids(), query)
        return render(PACKAGE, "aids.jinja", {"query": query, "aids": found, "total": len(self._aids())})

    def not_found(self, request: Request) -> Response:
        if request.path_params.get("rest") == "":
            return RedirectResponse("/aids", status_code=308)
        return render(
            PACKAGE,
            "not_found.jinja",
            {"path": request.url.path, "aids": search(self._aids(), "")},
            status_code=404,
        )

    def aid(self, request: Request) -> Response:
        return self._aid_page(request, "aid.jinja")

    def summary(self, request: Request) -> Response:
        return self._aid_page(request, "summary.jinja")

    def _aid_page(self, request: Request, template: str) -> Response:
        aid = self.source().aids.get(request.path_params["slug"])
        if aid is None:
            return self.not_found(request)
        view = aid_view(aid, request.query_params.multi_items())
        # Answers the library cannot use: the aid's page again, each message beside its field.
        shown = "aid.jinja" if view.errors else template
        context = self._context(request, view)
        if shown == "summary.jinja":
            base = f"{request.url.scheme}://{request.url.netloc}"
            short = packed_url(base, view.aid, view.link_params())
            context["record"] = summary_record(view, short)
            context["no_figure"] = NO_FIGURE
            context["qr"] = Markup(qr_svg(short, title="A QR code for this aid, with my answers"))
        private = PRIVATE_PAGE_HEADERS if request.url.query else None  # answers in the address
        return render(PACKAGE, shown, context, view.status_code, private)

    @staticmethod
    def _context(request: Request, view: AidView) -> dict[str, object]:
        kept = [(k, v) for k, v in request.query_params.multi_items() if k != SHOW]
        return {
            "view": view,
            "aid_url": str(request.url.replace(path=f"/aids/{view.aid.slug}")),
            "importance_labels": IMPORTANCE_LABELS,
            "importance_question": IMPORTANCE_QUESTION,
            "sure_items": SURE_ITEMS,
            # The same page and answers, the numbers shown another way: links, no script.
            "show_urls": {
                show: _with_query(
                    f"/aids/{view.aid.slug}",
                    [*kept, *([(SHOW, show)] if show != SHOWS[0] else [])],
                )
                for show in SHOWS
            },
        }


def _with_query(path: str, params: list[tuple[str, str]]) -> str:
    return f"{path}?{urlencode(params)}" if params else path


def routes(source: LibrarySource = bundled_library) -> list[BaseRoute]:
    """The patient pages, for a Starlette app or ``st.App(routes=...)``."""
    pages = _Pages(source)
    return [
        Route("/healthz", pages.health, name="health"),
        Route("/aids", pages.index, name="aids"),
        Route("/aids/{slug}", pages.aid, name="aid"),
        Route("/aids/{slug}/summary", pages.summary, name="summary"),
        Route("/aids/{rest:path}", pages.not_found),
    ]

