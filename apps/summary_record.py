"""The summary's view model as the end-of-consultation page lays it out: nothing computed here.

Every field of :class:`decision_aids.summary.SummaryView` is shown: the title and review line by
:func:`heading`, the links with their QR codes by :func:`show_links`, the rest by
:func:`show_record`.
"""

from __future__ import annotations

import streamlit as st
from page_setup import plain

from decision_aids.qr import qr_svg
from decision_aids.summary import OutcomeLines, SummaryView

_QR_WIDTH = 180


def _bullets(items: list[str]) -> None:
    if items:
        st.markdown("\n".join(f"- {item}" for item in items))


def heading(view: SummaryView) -> None:
    """The page's title, and whether a clinician has reviewed the aid: a warning for a draft."""
    st.title(plain(f"Summary: {view.title}"))
    if view.draft:
        st.warning(f"**{plain(view.review)}**")
    else:
        st.caption(plain(view.review))


def _outcome(outcome: OutcomeLines) -> None:
    st.markdown(f"**{plain(outcome.label)}**")
    st.caption(plain(f"These figures are for: {outcome.population}"))
    for line in outcome.words:
        st.markdown(plain(line))
    _bullets(
        [
            f"{plain(f.option)}: {plain(f.figure)} (how sure we can be: {plain(f.certainty)})"
            for f in outcome.figures
        ]
    )


def show_record(view: SummaryView) -> None:
    """Everything but the review line and the links, in the order a summary reads."""
    st.caption(plain(f"Date: {view.date}"))
    st.header("The decision")
    st.markdown(f"**{plain(view.decision)}**")
    st.header("What was discussed")
    st.markdown(plain(view.question))
    _bullets([f"**{plain(o.name)}**: {plain(o.description)}" for o in view.options])
    st.header("Their numbers")
    for detail in view.details:
        st.markdown(plain(f"Details used: {detail}"))
    for outcome in view.outcomes:
        _outcome(outcome)
    st.header("What matters to them")
    _bullets([plain(r.line) for r in view.ratings])
    st.markdown(plain(view.values))
    for fit in view.reasons:
        st.markdown(plain(f"{fit.option}:"))
        _bullets([plain(reason) for reason in fit.reasons])
    st.header("How sure they feel (SURE)")
    st.markdown(plain(view.sure))
    _bullets([plain(f"Answered no to: {question}") for question in view.unsure_about])
    if view.questions:
        st.header("Questions they want to ask")
        _bullets([plain(question) for question in view.questions])
    st.header("Sources")
    st.markdown("\n".join(f"1. {plain(c.citation)} {plain(c.url)}" for c in view.citations))
    st.caption(plain(f"Decision aid: {view.version}."))


def show_links(view: SummaryView) -> None:
    """Each link to take home, with its QR code."""
    for link in view.links:
        st.image(qr_svg(link.url, title=link.label), width=_QR_WIDTH, alt=f"QR code: {link.label}")
        st.markdown(f"[{plain(link.label)}]({link.url})")
