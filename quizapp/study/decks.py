"""Decks: a bank's (or, registered by another feature, a set's) questions as a user's cards.

A deck source says which questions a deck holds and who may see it; a feature adds one with
:func:`register_deck_source` (the authoring area adds "set")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import ColumnElement, select
from sqlalchemy.exc import IntegrityError

from quizapp.core import access
from quizapp.core.extensions import db
from quizapp.core.wrappers import fits_id
from quizapp.library import banks
from quizapp.library.models import Bank, Question
from quizapp.study.models import NEW, Card
from quizapp.study.scheduler import DeckForbidden, DeckNotFound, aware, naive

# --- decks ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Deck:
    """What one studies: the approved questions of a bank ("bank:<id>") or of a question set ("set:<id>")."""

    kind: str
    ref_id: int
    title: str
    #: the bank whose article the reader links go to (a set may mix banks: then None)
    bank_id: int | None = None

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.ref_id}"


class DeckSource(Protocol):
    """How one kind of deck is found and which cards it holds. Register one with
    :func:`register_deck_source` (the authoring area adds "set")."""

    def get(self, user: Any, ref_id: int) -> Deck:
        """The deck, or :class:`DeckNotFound` / :class:`DeckForbidden`."""
        ...

    def visible(self, user: Any) -> list[Deck]: ...

    def questions(self, deck: Deck) -> list[Question]:
        """The deck's approved questions, in the order new cards are introduced."""
        ...

    def card_clause(self, deck: Deck) -> ColumnElement[bool]:
        """A WHERE clause on :class:`Card` for this deck's cards (beside ``Card.user_id == ...``)."""
        ...

    def withdrawn(self, deck: Deck) -> Any:
        """``select(Question.id)`` of the deck's questions that are not (or no longer) approved."""
        ...


class BankDecks:
    def get(self, user: Any, ref_id: int) -> Deck:
        bank = db.session.get(Bank, ref_id)
        if bank is None:
            raise DeckNotFound("There is no such deck.")
        if not access.can_view(user, bank):
            raise DeckForbidden("This deck belongs to someone else.")
        return Deck("bank", bank.id, bank.title, bank.id)

    def visible(self, user: Any) -> list[Deck]:
        return [Deck("bank", b.id, b.title, b.id) for b in banks.visible_banks(user)]

    def questions(self, deck: Deck) -> list[Question]:
        return list(
            db.session.scalars(
                select(Question)
                .where(Question.bank_id == deck.ref_id, Question.status == "approved")
                .order_by(Question.position, Question.id)
            )
        )

    def card_clause(self, deck: Deck) -> ColumnElement[bool]:
        return Card.bank_id == deck.ref_id

    def withdrawn(self, deck: Deck) -> Any:
        return select(Question.id).where(Question.bank_id == deck.ref_id, Question.status != "approved")


#: every kind of deck; the authoring area registers "set" when the app is made
DECK_SOURCES: dict[str, DeckSource] = {"bank": BankDecks()}

_DECK_KEY = re.compile(r"(?P<kind>[a-z]{1,16}):(?P<id>[0-9]{1,12})")


def register_deck_source(kind: str, source: DeckSource) -> None:
    DECK_SOURCES[kind] = source


def parse_deck_key(key: str) -> tuple[str, int] | None:
    match = _DECK_KEY.fullmatch(key or "")
    if not match or match["kind"] not in DECK_SOURCES:
        return None
    ref_id = int(match["id"])
    return (match["kind"], ref_id) if fits_id(ref_id) else None


def get_deck(user: Any, key: str) -> Deck:
    parsed = parse_deck_key(key)
    if parsed is None:
        raise DeckNotFound("There is no such deck.")
    return DECK_SOURCES[parsed[0]].get(user, parsed[1])


def visible_decks(user: Any) -> list[Deck]:
    return [deck for source in DECK_SOURCES.values() for deck in source.visible(user)]


def deck_source(deck: Deck) -> DeckSource:
    return DECK_SOURCES[deck.kind]


def deck_cards(user_id: int, deck: Deck) -> Any:
    """``select(Card)`` of the user's cards in the deck whose question is still approved."""
    return (
        select(Card)
        .join(Question, Question.id == Card.question_id)
        .where(Card.user_id == user_id, deck_source(deck).card_clause(deck), Question.status == "approved")
    )


def all_deck_cards(user_id: int, deck: Deck) -> Any:
    """The same without the question's status: a count of it reads the queue index alone."""
    return select(Card.id).where(Card.user_id == user_id, deck_source(deck).card_clause(deck))


def withdrawn_deck_cards(user_id: int, deck: Deck) -> Any:
    """The user's cards in the deck whose question is no longer approved (few, usually none)."""
    return select(Card.id).where(
        Card.user_id == user_id,
        deck_source(deck).card_clause(deck),
        Card.question_id.in_(deck_source(deck).withdrawn(deck)),
    )


def card_parts(question: Question) -> list[int]:
    """The cards a question makes: itself, and for a list of two or more items one cloze card per
    item (the others shown), so each item is remembered on its own."""
    items = question.items or []
    if question.type == "list" and len(items) >= 2:
        return [0, *range(1, len(items) + 1)]
    return [0]


def ensure_cards(user_id: int, deck: Deck, now: datetime | None = None) -> int:
    """Add the deck's new cards the user does not have yet (new questions, a deck opened the first
    time). Returns how many were added."""
    moment = naive(aware(now))
    questions = deck_source(deck).questions(deck)
    if not questions:
        return 0
    have = {
        (question_id, part)
        for question_id, part in db.session.execute(
            select(Card.question_id, Card.part).where(
                Card.user_id == user_id, Card.question_id.in_([q.id for q in questions])
            )
        )
    }
    added = 0
    for q in questions:
        for part in card_parts(q):
            if (q.id, part) not in have:
                db.session.add(
                    Card(
                        user_id=user_id, question_id=q.id, bank_id=q.bank_id, part=part, state=NEW, due=moment
                    )
                )
                added += 1
    if added:
        try:
            db.session.commit()
        except IntegrityError:  # the same deck opened in two tabs at once: the other request added them
            db.session.rollback()
            return 0
    return added


def has_cards(user_id: int, deck: Deck) -> bool:
    return (
        db.session.scalar(
            select(Card.id).where(Card.user_id == user_id, deck_source(deck).card_clause(deck)).limit(1)
        )
        is not None
    )
