"""Articles, their question banks and the questions, mirroring :mod:`questions.bank`.

Questions keep the generator's fields; ``sources``, ``choices``, ``choice_notes`` and the
other tuples are stored as JSON. Only :mod:`quizapp.library.store` converts rows to and
from the ``questions`` dataclasses.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime
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
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.core.extensions import Model
from quizapp.core.models import utcnow

#: Review states: students only ever see approved questions.
STATUSES = ("approved", "pending", "rejected")
#: Who can see a bank: its owner only, the owner's classes, or everyone. A share link always works.
VISIBILITIES = ("private", "class", "public")


def new_share_token() -> str:
    return secrets.token_urlsafe(16)


class Article(Model):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str | None] = mapped_column(String(300))
    published: Mapped[date | None]
    source_name: Mapped[str | None] = mapped_column(String(200))
    filename: Mapped[str | None] = mapped_column(String(255))
    text: Mapped[str] = mapped_column(Text)
    #: sha256 of the text, to recognise an article imported twice
    text_hash: Mapped[str] = mapped_column(String(64), index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    banks: Mapped[list[Bank]] = relationship(
        back_populates="article", cascade="all, delete-orphan", passive_deletes=True
    )


class Bank(Model):
    __tablename__ = "banks"
    __table_args__ = (CheckConstraint("visibility IN ('private', 'class', 'public')", name="visibility"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    generator: Mapped[str] = mapped_column(String(40), default="")
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    visibility: Mapped[str] = mapped_column(String(16), default="private")
    share_token: Mapped[str] = mapped_column(String(43), unique=True, default=new_share_token)
    #: the bundled seed article's bank, created on first start
    is_seed: Mapped[bool] = mapped_column(Boolean, default=False)
    warnings: Mapped[list[Any]] = mapped_column(JSON, default=list)
    empty_reason: Mapped[str | None] = mapped_column(Text)
    #: the generator's questions that its checks held back: {prompt, kind, type, reason} each
    held_back: Mapped[list[Any]] = mapped_column(JSON, default=list, server_default="[]")
    #: the title was made by the generator (the article had none); a teacher's edit clears it
    title_generated: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    article: Mapped[Article] = relationship(back_populates="banks")
    questions: Mapped[list[Question]] = relationship(
        back_populates="bank",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Question.position",
    )


class Question(Model):
    __tablename__ = "questions"
    __table_args__ = (
        UniqueConstraint("bank_id", "uid"),
        CheckConstraint("status IN ('approved', 'pending', 'rejected')", name="status"),
        Index("ix_questions_bank_id_status", "bank_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("banks.id", ondelete="CASCADE"))
    #: the generator's question id (questions.Question.id), stable for an article
    uid: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(16))
    type: Mapped[str] = mapped_column(String(24))
    prompt: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    accepted: Mapped[list[Any]] = mapped_column(JSON, default=list)
    choices: Mapped[list[Any]] = mapped_column(JSON, default=list)
    value: Mapped[str | None] = mapped_column(Text)
    items: Mapped[list[Any]] = mapped_column(JSON, default=list)
    #: [{"start", "end", "text", "highlight": [a, b] | None}]
    sources: Mapped[list[Any]] = mapped_column(JSON, default=list)
    #: [{"choice", "note", "source": {...} | None}]
    choice_notes: Mapped[list[Any]] = mapped_column(JSON, default=list)
    explanation: Mapped[str] = mapped_column(Text, default="")
    fact_id: Mapped[str] = mapped_column(String(64), default="")
    difficulty: Mapped[float] = mapped_column(Float, default=0.5)
    score: Mapped[float] = mapped_column(Float, default=0.0)
    tags: Mapped[list[Any]] = mapped_column(JSON, default=list)
    #: answers worth part of the point: [{"answer", "credit"}], credit between 0 and 1
    partial: Mapped[list[Any]] = mapped_column(JSON, default=list, server_default="[]")
    status: Mapped[str] = mapped_column(String(12), default="pending")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    bank: Mapped[Bank] = relationship(back_populates="questions")
