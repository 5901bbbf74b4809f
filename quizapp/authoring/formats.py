"""The bank's interchange formats in the web app: exporting a bank or a set, importing questions from a
file into a bank."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, is_dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import questions as qs
from questions.formats import FORMATS, Format, Skipped, get_format, guess_format
from quizapp.authoring.banks import AuthoringError, create_empty_bank, new_uid
from quizapp.authoring.models import QuestionEdit, QuestionReview, QuestionSet
from quizapp.authoring.review import reanchor, snapshot
from quizapp.authoring.sets import set_rows
from quizapp.core.extensions import db
from quizapp.core.models import utcnow
from quizapp.library.models import Bank, Question
from quizapp.library.store import (
    question_to_row,
    row_to_question,
    source_from_json,
    source_to_json,
)

# --- formats --------------------------------------------------------------------------------------

#: What a download holds: only what students see, or everything not rejected.
EXPORT_SCOPES = {"approved": ("approved",), "all": ("approved", "pending")}


@dataclass(frozen=True)
class Download:
    data: bytes
    media_type: str
    filename: str


def _slug(title: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", title).strip("-").lower()[:60]
    return slug or "questions"


def bank_for_export(bank: Bank, scope: str = "approved") -> qs.Bank:
    from quizapp.library.store import row_to_bank

    out = row_to_bank(bank, statuses=EXPORT_SCOPES.get(scope, ("approved",)))
    return replace(out, article=replace(out.article, title=out.article.title or bank.title))


def set_for_export(qset: QuestionSet, scope: str = "approved") -> qs.Bank:
    """A set as one bank. Its questions may come from several articles: their texts are joined
    (each after a blank line) and every excerpt moved by its article's offset, so each excerpt stays
    an exact slice of the bank's article text."""
    rows = set_rows(qset, statuses=EXPORT_SCOPES.get(scope, ("approved",)))
    offsets: dict[int, int] = {}
    parts: list[str] = []
    length = 0
    for row in rows:
        if row.bank_id not in offsets:
            if parts:
                parts.append("\n\n")
                length += 2
            offsets[row.bank_id] = length
            parts.append(row.bank.article.text)
            length += len(row.bank.article.text)
    text = "".join(parts)

    def moved(s: qs.Source, by: int) -> qs.Source:
        hl = (s.highlight[0] + by, s.highlight[1] + by) if s.highlight else None
        return qs.Source(s.start + by, s.end + by, s.text, hl)

    questions = []
    for row in rows:
        q = row_to_question(row)
        by = offsets[row.bank_id]
        questions.append(
            replace(
                q,
                sources=tuple(moved(s, by) for s in q.sources),
                choice_notes=tuple(
                    replace(n, source=moved(n.source, by) if n.source else None) for n in q.choice_notes
                ),
                tags=tuple(dict.fromkeys([*q.tags, *(qset.tags or [])])),
            )
        )
    published = rows[0].bank.article.published if len(offsets) == 1 and rows else None
    info = qs.ArticleInfo(title=qset.title, published=published.isoformat() if published else None, text=text)
    return qs.Bank(article=info, questions=tuple(_unique_ids(questions)), generator="quizapp set")


def _unique_ids(questions: Sequence[qs.Question]) -> list[qs.Question]:
    seen: set[str] = set()
    out = []
    for q in questions:
        qid, n = q.id, 2
        while qid in seen:
            qid = f"{q.id}-{n}"
            n += 1
        seen.add(qid)
        out.append(q if qid == q.id else replace(q, id=qid))
    return out


#: the formats that can leave the answer key out
WORKSHEETS = ("worksheet", "worksheet-pdf")


def export(bank: qs.Bank, fmt_name: str, *, key: str, title: str, answer_key: bool = True) -> Download:
    """The bank in one of :data:`questions.formats.FORMATS`, as a file to download."""
    fmt: Format = get_format(fmt_name)
    opts: dict[str, Any] = {}
    if fmt.name == "anki":
        opts = {"bank_key": key, "deck_name": title}
    elif fmt.name in WORKSHEETS:
        opts = {"title": title, "answer_key": answer_key}
    data = fmt.export_bytes(bank, **opts)
    suffix = "" if answer_key or fmt.name not in WORKSHEETS else "-questions"
    return Download(data, fmt.media_type, f"{_slug(title)}{suffix}{fmt.extension}")


def export_formats() -> list[Format]:
    return list(FORMATS.values())


def import_formats() -> list[Format]:
    return [f for f in FORMATS.values() if f.can_import]


@dataclass
class UploadReport:
    bank: Bank
    format_label: str
    imported: list[Question] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    new_bank: bool = False


def _fits(q: qs.Question) -> str | None:
    """Why a read question cannot be stored as it is, or None."""
    if q.type not in qs.TYPES:
        return f"question type {q.type!r} is not one quizapp asks"
    if len(q.kind) > 16:
        return "its kind is longer than 16 characters"
    if q.type in ("multiple_choice", "true_false") and list(q.choices).count(q.answer) != 1:
        return "the right answer is not exactly once among the choices"
    if not q.prompt.strip() or not q.answer.strip():
        return "the question or its answer is empty"
    return None


def _holds_nul(value: Any) -> bool:
    """Whether any text in an imported bank or question (dataclasses, tuples, lists) holds a NUL."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list | tuple):
        return any(_holds_nul(v) for v in value)
    if is_dataclass(value) and not isinstance(value, type):
        return any(_holds_nul(getattr(value, f.name)) for f in fields(value))
    return False


def import_questions(
    data: bytes,
    filename: str,
    *,
    owner_id: int,
    user_id: int | None,
    fmt_name: str | None = None,
    bank: Bank | None = None,
    status: str = "pending",
) -> UploadReport:
    """Read a question file into a bank (a new one when ``bank`` is None), in one transaction.

    Every question that can be read is imported; the rest are listed with the reason. A
    quizbank JSON file carries its article: a new bank gets it; for an existing bank, excerpts are
    looked up in that bank's article.
    """
    fmt = get_format(fmt_name) if fmt_name else guess_format(filename or "")
    if fmt is None or not fmt.can_import:
        readable = ", ".join(f.label for f in import_formats())
        raise AuthoringError(f"Cannot tell the format of “{filename}”: choose one of {readable}.")
    if not data.strip():
        raise AuthoringError("The file is empty.")
    article_text = bank.article.text if bank is not None else None
    result = fmt.import_(data, article_text=article_text)
    if _holds_nul(result.bank if result.bank is not None else result.questions):
        # PostgreSQL text cannot hold NUL and no person types one; dropping it would move the excerpts
        raise AuthoringError(
            "The file contains NUL characters (\\x00), which no text holds: is it a text file?"
        )
    new_bank = bank is None
    questions = list(result.questions)
    if bank is None:
        title = (
            Path(filename or "").stem.removesuffix(".gift").removesuffix(".moodle") or "Imported questions"
        )
        if result.bank is not None:
            art = result.bank.article
            bank = create_empty_bank(owner_id, art.title or title, text=art.text)
            bank.article.published = _iso_date(art.published)
            bank.article.source_name = art.source_name[:200] if art.source_name else art.source_name
        else:
            bank = create_empty_bank(owner_id, title)
    elif result.bank is not None and result.bank.article.text != bank.article.text:
        questions = [_moved_into(q, result.bank.article.text, bank.article.text, result) for q in questions]
    report = UploadReport(
        bank,
        fmt.label,
        skipped=list(result.skipped),
        errors=list(result.errors),
        warnings=list(result.warnings),
        new_bank=new_bank,
    )
    existing = {q.uid for q in bank.questions}
    position = len(bank.questions)
    for q in questions:
        reason = _fits(q)
        uid = q.id[:64] or new_uid()
        if reason is None and uid in existing:
            reason = f"a question with the id {uid!r} is already in this bank"
        if reason is not None:
            report.skipped.append(Skipped(f"“{q.prompt[:80]}”", reason))
            continue
        existing.add(uid)
        row = question_to_row(replace(q, id=uid), position=position, status=status)
        position += 1
        bank.questions.append(row)
        report.imported.append(row)
    db.session.flush()
    for row in report.imported:
        db.session.add(
            QuestionReview(
                question_id=row.id,
                origin="imported",
                reviewer_id=user_id,
                decided_at=utcnow() if status != "pending" else None,
            )
        )
        db.session.add(
            QuestionEdit(question_id=row.id, user_id=user_id, action="create", after=snapshot(row))
        )
    if new_bank and not report.imported:
        db.session.rollback()
        raise AuthoringError(_nothing_read(report))
    db.session.commit()
    return report


def _nothing_read(report: UploadReport) -> str:
    why = report.errors[:1] or [str(s) for s in report.skipped[:3]]
    return "No question could be read from this file" + (": " + "; ".join(why) if why else ".")


def _moved_into(q: qs.Question, old_text: str, new_text: str, result: Any) -> qs.Question:
    """A question from a JSON bank about another text: its excerpts found in this bank's article."""
    sources = []
    for s in q.sources:
        moved = reanchor(source_to_json(s), old_text, new_text)
        if moved is not None:
            sources.append(source_from_json(moved))
    notes = []
    for n in q.choice_notes:
        moved = reanchor(source_to_json(n.source), old_text, new_text) if n.source else None
        notes.append(replace(n, source=source_from_json(moved) if moved else None))
    return replace(q, sources=tuple(sources), choice_notes=tuple(notes))


def _iso_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
