"""A summary view with every field filled, and every text in it: for the tests that each renderer
(text, HTML, PDF, the patient page, the Streamlit page) shows every field of the view model."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from support.data import AF_PERSON

from decision_aids.content import load_library
from decision_aids.summary import Link, SummaryView, build_summary, summary_view
from decision_aids.values import SURE_ITEMS

AF = load_library().aids["af-anticoagulation"]
DAY = dt.date(2026, 11, 24)
#: Answers that fill every field: a decision, a rating, a SURE "no", a question, a link.
RATED = {"lower-stroke-chance": "4"}
SURE_ANSWERS = {key: "no" if key == "understand" else "yes" for key, _, _ in SURE_ITEMS}
DECISION = "warfarin"
QUESTIONS = ("Which DOAC would suit me, and why?",)  # one of the aid's own questions
LINKS = (Link("Your aid, with your numbers", "https://example.org/aids/af?age=76"),)


def full_view() -> SummaryView:
    """The AF aid's summary for the example person, with every field of the view filled."""
    summary = build_summary(
        AF,
        AF_PERSON,
        importance=RATED,
        sure_answers=SURE_ANSWERS,
        decision=DECISION,
        today=DAY,
    )
    return summary_view(summary, links=LINKS, questions=QUESTIONS)


def texts(value: Any, path: str = "view") -> dict[str, str]:
    """Every text in a view model, by where it is ('view.outcomes[0].label'), white space squeezed.

    Every dataclass field is walked, so a field added to the model is in the result; flags
    (`bool`) are for layout and are not texts. An empty text or tuple fails, so that the example
    it is given really fills every field.
    """
    if isinstance(value, bool):
        return {}
    if isinstance(value, str):
        assert value.strip(), f"{path} is empty: fill it in the example"
        return {path: " ".join(value.split())}
    if isinstance(value, tuple):
        assert value, f"{path} is empty: fill it in the example"
        found: dict[str, str] = {}
        for i, item in enumerate(value):
            found |= texts(item, f"{path}[{i}]")
        return found
    assert dataclasses.is_dataclass(value), f"{path}: {type(value).__name__} is not shown"
    found = {}
    for field in dataclasses.fields(value):
        found |= texts(getattr(value, field.name), f"{path}.{field.name}")
    return found


def missing(view: SummaryView, shown: str, *, squeeze: bool = False) -> dict[str, str]:
    """The texts of `view` not in `shown` (the renderer's words); none if it shows every field.

    With `squeeze`, white space is ignored altogether (a PDF may break a long word across lines).
    """

    def norm(text: str) -> str:
        return "".join(text.split()) if squeeze else text

    words = norm(shown)
    return {path: text for path, text in texts(view).items() if norm(text) not in words}
