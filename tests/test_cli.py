"""The `decision-aids` command line, run in-process through `main(argv)` and once for real."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
import yaml
from support.data import BROKEN_DIR, REPO, VALID_DIR

from decision_aids.cli import main
from decision_aids.draft import DRAFT_WARNING
from tools.background import running_server

SUMMARY = re.compile(r"^(\d+) aids, (\d+) errors, (\d+) warnings$")


def _summary(stdout: str) -> tuple[int, int, int]:
    last = stdout.strip().splitlines()[-1]
    match = SUMMARY.match(last)
    assert match, f"last line is not a summary: {last!r}"
    aids, errors, warnings = map(int, match.groups())
    return aids, errors, warnings


# --------------------------------------------------------------------------------------------
# validate


def test_validate_valid_folder(capsys):
    assert main(["validate", str(VALID_DIR)]) == 0
    out = capsys.readouterr().out
    assert re.match(r"^\d+ aids, 0 errors, \d+ warnings$", out.strip().splitlines()[-1])
    assert _summary(out)[:2] == (2, 0)
    assert " error" not in out.replace("0 errors", "")


def test_validate_broken_folder(capsys):
    assert main(["validate", str(BROKEN_DIR)]) == 1
    out = capsys.readouterr().out
    aids, errors, _ = _summary(out)
    assert aids == 0
    assert errors >= len(list(BROKEN_DIR.glob("*.md")))
    # each broken file is named with its line, e.g. the misspelt field
    assert f"{BROKEN_DIR / 'typo-field-name.md'}:53: error: outcomes.1.lable:" in out


def test_validate_mixed_folders_reports_both(capsys):
    assert main(["validate", str(VALID_DIR), str(BROKEN_DIR / "unknown-source.md")]) == 1
    aids, errors, _ = _summary(capsys.readouterr().out)
    assert (aids, errors) == (2, 1)


def test_validate_refuses_html_and_script_links_naming_the_file_and_field(capsys, tmp_path: Path):
    """Issue 19: the validator took raw HTML in the front matter and javascript: links without
    a word."""
    text = (VALID_DIR / "template-aid.md").read_text(encoding="utf-8")
    text = text.replace(
        "description: You do not start treatment now.",
        "description: <script>alert(1)</script> You do not start treatment now.",
    ).replace("## About the condition\n", "## About the condition\n\n[More](javascript:alert(1))\n")
    hostile = tmp_path / "template-aid.md"
    hostile.write_text(text, encoding="utf-8")
    assert main(["validate", str(hostile)]) == 1
    out = capsys.readouterr().out
    assert _summary(out)[1] == 2  # one error for the tag and its closing tag, one for the link
    assert re.search(
        rf"{re.escape(str(hostile))}:20: error \[raw-html\]: options\.0\.description: "
        r"'<script>' is HTML; content files hold plain text",
        out,
    ), out
    assert re.search(
        rf"{re.escape(str(hostile))}:\d+: error \[unsafe-link\]: ## About the condition: the link "
        r"'javascript:alert\(1\)' is not a web or email address",
        out,
    ), out


def test_validate_brief_prints_errors_and_one_line_for_the_warnings(capsys):
    paths = [str(VALID_DIR), str(BROKEN_DIR / "unknown-source.md")]
    assert main(["validate", *paths]) == 1
    full = capsys.readouterr().out
    warnings = [line for line in full.splitlines() if ": warning [" in line]
    assert warnings
    assert main(["validate", "--brief", *paths]) == 1
    brief = capsys.readouterr().out.splitlines()
    assert brief == [
        next(line for line in full.splitlines() if ": error:" in line),
        f"2 aids, 1 errors, {len(warnings)} warnings "
        f"(to see the warnings: decision-aids validate {' '.join(paths)})",
    ]


def test_validate_missing_path_is_an_error(capsys, tmp_path: Path):
    missing = tmp_path / "nowhere"
    assert main(["validate", str(missing)]) == 1
    captured = capsys.readouterr()
    assert f"{missing}: error: no such file or folder" in captured.err
    assert _summary(captured.out) == (0, 1, 0)


def test_validate_default_is_the_content_override(capsys, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("DECISION_AIDS_CONTENT", str(VALID_DIR))
    assert main(["validate"]) == 0
    assert _summary(capsys.readouterr().out)[:2] == (2, 0)


# --------------------------------------------------------------------------------------------
# new


def test_new_writes_an_aid_that_validates(capsys, tmp_path: Path):
    assert main(["new", "my-test-aid", "--dir", str(tmp_path)]) == 0
    target = tmp_path / "my-test-aid.md"
    assert target.is_file()
    assert f"wrote {target}" in capsys.readouterr().out
    text = target.read_text(encoding="utf-8")
    assert "slug: my-test-aid\n" in text
    assert "title: My test aid\n" in text
    assert "{" + "today}" not in text

    assert main(["validate", str(target)]) == 0
    assert _summary(capsys.readouterr().out)[:2] == (1, 0)


def test_new_with_a_title(tmp_path: Path):
    assert main(["new", "knee-pain", "--title", "Knee pain", "--dir", str(tmp_path)]) == 0
    assert "title: Knee pain\n" in (tmp_path / "knee-pain.md").read_text(encoding="utf-8")


def test_new_refuses_to_overwrite(capsys, tmp_path: Path):
    target = tmp_path / "my-test-aid.md"
    target.write_text("mine", encoding="utf-8")
    assert main(["new", "my-test-aid", "--dir", str(tmp_path)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize("slug", ["My Aid", "my_aid", "aid!", "aid-", "x", "knee--pain", "Knee"])
def test_new_refuses_a_bad_slug(capsys, tmp_path: Path, slug: str):
    assert main(["new", slug, "--dir", str(tmp_path)]) == 2
    assert f"'{slug}' is not a slug" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_new_default_folder_is_the_content_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv("DECISION_AIDS_CONTENT", str(tmp_path))
    assert main(["new", "from-env"]) == 0
    assert (tmp_path / "from-env.md").is_file()


# --------------------------------------------------------------------------------------------
# schema


def _schema(capsys) -> dict:
    assert main(["schema"]) == 0
    return json.loads(capsys.readouterr().out)


def test_schema_is_json_schema_of_the_front_matter(capsys):
    schema = _schema(capsys)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == "Decision aid front matter"
    assert {"options", "outcomes", "sources", "review"} <= set(schema["properties"])
    assert "body" not in schema["properties"]
    assert schema["additionalProperties"] is False


def _front_matter_as_json(slug: str) -> dict:
    text = (VALID_DIR / f"{slug}.md").read_text(encoding="utf-8")
    return json.loads(json.dumps(yaml.safe_load(text.split("---\n")[1]), default=str))


@pytest.mark.parametrize("slug", ["template-aid", "personalised-aid"])
def test_valid_front_matter_validates_against_the_schema(capsys, slug: str):
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.validate(_front_matter_as_json(slug), _schema(capsys))


def test_schema_refuses_a_misspelt_field(capsys):
    jsonschema = pytest.importorskip("jsonschema")
    data = _front_matter_as_json("template-aid")
    data["outcomes"][0]["lable"] = "typo"
    errors = list(jsonschema.Draft202012Validator(_schema(capsys)).iter_errors(data))
    assert any("'lable' was unexpected" in e.message for e in errors)


# --------------------------------------------------------------------------------------------
# list


def test_list_json(capsys):
    assert main(["list", str(VALID_DIR), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [row["slug"] for row in rows] == ["personalised-aid", "template-aid"]
    template = rows[1]
    assert template == {
        "slug": "template-aid",
        "title": "Template aid",
        "question": "Should I have this treatment?",
        "status": "draft",
        "options": ["No treatment for now", "The treatment"],
    }


def test_list_text_reports_broken_files_on_stderr(capsys):
    assert main(["list", str(VALID_DIR), str(BROKEN_DIR / "missing-title.md")]) == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert [line.split()[0] for line in lines] == ["personalised-aid", "template-aid"]
    assert "Should I have this treatment?" in lines[1]
    assert "2 aids" in captured.err
    assert "missing-title.md:5: error: title: this field is missing" in captured.err


# --------------------------------------------------------------------------------------------
# show

FIGURE_LINE = re.compile(
    r"^  (.+): (\d+) in 100 over the next (year|\d+ \w+)( \(range (\d+) to (\d+)\))?$"
)


def _figure_lines(out: str) -> list[tuple[str, ...]]:
    return [m.groups() for m in map(FIGURE_LINE.match, out.splitlines()) if m]


def test_show_prints_natural_frequencies(capsys):
    assert main(["show", "template-aid", "--content", str(VALID_DIR)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Template aid: Should I have this treatment?\n")
    assert DRAFT_WARNING in out
    # baseline 0.10 and relative risk 0.70 (0.60 to 0.80); side effect 0.01 and 0.05
    assert _figure_lines(out) == [
        ("No treatment for now", "10", "year", None, None, None),
        ("The treatment", "7", "year", " (range 6 to 8)", "6", "8"),
        ("No treatment for now", "1", "year", None, None, None),
        ("The treatment", "5", "year", None, None, None),
    ]


def test_show_personalised_needs_inputs_then_uses_them(capsys):
    assert main(["show", "personalised-aid", "--content", str(VALID_DIR)]) == 0
    out = capsys.readouterr().out
    assert "Some figures need your details: --input risk_percent=…" in out
    assert "  No tablet: needs your details" in out

    args = ["show", "personalised-aid", "--content", str(VALID_DIR), "--input", "risk_percent=12"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "Your details: 10-year risk 12%" in out
    # 12 in 100 over 10 years; relative risk 0.75 (0.70 to 0.80) gives 9 (8 to 10)
    assert _figure_lines(out)[:2] == [
        ("No tablet", "12", "10 years", None, None, None),
        ("A daily tablet", "9", "10 years", " (range 8 to 10)", "8", "10"),
    ]


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("200", "200 is outside 0.1 to 99%"),
        ("lots", "must be a number, not 'lots'"),
    ],
)
def test_show_bad_input_names_the_field(capsys, value: str, words: str):
    args = [
        "show",
        "personalised-aid",
        "--content",
        str(VALID_DIR),
        "--input",
        f"risk_percent={value}",
    ]
    assert main(args) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith("error: risk_percent: ")
    assert words in captured.err
    assert "Traceback" not in captured.err
    assert captured.out == ""


def test_show_unknown_input_names_it(capsys):
    args = ["show", "template-aid", "--content", str(VALID_DIR), "--input", "age=70"]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "error: age: 'age' is not an input of this aid" in err
    assert "Traceback" not in err


def test_show_input_without_equals_is_refused(capsys):
    args = ["show", "personalised-aid", "--content", str(VALID_DIR), "--input", "12"]
    assert main(args) == 2
    assert "write inputs as name=value, not '12'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("inputs", "words"),
    [
        (["age=70", "age=80"], "--input age is given more than once (age=70, age=80)"),
        (["age=70", " age = 70 "], "--input age is given more than once (age=70, age=70)"),
        (
            ["risk_percent=12", "age=70", "risk_percent=15"],
            "--input risk_percent is given more than once (risk_percent=12, risk_percent=15)",
        ),
    ],
)
def test_show_repeated_input_is_refused(capsys, inputs: list[str], words: str):
    # Which of two values to use is the person's choice, never the program's.
    args = ["show", "personalised-aid", "--content", str(VALID_DIR)]
    for pair in inputs:
        args += ["--input", pair]
    assert main(args) == 2
    captured = capsys.readouterr()
    assert captured.err == f"error: {words}; give each input once\n"
    assert captured.out == ""


def test_show_unknown_slug_lists_the_slugs(capsys):
    assert main(["show", "no-such-aid", "--content", str(VALID_DIR)]) == 2
    err = capsys.readouterr().err
    assert "no aid 'no-such-aid'" in err
    assert "the aids are: personalised-aid, template-aid" in err


def test_show_json(capsys):
    args = ["show", "personalised-aid", "--content", str(VALID_DIR), "--input", "risk_percent=12"]
    assert main([*args, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["slug"] == "personalised-aid"
    assert data["inputs"] == {"ten_year_cvd_risk": {"risk_percent": 12.0}}
    assert data["assessments"]["ten_year_cvd_risk"]["probabilities"] == {"cvd_10_years": 0.12}
    first = data["outcomes"][0]
    assert first["id"] == "heart-attack-or-stroke"
    assert first["time_frame"] == "10 years"
    assert first["needs_inputs_for"] is None
    tablet = first["options"][1]
    assert tablet["option"] == "tablet"
    assert tablet["probability"] == pytest.approx(0.09)
    assert tablet["count"] == 9
    assert tablet["count_interval"] == [8, 10]
    assert tablet["sources"] == ["fixture-review"]
    assert tablet["certainty"] == "high"


def test_no_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as info:
        main([])
    assert info.value.code == 2
    assert "usage: decision-aids" in capsys.readouterr().err


# --------------------------------------------------------------------------------------------
# serve


def test_serve_logs_each_request_once_without_its_answers(tmp_path: Path):
    log = tmp_path / "server.log"
    with running_server(log_path=log) as url, urllib.request.urlopen(f"{url}/aids?q=k") as page:
        assert page.status == 200
    # the access line is written before the answer is sent; the server has stopped since
    lines = [line for line in log.read_text().splitlines() if "GET /aids" in line]
    assert len(lines) == 1, lines
    assert lines[0].endswith('"GET /aids HTTP/1.1" 200')


# --------------------------------------------------------------------------------------------
# the installed console script


def test_console_script_runs():
    script = Path(sys.executable).parent / "decision-aids"
    if not script.exists():
        pytest.skip(f"no console script at {script}: install the package (pip install -e .)")
    result = subprocess.run(
        [str(script), "validate", "tests/content/valid"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert re.match(r"^\d+ aids, 0 errors, \d+ warnings$", result.stdout.strip().splitlines()[-1])
