"""The answer a whole class sends within seconds of a question opening, stored from one query and one
INSERT, without loading a row into the ORM.

A teacher-paced session's answer to its open question is the request a classroom makes most after the
polls. :func:`submit_open` reads everything that decides it (the session's state, the player, the
question at that position, whether the session may still show it) in one indexed query; the question
itself, parsed for grading, is read once per process for each state of the session and shared by every
phone (:data:`_QUESTIONS`). Then the answer is one INSERT (and the item statistics' upsert) in a short
transaction, committed before the phone is told, exactly as :func:`quizapp.classroom.answers.submit`.

Everything else (a self-paced session, a closed or pending question, a duplicate, a removed player, a
bank no longer shared, anything unusual) returns None, and the caller takes that general path, which
reads the rows and gives the same answers and messages as before.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, bindparam, select
from sqlalchemy.dialects import postgresql, sqlite

import questions as qs
from quizapp.classroom import answers
from quizapp.classroom.answers import _one_writer, _validate_response, parse_position
from quizapp.classroom.live import MyAnswer, _etag, _key_is_open
from quizapp.classroom.models import ClassroomSession, Player, PlayerAnswer, SessionQuestion
from quizapp.classroom.players import hash_token
from quizapp.classroom.results import single_flight
from quizapp.classroom.sessions import ClassroomError
from quizapp.core.extensions import db
from quizapp.core.models import utcnow
from quizapp.itemstats import recording as itemstats
from quizapp.library import grading
from quizapp.library.models import Bank, Question
from quizapp.library.store import row_to_question


@dataclass
class Answered:
    """A stored answer as the phone's "Answer received" page shows it (what ``_player_live.html`` reads
    in its waiting mode), with the ETag the phone's next poll sends."""

    session_id: int
    position: int
    answer: MyAnswer
    seconds_left: int | None
    etag: str
    mode: str = "waiting"
    #: only self-paced pages show a reveal above the question
    reveal: None = None

    @property
    def session(self) -> Answered:  # the template reads view.session.id
        return self

    @property
    def id(self) -> int:
        return self.session_id

    @property
    def extra(self) -> dict[str, Any]:
        """The JSON fields of the acknowledgement besides the page, as for any other page."""
        return {"mode": self.mode, "position": self.position, "seconds_left": self.seconds_left}


@functools.cache
def _statement() -> Any:
    """The one query, built once per process; session, player token and position are bound."""
    return (
        select(
            ClassroomSession.version,
            ClassroomSession.status,
            ClassroomSession.pace,
            ClassroomSession.deadline,
            ClassroomSession.join_code,
            ClassroomSession.created_at,
            ClassroomSession.owner_id,
            ClassroomSession.current_position,
            Player.id,
            Player.removed,
            Player.user_id,
            SessionQuestion.id,
            SessionQuestion.state,
            SessionQuestion.opened_at,
            SessionQuestion.closes_at,
            Question.id,
            Question.updated_at,
            Bank.visibility,
            Bank.owner_id,
        )
        .select_from(Player)
        .join(ClassroomSession, ClassroomSession.id == Player.session_id)
        .join(
            SessionQuestion,
            and_(
                SessionQuestion.session_id == ClassroomSession.id,
                SessionQuestion.position == bindparam("position"),
            ),
        )
        .join(Question, Question.id == SessionQuestion.question_id)
        .join(Bank, Bank.id == Question.bank_id)
        .where(Player.session_id == bindparam("session_id"), Player.token_hash == bindparam("token_hash"))
    )


@functools.cache
def _insert(dialect: str) -> Any:
    """INSERT … ON CONFLICT (player, question) DO NOTHING RETURNING id, built once per process; the
    values come with each execution. The unique pair makes a duplicate (a retry, a double tap) insert
    nothing, even when two requests race."""
    insert: Any = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = PlayerAnswer.__table__
    return (
        insert(table)
        .on_conflict_do_nothing(index_elements=["player_id", "session_question_id"])
        .returning(table.c.id)
    )


#: (session, code, created, version, position, question, its last edit) -> the question, parsed for
#: grading: read once per process while it is open, not once per phone
_QUESTIONS: dict[tuple[Any, ...], qs.Question] = {}
_QUESTIONS_LOCK = threading.Lock()


def _question(key: tuple[Any, ...], question_id: int) -> qs.Question | None:
    def load() -> qs.Question | None:
        row = db.session.get(Question, question_id)
        return None if row is None else row_to_question(row)

    return single_flight(_QUESTIONS, _QUESTIONS_LOCK, 32, key, load)  # type: ignore[no-any-return]


def submit_open(
    session_id: int, token: str | None, form: Mapping[str, str], now: datetime | None = None
) -> Answered | None:
    """Store the answer in ``form`` when it is the common case: a phone of a teacher-paced session
    answering, for the first time, the question that is open now, on a bank its host still reaches
    (public, or the host's own). Returns the phone's next page; None for every other case (nothing is
    stored then; the caller's general path decides). Bad input the general path would refuse with a 400
    (a choice not offered, an answer too long) also returns None, so its message comes from one place.
    """
    now = now or utcnow()
    position = parse_position(form.get("position"))
    if position is None or not token or len(token) > 200:
        return None
    params = {"session_id": session_id, "token_hash": hash_token(token), "position": position}
    row = db.session.connection().execute(_statement(), params).first()  # no ORM handling: plain values
    if row is None:
        return None
    (version, status, pace, deadline, code, created, owner_id, current, player_id, removed, user_id, sq_id,
     state, opened_at, closes_at, question_id, edited, visibility, bank_owner) = row  # fmt: skip
    if pace != "teacher" or removed or position != current:
        return None
    if not _key_is_open(status, pace, deadline, state, closes_at, now):
        return None
    # the session may still show the question (core.access.still_shows): a public bank, or the host's
    # own, always; any other case is read by the general path, with its sets and shares
    if visibility != "public" and (bank_owner is None or bank_owner != owner_id):
        return None
    question = _question((session_id, code, created, version, position, question_id, edited), question_id)
    if question is None:
        return None
    response = "" if "skip" in form else form.get("response", "")
    try:
        response = _validate_response(question, response)
    except ClassroomError:
        return None
    result = grading.grade(question, response) if response else grading.Grade(correct=False, credit=0.0)
    elapsed = None if opened_at is None else max(0, int((now - opened_at).total_seconds() * 1000))
    values = {
        "session_id": session_id,
        "player_id": player_id,
        "session_question_id": sq_id,
        "response": response,
        "correct": result.correct,
        "credit": result.credit,
        "detail": result.to_detail(),
        "elapsed_ms": elapsed,
        "answered_at": now,
    }
    with _one_writer():
        connection = db.session.connection()
        stored = connection.execute(_insert(connection.dialect.name), values).first()
        if stored is None:  # answered before (a retry, a double tap): the general path says so
            db.session.rollback()
            return None
        itemstats.record_answer(
            question_id,
            "classroom",
            correct=result.correct,
            response=response,
            choices=question.choices,
            elapsed_ms=elapsed,
        )
        db.session.commit()
    if user_id is not None:
        answers.count_toward_flashcards(user_id, question_id, result.correct, now)
    left = None if closes_at is None else max(0, int((closes_at - now).total_seconds() + 0.999))
    # the parts :func:`quizapp.classroom.live._player_poll` gives this phone's page now, in its order
    etag = _etag(["p", session_id, version, status, player_id, False, position, True, True])
    mine = MyAnswer(response, bool(result.correct), float(result.credit))
    return Answered(session_id, position, mine, left, etag)
