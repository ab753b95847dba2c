"""Peer review: a colleague scores a consultation they observed, or heard recorded, with Observer
OPTION-5 and writes feedback for the clinician.

The page lays out the form; :func:`collaborate.peer_review.check_peer_review` checks it and says
beside each field what to fix; :mod:`feedback` stores it. The page shows no stored review: a
clinician's reviews are shown beside their collaboRATE on the evaluator page, after sign-in.
"""

from __future__ import annotations

import datetime as dt

import feedback
import streamlit as st

from collaborate.observer import load_observer
from collaborate.peer_review import OBSERVED, PeerReviewInvalid, check_peer_review

PROBLEMS = "peer_review_problems"  # session state: the last refused form's messages by field
SAVED = "peer_review_saved"  # session state: the last saved review's score, to confirm it
FIELDS = ("reviewer", "clinician", "site", "review_date", "observed", "feedback")

measure = load_observer()
problems: dict[str, str] = st.session_state.get(PROBLEMS, {})


def _problem(field: str) -> None:
    if field in problems:
        st.error(problems[field])


def _point(point: int) -> str:
    return f"{point} – {measure.scale.labels[point]}"


def _clear() -> None:
    for key in (*FIELDS, *(item.id for item in measure.items)):
        st.session_state.pop(key, None)


st.title("Peer review of shared decision making")
if measure.provisional:
    st.warning(f"Provisional. {measure.licence.summary}")
st.write(
    f"Score a consultation you observed, or listened to as a recording, with "
    f"{measure.name}. Keep its published items and scoring guide open beside this form: each "
    "item below is named in our own words, to say which is which. Use codes, never names, and "
    "write nothing that could identify the patient."
)
if SAVED in st.session_state:
    st.success(st.session_state.pop(SAVED))

with st.form("peer-review"):
    st.text_input("Your code, as the reviewer", key="reviewer", help="For example your GMC number")
    _problem("reviewer")
    st.text_input("The clinician's code", key="clinician")
    _problem("clinician")
    st.text_input("Site code", key="site", help="For example the practice's ODS code")
    _problem("site")
    st.date_input(
        "Date of the consultation", value=None, max_value=dt.date.today(), key="review_date"
    )
    _problem("review_date")
    st.radio("How you saw it", list(OBSERVED), format_func=OBSERVED.get, index=None, key="observed")
    _problem("observed")
    for number, item in enumerate(measure.items, start=1):
        st.radio(
            f"Item {number} ({item.talk}): {item.label}",
            list(range(measure.scale.min, measure.scale.max + 1)),
            format_func=_point,
            index=None,
            horizontal=True,
            key=item.id,
        )
        _problem(item.id)
    st.text_area(
        "Feedback for the clinician",
        key="feedback",
        help="What went well and what to try next time. Nothing that could identify the patient.",
    )
    _problem("feedback")
    submitted = st.form_submit_button("Save the review", type="primary")

if submitted:
    state = st.session_state
    try:
        review = check_peer_review(
            reviewer=state.reviewer,
            clinician=state.clinician,
            site=state.site,
            review_date=state.review_date,
            observed=state.observed,
            items=[state[item.id] for item in measure.items],
            feedback=state.feedback,
        )
        feedback.save_peer_review(review)
    except PeerReviewInvalid as refused:
        state[PROBLEMS] = refused.problems
    except feedback.NotSaved as error:
        state.pop(PROBLEMS, None)
        st.error(f"The review was not saved: {error}")
    else:
        state.pop(PROBLEMS, None)
        score = review.score
        state[SAVED] = (
            f"Saved the review of {review.clinician}: {score.total} of 20, "
            f"{score.rescaled:.0f} on the 0 to 100 scale."
        )
        _clear()
    if PROBLEMS in state or SAVED in state:
        st.rerun()

st.caption(measure.notice)
st.caption(" ".join(measure.citations))
