"""The summary as one standalone HTML file, to print or keep: nothing to fetch, no script.

A downloaded file is opened away from the server, so it cannot link the patient pages'
stylesheets: its few styles are inline. Like the patient pages' printable summary, it gives the
numbers in words (:func:`decision_aids.charts.text_alternative`); the icon arrays are one QR code
away, on the aid's own page. Every piece of content is escaped by Jinja2's autoescaping.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from decision_aids import charts
from decision_aids.outcomes import OutcomeFigures
from decision_aids.qr import qr_svg
from decision_aids.summary._record import Link, Summary
from decision_aids.summary._text import review_status


@dataclass(frozen=True)
class _Outcome:
    figures: OutcomeFigures
    lines: tuple[str, ...]


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("decision_aids", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _outcome(figures: OutcomeFigures) -> _Outcome:
    return _Outcome(figures, tuple(charts.text_alternative(figures).splitlines()))


def summary_html(summary: Summary, links: Sequence[Link] = ()) -> str:
    """The summary as a standalone HTML document, with a QR code beside each of `links`."""
    return (
        _environment()
        .get_template("summary.html.jinja")
        .render(
            summary=summary,
            outcomes=[_outcome(o) for o in summary.personalised.outcomes],
            links=[(link, Markup(qr_svg(link.url, title=link.label))) for link in links],
            status=review_status(summary),
        )
    )
