"""A teacher's banks and their questions: which banks a teacher authors or may use, their review counts,
writing, editing and deleting questions and banks, and their share links.

Views call these functions; they never touch the generator, the formats or the job table themselves.
Conversions between rows and :mod:`questions` dataclasses go through :mod:`quizapp.library.store`."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import func, or_, select

import questions as qs
from quizapp.authoring.models import QuestionEdit, QuestionReview
from quizapp.authoring.review import GENERATED_FIELDS, review_of, snapshot
from quizapp.core.extensions import db
from quizapp.core.models import utcnow
from quizapp.itemstats import recording as itemstats
from quizapp.library.models import Article, Bank, Question, new_share_token
from quizapp.library.store import (
    question_to_row,
    text_hash,
)
from quizapp.quiz.models import Answer

#: The blank of a cloze prompt as written on save: GIFT and Moodle XML write such a prompt in
#: their missing-word form (questions.formats._common.BLANK).
BLANK = "_____"
BLANK_RE = re.compile(r"(?<!_)_{3,}(?!_)")


class AuthoringError(ValueError):
    """A request that cannot be met, worded for the teacher."""


# --- a teacher's banks (who may do what: quizapp.core.access) -------------------------------------


def authored_banks(user: Any) -> list[Bank]:
    """The banks a teacher authors (an admin: every bank)."""
    query = select(Bank).order_by(Bank.created_at.desc(), Bank.id.desc())
    if not user.is_admin:
        query = query.where(Bank.owner_id == user.id)
    return list(db.session.scalars(query))


def usable_banks(user: Any) -> list[Bank]:
    """Banks whose questions a teacher may gather into a set: their own, then public ones."""
    query = select(Bank).order_by(Bank.title, Bank.id)
    if not user.is_admin:
        query = query.where(or_(Bank.owner_id == user.id, Bank.visibility == "public"))
    return list(db.session.scalars(query))


def status_counts(bank_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    ids = list(bank_ids)
    out: dict[int, dict[str, int]] = {i: {"approved": 0, "pending": 0, "rejected": 0} for i in ids}
    if ids:
        rows = db.session.execute(
            select(Question.bank_id, Question.status, func.count())
            .where(Question.bank_id.in_(ids))
            .group_by(Question.bank_id, Question.status)
        )
        for bank_id, status, n in rows:
            out[bank_id][status] = n
    return out


# --- writing and editing questions ----------------------------------------------------------------


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


# A regular expression rather than spaCy: choosing a sentence from a list needs no more, and a form
# page must not wait seconds for the language model to load.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])")


def article_sentences(text: str) -> list[Sentence]:
    """The sentences of the article's paragraphs, with their offsets, to tie a question to one."""
    if not text.strip():
        return []
    try:
        blocks = [(b.start, b.end) for b in qs.parse_article(text).paragraphs()]
    except qs.ArticleError:
        return []
    out = []
    for a, b in blocks:
        pos = a
        for m in _SENTENCE_END.finditer(text, a, b):
            if m.start() > pos:
                out.append(Sentence(pos, m.start(), text[pos : m.start()]))
            pos = m.end()
        if pos < b:
            out.append(Sentence(pos, b, text[pos:b]))
    return [s for s in out if s.text.strip()]


def source_for(text: str, start: int, end: int, answer: str) -> qs.Source:
    """The excerpt ``text[start:end]``, its answer highlighted where the sentence has it."""
    words = text[start:end]
    highlight = None
    if answer.strip():
        at = words.lower().find(answer.strip().lower())
        if at >= 0:
            highlight = (start + at, start + at + len(answer.strip()))
    return qs.Source(start, end, words, highlight)


def new_uid() -> str:
    return "hand-" + secrets.token_hex(6)


def _row_fields(q: qs.Question) -> dict[str, Any]:
    fresh = question_to_row(q)
    return {f: getattr(fresh, f) for f in GENERATED_FIELDS}


def create_question(bank: Bank, q: qs.Question, user_id: int | None, *, status: str = "approved") -> Question:
    """Save a hand-written question at the end of the bank."""
    q = replace(q, id=q.id or new_uid())
    row = question_to_row(q, position=len(bank.questions), status=status)
    bank.questions.append(row)
    db.session.flush()
    db.session.add(
        QuestionReview(
            question_id=row.id,
            origin="manual",
            edited_at=utcnow(),
            decided_at=utcnow() if status != "pending" else None,
            reviewer_id=user_id,
        )
    )
    db.session.add(QuestionEdit(question_id=row.id, user_id=user_id, action="create", after=snapshot(row)))
    db.session.commit()
    return row


def update_question(row: Question, q: qs.Question, user_id: int | None, *, approve: bool = False) -> None:
    """Save the teacher's version of a question: later regenerations keep it."""
    before = snapshot(row)
    fields = _row_fields(q)
    for f in ("fact_id", "score"):
        fields.pop(f)
    for name, value in fields.items():
        setattr(row, name, value)
    rev = review_of(row)
    if approve and row.status != "approved":
        row.status = "approved"
        rev.decided_at = utcnow()
    after = snapshot(row)
    if after != before:
        itemstats.restart_if_changed(row.id, before, after)
        rev.edited_at = utcnow()
        rev.reviewer_id = user_id
        db.session.add(
            QuestionEdit(question_id=row.id, user_id=user_id, action="edit", before=before, after=after)
        )
    db.session.commit()


def delete_question(row: Question) -> None:
    """Remove a hand-written or imported question; generated ones are rejected instead, so a
    regeneration does not bring them back."""
    rev = db.session.get(QuestionReview, row.id)
    if rev is None or rev.origin == "generated":
        raise AuthoringError(
            "Generated questions are rejected, not deleted, so that regenerating keeps them out."
        )
    if db.session.scalars(select(Answer.id).where(Answer.question_id == row.id).limit(1)).first() is not None:
        raise AuthoringError("Students have answered this question; reject it instead of deleting it.")
    bank = row.bank
    bank.questions.remove(row)
    db.session.commit()


def create_empty_bank(owner_id: int, title: str, *, text: str = "", visibility: str = "private") -> Bank:
    """A bank with no generated questions: for questions written by hand or imported from a file."""
    article = Article(title=title[:300], text=text, text_hash=text_hash(text), owner_id=owner_id)
    bank = Bank(
        article=article,
        title=title[:300] or "Untitled",
        generator="",
        owner_id=owner_id,
        visibility=visibility,
    )
    db.session.add(bank)
    db.session.flush()
    return bank


def update_bank_settings(bank: Bank, *, visibility: str) -> None:
    bank.visibility = visibility
    db.session.commit()


def new_bank_link(bank: Bank) -> None:
    """A new share token for the bank: the old link stops working."""
    bank.share_token = new_share_token()
    db.session.commit()


def delete_bank(bank: Bank) -> None:
    """Delete a bank and its questions, unless students took quizzes on it (their scores would go too)."""
    from quizapp.quiz.models import Attempt

    taken = db.session.scalars(select(Attempt.id).where(Attempt.bank_id == bank.id).limit(1)).first()
    answered = db.session.scalars(
        select(Answer.id)
        .join(Question, Answer.question_id == Question.id)
        .where(Question.bank_id == bank.id)
        .limit(1)
    ).first()
    if taken is not None or answered is not None:
        raise AuthoringError(
            "Students have answered questions of this bank, and deleting it would delete their scores. "
            "Make it private instead."
        )
    db.session.delete(bank)
    db.session.commit()
