"""The clinical risk management file: the hazard log is valid, current, and its tests exist."""

from __future__ import annotations

import ast
import importlib.util
import sys
from functools import cache
from pathlib import Path

import pytest
from support.data import REPO

_SPEC = importlib.util.spec_from_file_location("hazard_log", REPO / "tools" / "hazard_log.py")
assert _SPEC is not None
assert _SPEC.loader is not None
hazard_log = importlib.util.module_from_spec(_SPEC)
sys.modules["hazard_log"] = hazard_log  # pydantic resolves the models' annotations through it
_SPEC.loader.exec_module(hazard_log)

LOG = hazard_log.load()
NAMED_TESTS = sorted({test for hazard in LOG.hazards for test in hazard.tests})


@cache
def _test_functions(path: Path) -> frozenset[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return frozenset(
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.name.startswith("test_")
    )


@pytest.mark.parametrize("node_id", NAMED_TESTS)
def test_every_test_the_hazard_log_names_exists(node_id: str) -> None:
    path, _, name = node_id.partition("::")
    file = REPO / path
    assert file.is_file(), f"{node_id}: no test file {path}; update docs/safety/hazard-log.yaml"
    assert name in _test_functions(file), f"{node_id}: no test {name} in {path}"


def test_the_hazard_log_covers_the_hazards_a_deployer_asks_about() -> None:
    titles = " / ".join(h.title.lower() for h in LOG.hazards)
    for words in (
        "wrong figure",
        "outdated figure",
        "wrong person",
        "outside the population",
        "chart is misread",
        "unreviewed draft",
        "survey answer is lost",
        "small counts",
        "link exposes",
        "edited unsafely",
    ):
        assert words in titles


def test_ratings_come_from_the_matrix() -> None:
    # Worked from the matrix in the YAML: major (4th severity) x medium = 3; x low = 3;
    # considerable (3rd) x low = 2; major x high = 4.
    rating = hazard_log.Rating
    assert LOG.matrix.rating(rating(severity="major", likelihood="medium")) == 3
    assert LOG.matrix.rating(rating(severity="considerable", likelihood="low")) == 2
    assert LOG.matrix.rating(rating(severity="major", likelihood="high")) == 4


def test_a_residual_risk_above_the_initial_is_refused() -> None:
    data = LOG.model_dump()
    data["hazards"][0]["residual"] = {"severity": "catastrophic", "likelihood": "very high"}
    with pytest.raises(ValueError, match="H01: the residual risk is above the initial risk"):
        hazard_log.HazardLog.model_validate(data)


def test_the_page_is_generated_from_the_current_log() -> None:
    page = (REPO / "docs" / "safety" / "hazard-log.md").read_text(encoding="utf-8")
    assert page == hazard_log.page(LOG), "run: python tools/hazard_log.py"
