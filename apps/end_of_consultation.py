"""The end of the consultation: the summary to file and to take home.

The record (:func:`decision_aids.summary.check_summary`) as the page shows it, as plain text to
copy into the clinical record, and as HTML and PDF files to print or keep; a QR code and link to
the aid's patient page opened with the person's own answers, and, where the feedback database
is set up, a one-time link to the collaboRATE survey. No identifier is asked for or shown.
"""

from __future__ import annotations

import os

import consultation_state as state
import feedback
import streamlit as st
from aid_sections import sentence
from page_setup import library, plain

from collaborate.cli import BASE_URL_ENV
from decision_aids import charts
from decision_aids.qr import qr_svg
from decision_aids.sharing import base_url, patient_page_url
from decision_aids.summary import (
    Link,
    Summary,
    check_summary,
    review_status,
    summary_html,
    summary_pdf,
    summary_text,
)

_SURVEY = "survey"
_QR_WIDTH = 180


def show_record(summary: Summary) -> None:
    aid = summary.aid
    st.subheader("The decision")
    st.markdown(f"**{plain(sentence(summary.decision_text))}**")
    st.subheader("What was discussed")
    st.markdown(plain(aid.question))
    st.markdown("\n".join(f"- {plain(o.name)}" for o in aid.options))
    st.subheader("Their numbers")
    for assessment in summary.personalised.assessments.values():
        st.markdown(plain(f"Details used: {assessment.summary}"))
    for figures in summary.personalised.outcomes:
        st.markdown(f"**{plain(sentence(figures.outcome.label))}**")
        for line in charts.text_alternative(figures).splitlines():
            st.markdown(plain(line))
    st.subheader("What matters to them")
    if summary.rated:
        st.markdown("\n".join(f"- {plain(s)}: {plain(label)}" for s, label in summary.rated))
    st.markdown(plain(summary.values.summary if summary.values else "Not talked about."))
    st.subheader("How sure they feel (SURE)")
    sure = summary.sure
    st.markdown(plain(f"{sure.score} of 4. {sure.summary}" if sure else "Not asked."))
    st.subheader("Sources")
    st.markdown("\n".join(f"1. {plain(c.citation)} {plain(c.url)}" for c in summary.citations))
    st.caption(
        plain(
            f"Decision aid {aid.slug}, version of {aid.review.last_updated}, "
            f"{review_status(summary)}."
        )
    )


def show_link(link: Link) -> None:
    st.image(qr_svg(link.url, title=link.label), width=_QR_WIDTH, alt=f"QR code: {link.label}")
    st.markdown(f"[{plain(link.label)}]({link.url})")


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


def take_home(summary: Summary) -> None:
    base = base_url(os.environ.get(BASE_URL_ENV), st.context.url)
    links = [Link("Their aid, with their own numbers", patient_page_url(base, summary))]
    survey_link = survey(summary, base)
    links += [survey_link] if survey_link else []
    for link in links:
        show_link(link)
    name = f"{summary.aid.slug}-{summary.date.isoformat()}"
    st.download_button(
        "Download the summary (PDF)",
        lambda: summary_pdf(summary, links),
        file_name=f"{name}.pdf",
        mime="application/pdf",
        on_click="ignore",
    )
    st.download_button(
        "Download the summary (web page)",
        lambda: summary_html(summary, links),
        file_name=f"{name}.html",
        mime="text/html",
        on_click="ignore",
    )
    st.link_button("Open a printable summary", patient_page_url(base, summary, "summary"))


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
st.title(plain(f"Summary: {aid.title}"))
if aid.review.status == "draft":
    st.warning("**This decision aid is a draft.** No clinician has checked it yet.")
if problems:
    st.warning(
        "Some answers could not be used and are left out:\n\n"
        + "\n".join(f"- {plain(m)}" for m in problems.messages())
    )
record, home = st.columns([3, 2], gap="large")
with record:
    show_record(summary)
    st.subheader("For the clinical record")
    st.caption("Copy this into the record (the button at its top right copies it all).")
    st.code(summary_text(summary), language=None, wrap_lines=True)
with home:
    st.subheader("To take home")
    take_home(summary)
st.page_link("consultation.py", label="Back to the consultation")
if st.button("Start a new consultation"):
    state.new_consultation()  # no widget of the consultation's is on this page to object
    st.switch_page("consultation.py")
