"""Quiz attempts: choosing the questions, recording answers (the first one stands), finishing,
resuming, and what the feedback and review pages show.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError

import questions as qs
from quizapp.core import access
from quizapp.core.extensions import db
from quizapp.core.models import utcnow
from quizapp.itemstats import recording as itemstats
from quizapp.library import grading, reader
from quizapp.library.banks import approved_questions, choose_questions
from quizapp.library.models import Bank, Question
from quizapp.library.reader import ExcerptView
from quizapp.library.store import row_to_question
from quizapp.quiz.models import Answer, Attempt
from quizapp.study import outcomes


class QuizError(ValueError):
    """A quiz request that cannot be met, worded for the user."""


class NotInAttempt(QuizError):
    pass


def start_attempt(
    user_id: int,
    bank: Bank,
    *,
    count: int,
    kinds: Iterable[str] = (),
    types: Iterable[str] = (),
    rng: random.Random | None = None,
) -> Attempt:
    kinds, types = list(kinds), list(types)
    pool = [
        q
        for q in approved_questions(bank)
        if (not kinds or q.kind in kinds) and (not types or q.type in types)
    ]
    if not pool:
        raise QuizError("No questions of this bank match those choices. Choose more kinds or types.")
    chosen = choose_questions(pool, max(1, count), rng or random.Random())
    attempt = Attempt(
        user_id=user_id,
        bank_id=bank.id,
        question_ids=[q.id for q in chosen],
        options={"count": count, "kinds": kinds, "types": types},
        max_score=len(chosen),
    )
    db.session.add(attempt)
    db.session.commit()
    return attempt


def start_attempt_on(
    user_id: int,
    pool: Sequence[Question],
    *,
    count: int | None = None,
    shuffle: bool = False,
    options: dict[str, Any] | None = None,
    rng: random.Random | None = None,
) -> Attempt:
    """Start an attempt on questions gathered elsewhere (a question set), in the order given.

    Only approved questions are asked. The attempt's ``bank_id`` is the first question's bank;
    ``options`` is kept on the attempt (a set stores ``set_id`` and ``set_title`` there).
    """
    chosen = [q for q in pool if q.status == "approved"]
    if not chosen:
        raise QuizError("This set has no approved questions yet.")
    if shuffle:
        (rng or random.Random()).shuffle(chosen)
    chosen = chosen[: max(1, count)] if count else chosen
    attempt = Attempt(
        user_id=user_id,
        bank_id=chosen[0].bank_id,
        question_ids=[q.id for q in chosen],
        options={"count": len(chosen), "kinds": [], "types": [], **(options or {})},
        max_score=len(chosen),
    )
    db.session.add(attempt)
    db.session.commit()
    return attempt


def answers_by_question(attempt: Attempt) -> dict[int, Answer]:
    return {a.question_id: a for a in attempt.answers}


def current_position(attempt: Attempt) -> int | None:
    """The first question not yet answered (0-based), or None when every question is answered."""
    answered = answers_by_question(attempt)
    for i, qid in enumerate(attempt.question_ids):
        if qid not in answered:
            return i
    return None


def set_id_of(attempt: Attempt) -> int | None:
    """The question set the attempt was started on (None: started on a bank)."""
    set_id = (attempt.options or {}).get("set_id")
    return set_id if isinstance(set_id, int) and not isinstance(set_id, bool) else None


def shows(user: Any, attempt: Attempt, row: Question) -> bool:
    """Whether the attempt may still show this question (its text, answer and excerpts) to ``user``:
    read now, so a bank its owner made private since leaves the attempt (core.access.still_shows)."""
    return access.still_shows(user, row.bank, set_id=set_id_of(attempt))


def question_at(attempt: Attempt, position: int) -> Question | None:
    if not 0 <= position < len(attempt.question_ids):
        return None
    return db.session.get(Question, attempt.question_ids[position])


def record_answer(attempt: Attempt, question_id: int, response: str) -> tuple[Answer, bool]:
    """Grade and store an answer. Returns (answer, created); a second answer leaves the first standing."""
    if attempt.finished_at is not None:
        raise QuizError("This quiz is finished; its answers can no longer change.")
    if question_id not in attempt.question_ids:
        raise NotInAttempt("That question is not part of this quiz.")
    existing = answers_by_question(attempt).get(question_id)
    if existing is not None:
        return existing, False
    question = db.session.get(Question, question_id)
    if question is None:
        raise NotInAttempt("That question no longer exists.")
    result = grading.grade(row_to_question(question), response)
    answer = Answer(
        attempt=attempt,
        question_id=question_id,
        position=attempt.question_ids.index(question_id),
        response=response,
        correct=result.correct,
        credit=result.credit,
        detail=result.to_detail(),
    )
    db.session.add(answer)
    attempt.updated_at = utcnow()  # "carry on where you stopped" lists the latest first
    try:
        db.session.flush()
    except IntegrityError:
        # the same form sent twice at once: the other request's answer stands
        db.session.rollback()
        fresh = db.session.scalars(
            select(Answer).where(Answer.attempt_id == attempt.id, Answer.question_id == question_id)
        ).one()
        return fresh, False
    itemstats.record_quiz_answer(attempt, answer, question)
    # one memory across modes: the answer also reviews the question's flashcard (study area)
    outcomes.record_outcome(attempt.user_id, question_id, result.correct, commit=False)
    if current_position(attempt) is None:
        finish(attempt, commit=False)
    db.session.commit()
    return answer, True


def pass_over(attempt: Attempt, question_id: int) -> None:
    """Move past a withdrawn question (its bank is no longer shared): it earns nothing, and since its
    text was never shown it counts neither in the bank's item figures nor as a flashcard review."""
    if attempt.finished_at is not None or question_id in answers_by_question(attempt):
        return
    db.session.add(
        Answer(
            attempt=attempt,
            question_id=question_id,
            position=attempt.question_ids.index(question_id),
            response="",
            detail={"withdrawn": True},
        )
    )
    attempt.updated_at = utcnow()
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        return
    if current_position(attempt) is None:
        finish(attempt, commit=False)
    db.session.commit()


def finish(attempt: Attempt, *, commit: bool = True) -> Attempt:
    """Close the attempt: unanswered questions earn nothing."""
    if attempt.finished_at is None:
        attempt.score = round(sum(a.credit for a in attempt.answers), 3)
        attempt.max_score = len(attempt.question_ids)
        attempt.finished_at = utcnow()
        itemstats.record_takers(
            "quiz",
            [(a.attempt_id, a.question_id, a.correct, a.credit) for a in attempt.answers],
            asked=attempt.max_score,
        )
    if commit:
        db.session.commit()
    return attempt


def unfinished_attempts(user_id: int | None, *, limit: int = 5) -> list[Attempt]:
    if user_id is None:
        return []
    return list(
        db.session.scalars(
            select(Attempt)
            .where(Attempt.user_id == user_id, Attempt.finished_at.is_(None))
            .order_by(Attempt.updated_at.desc(), Attempt.id.desc())
            .limit(limit)
        )
    )


# --- what the pages show ---------------------------------------------------------------------


@dataclass(frozen=True)
class NoteView:
    choice: str
    note: str
    excerpt: ExcerptView | None


@dataclass
class Feedback:
    question: qs.Question
    answer: Answer
    excerpts: list[ExcerptView]
    #: for a wrong choice: why it is wrong, where the article says so
    choice_note: NoteView | None = None
    matched: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        if self.answer.correct:
            return "right"
        return "partial" if self.answer.credit > 0 else "wrong"


def _bank_spans(bank: Bank) -> list[tuple[int, int, int]]:
    return reader.merged_spans(reader.question_spans(row_to_question(q) for q in approved_questions(bank)))


def feedback(
    question_row: Question, answer: Answer, *, spans: list[tuple[int, int, int]] | None = None
) -> Feedback:
    q = row_to_question(question_row)
    spans = spans if spans is not None else _bank_spans(question_row.bank)
    excerpts = [ExcerptView(reader.excerpt_parts(s), reader.anchor_for(s, spans)) for s in q.sources]
    note = None
    if not answer.correct and q.choice_notes:
        for n in q.choice_notes:
            if n.choice == answer.response:
                note = NoteView(
                    n.choice,
                    n.note,
                    ExcerptView(reader.excerpt_parts(n.source), reader.anchor_for(n.source, spans))
                    if n.source
                    else None,
                )
                break
    detail = answer.detail or {}
    return Feedback(
        q, answer, excerpts, note, list(detail.get("matched") or []), list(detail.get("missed") or [])
    )


@dataclass
class ReviewItem:
    position: int
    question: Question
    feedback: Feedback | None
    #: the answer given, if any (kept for a withdrawn question, whose feedback is not shown)
    answer: Answer | None = None
    #: the question's bank is no longer shared: only the verdict is shown, not the question
    withdrawn: bool = False


def review(attempt: Attempt, user: Any) -> list[ReviewItem]:
    answered = answers_by_question(attempt)
    # a question set's attempt mixes banks: each question's excerpt links into its own bank's article
    spans_of: dict[int, list[tuple[int, int, int]]] = {}
    items = []
    rows = {
        q.id: q for q in db.session.scalars(select(Question).where(Question.id.in_(attempt.question_ids)))
    }
    for i, qid in enumerate(attempt.question_ids):
        row = rows.get(qid)
        if row is None:
            continue
        ans = answered.get(qid)
        if not shows(user, attempt, row):
            items.append(ReviewItem(i, row, None, ans, withdrawn=True))
            continue
        if row.bank_id not in spans_of:
            spans_of[row.bank_id] = _bank_spans(row.bank)
        items.append(
            ReviewItem(i, row, feedback(row, ans, spans=spans_of[row.bank_id]) if ans else None, ans)
        )
    return items


def available_filters(bank: Bank) -> tuple[dict[str, int], dict[str, int]]:
    """How many approved questions of each kind and of each type the bank has."""
    kinds: dict[str, int] = {}
    types: dict[str, int] = {}
    for q in approved_questions(bank):
        kinds[q.kind] = kinds.get(q.kind, 0) + 1
        types[q.type] = types.get(q.type, 0) + 1
    return kinds, types


def quizzed_since(cutoff: datetime) -> Select[Any]:
    """The users who worked on a quiz since ``cutoff`` (for pruning idle guests)."""
    return select(Attempt.user_id).where(Attempt.updated_at >= cutoff)
