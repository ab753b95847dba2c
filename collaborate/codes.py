"""Checks on the codes stored with feedback: clinician and site codes, aid slugs, option ids.

A code names a clinician or a site (e.g. a GMC number or an ODS code), never a patient. Ten
digits look like an NHS number, so they are refused outright.
"""

from __future__ import annotations

import re

from collaborate._tables import CODE_LENGTH, OPTION_LENGTH, SLUG_LENGTH

__all__ = ["check_code", "check_option", "check_slug", "contains_nhs_number"]

_CODE = re.compile(rf"[A-Za-z0-9][A-Za-z0-9._-]{{0,{CODE_LENGTH - 1}}}")
_NHS_NUMBER = re.compile(r"\d{3}[ -]?\d{3}[ -]?\d{4}")
_NHS_NUMBER_IN_TEXT = re.compile(rf"(?<!\d){_NHS_NUMBER.pattern}(?!\d)")
_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_OPTION = re.compile(r"[a-z0-9]+([-_][a-z0-9]+)*")


def check_code(value: str, what: str) -> str:
    """A clinician or site code as given, or ``ValueError`` saying what a code looks like."""
    if _NHS_NUMBER.fullmatch(value):
        raise ValueError(
            f"the {what} code {value!r} looks like an NHS number: feedback must never carry a "
            f"patient's identity; give the {what}'s own code (e.g. a GMC number or ODS code)"
        )
    if not _CODE.fullmatch(value):
        raise ValueError(
            f"the {what} code {value!r} is not a code: use 1 to {CODE_LENGTH} letters, digits, "
            "dots, hyphens or underscores, starting with a letter or digit (e.g. C1234567, Y02345)"
        )
    return value


def check_slug(value: str) -> str:
    """An aid's slug as given, or ``ValueError``; whether the aid exists is the caller's check."""
    if len(value) > SLUG_LENGTH or not _SLUG.fullmatch(value):
        raise ValueError(
            f"{value!r} is not an aid's slug: use lower-case words joined by hyphens, as listed by "
            "`decision-aids list` (e.g. af-anticoagulation)"
        )
    return value


def check_option(value: str) -> str:
    """An option's id as given, or ``ValueError``."""
    if len(value) > OPTION_LENGTH or not _OPTION.fullmatch(value):
        raise ValueError(
            f"{value!r} is not an option id: use the id given in the aid's content "
            "(lower-case letters and digits joined by hyphens or underscores)"
        )
    return value


def contains_nhs_number(text: str) -> bool:
    """Whether free text holds something shaped like an NHS number (ten digits, maybe spaced)."""
    return _NHS_NUMBER_IN_TEXT.search(text) is not None
