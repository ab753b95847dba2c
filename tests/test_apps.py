"""The Streamlit apps (apps/), driven from their entry file with Streamlit's AppTest.

Every page runs from `apps/main.py` and `switch_page`, as a browser would reach it: each aid can
be chosen, found by plain words, personalised; a changed input changes the numbers; a bad input
gives the library's message and no exception; the end-of-consultation summary holds the
decision and the numbers; the decision is recorded without identifiers; the author preview
shows the checks' findings beside the aid. tests/browser/test_consultation.py runs the same flow
in a real Chromium.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from streamlit.testing.v1 import AppTest
from summary_fields import full_view, missing
from support import data
from support.apptest import APPS, fresh_caches, the_apps_config  # noqa: F401 (autouse)
from support.data import REPO

from collaborate import DATABASE_URL_ENV
from decision_aids.address import unpack
from decision_aids.content import load_library
from decision_aids.draft import DRAFT_WARNING
from decision_aids.values import SURE_ITEMS

AIDS = load_library().aids
#: The shared AF person, with the typed answers as the numbers the app's number inputs take.
AF_PERSON: dict[str, Any] = {
    **data.AF_PERSON,
    "age": 76,
    "haemoglobin_g_per_l": 130.0,
    "egfr": 75.0,
}
PAGES = {
    "home.py": "Decision aids",
    "consultation.py": "Consultation",
    "end_of_consultation.py": "End of consultation",
    "learn.py": "Learn",
    "author_preview.py": "Author preview",
    "evaluator.py": "collaboRATE evaluation",
    "peer_review.py": "Peer review of shared decision making",
}

@pytest.fixture
def app() -> AppTest:
    return AppTest.from_file(str(APPS / "main.py"), default_timeout=30).run()


def _unescaped(value: str) -> str:
    return re.sub(r"\\(.)", r"\1", value)


_TEXT = {
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


def _words(at: AppTest) -> str:
    """Every piece of text the page shows, as a reader meets it, on one line."""
    parts = [_unescaped(str(e.value).replace("**", "")) for e in at.main if e.type in _TEXT]
    return " ".join(" ".join(parts).split())


def _alerts(at: AppTest, kind: str) -> list[str]:
    return [_unescaped(e.value) for e in getattr(at, kind)]


def _open(at: AppTest, slug: str) -> AppTest:
    at.switch_page("consultation.py").run()
    at.selectbox(key="aid").set_value(slug).run()
    assert not at.exception
    return at


def _fill(at: AppTest, inputs: dict[str, Any]) -> AppTest:
    """Type the person's details into the form and send it."""
    for name, value in inputs.items():
        if isinstance(value, str):
            at.radio(key=name).set_value(value)
        else:
            at.number_input(key=name).set_value(value)
    next(b for b in at.button if b.label == "Show their numbers").click().run()
    assert not at.exception
    return at


def _images(at: AppTest) -> list[Any]:
    return [e for e in at.main if e.type == "image"]


# --------------------------------------------------------------------------------------------
# Every page, every aid
# --------------------------------------------------------------------------------------------


def test_the_pages_run_under_the_apps_config() -> None:
    from streamlit import config

    assert config.get_option("browser.gatherUsageStats") is False
    assert config.get_option("client.showErrorDetails") == "none"


@pytest.mark.parametrize("page", sorted(PAGES))
def test_every_page_runs_from_the_entry_file(app: AppTest, page: str) -> None:
    app.switch_page(page).run()
    assert not app.exception
    assert app.title[0].value == PAGES[page]


@pytest.mark.parametrize("slug", sorted(AIDS))
def test_each_aid_can_be_chosen(app: AppTest, slug: str) -> None:
    aid = AIDS[slug]
    _open(app, slug)
    assert _unescaped(app.title[0].value) == aid.title
    assert [_unescaped(t.label) for t in app.tabs] == [
        o.label[:1].upper() + o.label[1:] for o in aid.outcomes
    ]
    images = _images(app)
    assert len(images) == len(aid.outcomes)  # an icon array per outcome
    alts = [image.proto.imgs[0].alt for image in images]
    assert all(
        alt.startswith(f"Out of {o.denominator} people")
        for alt, o in zip(alts, aid.outcomes, strict=True)
    )
    (grid,) = app.table
    assert list(grid.value.columns) == ["Question", *(o.name for o in aid.options)]
    assert len(app.get("select_slider")) == len(aid.values)
    assert app.query_params["aid"] == slug


def test_an_aid_is_found_by_plain_words(app: AppTest) -> None:
    app.switch_page("consultation.py").run()
    app.text_input(key="find").input("blood thinner").run()
    app.button(key="pick.af-anticoagulation").click().run()
    assert app.selectbox(key="aid").value == "af-anticoagulation"
    assert _unescaped(app.title[0].value) == AIDS["af-anticoagulation"].title
    app.text_input(key="find").input("ingrown toenail").run()
    assert "No aid matches “ingrown toenail”" in _words(app)


def test_a_shared_address_opens_the_aid_with_the_persons_numbers() -> None:
    at = AppTest.from_file(str(APPS / "main.py"), default_timeout=30)
    at.query_params.update(
        {"aid": "statins-primary-prevention", "risk_percent": "12", "show": "bars"}
    )
    at.switch_page("consultation.py").run()
    assert not at.exception
    assert at.number_input(key="risk_percent").value == 12.0
    assert "Their details: 10-year risk 12%" in _alerts(at, "success")
    assert at.button_group[0].value == "bars"
    # Unusable values in an address are ignored, not fatal.
    at = AppTest.from_file(str(APPS / "main.py"), default_timeout=30)
    at.query_params.update({"aid": "no-such-aid", "show": "pie"})
    at.switch_page("consultation.py").run()
    assert not at.exception
    assert at.selectbox(key="aid").value is None


# --------------------------------------------------------------------------------------------
# The person's numbers
# --------------------------------------------------------------------------------------------


RANGE_NOTICE = "Some of these figures are a range"


def test_changing_an_input_changes_the_numbers_shown(app: AppTest) -> None:
    _open(app, "af-anticoagulation")
    assert RANGE_NOTICE in _words(app)
    _fill(app, AF_PERSON)
    words = _words(app)
    assert "Their details: CHA2DS2-VASc score 4" in words
    assert "No blood thinner: about 5 will have a stroke caused by a blood clot" in words
    assert RANGE_NOTICE not in words
    grid = app.table[0].value.set_index("Question")
    stroke_row = next(
        q for q in grid.index if q.startswith("How many out of 100 will have a stroke")
    )
    assert grid.loc[stroke_row, "No blood thinner"] == "5 in 100"
    # An older person with diabetes: a higher score, more strokes without a blood thinner.
    _fill(app, {"age": 86, "diabetes": "yes"})
    after = _words(app)
    assert "Their details: CHA2DS2-VASc score 5" in after
    assert "No blood thinner: about 7 will have a stroke caused by a blood clot" in after
    assert app.query_params["age"] == "86"
    assert app.query_params["diabetes"] == "yes"


def test_a_bad_input_shows_a_clear_message_and_no_exception(app: AppTest) -> None:
    _open(app, "af-anticoagulation")
    _fill(app, {**AF_PERSON, "age": 17})
    assert not app.exception
    (error,) = _alerts(app, "error")
    assert "Age 17 is outside 18 to 120 years, the range this calculator was made for" in error
    # The age is left out, not used: the scores that need it become ranges over every age.
    # CHA2DS2-VASc without the age: female 1 + high blood pressure 1 = 2, plus 0, 1 or 2 for
    # the age: 2 to 4.
    assert "Their details: CHA2DS2-VASc score 2 to 4; not known: Age" in _words(app)
    assert RANGE_NOTICE in _words(app)


def test_an_answer_not_known_gives_a_range_named_in_the_words(app: AppTest) -> None:
    # Diabetes "I don't know": CHA2DS2-VASc 4 (age 2, female 1, blood pressure 1) or 5.
    # Friberg 2012: 4.8 and 7.2 strokes per 100 years: 1 - exp(-0.048) = 4.69% -> 5 in 100,
    # 1 - exp(-0.072) = 6.95% -> 7 in 100.
    _open(app, "af-anticoagulation")
    _fill(app, {**AF_PERSON, "diabetes": "unknown"})
    assert not _alerts(app, "error")
    words = _words(app)
    assert "Their details: CHA2DS2-VASc score 4 to 5; not known: Diabetes" in words
    assert "No blood thinner: Between 5 and 7 in 100 will have a stroke caused by a blood" in words
    assert "because these answers are not known: diabetes." in words
    assert app.query_params["diabetes"] == "unknown"


def test_the_figures_switch_between_icons_bars_counts_and_percent(app: AppTest) -> None:
    _open(app, "statins-primary-prevention")
    _fill(app, {"risk_percent": 10.0})
    icons = [image.proto.imgs[0].url for image in _images(app)]
    app.button_group[0].set_value("bars").run()
    bars = [image.proto.imgs[0].url for image in _images(app)]
    assert len(bars) == len(icons)
    assert bars != icons
    app.button_group[0].set_value("counts").run()
    assert _images(app) == []
    assert (
        "No statin: about 10 will get heart disease or have a stroke, and about 90 will not."
        in _words(app)
    )
    # the "x in 100" view also gives clinicians the number needed to treat against no statin
    assert "For clinicians: A statin" in _words(app)
    assert "number needed to treat" in _words(app)
    app.button_group[0].set_value("percent").run()
    assert (
        "No statin: about 10% will get heart disease or have a stroke, and about 90% will not."
        in _words(app)
    )
    assert "number needed to treat" not in _words(app)
    assert app.query_params["show"] == "percent"


def test_two_options_can_be_compared_alone(app: AppTest) -> None:
    _open(app, "af-anticoagulation")
    app.button_group[1].set_value(["no-anticoagulant", "warfarin"]).run()
    words = _words(app)
    assert "Warfarin: about" in words
    assert "A DOAC (apixaban, edoxaban, rivaroxaban or dabigatran): about" not in words


# --------------------------------------------------------------------------------------------
# What matters, SURE, the decision
# --------------------------------------------------------------------------------------------


def test_what_matters_shows_which_options_fit(app: AppTest) -> None:
    _open(app, "af-anticoagulation")
    app.select_slider(key="af-anticoagulation.matters.no-blood-tests").set_value(4).run()
    words = _words(app)
    assert "What you said leans towards: No blood thinner and A DOAC" in words
    assert "You said “Not having regular blood tests” matters most of all." in words


def test_sure_test_is_scored(app: AppTest) -> None:
    _open(app, "statins-primary-prevention")
    for key, _, _ in SURE_ITEMS[:2]:
        app.radio(key=f"statins-primary-prevention.sure.{key}").set_value("yes")
    app.run()
    assert (
        "2 of 4 answered. You answered yes to each so far. Answer the other 2 to see whether you "
        "feel ready to decide."
    ) in _words(app)
    for key, _, _ in SURE_ITEMS[2:]:
        app.radio(key=f"statins-primary-prevention.sure.{key}").set_value("yes")
    app.run()
    assert "4 of 4. You answered yes to all four questions" in _words(app)


def test_answers_about_one_aid_stay_with_it(app: AppTest) -> None:
    _open(app, "knee-osteoarthritis")
    app.radio(key="knee-osteoarthritis.decision").set_value("").run()
    app.selectbox(key="aid").set_value("hip-osteoarthritis").run()
    assert app.radio(key="hip-osteoarthritis.decision").value is None


def _decide(app: AppTest) -> AppTest:
    _open(app, "af-anticoagulation")
    _fill(app, AF_PERSON)
    app.select_slider(key="af-anticoagulation.matters.lower-stroke-chance").set_value(4)
    for key, _, _ in SURE_ITEMS:
        app.radio(key=f"af-anticoagulation.sure.{key}").set_value("yes")
    app.radio(key="af-anticoagulation.decision").set_value("warfarin").run()
    assert not app.exception
    return app


def test_the_summary_holds_the_decision_and_the_numbers(app: AppTest) -> None:
    _decide(app)
    app.switch_page("end_of_consultation.py").run()
    assert not app.exception
    words = _words(app)
    assert "The decision Warfarin" in words
    assert "Details used: CHA2DS2-VASc score 4" in words
    assert "No blood thinner: about 5 will have a stroke caused by a blood clot" in words
    assert "Lowering my chance of a stroke: matters most of all" in words
    assert "4 of 4." in words
    assert "Friberg L, Rosenqvist M, Lip GYH." in words  # the calculator's own source
    assert DRAFT_WARNING in words
    record = app.code[0].value
    assert "Decision: Warfarin" in record
    assert "No blood thinner: 5 in 100 over the next year" in record
    labels = [b.proto.label for b in app.get("download_button")]
    assert labels == ["Download the summary (PDF)", "Download the summary (web page)"]
    (patient_link,) = [m.value for m in app.markdown if "/aids/af-anticoagulation?" in m.value]
    # The answers packed into a short address (decision_aids.address), read back.
    (code,) = re.findall(r"/aids/af-anticoagulation\?a=([0-9a-z._-]+)", patient_link)
    answers = unpack(AIDS["af-anticoagulation"], code)
    assert {("age", "76"), ("sex", "female"), ("leaning", "warfarin")} <= set(answers)
    (qr,) = _images(app)
    assert qr.proto.imgs[0].alt == "QR code: Their aid, with their own numbers"
    assert "collaboRATE feedback survey, add your clinician and site codes" in words


def _summary_record_page() -> None:
    """The end-of-consultation page's layout of the summary view, for the example view."""
    from summary_fields import full_view
    from summary_record import heading, show_links, show_record

    view = full_view()
    heading(view)
    show_record(view)
    show_links(view)


def test_the_summary_page_shows_every_field_of_the_summary_view() -> None:
    sys.path.insert(0, str(APPS))
    try:
        at = AppTest.from_function(_summary_record_page, default_timeout=30).run()
    finally:
        sys.path.remove(str(APPS))
    assert not at.exception
    shown = " ".join([_words(at), *(i.proto.imgs[0].alt for i in _images(at))])
    assert missing(full_view(), shown) == {}


def test_the_summary_page_without_a_consultation_says_where_to_start(app: AppTest) -> None:
    app.switch_page("end_of_consultation.py").run()
    assert "Start on the consultation page" in _alerts(app, "info")[0]


# --------------------------------------------------------------------------------------------
# Recording the decision; the survey link
# --------------------------------------------------------------------------------------------


def _stored(table: str) -> list[dict[str, Any]]:
    import os

    engine = create_engine(os.environ[DATABASE_URL_ENV])
    with engine.connect() as connection:
        rows = [dict(r._mapping) for r in connection.execute(text(f"SELECT * FROM {table}"))]
    engine.dispose()
    return rows


def _codes(app: AppTest, clinician: str, site: str) -> None:
    app.text_input(key="clinician").input(clinician)
    app.text_input(key="site").input(site)
    app.run()


def test_the_decision_is_recorded_once_without_identifiers(app: AppTest) -> None:
    _decide(app)
    _codes(app, "C1234567", "Y02345")
    record = next(b for b in app.button if b.label == "Record the decision")
    record.click().run()
    assert not app.exception
    assert any(s.startswith("Recorded: Warfarin") for s in _alerts(app, "success"))
    (row,) = _stored("feedback_decisions")
    assert {k: row[k] for k in ("aid", "option", "site", "clinician")} == {
        "aid": "af-anticoagulation",
        "option": "warfarin",
        "site": "Y02345",
        "clinician": "C1234567",
    }
    assert set(row) == {"id", "aid", "option", "site", "clinician", "decision_date", "month"}
    assert next(b for b in app.button if b.label == "Record the decision").disabled


def test_a_new_consultation_forgets_the_person_and_keeps_the_codes(app: AppTest) -> None:
    _decide(app)
    _codes(app, "C1234567", "Y02345")
    next(b for b in app.button if b.label == "Record the decision").click().run()
    app.switch_page("end_of_consultation.py").run()
    next(b for b in app.button if b.label == "Start a new consultation").click().run()
    assert not app.exception
    assert app.title[0].value == "Consultation"  # back to choosing the situation
    assert app.selectbox(key="aid").value is None
    assert dict(app.query_params) == {}
    _open(app, "af-anticoagulation")
    assert app.number_input(key="age").value is None
    assert app.radio(key="af-anticoagulation.decision").value is None
    assert (app.text_input(key="clinician").value, app.text_input(key="site").value) == (
        "C1234567",
        "Y02345",
    )
    record = next(b for b in app.button if b.label == "Record the decision")
    assert not record.disabled  # the next person's decision can be recorded
    record.click().run()
    assert len(_stored("feedback_decisions")) == 2


def test_not_decided_yet_is_recorded_as_no_option(app: AppTest) -> None:
    _open(app, "knee-osteoarthritis")
    app.radio(key="knee-osteoarthritis.decision").set_value("").run()
    _codes(app, "C1234567", "Y02345")
    next(b for b in app.button if b.label == "Record the decision").click().run()
    assert "Recorded: not decided yet" in " ".join(_alerts(app, "success"))
    assert _stored("feedback_decisions")[0]["option"] is None


def test_an_identifier_for_a_code_is_refused_and_nothing_is_stored(app: AppTest) -> None:
    _decide(app)
    _codes(app, "943 476 5919", "Y02345")  # an NHS number's shape
    next(b for b in app.button if b.label == "Record the decision").click().run()
    assert not app.exception
    (error,) = _alerts(app, "error")
    assert "Not recorded" in error
    assert "looks like an NHS number" in error
    assert _stored("feedback_decisions") == []


def test_a_database_that_cannot_be_used_is_a_message(
    app: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DATABASE_URL_ENV, "mysql://nowhere/db")
    _decide(app)
    _codes(app, "C1234567", "Y02345")
    next(b for b in app.button if b.label == "Record the decision").click().run()
    assert not app.exception
    assert "supports SQLite and PostgreSQL" in _alerts(app, "error")[0]


def test_a_survey_link_is_made_for_the_consultation(app: AppTest) -> None:
    _decide(app)
    _codes(app, "C1234567", "Y02345")
    app.switch_page("end_of_consultation.py").run()
    next(b for b in app.button if b.label == "Make a feedback survey link").click().run()
    assert not app.exception
    (link,) = [m.value for m in app.markdown if "/feedback/" in m.value]
    assert re.search(r"\(http://localhost:8501/feedback/[A-Za-z0-9_-]{43}\)$", link)
    assert [i.proto.imgs[0].alt for i in _images(app)] == [
        "QR code: Their aid, with their own numbers",
        "QR code: Tell us how the conversation went (collaboRATE, 3 questions)",
    ]
    (stored,) = _stored("feedback_links")
    assert (stored["aid"], stored["clinician"], stored["site"]) == (
        "af-anticoagulation",
        "C1234567",
        "Y02345",
    )


# --------------------------------------------------------------------------------------------
# The author preview
# --------------------------------------------------------------------------------------------


def test_author_preview_shows_the_findings_of_a_pasted_broken_file(app: AppTest) -> None:
    app.switch_page("author_preview.py").run()
    broken = (REPO / "tests/content/broken/probability-above-one.md").read_text(encoding="utf-8")
    app.text_area(key="preview.text").input(broken).run()
    assert not app.exception
    (error,) = _alerts(app, "error")
    assert error.startswith("line 65, outcomes.1.options.treatment.probability:")
    assert "'4 in 100' is 0.04" in error
    assert "The aid will show here once its errors are fixed." in _alerts(app, "info")


def test_author_preview_shows_warnings_beside_the_rendered_aid(app: AppTest) -> None:
    app.switch_page("author_preview.py").run()
    template = (REPO / "tests/content/valid/template-aid.md").read_text(encoding="utf-8")
    app.text_area(key="preview.text").input(template).run()
    assert not app.exception
    warnings = _alerts(app, "warning")
    assert any("[template-text]" in w for w in warnings)
    assert "The pasted text: 0 errors" in _words(app)
    assert app.table  # the aid's options side by side
    assert _images(app)  # and its icon arrays


def test_author_preview_starts_from_a_bundled_file(app: AppTest) -> None:
    app.switch_page("author_preview.py").run()
    app.selectbox(key="preview.file").set_value("statins-primary-prevention.md").run()
    assert not app.exception
    assert app.text_area(key="preview.text").value.startswith("---\n")
    assert "No errors and no warnings." in _alerts(app, "success")
    assert "statins-primary-prevention.md: 0 errors, 0 warnings" in _words(app)
    assert AIDS["statins-primary-prevention"].title in _words(app)


# --------------------------------------------------------------------------------------------
# Home and helpers
# --------------------------------------------------------------------------------------------


def test_home_links_every_aid_to_a_consultation(app: AppTest) -> None:
    links = [e.proto for e in app.get("page_link")]
    assert len(links) == len(AIDS)
    assert all(link.page == "consultation" for link in links)


@pytest.fixture
def page_setup() -> Iterator[Any]:
    sys.path.insert(0, str(APPS))
    try:
        import page_setup

        yield page_setup
    finally:
        sys.path.remove(str(APPS))


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (
            "a*b_c [x](y) $5 <b> #1 ~~s~~ `c` |",
            r"a\*b\_c \[x\](y) \$5 \<b\> \#1 \~\~s\~\~ \`c\` \|",
        ),
        ("- not a list", r"\- not a list"),
        ("12. not a list either", r"12\. not a list either"),
        ("Out of 100 - about 3.5 (range 1 to 2).", "Out of 100 - about 3.5 (range 1 to 2)."),
        ("back\\slash", r"back\\slash"),
    ],
)
def test_content_is_shown_as_written_not_as_markdown(
    page_setup: Any, text: str, shown: str
) -> None:
    assert page_setup.plain(text) == shown


def test_a_new_consultation_can_start_from_the_consultation_page(app: AppTest) -> None:
    _open(app, "statins-primary-prevention")
    _fill(app, {"risk_percent": 12.0})
    next(b for b in app.button if b.label == "Start a new consultation").click().run()
    assert not app.exception
    assert app.selectbox(key="aid").value is None
    assert dict(app.query_params) == {}
