"""The author preview: a content file's problems beside the aid it makes, as the text changes.

Pick a bundled content file to start from, or paste one. The validator's and the quality
checks' findings (:func:`decision_aids.preview.preview`, what ``decision-aids validate`` says)
sit beside the aid as the consultation would show it, for people in general.
"""

from __future__ import annotations

from pathlib import Path

import aid_sections as sections
import streamlit as st
from page_setup import plain

from decision_aids.content import Problem, content_dir, content_files
from decision_aids.option_grid import option_grid
from decision_aids.outcomes import personalise
from decision_aids.preview import PASTED, Preview, preview

FILE = "preview.file"
TEXT = "preview.text"


@st.cache_resource(show_spinner=False)
def bundled_files() -> dict[str, Path]:
    return {path.name: path for path in content_files([content_dir()])}


@st.cache_resource(show_spinner=False, max_entries=64)
def checked(text: str, name: str) -> Preview:
    """The preview of a text, kept so that a rerun with the same text costs nothing."""
    return preview(text, name)


def _load_file() -> None:
    name = st.session_state.get(FILE)
    if name:
        st.session_state[TEXT] = bundled_files()[name].read_text(encoding="utf-8", errors="replace")


def _problem(problem: Problem) -> str:
    where = f"line {problem.line}, " if problem.line else ""
    check = f" [{problem.check}]" if problem.check else ""
    hint = f" → {problem.hint}" if problem.hint else ""
    return plain(f"{where}{problem.field}{check}: {problem.message}{hint}")


def findings(result: Preview, name: str) -> None:
    st.header("What the checks found")
    if not result.problems:
        st.success("No errors and no warnings.")
    for problem in result.errors:
        st.error(_problem(problem))
    for problem in result.warnings:
        st.warning(_problem(problem))
    where = "The pasted text" if name == PASTED else name
    st.caption(plain(f"{where}: {len(result.errors)} errors, {len(result.warnings)} warnings"))


def rendered(result: Preview) -> None:
    st.header("The aid")
    aid = result.aid
    if aid is None:
        st.info("The aid will show here once its errors are fixed.")
        return
    st.markdown(f"### {plain(aid.title)}")
    st.markdown(f"**{plain(aid.question)}**")
    sections.draft_notice(aid)
    general = personalise(aid)
    sections.option_grid(option_grid(aid, general))
    sections.outcomes(aid, general.outcomes, "icons")
    if aid.values:
        st.markdown("#### What matters to me")
        st.markdown("\n".join(f"- {plain(v.statement)}" for v in aid.values))


st.title("Author preview")
st.selectbox(
    "Start from a content file",
    list(bundled_files()),
    index=None,
    key=FILE,
    on_change=_load_file,
    placeholder="Choose a file, or paste one below",
)
text = st.text_area(
    "The content file (front matter, then the Markdown body)",
    key=TEXT,
    height=360,
    placeholder="---\nslug: my-situation\ntitle: …\n---\n\n## About the condition\n…",
)
if not (text or "").strip():
    st.info("Choose a content file or paste one to see what the checks say about it.")
    st.stop()
name = st.session_state.get(FILE) or PASTED
result = checked(text, name)
left, right = st.columns([2, 3], gap="large")
with left:
    findings(result, name)
with right:
    rendered(result)
