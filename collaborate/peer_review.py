"""Peer review: a colleague who observed a consultation (or listened to its recording) scores it
with Observer OPTION-5 (:mod:`collaborate.observer`) and writes feedback for the clinician.

:func:`check_peer_review` checks a filled-in form and says, beside each field, what to fix
(:class:`PeerReviewInvalid`); :func:`record_peer_review` stores a checked review;
:func:`reviews_of` gives a clinician their own reviews and :func:`count_by_site` the sums the
evaluator's table is made from. Reviews carry codes, never names, and nothing about the patient.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import Engine, func, insert, select

from collaborate import codes
from collaborate._clock import utc
from collaborate._tables import FEEDBACK_LENGTH, OBSERVER_ITEM_IDS, peer_reviews
from collaborate.database import transaction
from collaborate.errors import FeedbackError
from collaborate.observer import ObserverScore, load_observer, score_option5
from collaborate.training import Who

__all__ = [
    "OBSERVED",
    "PeerReview",
    "PeerReviewInvalid",
    "SiteReviews",
    "check_peer_review",
    "count_by_site",
    "record_peer_review",
    "reviews_of",
]

#: How the reviewer saw the consultation, as stored and as shown.
OBSERVED: Mapping[str, str] = {"in_person": "In person", "recording": "From a recording"}


@dataclass(frozen=True)
class PeerReview:
    """One consultation, scored by a colleague."""

    reviewer: str
    clinician: str
    site: str
    review_date: dt.date  # the day of the consultation
    observed: str  # a key of OBSERVED
    items: tuple[int, int, int, int, int]
    feedback: str | None

    @property
    def score(self) -> ObserverScore:
        return score_option5(self.items)


class PeerReviewInvalid(FeedbackError, ValueError):
    """A form that cannot be stored; ``problems`` maps each field to what to fix."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        self.problems = dict(problems)
        super().__init__(" ".join(self.problems.values()))


_MISSING = {
    "reviewer": "Enter your own code as the reviewer, such as your GMC or NMC number.",
    "clinician": "Enter the code of the clinician whose consultation you reviewed.",
    "site": "Enter the site code, such as the practice's ODS code.",
}


def _code(value: str | None, field: str, problems: dict[str, str]) -> str:
    text = (value or "").strip()
    if not text:
        problems[field] = _MISSING[field]
        return text
    try:
        return codes.check_code(text, field)
    except ValueError as error:
        problems[field] = f"{str(error)[0].upper()}{str(error)[1:]}."
        return text


def _date(value: dt.date | None, today: dt.date, problems: dict[str, str]) -> dt.date:
    if value is None:
        problems["review_date"] = "Enter the date of the consultation you reviewed."
        return today
    if value > today:
        problems["review_date"] = (
            f"The consultation date {value:%d %B %Y} is after today: enter the day it took place."
        )
    return value


def _items(values: Sequence[int | None], problems: dict[str, str]) -> tuple[int, ...]:
    top = load_observer().scale.max
    if len(values) != len(OBSERVER_ITEM_IDS):
        raise ValueError(f"OPTION-5 has {len(OBSERVER_ITEM_IDS)} items; got {len(values)} scores")
    for number, (item, value) in enumerate(zip(OBSERVER_ITEM_IDS, values, strict=True), start=1):
        if value is None:
            problems[item] = f"Score item {number}, from 0 to {top}."
        elif isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= top:
            problems[item] = f"Item {number} is scored from 0 to {top}; {value!r} is not."
    return tuple(v if isinstance(v, int) else 0 for v in values)


def _feedback(value: str | None, problems: dict[str, str]) -> str | None:
    text = (value or "").strip()
    if len(text) > FEEDBACK_LENGTH:
        problems["feedback"] = (
            f"Shorten the feedback to {FEEDBACK_LENGTH:,} characters or fewer; it has "
            f"{len(text):,}."
        )
    elif codes.contains_nhs_number(text):
        problems["feedback"] = (
            "The feedback seems to hold an NHS number. Take out anything that could identify "
            "the patient."
        )
    return text or None


def check_peer_review(
    *,
    reviewer: str | None,
    clinician: str | None,
    site: str | None,
    review_date: dt.date | None,
    observed: str | None,
    items: Sequence[int | None],
    feedback: str | None = None,
    today: dt.date | None = None,
) -> PeerReview:
    """The review, checked; or :class:`PeerReviewInvalid` with a plain message per field.

    Every item must be scored (a review is scored only when complete), the reviewer must not be
    the clinician reviewed, and the consultation cannot be in the future.
    """
    problems: dict[str, str] = {}
    reviewer_code = _code(reviewer, "reviewer", problems)
    clinician_code = _code(clinician, "clinician", problems)
    site_code = _code(site, "site", problems)
    if reviewer_code and reviewer_code == clinician_code and "clinician" not in problems:
        problems["reviewer"] = (
            "A peer review is by a colleague: the reviewer's code is the same as the "
            "clinician's. Enter your own code as the reviewer."
        )
    day = _date(review_date, today or utc().date(), problems)
    if observed not in OBSERVED:
        problems["observed"] = "Choose how you saw the consultation: in person or from a recording."
    scores = _items(items, problems)
    text = _feedback(feedback, problems)
    if problems:
        raise PeerReviewInvalid(problems)
    return PeerReview(
        reviewer=reviewer_code,
        clinician=clinician_code,
        site=site_code,
        review_date=day,
        observed=str(observed),
        items=scores,  # type: ignore[arg-type]
        feedback=text,
    )


def record_peer_review(engine: Engine, review: PeerReview) -> None:
    """Store a review made by :func:`check_peer_review`."""
    values = {
        "reviewer": review.reviewer,
        "clinician": review.clinician,
        "site": review.site,
        "review_date": review.review_date,
        "observed": review.observed,
        "feedback": review.feedback,
        **dict(zip(OBSERVER_ITEM_IDS, review.items, strict=True)),
    }
    with transaction(engine, write=True) as connection:
        connection.execute(insert(peer_reviews).values(**values))


def reviews_of(engine: Engine, clinician: str) -> list[PeerReview]:
    """A clinician's own peer reviews, the newest first."""
    query = (
        select(peer_reviews)
        .where(peer_reviews.c.clinician == clinician)
        .order_by(peer_reviews.c.review_date.desc(), peer_reviews.c.id.desc())
    )
    with transaction(engine, write=False) as connection:
        rows = connection.execute(query).all()
    return [
        PeerReview(
            reviewer=r.reviewer,
            clinician=r.clinician,
            site=r.site,
            review_date=r.review_date,
            observed=r.observed,
            items=tuple(int(r._mapping[item]) for item in OBSERVER_ITEM_IDS),  # type: ignore[arg-type]
            feedback=r.feedback,
        )
        for r in rows
    ]


@dataclass(frozen=True)
class SiteReviews:
    site: str
    reviews: int
    total_sum: int  # the sum of the reviews' raw OPTION-5 totals (0-20 each)


def count_by_site(engine: Engine, who: Who | None = None) -> list[SiteReviews]:
    """How many reviews each site has, and the sum of their raw totals, sorted by site."""
    c = peer_reviews.c
    total = sum((c[item] for item in OBSERVER_ITEM_IDS[1:]), c[OBSERVER_ITEM_IDS[0]])
    query = (
        select(c.site, func.count().label("reviews"), func.sum(total).label("total_sum"))
        .where(*(who or Who()).conditions(peer_reviews))
        .group_by(c.site)
        .order_by(c.site)
    )
    with transaction(engine, write=False) as connection:
        rows = connection.execute(query).all()
    return [SiteReviews(str(r.site), int(r.reviews), int(r.total_sum)) for r in rows]
