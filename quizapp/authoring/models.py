"""Authoring: article imports waiting for the generator, the teacher's review of each question,
its edit history, and question sets.

A question's review state lives on the core row (``Question.status``); what only authoring needs
(where the question came from, whether the teacher changed it, what a regeneration did to it) lives
in :class:`QuestionReview`, one row per question, so the core table stays as it is.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.core.extensions import Model
from quizapp.core.models import utcnow
from quizapp.library.models import new_share_token

#: An import job's life: queued -> running -> done | failed. A running job whose worker died
#: (its heartbeat went stale) is queued again.
JOB_STATUSES = ("queued", "running", "done", "failed")
#: "import" makes a new bank from an article; "regenerate" runs the generator again over a bank's article.
JOB_KINDS = ("import", "regenerate")
#: Where a question came from.
ORIGINS = ("generated", "manual", "imported")
#: What the last regeneration did to a question: it is new, or the generator no longer makes it.
REGEN_STATES = ("new", "stale")
SET_DIFFICULTIES = ("mixed", "easy", "medium", "hard")


class ImportJob(Model):
    """An article waiting for (or being turned into) a bank by the background worker."""

    __tablename__ = "import_jobs"
    __table_args__ = (
        CheckConstraint("status IN ('queued', 'running', 'done', 'failed')", name="status"),
        CheckConstraint("kind IN ('import', 'regenerate')", name="kind"),
        Index("ix_import_jobs_status_created_at", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(12), default="import")
    status: Mapped[str] = mapped_column(String(12), default="queued")
    #: the generator's current stage and how far it is (0..1), for the progress page
    stage: Mapped[str] = mapped_column(String(80), default="")
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    #: why it failed, in words for the teacher (an ArticleError message)
    error: Mapped[str | None] = mapped_column(Text)
    #: the upload as sent (or the pasted text as UTF-8); cleared once the bank is made
    filename: Mapped[str] = mapped_column(String(255), default="pasted.txt")
    payload: Mapped[bytes | None] = mapped_column(LargeBinary)
    #: title and date as detected, then as the teacher set them; applied to the bank when it is made
    title: Mapped[str | None] = mapped_column(String(300))
    published: Mapped[date | None]
    visibility: Mapped[str] = mapped_column(String(16), default="private")
    #: the bank made (import) or regenerated (regenerate)
    bank_id: Mapped[int | None] = mapped_column(ForeignKey("banks.id", ondelete="SET NULL"), index=True)
    #: what the regeneration changed: {"new": n, "updated": n, "kept_edits": n, "stale": n, "removed": n}
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    tries: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    #: touched by the worker as it goes; a running job with an old heartbeat is re-queued
    heartbeat_at: Mapped[datetime | None]

    bank = relationship("Bank")

    @property
    def finished(self) -> bool:
        return self.status in ("done", "failed")


class QuestionReview(Model):
    """What authoring knows about one question: origin, the teacher's edits, the last regeneration."""

    __tablename__ = "question_reviews"
    __table_args__ = (CheckConstraint("origin IN ('generated', 'manual', 'imported')", name="origin"),)

    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True)
    origin: Mapped[str] = mapped_column(String(12), default="generated")
    #: set once the teacher edits the question: regeneration then keeps the teacher's text
    edited_at: Mapped[datetime | None]
    #: set once the teacher approves or rejects it: regeneration keeps the decision
    decided_at: Mapped[datetime | None]
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: "new" (first made by the last regeneration) or "stale" (no longer made by it), else None
    regen_state: Mapped[str | None] = mapped_column(String(8))

    question = relationship("Question")


class QuestionEdit(Model):
    """One change to a question, for its history: who, when, what it was before and after."""

    __tablename__ = "question_edits"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: "create", "edit", "approve", "reject", "pending", "regenerate"
    action: Mapped[str] = mapped_column(String(16))
    before: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    after: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    at: Mapped[datetime] = mapped_column(default=utcnow)

    user = relationship("User")


class QuestionSet(Model):
    """Questions gathered from one or more banks, in an order, that students take like a bank."""

    __tablename__ = "question_sets"
    __table_args__ = (
        CheckConstraint("visibility IN ('private', 'class', 'public')", name="visibility"),
        CheckConstraint("difficulty IN ('mixed', 'easy', 'medium', 'hard')", name="difficulty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[list[Any]] = mapped_column(JSON, default=list)
    difficulty: Mapped[str] = mapped_column(String(8), default="mixed")
    #: private: the owner only; class: whoever has the link; public: everyone
    visibility: Mapped[str] = mapped_column(String(16), default="private")
    share_token: Mapped[str] = mapped_column(String(43), unique=True, default=new_share_token)
    copied_from_id: Mapped[int | None] = mapped_column(ForeignKey("question_sets.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    items: Mapped[list[SetItem]] = relationship(
        back_populates="question_set",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="SetItem.position",
    )
    owner = relationship("User")


class SetItem(Model):
    __tablename__ = "set_items"
    __table_args__ = (UniqueConstraint("set_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("question_sets.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    question_set: Mapped[QuestionSet] = relationship(back_populates="items")
    question = relationship("Question")
