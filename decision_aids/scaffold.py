"""The template every new aid starts from, filled in for one slug."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

TEMPLATE = Path(__file__).parent / "templates" / "new-aid.md"


def a_year_after(day: dt.date) -> dt.date:
    """The same date a year later (28 February after a 29 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def new_aid_text(slug: str, title: str | None = None, today: dt.date | None = None) -> str:
    """A new aid's text: the template with its slug, title and review dates filled in.

    It validates as it stands; the lint check `template-text` lists what is left to write.
    """
    today = today or dt.date.today()
    values = {
        "slug": slug,
        "title": title or slug.replace("-", " ").capitalize(),
        "today": today.isoformat(),
        "next_review": a_year_after(today).isoformat(),
    }
    text = TEMPLATE.read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text
