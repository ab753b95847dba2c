"""A person's answers packed into an address short enough to type from a printed page.

The patient page's form writes every answer by name (``?age=76&sex=female&matters.x=4&...``),
about 470 characters for the atrial fibrillation aid. A printed summary gives the same answers
as one short code instead: ``/aids/af-anticoagulation?a=176-1212222--22-2543524112111fxy``.
The server stores nothing: the code is the answers, in the order of the aid's own form.

The code, format 1, is the format's digit, then one token per answer in the form's order (see
:func:`slots`), then the questions ticked, then two check characters:

- a question with choices (yes/no, a rating, an option): one character, ``0`` for not answered
  or the choice's place in the list (``1`` for the first, up to ``z``, the 35th);
- a question answered in words or numbers (age, a lab value), or a choice question given an
  answer that is none of its choices (say "unknown"): the answer, then ``-``; in a choice
  question it starts with ``-`` too. Letters other than ``a``-``z``, ``0``-``9`` and ``.`` are
  written as ``_`` and their UTF-8 bytes in hex, so any answer comes back exactly;
- the questions ticked (``ask=0``, ``ask=3``...), as a whole number in base 36 whose bit ``n``
  is question ``n``;
- the check: two base-36 characters from a hash of the aid's form and a weighted sum of the
  rest of the code. Every code with one character typed wrongly, or two neighbours swapped, is
  refused with a message, never read as other answers; so is a code made before the aid's form
  changed (a question added or moved), but for about 1 in 1,291 by chance.

Unanswered questions at the end are left out. Codes are read in lower or upper case alike.
Addresses in the long form keep working: only ``a`` is read this way.
"""

from __future__ import annotations

import hashlib
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from decision_aids.answers import ASK, LEANING, RATING, SURE, UNSURE
from decision_aids.forms import calculator_fields
from decision_aids.model import DecisionAid
from decision_aids.values import IMPORTANCE_LABELS, SURE_ITEMS

#: The name of the address's parameter holding the packed answers.
PARAM = "a"
FORMAT = "1"
_DIGITS = string.digits + string.ascii_lowercase  # base 36
_PLAIN = frozenset(_DIGITS + ".")
_END = "-"
_ESCAPE = "_"
_CHECK = 2
_SYMBOLS = _DIGITS + _END + _ESCAPE + "."  # every character a code may hold
_PRIME = 1291  # the largest prime under 36 ** 2
_MOST_QUESTIONS = 64  # a page lists far fewer; a bound on what a code may claim


class AddressError(ValueError):
    """A packed address that cannot be read; the message says what to do."""


@dataclass(frozen=True)
class Slot:
    """One question of the aid's form: its field name and its choices (none: free text)."""

    name: str
    choices: tuple[str, ...] = ()


def slots(aid: DecisionAid) -> tuple[Slot, ...]:
    """The questions of `aid`'s page in the order the code holds them: the calculator inputs,
    the "what matters to me" statements, the SURE test, then the option leaned towards."""
    inputs = [Slot(f.name, tuple(c.value for c in f.choices)) for f in calculator_fields(aid)]
    ratings = tuple(str(level) for level in range(len(IMPORTANCE_LABELS)))
    return (
        *(s if len(s.choices) < len(_DIGITS) else Slot(s.name) for s in inputs),
        *(Slot(RATING + value.id, ratings) for value in aid.values),
        *(Slot(SURE + key, ("yes", "no")) for key, _, _ in SURE_ITEMS),
        Slot(LEANING, (*(option.id for option in aid.options), UNSURE)),
    )


def _escape(text: str) -> str:
    return "".join(
        c if c in _PLAIN else "".join(f"{_ESCAPE}{b:02x}" for b in c.encode()) for c in text
    )


def _check(aid_slots: Sequence[Slot], body: str) -> str:
    """Two base-36 characters: a hash of the form, plus each character of `body` times its own
    weight, modulo the prime 1,291. Changing one character changes the sum by its weight times
    the difference, never a multiple of 1,291, so every one-character mistake is caught, and
    so is every swap of two neighbours (their weights differ)."""
    form = "|".join(f"{s.name}={','.join(s.choices)}" for s in aid_slots)
    total = int.from_bytes(hashlib.blake2b(form.encode(), digest_size=8).digest())
    for i, c in enumerate(body):
        total += pow(3, i + 1, _PRIME) * (_SYMBOLS.index(c) + 1)
    total %= _PRIME
    return _DIGITS[total // len(_DIGITS)] + _DIGITS[total % len(_DIGITS)]


def _to_base36(number: int) -> str:
    text = ""
    while number:
        number, digit = divmod(number, len(_DIGITS))
        text = _DIGITS[digit] + text
    return text


def _token(slot: Slot, value: str) -> str:
    if slot.choices:
        if not value:
            return "0"
        if value in slot.choices:
            return _DIGITS[slot.choices.index(value) + 1]
        return _END + _escape(value) + _END
    return _escape(value) + _END


def pack(aid: DecisionAid, answers: Iterable[tuple[str, str]]) -> str:
    """The code for `answers` (the form's names and values, as the long address has them).

    Answers the aid's form does not ask are left out; a blank answer is not answered, and
    white space around an answer is dropped. The questions ticked must be their numbers in the
    page's list (``ask=0``...), under 64.
    """
    aid_slots = slots(aid)
    given: dict[str, str] = {}
    asked = 0
    for name, value in answers:
        if name != ASK:
            given[name] = value.strip()
        elif value.isascii() and value.isdigit() and int(value) < _MOST_QUESTIONS:
            asked |= 1 << int(value)
        else:
            raise ValueError(
                f"a question ticked is its number in the page's list, 0 to "
                f"{_MOST_QUESTIONS - 1}; got {value!r}"
            )
    tokens = [_token(slot, given.get(slot.name, "")) for slot in aid_slots]
    if not asked:
        while tokens and tokens[-1] in {"0", _END}:
            tokens.pop()
    body = FORMAT + "".join(tokens) + _to_base36(asked)
    return body + _check(aid_slots, body)


class _Reader:
    def __init__(self, text: str) -> None:
        self.text, self.at = text, 0

    def done(self) -> bool:
        return self.at >= len(self.text)

    def char(self) -> str:
        c = self.text[self.at]
        self.at += 1
        return c

    def literal(self) -> str:
        end = self.text.find(_END, self.at)
        if end < 0:
            raise AddressError("an answer in it is cut short")
        raw, self.at = self.text[self.at : end], end + 1
        out, i = bytearray(), 0
        while i < len(raw):
            if raw[i] == _ESCAPE:
                try:
                    out.append(int(raw[i + 1 : i + 3], 16))
                except ValueError:
                    raise AddressError("a written-out answer in it is not complete") from None
                i += 3
            else:
                out += raw[i].encode()
                i += 1
        try:
            return out.decode()
        except UnicodeDecodeError:
            raise AddressError("a written-out answer in it is not complete") from None


def _read(slot: Slot, reader: _Reader) -> str:
    if not slot.choices:
        return reader.literal()
    c = reader.char()
    if c == _END:
        return reader.literal()
    place = _DIGITS.find(c)
    if place < 0 or place > len(slot.choices):
        raise AddressError(f"it has {c!r} where the answer to '{slot.name}' should be")
    return slot.choices[place - 1] if place else ""


_TRY_AGAIN = (
    "Check each character against the printed summary, or open the aid and give your answers again."
)


def unpack(aid: DecisionAid, code: str) -> list[tuple[str, str]]:
    """The answers in `code`, as the long address names them (unanswered questions left out).

    Raises :class:`AddressError` if the code was mistyped, cut short, or made for an earlier
    version of the aid's form.
    """
    code = code.strip().lower()
    if not code.startswith(FORMAT):
        raise AddressError(
            f"The answers in this address are in a form this site cannot read. {_TRY_AGAIN}"
        )
    body, check = code[:-_CHECK], code[-_CHECK:]
    aid_slots = slots(aid)
    strange = sorted(set(code) - set(_SYMBOLS))
    if strange:
        raise AddressError(
            f"The answers in this address hold {', '.join(map(repr, strange))}, which it never "
            f"uses. {_TRY_AGAIN}"
        )
    if len(code) < 1 + _CHECK or _check(aid_slots, body) != check:
        raise AddressError(
            "The answers in this address do not add up: a character may have been typed wrongly, "
            f"or the aid has changed since the address was made. {_TRY_AGAIN}"
        )
    reader = _Reader(body[1:])
    pairs: list[tuple[str, str]] = []
    try:
        for slot in aid_slots:
            if reader.done():
                break
            value = _read(slot, reader)
            if value:
                pairs.append((slot.name, value))
        rest = body[1 + reader.at :]
        if any(c not in _DIGITS for c in rest):
            raise AddressError("the questions ticked, at its end, are not written as a number")
        if int(rest or "0", len(_DIGITS)) >> _MOST_QUESTIONS:
            raise AddressError("it ticks more questions than a page lists")
    except AddressError as error:
        raise AddressError(
            f"The answers in this address cannot be read: {error}. {_TRY_AGAIN}"
        ) from None
    asked = int(rest or "0", len(_DIGITS))
    pairs += [(ASK, str(n)) for n in range(asked.bit_length()) if asked >> n & 1]
    return pairs
