"""The summary a patient keeps and a clinician files: its record, its one view model, and the
renderers (text, HTML, PDF) that lay the view out."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re
import zlib

import pytest
from summary_fields import LINKS, full_view, missing, texts
from support.data import AF_PERSON

from decision_aids.calculators.ten_year_cvd_risk import CITATION as QRISK3
from decision_aids.content import load_library
from decision_aids.draft import DRAFT_WARNING
from decision_aids.model import Review
from decision_aids.summary import (
    NO_FIGURE,
    NOT_DECIDED,
    SURE_NOT_ANSWERED,
    VALUES_NOT_SAID,
    FigureLine,
    Link,
    Problems,
    Rating,
    Reasons,
    Summary,
    SummaryError,
    SummaryView,
    build_summary,
    check_summary,
    figure_words,
    summary_html,
    summary_pdf,
    summary_text,
    summary_view,
)
from decision_aids.summary._pdf import pdf_text
from decision_aids.values import SURE_ITEMS

LIBRARY = load_library()
STATINS = LIBRARY.aids["statins-primary-prevention"]
AF = LIBRARY.aids["af-anticoagulation"]
DAY = dt.date(2026, 11, 24)
ALL_YES = {"sure": "yes", "understand": "yes", "risk_benefit": "yes", "encouragement": "yes"}


def _text(summary: Summary) -> str:
    return summary_text(summary_view(summary))


def test_summary_holds_the_decision_and_the_persons_numbers() -> None:
    summary = build_summary(STATINS, {"risk_percent": "10"}, decision="statin", today=DAY)
    text = _text(summary)
    assert summary.decision is not None
    assert f"Decision: {STATINS.option('statin').name}" in text
    assert "Date: 24 November 2026" in text
    assert "Details used: 10-year risk 10%" in text
    # 10% without a statin, as entered; the statin figure comes from the aid's effect via risk
    assert "No statin: 10 in 100 over the next 10 years" in text
    statin = summary.personalised.outcomes[0].figures[1]
    assert f"{statin.option.name}: {statin.count} in 100 over the next 10 years" in text
    assert DRAFT_WARNING in text


def test_summary_without_a_decision_says_not_decided_yet() -> None:
    text = _text(build_summary(STATINS, {"risk_percent": "10"}, today=DAY))
    assert f"Decision: {NOT_DECIDED.capitalize()}" in text


def test_summary_lists_only_the_sources_behind_the_figures() -> None:
    summary = build_summary(STATINS, {"risk_percent": "10"}, today=DAY)
    cited = {s for o in summary.personalised.outcomes for f in o.figures for s in f.sources}
    assert {s.id for s in summary.sources} == cited
    text = _text(summary)
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
    assert f"- {QRISK3} {calculator.url}" in _text(personal)


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
    text = _text(summary)
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
    view = summary_view(summary)
    text = summary_text(view)
    for outcome in aid.outcomes:
        assert f"- {outcome.label[:1].upper()}{outcome.label[1:]} (" in text
    assert "identifier" not in text.lower()
    page = summary_html(view)
    assert html.escape(aid.title, quote=False) in page
    assert summary_pdf(view).startswith(b"%PDF-")


# --------------------------------------------------------------------------------------------
# HTML and PDF
# --------------------------------------------------------------------------------------------


def _words(page: str) -> str:
    """A page's words, roughly: tags dropped, entities read, white space squeezed."""
    without_head = re.sub(r"<(style|title)>.*?</\1>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", without_head)).split())


def test_html_summary_holds_decision_numbers_values_sure_sources_and_links() -> None:
    page = summary_html(full_view())
    words = _words(page)
    assert "The decision Warfarin" in words
    assert "Details used: CHA2DS2-VASc score 4" in words
    assert "No blood thinner: about 5 will have a stroke caused by a blood clot" in words
    assert "Lowering my chance of a stroke: matters most of all" in words
    assert "3 of 4." in words
    assert "Do you know the benefits and risks of each option?" in words
    assert "Friberg L, Rosenqvist M, Lip GYH." in words  # CHA2DS2-VASc's own source
    assert DRAFT_WARNING in words
    assert "24 November 2026" in words
    assert "Your aid, with your numbers https://example.org/aids/af?age=76" in words
    assert page.count("<svg") == 1  # the link's QR code, drawn inline
    assert "<script" not in page
    assert "http" not in page.split("<body>")[0]  # nothing fetched: no outside stylesheet


def test_html_summary_escapes_content() -> None:
    hostile = STATINS.model_copy(update={"title": "<script>alert(1)</script>", "question": "a<b?"})
    links = [Link("<b>x</b>", "https://x.org/?a=1&b=<2>")]
    page = summary_html(summary_view(build_summary(hostile, today=DAY), links=links))
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "a&lt;b?" in page
    assert "<b>x</b>" not in page
    assert "https://x.org/?a=1&amp;b=&lt;2&gt;" in page


def _pdf_words(pdf: bytes) -> str:
    """The text drawn in a PDF made by fpdf2 (compressed streams, `(...) Tj` strings)."""
    texts = []
    # Each stream's bytes are read by its /Length: compressed data may itself end in b"\r".
    for found in re.finditer(rb"/Length (\d+)\s*>>\s*stream\r?\n", pdf):
        stream = pdf[found.end() : found.end() + int(found[1])]
        try:
            content = zlib.decompress(stream)
        except zlib.error:
            continue
        for literal in re.findall(rb"\((.*?)\) Tj", content, re.S):
            texts.append(re.sub(rb"\\(.)", rb"\1", literal).decode("cp1252"))
    return " ".join(" ".join(texts).split())


def test_pdf_summary_holds_the_same_content() -> None:
    pdf = summary_pdf(full_view())
    assert pdf.startswith(b"%PDF-")
    assert b"/Lang (en-GB)" in pdf
    words = _pdf_words(pdf)
    assert "The decision Warfarin" in words
    assert "Details used: CHA2DS2-VASc score 4" in words
    assert "No blood thinner: about 5 will have a stroke caused by a blood clot" in words
    assert "Lowering my chance of a stroke: matters most of all" in words
    assert "3 of 4." in words
    assert "Your aid, with your numbers https://example.org/aids/af?age=76" in words
    assert "Friberg L, Rosenqvist M, Lip GYH." in words
    assert "Decision aid: af-anticoagulation, version of 24 November 2026." in words
    assert DRAFT_WARNING in words
    assert pdf.count(b"/Subtype /Image") == 1  # the QR code


def test_pdf_text_keeps_windows_1252_and_writes_out_the_rest() -> None:
    assert pdf_text("“Quotes” – café") == "“Quotes” – café"
    assert pdf_text("age ≥ 65, eGFR ≤ 30, −2") == "age >= 65, eGFR <= 30, -2"
    assert pdf_text("東京") == "??"
    hostile = STATINS.model_copy(update={"title": "Tokyo 東京 ≥ 1"})
    words = _pdf_words(summary_pdf(summary_view(build_summary(hostile, today=DAY))))
    assert "Shared decision: Tokyo ?? >= 1" in words


# --------------------------------------------------------------------------------------------
# The view model: its figures worked by hand from the aid's cited numbers
# --------------------------------------------------------------------------------------------

DOAC = "A DOAC (apixaban, edoxaban, rivaroxaban or dabigatran)"


def test_the_view_gives_the_stroke_figures_worked_from_friberg_and_the_trials() -> None:
    """AF_PERSON: 76 (2 points), female (1), high blood pressure (1): CHA2DS2-VASc 4.

    Friberg 2012 Table 3: 4.8 ischaemic strokes per 100 years at score 4, without a blood thinner.
    A year's chance at a constant rate: 1 - exp(-0.048) = 0.046866, so 4.69 in 100, written 5.
    Warfarin, relative risk 0.36 (0.26 to 0.51; Hart 2007):
        0.046866 x 0.36 = 0.016872 -> 1.69 -> 2;  x 0.26 = 0.012185 -> 1;  x 0.51 = 0.023902 -> 2.
    A DOAC, relative risk 0.3312 (0.233 to 0.471; derived from Hart 2007 and Ruff 2014):
        0.046866 x 0.3312 = 0.015522 -> 2;  x 0.233 = 0.010920 -> 1;  x 0.471 = 0.022074 -> 2.
    Helped by either: 5 - 2 = 3 in 100.
    """
    stroke = full_view().outcomes[0]
    assert stroke.label == "Have a stroke caused by a blood clot (ischaemic stroke)"
    assert stroke.figures == (
        FigureLine("No blood thinner", "5 in 100 over the next year", "Low"),
        FigureLine(DOAC, "2 in 100 over the next year (range 1 to 2)", "Low"),
        FigureLine("Warfarin", "2 in 100 over the next year (range 1 to 2)", "Moderate"),
    )
    clot = "have a stroke caused by a blood clot (ischaemic stroke)"
    assert stroke.words == (
        "Out of 100 people like you, over the next year:",
        f"No blood thinner: about 5 will {clot}, and about 95 will not.",
        f"{DOAC}: about 2 will {clot}, and about 98 will not. Compared with “No blood thinner”, "
        f"about 3 in 100 are helped by it: 3 fewer will {clot}.",
        f"Warfarin: about 2 will {clot}, and about 98 will not. Compared with “No blood thinner”, "
        f"about 3 in 100 are helped by it: 3 fewer will {clot}.",
    )


def test_the_view_gives_the_bleeding_figures_with_the_published_ratio_turned_round() -> None:
    """AF_PERSON: 76 (1 point), nothing else: ORBIT 1, the low band.

    ORBIT-AF: 2.4 major bleeds per 100 patient-years on an anticoagulant (mostly warfarin):
        1 - exp(-0.024) = 0.023714 -> 2.37 in 100, written 2 (warfarin takes it unchanged).
    A DOAC, relative risk 0.86 (0.73 to 1.00; Ruff 2014):
        0.023714 x 0.86 = 0.020394 -> 2;  x 0.73 = 0.017311 -> 2;  x 1.00 -> 2: no range to show.
    No blood thinner: Segal 2000's odds ratio 1.90 (0.89 to 4.04) is warfarin against none, so it
    is turned round: 1/1.90 = 0.526316 (1/4.04 = 0.247525 to 1/0.89 = 1.123596). On the odds:
        0.023714 / (1 - 0.023714) = 0.024290
        x 0.526316 = 0.012784 -> 0.012784 / 1.012784 = 0.012623 -> 1.26 -> 1
        x 0.247525 = 0.006012 -> 0.005976 -> 0.60 -> 1;  x 1.123596 = 0.027292 -> 0.026567 -> 3.
    Not turned round, it would be 0.024290 x 1.90 = 0.046151 -> 0.044115 -> 4 in 100.
    """
    bleed = full_view().outcomes[1]
    assert bleed.figures == (
        FigureLine("No blood thinner", "1 in 100 over the next year (range 1 to 3)", "Low"),
        FigureLine(DOAC, "2 in 100 over the next year", "Moderate"),
        FigureLine("Warfarin", "2 in 100 over the next year", "Low"),
    )


def test_the_view_gives_brain_bleeds_out_of_1000() -> None:
    """Anjum 2024: 0.19 per 100 person-years without an anticoagulant, 0.28 with one (the DOAC).

    None: 0.0019 x 1000 = 1.9 -> 2.  A DOAC: 0.0028 x 1000 = 2.8 -> 3.
    Warfarin: Ruff 2014's DOAC-against-warfarin 0.48 (0.39 to 0.59), turned round:
        0.0028 / 0.48 = 0.005833 -> 5.83 -> 6;  / 0.59 = 0.004746 -> 5;  / 0.39 = 0.007179 -> 7.
    """
    brain = full_view().outcomes[2]
    assert brain.figures == (
        FigureLine("No blood thinner", "2 in 1,000 over the next year", "Low"),
        FigureLine(DOAC, "3 in 1,000 over the next year", "Low"),
        FigureLine("Warfarin", "6 in 1,000 over the next year (range 5 to 7)", "Very low"),
    )


def test_the_view_words_the_answers_once() -> None:
    view = full_view()
    assert view.title == AF.title
    assert view.date == "24 November 2026"
    assert (view.draft, view.review) == (True, DRAFT_WARNING)
    assert [o.name for o in view.options] == ["No blood thinner", DOAC, "Warfarin"]
    assert (view.decided, view.decision) == (True, "Warfarin")
    assert view.details == (
        "CHA2DS2-VASc score 4",
        "ORBIT score 1 (low bleeding risk); blood count (haemoglobin or haematocrit) and kidney "
        "function (eGFR) not given, "
        "so not counted",
    )
    stroke = "Lowering my chance of a stroke"
    assert view.ratings == (Rating(stroke, "matters most of all"),)
    # The statement leans to both blood thinners, rated 4 for each; no blood thinner scores 0.
    assert view.values == f"What you said leans towards: {DOAC} and Warfarin."
    reason = (f"You said “{stroke}” matters most of all.",)
    assert view.reasons == (Reasons(DOAC, reason), Reasons("Warfarin", reason))
    # One "no" of four: a score of 3.
    assert view.sure.startswith("3 of 4. You may not feel ready to decide yet.")
    assert view.unsure_about == (SURE_ITEMS[1][2],)
    assert view.links == LINKS
    assert view.version == "af-anticoagulation, version of 24 November 2026"
    # The aid's sources behind the figures in the aid's order, then the calculators'.
    assert [c.citation.split(",")[0] for c in view.citations] == [
        "Hart RG",
        "Ruff CT",
        "Segal JB",
        "Anjum M",
        "Friberg L",
        "O'Brien EC",
    ]


def test_the_view_of_nothing_said_says_so() -> None:
    view = summary_view(build_summary(AF, today=DAY))
    assert (view.decided, view.decision) == (False, "Not decided yet")
    assert (view.values, view.sure) == (VALUES_NOT_SAID, SURE_NOT_ANSWERED)
    assert view.details == view.ratings == view.reasons == view.unsure_about == ()
    assert view.questions == view.links == ()
    stroke = view.outcomes[0]
    assert {f.figure for f in stroke.figures} == {"needs your details"}
    # The baseline waits for the score; the effects' certainty (of their ratios) is known.
    assert [f.certainty for f in stroke.figures] == [NO_FIGURE, "Low", "Moderate"]


def test_a_figure_not_known_says_why_and_has_no_certainty() -> None:
    found = [
        (aid, figure)
        for aid in LIBRARY.aids.values()
        for outcome in summary_view(build_summary(aid, today=DAY)).outcomes
        for figure in outcome.figures
        if figure.figure.startswith("not known: ")
    ]
    assert found, "no bundled aid has a figure that is not known"
    assert {figure.certainty for _, figure in found} == {NO_FIGURE}


def test_a_reviewed_aid_names_its_reviewers() -> None:
    reviewers = [
        {"name": "Dr A Khan", "role": "GP", "date": DAY},
        {"name": "B Lee", "role": "Pharmacist", "date": DAY},
    ]
    review = {**STATINS.review.model_dump(), "status": "reviewed", "reviewers": reviewers}
    reviewed = STATINS.model_copy(update={"review": Review.model_validate(review)})
    view = summary_view(build_summary(reviewed, today=DAY))
    assert (view.draft, view.review) == (False, "Reviewed by Dr A Khan, B Lee.")
    assert DRAFT_WARNING not in summary_text(view)


# --------------------------------------------------------------------------------------------
# Every renderer shows every field of the view
# --------------------------------------------------------------------------------------------


def test_the_example_fills_every_field() -> None:
    """The view below has a text in every field, so no renderer can pass by showing an empty one."""
    shown = texts(full_view())
    assert {path.split("[")[0].split(".")[1] for path in shown} == {
        f.name for f in dataclasses.fields(SummaryView) if f.type != "bool"
    }


def test_text_shows_every_field() -> None:
    view = full_view()
    assert missing(view, " ".join(summary_text(view).split())) == {}


def test_html_shows_every_field() -> None:
    view = full_view()
    assert missing(view, _words(summary_html(view))) == {}


def test_pdf_shows_every_field() -> None:
    view = full_view()
    assert missing(view, pdf_text(_pdf_words(summary_pdf(view))), squeeze=True) == {}


def test_a_field_a_renderer_drops_is_found() -> None:
    view = full_view()
    text = summary_text(view).replace(view.unsure_about[0], "")
    assert set(missing(view, " ".join(text.split()))) == {"view.unsure_about[0]"}


def test_a_figure_without_its_time_frame_is_the_short_form() -> None:
    """The options table's cells: the count on the denominator, nothing after it."""
    # The stroke figures worked by hand above: 5 in 100 without, 2 (1 to 2) on warfarin.
    personalised = build_summary(AF, AF_PERSON, today=DAY).personalised
    stroke = personalised.outcomes[0]
    assert figure_words(stroke.figures[0], stroke.denominator) == "5 in 100"
    assert figure_words(stroke.figures[2], stroke.denominator) == "2 in 100 (range 1 to 2)"


@pytest.mark.parametrize(
    "problems",
    [
        Problems(inputs={"age": "Age is needed"}),
        Problems(importance={"x": "9 is outside 0 to 4"}),
        Problems(sure={"sure": "answer yes or no"}),
        Problems(decision="choose one of the options"),
    ],
)
def test_any_one_part_with_a_problem_is_a_problem(problems: Problems) -> None:
    assert problems
    assert len(problems.messages()) == 1


def test_no_problems_is_no_problem() -> None:
    assert not Problems()
    assert Problems().messages() == []


def test_the_error_joins_every_message() -> None:
    error = SummaryError(Problems(inputs={"age": "Age is needed"}, decision="choose one"))
    assert str(error) == "Age is needed; choose one"
