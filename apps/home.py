"""The apps' home page: every decision aid, to open in a consultation or as the patient page."""

from __future__ import annotations

import consultation_state as state
import streamlit as st
from page_setup import library, plain

from decision_aids.draft import review_status
from decision_aids.search import search

aids = search(library().aids.values(), "")  # every aid, by title

st.title("Decision aids")
st.write(
    "Each aid helps a person and their clinician weigh the options for one decision. "
    "The patient pages work on any phone, without JavaScript, and can be printed."
)
for aid in aids:
    with st.container(border=True):
        st.header(plain(aid.title), anchor=False)
        st.write(plain(aid.question))
        st.markdown(f"[Open the patient page](/aids/{aid.slug}) · {review_status(aid.review)}")
        st.page_link(
            "consultation.py", label="Use it in a consultation", query_params={state.AID: aid.slug}
        )
st.caption(f"{len(aids)} aids")
