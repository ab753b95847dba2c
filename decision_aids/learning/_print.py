"""A clinician's brief as one printable page: standalone HTML, no script, nothing to fetch.

It uses the summary's template environment (autoescaped, strict), so both printed records come
from one set-up; the browser test checks that every brief prints on one A4 page.
"""

from __future__ import annotations

from decision_aids.learning._brief import BriefView
from decision_aids.summary._html import _environment


def brief_html(view: BriefView) -> str:
    """The brief as a standalone HTML document that prints on one A4 page."""
    return _environment().get_template("brief.html.jinja").render(view=view)
