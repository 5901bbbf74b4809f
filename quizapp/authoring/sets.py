"""Question sets: a teacher's own selection of questions from any banks, in order, with tags and a
share link; the sets a student may take."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import or_, select

from quizapp.authoring.banks import AuthoringError
from quizapp.authoring.models import QuestionSet, SetItem
from quizapp.core.access import can_take_set, can_use_bank, shareable_in_set
from quizapp.core.extensions import db
from quizapp.core.models import utcnow
from quizapp.library.models import Question, new_share_token

# --- question sets --------------------------------------------------------------------------------


def parse_tags(raw: str) -> list[str]:
    tags: list[str] = []
    for t in re.split(r"[,;\n]", raw or ""):
        t = " ".join(t.split())[:40]
        if t and t.lower() not in (x.lower() for x in tags):
            tags.append(t)
    return tags[:20]


def create_set(
    owner_id: int,
    *,
    title: str,
    description: str = "",
    tags: Sequence[str] = (),
    difficulty: str = "mixed",
    visibility: str = "private",
) -> QuestionSet:
    qset = QuestionSet(
        owner_id=owner_id,
        title=title.strip()[:200] or "Untitled set",
        description=description,
        tags=list(tags),
        difficulty=difficulty,
        visibility=visibility,
    )
    db.session.add(qset)
    db.session.commit()
    return qset


def update_set(
    qset: QuestionSet, *, title: str, description: str, tags: Sequence[str], difficulty: str, visibility: str
) -> None:
    qset.title = title.strip()[:200] or qset.title
    qset.description = description
    qset.tags = list(tags)
    qset.difficulty = difficulty
    qset.visibility = visibility
    db.session.commit()


def sets_of(user: Any) -> list[QuestionSet]:
    query = select(QuestionSet).order_by(QuestionSet.updated_at.desc(), QuestionSet.id.desc())
    if not user.is_admin:
        query = query.where(QuestionSet.owner_id == user.id)
    return list(db.session.scalars(query))


def add_to_set(qset: QuestionSet, question_ids: Iterable[int], user: Any) -> int:
    """Append questions (of banks the teacher may use) not already in the set; returns how many."""
    have = {item.question_id for item in qset.items}
    added = 0
    position = max((i.position for i in qset.items), default=-1) + 1
    for qid in question_ids:
        row = db.session.get(Question, qid)
        if (
            row is None
            or qid in have
            or not can_use_bank(user, row.bank)
            or not shareable_in_set(qset, row.bank)
        ):
            continue
        qset.items.append(SetItem(question_id=qid, position=position))
        have.add(qid)
        position += 1
        added += 1
    qset.updated_at = utcnow()
    db.session.commit()
    return added


def remove_from_set(qset: QuestionSet, item_id: int) -> None:
    item = next((i for i in qset.items if i.id == item_id), None)
    if item is None:
        raise AuthoringError("That question is not in this set.")
    qset.items.remove(item)
    _renumber(qset)
    db.session.commit()


def move_in_set(qset: QuestionSet, item_id: int, step: int) -> None:
    items = sorted(qset.items, key=lambda i: i.position)
    at = next((n for n, i in enumerate(items) if i.id == item_id), None)
    if at is None:
        raise AuthoringError("That question is not in this set.")
    to = max(0, min(len(items) - 1, at + step))
    items.insert(to, items.pop(at))
    for n, item in enumerate(items):
        item.position = n
    db.session.commit()


def _renumber(qset: QuestionSet) -> None:
    for n, item in enumerate(sorted(qset.items, key=lambda i: i.position)):
        item.position = n


def duplicate_set(qset: QuestionSet, owner_id: int) -> QuestionSet:
    copy = QuestionSet(
        owner_id=owner_id,
        title=f"Copy of {qset.title}"[:200],
        description=qset.description,
        tags=list(qset.tags or []),
        difficulty=qset.difficulty,
        visibility="private",
        copied_from_id=qset.id,
        items=[SetItem(question_id=i.question_id, position=i.position) for i in qset.items],
    )
    db.session.add(copy)
    db.session.commit()
    return copy


def new_set_link(qset: QuestionSet) -> None:
    """A new share token: the old link stops working."""
    qset.share_token = new_share_token()
    db.session.commit()


def delete_set(qset: QuestionSet) -> None:
    db.session.delete(qset)
    db.session.commit()


def set_by_token(token: str) -> QuestionSet | None:
    return db.session.scalars(select(QuestionSet).where(QuestionSet.share_token == token[:64])).first()


def listed_sets(user: Any, shared_ids: Iterable[int] = ()) -> list[QuestionSet]:
    """The sets a visitor can take: public ones, class sets whose current link they opened, their own."""
    clauses = [QuestionSet.visibility == "public"]
    ids = [i for i in shared_ids if isinstance(i, int)]
    if ids:
        clauses.append(QuestionSet.id.in_(ids) & (QuestionSet.visibility == "class"))
    if getattr(user, "is_authenticated", False) and user.id is not None:
        clauses.append(QuestionSet.owner_id == user.id)
    found = db.session.scalars(select(QuestionSet).where(or_(*clauses)).order_by(QuestionSet.title))
    return [s for s in found if can_take_set(user, s)]


def set_rows(qset: QuestionSet, *, statuses: Iterable[str] = ("approved",)) -> list[Question]:
    """The set's questions in order, of these statuses, from banks the set may show (read now: a bank
    made private since leaves every other teacher's set, and a copy never carries one)."""
    wanted = set(statuses)
    return [
        i.question
        for i in sorted(qset.items, key=lambda i: i.position)
        if i.question.status in wanted and shareable_in_set(qset, i.question.bank)
    ]


def shown_items(qset: QuestionSet) -> list[SetItem]:
    """The set's items whose bank the set may show, in order: its pages list and count only these, so a
    set holding questions of a bank its owner does not share tells neither their text nor how many."""
    return [
        i for i in sorted(qset.items, key=lambda i: i.position) if shareable_in_set(qset, i.question.bank)
    ]


def unshared_item_ids(qset: QuestionSet) -> set[int]:
    """Items of banks the set may not show: their owner page lists them without their text."""
    return {i.id for i in qset.items if not shareable_in_set(qset, i.question.bank)}


def set_bank_ids(qset: QuestionSet) -> list[int]:
    """The banks the set may show questions of."""
    return list(
        dict.fromkeys(i.question.bank_id for i in qset.items if shareable_in_set(qset, i.question.bank))
    )


def find_set(set_id: int) -> QuestionSet | None:
    return db.session.get(QuestionSet, set_id)


def readable_through_sets(user: Any, bank: Any, set_ids: list[int]) -> bool:
    """Whether ``bank`` is readable through one of the sets ``user`` took (for the excerpt links): the
    set may still be taken by them, holds a question of the bank, and may show that bank."""
    ids = [i for i in set_ids if isinstance(i, int)][-100:]
    if not ids:
        return False
    holding = (
        select(SetItem.set_id)
        .join(Question, Question.id == SetItem.question_id)
        .where(SetItem.set_id.in_(ids), Question.bank_id == bank.id)
    )
    candidates = db.session.scalars(select(QuestionSet).where(QuestionSet.id.in_(holding)))
    return any(can_take_set(user, s) and shareable_in_set(s, bank) for s in candidates)
