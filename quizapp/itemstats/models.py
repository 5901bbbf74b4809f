"""Item statistics: counters per question, per mode and per edition of the question.

Every figure is a sum, so an answer adds to a few counters in one ``INSERT … ON CONFLICT DO UPDATE``
statement, in the transaction that stores the answer: no scan of the answers, no lost update when
answers arrive at once. ``edition`` 0 holds the current figures; when a question answered before is
edited, its counters move to the next edition number (1, 2, …) and are kept as history.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from quizapp.core.extensions import Model
from quizapp.core.models import utcnow

#: where an answer was given: a quiz attempt, a live classroom session, a flashcard review
MODES = ("quiz", "classroom", "study")


class ItemCount(Model):
    """One counter: ``key`` is "answers", "correct", "dont_know", "pick:<choice index>", "time:<band>",
    "time_n", "time_ms", "takers:<score band>" or "takers_correct:<score band>"."""

    __tablename__ = "item_counts"
    __table_args__ = (CheckConstraint("mode IN ('quiz', 'classroom', 'study')", name="mode"),)

    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True)
    edition: Mapped[int] = mapped_column(Integer, primary_key=True, default=0)
    mode: Mapped[str] = mapped_column(String(10), primary_key=True)
    key: Mapped[str] = mapped_column(String(24), primary_key=True)
    n: Mapped[int] = mapped_column(BigInteger, default=0)


class ItemState(Model):
    """What the teacher decided about a question's flags, and when its figures restarted."""

    __tablename__ = "item_states"

    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True)
    #: the flags the teacher chose to keep the question despite: they stay quiet
    kept: Mapped[list[Any]] = mapped_column(JSON, default=list)
    #: [{"edition": k, "at": iso time}]: the figures of edition k were kept when the question was edited
    restarts: Mapped[list[Any]] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
