"""What matters to a person, and how sure they feel: the one place that interprets both.

:func:`option_fit` turns a person's ratings of an aid's "what matters to me" statements into which
options fit what they said, and why, in words. :func:`sure_test` scores the four-item SURE test.
Pages and apps show what these return and decide nothing themselves.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from decision_aids.model import DecisionAid, Option

#: How much a statement matters, as a person rates it (0 to 4), with the words shown for each.
IMPORTANCE_LABELS: tuple[str, ...] = (
    "Does not matter to me",
    "Matters a little",
    "Matters somewhat",
    "Matters a lot",
    "Matters most of all",
)
MAX_IMPORTANCE = len(IMPORTANCE_LABELS) - 1
#: The question asked of every statement (each names a thing that may matter, as lint checks).
IMPORTANCE_QUESTION = "How much does this matter to you?"


class AnswerError(ValueError):
    """Answers that cannot be used; `problems` maps each field to what is wrong."""

    def __init__(self, problems: dict[str, str]):
        self.problems = problems
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))


@dataclass(frozen=True)
class OptionFit:
    option: Option
    score: int
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class ValuesResult:
    """Options ordered by how well they fit what the person said, and a sentence saying so."""

    fits: tuple[OptionFit, ...]
    summary: str

    @property
    def leaning(self) -> tuple[Option, ...]:
        """The options that fit best, if any fit better than the others."""
        return _best(self.fits)


def _best(fits: tuple[OptionFit, ...]) -> tuple[Option, ...]:
    """The options with the top score (`fits` is ordered best first); none if all tie, as they
    do when nothing scores."""
    best = tuple(f.option for f in fits if f.score == fits[0].score)
    return () if len(best) == len(fits) else best


def parse_importance(aid: DecisionAid, raw: Mapping[str, Any]) -> dict[str, int]:
    """Validate ratings keyed by value-statement id (0 to 4); blank means not answered."""
    known = {v.id for v in aid.values}
    ratings: dict[str, int] = {}
    problems: dict[str, str] = {}
    for key, value in raw.items():
        if key not in known:
            problems[key] = f"'{key}' is not a statement of this aid"
            continue
        text = str(value).strip()
        if text == "":
            continue
        try:
            number = int(text)
        except ValueError:
            problems[key] = f"choose how much this matters (0 to {MAX_IMPORTANCE}), not {text!r}"
            continue
        if not 0 <= number <= MAX_IMPORTANCE:
            problems[key] = f"{number} is outside 0 to {MAX_IMPORTANCE}"
            continue
        ratings[key] = number
    if problems:
        raise AnswerError(problems)
    return ratings


def option_fit(aid: DecisionAid, raw: Mapping[str, Any]) -> ValuesResult:
    """Which options fit the person's ratings; each option scores the ratings leaning to it."""
    ratings = parse_importance(aid, raw)
    fits = []
    for option in aid.options:
        leaning = [v for v in aid.values if option.id in v.leans_to and ratings.get(v.id, 0) > 0]
        reasons = tuple(
            f"You said “{v.statement}” {IMPORTANCE_LABELS[ratings[v.id]].lower()}."
            for v in sorted(leaning, key=lambda v: -ratings[v.id])
        )
        fits.append(OptionFit(option, sum(ratings[v.id] for v in leaning), reasons))
    fits.sort(key=lambda f: -f.score)  # stable: equal scores keep the aid's order
    leaning = _best(tuple(fits))
    if not ratings:
        summary = "You have not said yet what matters to you."
    elif not leaning:
        summary = "What you said does not lean towards one option more than the others."
    else:
        names = " and ".join(o.name for o in leaning)
        summary = f"What you said leans towards: {names}."
    return ValuesResult(tuple(fits), summary)


#: The SURE test (Légaré et al., Can Fam Physician 2010;56:e308–14), wording as published.
SURE_ITEMS: tuple[tuple[str, str, str], ...] = (
    ("sure", "Sure of myself", "Do you feel SURE about the best choice for you?"),
    ("understand", "Understand information", "Do you know the benefits and risks of each option?"),
    (
        "risk_benefit",
        "Risk–benefit ratio",
        "Are you clear about which benefits and risks matter most to you?",
    ),
    ("encouragement", "Encouragement", "Do you have enough support and advice to make a choice?"),
)

_YES = {"yes", "y", "true", "1", "on"}
_NO = {"no", "n", "false", "0", "off"}


@dataclass(frozen=True)
class SureResult:
    score: int
    conflict: bool
    unsure_about: tuple[str, ...]
    summary: str


def sure_test(raw: Mapping[str, Any]) -> SureResult:
    """Score the SURE test: yes = 1, no = 0; any 'no' (a score of 3 or less) flags conflict."""
    problems: dict[str, str] = {}
    answers: dict[str, bool] = {}
    for key, _, _ in SURE_ITEMS:
        value = str(raw.get(key, "")).strip().lower()
        if value in _YES:
            answers[key] = True
        elif value in _NO:
            answers[key] = False
        else:
            problems[key] = (
                "answer yes or no" if value == "" else f"answer yes or no, not {value!r}"
            )
    unknown = set(raw) - {key for key, _, _ in SURE_ITEMS}
    problems.update(dict.fromkeys(sorted(unknown), "not a question of the SURE test"))
    if problems:
        raise AnswerError(problems)
    score = sum(answers.values())
    unsure = tuple(question for key, _, question in SURE_ITEMS if not answers[key])
    if unsure:
        summary = (
            "You may not feel ready to decide yet. It can help to talk through the "
            "questions you answered 'no' to."
        )
    else:
        summary = "You answered yes to all four questions: you may feel ready to decide."
    return SureResult(score, bool(unsure), unsure, summary)
