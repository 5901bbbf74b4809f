"""The stored flashcard ratings as item statistics counters, for ``quizapp itemstats rebuild``."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select

from quizapp.core.extensions import db
from quizapp.itemstats import recording
from quizapp.itemstats.rebuild import Counts, Scope
from quizapp.study.models import Card, Review


def stored_counts(scope: Scope) -> Iterator[tuple[int, Counts]]:
    """Ratings on the study page of a question's own card (a list question's item cards are not the
    question; a quiz or classroom answer's review is counted as that answer)."""
    rows = db.session.execute(
        select(Card.question_id, Review.rating, Review.duration_ms, Review.reviewed_at)
        .join(Card, Card.id == Review.card_id)
        .where(Review.source == "study", Card.part == 0)
    )
    out: Counts = []
    n = 0
    for qid, rating, duration_ms, at in rows:
        if scope.current(qid, at):
            n += 1
            out += recording.answer_counts(qid, "study", correct=rating > 1, elapsed_ms=duration_ms)
    yield n, out
