"""The Jinja environment of each package's pages: its templates over the site's layout and the
NHS.UK frontend macros."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader
from starlette.responses import HTMLResponse

from decision_aids.draft import review_status
from decision_aids.site.assets import stylesheets
from decision_aids.site.security import PAGE_CSP

SERVICE_NAME = "Decision aids"


def sentence(text: str) -> str:
    """`text` with a capital first letter and the rest unchanged ("answer yes or no" -> "Answer ...")."""
    return text[:1].upper() + text[1:]


@cache
def environment(package: str) -> Environment:
    """The templates in `package`'s ``templates`` folder, which may extend ``base.jinja``.

    Autoescaped; undefined values chain quietly, as the NHS.UK macros expect. Templates are read
    once per process: checking them for changes on every page costs a busy server.
    """
    env = Environment(
        loader=ChoiceLoader(
            [
                PackageLoader(package, "templates"),
                PackageLoader("decision_aids.site", "templates"),
                PackageLoader("nhsuk_frontend_jinja"),
            ]
        ),
        autoescape=True,
        undefined=ChainableUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.globals.update(
        stylesheets=stylesheets(), service_name=SERVICE_NAME, review_status=review_status
    )
    env.filters["sentence"] = sentence
    return env


def render(
    package: str,
    template: str,
    context: dict[str, Any],
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
) -> HTMLResponse:
    """A page from `package`'s `template`, with the pages' Content-Security-Policy."""
    html = environment(package).get_template(template).render(context)
    return HTMLResponse(
        html, status_code, headers={"Content-Security-Policy": PAGE_CSP, **(headers or {})}
    )
