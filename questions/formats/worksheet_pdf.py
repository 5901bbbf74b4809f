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

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

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
_EXCERPT_LINE = 5.0  # mm between lines of the 10 pt excerpt


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


# A question (or its key) is a list of blocks, broken into lines and measured first, then drawn: when
# they do not fit in what is left of the page (but would on a fresh one), the page is turned before the
# first, so a question is never split. Written by hand rather than with fpdf2's ``unbreakable()`` and
# ``multi_cell()``: the first deep-copies the whole document (fonts included) for every question and the
# second re-measures the whole line for every character it adds, which took 5-9 s for 80-100 questions
# (benchmarks/worksheet_pdf.py); a word's width is measured once here, and a worksheet takes a few
# tenths of a second.
Run = tuple[str, str]  # (text, style): "" regular, "B" bold, "BU" bold and underlined
Line = list[Run]
_TOKENS = re.compile(r" +|[^ ]+")


@dataclass(slots=True)
class Block:
    """Lines of one size, indented; or, with no lines, a line to write on (``rule``) or a gap."""

    lines: list[Line] = field(default_factory=list)
    size: float = 11
    indent: float = 0.0
    leading: float = _LINE
    rule: bool = False
    gap: float = 0.0

    @property
    def height(self) -> float:
        if self.rule:
            return _LINE + 3
        return self.gap + self.leading * len(self.lines)


class _Measure:
    """Widths of words in the worksheet's font, each measured once."""

    def __init__(self, pdf: FPDF) -> None:
        self.pdf = pdf
        self.cache: dict[tuple[str, str, float], float] = {}

    def width(self, text: str, style: str, size: float) -> float:
        key = (text, style, size)
        found = self.cache.get(key)
        if found is None:
            _set_font(self.pdf, style, size)
            found = self.cache[key] = _width(self.pdf, text)
        return found

    def wrap(self, runs: list[Run], *, size: float, width: float) -> list[Line]:
        """The runs broken into lines no wider than ``width``: at spaces, inside a word only when it
        alone is wider than a line; a line break in the text starts a new line."""
        lines: list[Line] = [[]]
        used = 0.0

        def put(text: str, style: str, w: float) -> None:
            nonlocal used
            line = lines[-1]
            if line and line[-1][1] == style:
                line[-1] = (line[-1][0] + text, style)
            else:
                line.append((text, style))
            used += w

        def new_line() -> None:
            nonlocal used
            last = lines[-1]
            if last and last[-1][0].endswith(" "):
                last[-1] = (last[-1][0].rstrip(" "), last[-1][1])
            lines.append([])
            used = 0.0

        for text, style in runs:
            for n, paragraph in enumerate(text.split("\n")):
                if n:
                    new_line()
                for token in _TOKENS.findall(paragraph):
                    w = self.width(token, style, size)
                    if used + w <= width:
                        put(token, style, w)
                    elif token.startswith(" "):
                        new_line()  # a space where the line breaks is not drawn
                    elif w <= width:
                        new_line()
                        put(token, style, w)
                    else:  # a word wider than a line: as many characters as fit, line after line
                        for char in token:
                            cw = self.width(char, style, size)
                            if used + cw > width and lines[-1]:
                                new_line()
                            put(char, style, cw)
        return [line for line in lines if line] or [[("", "")]]


def _width(pdf: FPDF, text: str) -> float:
    """The text's width in the current font, in mm: what ``get_string_width`` gives for plain text
    (no character spacing or stretching here), without its per-call bidi and fragment work."""
    font = pdf.current_font
    assert font is not None
    return float(font.get_text_width(text, pdf.font_size_pt, None)[1]) / pdf.k


def _set_font(pdf: FPDF, style: str, size: float) -> None:
    if (pdf.font_style, pdf.font_size_pt, pdf.underline) != (style.replace("U", ""), size, "U" in style):
        pdf.set_font(FAMILY, style, size)


def _text(
    m: _Measure, runs: list[Run], *, size: float = 11, indent: float = 0.0, leading: float = _LINE
) -> Block:
    return Block(m.wrap(runs, size=size, width=m.pdf.epw - indent), size, indent, leading)


def _draw(pdf: FPDF, blocks: list[Block]) -> None:
    """Draw the blocks, turning the page first when they fit on a fresh page but not on this one."""
    height = sum(b.height for b in blocks)
    if pdf.get_y() + height > pdf.page_break_trigger and height <= pdf.eph:
        pdf.add_page()
    for block in blocks:
        if block.rule:  # a line to write an answer on: a cell's bottom border
            pdf.set_x(pdf.l_margin + block.indent)
            pdf.cell(0, _LINE + 2, "", border="B", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
            continue
        if block.gap:
            pdf.ln(block.gap)
        for line in block.lines:
            if pdf.get_y() + block.leading > pdf.page_break_trigger:
                pdf.add_page()  # only a block longer than a page gets here
            pdf.set_x(pdf.l_margin + block.indent)
            for text, style in line:
                _set_font(pdf, style, block.size)
                pdf.cell(_width(pdf, text), block.leading, text)
            pdf.ln(block.leading)


def _paragraph(pdf: FPDF, m: _Measure, text: str, *, size: float = 11, style: str = "") -> None:
    _draw(pdf, [_text(m, [(text, style)], size=size)])


def _question_blocks(m: _Measure, number: int, q: Question) -> list[Block]:
    hint = ""
    if q.type == "list":
        hint = " (Choose all that apply.)" if q.choices else (f" (Name {len(q.items)}.)" if q.items else "")
    blocks = [_text(m, [(f"{number}. {q.prompt}{hint}", "")])]
    if q.type in ("multiple_choice", "list") and q.choices:
        for i, choice in enumerate(q.choices):
            letter = chr(ord("A") + i) + ". " if i < 26 else "• "
            blocks.append(_text(m, [(letter + choice, "")], indent=_INDENT))
    elif q.type == "true_false":
        blocks.append(_text(m, [("True   /   False", "")], indent=_INDENT))
    elif q.type == "list":
        blocks.extend(Block(indent=_INDENT, rule=True) for _ in range(max(1, len(q.items))))
    else:
        blocks.append(Block(indent=_INDENT, rule=True))
    blocks.append(Block(gap=_LINE / 2))
    return blocks


def _excerpt(m: _Measure, source: Source) -> Block:
    """The excerpt, indented, with the highlighted words in bold and underlined."""
    runs: list[Run] = [(source.text, "")]
    if source.highlight:
        a, b = source.highlight[0] - source.start, source.highlight[1] - source.start
        runs = [(source.text[:a], ""), (source.text[a:b], "BU"), (source.text[b:], "")]
    block = _text(m, [r for r in runs if r[0]], size=10, indent=_INDENT, leading=_EXCERPT_LINE)
    return block


def _key_blocks(m: _Measure, number: int, q: Question) -> list[Block]:
    blocks = [_text(m, [(f"{number}. {key_answer(q)}", "B")])]
    if q.accepted:
        blocks.append(_text(m, [("Also accepted: " + ", ".join(q.accepted), "")], size=10, indent=_INDENT))
    if q.partial:
        blocks.append(_text(m, [("Part marks: " + part_marks(q), "")], size=10, indent=_INDENT))
    if q.explanation:
        blocks.append(_text(m, [(q.explanation, "")], size=10, indent=_INDENT))
    for source in q.sources:
        blocks.append(_excerpt(m, source))
        blocks.append(Block(gap=1))
    blocks.append(Block(gap=_LINE / 2))
    return blocks


def export_worksheet_pdf(bank: Bank, *, title: str | None = None, answer_key: bool = True) -> bytes:
    """The worksheet as the bytes of a PDF file."""
    heading = title or bank.article.title or "Questions"
    pdf = _new_pdf(heading)
    pdf.add_page()
    m = _Measure(pdf)
    _paragraph(pdf, m, heading, size=16, style="B")
    meta = " · ".join(x for x in (bank.article.source_name, bank.article.published) if x)
    if meta:
        _paragraph(pdf, m, meta, size=10)
    pdf.ln(_LINE / 2)
    _paragraph(pdf, m, "Name: ______________________    Date: ____________")
    pdf.ln(_LINE)
    for number, q in enumerate(bank.questions, 1):
        _draw(pdf, _question_blocks(m, number, q))
    if answer_key:
        pdf.add_page()
        _paragraph(pdf, m, f"Answer key — {heading}", size=14, style="B")
        pdf.ln(_LINE / 2)
        for number, q in enumerate(bank.questions, 1):
            _draw(pdf, _key_blocks(m, number, q))
    return bytes(pdf.output())
