"""The collaboRATE survey page, ``/feedback/<token>``: three questions, on any phone.

Server-rendered HTML in the service's design system (it extends :mod:`decision_aids.site`'s
``base.jinja``), with
no JavaScript and no cookies. The token in the address is the capability: whoever holds the link
may answer it, once, so there is no session to forge; the form posts back to the same address,
which the page's policy allows and nothing else. A form posted from another site's page is
refused (403) before it gets here, by :mod:`decision_aids.site.origin` in the server.

=======  ======================  ===============================================================
method   outcome                 status
=======  ======================  ===============================================================
GET      the questions           200
POST     thank you               200, also for the same form sent again (its ``submission`` nonce)
POST     an invalid answer       422: the form again, each message beside its question, the
                                 other answers kept
either   unknown link            404
either   expired link            410
GET      link already answered   410
POST     link already answered   409 (another form's answer is recorded)
either   database unavailable    503 with ``Retry-After``: "please try again"; after a POST the
                                 answers are kept in the page, ready to send again, and nothing
                                 was saved
=======  ======================  ===============================================================

Mount :func:`routes` in any Starlette app: :mod:`decision_aids.server` lists it among its
providers, in the one server and in the public pages on their own
(``uvicorn --factory decision_aids.server:public_app``).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import threading
from collections.abc import Callable, Mapping
from typing import Any

from markupsafe import Markup
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from collaborate.database import connect
from collaborate.errors import (
    AnsweredLink,
    ExpiredLink,
    LinkError,
    StorageUnavailable,
    UnknownLink,
)
from collaborate.form import SUBMISSION_FIELD, ParsedForm, SurveyForm, parse_form, survey_form
from collaborate.instrument import ITEM_IDS, load_instrument
from collaborate.links import Consultation, open_link
from collaborate.responses import new_submission_id, submit_response
from collaborate.suppression import Rules
from decision_aids.site.security import PRIVATE_PAGE_HEADERS
from decision_aids.site.templating import environment, render

__all__ = ["EngineSource", "routes"]

EngineSource = Callable[[], Engine]

#: The form's fields; anything else posted is ignored.
FIELDS = (*ITEM_IDS, SUBMISSION_FIELD)
RETRY_AFTER_SECONDS = 60
#: The address holds a usable link: keep it out of caches, search engines and other sites' logs.
_HEADERS = {**PRIVATE_PAGE_HEADERS, "X-Robots-Tag": "noindex, nofollow"}
_LINK_PAGES: dict[type[LinkError], tuple[str, int]] = {
    UnknownLink: ("We cannot find this survey", 404),
    ExpiredLink: ("This survey has closed", 410),
    AnsweredLink: ("This survey has already been answered", 410),
}
_HIGHEST_POINT = max(scale.max for scale in load_instrument().scales)


def _page(
    template: str,
    context: dict[str, Any],
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
) -> HTMLResponse:
    return render("collaborate", template, context, status_code, {**_HEADERS, **(headers or {})})


def _long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


class _SharedEngine:
    """The process's database, opened (and migrated) on first use. A database that is down then
    is tried again on the next request, so the server starts without it."""

    def __init__(self) -> None:
        self._engine: Engine | None = None
        self._lock = threading.Lock()

    def __call__(self) -> Engine:
        with self._lock:
            if self._engine is None:
                self._engine = connect()
            return self._engine


class _Survey:
    def __init__(self, engine: EngineSource) -> None:
        self.engine = engine

    async def page(self, request: Request) -> Response:
        token = request.path_params["token"]
        if request.method == "POST":
            sent = await request.form()
            fields = {name: value for name in FIELDS if isinstance(value := sent.get(name), str)}
            return await run_in_threadpool(self.answer, token, fields)
        return await run_in_threadpool(self.show, token)

    def show(self, token: str) -> Response:
        try:
            consultation = open_link(self.engine(), token)
        except LinkError as error:
            return _link_problem(error, posted=False)
        except StorageUnavailable:
            return _try_again({})
        return self._form(token, consultation, {}, {}, new_submission_id())

    def answer(self, token: str, fields: Mapping[str, str]) -> Response:
        """Store the answers (thank you), or show the form again saying what is wrong.

        The answers are read against the widest scale and sent at once, in one transaction;
        the link's own scale is checked there. Only a form to show again needs the link read.
        """
        parsed = parse_form(fields, _HIGHEST_POINT)
        try:
            if parsed.answers is not None:
                try:
                    submit_response(
                        self.engine(), token, parsed.answers, submission_id=parsed.submission_id
                    )
                    return _page("feedback/thanks.jinja", {})
                except ValueError:
                    pass  # a point beyond this link's scale: nothing was stored
            consultation = open_link(self.engine(), token)
            parsed = parse_form(fields, consultation.scale_max)  # has errors: see above
            nonce = parsed.submission_id or new_submission_id()
            return self._form(token, consultation, parsed.values, parsed.errors, nonce, 422)
        except LinkError as error:
            return _link_problem(error, posted=True)
        except StorageUnavailable:
            return _try_again(_to_send_again(parsed))

    @staticmethod
    def _form(
        token: str,
        consultation: Consultation,
        values: Mapping[str, str],
        errors: Mapping[str, str],
        nonce: str,
        status_code: int = 200,
    ) -> Response:
        form = survey_form(consultation)
        context = {
            "form": form,
            "questions": _questions(consultation, form, values, errors),
            "action": f"/feedback/{token}",
            "date": _long_date(consultation.date),
            "errors": errors,
            "nonce": nonce,
            "nonce_field": SUBMISSION_FIELD,
            "min_group": Rules().min_group,
        }
        return _page("feedback/survey.jinja", context, status_code)


#: The questions not yet answered, by (respondent, scale): the same for every link, and the
#: costliest part of the page to render.
_BLANK_QUESTIONS: dict[tuple[str, int], Markup] = {}


def _questions(
    consultation: Consultation,
    form: SurveyForm,
    values: Mapping[str, str],
    errors: Mapping[str, str],
) -> Markup:
    key = (consultation.respondent, consultation.scale_max)
    if not values and not errors and key in _BLANK_QUESTIONS:
        return _BLANK_QUESTIONS[key]
    scale = form.scale
    points = [
        (str(p), f"{p} – {scale.label(p)}" if scale.label(p) else str(p)) for p in scale.points
    ]
    html = Markup(
        environment("collaborate")
        .get_template("feedback/_questions.jinja")
        .render(form=form, points=points, values=values, errors=errors)
    )
    if not values and not errors:
        _BLANK_QUESTIONS[key] = html
    return html


def _link_problem(error: LinkError, *, posted: bool) -> Response:
    title, status = _LINK_PAGES[type(error)]
    if posted and isinstance(error, AnsweredLink):
        status = 409
    return _page("feedback/link_problem.jinja", {"title": title, "message": str(error)}, status)


def _to_send_again(parsed: ParsedForm) -> dict[str, str]:
    """What a page given back may echo: the answers as read (an invalid one is blank) and a
    well-formed nonce, never a tampered value."""
    nonce = {SUBMISSION_FIELD: parsed.submission_id} if parsed.submission_id else {}
    return {**parsed.values, **nonce}


def _try_again(fields: Mapping[str, str]) -> Response:
    """The database could not be used: nothing was saved; what was sent is kept in the page."""
    context = {
        "answers": [(item, fields.get(item, "")) for item in ITEM_IDS] if fields else [],
        "fields": fields,
    }
    return _page(
        "feedback/try_again.jinja", context, 503, {"Retry-After": str(RETRY_AFTER_SECONDS)}
    )


def _unknown(request: Request) -> Response:
    return _link_problem(UnknownLink(), posted=request.method == "POST")


# ------------------------------------------------------------------------------------------
# The access log keeps no usable link


_TOKEN_IN_PATH = re.compile(r"(/feedback/)[^/?\s]+")
ACCESS_LOGGER = "uvicorn.access"


class WithoutTokens(logging.Filter):
    """Cut the token out of ``/feedback/<token>`` in uvicorn's access-log lines: a log line must
    not be a way to answer somebody else's survey."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) > 2 and isinstance(args[2], str):
            record.args = (*args[:2], _TOKEN_IN_PATH.sub(r"\1[token]", args[2]), *args[3:])
        return True


def _hide_tokens() -> None:
    logger = logging.getLogger(ACCESS_LOGGER)
    if not any(isinstance(f, WithoutTokens) for f in logger.filters):
        logger.addFilter(WithoutTokens())


# ------------------------------------------------------------------------------------------


def routes(engine: EngineSource | None = None) -> list[BaseRoute]:
    """The survey page, for a Starlette app or ``st.App(routes=...)``.

    ``engine`` gives the database (default: :func:`collaborate.connect` on first use, once per
    process). Serving these routes also keeps tokens out of uvicorn's access log.
    """
    _hide_tokens()
    survey = _Survey(engine or _SharedEngine())
    return [
        Route("/feedback/{token}", survey.page, methods=["GET", "POST"], name="feedback"),
        Route("/feedback/{rest:path}", _unknown, methods=["GET", "POST"]),
    ]

