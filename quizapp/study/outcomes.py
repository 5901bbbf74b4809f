"""One memory across modes: :func:`record_outcome` counts a quiz (or live classroom) answer as a review
of the question's card, so the flashcards pick up what a student missed elsewhere.

This is the one function other features call to tell study about an outcome."""

from __future__ import annotations

from datetime import datetime

from fsrs import Rating
from sqlalchemy import select

from quizapp.accounts.models import User
from quizapp.core.extensions import db
from quizapp.library.models import Question
from quizapp.study.models import NEW, Card, Review
from quizapp.study.scheduler import apply_rating, aware, get_settings, naive


def record_outcome(
    user_id: int | None,
    question_id: int,
    correct: bool,
    now: datetime | None = None,
    *,
    source: str = "quiz",
    commit: bool = True,
) -> Review | None:
    """Count an answer given in a quiz or a live classroom session as a review of the question's
    card: wrong is Again, right is Good. Guests and visitors have no memory (returns None).

    ``commit=False`` leaves the commit to the caller (the quiz commits the answer and this together).
    """
    if user_id is None:
        return None
    user = db.session.get(User, user_id)
    question = db.session.get(Question, question_id)
    if user is None or user.is_guest or question is None:
        return None
    moment = aware(now)
    card = db.session.scalars(
        select(Card).where(Card.user_id == user_id, Card.question_id == question_id, Card.part == 0)
    ).first()
    if card is None:
        card = Card(
            user_id=user_id,
            question_id=question_id,
            bank_id=question.bank_id,
            part=0,
            state=NEW,
            due=naive(moment),
        )
        db.session.add(card)
        db.session.flush()
    review = apply_rating(
        card,
        Rating.Good if correct else Rating.Again,
        get_settings(user_id),
        moment,
        deck=f"bank:{question.bank_id}",
        source=source,
    )
    if commit:
        db.session.commit()
    return review
