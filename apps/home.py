"""The apps' home page: every decision aid, with a link to its page for patients."""

from __future__ import annotations

import streamlit as st

from decision_aids.web import library

aids = sorted(library().aids.values(), key=lambda aid: aid.title.lower())

st.title("Decision aids")
st.write(
    "Each aid helps a person and their clinician weigh the options for one decision. "
    "The patient pages work on any phone, without JavaScript, and can be printed."
)
for aid in aids:
    with st.container(border=True):
        st.header(aid.title, anchor=False)
        st.write(aid.question)
        draft = " · draft, not yet checked by a clinician" if aid.review.status == "draft" else ""
        st.markdown(f"[Open the patient page](/aids/{aid.slug}){draft}")
st.caption(f"{len(aids)} aids")
