"""The end of the consultation: the summary to file and to take home.

The record (:func:`decision_aids.summary.check_summary`), worded once
(:func:`decision_aids.summary.summary_view`), as the page shows it, as plain text to copy into
the clinical record, and as HTML and PDF files to print or keep; a QR code and link to the aid's
patient page opened with the person's own answers, and, where the feedback database is set up, a
one-time link to the collaboRATE survey. No identifier is asked for or shown.
"""

from __future__ import annotations

import os

import consultation_state as state
import feedback
import streamlit as st
from page_setup import library, plain
from summary_record import heading, show_links, show_record

from collaborate.cli import BASE_URL_ENV
from decision_aids.sharing import base_url, patient_page_url
from decision_aids.summary import (
    Link,
    Summary,
    SummaryView,
    check_summary,
    summary_html,
    summary_pdf,
    summary_text,
    summary_view,
)

_SURVEY = "survey"


def survey(summary: Summary, base: str) -> Link | None:
    """The one-time survey link made in this session, or a button to make it."""
    made = st.session_state.get(state.per_aid(summary.aid.slug, _SURVEY))
    if made:
        return Link("Tell us how the conversation went (collaboRATE, 3 questions)", made)
    clinician, site = state.codes()
    if not (clinician and site):
        st.caption(
            "To give them the collaboRATE feedback survey, add your clinician and site codes "
            "on the consultation page."
        )
        return None
    if st.button("Make a feedback survey link"):
        try:
            url = feedback.survey_link(summary.aid.slug, site, clinician, summary.date, base)
        except feedback.NotSaved as error:
            st.error(plain(f"No survey link: {error}"))
        else:
            st.session_state[state.per_aid(summary.aid.slug, _SURVEY)] = url
            st.rerun()
    return None


def take_home_links(summary: Summary, base: str) -> list[Link]:
    """The aid's patient page with their answers, and the survey link once it is made."""
    links = [Link("Their aid, with their own numbers", patient_page_url(base, summary))]
    survey_link = survey(summary, base)
    return links + ([survey_link] if survey_link else [])


def downloads(view: SummaryView, name: str) -> None:
    st.download_button(
        "Download the summary (PDF)",
        lambda: summary_pdf(view),
        file_name=f"{name}.pdf",
        mime="application/pdf",
        on_click="ignore",
    )
    st.download_button(
        "Download the summary (web page)",
        lambda: summary_html(view),
        file_name=f"{name}.html",
        mime="text/html",
        on_click="ignore",
    )


consultation = state.current()
if consultation is None:
    st.title("End of consultation")
    st.info("Start on the consultation page: choose the situation, then come back here.")
    st.page_link("consultation.py", label="Go to the consultation")
    st.stop()
aid = library().aids[consultation.slug]
summary, problems = check_summary(
    aid,
    consultation.inputs,
    importance=consultation.importance,
    sure_answers=consultation.sure,
    decision=consultation.decision,
)
top = st.container()  # the title and the review line, once the view is built below
if problems:
    st.warning(
        "Some answers could not be used and are left out:\n\n"
        + "\n".join(f"- {plain(m)}" for m in problems.messages())
    )
record, home = st.columns([3, 2], gap="large")
with home:
    st.header("To take home")
    base = base_url(os.environ.get(BASE_URL_ENV), st.context.url)
    view = summary_view(summary, links=take_home_links(summary, base))
    show_links(view)
    downloads(view, f"{aid.slug}-{summary.date.isoformat()}")
    st.link_button("Open a printable summary", patient_page_url(base, summary, "summary"))
with top:
    heading(view)
with record:
    show_record(view)
    st.header("For the clinical record")
    st.caption("Copy this into the record (the button at its top right copies it all).")
    st.code(summary_text(view), language=None, wrap_lines=True)
st.page_link("consultation.py", label="Back to the consultation")
if st.button("Start a new consultation"):
    state.new_consultation()  # no widget of the consultation's is on this page to object
    st.switch_page("consultation.py")
