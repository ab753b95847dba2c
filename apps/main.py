"""The Streamlit apps' entry script: the router that `decision_aids.server` serves at `/`.

Every page is a module beside this file, run after the shared set-up (`page_setup.py`). The
evaluator's dashboard joins them with the collaborate issue.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from page_setup import setup_page

PAGES = Path(__file__).parent

setup_page()
navigation = st.navigation(
    [
        st.Page(PAGES / "home.py", title="Decision aids", default=True),
        st.Page(PAGES / "consultation.py", title="Consultation", url_path="consultation"),
        st.Page(PAGES / "end_of_consultation.py", title="End of consultation", url_path="summary"),
        st.Page(PAGES / "learn.py", title="Learn", url_path="learn"),
        st.Page(PAGES / "author_preview.py", title="Author preview", url_path="author"),
        st.Page(PAGES / "peer_review.py", title="Peer review", url_path="peer-review"),
        st.Page(PAGES / "evaluator.py", title="collaboRATE evaluation", url_path="evaluation"),
    ],
    position="top",
)
navigation.run()
