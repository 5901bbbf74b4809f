"""Live classroom sessions: a teacher projects a quiz, students join with a code and answer on their phones.

A session's questions come from a *source* (``"bank:<id>"`` today, ``"set:<id>"`` for the authoring
area's question sets); the questions asked are fixed when the session starts (:class:`SessionQuestion`).
Students are :class:`Player` rows, recognised by a secret rejoin token kept in a cookie (only its hash is
stored). Each answer is a :class:`PlayerAnswer`, unique per (player, question) so a duplicate counts once.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.core.extensions import Model
from quizapp.core.models import utcnow

PACES = ("teacher", "self")
SESSION_STATUSES = ("lobby", "running", "ended")
QUESTION_STATES = ("pending", "open", "closed")


class ClassroomSession(Model):
    __tablename__ = "classroom_sessions"
    __table_args__ = (
        CheckConstraint("pace IN ('teacher', 'self')", name="pace"),
        CheckConstraint("status IN ('lobby', 'running', 'ended')", name="status"),
        Index("ix_classroom_sessions_owner_id_created_at", "owner_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    #: where the questions come from: "bank:<id>" or "set:<id>"
    source: Mapped[str] = mapped_column(String(40))
    #: the bank whose article the source excerpts link to (None for a set spanning banks)
    bank_id: Mapped[int | None] = mapped_column(ForeignKey("banks.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    join_code: Mapped[str] = mapped_column(String(6), index=True)
    #: the join code while the session is open, None once it ended: unique, so no two open sessions share
    #: a code while ended sessions may reuse one (NULLs never collide)
    open_code: Mapped[str | None] = mapped_column(String(6), unique=True)
    pace: Mapped[str] = mapped_column(String(8), default="teacher")
    status: Mapped[str] = mapped_column(String(8), default="lobby")
    #: self-paced sessions: no answer is accepted after this moment (naive UTC)
    deadline: Mapped[datetime | None]
    show_leaderboard: Mapped[bool] = mapped_column(Boolean, default=True)
    speed_bonus: Mapped[bool] = mapped_column(Boolean, default=True)
    #: teacher-paced: a question closes by itself this many seconds after it opens (0: no timer)
    timer_seconds: Mapped[int] = mapped_column(Integer, default=0)
    #: teacher-paced: the position of the question on screen (None before the first one opens)
    current_position: Mapped[int | None] = mapped_column(Integer)
    #: bumped on every change the teacher makes, part of the live pages' ETags
    version: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]

    owner = relationship("User")
    bank = relationship("Bank")
    questions: Mapped[list[SessionQuestion]] = relationship(
        back_populates="session",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="SessionQuestion.position",
    )
    players: Mapped[list[Player]] = relationship(
        back_populates="session", cascade="all, delete-orphan", passive_deletes=True, order_by="Player.id"
    )


class SessionQuestion(Model):
    """One question of a session, and whether it takes answers now."""

    __tablename__ = "classroom_questions"
    __table_args__ = (
        UniqueConstraint("session_id", "position"),
        CheckConstraint("state IN ('pending', 'open', 'closed')", name="state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("classroom_sessions.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(8), default="pending")
    opened_at: Mapped[datetime | None]
    #: set when a timer runs: the question counts as closed from then on, checked whenever it is read
    closes_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]

    session: Mapped[ClassroomSession] = relationship(back_populates="questions")
    question = relationship("Question")


class Player(Model):
    """A student in a session: a nickname, and an account when they were logged in."""

    __tablename__ = "classroom_players"
    __table_args__ = (UniqueConstraint("session_id", "nickname_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("classroom_sessions.id", ondelete="CASCADE"))
    nickname: Mapped[str] = mapped_column(String(24))
    #: the nickname case-folded: "Sam" and "sam" cannot both join
    nickname_key: Mapped[str] = mapped_column(String(96))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    #: sha256 of the rejoin token kept in the player's cookie
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    removed: Mapped[bool] = mapped_column(Boolean, default=False)
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)

    session: Mapped[ClassroomSession] = relationship(back_populates="players")
    user = relationship("User")


class PlayerAnswer(Model):
    """A player's answer to one session question; the first one stands."""

    __tablename__ = "classroom_answers"
    __table_args__ = (
        UniqueConstraint("player_id", "session_question_id"),
        Index("ix_classroom_answers_session_id_session_question_id", "session_id", "session_question_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: repeated from the player, so a session's answers are counted without a join
    session_id: Mapped[int] = mapped_column(ForeignKey("classroom_sessions.id", ondelete="CASCADE"))
    player_id: Mapped[int] = mapped_column(ForeignKey("classroom_players.id", ondelete="CASCADE"))
    session_question_id: Mapped[int] = mapped_column(ForeignKey("classroom_questions.id", ondelete="CASCADE"))
    response: Mapped[str] = mapped_column(Text, default="")
    correct: Mapped[bool] = mapped_column(Boolean, default=False)
    #: 0..1; a list question earns a share per item named
    credit: Mapped[float] = mapped_column(Float, default=0.0)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: milliseconds from the question opening to the answer (teacher-paced only); the speed bonus is
    #: worked out from it when the leaderboard is read, so the teacher can turn the bonus off afterwards
    elapsed_ms: Mapped[int | None] = mapped_column(Integer)
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)

    player: Mapped[Player] = relationship()
    session_question: Mapped[SessionQuestion] = relationship()
