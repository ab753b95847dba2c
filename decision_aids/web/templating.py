"""The one Jinja environment every page uses: our templates over the NHS.UK frontend macros."""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader
from starlette.responses import HTMLResponse

from decision_aids.draft import review_status
from decision_aids.web.assets import stylesheets
from decision_aids.web.security import PAGE_CSP

SERVICE_NAME = "Decision aids"


def sentence(text: str) -> str:
    """`text` with a capital first letter and the rest unchanged ("answer yes or no" -> "Answer ...")."""
    return text[:1].upper() + text[1:]


@cache
def environment() -> Environment:
    """Autoescaped; undefined values chain quietly, as the NHS.UK macros expect."""
    env = Environment(
        loader=ChoiceLoader(
            [PackageLoader("decision_aids.web", "templates"), PackageLoader("nhsuk_frontend_jinja")]
        ),
        autoescape=True,
        undefined=ChainableUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        stylesheets=stylesheets(), service_name=SERVICE_NAME, review_status=review_status
    )
    env.filters["sentence"] = sentence
    return env


def render(template: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    """A page from `template`, with the patient pages' Content-Security-Policy."""
    html = environment().get_template(template).render(context)
    return HTMLResponse(html, status_code, headers={"Content-Security-Policy": PAGE_CSP})
