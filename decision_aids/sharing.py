"""Links that take a consultation home: the aid's patient page with the person's own answers.

The link holds only what the patient page's form would put in its address (see
:mod:`decision_aids.answers`): the calculator inputs (``unknown`` for an answer "I don't know"),
how much each statement matters, and the option chosen as the one they lean towards. It never
holds a name, an NHS number or any other identifier, and it is short enough to type from paper:
the answers are packed into one code (:mod:`decision_aids.address`), about 30 characters for the
atrial fibrillation aid.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal
from urllib.parse import urlencode, urlsplit

from decision_aids.address import PARAM, pack
from decision_aids.answers import LEANING, RATING, UNKNOWN, query_value
from decision_aids.model import DecisionAid
from decision_aids.outcomes import input_fields
from decision_aids.summary import Summary

#: Where the server is when nothing else says: `decision-aids serve`'s default address.
DEFAULT_BASE_URL = "http://localhost:8501"

Page = Literal["aid", "summary"]


def base_url(configured: str | None, page_url: str | None) -> str:
    """The server's public address: `configured` if set (say from ``DECISION_AIDS_BASE_URL``),
    else the scheme and host of `page_url` (the address the app was opened at), else
    :data:`DEFAULT_BASE_URL`."""
    if configured:
        return configured.rstrip("/")
    parts = urlsplit(page_url or "")
    if parts.scheme in {"http", "https"} and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    return DEFAULT_BASE_URL


def answers(summary: Summary) -> list[tuple[str, str]]:
    """The summary's answers as the patient page's form names them, in the form's order."""
    personalised = summary.personalised
    given: dict[str, Any] = {k: v for k, v in personalised.known.items() if v is not None}
    given |= dict.fromkeys(personalised.not_known, UNKNOWN)
    pairs = [
        (name, query_value(given[name])) for name in input_fields(summary.aid) if name in given
    ]
    pairs += [(RATING + key, str(rating)) for key, rating in summary.ratings.items()]
    if summary.decision is not None:
        pairs.append((LEANING, summary.decision.id))
    return pairs


def packed_url(
    base: str, aid: DecisionAid, pairs: Iterable[tuple[str, str]], page: Page = "aid"
) -> str:
    """`aid`'s patient page (or its printable summary) opened with `pairs`, packed into one code.

    Without an answer to pack, the plain page.
    """
    path = f"{base.rstrip('/')}/aids/{aid.slug}" + ("/summary" if page == "summary" else "")
    given = [(name, value) for name, value in pairs if value.strip()]
    return f"{path}?{urlencode([(PARAM, pack(aid, given))])}" if given else path


def patient_page_url(base: str, summary: Summary, page: Page = "aid") -> str:
    """The aid's patient page (or its printable summary) opened with the summary's answers."""
    return packed_url(base, summary.aid, answers(summary), page)
