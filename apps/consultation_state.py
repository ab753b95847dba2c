"""The consultation's state: its widgets' keys, and what the end-of-consultation page reads.

Shareable state lives in the page's address: the chosen aid (its slug), the person's calculator
inputs (by their own names and values, as on the patient pages: ``age=76&sex=female``) and how
the figures are shown. The rest (what matters, the SURE test, the decision, the clinician's
codes) stays in the session. Nothing that identifies the person is asked for, so none of it can
reach the address.

Not ``bind="query-params"``: a bound choice widget writes its label into the address ("Taking a
statin to lower…", "Female"), where a slug and the patient pages' values belong.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import streamlit as st

AID = "aid"
SHOW = "show"
FIND = "find"
CLINICIAN = "clinician"
SITE = "site"
_SNAPSHOT = "consultation"
_PUBLISHED = "address"  # what the page last wrote into the address


def per_aid(slug: str, name: str) -> str:
    """A widget key kept apart for each aid, so that answers about one never leak into another."""
    return f"{slug}.{name}"


@dataclass(frozen=True)
class Consultation:
    """The answers given so far, as the library takes them."""

    slug: str
    inputs: dict[str, Any]
    importance: dict[str, str]
    sure: dict[str, str]
    decision: str | None


def save(consultation: Consultation) -> None:
    st.session_state[_SNAPSHOT] = consultation


def current() -> Consultation | None:
    """The consultation the clinician is in, if they have chosen an aid in this session."""
    return st.session_state.get(_SNAPSHOT)


def new_consultation() -> None:
    """Forget the person: every answer, choice and link, and the page's address. The
    clinician's and site's codes stay for the next person."""
    for key in list(st.session_state):
        if key not in (CLINICIAN, SITE):
            del st.session_state[key]
    st.query_params.clear()


def codes() -> tuple[str, str]:
    """The clinician's and site's codes as typed (blank if not)."""
    return (
        str(st.session_state.get(CLINICIAN) or "").strip(),
        str(st.session_state.get(SITE) or "").strip(),
    )


def from_address(key: str, parse: Callable[[str], Any]) -> None:
    """Before the widget `key` is drawn, take its value from the page's address if the address
    changed it: a shared link opening a new session, or a link from another page. A value that
    `parse` refuses (``ValueError``) is ignored, as if it were not there."""
    raw = st.query_params.get(key)
    if raw is None or raw == st.session_state.get(_PUBLISHED, {}).get(key):
        return
    try:
        st.session_state[key] = parse(raw)
    except ValueError:
        return


def to_address(values: Mapping[str, str | None]) -> None:
    """Make the page's address hold exactly `values` (those that are None are left out)."""
    wanted = {key: value for key, value in values.items() if value is not None}
    st.session_state[_PUBLISHED] = wanted
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)
