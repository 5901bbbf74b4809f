"""A printable worksheet: the questions numbered, then an answer key on a page of its own.

One self-contained HTML page (no scripts, no outside files) with print CSS: the key starts on
a new page, questions are not split across pages, and the page prints in black on white.
Every piece of text is HTML-escaped. :mod:`questions.formats.worksheet_pdf` makes the same
worksheet as a PDF file.
"""

from __future__ import annotations

import html
import string

from questions.bank import Bank, Question
from questions.formats._common import excerpt_html, part_marks

_CSS = """\
:root { color-scheme: light; }
body { font-family: Georgia, "Times New Roman", serif; font-size: 12pt; line-height: 1.45; color: #000;
       background: #fff; max-width: 46em; margin: 2em auto; padding: 0 1em; }
header h1 { font-size: 18pt; margin: 0 0 0.2em; }
header p { margin: 0; color: #333; }
.name-line { margin: 1.2em 0 1.5em; }
ol.questions > li { margin: 0 0 1.2em; break-inside: avoid; page-break-inside: avoid; }
ol.choices { list-style: upper-alpha; margin: 0.4em 0 0; }
ol.items { margin: 0.4em 0 0; }
.tf { margin: 0.4em 0 0 1.5em; }
.line { display: block; border-bottom: 1px solid #000; height: 1.6em; margin: 0.3em 0 0 1.5em; }
.key { break-before: page; page-break-before: always; }
.key li { margin: 0 0 1em; break-inside: avoid; page-break-inside: avoid; }
.key .answer { font-weight: bold; }
.key .also { font-style: italic; }
.hint { font-style: italic; color: #333; }
.prompt, .explanation, blockquote.excerpt { white-space: pre-line; }
blockquote.excerpt { margin: 0.4em 0 0 1em; padding-left: 0.8em; border-left: 3px solid #666; }
mark { background: #ffe066; color: inherit; font-weight: bold; }
@media print {
  body { margin: 0; max-width: none; }
  mark { background: none; text-decoration: underline; }
  @page { margin: 2cm; }
}
"""

_E = html.escape


def _question_html(q: Question) -> str:
    hint = ""
    if q.type == "list":
        hint = (
            ' <span class="hint">(Choose all that apply.)</span>'
            if q.choices
            else (f' <span class="hint">(Name {len(q.items)}.)</span>' if q.items else "")
        )
    parts = [f'<p class="prompt">{_E(q.prompt)}{hint}</p>']
    if q.type in ("multiple_choice", "list") and q.choices:
        parts.append('<ol class="choices">' + "".join(f"<li>{_E(c)}</li>" for c in q.choices) + "</ol>")
    elif q.type == "true_false":
        parts.append('<p class="tf">True&nbsp;&nbsp;/&nbsp;&nbsp;False</p>')
    elif q.type == "list":
        parts.append(
            '<ol class="items">' + '<li><span class="line"></span></li>' * max(1, len(q.items)) + "</ol>"
        )
    else:
        parts.append('<span class="line"></span>')
    return f"<li>{''.join(parts)}</li>"


def _letter(q: Question, choice: str) -> str:
    i = q.choices.index(choice)
    return f"{string.ascii_uppercase[i]}. " if i < 26 else ""


def key_answer(q: Question) -> str:
    """The answer as the key gives it: with its letter for a choice, every item for a list."""
    if q.type == "list":
        return "; ".join(_letter(q, i) + i if i in q.choices else i for i in q.items) or q.answer
    if q.type == "multiple_choice" and q.answer in q.choices:
        return _letter(q, q.answer) + q.answer
    return q.answer


def _key_html(q: Question) -> str:
    parts = [f'<span class="answer">{_E(key_answer(q))}</span>']
    if q.accepted:
        parts.append(f' <span class="also">(also accepted: {_E(", ".join(q.accepted))})</span>')
    if q.partial:
        parts.append(f' <span class="also">(part marks: {_E(part_marks(q))})</span>')
    if q.explanation:
        parts.append(f'<p class="explanation">{_E(q.explanation)}</p>')
    parts.extend(excerpt_html(s, with_offsets=False) for s in q.sources)
    return f"<li>{''.join(parts)}</li>"


def export_worksheet(bank: Bank, *, title: str | None = None, answer_key: bool = True) -> str:
    """The worksheet as an HTML document (text)."""
    heading = title or bank.article.title or "Questions"
    meta = " · ".join(_E(x) for x in (bank.article.source_name, bank.article.published) if x)
    body = [
        "<header>",
        f"<h1>{_E(heading)}</h1>",
        f"<p>{meta}</p>" if meta else "",
        "</header>",
        '<p class="name-line">Name: ______________________ &nbsp; Date: ____________</p>',
        '<ol class="questions">',
        *(_question_html(q) for q in bank.questions),
        "</ol>",
    ]
    if answer_key:
        body += [
            '<section class="key">',
            f"<h2>Answer key — {_E(heading)}</h2>",
            "<ol>",
            *(_key_html(q) for q in bank.questions),
            "</ol>",
            "</section>",
        ]
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_E(heading)}</title>\n<style>\n{_CSS}</style>\n</head>\n<body>\n"
        + "\n".join(b for b in body if b)
        + "\n</body>\n</html>\n"
    )
