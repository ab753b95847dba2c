"""The evaluator page's training and peer review sections. They only lay out what
:mod:`collaborate.training_report` returns, after the page's sign-in, under its filters of
clinicians and sites (months and aids do not apply to training)."""

from __future__ import annotations

import streamlit as st
from sqlalchemy import Engine

from collaborate import dashboard, training_report
from collaborate.aggregates import Filters
from collaborate.observer import load_observer
from collaborate.suppression import Rules


def _clinician(engine: Engine, clinician: str, rules: Rules) -> None:
    view = training_report.clinician_view(engine, clinician, rules)
    reviews, scores = st.columns(2)
    with reviews:
        st.markdown(f"**Peer reviews of {clinician}**")
        if view.reviews:
            st.table(training_report.peer_review_cells(view.reviews), hide_index=True)
        else:
            st.caption("No peer reviews yet.")
    with scores:
        st.markdown(f"**collaboRATE for {clinician}**")
        for table in view.collaborate:
            st.caption(f"{dashboard.format_name(table)} format")
            st.table(dashboard.score_table(table), hide_index=True)
        if not view.collaborate:
            st.caption("No collaboRATE responses yet.")


def show(engine: Engine, filters: Filters, rules: Rules | None = None) -> None:
    """Training coverage by site and by clinician, peer review by site, and one clinician's
    peer reviews beside their collaboRATE."""
    rules = rules or Rules()
    who = training_report.who_of(filters)
    measure = load_observer()
    st.header("Training and peer review")
    st.subheader("Training coverage by site")
    found = training_report.coverage(engine, who, rules)
    st.table(training_report.coverage_cells(found), hide_index=True)
    st.caption(
        "Clinicians seen at a site in collaboRATE, decisions, training or peer review; one "
        "working at two sites counts at each. The general module counts wherever it was done."
    )
    st.subheader("Training and collaboRATE by clinician")
    rows = training_report.clinician_rows(engine, filters, rules)
    st.table(training_report.clinician_cells(rows), hide_index=True)
    st.subheader(f"Peer review by site ({measure.short_name})")
    if measure.provisional:
        st.warning(f"Provisional. {measure.licence.summary}")
    reviews = training_report.reviews_by_site(engine, who, rules)
    st.table(training_report.reviews_cells(reviews), hide_index=True)
    st.subheader("One clinician's peer reviews beside their collaboRATE")
    clinician = st.selectbox(
        "Clinician", [row.clinician for row in rows], index=None, placeholder="Choose a clinician"
    )
    if clinician:
        _clinician(engine, clinician, rules)
    st.caption(f"{dashboard.symbols(rules)} {training_report.NOBODY} nobody to count yet.")
    st.caption(measure.notice)
