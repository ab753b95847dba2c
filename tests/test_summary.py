"""The summary a patient keeps and a clinician files: its content, and as text, HTML and PDF."""

from __future__ import annotations

import datetime as dt
import html
import re
import zlib

import pytest
from support.data import AF_PERSON

from decision_aids.calculators.ten_year_cvd_risk import CITATION as QRISK3
from decision_aids.content import load_library
from decision_aids.summary import (
    NOT_DECIDED,
    Link,
    SummaryError,
    build_summary,
    check_summary,
    summary_html,
    summary_pdf,
    summary_text,
)
from decision_aids.summary._pdf import pdf_text

LIBRARY = load_library()
STATINS = LIBRARY.aids["statins-primary-prevention"]
AF = LIBRARY.aids["af-anticoagulation"]
DAY = dt.date(2026, 11, 24)
ALL_YES = {"sure": "yes", "understand": "yes", "risk_benefit": "yes", "encouragement": "yes"}


def test_summary_holds_the_decision_and_the_persons_numbers() -> None:
    summary = build_summary(STATINS, {"risk_percent": "10"}, decision="statin", today=DAY)
    text = summary_text(summary)
    assert summary.decision is not None
    assert f"Decision: {STATINS.option('statin').name}" in text
    assert "Date: 2026-11-24" in text
    assert "Details used: 10-year risk 10%" in text
    # 10% without a statin, as entered; the statin figure comes from the aid's effect via risk
    assert "No statin: 10 in 100 over the next 10 years" in text
    statin = summary.personalised.outcomes[0].figures[1]
    assert f"{statin.option.name}: {statin.count} in 100 over the next 10 years" in text
    assert "DRAFT, not yet reviewed by a clinician" in text


def test_summary_without_a_decision_says_not_decided_yet() -> None:
    text = summary_text(build_summary(STATINS, {"risk_percent": "10"}, today=DAY))
    assert f"Decision: {NOT_DECIDED}" in text


def test_summary_lists_only_the_sources_behind_the_figures() -> None:
    summary = build_summary(STATINS, {"risk_percent": "10"}, today=DAY)
    cited = {s for o in summary.personalised.outcomes for f in o.figures for s in f.sources}
    assert {s.id for s in summary.sources} == cited
    text = summary_text(summary)
    for source in summary.sources:
        assert str(source.url) in text


def test_a_calculated_baseline_cites_its_calculator() -> None:
    """The person's 10-year risk comes from QRISK3, which is not one of the aid's own sources."""
    general = build_summary(STATINS, today=DAY)
    assert QRISK3 not in [c.citation for c in general.citations]
    personal = build_summary(STATINS, {"risk_percent": "10"}, today=DAY)
    (calculator,) = personal.calculators
    assert calculator.citation == QRISK3
    figure = personal.personalised.outcomes[0].figures[0]  # no statin: the baseline itself
    assert figure.calculator is calculator
    assert f"- {QRISK3} {calculator.url}" in summary_text(personal)


def test_summary_includes_values_and_sure_when_given() -> None:
    first = STATINS.values[0]
    summary = build_summary(
        STATINS,
        {"risk_percent": "10"},
        importance={first.id: "4", STATINS.values[1].id: ""},
        sure_answers={**ALL_YES, "risk_benefit": "no"},
        today=DAY,
    )
    assert summary.rated == ((first.statement, "Matters most of all"),)
    text = summary_text(summary)
    assert "What matters to them: What you said leans towards:" in text
    assert first.statement in text
    assert "SURE test: 3 of 4." in text


def test_blank_answers_are_not_answers() -> None:
    summary, problems = check_summary(
        AF,
        dict.fromkeys(AF_PERSON, ""),
        importance={v.id: " " for v in AF.values},
        sure_answers=dict.fromkeys(ALL_YES, ""),
        decision="",
    )
    assert not problems
    assert (summary.values, summary.sure, summary.decision) == (None, None, None)
    assert summary.personalised.assessments == {}


def test_every_problem_is_returned_by_part_and_field() -> None:
    """A page shows each message beside its own field, so nothing stops at the first problem."""
    summary, problems = check_summary(
        AF,
        {**AF_PERSON, "age": "17", "diabetes": ""},
        importance={"avoid-bleeding": "9", "no-such-statement": "2"},
        sure_answers={"sure": "maybe"},
        decision="surgery",
    )
    assert set(problems.inputs) == {"age", "diabetes"}
    assert problems.inputs["age"].startswith("Age 17 is outside 18 to 120")
    assert problems.inputs["diabetes"] == "Diabetes is needed"
    assert problems.importance == {
        "avoid-bleeding": "9 is outside 0 to 4",
        "no-such-statement": "'no-such-statement' is not a statement of this aid",
    }
    assert problems.sure["sure"] == "answer yes or no, not 'maybe'"
    assert set(problems.sure) == set(ALL_YES)
    assert problems.decision is not None
    assert "choose one of the options (No blood thinner, A DOAC" in problems.decision
    assert len(problems.messages()) == 2 + 2 + 4 + 1
    # What could not be used is left out; the figures stay general.
    assert summary.personalised.assessments == {}
    assert (summary.values, summary.sure, summary.decision) == (None, None, None)


def test_one_bad_part_leaves_the_others_in_the_summary() -> None:
    summary, problems = check_summary(
        AF, AF_PERSON, importance={"avoid-bleeding": "lots"}, sure_answers=ALL_YES, decision="doac"
    )
    assert set(problems.importance) == {"avoid-bleeding"}
    assert not problems.inputs
    assert not problems.sure
    assert problems.decision is None
    assert "cha2ds2vasc" in summary.personalised.assessments
    assert summary.sure is not None
    assert summary.decision == AF.option("doac")


def test_build_summary_raises_every_problem() -> None:
    with pytest.raises(SummaryError, match=r"not 'surgery'") as raised:
        build_summary(STATINS, {"risk_percent": "500"}, decision="surgery")
    assert set(raised.value.problems.inputs) == {"risk_percent"}
    assert "500 is outside" in str(raised.value)


@pytest.mark.parametrize("slug", sorted(LIBRARY.aids))
def test_every_aid_has_a_summary_with_every_outcome(slug: str) -> None:
    aid = LIBRARY.aids[slug]
    summary = build_summary(aid, today=DAY)
    text = summary_text(summary)
    for outcome in aid.outcomes:
        assert f"- {outcome.label[:1].upper()}{outcome.label[1:]} (" in text
    assert "identifier" not in text.lower()
    page = summary_html(summary)
    assert html.escape(aid.title, quote=False) in page
    assert summary_pdf(summary).startswith(b"%PDF-")


# --------------------------------------------------------------------------------------------
# HTML and PDF
# --------------------------------------------------------------------------------------------


def _words(page: str) -> str:
    """A page's words, roughly: tags dropped, entities read, white space squeezed."""
    without_head = re.sub(r"<(style|title)>.*?</\1>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", without_head)).split())


def _af_summary() -> tuple[object, list[Link]]:
    summary = build_summary(
        AF,
        AF_PERSON,
        importance={"lower-stroke-chance": "4"},
        sure_answers={**ALL_YES, "understand": "no"},
        decision="warfarin",
        today=DAY,
    )
    links = [Link("Your aid, with your numbers", "https://example.org/aids/af?age=76")]
    return summary, links


def test_html_summary_holds_decision_numbers_values_sure_sources_and_links() -> None:
    summary, links = _af_summary()
    page = summary_html(summary, links)  # type: ignore[arg-type]
    words = _words(page)
    assert "The decision Warfarin" in words
    assert "Details used: CHA2DS2-VASc score 4" in words
    assert "No blood thinner: about 5 will have a stroke caused by a blood clot" in words
    assert "Lowering my chance of a stroke matters most to me. Matters most of all" in words
    assert "3 of 4." in words
    assert "Do you know the benefits and risks of each option?" in words
    assert "Friberg L, Rosenqvist M, Lip GYH." in words  # CHA2DS2-VASc's own source
    assert "This decision aid is a draft" in words
    assert "24 November 2026" in words
    assert "Your aid, with your numbers https://example.org/aids/af?age=76" in words
    assert page.count("<svg") == 1  # the link's QR code, drawn inline
    assert "<script" not in page
    assert "http" not in page.split("<body>")[0]  # nothing fetched: no outside stylesheet


def test_html_summary_escapes_content() -> None:
    hostile = STATINS.model_copy(update={"title": "<script>alert(1)</script>", "question": "a<b?"})
    page = summary_html(
        build_summary(hostile, today=DAY), [Link("<b>x</b>", "https://x.org/?a=1&b=<2>")]
    )
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "a&lt;b?" in page
    assert "<b>x</b>" not in page
    assert "https://x.org/?a=1&amp;b=&lt;2&gt;" in page


def _pdf_words(pdf: bytes) -> str:
    """The text drawn in a PDF made by fpdf2 (compressed streams, `(...) Tj` strings)."""
    texts = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            content = zlib.decompress(stream)
        except zlib.error:
            continue
        for literal in re.findall(rb"\((.*?)\) Tj", content, re.S):
            texts.append(re.sub(rb"\\(.)", rb"\1", literal).decode("cp1252"))
    return " ".join(" ".join(texts).split())


def test_pdf_summary_holds_the_same_content() -> None:
    summary, links = _af_summary()
    pdf = summary_pdf(summary, links)  # type: ignore[arg-type]
    assert pdf.startswith(b"%PDF-")
    assert b"/Lang (en-GB)" in pdf
    words = _pdf_words(pdf)
    assert "The decision Warfarin" in words
    assert "Details used: CHA2DS2-VASc score 4" in words
    assert "No blood thinner: about 5 will have a stroke caused by a blood clot" in words
    assert "Lowering my chance of a stroke matters most to me. Matters most of all" in words
    assert "3 of 4." in words
    assert "Your aid, with your numbers https://example.org/aids/af?age=76" in words
    assert "Friberg L, Rosenqvist M, Lip GYH." in words
    assert "version of 24 November 2026, DRAFT" in words
    assert pdf.count(b"/Subtype /Image") == 1  # the QR code


def test_pdf_text_keeps_windows_1252_and_writes_out_the_rest() -> None:
    assert pdf_text("“Quotes” – café") == "“Quotes” – café"
    assert pdf_text("age ≥ 65, eGFR ≤ 30, −2") == "age >= 65, eGFR <= 30, -2"
    assert pdf_text("東京") == "??"
    hostile = STATINS.model_copy(update={"title": "Tokyo 東京 ≥ 1"})
    words = _pdf_words(summary_pdf(build_summary(hostile, today=DAY)))
    assert "Shared decision: Tokyo ?? >= 1" in words
