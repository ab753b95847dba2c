"""The consultation in a real Chromium at 1280 × 800: find the aid, enter the person's details,
see their numbers, say what matters, take the SURE test, record the decision, and take the
summary home. The flow takes a screenshot of the person's figures into a temporary folder;
`make screenshot` runs this test with CONSULTATION_SCREENSHOT set to save it as the README's
docs/images/consultation.png instead.

The server (`decision-aids serve`) runs for this module on its own feedback database, so the
recorded decision can be read back.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from support.browser import DESKTOP, assert_only_our_host
from support.data import AF_PERSON, AF_RADIOS
from support.streamlit import open_app, radio, rerun

from collaborate import DATABASE_URL_ENV
from decision_aids.address import unpack
from decision_aids.content import load_library
from decision_aids.forms import calculator_fields
from tools.background import ServerError, running_server

#: Where `make screenshot` has the flow save the README's screenshot (else a temporary folder).
SCREENSHOT_ENV = "CONSULTATION_SCREENSHOT"
MAX_SCREENSHOT_BYTES = 300_000
AF = load_library().aids["af-anticoagulation"]
#: True once the element's position is the same in two animation frames running.
STILL = """element => {
  const top = element.getBoundingClientRect().top;
  const still = top === element.lastTop;
  element.lastTop = top;
  return still;
}"""


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


def _screenshot(page: Any, path: Path) -> int:
    """The viewport at the figures, saved to `path` (quantised when pngquant is there)."""
    page.mouse.move(0, 0)  # no hover controls over the chart
    figures = page.locator("#figures")
    figures.evaluate("e => e.scrollIntoView({block: 'start'})")
    page.wait_for_function(STILL, arg=figures.element_handle(), polling="raf")
    png = page.screenshot()
    if shutil.which("pngquant"):
        png = subprocess.run(
            ["pngquant", "--quality=60-90", "--speed=1", "-"],
            input=png,
            capture_output=True,
            check=True,
        ).stdout
    path.write_bytes(png)
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
    page = open_app(v, "/consultation")

    # Find the situation by plain words.
    page.get_by_role("textbox", name="Find the situation in plain words").fill("blood thinner")
    with rerun(page):
        page.keyboard.press("Enter")
    with rerun(page):
        page.get_by_role("button", name="Atrial fibrillation").click()
    # Streamlit writes the address after the run: wait for it rather than read it at once.
    page.wait_for_url(re.compile(r"[?&]aid=af-anticoagulation(&|$)"))
    main = page.get_by_test_id("stMain")
    # Nothing known yet: each figure is the range over every answer, and says so.
    assert "Some of these figures are a range" in main.inner_text()
    assert "depending on the answers not known" in main.inner_text()

    # The person's details, sent together.
    page.get_by_role("spinbutton", name="Age (years)").fill("76")
    page.get_by_role("spinbutton", name="Haemoglobin (g/L)").fill(AF_PERSON["haemoglobin_g_per_l"])
    page.get_by_role("spinbutton", name="Kidney function (eGFR) (mL/min/1.73m²)").fill(
        AF_PERSON["egfr"]
    )
    labels = {field.name: field.label for field in calculator_fields(AF)}
    for name, answer in AF_RADIOS.items():
        radio(page, labels[name], answer)
    with rerun(page):
        page.get_by_role("button", name="Show their numbers").click()
    words = main.inner_text()
    assert "Their details: CHA2DS2-VASc score 4" in words
    assert "No blood thinner: about 5 will have a stroke caused by a blood clot" in words
    assert "depending on the answers not known" not in words
    page.wait_for_url(re.compile(r"[?&]age=76(&|$)"))
    assert "sex=female" in page.url
    chart = page.get_by_role("img", name="Out of 100 people like you, over the next year:").first
    chart.wait_for()  # visible: Vega draws it after the run
    screenshot = Path(os.environ.get(SCREENSHOT_ENV) or tmp_path / "consultation.png")
    assert _screenshot(page, screenshot) < MAX_SCREENSHOT_BYTES

    # What matters, the SURE test, the decision.
    page.get_by_role("slider", name=AF.values[0].statement).focus()
    with rerun(page):
        for _ in range(5):  # from "not said" to "matters most of all"
            page.keyboard.press("ArrowRight")
    main.get_by_text("What you said leans towards").wait_for()
    for group in (
        "Sure of myself",
        "Understand information",
        "Risk–benefit ratio",
        "Encouragement",
    ):
        with rerun(page):
            radio(page, group, "Yes")
    main.get_by_text("4 of 4. You answered yes to all four questions").wait_for()
    with rerun(page):
        radio(page, "Their decision", "Warfarin")

    # Record it: the aid, the option, the codes and the date, nothing about the person.
    for name, code in (("Your clinician code", "C1234567"), ("Your site code (ODS)", "Y02345")):
        page.get_by_role("textbox", name=name).fill(code)
        with rerun(page):
            page.keyboard.press("Tab")  # a text box sends its value when it loses the focus
    with rerun(page):
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
    with rerun(page):
        page.get_by_role("link", name="End of consultation: the summary to keep").click()
    summary = main.inner_text()
    assert "Warfarin" in summary.split("The decision", 1)[1].split("What was discussed")[0]
    assert "Details used: CHA2DS2-VASc score 4" in summary
    # visible once the browser has loaded it from the server's media files
    page.get_by_role("img", name="QR code: Their aid, with their own numbers").wait_for()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the summary (PDF)").click()
    saved = tmp_path / "summary.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF-")
    assert download.value.suggested_filename.startswith("af-anticoagulation-")
    patient_page = page.get_by_role("link", name="Their aid, with their own numbers")
    href = patient_page.get_attribute("href")
    (code,) = re.findall(r"/aids/af-anticoagulation\?a=([0-9a-z._-]+)$", href)
    assert {("age", "76"), ("sex", "female"), ("leaning", "warfarin")} <= set(unpack(AF, code))
    assert [e for e in v.errors if "Content Security Policy" in e] == []
    assert_only_our_host(v)
