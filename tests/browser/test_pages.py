"""The patient pages in a real Chromium, on a phone (390 × 844) and a desktop (1280 × 800).

Every aid in content/ renders; the form changes the numbers with JavaScript off; nothing scrolls
sideways at 320 px; axe-core finds no serious or critical violation; the browser asks no host
but ours; and the Streamlit apps load under the server's Content-Security-Policy (their
accessibility: test_app_accessibility.py).
"""

from __future__ import annotations

from typing import Any

import pytest
from support.browser import DESKTOP, PHONE, VIEWPORTS, assert_only_our_host, serious_violations
from support.data import AF_PERSON, AF_RADIOS

from decision_aids.content import load_library
from tools.example_answers import example_query

AIDS = load_library().aids
#: Pages besides the aids themselves that axe and the width check look at.
OTHER_PAGES = [
    "/aids",
    "/aids?q=knee",
    "/aids?q=heavy+periods",
    "/aids/no-such-aid",
    "/aids/af-anticoagulation?age=17",
    "/aids/af-anticoagulation/summary?leaning=doac&ask=0&matters.avoid-bleeding=3",
    f"/aids/af-anticoagulation?{example_query(AIDS['af-anticoagulation'])}&show=bars",
    f"/aids/af-anticoagulation/summary?{example_query(AIDS['af-anticoagulation'])}",
]


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
@pytest.mark.parametrize("slug", sorted(AIDS))
def test_every_aid_renders(visit: Any, slug: str, viewport: str) -> None:
    aid = AIDS[slug]
    v = visit(viewport=VIEWPORTS[viewport])
    response = v.goto(f"/aids/{slug}")
    assert response.status == 200
    page = v.page
    assert page.evaluate("window.innerWidth") == VIEWPORTS[viewport]["width"]
    assert page.locator("h1").inner_text() == aid.title
    # Each chart is hidden from screen readers: its words are written beside it.
    charts = page.locator(".da-chart svg[aria-hidden=true]")
    assert charts.count() == len(aid.outcomes)
    # Each chart fills the column, up to about 44 rem on a wide screen.
    column = page.locator("main").bounding_box()["width"]
    assert charts.first.bounding_box()["width"] >= min(column, 700)
    # The options side by side are folded away, one tap from view.
    assert not page.locator("#options table").is_visible()
    page.locator("#options summary").click()
    assert page.locator("#options table").is_visible()
    assert page.get_by_role("button", name="Make my summary").is_visible()
    assert v.errors == []  # a CSP violation or a missing file shows here
    assert_only_our_host(v)


def test_options_table_becomes_cards_on_a_phone(visit: Any) -> None:
    widths = {}
    for name, viewport in VIEWPORTS.items():
        v = visit(viewport=viewport)
        v.goto("/aids/af-anticoagulation")
        v.page.locator("#options summary").click()
        widths[name] = v.page.locator("#options thead").bounding_box()["height"]
        cell = v.page.locator("#options tbody td").first
        widths[name + "-label"] = cell.locator(".nhsuk-table__heading").is_visible()
    assert widths["phone"] <= 1  # the header row is hidden; each cell names its option
    assert widths["phone-label"]
    assert widths["desktop"] > 1
    assert not widths["desktop-label"]


@pytest.mark.parametrize("path", [f"/aids/{slug}" for slug in sorted(AIDS)] + OTHER_PAGES)
def test_no_sideways_scrolling_at_320_px(visit: Any, path: str) -> None:
    v = visit(viewport={"width": 320, "height": 640})
    v.goto(path)
    assert v.page.evaluate("document.documentElement.scrollWidth") <= 320


def _fill_af_details(page: Any, age: str) -> None:
    page.fill("#input-age", age)
    page.fill("#input-haemoglobin_g_per_l", AF_PERSON["haemoglobin_g_per_l"])
    page.fill("#input-egfr", AF_PERSON["egfr"])
    for name, answer in AF_RADIOS.items():
        page.locator(f"input[name={name}][value={answer.lower()}]").check(force=True)


def _read(locator: Any) -> str:
    """The text of a part of the page, rendered or not: sections off screen are rendered only
    when scrolled near (content-visibility), and until then have no rendered text (innerText)."""
    return " ".join(locator.text_content().split())


def test_the_form_changes_the_numbers_without_javascript(visit: Any) -> None:
    v = visit(viewport=PHONE, java_script_enabled=False)
    v.goto("/aids/af-anticoagulation")
    page = v.page
    words = page.locator("#outcome-stroke .da-words")
    assert "depending on the answers not known" in _read(words)
    _fill_af_details(page, "76")
    with page.expect_navigation():
        page.get_by_role("button", name="Show my numbers").click()
    assert "age=76" in page.url
    assert page.url.endswith("#your-details")
    assert "CHA2DS2-VASc score 4" in _read(page.locator("#your-details"))
    after = _read(page.locator("#outcome-stroke .da-words"))
    assert "about 5 will have a stroke caused by a blood clot" in after
    assert "depending on the answers not known" not in after
    # An older person: the chance without a blood thinner goes up.
    page.fill("#input-age", "86")
    page.locator("input[name=diabetes][value=yes]").check(force=True)
    with page.expect_navigation():
        page.get_by_role("button", name="Show my numbers").click()
    assert _read(page.locator("#outcome-stroke .da-words")) != after


def test_pictures_bars_or_numbers_without_javascript(visit: Any) -> None:
    v = visit(viewport=PHONE, java_script_enabled=False)
    v.goto(f"/aids/af-anticoagulation?{example_query(AIDS['af-anticoagulation'])}")
    page = v.page
    stroke = page.locator("#outcome-stroke")
    words = _read(stroke.locator(".da-words"))
    assert stroke.locator("svg pattern").count() > 0  # pictures of people
    with page.expect_navigation():
        page.get_by_role("link", name="Bars").click()
    assert stroke.locator("svg").count() == 1
    assert stroke.locator("svg pattern").count() == 0
    assert _read(stroke.locator(".da-words")) == words  # the same person's numbers
    with page.expect_navigation():
        page.get_by_role("link", name="Numbers only").click()
    assert stroke.locator("svg").count() == 0
    assert _read(stroke.locator(".da-words")) == words
    # The choice survives the form: add diabetes (CHA2DS2-VASc 5), and the numbers are still
    # words only.
    page.locator("input[name=diabetes][value=yes]").check(force=True)
    with page.expect_navigation():
        page.get_by_role("button", name="Show my numbers").click()
    assert "show=words" in page.url
    assert stroke.locator("svg").count() == 0
    assert _read(stroke.locator(".da-words")) != words


def test_a_bad_input_is_shown_beside_its_field(visit: Any) -> None:
    v = visit(viewport=PHONE, java_script_enabled=False)
    v.goto("/aids/af-anticoagulation")
    page = v.page
    _fill_af_details(page, "17")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Show my numbers").click()
    assert navigation.value.status == 422
    assert page.title().startswith("Error:")
    assert "Age 17 is outside 18 to 120" in page.locator("#input-age-error").inner_text()
    assert page.locator("#input-age").input_value() == "17"
    assert page.locator(".nhsuk-error-summary a[href='#input-age']").count() == 1


def test_what_matters_sure_and_the_summary_without_javascript(visit: Any) -> None:
    v = visit(viewport=PHONE, java_script_enabled=False)
    v.goto("/aids/af-anticoagulation")
    page = v.page
    page.locator("input[name='matters.no-blood-tests'][value='4']").check(force=True)
    page.locator("input[name=leaning][value=doac]").check(force=True)
    with page.expect_navigation():
        page.get_by_role("button", name="See which options fit").click()
    assert "What you said leans towards" in _read(page.locator("#what-matters"))
    for key in ("sure", "understand", "risk_benefit", "encouragement"):
        page.locator(f"input[name='sure.{key}'][value=yes]").check(force=True)
    with page.expect_navigation():
        page.get_by_role("button", name="Check how sure I feel").click()
    assert "you may feel ready to decide" in _read(page.locator("#how-sure"))
    page.locator("#ask").check(force=True)
    with page.expect_navigation():
        page.get_by_role("button", name="Make my summary").click()
    assert "/aids/af-anticoagulation/summary?" in page.url
    summary = page.locator("main").inner_text()
    assert "I am leaning towards: A DOAC" in summary
    assert "What are my options?" in summary
    assert "Not having regular blood tests: matters most of all" in summary
    page.emulate_media(media="print")
    assert not page.locator(".nhsuk-header").is_visible()
    assert not page.locator(".nhsuk-back-link").is_visible()


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
@pytest.mark.parametrize("path", [f"/aids/{slug}" for slug in sorted(AIDS)] + OTHER_PAGES)
def test_axe_finds_no_serious_violation(
    visit: Any, axe_source: str, path: str, viewport: str
) -> None:
    # axe is injected as a script, which the pages' policy forbids: only this test bypasses it.
    v = visit(viewport=VIEWPORTS[viewport], bypass_csp=True)
    v.goto(path)
    assert serious_violations(v, axe_source) == []


def test_the_axe_check_finds_a_serious_violation(visit: Any, axe_source: str) -> None:
    v = visit(viewport=PHONE, bypass_csp=True)
    v.goto("/aids")
    v.page.set_content('<html><body><main><img src="/x.png"></main></body></html>')
    assert any(found.startswith("image-alt") for found in serious_violations(v, axe_source))


def _open_streamlit(v: Any) -> Any:
    v.goto("/")
    page = v.page
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']")
    page.get_by_text("Open the patient page").first.wait_for()
    return page


def test_streamlit_apps_load_under_the_servers_policy(visit: Any) -> None:
    v = visit(viewport=DESKTOP)
    page = _open_streamlit(v)
    assert page.get_by_role("heading", name="Decision aids").first.is_visible()
    assert [e for e in v.errors if "Content Security Policy" in e] == []
    assert_only_our_host(v)  # no usage statistics, no fonts or icons from elsewhere
