"""The summary as one standalone HTML file, to print or keep: nothing to fetch, no script.

A downloaded file is opened away from the server, so it cannot link the patient pages'
stylesheets: its few styles are inline. Like every summary, it gives the numbers in words; the
icon arrays are one QR code away, on the aid's own page. Every piece of content is escaped by
Jinja2's autoescaping.
"""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from decision_aids.qr import qr_svg
from decision_aids.summary._view import SummaryView


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("decision_aids", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def summary_html(view: SummaryView) -> str:
    """The summary as a standalone HTML document, with a QR code beside each of its links."""
    codes = [Markup(qr_svg(link.url, title=link.label)) for link in view.links]
    return (
        _environment()
        .get_template("summary.html.jinja")
        .render(view=view, links=list(zip(view.links, codes, strict=True)))
    )
