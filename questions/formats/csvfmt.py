"""CSV: Quizlet-style term/definition pairs, and a full form with every field.

*Quizlet* rows are ``prompt,answer`` with no header, ready to paste into Quizlet's import box
(comma or, with ``delimiter="\\t"``, tab between term and definition). Reading one gives
short-answer questions.

*Full* rows carry every field of a question under a header row; lists (accepted answers,
choices, items, tags, choice notes, sources) are JSON inside their cell, so nothing is lost
and the file reads back to the same questions. Sources are kept only when the article text is
given on import (they are offsets into it).

Cells that a spreadsheet would run as a formula (``= + - @`` first) are written with a
leading apostrophe, which import removes again, so an article cannot plant a formula in a
teacher's spreadsheet.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from typing import Any

from questions.bank import Bank, BankFormatError, Question, question_from_dict, question_to_dict
from questions.formats._common import UNKNOWN_KIND, ImportResult, ResultBuilder, decode, looks_binary

FULL_COLUMNS = (
    "id",
    "kind",
    "type",
    "prompt",
    "answer",
    "accepted",
    "choices",
    "value",
    "explanation",
    "items",
    "choice_notes",
    "sources",
    "fact_id",
    "difficulty",
    "score",
    "tags",
    "partial",
)
_LIST_COLUMNS = ("accepted", "choices", "items", "choice_notes", "sources", "tags", "partial")
_FORMULA = re.compile(r"^'*[=+\-@\t\r]")


def _cell(value: str) -> str:
    return "'" + value if _FORMULA.match(value) else value


def _uncell(value: str) -> str:
    return value[1:] if value.startswith("'") and _FORMULA.match(value) else value


def _write(rows: Sequence[Sequence[str]], delimiter: str) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows([[_cell(c) for c in row] for row in rows])
    return buf.getvalue()


def export_quizlet(bank: Bank, *, delimiter: str = ",") -> str:
    """Term (the prompt) and definition (the answer) per row, no header."""
    return _write([(q.prompt, q.answer) for q in bank.questions], delimiter)


def _json_cell(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def export_full_csv(bank: Bank, *, delimiter: str = ",", bom: bool = True) -> str:
    """Every field of every question, one row each, under a header row.

    ``bom``: start with a byte-order mark, which is how Excel knows the file is UTF-8 (without
    it, accented letters and curly quotes come out garbled there).
    """
    rows: list[list[str]] = [list(FULL_COLUMNS)]
    for q in bank.questions:
        d = question_to_dict(q)
        d["difficulty"], d["score"] = repr(q.difficulty), repr(q.score)  # exact, not rounded
        d["value"] = q.value or ""
        d.setdefault("partial", [])
        rows.append([_json_cell(d[c]) if c in _LIST_COLUMNS else str(d[c]) for c in FULL_COLUMNS])
    return ("\ufeff" if bom else "") + _write(rows, delimiter)


def _rows(data: bytes | str, out: ResultBuilder) -> list[tuple[int, list[str]]] | None:
    # line ends are left to the csv module, so that a carriage return inside a quoted cell stays one
    text, warns = decode(data, newlines=False)
    out.warnings.extend(warns)
    if looks_binary(text):
        out.errors.append("this file is not text (it looks like binary data), so not CSV")
        return None
    first = text.splitlines()[0] if text else ""
    delimiter = "\t" if "\t" in first and first.count("\t") >= first.count(",") else ","
    if delimiter == "," and ";" in first and "," not in first:
        delimiter = ";"  # spreadsheets in many countries save CSV with semicolons
    rows: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            out.errors.append(f"line {line}: the CSV cannot be read past here ({exc})")
            break
        if any(c.strip() for c in row):
            rows.append((line, [_uncell(c) for c in row]))
    return rows


def import_quizlet(data: bytes | str, **_opts: Any) -> ImportResult:
    """Read term/definition rows (comma, tab or semicolon) as short-answer questions."""
    out = ResultBuilder()
    rows = _rows(data, out)
    if rows is None:
        return out.result()
    for line, row in rows:
        if line == rows[0][0] and [c.strip().lower() for c in row[:2]] == ["term", "definition"]:
            continue
        cells = list(row)
        while len(cells) > 2 and not cells[-1].strip():
            cells.pop()
        if len(cells) != 2:
            out.skip(f"line {line}", f"expected 2 columns (term, definition), found {len(cells)}")
            continue
        term, definition = cells[0].strip(), cells[1].strip()
        if not term or not definition:
            out.skip(f"line {line}", "the term or the definition is empty")
            continue
        out.add(
            Question(
                id="",
                kind=UNKNOWN_KIND,
                type="short_answer",
                prompt=term,
                answer=definition,
                sources=(),
                explanation="",
            )
        )
    if not out.questions and not out.skipped and not out.errors:
        out.errors.append("the file has no rows")
    return out.result()


def import_full_csv(data: bytes | str, *, article_text: str | None = None, **_opts: Any) -> ImportResult:
    """Read the full form written by :func:`export_full_csv`; never raises.

    ``article_text``: the article the offsets of ``sources`` refer to; without it, sources and
    choice-note sources are dropped (with a warning) and the rest of each question is kept.
    """
    out = ResultBuilder()
    rows = _rows(data, out)
    if rows is None:
        return out.result()
    if not rows:
        out.errors.append("the file has no rows")
        return out.result()
    header = [c.strip().lower() for c in rows[0][1]]
    missing = [c for c in ("type", "prompt", "answer") if c not in header]
    if missing:
        out.errors.append(
            f"line {rows[0][0]}: the header row lacks the column(s) {', '.join(missing)} "
            f"(expected: {','.join(FULL_COLUMNS)})"
        )
        return out.result()
    dropped_sources = 0
    for line, row in rows[1:]:
        where = f"line {line}"
        if len(row) != len(header):
            out.skip(where, f"expected {len(header)} columns, found {len(row)}")
            continue
        d: dict[str, Any] = {}
        try:
            for name, cell in zip(header, row, strict=True):
                if name in _LIST_COLUMNS:
                    d[name] = json.loads(cell) if cell.strip() else []
                    if not isinstance(d[name], list):
                        raise ValueError(f"the '{name}' cell is not a JSON list")
                elif name in ("difficulty", "score"):
                    if cell.strip():
                        d[name] = float(cell)
                elif name == "value":
                    d[name] = cell or None
                else:
                    d[name] = cell
            if not article_text and (
                d.get("sources")
                or any(isinstance(n, dict) and n.get("source") for n in d.get("choice_notes") or [])
            ):
                dropped_sources += 1
                d["sources"] = []
                d["choice_notes"] = [
                    {**n, "source": None} if isinstance(n, dict) else n for n in d.get("choice_notes") or []
                ]
            out.add(question_from_dict(d, article_text or "", where))
        except (BankFormatError, ValueError, TypeError, AttributeError, KeyError, RecursionError) as exc:
            out.skip(where, str(exc))
    if dropped_sources:
        out.warnings.append(
            f"{dropped_sources} question(s) lost their excerpts: the article text was not "
            "given, so the offsets could not be checked"
        )
    return out.result()


def import_csv(data: bytes | str, *, article_text: str | None = None, **_opts: Any) -> ImportResult:
    """Read either CSV form: the full form when its header row names the fields, else Quizlet pairs."""
    text, _ = decode(data)
    first = text.lstrip().split("\n", 1)[0].lower()
    if all(col in first for col in ("type", "prompt", "answer")):
        return import_full_csv(data, article_text=article_text)
    return import_quizlet(data)
