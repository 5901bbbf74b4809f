"""Regenerating a bank without losing a teacher's work, and reviewing questions: statuses, bulk actions,
the review list beside the article, and each question's edit history."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from flask import flash
from sqlalchemy import select

import questions as qs
from questions.lint import Lint, check
from quizapp.authoring.models import ImportJob, QuestionEdit, QuestionReview, SetItem
from quizapp.core.extensions import db
from quizapp.core.models import utcnow
from quizapp.itemstats import recording as itemstats
from quizapp.library import reader
from quizapp.library.models import Bank, Question
from quizapp.library.store import (
    held_back_of,
    question_to_row,
    row_to_question,
    text_hash,
)
from quizapp.quiz.models import Answer

# --- regeneration ---------------------------------------------------------------------------------


def reanchor(src: dict[str, Any], old_text: str, new_text: str) -> dict[str, Any] | None:
    """The same excerpt in an edited article: where it now is, or None when its words are gone."""
    start, end, words = int(src["start"]), int(src["end"]), str(src["text"])
    if new_text[start:end] == words:
        return src
    spots = [m.start() for m in re.finditer(re.escape(words), new_text)] if words else []
    if not spots:
        return None
    at = min(spots, key=lambda s: abs(s - start))
    shift = at - start
    hl = src.get("highlight")
    return {
        "start": at,
        "end": at + len(words),
        "text": words,
        "highlight": [hl[0] + shift, hl[1] + shift] if hl else None,
    }


def _reanchor_row(row: Question, old_text: str, new_text: str) -> bool:
    """Move the row's excerpts into the edited article; False when one was lost."""
    lost = False
    sources = []
    for s in row.sources or []:
        moved = reanchor(s, old_text, new_text)
        lost |= moved is None
        if moved is not None:
            sources.append(moved)
    notes = []
    for n in row.choice_notes or []:
        src = n.get("source")
        moved = reanchor(src, old_text, new_text) if src else None
        notes.append({**n, "source": moved})
    row.sources, row.choice_notes = sources, notes
    return not lost


GENERATED_FIELDS = (
    "kind", "type", "prompt", "answer", "accepted", "choices", "value", "items", "sources",
    "choice_notes", "explanation", "fact_id", "difficulty", "score", "tags", "partial",
)  # fmt: skip


def snapshot(row: Question) -> dict[str, Any]:
    """The fields a teacher can change, for the edit history."""
    return {f: getattr(row, f) for f in GENERATED_FIELDS if f not in ("score", "fact_id")} | {
        "status": row.status
    }


def review_of(row: Question) -> QuestionReview:
    rev = db.session.get(QuestionReview, row.id)
    if rev is None:
        rev = QuestionReview(question_id=row.id, origin="generated")
        db.session.add(rev)
    return rev


def merge_regenerated(bank: Bank, fresh: qs.Bank, *, user_id: int | None) -> dict[str, int]:
    """Bring a regenerated bank into the stored one, keeping the teacher's edits and decisions.

    Questions are matched by the generator's stable ids. A question the teacher edited keeps the
    teacher's text (its excerpts follow the article if it was edited); an untouched one takes the
    generator's new version; its status stays whatever the teacher decided. New questions arrive
    pending and marked "new". Questions the generator no longer makes are kept and marked
    "stale" when the teacher decided on them (or students answered them), else removed.
    Hand-written and imported questions are always kept.
    """
    old_text, new_text = bank.article.text, fresh.article.text
    text_changed = old_text != new_text
    if text_changed:
        bank.article.text = new_text
        bank.article.text_hash = text_hash(new_text)
    by_uid = {q.uid: q for q in bank.questions}
    reviews = {
        r.question_id: r
        for r in db.session.scalars(
            select(QuestionReview).where(QuestionReview.question_id.in_([q.id for q in bank.questions]))
        )
    }
    for r in reviews.values():
        r.regen_state = None
    answered = set(
        db.session.scalars(
            select(Answer.question_id).where(Answer.question_id.in_([q.id for q in bank.questions]))
        )
    )
    in_sets = set(
        db.session.scalars(
            select(SetItem.question_id).where(SetItem.question_id.in_([q.id for q in bank.questions]))
        )
    )
    summary = {"new": 0, "updated": 0, "kept_edits": 0, "stale": 0, "removed": 0, "lost_excerpts": 0}
    fresh_uids: set[str] = set()
    order: list[Question] = []
    new_rows: list[Question] = []
    for q in fresh.questions:
        uid = q.id[:64]
        if not uid or uid in fresh_uids:
            continue
        fresh_uids.add(uid)
        row = by_uid.get(uid)
        if row is None:
            row = question_to_row(q, status="pending")
            bank.questions.append(row)
            new_rows.append(row)
            summary["new"] += 1
        else:
            rev = reviews.get(row.id)
            if rev is not None and rev.edited_at is not None:
                summary["kept_edits"] += 1
                if text_changed and not _reanchor_row(row, old_text, new_text):
                    summary["lost_excerpts"] += 1
            else:
                before = snapshot(row)
                fresh_row = question_to_row(q)
                for f in GENERATED_FIELDS:
                    setattr(row, f, getattr(fresh_row, f))
                if snapshot(row) != before:
                    summary["updated"] += 1
                    itemstats.restart_if_changed(row.id, before, snapshot(row))
        order.append(row)
    for row in list(bank.questions):
        if row.uid in fresh_uids:
            continue
        rev = reviews.get(row.id)
        origin = rev.origin if rev is not None else "generated"
        decided = rev is not None and (rev.decided_at is not None or rev.edited_at is not None)
        if text_changed and not _reanchor_row(row, old_text, new_text):
            summary["lost_excerpts"] += 1
        if origin == "generated":
            if not decided and row.id not in answered and row.id not in in_sets and row.status == "pending":
                bank.questions.remove(row)
                summary["removed"] += 1
                continue
            if rev is None:
                rev = review_of(row)
            rev.regen_state = "stale"
            summary["stale"] += 1
        order.append(row)
    for i, row in enumerate(order):
        row.position = i
    bank.generator = fresh.generator[:40]
    bank.warnings = list(fresh.warnings)
    bank.empty_reason = fresh.empty_reason
    bank.held_back = held_back_of(fresh)
    db.session.flush()
    for row in new_rows:
        db.session.add(QuestionReview(question_id=row.id, origin="generated", regen_state="new"))
        db.session.add(
            QuestionEdit(question_id=row.id, user_id=user_id, action="regenerate", after=snapshot(row))
        )
    return summary


# --- reviewing ------------------------------------------------------------------------------------

REVIEW_ACTIONS = {"approve": "approved", "reject": "rejected", "pending": "pending"}
REVIEW_STATUSES = ("pending", "approved", "rejected")


def last_regeneration(bank: Bank) -> ImportJob | None:
    """The bank's latest finished regeneration, to say what it changed."""
    return db.session.scalars(
        select(ImportJob)
        .where(ImportJob.bank_id == bank.id, ImportJob.kind == "regenerate", ImportJob.status == "done")
        .order_by(ImportJob.finished_at.desc(), ImportJob.id.desc())
    ).first()


def set_status(row: Question, action: str, user_id: int | None) -> None:
    status = REVIEW_ACTIONS[action]
    if row.status != status:
        db.session.add(
            QuestionEdit(
                question_id=row.id,
                user_id=user_id,
                action=action,
                before={"status": row.status},
                after={"status": status},
            )
        )
        row.status = status
    rev = review_of(row)
    rev.decided_at = utcnow() if status != "pending" else None
    rev.reviewer_id = user_id
    db.session.commit()


def bulk_status(
    bank: Bank,
    action: str,
    user_id: int | None,
    *,
    kind: str | None = None,
    only_status: str | None = "pending",
) -> int:
    """Approve or reject every question of a kind (every kind when None) that is still ``only_status``."""
    rows = [
        q
        for q in bank.questions
        if (kind is None or q.kind == kind) and (only_status is None or q.status == only_status)
    ]
    status = REVIEW_ACTIONS[action]
    now = utcnow()
    for row in rows:
        if row.status != status:
            db.session.add(
                QuestionEdit(
                    question_id=row.id,
                    user_id=user_id,
                    action=action,
                    before={"status": row.status},
                    after={"status": status},
                )
            )
            row.status = status
        rev = review_of(row)
        rev.decided_at = now if status != "pending" else None
        rev.reviewer_id = user_id
    db.session.commit()
    return len(rows)


@dataclass(frozen=True)
class ReviewItem:
    row: Question
    question: qs.Question
    review: QuestionReview | None
    #: the excerpt in its paragraph: text before, the excerpt's parts (answer highlighted), text after
    context: list[tuple[str, list[reader.ExcerptPart], str, str]]
    anchor: str | None


def _paragraph_around(text: str, start: int, end: int) -> tuple[int, int]:
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", end)
    return a, len(text) if b == -1 else b


def article_view(bank: Bank) -> list[reader.Block]:
    """The article with the excerpts of every question not rejected marked.

    The library's reader marks the approved ones only; the teacher needs to see the pending ones too.
    """
    rows = [row_to_question(q) for q in bank.questions if q.status != "rejected"]
    return reader.article_blocks(bank.article.text, rows)


def history(row: Question) -> list[QuestionEdit]:
    return list(
        db.session.scalars(
            select(QuestionEdit)
            .where(QuestionEdit.question_id == row.id)
            .order_by(QuestionEdit.at, QuestionEdit.id)
        )
    )


# --- the item-writing checker, as advice on a teacher's own question ------------------------------


def advice(question: qs.Question, article_text: str) -> list[str]:
    """What the generator's item-writing checker would hold a question back for, in words.

    Advice only: a teacher's question is saved whatever it says."""
    return [f.reason[:1].upper() + f.reason[1:] + "." for f in check(question, Lint(text=article_text))]


def flash_advice(question: qs.Question, article_text: str) -> None:
    for line in advice(question, article_text):
        flash(f"Saved, but have a look: {line}", "warning")
