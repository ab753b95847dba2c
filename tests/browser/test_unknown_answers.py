"""Partial answers in a real Chromium: every outcome shows a personal or a clearly labelled figure.

A patient at home rarely knows every answer. With only their age and sex, or with "I don't know"
for everything, each outcome's words must give either the figure for people like them or the
range over the answers not known, saying so, and never an error or an empty chart. One aid of
each calculator: AF (CHA2DS2-VASc and ORBIT), statins (10-year cardiovascular risk), type 2
diabetes (the BMJ risk group) and osteoporosis (10-year hip fracture risk). JavaScript is off,
as on the cheapest phone.

Expected ranges are worked by hand from the calculators' cited tables:
- CHA2DS2-VASc, Friberg 2012 strokes per 100 years by score 0-9: 0.2, 0.6, 2.2, 3.2, 4.8, 7.2,
  9.7, 11.2, 10.8, 12.2; a one-year chance is 1 - exp(-rate/100).
- ORBIT-AF major bleeds per 100 years on an anticoagulant: 2.4 (score 0-2), 4.7 (3), 8.1 (4-7).
- Palmer 2021 Table 4, deaths in 5 years per 1000 by risk group: 20, 70, 120, 170, 265.
- A typed 10-year risk may be 0.1% to 99%.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from support.browser import PHONE, assert_only_our_host

from decision_aids.content import load_library
from decision_aids.model import NotKnown

AIDS = load_library().aids
#: One aid for each calculator.
AID_OF_EACH_CALCULATOR = {
    "af-anticoagulation": ("cha2ds2vasc", "orbit"),
    "statins-primary-prevention": ("ten_year_cvd_risk",),
    "type-2-diabetes-sglt2": ("diabetes_risk_group",),
    "osteoporosis-bisphosphonates": ("ten_year_hip_fracture_risk",),
}


def _open(visit: Any, slug: str) -> Any:
    v = visit(viewport=PHONE, java_script_enabled=False)
    assert v.goto(f"/aids/{slug}").status == 200
    return v


def _send(page: Any) -> Any:
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Show my numbers").click()
    return navigation.value


def _answer_do_not_know_to_everything(page: Any) -> None:
    """Every set of choices answered "I don't know"; every box left blank."""
    for radio in page.locator("#your-details input[type=radio][value=unknown]").all():
        radio.check(force=True)
    for box in page.locator("#your-details input[type=text]").all():
        box.fill("")


def _words(page: Any) -> dict[str, str]:
    """Each outcome's words under its chart, by outcome id."""
    found = {}
    for section in page.locator("section.da-outcome").all():
        outcome_id = section.get_attribute("id").removeprefix("outcome-")
        # a paragraph a line, read whether rendered yet or not (sections off screen are rendered
        # only when scrolled near, and until then have no innerText)
        lines = section.locator(".da-words p").all_text_contents()
        found[outcome_id] = "\n".join(" ".join(line.split()) for line in lines)
    return found


def assert_every_outcome_is_personal_or_labelled(page: Any, slug: str) -> None:
    """For every outcome, each option's line gives people like you a count ('about 5 will'), or
    the range over the answers not known, saying so and naming them; or the aid's own reason
    why nobody has a figure."""
    aid = AIDS[slug]
    words = _words(page)
    assert set(words) == {o.id for o in aid.outcomes}
    for outcome in aid.outcomes:
        text = words[outcome.id]
        lines = text.splitlines()
        ranged = False
        for option in aid.options:
            (line,) = [x for x in lines if x.startswith(f"{option.name}: ")]
            spec = outcome.options[option.id]
            if isinstance(spec, NotKnown):
                assert spec.not_known in line
                continue
            rest = line.removeprefix(f"{option.name}: ")
            personal = re.match(r"(about \d+|fewer than 1 in \d+|none) will ", rest)
            labelled = re.fullmatch(
                rf"Between .+ in {outcome.denominator} will .+, depending on the answers not "
                r"known\.",
                rest,
            ) or re.fullmatch(rf"\d+ in {outcome.denominator} will .+, depending on .+\.", rest)
            assert personal or labelled, f"{outcome.id}: {line!r} is neither"
            ranged = ranged or bool(labelled)
        if ranged:
            assert "Some figures are a range, because these answers are not known: " in text
        assert "We need some details" not in text


def _line(page: Any, outcome_id: str, option_name: str) -> str:
    lines = _words(page)[outcome_id].splitlines()
    (line,) = [x for x in lines if x.startswith(f"{option_name}: ")]
    return line


def test_af_with_only_age_and_sex(visit: Any) -> None:
    v = _open(visit, "af-anticoagulation")
    page = v.page
    page.fill("#input-age", "76")
    page.locator("input[name=sex][value=female]").check(force=True)
    response = _send(page)
    assert response.status == 200
    assert page.locator(".nhsuk-error-summary").count() == 0
    assert "is needed" not in page.locator("main").inner_text()
    assert_every_outcome_is_personal_or_labelled(page, "af-anticoagulation")
    # Stroke: 76 (2) + female (1) = 3, the five answers not known add 0 to 6: scores 3-9,
    # rates 3.2 to 12.2: 1 - exp(-0.032) = 3.15% -> 3 and 1 - exp(-0.122) = 11.49% -> 11.
    assert _line(page, "stroke", "No blood thinner").startswith(
        "No blood thinner: Between 3 and 11 in 100 will have a stroke"
    )
    # Bleeding on warfarin: 76 (1), the rest not known adds 0 to 6: scores 1-7, low band (2.4)
    # to high band (8.1): 1 - exp(-0.024) = 2.37% -> 2 and 1 - exp(-0.081) = 7.78% -> 8.
    assert _line(page, "major-bleeding", "Warfarin").startswith(
        "Warfarin: Between 2 and 8 in 100 will have a major bleed"
    )
    # Brain bleeds need no personal details: Anjum 2024, 0.19 per 100 years -> 2 in 1000.
    assert _line(page, "brain-bleed", "No blood thinner").startswith(
        "No blood thinner: about 2 will have a bleed in the brain"
    )
    details = page.locator("#your-details").inner_text()
    assert "CHA2DS2-VASc score 3 to 9" in details
    assert "ORBIT score 1 to 7" in details
    assert v.errors == []
    assert_only_our_host(v)


def test_af_with_the_stroke_answers_alone_gives_personal_stroke_figures(visit: Any) -> None:
    """The stroke figures depend only on the stroke score's own answers."""
    v = _open(visit, "af-anticoagulation")
    page = v.page
    page.fill("#input-age", "76")
    page.locator("input[name=sex][value=female]").check(force=True)
    page.locator("input[name=hypertension][value=yes]").check(force=True)
    for name in (
        "congestive_heart_failure",
        "diabetes",
        "stroke_tia_or_thromboembolism",
        "vascular_disease",
    ):
        page.locator(f"input[name={name}][value=no]").check(force=True)
    assert _send(page).status == 200
    # 2 + 1 + 1 = 4: 4.8 per 100 years -> 1 - exp(-0.048) = 4.69% -> about 5 in 100.
    assert _line(page, "stroke", "No blood thinner").startswith(
        "No blood thinner: about 5 will have a stroke"
    )
    assert "Between" in _line(page, "major-bleeding", "Warfarin")


@pytest.mark.parametrize("slug", sorted(AID_OF_EACH_CALCULATOR))
def test_every_answer_i_do_not_know(visit: Any, slug: str) -> None:
    v = _open(visit, slug)
    page = v.page
    _answer_do_not_know_to_everything(page)
    response = _send(page)
    assert response.status == 200
    assert page.locator(".nhsuk-error-summary").count() == 0
    assert_every_outcome_is_personal_or_labelled(page, slug)
    # The choices come back as "I don't know", so the form shows what was said.
    checked = page.locator("#your-details input[type=radio][value=unknown]:checked").count()
    assert checked == page.locator("#your-details input[type=radio][value=unknown]").count()
    assert v.errors == []


@pytest.mark.parametrize(
    ("slug", "outcome_id", "option_id", "expected"),
    [
        # CHA2DS2-VASc 0 to 9: 0.2 -> 0.2% (fewer than 1 in 100) to 12.2 -> 11.49% (11).
        ("af-anticoagulation", "stroke", "no-anticoagulant", "Between fewer than 1 and 11 in 100"),
        # A 10-year risk from 0.1% to 99%: fewer than 1 to 99 in 100.
        (
            "statins-primary-prevention",
            "heart-attack-or-stroke",
            "no-statin",
            "Between fewer than 1 and 99 in 100",
        ),
        # Palmer 2021: 20 (very low group) to 265 (very high) deaths per 1000 in 5 years.
        ("type-2-diabetes-sglt2", "death-5-years", "metformin-alone", "Between 20 and 265 in 1000"),
        # A 10-year hip fracture risk from 0.1% to 99%: 1 to 990 in 1000.
        ("osteoporosis-bisphosphonates", "hip-fracture", "no-drug", "Between 1 and 990 in 1000"),
    ],
)
def test_nothing_known_gives_the_whole_range(
    visit: Any, slug: str, outcome_id: str, option_id: str, expected: str
) -> None:
    v = _open(visit, slug)
    _answer_do_not_know_to_everything(v.page)
    _send(v.page)
    name = AIDS[slug].option(option_id).name
    assert _line(v.page, outcome_id, name).startswith(f"{name}: {expected} will ")


@pytest.mark.parametrize(
    ("slug", "answers"),
    [
        ("statins-primary-prevention", {"risk_percent": "12"}),
        ("osteoporosis-bisphosphonates", {"hip_fracture_risk_percent": "3.5"}),
        (
            "type-2-diabetes-sglt2",
            {"cardiovascular_disease": "yes", "chronic_kidney_disease": "no", "risk_factors": "2"},
        ),
    ],
)
def test_every_answer_known_is_personal(visit: Any, slug: str, answers: dict[str, str]) -> None:
    v = _open(visit, slug)
    page = v.page
    for name, value in answers.items():
        radio = page.locator(f"input[name='{name}'][value='{value}']")
        if radio.count():
            radio.check(force=True)
        else:
            page.fill(f"#input-{name}", value)
    assert _send(page).status == 200
    assert_every_outcome_is_personal_or_labelled(page, slug)
    assert "Some figures are a range" not in page.locator("#benefits-and-harms").inner_text()


def test_a_stale_bookmark_opens_with_a_notice(visit: Any) -> None:
    v = _open(visit, "af-anticoagulation")
    page = v.page
    response = page.goto(
        v.base_url
        + "/aids/af-anticoagulation?age=76&sex=female&matters.an-old-statement=3&sure.sure=maybe"
        "&leaning=aspirin"
    )
    assert response.status == 200
    notice = page.locator(".nhsuk-card--warning", has_text="Some answers were left out")
    assert notice.is_visible()
    text = notice.inner_text()
    assert "What matters to you: 'an-old-statement' is not a statement of this aid" in text
    assert "answer yes or no, not 'maybe'" in text
    assert "The option you lean towards" in text
    assert "CHA2DS2-VASc score 3 to 9" in page.locator("#your-details").inner_text()
