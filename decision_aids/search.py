"""Find aids by the plain words a patient would type: "knee", "blood thinner", "heavy periods".

Every word typed (bar a few small ones) must appear in the aid's title, question, condition,
keywords, option names or who it is for. Words match when one starts the other and the shorter
has at least four letters, so "knees" finds "knee" and "thinner" finds "thinners"; shorter words
("AF", "hip") must match whole. Matches in the title count most, then keywords, then the rest.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from decision_aids.model import DecisionAid

_WORD = re.compile(r"[a-z0-9]+")
_SMALL_WORDS = frozenset(
    {"a", "an", "and", "about", "do", "for", "i", "if", "in", "is", "it", "me", "my", "of"}
    | {"on", "or", "should", "the", "to", "what", "which", "with"}
)
_MIN_PREFIX = 4


def words(text: str) -> list[str]:
    """Lower-case words, without the small ones that every aid has."""
    return [w for w in _WORD.findall(text.lower()) if w not in _SMALL_WORDS]


def _matches(word: str, candidate: str) -> bool:
    if word == candidate:
        return True
    shorter, longer = sorted((word, candidate), key=len)
    return len(shorter) >= _MIN_PREFIX and longer.startswith(shorter)


def _fields(aid: DecisionAid) -> list[tuple[int, set[str]]]:
    """The aid's searchable words, with a weight for where they are."""
    return [
        (4, set(words(aid.title))),
        (3, set(words(" ".join(aid.keywords)))),
        (2, set(words(" ".join([aid.question, aid.condition])))),
        (1, set(words(" ".join([aid.for_whom, *(o.name for o in aid.options)])))),
    ]


def _score(query: list[str], aid: DecisionAid) -> int:
    """How well `aid` matches every query word; 0 if any word is missing."""
    total = 0
    fields = _fields(aid)
    for word in query:
        best = max(
            (weight for weight, found in fields if any(_matches(word, c) for c in found)),
            default=0,
        )
        if best == 0:
            return 0
        total += best
    return total


def search(aids: Iterable[DecisionAid], query: str) -> list[DecisionAid]:
    """The aids matching every word of `query`, best first; all aids (by title) for no words."""
    everything = sorted(aids, key=lambda a: a.title.lower())
    wanted = words(query)
    if not wanted:
        return everything
    scored = [(score, aid) for aid in everything if (score := _score(wanted, aid))]
    return [aid for _, aid in sorted(scored, key=lambda pair: -pair[0])]
