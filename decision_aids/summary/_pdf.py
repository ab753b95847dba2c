"""The summary as a PDF, to print or attach: fpdf2 (pure Python), drawn on this machine.

Text uses the PDF's built-in Helvetica, so no font file is needed anywhere; it covers Windows-1252
(curly quotes, dashes, accented letters). The few characters beyond it that content uses are
written out (≤ as <=); anything else would show as '?', never fail. Like the HTML summary, it
gives the numbers in words; QR codes lead to the pages with the icon arrays.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from decision_aids import charts
from decision_aids.outcomes import OutcomeFigures
from decision_aids.qr import qr_png
from decision_aids.summary._record import Link, Summary
from decision_aids.summary._text import review_status

_ENCODING = "windows-1252"
_BEYOND_1252 = str.maketrans({"≤": "<=", "≥": ">=", "−": "-", "→": "->", "≈": "~", "✓": "yes"})
_FONT = "helvetica"
_BODY_SIZE = 10.5
_LINE = 5.2  # mm per line of body text
_QR_SIZE = 32  # mm


def pdf_text(text: str) -> str:
    """`text` as Helvetica can draw it: Windows-1252, with a few symbols written out."""
    return text.translate(_BEYOND_1252).encode(_ENCODING, "replace").decode(_ENCODING)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


class _Document:
    def __init__(self, summary: Summary) -> None:
        self.pdf = FPDF(format="A4")
        self.pdf.core_fonts_encoding = _ENCODING
        self.pdf.set_margins(18, 16, 18)
        self.pdf.set_auto_page_break(True, margin=16)
        self.pdf.set_title(pdf_text(f"Shared decision: {summary.aid.title}"))
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


def _outcome(doc: _Document, figures: OutcomeFigures) -> None:
    doc.heading(_sentence(figures.outcome.label), level=3)
    doc.text(f"These figures are for: {figures.outcome.population}")
    for line in charts.text_alternative(figures).splitlines():
        doc.text(line)
    doc.text(
        "How sure we can be: "
        + "; ".join(
            f"{f.option.name}: {f.certainty.value if f.certainty else 'no figure'}"
            for f in figures.figures
        )
        + "."
    )


def summary_pdf(summary: Summary, links: Sequence[Link] = ()) -> bytes:
    """The summary as the bytes of a PDF file, with a QR code beside each of `links`."""
    aid = summary.aid
    doc = _Document(summary)
    doc.text(f"Shared decision: {aid.title}", size=17, bold=True)
    doc.text(f"Date: {summary.date.strftime('%-d %B %Y')}")
    if aid.review.status == "draft":
        doc.text("This decision aid is a draft. No clinician has checked it yet.", bold=True)
    doc.heading("What was discussed")
    doc.text(aid.question)
    doc.bullets([f"{o.name}: {o.description}" for o in aid.options])
    doc.heading("The decision")
    doc.text(_sentence(summary.decision_text), size=13, bold=True)
    doc.heading("The numbers")
    for assessment in summary.personalised.assessments.values():
        doc.text(f"Details used: {assessment.summary}")
    for figures in summary.personalised.outcomes:
        _outcome(doc, figures)
    doc.heading("What matters to them")
    doc.bullets([f"{statement} {label}" for statement, label in summary.rated])
    if summary.values is None:
        doc.text("They have not said yet what matters to them.")
    else:
        doc.text(summary.values.summary)
        for fit in summary.values.fits:
            if fit.reasons:
                doc.text(f"{fit.option.name}:")
                doc.bullets(fit.reasons)
    doc.heading("How sure they feel (the SURE test)")
    if summary.sure is None:
        doc.text("Not asked.")
    else:
        doc.text(f"{summary.sure.score} of 4. {summary.sure.summary}")
        doc.bullets([f"Answered no to: {q}" for q in summary.sure.unsure_about])
    if links:
        doc.heading("To look at again")
        for link in links:
            doc.keep_room(_QR_SIZE + 16)
            doc.text(link.label, bold=True)
            doc.text(link.url, size=8.5)
            doc.image(qr_png(link.url), _QR_SIZE, f"QR code: {link.label}")
    doc.heading("Sources")
    doc.bullets([f"{c.citation} {c.url}" for c in summary.citations])
    doc.text(
        f"Decision aid: {aid.slug}, version of {aid.review.last_updated.strftime('%-d %B %Y')}, "
        f"{review_status(summary)}.",
        size=9,
    )
    return doc.output()
