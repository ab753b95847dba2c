"""Shared helpers for the feedback tests (imported by path: tests/ is not a package)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, func, select

from collaborate import dashboard
from collaborate._tables import cells, links, responses
from collaborate.accounts import COOKIE, sign_in
from collaborate.database import transaction
from collaborate.links import Consultation

__all__ = [
    "NOW",
    "TODAY",
    "add_responses",
    "answered_links",
    "cell_totals",
    "consultation",
    "count",
    "responses",
    "store_cell",
]

NOW = dt.datetime(2026, 3, 10, 12, 0)
TODAY = NOW.date()


def consultation(**changes: object) -> Consultation:
    fields: dict[str, object] = {
        "clinician": "C1234567",
        "site": "Y02345",
        "aid": "af-anticoagulation",
        "date": TODAY,
    }
    fields.update(changes)
    return Consultation(**fields)  # type: ignore[arg-type]


def count(engine: Engine, table: object) -> int:
    with transaction(engine, write=False) as connection:
        return int(connection.execute(select(func.count()).select_from(table)).scalar_one())  # type: ignore[arg-type]


def answered_links(engine: Engine) -> int:
    with transaction(engine, write=False) as connection:
        query = select(func.count()).where(links.c.answered_at.is_not(None))
        return int(connection.execute(query).scalar_one())


def cell_totals(engine: Engine) -> int:
    with transaction(engine, write=False) as connection:
        return int(
            connection.execute(select(func.coalesce(func.sum(cells.c.responses), 0))).scalar_one()
        )


def add_responses(engine: Engine, n: int, points: tuple[int | None, ...], **about: object) -> None:
    """``n`` answered links for one consultation, all with the same answers."""
    from collaborate.links import create_link
    from collaborate.responses import Answers, submit_response

    for _ in range(n):
        link = create_link(engine, consultation(**about), now=NOW)
        submit_response(engine, link.token, Answers.of(*points), now=NOW)


def store_cell(engine: Engine, key: dict[str, object], answers: list[object]) -> None:
    """Store ``answers`` (``Answers``) for one cell directly, with the cell's running sums: a
    fast way to fill a database for property tests (the survey's own path is tested elsewhere)."""
    from collections import Counter

    from sqlalchemy import insert

    from collaborate.responses import Answers

    sums: Counter[str] = Counter()
    rows = []
    for a in answers:
        assert isinstance(a, Answers)
        sums.update(a.sums(int(key["scale_max"])))  # type: ignore[call-overload]
        rows.append({**key, "consultation_date": dt.date.fromisoformat(f"{key['month']}-01"),
                     **a.values})  # fmt: skip
    with transaction(engine, write=True) as connection:
        connection.execute(insert(responses), rows)
        connection.execute(insert(cells).values(**key, **sums))


def sign_in_page(monkeypatch: pytest.MonkeyPatch, engine: Engine, password: str) -> str:
    """Sign in as the server's page does, and give the evaluator page the cookie a browser would
    send (AppTest cannot send cookies); the session's token."""
    attempt = sign_in(engine, "evaluator", password, "192.0.2.1")
    assert attempt.token is not None
    real = dashboard.local_user
    monkeypatch.setattr(
        dashboard, "local_user", lambda e, cookies: real(e, {COOKIE: attempt.token})
    )
    return attempt.token
