"""What every page shares: the page's configuration, and the library loaded once per process."""

from __future__ import annotations

import re

import streamlit as st

from decision_aids.content import Library, load_library

TITLE = "Decision aids"
#: Characters that mean something to Streamlit's Markdown anywhere in a line ($ starts maths),
#: and the list markers that do at the start of one.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|$~])")
_LIST_MARKER = re.compile(r"^(\s*)([-+]|\d+\.)", re.MULTILINE)


def setup_page() -> None:
    """Called by the router before any page: wide, for a screen turned towards the patient."""
    st.set_page_config(page_title=TITLE, layout="wide")


@st.cache_resource(show_spinner=False)
def library() -> Library:
    """The bundled aids, parsed and validated once per process and shared, read-only, by every
    session (Streamlit's "Clear cache" reloads them after an author's edit)."""
    return load_library()


def plain(text: str) -> str:
    """Content text for ``st.markdown`` and labels, shown as written: no Markdown, no maths."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return _LIST_MARKER.sub(lambda m: m[1] + m[2][:-1] + "\\" + m[2][-1], escaped)
