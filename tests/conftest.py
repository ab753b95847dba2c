"""Fixtures shared by every test; shared data and helpers are in tests/support/."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import Phase, settings
from support.data import REPO, VALID_DIR

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


def _load_valid(slug: str) -> DecisionAid:
    aid, problems = load_aid(VALID_DIR / f"{slug}.md")
    assert aid is not None, [str(p) for p in problems]
    return aid


@pytest.fixture
def template_aid() -> DecisionAid:
    """The `decision-aids new` template with fixed dates: two options, two outcomes, two values."""
    return _load_valid("template-aid")


@pytest.fixture
def personalised_aid() -> DecisionAid:
    """An aid whose first outcome's baseline comes from the ten_year_cvd_risk calculator."""
    return _load_valid("personalised-aid")


@pytest.fixture(autouse=True)
def _no_content_override(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see the default content folder unless they set DECISION_AIDS_CONTENT themselves."""
    monkeypatch.delenv("DECISION_AIDS_CONTENT", raising=False)


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project built as a wheel, once per run."""
    if importlib.util.find_spec("build") is None:
        pytest.skip("the `build` package is not installed: pip install -e '.[dev]'")
    isolation = [] if importlib.util.find_spec("hatchling") is None else ["--no-isolation"]
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", *isolation, "--outdir", str(dist), str(REPO)],
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
