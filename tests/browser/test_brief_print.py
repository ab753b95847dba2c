"""Every clinician's brief prints on one A4 page in a real Chromium."""

from __future__ import annotations

import re
from typing import Any

import pytest

from decision_aids.content import load_library
from decision_aids.learning import brief_html, clinician_brief

AIDS = load_library().aids
BRIEFED = sorted(slug for slug, aid in AIDS.items() if aid.brief is not None)
#: The page tree's count of pages, as Chromium writes it in the PDF.
_PAGE_COUNT = re.compile(
    rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)|/Count\s+(\d+)[^>]*?/Type\s*/Pages\b"
)


def pages(pdf: bytes) -> int:
    [match] = _PAGE_COUNT.finditer(pdf)
    return int(match[1] or match[2])


@pytest.mark.parametrize("slug", BRIEFED)
def test_the_printed_brief_is_one_a4_page(browser: Any, slug: str) -> None:
    view = clinician_brief(AIDS[slug])
    page = browser.new_page()
    try:
        page.set_content(brief_html(view))
        pdf = page.pdf(format="A4", prefer_css_page_size=True)
    finally:
        page.close()
    assert pages(pdf) == 1


def test_the_page_count_reads_a_two_page_brief_as_two(browser: Any) -> None:
    view = clinician_brief(AIDS[BRIEFED[0]])
    page = browser.new_page()
    try:
        page.set_content(
            brief_html(view).replace("</body>", "<div style='height:300mm'></div></body>")
        )
        pdf = page.pdf(format="A4", prefer_css_page_size=True)
    finally:
        page.close()
    assert pages(pdf) == 2
