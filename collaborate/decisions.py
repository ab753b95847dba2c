"""Recording what was decided in a consultation: the aid, the option chosen (or "not decided
yet"), site, clinician code and date — never who the person is.

The report (:mod:`collaborate.report`) counts the choices per aid and month, prices them with
the options' costs, and shows them next to the collaboRATE scores for the same aid and month.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, insert

from collaborate import codes
from collaborate._clock import month_of
from collaborate._tables import decisions
from collaborate.database import transaction

__all__ = ["NOT_DECIDED", "record_decision"]

#: How a decision not yet made is shown (it is stored as NULL).
NOT_DECIDED = "not decided yet"


def record_decision(
    engine: Engine,
    *,
    aid: str,
    option: str | None,
    site: str,
    clinician: str,
    date: dt.date,
) -> None:
    """Store one decision; ``option=None`` means "not decided yet".

    That ``option`` is one of the aid's options is the caller's check (the consultation app
    offers only those); here its form is checked.
    """
    values = {
        "aid": codes.check_slug(aid),
        "option": None if option is None else codes.check_option(option),
        "site": codes.check_code(site, "site"),
        "clinician": codes.check_code(clinician, "clinician"),
        "decision_date": date,
        "month": month_of(date),
    }
    with transaction(engine, write=True) as connection:
        connection.execute(insert(decisions).values(**values))
