"""The evaluator's sign-in, sign-out and downloads, served by the server itself (not Streamlit).

=========================  =====================================================================
route                      what it does
=========================  =====================================================================
GET  /evaluator/sign-in    the sign-in form (a local account's password)
POST /evaluator/sign-in    303 to the dashboard with the session cookie; 401 a wrong password;
                           429 with ``Retry-After`` while the account or the address is locked
GET  /evaluator/sign-out   a button that signs out
POST /evaluator/sign-out   ends the session and clears the cookie
GET  /evaluator/exports/…  a CSV or FHIR file under the filters in the query string, only with a
                           session (a local account's, or Streamlit's OpenID Connect sign-in);
                           401 and no data otherwise
=========================  =====================================================================

Streamlit's own download button would put the file at ``/media/<hex>``, which any client that
has the address can fetch, signed in or not; these routes check who asks, every time.

The session cookie is ``HttpOnly`` and ``SameSite=Strict`` (``Secure`` over HTTPS): a script
cannot read it, and no other site's page can make the browser send it. A posted form must also
come from this site (``Origin`` and ``Sec-Fetch-Site``, when the browser sends them).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

import streamlit as st
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from collaborate import dashboard
from collaborate._clock import utc
from collaborate.accounts import COOKIE, SESSION_HOURS, sign_in, sign_out
from collaborate.errors import StorageUnavailable
from collaborate.web import EngineSource, _SharedEngine
from decision_aids.site.templating import render

__all__ = ["DASHBOARD", "SIGN_IN", "SIGN_OUT", "routes"]

DASHBOARD = "/evaluation"
SIGN_IN = "/evaluator/sign-in"
SIGN_OUT = "/evaluator/sign-out"
_MAX_FIELD = 256
_HEADERS = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex, nofollow"}


def _page(template: str, context: dict[str, Any], status: int = 200, **headers: str) -> Response:
    return render("collaborate", f"evaluator/{template}", context, status, {**_HEADERS, **headers})


def _message(title: str, message: str, status: int = 200, **more: Any) -> Response:
    return _page("message.jinja", {"title": title, "message": message, **more}, status)


def _same_site(request: Request) -> bool:
    """Whether a post comes from a page of this site, as far as the browser says.

    ``Sec-Fetch-Site`` decides where the browser sends it; otherwise ``Origin``, where it names
    a site (a page with ``Referrer-Policy: no-referrer``, as ours, makes it ``null``).
    """
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None:
        return fetch_site in ("same-origin", "none")
    origin = request.headers.get("origin", "null")
    return origin == "null" or origin == f"{request.url.scheme}://{request.url.netloc}"


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _clock(moment: dt.datetime) -> str:
    return f"{moment:%H:%M:%S} UTC on {moment.day} {moment:%B %Y}"


class _Evaluator:
    def __init__(self, engine: EngineSource) -> None:
        self.engine = engine

    def user(self, request: Request) -> str | None:
        """Who the request is signed in as, by the method the dashboard uses (see there)."""
        engine = self.engine()
        return dashboard.signed_in_as(
            dashboard.access(engine, st.secrets),
            dashboard.local_user(engine, request.cookies),
            dashboard.oidc_user(request.cookies, str(request.base_url)),
        )

    async def sign_in_page(self, request: Request) -> Response:
        if request.method == "GET":
            return _page("sign_in.jinja", {"hours": SESSION_HOURS, "username": ""})
        if not _same_site(request):
            return _message("Sign in from this site", "This form was sent from another site.", 403)
        form = await request.form()
        fields = {
            name: value if isinstance(value := form.get(name), str) else ""
            for name in ("username", "password")
        }
        if any(len(v) > _MAX_FIELD for v in fields.values()):
            fields = {"username": "", "password": ""}
        return await run_in_threadpool(self.check, fields, request)

    def check(self, fields: Mapping[str, str], request: Request) -> Response:
        try:
            attempt = sign_in(
                self.engine(), fields["username"], fields["password"], _client(request)
            )
        except StorageUnavailable as error:
            return _message("Sign-in is not available just now", str(error), 503)
        context = {"hours": SESSION_HOURS, "username": fields["username"]}
        if attempt.token is not None:
            response = RedirectResponse(DASHBOARD, status_code=303, headers=_HEADERS)
            response.set_cookie(
                COOKIE,
                attempt.token,
                max_age=SESSION_HOURS * 3600,
                path="/",
                secure=request.url.scheme == "https",
                httponly=True,
                samesite="strict",
            )
            return response
        if attempt.locked_until is not None:
            wait = (attempt.locked_until - utc()).total_seconds()
            problem = (
                "Too many wrong passwords for this account or from this address, so sign-in is "
                f"locked until {_clock(attempt.locked_until)}. Try again then; each further "
                "wrong password locks it for longer."
            )
            return _page("sign_in.jinja", {**context, "problem": problem}, 429,
                         **{"Retry-After": str(max(1, math.ceil(wait)))})  # fmt: skip
        problem = "That username and password do not match an evaluator account."
        return _page("sign_in.jinja", {**context, "problem": problem}, 401)

    async def sign_out_page(self, request: Request) -> Response:
        if request.method == "GET":
            return _message("Sign out", "Sign out of the collaboRATE evaluation?", post_to=SIGN_OUT)
        if not _same_site(request):
            return _message("Sign out from this site", "This form was sent from another site.", 403)
        await run_in_threadpool(sign_out, self.engine(), request.cookies.get(COOKIE))
        response = _message(
            "You have signed out",
            "Your sign-in has ended on this server.",
            link={"href": SIGN_IN, "text": "Sign in again"},
        )
        response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict")
        return response

    async def export(self, request: Request) -> Response:
        return await run_in_threadpool(self.make_export, request)

    def make_export(self, request: Request) -> Response:
        try:
            if self.user(request) is None:
                return _message(
                    "Sign in to download",
                    "Downloads are only for a signed-in evaluator.",
                    401,
                    link={"href": SIGN_IN, "text": "Sign in"},
                )
            by, filters = dashboard.read_export_query(request.url.query)
        except StorageUnavailable as error:
            return _message("Downloads are not available just now", str(error), 503)
        except ValueError as error:
            return _message("This download cannot be made", str(error), 400)
        shown = dashboard.report(self.engine(), filters, by)
        name = request.path_params["name"]
        for export in dashboard.exports(self.engine(), shown):
            if export.file_name == name:
                return Response(
                    export.make(),
                    media_type=export.mime,
                    headers={
                        **_HEADERS,
                        "Content-Disposition": f'attachment; filename="{export.file_name}"',
                    },
                )
        return _message("No such download", f"There is no download called {name!r}.", 404)


def routes(engine: EngineSource | None = None) -> list[BaseRoute]:
    """The evaluator's sign-in, sign-out and downloads, for ``st.App(routes=...)``.

    ``engine`` gives the database (default: :func:`collaborate.connect` on first use).
    """
    evaluator = _Evaluator(engine or _SharedEngine())
    return [
        Route(SIGN_IN, evaluator.sign_in_page, methods=["GET", "POST"]),
        Route(SIGN_OUT, evaluator.sign_out_page, methods=["GET", "POST"]),
        Route("/evaluator/exports/{name}", evaluator.export, methods=["GET"]),
    ]
