"""The patient pages (decision_aids.web) and the one server (decision_aids.server), without a browser.

Starlette's TestClient drives the routes in-process: status codes, headers, escaping, forms and
every aid in content/. tests/browser/ checks the same pages in a real Chromium.
"""

from __future__ import annotations

import base64
import hashlib
import html
import logging
import re
from collections.abc import Iterator
from importlib.metadata import metadata, version
from pathlib import Path
from typing import Literal

import pytest
from pydantic import BaseModel, Field
from sqlalchemy import Engine
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse
from starlette.routing import Mount, Route
from starlette.testclient import TestClient
from summary_fields import QUESTIONS, RATED, SURE_ANSWERS, missing
from support.data import AF_PERSON

from decision_aids import answers, cli, forms, search, server, streamlit_page, web
from decision_aids.answers import Answers
from decision_aids.content import Library, bundled_library, load_library
from decision_aids.draft import DRAFT_WARNING
from decision_aids.model import DecisionAid
from decision_aids.outcomes import input_fields
from decision_aids.sharing import packed_url
from decision_aids.site import assets, errors, limits, logs, security
from decision_aids.site.pinned import is_fetched
from decision_aids.texts import ASK_3_QUESTIONS
from decision_aids.values import SURE_ITEMS
from decision_aids.web import markdown
from decision_aids.web.views import aid_view, questions, summary_record
from tools.survey_server import raw_get, survey_server

AIDS = load_library().aids


def _client(source: web.LibrarySource = bundled_library) -> TestClient:
    app = Starlette(
        routes=[*web.routes(source), *assets.routes()],
        exception_handlers={Exception: errors.server_error},
    )
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture(scope="module")
def client() -> TestClient:
    return _client()


def _text(page: str) -> str:
    """The page's words, roughly: tags dropped, entities read, white space squeezed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


# --------------------------------------------------------------------------------------------
# Every aid, through the same templates
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", sorted(AIDS))
def test_every_aid_renders_whole(client: TestClient, slug: str) -> None:
    aid = AIDS[slug]
    response = client.get(f"/aids/{slug}")
    assert response.status_code == 200
    html = response.text
    words = _text(html)
    for text in (aid.title, aid.question, *(option.name for option in aid.options)):
        assert " ".join(text.split()) in words
    for outcome in aid.outcomes:
        assert f'id="outcome-{outcome.id}"' in html
        start = html.index(f'id="outcome-{outcome.id}"')
        assert '<div class="da-chart"><svg' in html[start : html.index("</section>", start)]
    # Each drawing is hidden from screen readers: its words are written beside it, read once.
    assert html.count('<svg') == html.count('aria-hidden="true" focusable="false"')
    assert html.count('<svg') >= len(aid.outcomes)
    assert "<desc" not in html
    assert html.count('class="nhsuk-table__row"') >= len(aid.practicalities) + 2
    for source in aid.sources:
        assert str(source.url) in html
    assert (DRAFT_WARNING in html) == (aid.review.status == "draft")
    for question in ASK_3_QUESTIONS:
        assert question in html
    assert "<script" not in html
    assert " style=" not in html
    assert "<style" not in html


@pytest.mark.parametrize("slug", sorted(AIDS))
def test_every_aid_has_a_summary(client: TestClient, slug: str) -> None:
    response = client.get(f"/aids/{slug}/summary?ask=0&leaning=unsure")
    assert response.status_code == 200
    assert "My summary" in response.text
    assert ASK_3_QUESTIONS[0] in response.text
    assert "I am not sure yet which option I prefer" in response.text


RANGE_NOTICE = "Some of these figures are a range"


def test_personal_numbers_come_from_the_form(client: TestClient) -> None:
    general = client.get("/aids/af-anticoagulation").text
    assert RANGE_NOTICE in general
    personal = client.get("/aids/af-anticoagulation", params=AF_PERSON)
    assert personal.status_code == 200
    html = personal.text
    assert RANGE_NOTICE not in html
    assert "CHA2DS2-VASc score 4" in html
    # The words under each chart are the library's, for this person.
    words = _text(html)
    for outcome in aid_view(AIDS["af-anticoagulation"], AF_PERSON.items()).outcomes:
        for line in outcome.text:
            assert line in words
    assert 'value="76"' in html  # the form keeps what was typed


@pytest.mark.parametrize(("show", "drawings"), [("icons", 3), ("bars", 3), ("words", 0)])
def test_the_numbers_are_shown_as_the_person_chooses(
    client: TestClient, show: str, drawings: int
) -> None:
    """AF has three outcomes: pictures of people, bars, or the words alone; the words always."""
    params = [*AF_PERSON.items(), ("show", show)]
    page = client.get("/aids/af-anticoagulation", params=params).text
    section = page[page.index('id="benefits-and-harms"') : page.index('id="what-matters"')]
    assert section.count("<svg") == drawings
    assert ("<pattern" in section) == (show == "icons")
    words = _text(section)
    for outcome in aid_view(AIDS["af-anticoagulation"], AF_PERSON.items()).outcomes:
        for line in outcome.text:
            assert line in words
    # The choice is kept by the form and offered as links that keep the answers.
    kept = f'<input type="hidden" name="show" value="{show}">' in section
    assert kept == (show != "icons")
    links = re.findall(r'<a href="(/aids/af-anticoagulation\?[^"]*)#benefits-and-harms"', section)
    assert len(links) == 2
    for link in links:
        assert "age=76" in html.unescape(link)


def test_no_inputs_at_all_is_not_an_error(client: TestClient) -> None:
    blank = dict.fromkeys(AF_PERSON, "")
    assert client.get("/aids/af-anticoagulation", params=blank).status_code == 200


# --------------------------------------------------------------------------------------------
# Errors: 404, 422, 500
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/aids/no-such-aid", "/aids/knee/extra", "/aids/no-such-aid/summary"]
)
def test_unknown_aid_is_a_helpful_404(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "Page not found" in response.text
    for slug in AIDS:
        assert f'href="/aids/{slug}"' in response.text
    assert response.headers["content-security-policy"] == security.PAGE_CSP


def test_aids_with_a_trailing_slash_redirects(client: TestClient) -> None:
    response = client.get("/aids/", follow_redirects=False)
    assert response.status_code == 308
    assert response.headers["location"] == "/aids"


def test_out_of_range_input_gives_422_with_the_message_beside_the_field(
    client: TestClient,
) -> None:
    response = client.get("/aids/af-anticoagulation", params={**AF_PERSON, "age": "17"})
    assert response.status_code == 422
    page = response.text
    assert "<title>Error: " in page
    assert 'href="#input-age"' in page  # the summary links to the field
    beside = page.split('id="input-age-error">', 1)[1].split("<div", 1)[0]  # the message element
    assert _text(beside).startswith("Error: Age 17 is outside 18 to 120 years")
    assert 'value="17"' in page
    assert 'aria-describedby="input-age-hint input-age-error"' in page


def test_a_missing_input_gives_the_range_it_allows(client: TestClient) -> None:
    # Diabetes not answered: CHA2DS2-VASc 4 (age 2, female 1, blood pressure 1) or 5.
    # Friberg 2012: 4.8 and 7.2 per 100 years: 1 - exp(-0.048) = 4.69% -> 5 in 100 and
    # 1 - exp(-0.072) = 6.95% -> 7 in 100 without a blood thinner.
    partial = {k: v for k, v in AF_PERSON.items() if k != "diabetes"}
    response = client.get("/aids/af-anticoagulation", params=partial)
    assert response.status_code == 200
    words = _text(response.text)
    assert "is needed" not in words
    assert "CHA2DS2-VASc score 4 to 5; not known: Diabetes" in words
    assert "No blood thinner: Between 5 and 7 in 100 will have a stroke" in words
    assert "because these answers are not known: diabetes." in words


def test_parameters_the_page_did_not_ask_for_are_ignored(client: TestClient) -> None:
    response = client.get("/aids/knee-osteoarthritis?fbclid=abc&utm_source=x")
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"matters.avoid-bleeding": "9"}, "9 is outside 0 to 4"),
        ({"matters.avoid-bleeding": "lots"}, "choose how much this matters (0 to 4), not 'lots'"),
        ({"matters.no-such-statement": "2"}, "'no-such-statement' is not a statement of this aid"),
        ({"sure.sure": "maybe"}, "Do you feel SURE about the best choice for you?: answer yes"),
        ({"leaning": "surgery"}, "The option you lean towards: choose one of the options"),
        ({"ask": "99"}, "Questions to ask: choose questions from the list"),
        ({"sex": "other"}, "Sex: 'other' is not one of the answers; choose 'female' or 'male'"),
        ({"diabetes": "perhaps"}, "Diabetes must be yes or no, not 'perhaps'"),
    ],
)
def test_answers_the_form_cannot_send_are_left_out_with_a_notice(
    client: TestClient, params: dict[str, str], message: str
) -> None:
    """A stale bookmark or an edited link: the page opens, says what it left out, and uses the
    rest of the answers."""
    both = {**params, "age": "76", "matters.lower-stroke-chance": "4"}
    for page in ("/aids/af-anticoagulation", "/aids/af-anticoagulation/summary"):
        response = client.get(page, params=both)
        assert response.status_code == 200
        words = _text(response.text)
        assert "Some answers were left out" in words
        assert message in words
        assert "There is a problem" not in words
    aid_page = _text(client.get("/aids/af-anticoagulation", params=both).text)
    assert "What you said leans towards" in aid_page  # the good rating was still used
    assert "CHA2DS2-VASc score" in aid_page  # the age was still used


def test_the_printable_summary_gives_the_ranges_and_a_link_that_keeps_them(
    client: TestClient,
) -> None:
    # 76, female, diabetes "I don't know", the rest of the stroke score not given: CHA2DS2-VASc
    # 3 (2 + 1) plus 0 to 6: scores 3-9, Friberg 3.2 to 12.2 per 100 years: 1 - exp(-0.032)
    # = 3.15% -> 3 and 1 - exp(-0.122) = 11.49% -> 11 in 100 without a blood thinner.
    params = {"age": "76", "sex": "female", "diabetes": "unknown"}
    response = client.get("/aids/af-anticoagulation/summary", params=params)
    assert response.status_code == 200
    words = _text(response.text)
    assert (
        "between 3 and 11 in 100 over the next year, depending on the answers not known" in words
    )
    assert "CHA2DS2-VASc score 3 to 9; not known: Heart failure" in words
    assert "age=76&amp;sex=female&amp;diabetes=unknown" in response.text  # the way back


def test_a_partly_answered_sure_test_says_what_is_answered(client: TestClient) -> None:
    response = client.get(
        "/aids/af-anticoagulation", params={"sure.sure": "yes", "sure.understand": "yes"}
    )
    assert response.status_code == 200
    words = _text(response.text)
    assert "answer yes or no" not in words.lower()
    assert "You answered yes to each so far. Answer the other 2 to see whether" in words


def test_an_unexpected_error_is_a_plain_page_not_a_traceback() -> None:
    def broken() -> Library:
        raise RuntimeError("database on fire")

    response = _client(broken).get("/aids/af-anticoagulation")
    assert response.status_code == 500
    assert "Sorry, there is a problem" in response.text
    assert "database on fire" not in response.text
    assert "Traceback" not in response.text


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/aids/af-anticoagulation", AF_PERSON),
        ("/aids/af-anticoagulation/summary", AF_PERSON),
        ("/aids/af-anticoagulation", {**AF_PERSON, "age": "17"}),  # refused: the answers are there
    ],
)
def test_a_page_with_answers_in_its_address_is_never_stored_nor_referred(
    client: TestClient, path: str, params: dict[str, str]
) -> None:
    """Issue 19: a browser or proxy cache must not keep a person's answers, and no other site
    may see them in a Referer; the page says so itself, whatever serves it."""
    response = client.get(path, params=params)
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["referrer-policy"] == "no-referrer"


def test_a_page_without_answers_may_be_cached(client: TestClient) -> None:
    assert "cache-control" not in client.get("/aids/af-anticoagulation").headers


def test_the_error_page_of_the_served_app_carries_the_security_headers() -> None:
    """Starlette answers an unhandled error outside every middleware, so the error page must
    bring its own headers (issue 19: it lacked nosniff and Referrer-Policy)."""

    def broken_database() -> object:
        raise RuntimeError("database on fire")

    app = server.public_app(broken_database)  # type: ignore[arg-type]
    response = TestClient(app, raise_server_exceptions=False).get(f"/feedback/{'A' * 43}")
    assert response.status_code == 500
    assert "Sorry, there is a problem" in response.text
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["content-security-policy"] == security.PAGE_CSP


# --------------------------------------------------------------------------------------------
# What matters, SURE, questions, the summary
# --------------------------------------------------------------------------------------------


def test_what_matters_shows_which_options_fit(client: TestClient) -> None:
    params = {"matters.no-blood-tests": "4", "matters.avoid-bleeding": "3"}
    html = client.get("/aids/af-anticoagulation", params=params).text
    assert "What you said leans towards: No blood thinner." in html
    assert "matters most of all" in html


def test_sure_test_is_scored_by_the_library(client: TestClient) -> None:
    all_yes = {f"sure.{key}": "yes" for key, _, _ in SURE_ITEMS}
    html = client.get("/aids/statins-primary-prevention", params=all_yes).text
    assert "you may feel ready to decide" in html
    one_no = {**all_yes, "sure.understand": "no"}
    html = client.get("/aids/statins-primary-prevention", params=one_no).text
    assert "You may not feel ready to decide yet" in html
    assert SURE_ITEMS[1][2] in html


def test_summary_holds_leaning_questions_and_numbers(client: TestClient) -> None:
    aid = AIDS["af-anticoagulation"]
    asks = questions(aid)
    params = [
        *AF_PERSON.items(),
        ("leaning", "warfarin"),
        ("ask", "0"),
        ("ask", str(len(asks) - 1)),
        ("matters.lower-stroke-chance", "4"),
    ]
    response = client.get("/aids/af-anticoagulation/summary", params=params)
    assert response.status_code == 200
    words = _text(response.text)
    assert "I am leaning towards: Warfarin" in words
    assert asks[0] in words
    assert asks[-1] in words
    assert asks[1] not in words.split("My questions", 1)[1].split("Other questions")[0]
    assert "Lowering my chance of a stroke: matters most of all" in words
    assert "CHA2DS2-VASc score 4" in words
    assert "about 5 will have a stroke caused by a blood clot" in words
    assert "http://testserver/aids/af-anticoagulation?a=" in response.text  # the way back


def test_the_summary_page_shows_every_field_of_the_summary_view(client: TestClient) -> None:
    """The page lays out the library's one summary view: every field of it is on the page."""
    aid = AIDS["af-anticoagulation"]
    asks = questions(aid)
    params = [
        *AF_PERSON.items(),
        ("leaning", "warfarin"),
        *(("ask", str(asks.index(q))) for q in QUESTIONS),
        *((f"{answers.RATING}{key}", value) for key, value in RATED.items()),
        *((f"{answers.SURE}{key}", value) for key, value in SURE_ANSWERS.items()),
    ]
    response = client.get("/aids/af-anticoagulation/summary", params=params)
    assert response.status_code == 200
    view = aid_view(aid, params)
    # The way back is the short address, the answers packed (decision_aids.address).
    short = packed_url("http://testserver", aid, view.answers.params())
    assert "?a=176-" in short
    record = summary_record(view, short)
    assert missing(record, _text(response.text)) == {}


def test_questions_start_with_ask_3_and_are_not_repeated() -> None:
    for aid in AIDS.values():
        asks = questions(aid)
        assert asks[:3] == ASK_3_QUESTIONS
        assert len(asks) == len(set(asks))


# --------------------------------------------------------------------------------------------
# Escaping and content as data
# --------------------------------------------------------------------------------------------


def _hostile(aid: DecisionAid) -> DecisionAid:
    body = dict(aid.body)
    body["About the condition"] = "<b>raw</b> <script>alert(1)</script> [x](javascript:alert(2))"
    return aid.model_copy(
        update={"title": "<script>alert('t')</script>", "condition": "a < b & c", "body": body}
    )


def test_content_is_escaped_everywhere() -> None:
    aid = _hostile(AIDS["statins-primary-prevention"])
    hostile = Library(aids={aid.slug: aid})
    c = _client(lambda: hostile)
    for path in (f"/aids/{aid.slug}", "/aids", f"/aids/{aid.slug}/summary"):
        html = c.get(path).text
        assert "<script" not in html
        assert "&lt;script&gt;alert(" in html
    page = c.get(f"/aids/{aid.slug}").text
    assert "<b>raw</b>" not in page
    assert "&lt;b&gt;raw&lt;/b&gt;" in page
    assert "javascript:" not in page.replace("[x](javascript:alert(2))", "")
    assert "a &lt; b &amp; c" in page


def test_search_terms_are_escaped(client: TestClient) -> None:
    html = client.get("/aids", params={"q": "<img src=x onerror=alert(1)>"}).text
    assert "<img src=x" not in html
    assert "No aid matches" in html


# --------------------------------------------------------------------------------------------
# Finding an aid
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("knee", "knee-osteoarthritis"),
        ("knees", "knee-osteoarthritis"),
        ("blood thinner", "af-anticoagulation"),
        ("AF", "af-anticoagulation"),
        ("statin", "statins-primary-prevention"),
        ("high blood pressure", "hypertension-treatment"),
    ],
)
def test_search_finds_aids_by_plain_words(query: str, first: str) -> None:
    assert search.search(AIDS.values(), query)[0].slug == first


def test_search_needs_every_word_and_lists_all_for_none() -> None:
    assert search.search(AIDS.values(), "ingrown toenail") == []
    assert len(search.search(AIDS.values(), "   ")) == len(AIDS)
    assert search.search(AIDS.values(), "the of my") == search.search(AIDS.values(), "")


def test_search_page(client: TestClient) -> None:
    html = client.get("/aids", params={"q": "knee"}).text
    assert 'href="/aids/knee-osteoarthritis"' in html
    assert 'href="/aids/af-anticoagulation"' not in html
    none = client.get("/aids", params={"q": "ingrown toenail"}).text
    assert "No aid matches “ingrown toenail”" in none
    everything = client.get("/aids").text
    assert all(f'href="/aids/{slug}"' in everything for slug in AIDS)


# --------------------------------------------------------------------------------------------
# Forms
# --------------------------------------------------------------------------------------------


class _Inputs(BaseModel):
    age: int = Field(ge=18, le=120, title="Age", json_schema_extra={"unit": "years"})
    level: float | None = Field(
        default=None, description="a level", json_schema_extra={"hint": "in g/L"}
    )
    smoker: bool = Field(title="Smoker")
    sex: Literal["female", "male"]
    when: list[int] = []


def test_each_input_type_has_its_form_field() -> None:
    fields = _Inputs.model_fields
    age = forms.input_field("age", fields["age"])
    assert (age.label, age.inputmode, age.unit, age.where) == ("Age", "numeric", "years", "")
    level = forms.input_field("level", fields["level"])
    assert (level.inputmode, level.hint) == ("decimal", "A level in g/L")
    smoker = forms.input_field("smoker", fields["smoker"])
    assert [c.value for c in smoker.choices] == ["yes", "no", "unknown"]
    assert smoker.choices[-1].label == "I don't know"
    sex = forms.input_field("sex", fields["sex"])
    assert [(c.value, c.label) for c in sex.choices] == [
        ("female", "Female"),
        ("male", "Male"),
        ("unknown", "I don't know"),
    ]
    with pytest.raises(TypeError, match="cannot ask for 'when'"):
        forms.input_field("when", fields["when"])


def test_test_results_say_where_to_find_them_and_may_be_left_blank(client: TestClient) -> None:
    fields = {f.name: f for f in forms.calculator_fields(AIDS["af-anticoagulation"])}
    for name in ("haemoglobin_g_per_l", "haematocrit_percent", "egfr"):
        assert fields[name].where.startswith("Your GP surgery can tell you")
    assert fields["age"].where == ""
    assert all(f.choices[-1] == forms.DO_NOT_KNOW for f in fields.values() if f.choices)
    html = client.get("/aids/af-anticoagulation").text
    hint = html.split('id="input-egfr-hint"', 1)[1].split("</div>", 1)[0]
    assert "Leave it blank if you do not know it. Your GP surgery can tell you" in _text(hint)
    assert "Kidney function (eGFR) (if you know it)" in _text(html)
    assert html.count('value="unknown"') == sum(1 for f in fields.values() if f.choices)


def test_an_i_do_not_know_answer_stays_chosen(client: TestClient) -> None:
    html = client.get("/aids/af-anticoagulation", params={"diabetes": "unknown"}).text
    radio = html.split('name="diabetes" type="radio" value="unknown"', 1)[1].split(">", 1)[0]
    assert "checked" in radio


@pytest.mark.parametrize("slug", sorted(AIDS))
def test_every_calculator_input_has_a_form_field(slug: str) -> None:
    assert [f.name for f in forms.calculator_fields(AIDS[slug])] == list(input_fields(AIDS[slug]))


def test_answers_are_sorted_by_where_they_belong() -> None:
    answers = Answers.from_params(
        [
            ("age", "70"),
            ("matters.x", "2"),
            ("sure.sure", "yes"),
            ("ask", "0"),
            ("ask", "2"),
            ("leaning", "doac"),
            ("utm_source", "mail"),
        ],
        ["age"],
    )
    assert answers.inputs == {"age": "70"}
    assert answers.ratings == {"x": "2"}
    assert answers.sure == {"sure": "yes"}
    assert answers.ask == ("0", "2")
    assert answers.leaning == "doac"


# --------------------------------------------------------------------------------------------
# Markdown
# --------------------------------------------------------------------------------------------


def test_markdown_never_passes_html_through() -> None:
    rendered = markdown.to_html("**bold** <i>x</i> [a](javascript:alert(1)) [b](https://nhs.uk)")
    assert "<strong>bold</strong>" in rendered
    assert "<i>" not in rendered
    assert "&lt;i&gt;" in rendered
    assert 'href="javascript' not in rendered
    assert '<a href="https://nhs.uk">b</a>' in rendered


def test_list_items_are_plain_text() -> None:
    text = "Intro\n\n- What **are** my\n  options?\n- Use `code`\n  - nested\n"
    assert markdown.list_items(text) == ["What are my options?", "Use code", "nested"]


# --------------------------------------------------------------------------------------------
# Headers, health, the one server
# --------------------------------------------------------------------------------------------


def test_pages_send_a_csp_with_no_script(client: TestClient) -> None:
    csp = client.get("/aids").headers["content-security-policy"]
    assert csp == security.PAGE_CSP
    assert "script-src" not in csp
    for directive in ("default-src 'none'", "frame-ancestors 'none'", "form-action 'self'"):
        assert directive in csp


def test_security_headers_fill_in_but_never_override() -> None:
    def plain(request: object) -> PlainTextResponse:
        return PlainTextResponse("x")

    def own(request: object) -> PlainTextResponse:
        return PlainTextResponse("x", headers={"Content-Security-Policy": "default-src 'none'"})

    app = Starlette(
        routes=[Route("/plain", plain), Route("/own", own)],
        middleware=[Middleware(security.SecurityHeaders, default_csp="default-src 'self'")],
    )
    c = TestClient(app)
    plain_headers = c.get("/plain").headers
    assert plain_headers["content-security-policy"] == "default-src 'self'"
    assert plain_headers["x-content-type-options"] == "nosniff"
    assert plain_headers["referrer-policy"] == "no-referrer"
    assert c.get("/own").headers["content-security-policy"] == "default-src 'none'"


def test_script_hashes_allow_exactly_the_inline_scripts() -> None:
    # SHA-256 of the empty string, base64: a published test vector.
    empty = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
    html = '<script></script><script src="/app.js"></script><script type="module">x</script>'
    hashes = security.script_hashes(html)
    assert hashes[0] == empty
    expected = base64.b64encode(hashlib.sha256(b"x").digest()).decode()
    assert hashes[1] == f"'sha256-{expected}'"
    assert len(hashes) == 2
    assert all(h in security.app_csp(hashes) for h in hashes)


def test_health(client: TestClient) -> None:
    assert client.get("/healthz").json() == {
        "status": "ok",
        "aids": len(AIDS),
        "content_errors": 0,
    }


def test_access_logs_lose_the_query_string() -> None:
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        "",
        0,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5", "GET", "/aids/af?age=76&sex=female", "1.1", 200),
        None,
    )
    assert logs.WithoutQueryString().filter(record)
    assert record.getMessage() == '127.0.0.1:5 - "GET /aids/af HTTP/1.1" 200'


@pytest.fixture(scope="module")
def one_server() -> Iterator[TestClient]:
    """The one server, built and started once (Streamlit allows one App per process, and its
    runtime starts once)."""
    with TestClient(server.build()) as c:
        yield c


def test_one_server_serves_streamlit_and_the_pages(one_server: TestClient) -> None:
    from streamlit import config

    assert config.get_option("browser.gatherUsageStats") is False  # apps/.streamlit/config.toml
    c = one_server
    page = c.get("/aids/af-anticoagulation", headers={"Accept-Encoding": "gzip"})
    assert page.status_code == 200
    assert page.headers["content-encoding"] == "gzip"
    assert page.headers["content-security-policy"] == security.PAGE_CSP
    assert page.headers["referrer-policy"] == "no-referrer"
    apps_page = c.get("/", headers={"Accept-Encoding": "gzip"})
    assert apps_page.status_code == 200
    csp = apps_page.headers["content-security-policy"]
    assert "'unsafe-inline'" not in csp.split("script-src", 1)[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp
    assert apps_page.headers["x-content-type-options"] == "nosniff"
    assert c.get("/_stcore/health").text == "ok"
    assert c.get("/healthz").json()["aids"] == len(AIDS)


@pytest.mark.parametrize("path", ["/", "/consultation", "/summary?x=1"])
def test_streamlit_pages_say_where_the_server_is(one_server: TestClient, path: str) -> None:
    """A deep link must not make Streamlit ask `/consultation/_stcore/health` (a 404) first."""
    script = f"<script>{streamlit_page.BACKEND_SCRIPT}</script>"
    digest = base64.b64encode(hashlib.sha256(streamlit_page.BACKEND_SCRIPT.encode()).digest())
    c = one_server
    for encoding in ("gzip", "identity"):
        page = c.get(path, headers={"Accept-Encoding": encoding})
        assert page.status_code == 200
        assert page.text.count(script) == 1
        assert page.text.startswith(streamlit_page.original_html().decode().split("<head>")[0])
        assert f"'sha256-{digest.decode()}'" in page.headers["content-security-policy"]
    assert c.head(path).headers["content-length"] == page.headers["content-length"]
    assert c.get("/_stcore/health").text == "ok"  # the other answers are left as they were
    assert script not in c.get("/aids").text


def test_the_entry_page_needs_a_head() -> None:
    with pytest.raises(ValueError, match="no <head>"):
        streamlit_page.entry_html(b"<html><body></body></html>")


def test_serve_explains_a_missing_apps_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(server, "apps_dir", lambda: tmp_path)
    assert cli.main(["serve"]) == 2
    assert f"there is no {tmp_path / 'main.py'}" in capsys.readouterr().err


def test_serve_defaults() -> None:
    args = cli.build_parser().parse_args(["serve"])
    assert (args.host, args.port) == ("127.0.0.1", 8501)


def test_serve_answers_an_unparsable_long_address_with_414(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import uvicorn

    ran: dict[str, object] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: ran.update(options))
    assert cli.main(["serve"]) == 0
    assert ran["http"] == "decision_aids.site.limits:H11Protocol"


# --------------------------------------------------------------------------------------------
# Long addresses: 414, never a dropped connection (issue 19)
# --------------------------------------------------------------------------------------------


def _no_database() -> Engine:
    raise AssertionError("no database needed")


def test_an_address_over_8_kb_gets_a_plain_414_page() -> None:
    app = TestClient(server.public_app(_no_database))
    at_limit = "/aids?q=" + "a" * (limits.MAX_ADDRESS_BYTES - len("/aids?q="))
    assert app.get(at_limit).status_code == 200
    response = app.get(at_limit + "a")
    assert response.status_code == 414
    assert "This web address is too long" in _text(response.text)
    assert response.headers["content-security-policy"] == security.PAGE_CSP
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("size", [20_000, 1_000_000], ids=["20 KB", "1 MB"])
def test_a_huge_query_string_gets_414_from_the_real_server(tmp_path: Path, size: int) -> None:
    with survey_server(f"sqlite:///{tmp_path / 'feedback.sqlite3'}") as base:
        answer = raw_get(base, "/aids?q=" + "a" * size)
    assert answer.split(b" ", 2)[:2] == [b"HTTP/1.1", b"414"]
    assert b"This web address is too long" in answer


# --------------------------------------------------------------------------------------------
# Assets: the fetched NHS.UK stylesheet, or a fallback without it (fetching: test_fetch.py)
# --------------------------------------------------------------------------------------------


def test_pages_fall_back_to_the_plain_stylesheet(tmp_path: Path) -> None:
    assert assets.stylesheets(tmp_path) == ("/assets/fallback.css", "/assets/site.css")


def test_the_fallback_and_site_stylesheets_are_served(client: TestClient) -> None:
    for name in ("fallback.css", "site.css"):
        response = client.get(f"/assets/{name}")
        assert response.status_code == 200
        assert response.headers["cache-control"] == "public, max-age=86400"


def test_the_stylesheets_are_served_where_nothing_was_fetched(tmp_path: Path) -> None:
    app = Starlette(routes=[Mount("/assets", app=assets.static_files(tmp_path / "none"))])
    with TestClient(app) as unfetched:
        for name in ("fallback.css", "site.css"):
            assert unfetched.get(f"/assets/{name}").status_code == 200
        assert unfetched.get("/assets/nhsuk-frontend.min.css").status_code == 404


@pytest.mark.skipif(
    not is_fetched(assets.NHSUK_FRONTEND, assets.VENDOR_DIR),
    reason="nhsuk-frontend not fetched: run `make setup` (python -m tools.fetch)",
)
def test_fetched_nhsuk_frontend_is_linked_and_calls_no_other_host(client: TestClient) -> None:
    first = assets.stylesheets()[0]
    assert first.startswith("/assets/nhsuk-frontend.min.css")
    css = client.get(first).text
    assert "@font-face" not in css
    assert not re.search(r"url\((['\"]?)(https?:)?//", css)
    for image in set(re.findall(r"url\((/assets/images/[^)]+)\)", css)):
        assert client.get(image).status_code == 200


def test_pinned_nhsuk_frontend_is_the_one_the_macros_target() -> None:
    """nhsuk-frontend-jinja's README table pairs each of its versions with an nhsuk-frontend."""
    readme = metadata("nhsuk-frontend-jinja").get_payload()  # type: ignore[attr-defined]
    table = re.findall(r"^\|\s*([\d.]+)\s*\|\s*([\d.]+)\s*\|", readme, re.M)
    pairs = {jinja: frontend for frontend, jinja in table}
    installed = version("nhsuk-frontend-jinja")
    assert pairs.get(installed) == assets.NHSUK_FRONTEND.version, (
        f"nhsuk-frontend-jinja {installed} targets nhsuk-frontend {pairs.get(installed)}: "
        "update NHSUK_FRONTEND in decision_aids/site/assets.py (version and npm integrity)"
    )
