"""Links that take a consultation home, and their QR codes (read back with zxing-cpp)."""

from __future__ import annotations

import io
from urllib.parse import parse_qsl, urlsplit

import pytest
import vl_convert as vlc
from PIL import Image
from support.data import AF_PERSON

from decision_aids.address import PARAM, unpack
from decision_aids.answers import Answers, query_value
from decision_aids.content import load_library
from decision_aids.qr import qr_png, qr_svg
from decision_aids.sharing import DEFAULT_BASE_URL, base_url, patient_page_url
from decision_aids.summary import build_summary
from decision_aids.web.views import aid_view

zxingcpp = pytest.importorskip("zxingcpp", reason="zxing-cpp reads the QR codes back")

AIDS = load_library().aids
AF = AIDS["af-anticoagulation"]


@pytest.mark.parametrize(
    ("configured", "page", "expected"),
    [
        (
            "https://sdm.example.nhs.uk/",
            "http://10.0.0.5:8501/consultation",
            "https://sdm.example.nhs.uk",
        ),
        (None, "http://10.0.0.5:8501/consultation", "http://10.0.0.5:8501"),
        ("", "https://sdm.example.nhs.uk/summary", "https://sdm.example.nhs.uk"),
        (None, None, DEFAULT_BASE_URL),
        (None, "about:blank", DEFAULT_BASE_URL),
    ],
)
def test_base_url(configured: str | None, page: str | None, expected: str) -> None:
    assert base_url(configured, page) == expected


def test_the_patient_page_opens_with_the_same_answers() -> None:
    summary = build_summary(
        AF,
        {**AF_PERSON, "age": "76.0", "haemoglobin": " "},
        importance={"lower-stroke-chance": "4", "avoid-bleeding": ""},
        decision="warfarin",
    )
    url = patient_page_url("https://sdm.example.nhs.uk/", summary)
    parts = urlsplit(url)
    assert (parts.netloc, parts.path) == ("sdm.example.nhs.uk", "/aids/af-anticoagulation")
    ((name, code),) = parse_qsl(parts.query)
    assert name == PARAM
    # The form's order, plain numbers: "76" then "-", female is the 1st choice of sex.
    assert code.startswith("176-1")
    params = unpack(AF, code)
    assert params[:2] == [("age", "76"), ("sex", "female")]
    assert ("matters.lower-stroke-chance", "4") in params
    assert ("leaning", "warfarin") in params
    assert not any(name in {"haemoglobin", "matters.avoid-bleeding"} for name, _ in params)
    # The patient page reads every answer back, and finds nothing wrong with them.
    view = aid_view(AF, params)
    assert view.errors == {}
    assert view.summary.personalised.assessments.keys() == summary.personalised.assessments.keys()
    assert view.summary.decision == AF.option("warfarin")
    assert Answers.from_params(params, AF_PERSON).inputs == dict(AF_PERSON)


def test_answers_not_known_go_home_as_unknown_and_come_back_the_same() -> None:
    summary = build_summary(
        AF,
        {
            "age": "76",
            "sex": "female",
            "diabetes": "unknown",
            "egfr": "",
            "anaemia_history": "Unknown",
        },
    )
    url = patient_page_url("https://sdm.example.nhs.uk", summary)
    params = parse_qsl(urlsplit(url).query)
    assert [name for name, _ in params] == [PARAM]  # packed into one short code
    view = aid_view(AF, params)
    assert view.errors == {}
    assert view.answers.inputs == {
        "age": "76",
        "sex": "female",
        "diabetes": "unknown",
        "anaemia_history": "unknown",
    }
    back = view.summary.personalised
    assert back.not_known == summary.personalised.not_known == ("diabetes", "anaemia_history")
    assert back.details == summary.personalised.details
    assert [o.depends_on for o in back.outcomes] == [
        o.depends_on for o in summary.personalised.outcomes
    ]


def test_a_summary_without_answers_links_the_plain_page() -> None:
    summary = build_summary(AIDS["knee-osteoarthritis"])
    assert patient_page_url("http://x", summary) == "http://x/aids/knee-osteoarthritis"
    assert (
        patient_page_url("http://x", summary, "summary")
        == "http://x/aids/knee-osteoarthritis/summary"
    )


@pytest.mark.parametrize(
    ("value", "text"),
    [(True, "yes"), (False, "no"), (76, "76"), (7.5, "7.5"), (10.0, "10"), ("male", "male")],
)
def test_values_are_written_as_the_patient_pages_write_them(value: object, text: str) -> None:
    assert query_value(value) == text


def _read(png: bytes) -> list[str]:
    return [found.text for found in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


def test_qr_codes_hold_the_link_exactly() -> None:
    summary = build_summary(AF, AF_PERSON, importance={"lower-stroke-chance": "4"}, decision="doac")
    url = patient_page_url("https://sdm.example.nhs.uk", summary)
    assert _read(qr_png(url)) == [url]
    svg = qr_svg(url, title="Their aid <with> their numbers")
    assert "<title>Their aid &lt;with&gt; their numbers</title>" in svg
    assert _read(vlc.svg_to_png(svg, scale=2)) == [url]


def test_a_qr_code_needs_a_link() -> None:
    with pytest.raises(ValueError, match="needs a link"):
        qr_png("")
