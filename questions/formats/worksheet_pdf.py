"""The printable worksheet as a PDF: the same content as :mod:`questions.formats.worksheet`.

Made with fpdf2 and the DejaVu Sans font shipped in ``fonts/`` (the fonts built into PDF readers only
cover Latin-1; DejaVu has the curly quotes, dashes, accents, Greek and Cyrillic that news articles hold).
A character DejaVu lacks (Chinese, Japanese, emoji…) is left blank, and fpdf2 logs a warning naming it.

The questions are numbered, choices lettered, with lines to write on; a question is never split across
two pages. The answer key starts on a page of its own: each answer (with its letter), the accepted
variants, the explanation and the source excerpt with the answer in bold, underlined. The same bank
always gives the same bytes (the document's date is fixed).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fpdf import FPDF

from questions.bank import Bank, Question, Source
from questions.formats._common import part_marks
from questions.formats.worksheet import key_answer

FONTS = Path(__file__).resolve().parent / "fonts"
FAMILY = "DejaVu"
#: the document's date: fixed, so that a bank gives the same file every time
_DOCUMENT_DATE = datetime(2000, 1, 1, tzinfo=UTC)
_LINE = 6.0  # mm between lines of 11 pt text
_INDENT = 8.0  # mm: choices, lines and excerpts sit under the prompt
# The drawing helpers take ``pdf: Any``: an FPDF, or the recorder that fpdf2's ``unbreakable()`` hands
# out in its place (it has the same methods, not the same type).


def _new_pdf(heading: str) -> FPDF:
    pdf = FPDF(format="A4")
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_title(heading)
    pdf.set_creator("quizapp")
    pdf.set_creation_date(_DOCUMENT_DATE)
    return pdf


def _paragraph(pdf: Any, text: str, *, size: float = 11, style: str = "", indent: float = 0.0) -> None:
    pdf.set_font(FAMILY, style, size)
    pdf.set_x(pdf.l_margin + indent)
    pdf.multi_cell(0, _LINE, text, new_x="LMARGIN", new_y="NEXT")


def _write_line(pdf: Any, indent: float = _INDENT) -> None:
    """A line to write an answer on (a cell's bottom border: drawn where the cell lands, on any page)."""
    pdf.set_x(pdf.l_margin + indent)
    pdf.cell(0, _LINE + 2, "", border="B", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


def _question(pdf: Any, number: int, q: Question) -> None:
    hint = ""
    if q.type == "list":
        hint = " (Choose all that apply.)" if q.choices else (f" (Name {len(q.items)}.)" if q.items else "")
    _paragraph(pdf, f"{number}. {q.prompt}{hint}")
    if q.type in ("multiple_choice", "list") and q.choices:
        for i, choice in enumerate(q.choices):
            letter = chr(ord("A") + i) + ". " if i < 26 else "• "
            _paragraph(pdf, letter + choice, indent=_INDENT)
    elif q.type == "true_false":
        _paragraph(pdf, "True   /   False", indent=_INDENT)
    elif q.type == "list":
        for _ in range(max(1, len(q.items))):
            _write_line(pdf)
    else:
        _write_line(pdf)
    pdf.ln(_LINE / 2)


def _excerpt(pdf: Any, source: Source) -> None:
    """The excerpt, indented, with the highlighted words in bold and underlined."""
    parts = [(source.text, "")]
    if source.highlight:
        a, b = source.highlight[0] - source.start, source.highlight[1] - source.start
        parts = [(source.text[:a], ""), (source.text[a:b], "BU"), (source.text[b:], "")]
    left = pdf.l_margin
    pdf.set_left_margin(left + _INDENT)
    pdf.set_x(left + _INDENT)
    for text, style in parts:
        if text:
            pdf.set_font(FAMILY, style, 10)
            pdf.write(5, text)
    pdf.ln(5 + 1)
    pdf.set_left_margin(left)


def _key(pdf: Any, number: int, q: Question) -> None:
    _paragraph(pdf, f"{number}. {key_answer(q)}", style="B")
    if q.accepted:
        _paragraph(pdf, "Also accepted: " + ", ".join(q.accepted), size=10, indent=_INDENT)
    if q.partial:
        _paragraph(pdf, "Part marks: " + part_marks(q), size=10, indent=_INDENT)
    if q.explanation:
        _paragraph(pdf, q.explanation, size=10, indent=_INDENT)
    for source in q.sources:
        _excerpt(pdf, source)
    pdf.ln(_LINE / 2)


def export_worksheet_pdf(bank: Bank, *, title: str | None = None, answer_key: bool = True) -> bytes:
    """The worksheet as the bytes of a PDF file."""
    heading = title or bank.article.title or "Questions"
    pdf = _new_pdf(heading)
    pdf.add_page()
    _paragraph(pdf, heading, size=16, style="B")
    meta = " · ".join(x for x in (bank.article.source_name, bank.article.published) if x)
    if meta:
        _paragraph(pdf, meta, size=10)
    pdf.ln(_LINE / 2)
    _paragraph(pdf, "Name: ______________________    Date: ____________")
    pdf.ln(_LINE)
    for number, q in enumerate(bank.questions, 1):
        with pdf.unbreakable() as doc:  # a question is never split across two pages
            _question(doc, number, q)
    if answer_key:
        pdf.add_page()
        _paragraph(pdf, f"Answer key — {heading}", size=14, style="B")
        pdf.ln(_LINE / 2)
        for number, q in enumerate(bank.questions, 1):
            with pdf.unbreakable() as doc:
                _key(doc, number, q)
    return bytes(pdf.output())
