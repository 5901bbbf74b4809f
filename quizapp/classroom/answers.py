"""Answers: an answer is stored in its own short transaction, and only then acknowledged; the unique
(player, question) constraint makes a duplicate (a retry, a double tap) count once."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

import questions as qs
from quizapp.classroom.models import ClassroomSession, Player, PlayerAnswer, SessionQuestion
from quizapp.classroom.sessions import (
    WITHDRAWN,
    AnswerRefused,
    ClassroomError,
    is_open,
    is_over,
    session_question,
    shows,
)
from quizapp.core.extensions import db
from quizapp.core.models import utcnow
from quizapp.itemstats import recording as itemstats
from quizapp.library import grading
from quizapp.library.models import Question
from quizapp.library.store import row_to_question
from quizapp.study import outcomes

try:  # POSIX: answers queue on a file lock across gunicorn workers (see _one_writer)
    import fcntl
except ImportError:  # pragma: no cover - Windows: SQLite's own busy wait does the job, slower
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)


def count_toward_flashcards(user_id: int, question_id: int, correct: bool, now: datetime) -> None:
    """A logged-in student's classroom answer counts as a review of that question's flashcard (one memory
    across modes: :func:`quizapp.study.outcomes.record_outcome`; guests have none).

    Called after the answer is committed, in a transaction of its own: if the review cannot be written,
    the answer still stands and stays acknowledged, and the failure is logged.
    """
    try:
        outcomes.record_outcome(user_id, question_id, correct, now=now, source="classroom")
    except SQLAlchemyError:
        db.session.rollback()
        log.exception("A classroom answer could not count toward flashcards (user %s)", user_id)


def _validate_response(question: qs.Question, response: str) -> str:
    response = (response or "").strip()
    limit = grading.MAX_LIST_RESPONSE if question.type == "list" else grading.MAX_RESPONSE
    if len(response) > limit:
        raise ClassroomError(f"Keep the answer under {limit} characters.")
    if question.choices and question.type in ("multiple_choice", "true_false") and response:
        if response not in question.choices:
            raise ClassroomError("Choose one of the answers shown.")
    return response


def find_answer(player: Player, sq: SessionQuestion) -> PlayerAnswer | None:
    return db.session.scalars(
        select(PlayerAnswer).where(
            PlayerAnswer.player_id == player.id, PlayerAnswer.session_question_id == sq.id
        )
    ).first()


def record_answer(
    session: ClassroomSession,
    player: Player,
    position: int,
    response: str,
    *,
    now: datetime | None = None,
) -> tuple[PlayerAnswer, bool]:
    """Grade and store a player's answer; (answer, created). The first answer stands; a late one is refused.

    The insert is committed before this returns, so an acknowledged answer survives the server dying.
    """
    answer, created, _sq = _record_answer(session, player, position, response, now=now or utcnow())
    return answer, created


def _record_answer(
    session: ClassroomSession, player: Player, position: int, response: str, *, now: datetime
) -> tuple[PlayerAnswer, bool, SessionQuestion]:
    """:func:`record_answer`, with the question answered."""
    if player.session_id != session.id:
        raise ClassroomError("You are not in this session.")
    if player.removed:
        raise AnswerRefused("The teacher removed you from this session; your answer was not counted.")
    sq = session_question(session, position)
    if sq is None:
        raise ClassroomError("This session has no such question.")
    if not is_open(session, sq, now):
        existing = find_answer(player, sq)
        if existing is not None:  # a resend after the question closed: the first answer stands
            return existing, False, sq
        if is_over(session, now):
            raise AnswerRefused("Too late: the session has ended, so this answer was not counted.")
        if sq.state == "pending":
            raise AnswerRefused("That question is not open yet.")
        raise AnswerRefused(
            f"Too late: question {position + 1} closed before your answer arrived, so it was not counted."
        )
    row = db.session.get(Question, sq.question_id)
    if row is None:  # pragma: no cover - the FK cascades
        raise ClassroomError("That question no longer exists.")
    if not shows(session, row):
        raise AnswerRefused(WITHDRAWN)
    question = row_to_question(row)
    response = _validate_response(question, response)
    result = grading.grade(question, response) if response else grading.Grade(correct=False, credit=0.0)
    elapsed = None
    if session.pace == "teacher" and sq.opened_at is not None:
        elapsed = max(0, int((now - sq.opened_at).total_seconds() * 1000))
    values = {
        "session_id": session.id,
        "player_id": player.id,
        "session_question_id": sq.id,
        "response": response,
        "correct": result.correct,
        "credit": result.credit,
        "detail": result.to_detail(),
        "elapsed_ms": elapsed,
        "answered_at": now,
    }
    with _one_writer():
        # the unique (player, question) constraint answers "did they answer already?" in the INSERT itself,
        # instead of a SELECT before it: a duplicate (a retry, a double tap) inserts nothing
        answer = db.session.scalars(_insert_first_answer(values)).first()
        if answer is not None:
            itemstats.record_answer(
                row.id,
                "classroom",
                correct=result.correct,
                response=response,
                choices=question.choices,
                elapsed_ms=elapsed,
            )
            _commit_keeping_rows()
        else:
            db.session.rollback()  # end the write the INSERT began before the next writer goes
    if answer is None:
        first = find_answer(player, sq)
        if first is None:  # pragma: no cover - the constraint that kept it out says it exists
            raise ClassroomError("Your answer could not be stored; send it again.")
        return first, False, sq
    if player.user_id is not None:
        count_toward_flashcards(player.user_id, row.id, result.correct, now)
    return answer, True, sq


def _insert_first_answer(values: dict[str, Any]) -> Any:
    """INSERT … ON CONFLICT (player, question) DO NOTHING RETURNING the answer, on SQLite or PostgreSQL."""
    dialect = db.session.get_bind().dialect.name
    insert: Any = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return (
        insert(PlayerAnswer)
        .values(values)
        .on_conflict_do_nothing(index_elements=["player_id", "session_question_id"])
        .returning(PlayerAnswer)
    )


def _commit_keeping_rows() -> None:
    """Commit without expiring the rows loaded so far: the acknowledgement is built from the session,
    player and question this request already read (none of which the answer changed), instead of six
    SELECTs reloading them. The request ends with it; the phone's next poll reads the database afresh."""
    orm_session = db.session()
    keep = orm_session.expire_on_commit
    orm_session.expire_on_commit = False
    try:
        orm_session.commit()
    finally:
        orm_session.expire_on_commit = keep


_WRITE_LOCK = threading.Lock()
_LOCK_FILES: dict[tuple[int, str], int] = {}


@contextmanager
def _one_writer() -> Iterator[None]:
    """Answers take turns to write on SQLite, which has a single writer.

    A writer that finds SQLite's database locked sleeps in growing steps (up to 100 ms) before trying
    again, so when a whole class answers at once most of an answer's time went to sleeping while the lock
    was already free. Here they queue on locks that wake the next writer the moment the last one commits:
    a thread lock within a gunicorn worker, an flock on a file beside the database across workers (opened
    in each worker process, so they do not share it through a fork). PostgreSQL needs none of this.
    """
    engine = db.engine
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:" or fcntl is None:
        yield
        return
    with _WRITE_LOCK:
        key = (os.getpid(), database)
        fd = _LOCK_FILES.get(key)
        if fd is None:
            fd = _LOCK_FILES[key] = os.open(database + ".write-lock", os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)


def answered_positions(player: Player) -> dict[int, PlayerAnswer]:
    rows = db.session.execute(
        select(SessionQuestion.position, PlayerAnswer)
        .join(PlayerAnswer, PlayerAnswer.session_question_id == SessionQuestion.id)
        .where(PlayerAnswer.player_id == player.id)
    ).all()
    return {pos: ans for pos, ans in rows}


def self_paced_position(session: ClassroomSession, player: Player) -> int | None:
    """A self-paced player's next question: the first they have not answered, or None when done."""
    answered = select(PlayerAnswer.session_question_id).where(PlayerAnswer.player_id == player.id)
    return db.session.scalar(
        select(func.min(SessionQuestion.position)).where(
            SessionQuestion.session_id == session.id, SessionQuestion.id.not_in(answered)
        )
    )


def answer_count(session: ClassroomSession, sq: SessionQuestion | None) -> int:
    """Answers to ``sq`` from players still in the session."""
    return 0 if sq is None else answer_count_of(session.id, sq.id)


def answer_count_of(session_id: int, sq_id: int) -> int:
    return int(
        db.session.scalar(
            select(func.count())
            .select_from(PlayerAnswer)
            .join(Player, Player.id == PlayerAnswer.player_id)
            .where(
                PlayerAnswer.session_id == session_id,
                PlayerAnswer.session_question_id == sq_id,
                Player.removed.is_(False),
            )
        )
        or 0
    )


def parse_position(value: str | None) -> int | None:
    """A question's position from a form: a small non-negative number, else None."""
    value = (value or "").strip()
    if not (value.isascii() and value.isdigit()) or len(value) > 4:
        return None
    return int(value)


@dataclass(frozen=True)
class Submitted:
    """What became of a submitted answer: stored or not, the message for the student, the HTTP status,
    and the answer when this request stored it (``created``), with its question, still loaded."""

    stored: bool
    message: str
    status: int
    answer: PlayerAnswer | None = None
    sq: SessionQuestion | None = None
    created: bool = False


def submit(session: ClassroomSession, player: Player, form: Mapping[str, str]) -> Submitted:
    """The fate of the answer in a submitted form; never raises on bad input."""
    position = parse_position(form.get("position"))
    if position is None:
        return Submitted(False, "The answer did not say which question it was for. Reload the page.", 400)
    response = "" if "skip" in form else form.get("response", "")
    try:
        row, created, sq = _record_answer(session, player, position, response, now=utcnow())
    except AnswerRefused as exc:
        return Submitted(False, str(exc), 409)
    except ClassroomError as exc:
        return Submitted(False, str(exc), 400)
    if not created:
        return Submitted(True, "You already answered; your first answer stands.", 200, row)
    return Submitted(True, "Answer received.", 200, row, sq, created=True)


def played_since(cutoff: datetime) -> Select[Any]:
    """The users who answered in a classroom session since ``cutoff`` (for pruning idle guests)."""
    return (
        select(Player.user_id)
        .join(PlayerAnswer, PlayerAnswer.player_id == Player.id)
        .where(PlayerAnswer.answered_at >= cutoff, Player.user_id.is_not(None))
    )
