"""Which banks a visitor sees, a bank by id for a page (404/403), and how many approved questions of
each kind a bank holds. The rules themselves are :mod:`quizapp.core.access`."""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from flask import abort
from flask_login import current_user
from sqlalchemy import func, or_, select

import questions as qs
from quizapp.core import access
from quizapp.core.extensions import db
from quizapp.library.models import Bank, Question

# --- who sees what -------------------------------------------------------------------------


def visible_banks_clause(user: Any) -> Any:
    """A WHERE clause for the banks ``user`` may open from the library."""
    clauses = [Bank.visibility == "public"]
    if getattr(user, "is_authenticated", False) and user.id is not None:
        clauses.append(Bank.owner_id == user.id)
    return or_(*clauses)


def visible_banks(user: Any) -> list[Bank]:
    """The banks listed for ``user``: their own, and public ones with at least one approved question
    (a public bank nothing is approved in yet would show as "0 questions", and open on nothing)."""
    has_questions = (
        select(Question.id).where(Question.bank_id == Bank.id, Question.status == "approved").exists()
    )
    listed: Any = has_questions
    if getattr(user, "is_authenticated", False) and user.id is not None:
        listed = or_(Bank.owner_id == user.id, has_questions)
    return list(
        db.session.scalars(
            select(Bank)
            .where(visible_banks_clause(user), listed)
            .order_by(Bank.is_seed.desc(), Bank.created_at.desc(), Bank.id.desc())
        )
    )


@dataclass(frozen=True)
class KindCount:
    kind: str
    count: int


def kind_counts(bank_ids: Iterable[int]) -> dict[int, list[KindCount]]:
    """Approved questions per kind for each bank, kinds in the product's order."""
    ids = list(bank_ids)
    out: dict[int, list[KindCount]] = {i: [] for i in ids}
    if not ids:
        return out
    rows = db.session.execute(
        select(Question.bank_id, Question.kind, func.count())
        .where(Question.bank_id.in_(ids), Question.status == "approved")
        .group_by(Question.bank_id, Question.kind)
    ).all()
    order = {k: i for i, k in enumerate(qs.KINDS)}
    for bank_id, kind, count in rows:
        out[bank_id].append(KindCount(kind, count))
    for counts in out.values():
        counts.sort(key=lambda c: (order.get(c.kind, len(order)), c.kind))
    return out


def approved_questions(bank: Bank) -> list[Question]:
    return list(
        db.session.scalars(
            select(Question)
            .where(Question.bank_id == bank.id, Question.status == "approved")
            .order_by(Question.position, Question.id)
        )
    )


def bank_or_404(bank_id: int) -> Bank:
    """The bank if this visitor may see it: 404 when it does not exist, 403 when it is someone else's."""
    bank = db.get_or_404(Bank, bank_id)
    if access.may_open_bank(current_user, bank):
        return bank
    abort(403)


def choose_questions(pool: Sequence[Question], count: int, rng: random.Random) -> list[Question]:
    """Up to ``count`` questions, taking the kinds in turn so a short quiz still mixes them."""
    by_kind: dict[str, list[Question]] = {}
    for q in pool:
        by_kind.setdefault(q.kind, []).append(q)
    for group in by_kind.values():
        rng.shuffle(group)
    kinds = list(by_kind)
    rng.shuffle(kinds)
    chosen: list[Question] = []
    while len(chosen) < count and any(by_kind.values()):
        for kind in kinds:
            if by_kind[kind] and len(chosen) < count:
                chosen.append(by_kind[kind].pop())
    return chosen
