"""Self-study flashcards: a card per user and question with its FSRS memory state, the review log,
and each user's study settings.

A card's ``state`` is 0 for a card never reviewed ("new") and otherwise the ``fsrs.State`` value
(1 learning, 2 review, 3 relearning). Timestamps are naive UTC, as everywhere in the app.

The queue index ``(user_id, bank_id, state, due)`` makes "the next learning card", "the next review
due" and "the next new card" of a bank deck each one index range read.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.core.extensions import Model
from quizapp.core.models import utcnow

#: A card never reviewed. fsrs has no such state (its new cards are Learning at step 0).
NEW = 0
LEARNING, REVIEW, RELEARNING = 1, 2, 3

#: Where a review came from: the flashcards, a quiz answer, a live classroom answer.
SOURCES = ("study", "quiz", "classroom")


class StudySettings(Model):
    __tablename__ = "study_settings"
    __table_args__ = (
        CheckConstraint("desired_retention > 0 AND desired_retention < 1", name="desired_retention"),
        CheckConstraint("day_start_hour >= 0 AND day_start_hour < 24", name="day_start_hour"),
    )

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    #: new cards introduced per deck per study day
    new_per_day: Mapped[int] = mapped_column(Integer, default=20)
    #: review cards shown per deck per study day (learning cards are not limited)
    reviews_per_day: Mapped[int] = mapped_column(Integer, default=200)
    desired_retention: Mapped[float] = mapped_column(Float, default=0.9)
    #: an IANA name such as "Europe/Berlin"; the study day follows it
    time_zone: Mapped[str] = mapped_column(String(64), default="UTC")
    #: the study day starts at this local hour (Anki's "next day starts at", 4 by default)
    day_start_hour: Mapped[int] = mapped_column(Integer, default=4)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Card(Model):
    __tablename__ = "study_cards"
    __table_args__ = (
        UniqueConstraint("user_id", "question_id", "part"),
        CheckConstraint("state IN (0, 1, 2, 3)", name="state"),
        Index("ix_study_cards_queue", "user_id", "bank_id", "state", "due"),
        Index("ix_study_cards_user_id_state_due", "user_id", "state", "due"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"), index=True)
    #: the question's bank, copied here so a bank deck's queue is one index read
    bank_id: Mapped[int] = mapped_column(ForeignKey("banks.id", ondelete="CASCADE"), index=True)
    #: 0 is the question itself; k >= 1 is a list question's cloze card hiding item k
    part: Mapped[int] = mapped_column(Integer, default=0)
    state: Mapped[int] = mapped_column(Integer, default=NEW)
    #: the learning or relearning step; None in the review state
    step: Mapped[int | None] = mapped_column(Integer)
    stability: Mapped[float | None] = mapped_column(Float)
    difficulty: Mapped[float | None] = mapped_column(Float)
    #: when the card is due; for a new card, when it was added (new cards are shown in that order)
    due: Mapped[datetime] = mapped_column(default=utcnow)
    last_review: Mapped[datetime | None]
    reps: Mapped[int] = mapped_column(Integer, default=0)
    lapses: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    question = relationship("Question")


class Review(Model):
    """One rating of one card, with the card's state before it (so it can be undone) and after."""

    __tablename__ = "study_reviews"
    __table_args__ = (
        UniqueConstraint("user_id", "token"),
        CheckConstraint("rating IN (1, 2, 3, 4)", name="rating"),
        Index("ix_study_reviews_user_id_deck_day", "user_id", "deck", "day"),
        Index("ix_study_reviews_user_id_day", "user_id", "day"),
        Index("ix_study_reviews_card_id_id", "card_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    card_id: Mapped[int] = mapped_column(ForeignKey("study_cards.id", ondelete="CASCADE"))
    #: "bank:<id>" or "set:<id>": the deck studied (a quiz answer counts for its bank's deck)
    deck: Mapped[str] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(String(16), default="study")
    #: fsrs.Rating: 1 Again, 2 Hard, 3 Good, 4 Easy
    rating: Mapped[int] = mapped_column(Integer)
    reviewed_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: the user's study day (in their time zone) when the review happened: daily limits count by it
    day: Mapped[date]
    #: the study form's one-time token: the same form sent twice is counted once
    token: Mapped[str | None] = mapped_column(String(64))
    duration_ms: Mapped[int | None] = mapped_column(Integer)

    state_before: Mapped[int] = mapped_column(Integer)
    step_before: Mapped[int | None] = mapped_column(Integer)
    stability_before: Mapped[float | None] = mapped_column(Float)
    difficulty_before: Mapped[float | None] = mapped_column(Float)
    due_before: Mapped[datetime]
    last_review_before: Mapped[datetime | None]
    #: the interval the card had been given (days), for a card in review; >= 21 means mature
    interval_before: Mapped[float | None] = mapped_column(Float)

    state_after: Mapped[int] = mapped_column(Integer)
    stability_after: Mapped[float | None] = mapped_column(Float)
    difficulty_after: Mapped[float | None] = mapped_column(Float)
    due_after: Mapped[datetime]

    card: Mapped[Card] = relationship()
