"""QR codes for links a person takes home: their own aid page, the feedback survey.

Drawn by segno (pure Python, no network): SVG for pages and the HTML summary, PNG for the PDF.
Medium error correction (about 15% of the code can be damaged), which survives a crumpled
printout, and a four-module quiet zone, the standard's minimum.
"""

from __future__ import annotations

import io

import segno

_ERROR_CORRECTION = "m"


def _code(url: str) -> segno.QRCode:
    if not url:
        raise ValueError("a QR code needs a link to hold; got an empty one")
    return segno.make(url, error=_ERROR_CORRECTION, micro=False)


def qr_svg(url: str, *, title: str, scale: int = 4) -> str:
    """A standalone SVG of a QR code for `url`; `title` is its accessible name (escaped here)."""
    buffer = io.BytesIO()
    _code(url).save(
        buffer,
        kind="svg",
        scale=scale,
        light="#fff",  # its own white ground: readable on any page, dark themes included
        xmldecl=False,
        svgns=True,
        nl=False,
        title=title,
    )
    return buffer.getvalue().decode()


def qr_png(url: str, *, scale: int = 8) -> bytes:
    """A PNG of a QR code for `url`, `scale` pixels per module."""
    buffer = io.BytesIO()
    _code(url).save(buffer, kind="png", scale=scale)
    return buffer.getvalue()
