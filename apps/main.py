"""The Streamlit apps' entry script: the router that `apps/server.py` serves at `/`.

Pages are added here as they come (the consultation, evaluator and author pages are later issues).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

PAGES = Path(__file__).parent

navigation = st.navigation(
    [st.Page(PAGES / "home.py", title="Decision aids", default=True)],
    position="top",
)
navigation.run()
