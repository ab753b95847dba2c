"""The Learn page (apps/learn.py), driven from the apps' entry file with Streamlit's AppTest:
the general module with its worked examples, each aid's brief, the self-checks marked with
feedback, the printable brief, and the consultation page's link to its aid's brief."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl

import pytest
from streamlit.testing.v1 import AppTest
from support.apptest import APPS, fresh_caches, the_apps_config  # noqa: F401 (autouse)

from collaborate import connect
from collaborate.training import Completion, completions
from decision_aids.content import load_library
from decision_aids.learning import load_module, self_check

AIDS = load_library().aids
BRIEFED = sorted(slug for slug, aid in AIDS.items() if aid.brief is not None)

def _learn(brief: str | None = None) -> AppTest:
    at = AppTest.from_file(str(APPS / "main.py"), default_timeout=30)
    if brief:
        at.query_params["brief"] = brief
    at.run()
    at.switch_page("learn.py").run()
    assert not at.exception
    return at


def _text(at: AppTest) -> str:
    kinds = {
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "info",
        "success",
        "warning",
        "error",
    }
    parts = [re.sub(r"\\(.)", r"\1", str(e.value)) for e in at.main if e.type in kinds]
    return " ".join(" ".join(parts).split())


def _answer(at: AppTest, name: str, answers: list[Any]) -> AppTest:
    for i, answer in enumerate(answers):
        key = f"{name}.{i}"
        widget = (
            at.number_input(key=key)
            if key in {w.key for w in at.number_input}
            else at.radio(key=key)
        )
        widget.set_value(answer)
    next(b for b in at.button if b.label == "Check my answers").click().run()
    assert not at.exception
    return at


def test_the_general_module_shows_every_topic_with_worked_examples() -> None:
    at = _learn()
    assert at.title[0].value == "Learn"
    assert at.header[0].value == "Shared decision making and talking about risk"
    headers = [h.value for h in at.subheader]
    for topic in ("The three-talk model", "Teach-back", "The SURE test", "Absolute, not relative"):
        assert topic in headers
    words = _text(at)
    # QRISK3 20%: 20 in 100 without a statin, 1 - 0.8 ** 0.615 = 0.1282 -> 13 with one
    assert (
        "Absolute: 13 in 100 with “A statin (atorvastatin 20 mg) with lifestyle changes” and 20 in 100"
        in words
    )
    assert any(e.type == "image" for e in at.main)  # the icon array example


def test_the_general_modules_self_check_marks_answers_and_says_why() -> None:
    at = _learn()
    questions = load_module(AIDS).questions
    wrong_first = [questions[0].answer + 1, *(q.answer for q in questions[1:])]
    _answer(at, "general", wrong_first)
    total = len(questions)
    assert at.success[0].value == f"{total - 1} of {total} right: passed."
    assert at.error[0].value.startswith("Question 1: Not quite: the answer is 5.")


@pytest.mark.parametrize("slug", BRIEFED)
def test_each_brief_opens_from_its_address_and_its_self_check_passes(slug: str) -> None:
    at = _learn(slug)
    aid = AIDS[slug]
    assert at.selectbox(key="brief").value == slug
    assert re.sub(r"\\(.)", r"\1", at.header[0].value) == f"Clinician's brief: {aid.title}"
    assert len(at.table) == len(aid.brief.people)
    questions = self_check(aid)
    _answer(at, slug, [q.answer for q in questions])
    assert at.success[0].value == f"{len(questions)} of {len(questions)} right: passed."
    assert not at.error


def test_the_af_brief_shows_the_worked_numbers_and_offers_the_print_view() -> None:
    at = _learn("af-anticoagulation")
    woman_76 = at.table[1].value  # the second example person
    # CHA2DS2-VASc 4: 4.8 per 100 years -> 1 - exp(-0.048) = 0.0469 -> 5 in 100 without
    assert woman_76["No blood thinner"].iloc[0] == "5 in 100"
    downloads = [e for e in at.main if e.type == "download_button"]
    assert [d.proto.label for d in downloads] == ["Print the brief (one A4 page, web page)"]


def test_a_link_to_another_brief_opens_it_in_the_same_session() -> None:
    at = _learn()
    assert at.selectbox(key="brief").value == ""
    at.query_params["brief"] = "hip-osteoarthritis"  # as the consultation page's link sets it
    at.run()
    assert at.selectbox(key="brief").value == "hip-osteoarthritis"
    at.query_params["brief"] = "no-such-aid"
    at.run()
    assert at.selectbox(key="brief").value == "hip-osteoarthritis"  # an unknown slug is ignored


def test_choosing_the_general_module_clears_the_address() -> None:
    at = _learn("statins-primary-prevention")
    at.selectbox(key="brief").set_value("").run()
    assert "brief" not in at.query_params
    assert at.header[0].value == "Shared decision making and talking about risk"


def test_the_consultation_page_links_to_its_aids_brief() -> None:
    at = AppTest.from_file(str(APPS / "main.py"), default_timeout=30).run()
    at.switch_page("consultation.py").run()
    at.selectbox(key="aid").set_value("af-anticoagulation").run()
    links = [
        e.proto for e in at.get("page_link") if e.proto.label == "Clinician's brief for this aid"
    ]
    assert [(link.page, parse_qsl(link.query_string)) for link in links] == [
        ("learn", [("brief", "af-anticoagulation")])
    ]


def _save(at: AppTest, clinician: str, site: str) -> AppTest:
    at.text_input(key="clinician").input(clinician)
    at.text_input(key="site").input(site)
    next(b for b in at.button if b.label == "Save to my training record").click().run()
    assert not at.exception
    return at


def test_a_marked_self_check_is_saved_to_the_training_record_once() -> None:
    at = _learn("knee-osteoarthritis")
    questions = self_check(AIDS["knee-osteoarthritis"])
    _answer(at, "knee-osteoarthritis", [q.answer for q in questions])
    _save(at, "C1234567", "Y02345")
    total = len(questions)
    assert at.success[-1].value == f"Saved to your training record: {total} of {total}."
    assert next(b for b in at.button if b.label == "Save to my training record").disabled
    [stored] = completions(connect())
    assert stored == Completion(
        "C1234567", "Y02345", "knee-osteoarthritis", stored.completed_on, total, total
    )


def test_the_general_module_is_saved_as_general_and_a_bad_code_is_a_message() -> None:
    at = _learn()
    questions = load_module(AIDS).questions
    _answer(at, "general", [q.answer for q in questions])
    _save(at, "Dr Jane Smith", "Y02345")  # a name, not a code
    assert at.error[-1].value.startswith("Not saved:")
    assert completions(connect()) == []
    _save(at, "C1234567", "Y02345")
    assert [c.module for c in completions(connect())] == ["general"]
