"""Exports: CSV that a spreadsheet cannot run, and FHIR R4 resources that validate."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from feedback_helpers import add_responses
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from sqlalchemy import Engine

from collaborate.csv_export import decisions_csv, safe_cell, scores_csv
from collaborate.decisions import record_decision
from collaborate.fhir import (
    FHIR_BASE_ENV,
    export_bundle,
    questionnaire,
    questionnaire_response,
    release_context,
)
from collaborate.instrument import load_instrument
from collaborate.report import decision_rows, score_tables
from collaborate.responses import Answers, StoredResponse

pytest_plugins = ["feedback_fixtures"]  # the database fixtures


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\r=1", "'\r=1"),
        ("Y02345", "Y02345"),
        (72.5, "72.5"),
        (None, ""),
    ],
)
def test_cells_a_spreadsheet_would_run_are_defused(value: object, cell: str):
    assert safe_cell(value) == cell


def _read(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_the_scores_csv_follows_the_disclosure_rules(engine: Engine):
    add_responses(engine, 30, (9, 9, 9), site="A")
    add_responses(engine, 12, (9, 8, 7), site="C")
    add_responses(engine, 4, (9, 9, 9), site="B")
    rows = _read(scores_csv(score_tables(engine, ["site"])))
    assert [r["group"] for r in rows] == ["All", "A", "C"]  # B's 4 count nowhere
    by_group = {r["group"]: r for r in rows}
    assert by_group["All"]["responses"] == "42"  # 30 + 12
    assert by_group["A"]["top_score_percent"] == "100.0"
    assert by_group["C"]["top_score_percent"] == "[u]"
    assert set(rows[0]) >= {"rescaled_mean_0_100", "mean_score_low95", "not_shown_because"}


def test_the_decisions_csv_counts_small_counts_nowhere(engine: Engine):
    for option, n in (("doac", 12), ("warfarin", 3)):
        for _ in range(n):
            record_decision(engine, aid="af-anticoagulation", option=option, site="A",
                            clinician="C1", date=dt.date(2026, 1, 2))  # fmt: skip
    rows = _read(decisions_csv(decision_rows(engine)))
    # the 3 warfarin count nowhere: neither in a row of their own nor in the month's total
    assert {r["option"]: r["count"] for r in rows} == {"doac": "12"}
    assert {r["month_total"] for r in rows} == {"12"}


def test_every_questionnaire_is_valid_fhir_r4_and_carries_the_instrument_verbatim(
    monkeypatch: pytest.MonkeyPatch,
):
    monkeypatch.setenv(FHIR_BASE_ENV, "https://fhir.example.nhs.uk/R4/")
    instrument = load_instrument()
    for respondent, version in instrument.respondents.items():
        for scale in instrument.scales:
            resource = questionnaire(respondent, scale.max)
            Questionnaire.model_validate(resource)
            assert resource["url"].startswith("https://fhir.example.nhs.uk/R4/Questionnaire/")
            assert [i["text"] for i in resource["item"]] == [i.text for i in version.items]
            options = resource["item"][0]["answerOption"]
            assert [o["valueCoding"]["code"] for o in options] == [str(p) for p in scale.points]
            assert {o["valueCoding"].get("display") for o in options} - {None} == set(
                scale.labels.values()
            )
            assert instrument.licence.url in resource["copyright"]
            assert resource["status"] == ("draft" if version.provisional else "active")


def _response(**changes: object) -> StoredResponse:
    fields: dict[str, object] = {
        "clinician": "C1", "site": "A", "aid": "af-anticoagulation", "month": "2026-01",
        "respondent": "patient", "scale_max": 9, "mode": "online",
        "answers": Answers.of(9, None, 3),
    }  # fmt: skip
    fields.update(changes)
    return StoredResponse(**fields)  # type: ignore[arg-type]


def test_a_questionnaire_response_is_valid_and_leaves_unanswered_items_out():
    resource = questionnaire_response(_response())
    QuestionnaireResponse.model_validate(resource)
    assert [i["linkId"] for i in resource["item"]] == ["item_1", "item_3"]
    assert resource["item"][0]["answer"][0]["valueCoding"]["display"] == "Every effort was made"
    assert "display" not in resource["item"][1]["answer"][0]["valueCoding"]  # 3 has no label
    assert resource["authored"] == "2026-01"
    assert resource["questionnaire"].endswith("/Questionnaire/collaborate-patient-0-9|1")
    values = {e["url"].rsplit("-", 1)[-1]: e["valueString"] for e in resource["extension"]}
    assert values == {"mode": "online", "aid": "af-anticoagulation", "site": "A", "clinician": "C1"}


def test_responses_are_released_ten_anonymously():
    rows = ([_response(clinician="C1")] * 10 + [_response(clinician="C2")] * 4
            + [_response(clinician="C3", site="B")] * 6 + [_response(month="2026-02")] * 3)  # fmt: skip
    released = release_context(rows, 10)
    carried = [fields for _, fields in released]
    assert carried.count(("month", "aid", "site", "clinician")) == 10  # C1's ten, in full
    # C2's four and C3's six share month and aid but not site: they are released with month
    # and aid only, as one group of ten
    assert carried.count(("month", "aid")) == 10
    assert len(released) == 20  # February's three stay out: no group of ten at any level


def test_the_export_bundle_is_valid_and_holds_no_small_group(engine: Engine):
    add_responses(engine, 11, (9, 9, 9), site="A")
    add_responses(engine, 2, (9, 9, 9), site="B")
    bundle = export_bundle(engine)
    Bundle.model_validate(bundle)
    resources = [e["resource"] for e in bundle["entry"]]
    assert sum(r["resourceType"] == "Questionnaire" for r in resources) == 4
    answers = [r for r in resources if r["resourceType"] == "QuestionnaireResponse"]
    # A's eleven go out with their site; B's two would form a group of two at any level (A's
    # are already out), so they are left out
    sites = [
        e["valueString"] for r in answers for e in r["extension"] if e["url"].endswith("-site")
    ]
    assert sites == ["A"] * 11
    assert len(answers) == 11
    json.dumps(bundle)  # plain JSON
