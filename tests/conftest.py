"""Shared paths and fixtures: the test content corpus lives in tests/content/."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import Phase, settings

from decision_aids.content import load_aid
from decision_aids.model import DecisionAid

# Property tests check what holds, not how fast: on a busy 2-core CI machine a per-example deadline
# fails tests that are correct, so there is none. Mutation testing (`make mutation`) runs the tests
# once per mutant and only needs to know whether a property fails, not its smallest example.
settings.register_profile("project", deadline=None)
settings.register_profile(
    "mutation", deadline=None, max_examples=30, phases=[Phase.explicit, Phase.reuse, Phase.generate]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "project"))

REPO = Path(__file__).resolve().parent.parent
TEST_CONTENT = Path(__file__).resolve().parent / "content"
VALID_DIR = TEST_CONTENT / "valid"
BROKEN_DIR = TEST_CONTENT / "broken"
VALID_SLUGS = {"template-aid", "personalised-aid"}


def load_valid(slug: str) -> DecisionAid:
    aid, problems = load_aid(VALID_DIR / f"{slug}.md")
    assert aid is not None, [str(p) for p in problems]
    return aid


@pytest.fixture
def template_aid() -> DecisionAid:
    """The `decision-aids new` template with fixed dates: two options, two outcomes, two values."""
    return load_valid("template-aid")


@pytest.fixture
def personalised_aid() -> DecisionAid:
    """An aid whose first outcome's baseline comes from the ten_year_cvd_risk calculator."""
    return load_valid("personalised-aid")


@pytest.fixture(autouse=True)
def _no_content_override(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see the default content folder unless they set DECISION_AIDS_CONTENT themselves."""
    monkeypatch.delenv("DECISION_AIDS_CONTENT", raising=False)


#: A person for the AF aid: CHA2DS2-VASc 4 (age 76, female, high blood pressure), ORBIT 1.
AF_PERSON = {
    "age": "76",
    "sex": "female",
    "congestive_heart_failure": "no",
    "hypertension": "yes",
    "diabetes": "no",
    "stroke_tia_or_thromboembolism": "no",
    "vascular_disease": "no",
    "anaemia_history": "no",
    "bleeding_history": "no",
    "antiplatelet": "no",
}


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project built as a wheel, once per run."""
    if importlib.util.find_spec("build") is None:
        pytest.skip("the `build` package is not installed: pip install -e '.[dev]'")
    isolation = [] if importlib.util.find_spec("hatchling") is None else ["--no-isolation"]
    dist = tmp_path_factory.mktemp("dist")
    repo = Path(__file__).resolve().parents[1]
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", *isolation, "--outdir", str(dist), str(repo)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    [built] = dist.glob("*.whl")
    return built


@pytest.fixture(scope="session")
def built_wheel(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[set[str], Path]:
    """The wheel's file names, and where it is unpacked."""
    site = tmp_path_factory.mktemp("site")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
        return set(archive.namelist()), site
