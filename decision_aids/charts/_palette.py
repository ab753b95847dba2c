"""How each category of people looks: colour, and a second cue that survives without colour.

Colours are from Okabe and Ito's Colour Universal Design set (blue #0072B2 for people helped,
vermillion #D55E00 for people harmed), a near-black for people who have the event anyway and a
mid grey for people who do not. Every colour that draws an icon has a contrast of at least 3:1
with the white background (WCAG 2.x success criterion 1.4.11, non-text contrast), and text at
least 4.5:1 (1.4.3).

Colour is never the only cue (WCAG 1.4.1; Okabe and Ito's "redundant coding"): people who have
the event are filled, people who do not are hollow outlines; the difference an option makes has
a thick outline and a light tint when hollow, and is at least 3:1 lighter than the near-black
when filled; and the key names every group in words. So a black-and-white print keeps every
category apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from decision_aids.charts._categories import Category

__all__ = ["BACKGROUND", "FONT", "LOOKS", "TEXT", "Look", "look"]

BACKGROUND = "#ffffff"
TEXT = "#212b32"  # the NHS identity's text colour
FONT = "Arial, Helvetica, sans-serif"

_EVENT = "#161616"
_HELPED = "#0072b2"  # Okabe-Ito blue
_HARMED = "#d55e00"  # Okabe-Ito vermillion
_NO_EVENT = "#767676"
_HELPED_TINT = "#cce3f0"  # the blue at 20% on white
_HARMED_TINT = "#f7dfcc"  # the vermillion at 20% on white

#: Outline widths, as a fraction of the person's height.
_THIN = 0.07
_THICK = 0.14


@dataclass(frozen=True)
class Look:
    """How one category's people are drawn: fill, outline colour and outline width.

    ``outline`` is a fraction of the icon's height; 0 draws no outline.
    """

    key: str
    fill: str
    stroke: str
    outline: float


#: Every look, by key.
LOOKS: dict[str, Look] = {
    item.key: item
    for item in (
        Look("event", _EVENT, _EVENT, 0.0),
        Look("helped-event", _HELPED, _HELPED, 0.0),
        Look("harmed-event", _HARMED, _HARMED, 0.0),
        Look("helped-no-event", _HELPED_TINT, _HELPED, _THICK),
        Look("harmed-no-event", _HARMED_TINT, _HARMED, _THICK),
        Look("no-event", BACKGROUND, _NO_EVENT, _THIN),
    )
}


def look(category: Category) -> Look:
    """The look of a category: filled if its people have the event, coloured by its effect."""
    happens = "event" if category.happens else "no-event"
    return LOOKS[f"{category.effect}-{happens}" if category.effect else happens]
