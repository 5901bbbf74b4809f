"""Question sets as study decks: the "set" deck source, registered with :mod:`quizapp.study.decks` when
the app is made, so study never imports the authoring area."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, or_, select

from quizapp.authoring import sets
from quizapp.authoring.models import QuestionSet, SetItem
from quizapp.core import access
from quizapp.core.extensions import db
from quizapp.library.models import Bank, Question
from quizapp.study.decks import Deck
from quizapp.study.models import Card
from quizapp.study.scheduler import DeckForbidden, DeckNotFound


class SetDecks:
    """Question sets from the authoring area: a set's questions, from any banks, in the set's order.

    The cards are the same as the bank decks' (one card per user and question): studying a set
    reviews the very cards its banks' decks hold."""

    def get(self, user: Any, ref_id: int) -> Deck:
        qset = db.session.get(QuestionSet, ref_id)
        if qset is None:
            raise DeckNotFound("There is no such deck.")
        if not access.can_take_set(user, qset, access.shared_set_ids()):
            raise DeckForbidden("This set is not shared with you.")
        return Deck("set", qset.id, qset.title, None)

    def visible(self, user: Any) -> list[Deck]:
        return [Deck("set", s.id, s.title, None) for s in sets.listed_sets(user, access.shared_set_ids())]

    def questions(self, deck: Deck) -> list[Question]:
        return list(
            db.session.scalars(
                select(Question)
                .join(SetItem, SetItem.question_id == Question.id)
                .where(SetItem.set_id == deck.ref_id, Question.status == "approved", _shown(deck))
                .order_by(SetItem.position, SetItem.id)
            )
        )

    def card_clause(self, deck: Deck) -> ColumnElement[bool]:
        return Card.question_id.in_(
            select(SetItem.question_id)
            .join(Question, Question.id == SetItem.question_id)
            .where(SetItem.set_id == deck.ref_id, _shown(deck))
        )

    def withdrawn(self, deck: Deck) -> Any:
        return (
            select(SetItem.question_id)
            .join(Question, Question.id == SetItem.question_id)
            .where(SetItem.set_id == deck.ref_id, Question.status != "approved")
        )


def _shown(deck: Deck) -> ColumnElement[bool]:
    """Questions whose bank the set may show (core.access.shareable_in_set, as SQL): a public bank, or one
    of the set's owner's own."""
    owner = select(QuestionSet.owner_id).where(QuestionSet.id == deck.ref_id).scalar_subquery()
    banks = select(Bank.id).where(or_(Bank.visibility == "public", Bank.owner_id == owner))
    return Question.bank_id.in_(banks)
