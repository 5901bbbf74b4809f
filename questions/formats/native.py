"""The native ``quizbank/1`` JSON: the whole bank, nothing lost.

Export is :func:`questions.bank.bank_to_dict` as indented UTF-8 JSON; import reads each question
on its own, so one bad question is skipped and reported while the rest of the bank is kept.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from questions.bank import Bank, BankFormatError, bank_from_dict, bank_to_dict, question_from_dict
from questions.formats._common import ImportResult, ResultBuilder, decode


def export_json(bank: Bank, *, indent: int | None = 2) -> str:
    """The bank as ``quizbank/1`` JSON text (ending in a newline)."""
    return json.dumps(bank_to_dict(bank), ensure_ascii=False, indent=indent) + "\n"


def import_json(data: bytes | str, **_opts: Any) -> ImportResult:
    """Read a ``quizbank/1`` document; never raises.

    The article travels with the bank, so sources are always checked against it (an
    ``article_text`` option is not needed and is ignored).
    """
    out = ResultBuilder()
    text, warnings = decode(data)
    out.warnings.extend(warnings)
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError) as exc:
        out.errors.append(f"not valid JSON: {exc}")
        return out.result()
    if not isinstance(doc, Mapping):
        out.errors.append("not a quizbank/1 document: the file is not a JSON object")
        return out.result()
    raw = doc.get("questions")
    try:
        skeleton, _ = bank_from_dict({**doc, "questions": []})
    except (BankFormatError, TypeError, ValueError, AttributeError) as exc:
        out.errors.append(str(exc))
        return out.result()
    if raw is not None and not isinstance(raw, list):
        out.errors.append("bank: 'questions' is not a list")
        raw = []
    ids: set[str] = set()
    for i, item in enumerate(raw or []):
        try:
            q = question_from_dict(item, skeleton.article.text, f"question #{i + 1}")
        except (BankFormatError, TypeError, ValueError, AttributeError, KeyError, RecursionError) as exc:
            out.skip(f"question {i + 1}", str(exc))
            continue
        if q.id and q.id in ids:
            out.warnings.append(f"question {i + 1}: the id {q.id!r} is used twice")
        ids.add(q.id)
        out.questions.append(q)  # ids kept as they are: the bank is the user's own
    bank = skeleton.with_questions(out.questions)
    return out.result(bank)
