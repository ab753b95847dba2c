"""``decision-aids feedback …`` through a small parser that calls ``register`` as the main
command line does."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import pytest
from feedback_helpers import add_responses

from collaborate.accounts import verify_password
from collaborate.cli import BASE_URL_ENV, register
from collaborate.database import connect
from collaborate.links import open_link

pytest_plugins = ["feedback_fixtures"]  # the database fixtures


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="decision-aids")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


@pytest.fixture
def db(sqlite_url: str) -> str:
    return sqlite_url


def test_link_prints_a_url_that_opens_the_survey(db: str, capsys: pytest.CaptureFixture[str]):
    code = run("feedback", "--database", db, "link", "--clinician", "C1234567", "--site",
               "Y02345", "--aid", "af-anticoagulation", "--days", "3",
               "--base-url", "https://decide.example.nhs.uk")  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 0
    url = out.strip()
    assert url.startswith("https://decide.example.nhs.uk/feedback/")
    consultation = open_link(connect(db), url.rsplit("/", 1)[1])
    assert (consultation.clinician, consultation.aid) == ("C1234567", "af-anticoagulation")
    assert "can be answered once" in err


def test_link_base_url_from_the_environment(
    db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
):

    monkeypatch.setenv(BASE_URL_ENV, "https://from-env.example")
    assert run("feedback", "--database", db, "link", "--clinician", "C1", "--site", "S1",
               "--aid", "statins-primary-prevention", "--respondent", "parent", "--scale", "4") == 0  # fmt: skip
    assert capsys.readouterr().out.startswith("https://from-env.example/feedback/")


def test_link_refuses_an_aid_that_does_not_exist(db: str, capsys: pytest.CaptureFixture[str]):
    assert run("feedback", "--database", db, "link", "--clinician", "C1", "--site", "S1",
               "--aid", "no-such-aid") == 2  # fmt: skip
    err = capsys.readouterr().err
    assert "no aid 'no-such-aid'" in err
    assert "af-anticoagulation" in err


def test_link_refuses_a_patient_identifier(db: str, capsys: pytest.CaptureFixture[str]):
    assert run("feedback", "--database", db, "link", "--clinician", "9434765919", "--site",
               "S1", "--aid", "af-anticoagulation") == 2  # fmt: skip
    assert "looks like an NHS number" in capsys.readouterr().err


def test_report_as_text_and_json(db: str, capsys: pytest.CaptureFixture[str]):
    engine = connect(db)
    add_responses(engine, 26, (9, 9, 9), site="A", clinician="C1")
    add_responses(engine, 12, (9, 9, 9), site="B", clinician="C2")
    add_responses(engine, 3, (9, 9, 9), site="B", clinician="C3")
    assert run("feedback", "--database", db, "report", "--by", "clinician") == 0
    text = capsys.readouterr().out
    assert "collaboRATE, 10-point (0 to 9) format, by clinician" in text
    assert "C2" in text
    assert "C3" not in text  # 3 responses count nowhere
    assert "[u]" in text  # C2's 12: too few for a score
    assert "Creative Commons Attribution-NonCommercial-NoDerivs" in text
    assert run("feedback", "--database", db, "report", "--json", "--min-group", "30") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["scores"][0]["rules"] == {"min_group": 30, "min_count": 10}
    assert all(g["top_score_percent"] is None for g in data["scores"][0]["groups"])


def test_report_on_an_empty_database(db: str, capsys: pytest.CaptureFixture[str]):
    assert run("feedback", "--database", db, "report") == 0
    out = capsys.readouterr().out
    assert "No responses recorded yet." in out
    assert "No decisions recorded." in out


def test_export_csv_and_fhir(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    add_responses(connect(db), 12, (9, 9, 9), site="A")
    assert run("feedback", "--database", db, "export", "--format", "csv", "--by", "month") == 0
    assert capsys.readouterr().out.splitlines()[0].startswith("response_format_max,group,")
    target = tmp_path / "bundle.json"
    assert (
        run("feedback", "--database", db, "export", "--format", "fhir", "--output", str(target))
        == 0
    )
    bundle = json.loads(target.read_text(encoding="utf-8"))
    assert bundle["resourceType"] == "Bundle"
    assert len(bundle["entry"]) == 4 + 12
    assert (
        run("feedback", "--database", db, "export", "--format", "csv", "--table", "decisions") == 0
    )


def test_set_password_reads_stdin_never_argv(
    db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough passphrase\n"))
    assert run("feedback", "--database", db, "set-password", "evaluator") == 0
    assert verify_password(connect(db), "evaluator", "a long enough passphrase")
    with pytest.raises(SystemExit):  # there is nowhere to put a password on the command line
        run("feedback", "--database", db, "set-password", "evaluator", "a long enough passphrase")
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert run("feedback", "--database", db, "set-password", "evaluator") == 2
    assert "at least 12 characters" in capsys.readouterr().err


def test_a_database_that_cannot_be_reached_is_reported(capsys: pytest.CaptureFixture[str]):
    url = "postgresql://nobody@127.0.0.1:9/feedback?connect_timeout=2"
    assert run("feedback", "--database", url, "report") == 1
    err = capsys.readouterr().err
    assert err.startswith("error: the feedback database at postgresql+psycopg://nobody@127.0.0.1:9")
    assert "check that the database is running" in err
