"""pydantic's validation errors in words a clinician who does not program can act on.

pydantic says "String should match pattern '^[a-z0-9]+(-[a-z0-9]+)*$'" or "Input should be 100
or 1000"; an author needs to read what is wrong with the value they wrote and what to write
instead. :func:`plain_error` turns one of pydantic's error details into that pair; every kind
of error has a sentence here, and a kind without one gets a general sentence, never pydantic's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from pydantic_core import ErrorDetails

_PROBABILITY = "probabilities are decimals from 0 to 1: '4 in 100' is 0.04"
_DATE = "write dates as YYYY-MM-DD, e.g. 2026-11-24"
_URL = "give a full link that starts with https:// (a DOI, PubMed or guideline page)"
_SCHEMA = "`decision-aids schema` lists every field and what it takes"
_NUMBER = "write a number such as 12 or 0.04, without units or a % sign"
_WHOLE_NUMBER = "write a whole number such as 12, without units"
_ID = "use lower-case letters and digits, with words joined by '-' or '_', e.g. 'watchful-waiting'"
_SLUG = "use lower-case letters and digits, with words joined by '-', e.g. 'knee-replacement'"
_MAX_SHOWN = 40


def shown(value: Any) -> str:
    """The value an author wrote, as they would recognise it in their file."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return f"{value:g}"
    if isinstance(value, str):
        text = value if len(value) <= _MAX_SHOWN else value[: _MAX_SHOWN - 1] + "…"
        return f"'{text}'"
    return "what is written here"


def _is_probability(path: Sequence[str | int]) -> bool:
    """A figure's `probability`, or a baseline's `value`: the fields that take a chance."""
    return "probability" in path or tuple(path[-2:]) == ("baseline", "value")


#: pydantic's bound → how a value breaks it, and the rule to give.
_BOUNDS = {
    "ge": ("is less than {bound}, the smallest value allowed here", "of at least {bound}"),
    "gt": ("is not above {bound}", "above {bound}"),
    "le": ("is more than {bound}, the largest value allowed here", "of at most {bound}"),
    "lt": ("is not below {bound}", "below {bound}"),
}


def _limit(key: str) -> Callable[[ErrorDetails, Sequence[str | int]], tuple[str, str]]:
    """A number outside the bound pydantic calls `key` (``ge``, ``gt``, ``le``, ``lt``)."""
    breaks, rule = _BOUNDS[key]

    def plain(error: ErrorDetails, path: Sequence[str | int]) -> tuple[str, str]:
        bound = shown(error.get("ctx", {}).get(key))
        message = f"{shown(error['input'])} {breaks.format(bound=bound)}"
        if _is_probability(path):
            return message, _PROBABILITY
        if key == "gt" and path and path[-1] == "value":  # an effect's ratio, a time frame
            return message, "a ratio or a time frame must be above 0"
        return message, "write a number " + rule.format(bound=bound)

    return plain


def _choices(error: ErrorDetails, path: Sequence[str | int]) -> tuple[str, str]:
    expected = str(error.get("ctx", {}).get("expected", "")).replace("True", "true")
    return f"{shown(error['input'])} is not one of the values allowed here", f"write {expected}"


def _pattern(error: ErrorDetails, path: Sequence[str | int]) -> tuple[str, str]:
    if path and path[-1] == "slug":
        return f"{shown(error['input'])} cannot be used as the slug", _SLUG
    return f"{shown(error['input'])} cannot be used as an id", _ID


def _too_short(error: ErrorDetails, path: Sequence[str | int]) -> tuple[str, str]:
    least = error.get("ctx", {}).get("min_length", 1)
    return (
        f"this list needs at least {least} {'entry' if least == 1 else 'entries'}",
        "add one '- item' line for each",
    )


def _too_long(error: ErrorDetails, path: Sequence[str | int]) -> tuple[str, str]:
    most = error.get("ctx", {}).get("max_length")
    return f"this is longer than the {most} characters allowed", "shorten it"


def _fixed(
    message: str, hint: str
) -> Callable[[ErrorDetails, Sequence[str | int]], tuple[str, str]]:
    return lambda error, path: (message.format(value=shown(error["input"])), hint)


_PLAIN: dict[str, Callable[[ErrorDetails, Sequence[str | int]], tuple[str, str]]] = {
    "missing": _fixed("this field is missing", f"add it; {_SCHEMA}"),
    "greater_than_equal": _limit("ge"),
    "greater_than": _limit("gt"),
    "less_than_equal": _limit("le"),
    "less_than": _limit("lt"),
    "literal_error": _choices,
    "enum": _choices,
    "string_pattern_mismatch": _pattern,
    "string_type": _fixed(
        "this should be text",
        "write text here; if you meant the word yes, no, on or off, put it in quotes",
    ),
    "string_too_short": _fixed("this is empty", "write some text here, or remove the field"),
    "string_too_long": _too_long,
    "too_short": _too_short,
    "too_long": _too_long,
    "float_parsing": _fixed("{value} is not a number", _NUMBER),
    "float_type": _fixed("{value} is not a number", _NUMBER),
    "int_parsing": _fixed("{value} is not a whole number", _WHOLE_NUMBER),
    "int_type": _fixed("{value} is not a whole number", _WHOLE_NUMBER),
    "int_from_float": _fixed("{value} is not a whole number", _WHOLE_NUMBER),
    "bool_parsing": _fixed("{value} is not yes or no", "write true or false"),
    "bool_type": _fixed("{value} is not yes or no", "write true or false"),
    "date_parsing": _fixed("{value} is not a date", _DATE),
    "date_from_datetime_parsing": _fixed("{value} is not a date", _DATE),
    "date_from_datetime_inexact": _fixed("{value} is not a date", _DATE),
    "date_type": _fixed("{value} is not a date", _DATE),
    "url_parsing": _fixed("{value} is not a full web address", _URL),
    "url_scheme": _fixed("{value} is not a web address", "give a link that starts with https://"),
    "url_type": _fixed("{value} is not a web address", _URL),
    "list_type": _fixed("this should be a list", "give a list: one '- item' per line, or [a, b]"),
    "dict_type": _fixed(
        "this should be a group of fields", "give 'name: value' lines indented under this field"
    ),
    "model_type": _fixed(
        "this should be a group of fields", "give 'name: value' lines indented under this field"
    ),
    "model_attributes_type": _fixed(
        "this should be a group of fields", "give 'name: value' lines indented under this field"
    ),
}
_GENERAL = (
    "what is written here is not what this field takes",
    f"see the field in docs/authoring.md; {_SCHEMA}",
)


#: Error types whose message is our own, already written for authors: our validators' (pydantic's
#: ``value_error``) and the one the model names for an option's figure.
_OURS = {"value_error", "option_figure"}


def plain_error(error: ErrorDetails, path: Sequence[str | int]) -> tuple[str, str]:
    """What is wrong and what to do, for one of pydantic's errors at the field `path`."""
    kind = error["type"]
    if kind in _PLAIN:
        return _PLAIN[kind](error, path)
    if kind in _OURS:
        return error["msg"].removeprefix("Value error, "), ""
    return _GENERAL
