"""The stored classroom answers as item statistics counters, for ``quizapp itemstats rebuild``."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select

from quizapp.classroom.models import ClassroomSession, PlayerAnswer, SessionQuestion
from quizapp.classroom.sessions import asked_questions, taker_rows
from quizapp.core.extensions import db
from quizapp.itemstats import recording
from quizapp.itemstats.rebuild import Counts, Scope


def stored_counts(scope: Scope) -> Iterator[tuple[int, Counts]]:
    """Every answer (with the time it took, teacher-paced), then the takers of each ended session."""
    rows = db.session.execute(
        select(SessionQuestion.question_id, PlayerAnswer.response, PlayerAnswer.correct)
        .add_columns(PlayerAnswer.elapsed_ms, PlayerAnswer.answered_at)
        .join(SessionQuestion, SessionQuestion.id == PlayerAnswer.session_question_id)
    )
    out: Counts = []
    n = 0
    for qid, response, correct, elapsed, at in rows:
        if scope.current(qid, at):
            n += 1
            out += recording.answer_counts(
                qid, "classroom", correct=bool(correct), response=response, choices=scope.choices[qid],
                elapsed_ms=elapsed,
            )  # fmt: skip
    yield n, out
    for session in db.session.scalars(select(ClassroomSession).where(ClassroomSession.status == "ended")):
        takers = recording.taker_counts("classroom", taker_rows(session), asked=len(asked_questions(session)))
        yield 0, [t for t in takers if scope.current(t[0], session.ended_at)]
