"""The stored quiz answers as item statistics counters, for ``quizapp itemstats rebuild``."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from quizapp.core.extensions import db
from quizapp.itemstats import recording
from quizapp.itemstats.rebuild import Counts, Scope
from quizapp.quiz.models import Attempt


def stored_counts(scope: Scope) -> Iterator[tuple[int, Counts]]:
    """Each attempt's answers, timed from the attempt's previous answer (or its start) as when they were
    recorded, and a finished attempt's takers."""
    attempts = db.session.scalars(
        select(Attempt)
        .options(selectinload(Attempt.answers))
        .order_by(Attempt.id)
        .execution_options(yield_per=500)
    )
    for attempt in attempts:
        answers = sorted(attempt.answers, key=lambda a: (a.answered_at, a.id))
        out: Counts = []
        previous, n = attempt.started_at, 0
        for a in answers:
            elapsed = recording.quiz_elapsed_ms(attempt.started_at, [previous], a.answered_at)
            previous = max(previous, a.answered_at)
            if scope.current(a.question_id, a.answered_at):
                n += 1
                out += recording.answer_counts(
                    a.question_id,
                    "quiz",
                    correct=bool(a.correct),
                    response=a.response,
                    choices=scope.choices[a.question_id],
                    elapsed_ms=elapsed,
                )
        if attempt.finished_at is not None:
            rows = [(a.attempt_id, a.question_id, a.correct, a.credit) for a in answers]
            takers = recording.taker_counts("quiz", rows, asked=attempt.max_score)
            out += [t for t in takers if scope.current(t[0], attempt.finished_at)]
        yield n, out
