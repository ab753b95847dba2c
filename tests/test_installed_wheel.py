"""The built wheel alone, installed in a fresh virtual environment, serves the whole service.

No source checkout is involved: the environment has only the wheel and the dependencies pip
installs for it (from the configured index; pip's own cache makes a second run quicker), and the
server runs in isolated mode (``python -I``: no PYTHONPATH, no working folder on the path) from an
empty folder, so every file it serves must come from the wheel.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from support.data import REPO

from tools.background import ServerError, running_server


def test_the_wheel_carries_the_apps_and_no_tooling(built_wheel: tuple[set[str], Path]) -> None:
    names, _ = built_wheel
    assert {"decision_aids/_apps/main.py", "decision_aids/_apps/.streamlit/config.toml"} <= names
    assert {p.name for p in (REPO / "apps").glob("*.py")} == {
        Path(n).name for n in names if n.startswith("decision_aids/_apps/") and n.endswith(".py")
    }
    shipped = {n.split("/")[0] for n in names if "/" in n and ".dist-info/" not in n}
    assert shipped == {"decision_aids", "collaborate"}  # no tools/, tests/ or apps/ of their own
    assert not [n for n in names if "/vendor/" in n or "__pycache__" in n]


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.read()


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel installed: its Python."""
    venv = tmp_path_factory.mktemp("fresh") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    # This environment's pip installs into the new one, which needs no pip of its own; and
    # nothing is byte-compiled ahead (Python does it on import), which halves the time.
    install = ["install", "--quiet", "--no-compile", str(wheel)]
    result = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), *install],
        env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(f"pip could not install the wheel:\n{result.stderr[-3000:]}")
    return python


def test_the_installed_wheel_serves_healthz(installed: Path) -> None:
    where = subprocess.run(
        [str(installed), "-I", "-c", "import decision_aids; print(decision_aids.__file__)"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    assert Path(where).is_relative_to(installed.parent.parent), where  # not the checkout's
    command = ("-I", "-m", "decision_aids.cli", "serve")
    try:
        with running_server(python=str(installed), command=command, timeout=180) as url:
            status, body = _get(f"{url}/healthz")
            assert status == 200
            health = json.loads(body)
            assert health["aids"] == len(list((REPO / "content").glob("*.md")))
            assert health["content_errors"] == 0
            assert _get(f"{url}/aids/af-anticoagulation")[0] == 200
            assert _get(f"{url}/assets/fallback.css")[0] == 200  # nothing was fetched here
            assert _get(f"{url}/_stcore/health") == (200, b"ok")  # the bundled Streamlit apps
    except ServerError as error:
        pytest.fail(str(error))
