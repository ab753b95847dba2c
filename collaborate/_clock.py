"""Times as the database stores them: naive datetimes in UTC."""

from __future__ import annotations

import datetime as dt


def utc(moment: dt.datetime | None = None) -> dt.datetime:
    """``moment`` (default: now) in UTC without a time zone; a naive ``moment`` is taken as UTC."""
    if moment is None:
        moment = dt.datetime.now(dt.UTC)
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment


def month_of(day: dt.date) -> str:
    """The ``YYYY-MM`` month that reports group by."""
    return f"{day.year:04d}-{day.month:02d}"
