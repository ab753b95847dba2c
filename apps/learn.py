"""Learn: the general module, each aid's clinician's brief, and their self-checks.

Everything shown comes from :mod:`decision_aids.learning`: the module's worked examples and the
briefs' key numbers are worked out from the aids' own figures; the self-check is marked by
:func:`decision_aids.learning.score`, and a marked self-check can be saved to the training record
(clinician and site codes, module, score, date: :func:`feedback.record_training`). The address
holds what is open (``?brief=<slug>``), so the consultation page links straight to its aid's
brief.
"""

from __future__ import annotations

from collections.abc import Sequence

import consultation_state as state
import feedback
import streamlit as st
from page_setup import library, plain

from collaborate.training import GENERAL_MODULE
from decision_aids import charts
from decision_aids.learning import (
    BriefView,
    LearningModule,
    Question,
    Score,
    aids_with_briefs,
    brief_html,
    clinician_brief,
    load_module,
    score,
    self_check,
)

BRIEF = "brief"  # the address's key, and the chooser's
_MARKED = "learn.marked."  # + module: the last marked self-check, kept while it is saved
_SAVED = "learn.saved."  # + module: what was saved to the training record
_NOT_SAVED = "learn.not-saved"
GENERAL = ""  # the chooser's value for the general module
_CHART_WIDTH = 440


@st.cache_resource(show_spinner=False)
def general_module() -> LearningModule:
    """The module, its examples worked out from the bundled aids, once per process."""
    return load_module(library().aids)


def choose() -> str:
    """The general module, or the slug of an aid whose brief to open; kept in the address."""
    titles = {GENERAL: "The general module: shared decision making and talking about risk"}
    titles |= {aid.slug: f"Brief: {aid.title}" for aid in aids_with_briefs(library().aids.values())}

    def offered(raw: str) -> str:
        if raw not in titles:
            raise ValueError(raw)
        return raw

    state.from_address(BRIEF, offered)
    chosen = st.selectbox("What to learn", list(titles), format_func=titles.get, key=BRIEF)
    state.to_address({BRIEF: chosen or None})
    return chosen


def check(name: str, questions: Sequence[Question]) -> None:
    """The questions in one form; once sent, the score and why each answer is right or not."""
    st.subheader("Self-check", anchor="self-check")
    answers: list[int | None] = []
    with st.form(f"check.{name}"):
        for i, question in enumerate(questions):
            key = f"{name}.{i}"
            if question.numeric:
                answer = st.number_input(
                    plain(question.text), min_value=0, step=1, value=None, key=key
                )
            else:
                answer = st.radio(
                    plain(question.text),
                    range(len(question.choices)),
                    format_func=lambda c, q=question: plain(q.choices[c]),
                    index=None,
                    key=key,
                )
            answers.append(None if answer is None else int(answer))
        sent = st.form_submit_button("Check my answers", type="primary")
    if sent:
        st.session_state[_MARKED + name] = score(questions, answers)
    result: Score | None = st.session_state.get(_MARKED + name)
    if result is None:
        return
    (st.success if result.passed else st.warning)(plain(result.summary))
    for i, marked in enumerate(result.marked, start=1):
        show = st.success if marked.correct else st.error
        show(plain(f"Question {i}: {marked.feedback}"))
        st.caption(plain(f"Source: {marked.question.source}"))
    record(name, result)


def _save(name: str, result: Score) -> None:
    """The save button's callback: it runs before the page is drawn again, so the button is
    already disabled when the page says the result was saved."""
    clinician, site = state.codes()
    try:
        feedback.record_training(clinician, site, name, result.right, result.total)
    except feedback.NotSaved as error:
        st.session_state[_NOT_SAVED] = f"Not saved: {error}"
    else:
        st.session_state[_SAVED + name] = f"{result.right} of {result.total}"


def record(name: str, result: Score) -> None:
    """Save the marked self-check to the training record, once per session: codes, which module,
    the score and today's date; never a name."""
    st.caption(
        "Saved to the training record: your clinician and site codes, which module or aid, your "
        "score and today's date. Never your name."
    )
    left, right = st.columns(2)
    left.text_input("Your clinician code", key=state.CLINICIAN, persist_state="session")
    right.text_input("Your site code (ODS)", key=state.SITE, persist_state="session")
    saved = st.session_state.get(_SAVED + name)
    st.button(
        "Save to my training record",
        disabled=bool(saved),
        on_click=_save,
        args=(name, result),
        key=f"save.{name}",
    )
    problem = st.session_state.pop(_NOT_SAVED, None)
    if problem:
        st.error(plain(problem))
    if saved:
        st.success(plain(f"Saved to your training record: {saved}."))


def module(learning: LearningModule) -> None:
    st.header(plain(learning.title), anchor="module")
    st.caption(f"About {learning.minutes} minutes, then a self-check.")
    for section in learning.sections:
        st.subheader(plain(section.title), anchor=False)
        st.markdown(section.markdown)
        for example in section.examples:
            with st.container(border=True):
                st.caption(
                    plain(f"Worked example from the aid “{example.aid_title}”: {example.person}")
                )
                st.markdown(plain(example.text))
                if example.icons:
                    words = charts.text_alternative(example.figures)
                    st.image(charts.icon_array_svg(example.figures), alt=words, width=_CHART_WIDTH)
                for line in example.lines:
                    st.markdown(plain(line))
    check(GENERAL_MODULE, learning.questions)
    with st.expander("Sources"):
        for source in learning.sources:
            st.markdown(plain(f"{source.citation} {source.url}"))


def brief(view: BriefView) -> None:
    st.header(plain(f"Clinician's brief: {view.title}"), anchor="brief")
    st.warning(plain(view.review))
    st.markdown(f"**The decision:** {plain(view.decision)}")
    st.markdown(f"**Who it is for:** {plain(view.for_whom)}")
    st.markdown(f"**The options:** {plain('; '.join(view.options))}")
    st.subheader("Key numbers for example people", anchor="key-numbers")
    for person in view.people:
        st.markdown(f"**{plain(person.description)}**")
        for detail in person.details:
            st.caption(plain(detail))
        rows = {"Outcome": [o.label for o in person.outcomes]}
        for i, option in enumerate(view.options):
            rows[option] = [o.figures[i][1] for o in person.outcomes]
        st.table(rows, hide_index=True)
    st.subheader("Traps in talking about risk", anchor="traps")
    st.markdown("\n".join(f"- {plain(trap)}" for trap in view.traps))
    st.subheader("What the evidence cannot tell", anchor="limits")
    st.markdown("\n".join(f"- {plain(gap)}" for gap in view.evidence_cannot_tell))
    st.subheader("Teach-back", anchor="teach-back")
    st.info(plain(view.teach_back))
    st.download_button(
        "Print the brief (one A4 page, web page)",
        lambda: brief_html(view),
        file_name=f"brief-{view.slug}.html",
        mime="text/html",
        on_click="ignore",
    )
    st.page_link(
        "consultation.py", label="Use this aid in a consultation", query_params={"aid": view.slug}
    )
    with st.expander("Sources of the key numbers"):
        for citation in view.sources:
            st.markdown(plain(citation))


st.title("Learn")
chosen = choose()
if not chosen:
    module(general_module())
else:
    aid = library().aids[chosen]
    view = clinician_brief(aid)
    assert view is not None  # only aids with a brief are offered
    brief(view)
    check(chosen, self_check(aid))
