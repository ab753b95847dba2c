"""The apps' use of collaborate: record a decision, make a one-time survey link, record a
completed module or self-check (the Learn page), store a peer review.

The database is opened once per process (``DECISION_AIDS_DATABASE_URL``, or the SQLite file in
the user's data folder). Anything that goes wrong comes back as a sentence to show, never as an
exception: a bad code, a database that cannot be reached. Nothing here knows who the patient is.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st
from sqlalchemy import Engine

import collaborate
from collaborate.peer_review import PeerReview, record_peer_review
from collaborate.training import record_completion


@st.cache_resource(show_spinner=False)
def _engine() -> Engine:
    """The feedback database, migrated; not cached when opening it fails, so it is tried again."""
    return collaborate.connect()


class NotSaved(Exception):
    """Nothing was stored; the message says why and what to do."""


def record_decision(
    slug: str, option: str | None, site: str, clinician: str, date: dt.date
) -> None:
    """Store the decision (``option=None``: not decided yet), or raise :class:`NotSaved`."""
    try:
        collaborate.record_decision(
            _engine(), aid=slug, option=option, site=site, clinician=clinician, date=date
        )
    except (ValueError, collaborate.FeedbackError) as error:
        raise NotSaved(str(error)) from error


def survey_link(slug: str, site: str, clinician: str, date: dt.date, base_url: str) -> str:
    """A new one-time collaboRATE link for this consultation, or raise :class:`NotSaved`."""
    try:
        consultation = collaborate.Consultation(clinician=clinician, site=site, aid=slug, date=date)
        return collaborate.create_link(_engine(), consultation).url(base_url)
    except (ValueError, collaborate.FeedbackError) as error:
        raise NotSaved(str(error)) from error


def record_training(
    clinician: str, site: str, module: str, score: int, out_of: int, date: dt.date | None = None
) -> None:
    """Store a completed module (``module="general"``) or aid self-check (the aid's slug), or
    raise :class:`NotSaved`."""
    try:
        record_completion(
            _engine(),
            clinician_code=clinician,
            site_code=site,
            module=module,
            score=score,
            out_of=out_of,
            completed_at=date,
        )
    except (ValueError, collaborate.FeedbackError) as error:
        raise NotSaved(str(error)) from error


def save_peer_review(review: PeerReview) -> None:
    """Store a checked peer review, or raise :class:`NotSaved`."""
    try:
        record_peer_review(_engine(), review)
    except collaborate.FeedbackError as error:
        raise NotSaved(str(error)) from error
