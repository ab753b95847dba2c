"""The one warning that an aid is a draft, in the words every page, summary and command use."""

from __future__ import annotations

from decision_aids.model import Review

#: Shown wherever an aid whose review status is `draft` is shown, and written nowhere else.
DRAFT_WARNING = "This decision aid is a draft: no clinician has reviewed it yet."


def review_status(review: Review) -> str:
    """Whether a clinician has reviewed the aid: :data:`DRAFT_WARNING`, or who reviewed it."""
    if review.status == "draft":
        return DRAFT_WARNING
    return "Reviewed by " + ", ".join(r.name for r in review.reviewers) + "."
