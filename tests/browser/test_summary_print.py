"""Every aid's summary, printed to PDF on A4 in Chromium, is one page, with its short address.

The person is the example person of :mod:`tools.example_answers`: every statement rated, the
SURE test answered, four questions ticked and an option leaned towards, with their own numbers
where the aid has a calculator. Pages are counted in the PDF Chromium writes (one ``/Type /Page``
object per page), a count checked on a document known to be longer.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from support.browser import PHONE

from decision_aids.address import PARAM
from decision_aids.content import load_library
from tools.example_answers import example_query

AIDS = load_library().aids
_PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")


def pages(pdf: bytes) -> int:
    return len(_PAGE.findall(pdf))


def _print(page: Any) -> bytes:
    return page.pdf(format="A4", print_background=True)


@pytest.mark.parametrize("slug", sorted(AIDS))
def test_every_summary_prints_on_one_a4_page(visit: Any, slug: str) -> None:
    v = visit(viewport=PHONE)
    response = v.goto(f"/aids/{slug}/summary?{example_query(AIDS[slug])}")
    assert response.status == 200
    page = v.page
    assert pages(_print(page)) == 1
    # The way back: a QR code and the short address, printed.
    address = page.locator(".da-address").inner_text()
    assert f"/aids/{slug}?{PARAM}=" in address
    assert len(address.split("/", 3)[3]) <= 64  # the limit of tests/test_address.py
    assert page.locator(".da-qr svg").is_visible()
    # The address opens the aid with the same answers.
    v.page.goto(address)
    assert v.page.locator(f"input[name=leaning][value={AIDS[slug].options[0].id}]").is_checked()
    assert v.page.locator("input[name=ask][value='3']").is_checked()


def test_the_page_count_sees_a_longer_document(visit: Any) -> None:
    v = visit(viewport=PHONE)
    v.goto("/aids/af-anticoagulation")
    assert pages(_print(v.page)) > 5
