"""Quiz attempts and their answers: every one is kept, for "My scores"."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Index, Integer, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.core.extensions import Model
from quizapp.core.models import utcnow


class Attempt(Model):
    __tablename__ = "attempts"
    __table_args__ = (Index("ix_attempts_user_id_finished_at", "user_id", "finished_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    bank_id: Mapped[int] = mapped_column(ForeignKey("banks.id", ondelete="CASCADE"), index=True)
    #: Question row ids in the order they are asked
    question_ids: Mapped[list[Any]] = mapped_column(JSON, default=list)
    #: what was chosen on the options form: {"count", "kinds", "types"}
    options: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    finished_at: Mapped[datetime | None]
    #: the sum of the answers' credit, set when the attempt is finished
    score: Mapped[float | None] = mapped_column(Float)
    max_score: Mapped[int] = mapped_column(Integer, default=0)

    answers: Mapped[list[Answer]] = relationship(
        back_populates="attempt",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Answer.position",
    )
    bank = relationship("Bank")
    user = relationship("User")

    @property
    def title(self) -> str:
        """What the quiz was on: its bank's title, or the question set's (kept in ``options``)."""
        return str((self.options or {}).get("set_title") or self.bank.title)

    @property
    def percent(self) -> int | None:
        if self.score is None or not self.max_score:
            return None
        return round(100 * self.score / self.max_score)


class Answer(Model):
    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("attempt_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"), index=True)
    #: the question's place in the attempt, 0-based
    position: Mapped[int] = mapped_column(Integer)
    response: Mapped[str] = mapped_column(Text, default="")
    correct: Mapped[bool] = mapped_column(Boolean, default=False)
    #: 0..1; a list question earns a share per item named
    credit: Mapped[float] = mapped_column(Float, default=0.0)
    #: how the grader saw it: {"matched": [...], "missed": [...], "near": bool, ...}
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)

    attempt: Mapped[Attempt] = relationship(back_populates="answers")
    question = relationship("Question")
