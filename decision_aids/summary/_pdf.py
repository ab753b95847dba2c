"""The summary as a PDF, to print or attach: fpdf2 (pure Python), drawn on this machine.

Text uses the PDF's built-in Helvetica, so no font file is needed anywhere; it covers Windows-1252
(curly quotes, dashes, accented letters). The few characters beyond it that content uses are
written out (≤ as <=); anything else would show as '?', never fail. Like every summary, it gives
the numbers in words; QR codes lead to the pages with the icon arrays.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from decision_aids.qr import qr_png
from decision_aids.summary._view import OutcomeLines, SummaryView

_ENCODING = "windows-1252"
_BEYOND_1252 = str.maketrans({"≤": "<=", "≥": ">=", "−": "-", "→": "->", "≈": "~", "✓": "yes"})
_FONT = "helvetica"
_BODY_SIZE = 10.5
_LINE = 5.2  # mm per line of body text
_QR_SIZE = 32  # mm


def pdf_text(text: str) -> str:
    """`text` as Helvetica can draw it: Windows-1252, with a few symbols written out."""
    return text.translate(_BEYOND_1252).encode(_ENCODING, "replace").decode(_ENCODING)


class _Document:
    def __init__(self, title: str) -> None:
        self.pdf = FPDF(format="A4")
        self.pdf.core_fonts_encoding = _ENCODING
        self.pdf.set_margins(18, 16, 18)
        self.pdf.set_auto_page_break(True, margin=16)
        self.pdf.set_title(pdf_text(title))
        self.pdf.set_lang("en-GB")
        self.pdf.set_creator("decision-aids")
        self.pdf.add_page()

    def text(self, text: str, *, size: float = _BODY_SIZE, bold: bool = False) -> None:
        self.pdf.set_font(_FONT, "B" if bold else "", size)
        self.pdf.multi_cell(
            0, size * 0.5, pdf_text(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        self.pdf.ln(1.2)

    def heading(self, text: str, level: int = 2) -> None:
        self.pdf.ln(2.5 if level == 2 else 1)
        self.text(text, size=14 if level == 2 else 11.5, bold=True)

    def bullets(self, items: Sequence[str]) -> None:
        for item in items:
            self.text(f"\u2022 {item}")

    def image(self, png: bytes, width: float, alt: str) -> None:
        self.pdf.image(io.BytesIO(png), w=width, alt_text=pdf_text(alt))
        self.pdf.ln(2)

    def keep_room(self, height: float) -> None:
        """Start a new page unless `height` mm fit on this one (a QR code with its label)."""
        if self.pdf.will_page_break(height):
            self.pdf.add_page()

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def _outcome(doc: _Document, outcome: OutcomeLines) -> None:
    doc.heading(outcome.label, level=3)
    doc.text(f"These figures are for: {outcome.population}")
    for line in outcome.words:
        doc.text(line)
    doc.bullets(
        [f"{f.option}: {f.figure} (how sure we can be: {f.certainty})" for f in outcome.figures]
    )


def summary_pdf(view: SummaryView) -> bytes:
    """The summary as the bytes of a PDF file, with a QR code beside each of its links."""
    title = f"Shared decision: {view.title}"
    doc = _Document(title)
    doc.text(title, size=17, bold=True)
    doc.text(f"Date: {view.date}")
    doc.text(view.review, bold=view.draft)
    doc.heading("What was discussed")
    doc.text(view.question)
    doc.bullets([f"{o.name}: {o.description}" for o in view.options])
    doc.heading("The decision")
    doc.text(view.decision, size=13, bold=True)
    doc.heading("The numbers")
    for detail in view.details:
        doc.text(f"Details used: {detail}")
    for outcome in view.outcomes:
        _outcome(doc, outcome)
    doc.heading("What matters to them")
    doc.bullets([r.line for r in view.ratings])
    doc.text(view.values)
    for fit in view.reasons:
        doc.text(f"{fit.option}:")
        doc.bullets(fit.reasons)
    doc.heading("How sure they feel (the SURE test)")
    doc.text(view.sure)
    doc.bullets([f"Answered no to: {q}" for q in view.unsure_about])
    if view.questions:
        doc.heading("Questions they want to ask")
        doc.bullets(view.questions)
    if view.links:
        doc.heading("To look at again")
        for link in view.links:
            doc.keep_room(_QR_SIZE + 16)
            doc.text(link.label, bold=True)
            doc.text(link.url, size=8.5)
            doc.image(qr_png(link.url), _QR_SIZE, f"QR code: {link.label}")
    doc.heading("Sources")
    doc.bullets([f"{c.citation} {c.url}" for c in view.citations])
    doc.text(f"Decision aid: {view.version}.", size=9)
    return doc.output()
