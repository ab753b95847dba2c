"""Learn: the general module, each aid's clinician's brief, and their self-checks.

Everything shown comes from :mod:`decision_aids.learning`: the module's worked examples and the
briefs' key numbers are worked out from the aids' own figures; the self-check is marked by
:func:`decision_aids.learning.score`. The address holds what is open (``?brief=<slug>``), so the
consultation page links straight to its aid's brief.
"""

from __future__ import annotations

from collections.abc import Sequence

import consultation_state as state
import streamlit as st
from page_setup import library, plain

from decision_aids import charts
from decision_aids.learning import (
    BriefView,
    LearningModule,
    Question,
    aids_with_briefs,
    brief_html,
    clinician_brief,
    load_module,
    score,
    self_check,
)

BRIEF = "brief"  # the address's key, and the chooser's
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
    if not sent:
        return
    result = score(questions, answers)
    (st.success if result.passed else st.warning)(plain(result.summary))
    for i, marked in enumerate(result.marked, start=1):
        show = st.success if marked.correct else st.error
        show(plain(f"Question {i}: {marked.feedback}"))
        st.caption(plain(f"Source: {marked.question.source}"))
    # Issue 13 item 4 (training record, branch wt-training): when it is merged, store the
    # completion here with feedback.record_training(clinician, site, name or "general",
    # result.right, result.total), using the codes from consultation_state.codes().


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
    check("general", learning.questions)
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
