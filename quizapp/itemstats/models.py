"""Item statistics: counters per question, per mode and per edition of the question.

Every figure is a sum, so an answer adds to a few counters of one row in one ``INSERT … ON CONFLICT DO
UPDATE`` statement, in the transaction that stores the answer: no scan of the answers, and no lost update
when answers arrive at once. One row per question and mode holds every counter (a row per counter made
the review page of a bank read eight times as many rows). ``edition`` 0 holds the current figures; when
a question answered before is edited, its row moves to the next edition number (1, 2, …), kept as history.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, CheckConstraint, Column, ForeignKey, Integer, String, Table
from sqlalchemy.orm import Mapped, mapped_column

from quizapp.core.extensions import Model
from quizapp.core.models import utcnow

#: where an answer was given: a quiz attempt, a live classroom session, a flashcard review
MODES = ("quiz", "classroom", "study")
#: how many of a question's choices have their picks counted in item_counts' own columns (a teacher's form
#: offers six, the generator makes four); a choice past them (a bank imported from JSON may have any
#: number) is counted in item_picks, a row per choice
MAX_PICKS = 8
#: upper bounds (seconds) of the time bands a median is read from; the last band is open-ended
TIME_BANDS = (2, 4, 6, 8, 10, 15, 20, 30, 45, 60, 90, 120, 180, 300, 600)
#: takers are put in ten bands of their score (0–10 %, …, 90–100 %) for discrimination
SCORE_BANDS = 10

#: the counters, by the names the figures use: "answers", "correct", "dont_know", "pick:<choice index>",
#: "time:<band>", "time_n", "time_ms", "takers:<score band>", "takers_correct:<score band>"
COUNTER_KEYS: tuple[str, ...] = (
    ("answers", "correct", "dont_know", "time_n", "time_ms")
    + tuple(f"pick:{i}" for i in range(MAX_PICKS))
    + tuple(f"time:{i}" for i in range(len(TIME_BANDS) + 1))
    + tuple(f"takers:{i}" for i in range(SCORE_BANDS))
    + tuple(f"takers_correct:{i}" for i in range(SCORE_BANDS))
)


def column_name(key: str) -> str:
    """The column of a counter: "pick:2" is pick_2, "takers_correct:9" is takers_correct_9."""
    return key.replace(":", "_")


#: a Core table: its counters are added to by SQL, never loaded as objects
item_counts = Table(
    "item_counts",
    Model.metadata,
    Column("question_id", Integer, ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True),
    Column("edition", Integer, primary_key=True, default=0),
    Column("mode", String(10), primary_key=True),
    *(
        # no Python-side default: an upsert then names only the counters it adds to, not all sixty
        Column(column_name(k), BigInteger, nullable=False, server_default="0")
        for k in COUNTER_KEYS
    ),
    CheckConstraint("mode IN ('quiz', 'classroom', 'study')", name="mode"),
)


#: picks of the choices past the first MAX_PICKS, a row per choice: rare, so the answers that need it pay for
#: a second upsert, and the others do not carry a column per possible choice
item_picks = Table(
    "item_picks",
    Model.metadata,
    Column("question_id", Integer, ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True),
    Column("edition", Integer, primary_key=True),
    Column("mode", String(10), primary_key=True),
    Column("choice", Integer, primary_key=True),
    Column("picks", BigInteger, nullable=False, server_default="0"),
    CheckConstraint("mode IN ('quiz', 'classroom', 'study')", name="mode"),
)


class ItemState(Model):
    """What the teacher decided about a question's flags, and when its figures restarted."""

    __tablename__ = "item_states"

    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True)
    #: the flags the teacher chose to keep the question despite: they stay quiet
    kept: Mapped[list[Any]] = mapped_column(JSON, default=list)
    #: [{"edition": k, "at": iso time}]: the figures of edition k were kept when the question was edited
    restarts: Mapped[list[Any]] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
