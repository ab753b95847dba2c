"""An author's preview of one content file: what the validator and the linter say about it.

:func:`preview` parses a file's text as the loader does and, when it parses, runs every quality
check, returning the aid (or None) and all findings as the loader's :class:`Problem`s, errors
first. It is what ``decision-aids validate FILE`` reports, for text that need not be on disk yet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from decision_aids import lint
from decision_aids.content import Problem, parse_aid
from decision_aids.model import DecisionAid, FieldPath

#: The name pasted text goes by; the loader does not compare a slug with it.
PASTED = "<text>"


@dataclass(frozen=True)
class Preview:
    aid: DecisionAid | None
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "warning")


def _no_line(_: FieldPath) -> int | None:
    return None


def preview(text: str, name: str = PASTED, today: dt.date | None = None) -> Preview:
    """The aid in `text` (None if it does not load) and every problem with it, errors first.

    `name` is the file's name (its stem must match the slug), or :data:`PASTED`. The quality
    checks' findings name the field to fix; only the loader's problems carry a line number.
    """
    aid, problems = parse_aid(text, name)
    if aid is not None:
        problems += lint.to_problems(lint.lint(aid, today), name, _no_line)
    ordered = sorted(problems, key=lambda p: p.severity != "error")  # stable: file order kept
    return Preview(aid, tuple(ordered))
