"""The consultation in a real Chromium at 1280 × 800: find the aid, enter the person's details,
see their numbers, say what matters, take the SURE test, record the decision, and take the
summary home. The flow's screenshot is the one the README shows (docs/images/consultation.png).

The server (`decision-aids serve`) runs for this module on its own feedback database, so the
recorded decision can be read back.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from collaborate import DATABASE_URL_ENV
from decision_aids.content import load_library
from decision_aids.forms import calculator_fields
from tools.background import ServerError, running_server

from .conftest import REPO
from .test_pages import AF_RADIOS, DESKTOP, _assert_only_our_host, _serious_violations

SCREENSHOT = REPO / "docs" / "images" / "consultation.png"
MAX_SCREENSHOT_BYTES = 300_000
SETTLED = "[data-testid='stApp'][data-test-script-state='notRunning']"
AF = load_library().aids["af-anticoagulation"]


@pytest.fixture(scope="module")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('consultation') / 'feedback.sqlite3'}"


@pytest.fixture(scope="module")
def server_url(database_url: str) -> Iterator[str]:
    """`decision-aids serve` with this module's feedback database (overrides the session's)."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv(DATABASE_URL_ENV, database_url)
        try:
            with running_server() as url:
                yield url
        except ServerError as error:
            pytest.fail(str(error))


def _settle(page: Any) -> None:
    """Wait until Streamlit has finished the run the last action started."""
    page.wait_for_timeout(300)
    page.wait_for_selector(SETTLED)


def _radio(page: Any, group: str, answer: str) -> None:
    """Streamlit hides a radio's input; its label takes the click."""
    page.get_by_test_id("stRadio").filter(has_text=group).get_by_text(answer, exact=True).click()


def _screenshot(page: Any) -> int:
    """The viewport at the figures, saved for the README (quantised when pngquant is there)."""
    page.mouse.move(0, 0)  # no hover controls over the chart
    page.locator("#figures").evaluate("e => e.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(300)
    png = page.screenshot()
    if shutil.which("pngquant"):
        png = subprocess.run(
            ["pngquant", "--quality=60-90", "--speed=1", "-"],
            input=png,
            capture_output=True,
            check=True,
        ).stdout
    SCREENSHOT.write_bytes(png)
    return len(png)


def _stored_decisions(database_url: str) -> list[dict[str, Any]]:
    engine = create_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT * FROM feedback_decisions"))
        found = [dict(row._mapping) for row in rows]
    engine.dispose()
    return found


def test_the_consultation_flow_end_to_end(visit: Any, database_url: str, tmp_path: Path) -> None:
    v = visit(viewport=DESKTOP, accept_downloads=True)
    v.goto("/consultation")
    page = v.page
    _settle(page)

    # Find the situation by plain words.
    page.get_by_role("textbox", name="Find the situation in plain words").fill("blood thinner")
    page.keyboard.press("Enter")
    _settle(page)
    page.get_by_role("button", name="Atrial fibrillation").click()
    _settle(page)
    assert "aid=af-anticoagulation" in page.url
    main = page.get_by_test_id("stMain")
    assert "These figures depend on the person's details" in main.inner_text()

    # The person's details, sent together.
    page.get_by_role("spinbutton", name="Age (years)").fill("76")
    labels = {field.name: field.label for field in calculator_fields(AF)}
    for name, answer in AF_RADIOS.items():
        _radio(page, labels[name], answer)
    page.get_by_role("button", name="Show their numbers").click()
    _settle(page)
    words = main.inner_text()
    assert "Their details: CHA2DS2-VASc score 4" in words
    assert "No blood thinner: about 5 will have a stroke caused by a blood clot" in words
    assert "age=76" in page.url
    assert "sex=female" in page.url
    chart = page.get_by_role("img", name="Out of 100 people like you, over the next year:").first
    assert chart.is_visible()
    assert _screenshot(page) < MAX_SCREENSHOT_BYTES

    # What matters, the SURE test, the decision.
    page.get_by_role("slider", name=AF.values[0].statement).focus()
    for _ in range(5):  # from "not said" to "matters most of all"
        page.keyboard.press("ArrowRight")
    main.get_by_text("What you said leans towards").wait_for()
    _settle(page)
    for group in (
        "Sure of myself",
        "Understand information",
        "Risk–benefit ratio",
        "Encouragement",
    ):
        _radio(page, group, "Yes")
        _settle(page)
    main.get_by_text("4 of 4. You answered yes to all four questions").wait_for()
    _radio(page, "Their decision", "Warfarin")
    _settle(page)

    # Record it: the aid, the option, the codes and the date, nothing about the person.
    page.get_by_role("textbox", name="Your clinician code").fill("C1234567")
    page.get_by_role("textbox", name="Your site code (ODS)").fill("Y02345")
    page.keyboard.press("Tab")
    _settle(page)
    page.get_by_role("button", name="Record the decision").click()
    main.get_by_text("Recorded: Warfarin").wait_for()
    (row,) = _stored_decisions(database_url)
    assert (row["aid"], row["option"], row["site"], row["clinician"]) == (
        "af-anticoagulation",
        "warfarin",
        "Y02345",
        "C1234567",
    )

    # The summary to file and to take home.
    page.get_by_role("link", name="End of consultation: the summary to keep").click()
    _settle(page)
    summary = main.inner_text()
    assert "Warfarin" in summary.split("The decision", 1)[1].split("What was discussed")[0]
    assert "Details used: CHA2DS2-VASc score 4" in summary
    assert page.get_by_role("img", name="QR code: Their aid, with their own numbers").is_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the summary (PDF)").click()
    saved = tmp_path / "summary.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF-")
    assert download.value.suggested_filename.startswith("af-anticoagulation-")
    patient_page = page.get_by_role("link", name="Their aid, with their own numbers")
    href = patient_page.get_attribute("href")
    assert "/aids/af-anticoagulation?age=76&sex=female" in href
    assert "leaning=warfarin" in href
    assert [e for e in v.errors if "Content Security Policy" in e] == []
    _assert_only_our_host(v)


def test_the_consultation_has_no_serious_accessibility_violation(
    visit: Any, axe_source: str
) -> None:
    v = visit(viewport=DESKTOP, bypass_csp=True)
    v.goto("/consultation?aid=statins-primary-prevention&risk_percent=12")
    _settle(v.page)
    v.page.get_by_text("Their details: 10-year risk 12%").wait_for()
    assert _serious_violations(v, axe_source) == []
