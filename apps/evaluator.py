"""The evaluator dashboard: collaboRATE scores, the funnel plot, the monthly trend, decisions
and their cost, the exports, and training coverage and peer review (``training_sections``).

Signing in comes first: no score, count or code is read before it. A local account signs in on
the server's own page (``/evaluator/sign-in``), whose cookie lasts across reloads; the downloads
come from the server's own route, which checks the sign-in. The page only lays out what
:mod:`collaborate.dashboard` returns.
"""

from __future__ import annotations

import streamlit as st
import training_sections
from sqlalchemy import Engine

from collaborate import dashboard
from collaborate.aggregates import Dimension, Filters
from collaborate.database import connect, database_url
from collaborate.errors import FeedbackError
from collaborate.evaluator_web import SIGN_IN, SIGN_OUT
from collaborate.instrument import load_instrument


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> Engine:
    return connect(url)


def _sign_in(access: dashboard.Access) -> None:
    if access.method is dashboard.SignIn.OIDC:
        st.write("Sign in with your organisation's account to see the scores.")
        st.button("Sign in", type="primary", on_click=st.login)
        return
    st.write("Sign in with your evaluator account to see the scores.")
    st.link_button("Sign in", SIGN_IN, type="primary")


def _sign_out(access: dashboard.Access) -> None:
    if access.method is dashboard.SignIn.OIDC:
        st.button("Sign out", on_click=st.logout)
    else:
        st.link_button("Sign out", SIGN_OUT)


def _filters(options: dashboard.Options) -> tuple[Dimension, Filters]:
    by = st.selectbox("Compare", dashboard.COMPARE_BY, format_func=str.capitalize)
    chosen = {
        "clinicians": st.multiselect("Clinicians", options.clinicians, placeholder="All"),
        "sites": st.multiselect("Sites", options.sites, placeholder="All"),
        "aids": st.multiselect("Aids", options.aids, placeholder="All"),
    }
    months = options.months
    if len(months) > 1:
        chosen["months"] = st.select_slider("Months", months, value=(months[0], months[-1]))
    names = dashboard.scale_names(options.scales)
    chosen["scale"] = st.selectbox(
        "Response format",
        [None, *names],
        format_func=lambda s: "Each format present, shown apart" if s is None else names[s],
    )
    return by, dashboard.choose(**chosen)


def _scores(shown: dashboard.Report) -> None:
    if not shown.tables:
        st.info(dashboard.NOTHING_CHOSEN)
    for table in shown.tables:
        st.header(f"Scores by {shown.by}: {dashboard.format_name(table)} format")
        st.table(dashboard.score_table(table), hide_index=True)
        figure = dashboard.funnel_figure(table)
        if figure is None:
            st.caption(f"No {shown.by} has enough complete responses for the funnel plot yet.")
        else:
            st.altair_chart(figure)
    st.caption(dashboard.symbols(shown.rules))


def _trend(shown: dashboard.Report) -> None:
    for table in shown.months:
        st.header(f"Top score by month: {dashboard.format_name(table)} format")
        figure = dashboard.trend_figure(table)
        if figure is None:
            st.caption("No month has enough complete responses for a score yet.")
        else:
            st.altair_chart(figure)


def _decisions(shown: dashboard.Report) -> None:
    st.header("Decisions and their cost")
    if shown.decisions:
        st.table(dashboard.decision_table(shown.decisions), hide_index=True)
    else:
        st.caption("No decisions to show for this choice.")


def main() -> None:
    st.title("collaboRATE evaluation")
    engine = _engine(database_url().render_as_string(hide_password=False))
    access = dashboard.access(engine, st.secrets)
    if access.problem:
        st.error(access.problem)
        return
    cookies = st.context.cookies
    user = dashboard.signed_in_as(access, dashboard.local_user(engine, cookies), st.user.to_dict())
    if user is None:
        _sign_in(access)
        return
    with st.sidebar:
        st.write(f"Signed in as {user}")
        _sign_out(access)
    waiting = dashboard.status(engine)
    if waiting:
        st.info(waiting)
        if waiting == dashboard.NOTHING_RECORDED:  # listing clinicians hints at no response
            training_sections.show(engine, Filters())
        return
    options = dashboard.options(engine)
    with st.sidebar:
        by, filters = _filters(options)
    shown = dashboard.report(engine, filters, by)
    _scores(shown)
    _trend(shown)
    _decisions(shown)
    st.header("Downloads")
    st.caption("Each file holds what the tables above show, under the same choice.")
    for label, url in dashboard.export_links(shown):
        st.link_button(label, url)
    st.caption(load_instrument().notice)
    training_sections.show(engine, filters, shown.rules)


try:
    main()
except FeedbackError as error:  # the database is unreachable or misconfigured: say so, plainly
    st.error(str(error))
