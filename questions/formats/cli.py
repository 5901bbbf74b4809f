"""Helpers for ``python -m questions export|import`` (the lead wires them into ``__main__``).

    export_command("bank.json", "gift", "bank.gift.txt")   # "-" writes to standard output
    import_command("quiz.xml", None, article="story.txt")  # prints a quizbank/1 bank, reports skips

Both return a process exit status and write messages for a person to standard error.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import IO

from questions.bank import ArticleInfo, Bank, BankFormatError, bank_from_dict, bank_to_dict
from questions.formats import FORMATS, UnknownFormat, get_format, guess_format


def _say(stream: IO[str] | None, message: str) -> None:
    print(message, file=stream or sys.stderr)


def export_command(
    bank_path: str | Path, fmt: str, out: str | Path | None = None, *, stderr: IO[str] | None = None
) -> int:
    """Write the ``quizbank/1`` bank at ``bank_path`` in format ``fmt`` to ``out``.

    ``out`` is a file path, or ``"-"``/``None`` for standard output (text formats only; a
    binary format such as ``anki`` needs a path). Returns 0 on success, 2 on bad arguments
    or an unreadable bank.
    """
    try:
        format_ = get_format(fmt)
    except UnknownFormat as exc:
        _say(stderr, str(exc))
        return 2
    try:
        doc = json.loads(Path(bank_path).read_text(encoding="utf-8"))
        bank, problems = bank_from_dict(doc, strict=False)
    except (OSError, ValueError, BankFormatError) as exc:
        _say(stderr, f"cannot read the bank {bank_path}: {exc}")
        return 2
    for p in problems:
        _say(stderr, f"skipped in the bank: {p}")
    skipped: list[str] = []
    data = format_.export(bank, skipped=skipped) if format_.reports_skipped else format_.export(bank)
    if out in (None, "-"):
        if isinstance(data, bytes):
            _say(stderr, f"{format_.label} is a binary format: give an output file (*{format_.extension})")
            return 2
        sys.stdout.write(data)
    else:
        path = Path(out)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        _say(stderr, _written(bank, skipped, f"as {format_.label} to {path}"))
    for line in skipped:
        _say(stderr, f"not written: {line}")
    return 0


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _written(bank: Bank, skipped: list[str], where: str) -> str:
    """ "wrote 131 questions as … to …; skipped 2 list questions": what an export wrote and, by type,
    what it could not."""
    left_out = {line.split(":", 1)[0] for line in skipped}
    types = Counter(q.type.replace("_", " ") for q in bank.questions if q.id in left_out)
    text = f"wrote {_plural(len(bank.questions) - len(skipped), 'question')} {where}"
    if types:
        text += "; skipped " + ", ".join(_plural(n, f"{t} question") for t, n in sorted(types.items()))
    return text


def import_command(
    path: str | Path,
    fmt: str | None = None,
    *,
    article: str | Path | None = None,
    out: str | Path | None = None,
    stderr: IO[str] | None = None,
) -> int:
    """Read questions from ``path`` and print them as a ``quizbank/1`` bank.

    ``fmt`` is a format name, or ``None`` to guess from the file name. ``article`` is the
    article text file the questions are about (their excerpts are looked up in it). Skipped
    items are listed on standard error. Returns 0 when every item was read, 1 when some were
    skipped or the file had errors, 2 on bad arguments.
    """
    format_ = FORMATS.get(fmt) if fmt else guess_format(str(path))
    if format_ is None or not format_.can_import:
        known = ", ".join(n for n, f in FORMATS.items() if f.can_import)
        _say(stderr, f"cannot import {fmt or path!s}: give a format, one of {known}")
        return 2
    try:
        data = Path(path).read_bytes()
        article_text = Path(article).read_text(encoding="utf-8") if article else None
    except OSError as exc:
        _say(stderr, f"cannot read {exc.filename}: {exc.strerror}")
        return 2
    result = format_.import_(data, article_text=article_text)
    for e in result.errors:
        _say(stderr, f"error: {e}")
    for s in result.skipped:
        _say(stderr, f"skipped {s}")
    for w in result.warnings:
        _say(stderr, f"warning: {w}")
    info = ArticleInfo(title=None, published=None, text=article_text or "")
    bank = result.to_bank(info if article_text is not None else None)
    text = json.dumps(bank_to_dict(bank), ensure_ascii=False, indent=2) + "\n"
    if out in (None, "-"):
        sys.stdout.write(text)
    else:
        Path(out).write_text(text, encoding="utf-8")
    _say(stderr, f"read {len(result.questions)} questions, skipped {len(result.skipped)}")
    return 0 if result.ok else 1
