"""Fixtures for the Streamlit apps run by AppTest; a test module imports them by name, which makes
them its own (each is autouse)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st

from collaborate import DATABASE_URL_ENV
from support.data import REPO

APPS = REPO / "apps"


@pytest.fixture(scope="module", autouse=True)
def the_apps_config() -> None:
    """Run the pages under `apps/.streamlit/config.toml`, as the server does.

    Streamlit reads its configuration once per process, and finds the script-level file through
    `config._main_script_path` (set by `streamlit run` and by `st.App`). AppTest sets neither, so
    without this the first AppTest would fix a configuration without the app's file for the
    whole process, and the one server that tests/test_web.py builds would inherit it.
    """
    from streamlit import config

    config._main_script_path = str(APPS / "main.py")
    config.get_config_options(force_reparse=True)


@pytest.fixture(autouse=True)
def fresh_caches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test has its own feedback database, and no cached resource from another test."""
    monkeypatch.setenv(DATABASE_URL_ENV, f"sqlite:///{tmp_path / 'feedback.sqlite3'}")
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()
