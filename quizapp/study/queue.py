"""The due queue, daily limits by the user's study day, rating a card and undoing it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from fsrs import Rating
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from quizapp.core.extensions import db
from quizapp.itemstats import recording as itemstats
from quizapp.study.decks import Deck, all_deck_cards, deck_cards, withdrawn_deck_cards
from quizapp.study.models import LEARNING, NEW, RELEARNING, REVIEW, Card, Review, StudySettings
from quizapp.study.scheduler import (
    LEARN_AHEAD,
    NotDue,
    NothingToUndo,
    NotYours,
    StudyError,
    apply_rating,
    aware,
    day_start,
    get_settings,
    naive,
    study_day,
)

# --- the queue --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DayCounts:
    """What the user did today in a deck, against the limits."""

    new_done: int
    reviews_done: int
    new_limit: int
    review_limit: int

    @property
    def new_left(self) -> int:
        return max(0, self.new_limit - self.new_done)

    @property
    def reviews_left(self) -> int:
        return max(0, self.review_limit - self.reviews_done)


def day_counts(user_id: int, deck: Deck, settings: StudySettings, now: datetime | None = None) -> DayCounts:
    """Today's flashcard reviews in this deck: new cards introduced and review cards reviewed.
    Quiz and classroom answers do not use up the flashcards' limits."""
    today = study_day(aware(now), settings)
    rows = db.session.execute(
        select(Review.state_before, func.count())
        .where(
            Review.user_id == user_id,
            Review.deck == deck.key,
            Review.day == today,
            Review.source == "study",
            Review.state_before.in_((NEW, REVIEW)),
        )
        .group_by(Review.state_before)
    ).all()
    done = {state: int(n) for state, n in rows}
    return DayCounts(
        done.get(NEW, 0), done.get(REVIEW, 0), int(settings.new_per_day), int(settings.reviews_per_day)
    )


def _first(query: Any) -> Card | None:
    return db.session.scalars(query.limit(1)).first()


def next_card(
    user_id: int,
    deck: Deck,
    now: datetime | None = None,
    *,
    settings: StudySettings | None = None,
    counts: DayCounts | None = None,
) -> Card | None:
    """The card to study now: a learning card that is due, else a review due today (within the
    review limit), else a new card (within the new limit), else a learning card due in the next
    20 minutes. None when the day's work is done."""
    moment = aware(now)
    base = deck_cards(user_id, deck)
    card = _first_learning(base, naive(moment))
    if card is not None:
        return card  # learning cards have no limit: no need to read the settings and today's counts
    settings = settings or get_settings(user_id)
    counts = counts or day_counts(user_id, deck, settings, moment)
    if counts.reviews_left:
        day_end = naive(day_start(study_day(moment, settings) + timedelta(days=1), settings))
        card = _first(base.where(Card.state == REVIEW, Card.due < day_end).order_by(Card.due, Card.id))
        if card is not None:
            return card
    if counts.new_left:
        card = _first(base.where(Card.state == NEW).order_by(Card.due, Card.id))
        if card is not None:
            return card
    return _first_learning(base, naive(moment + LEARN_AHEAD))


def _first_learning(base: Any, until: datetime) -> Card | None:
    # one read per state: "state IN (1, 3) ORDER BY due" would sort every due learning card
    found = [
        card
        for state in (LEARNING, RELEARNING)
        if (card := _first(base.where(Card.state == state, Card.due <= until).order_by(Card.due, Card.id)))
    ]
    return min(found, key=lambda c: (c.due, c.id), default=None)


def is_due(card: Card, deck: Deck, now: datetime | None = None, *, settings: StudySettings) -> bool:
    """Would the queue show this card now (its state, its due time and today's limits)?"""
    moment = aware(now)
    if card.state in (LEARNING, RELEARNING):
        return card.due <= naive(moment + LEARN_AHEAD)
    counts = day_counts(card.user_id, deck, settings, moment)
    if card.state == REVIEW:
        day_end = day_start(study_day(moment, settings) + timedelta(days=1), settings)
        return card.due < naive(day_end) and counts.reviews_left > 0
    return counts.new_left > 0


@dataclass(frozen=True)
class QueueCounts:
    """How many cards are waiting now: learning (due within 20 minutes), reviews and new cards left
    today (both within today's limits)."""

    learning: int
    review: int
    new: int

    @property
    def total(self) -> int:
        return self.learning + self.review + self.new


def count_rows(query: Any, cap: int | None = None) -> int:
    if cap is not None:
        if cap <= 0:
            return 0
        query = query.limit(cap)
    return int(db.session.scalar(select(func.count()).select_from(query.subquery())) or 0)


def count_visible(user_id: int, deck: Deck, *conditions: Any, cap: int | None = None) -> int:
    """How many of the deck's cards meet ``conditions``, those of withdrawn questions left out.

    Counted as all cards minus withdrawn ones: the first count reads the queue index only, where a
    join to every card's question would read 10,000 question rows for a large deck."""
    total = count_rows(all_deck_cards(user_id, deck).where(*conditions))
    if total:
        total -= count_rows(withdrawn_deck_cards(user_id, deck).where(*conditions))
    return total if cap is None else min(total, max(0, cap))


def queue_counts(
    user_id: int,
    deck: Deck,
    now: datetime | None = None,
    *,
    settings: StudySettings | None = None,
    counts: DayCounts | None = None,
) -> QueueCounts:
    moment = aware(now)
    settings = settings or get_settings(user_id)
    counts = counts or day_counts(user_id, deck, settings, moment)
    day_end = naive(day_start(study_day(moment, settings) + timedelta(days=1), settings))
    return QueueCounts(
        learning=count_visible(
            user_id, deck, Card.state.in_((LEARNING, RELEARNING)), Card.due <= naive(moment + LEARN_AHEAD)
        ),
        review=count_visible(
            user_id, deck, Card.state == REVIEW, Card.due < day_end, cap=counts.reviews_left
        ),
        new=count_visible(user_id, deck, Card.state == NEW, cap=counts.new_left),
    )


def next_learning_due(user_id: int, deck: Deck) -> datetime | None:
    """When the next learning card comes back (for "come back at 14:05")."""
    return db.session.scalar(
        deck_cards(user_id, deck)
        .with_only_columns(func.min(Card.due))
        .where(Card.state.in_((LEARNING, RELEARNING)))
    )


# --- rating, undo, one memory across modes -------------------------------------------------------------


@dataclass(frozen=True)
class Rated:
    review: Review
    #: False when this form had been sent before: the first rating stands, nothing changed
    created: bool


def rate(
    user_id: int,
    card_id: int,
    rating: int,
    *,
    deck: Deck,
    token: str,
    now: datetime | None = None,
    duration_ms: int | None = None,
) -> Rated:
    """Rate a card from the study page. A token already used returns the first rating (a double
    submit counts once); a card that is not the user's, not in the deck or not due is refused with
    nothing changed."""
    moment = aware(now)
    try:
        grade = Rating(int(rating))
    except ValueError:
        raise StudyError("Choose Again, Hard, Good or Easy.") from None
    if not token or len(token) > 64:
        raise StudyError("The rating form is incomplete; reload the page and try again.")
    # "was this form sent before?" is not asked up front: the unique (user, token) constraint answers it
    # when the rating is stored, and a resent form is most often refused as not due, where it is asked
    card = own_card(user_id, card_id)
    in_deck = db.session.scalar(
        deck_cards(user_id, deck).with_only_columns(Card.id).where(Card.id == card.id)
    )
    if in_deck is None:
        raise StudyError("That card is not in this deck.")
    settings = get_settings(user_id)
    if not is_due(card, deck, moment, settings=settings):
        earlier = rated_with(user_id, token)
        if earlier is not None:  # the same form sent again: the first rating stands
            return Rated(earlier, False)
        raise NotDue("That card is not due yet; nothing was changed.")
    review = apply_rating(
        card, grade, settings, moment, deck=deck.key, source="study", token=token, duration_ms=duration_ms
    )
    itemstats.record_study_rating(card.question_id, card.part, int(grade), duration_ms)
    try:
        db.session.commit()
    except IntegrityError:
        # the same form sent twice at once: the other request's rating stands
        db.session.rollback()
        earlier = rated_with(user_id, token)
        if earlier is None:  # pragma: no cover - the constraint that failed says it exists
            raise
        return Rated(earlier, False)
    return Rated(review, True)


def rated_with(user_id: int, token: str) -> Review | None:
    """The rating stored from the form with this token, if it was sent before."""
    return db.session.scalars(select(Review).where(Review.user_id == user_id, Review.token == token)).first()


def own_card(user_id: int, card_id: int) -> Card:
    card = db.session.get(Card, card_id)
    if card is None or card.user_id != user_id:
        raise NotYours("That card is not one of yours.")
    return card


def last_review(user_id: int, deck: Deck) -> Review | None:
    """The user's last flashcard rating in this deck: what Undo would take back."""
    return db.session.scalars(
        select(Review)
        .where(Review.user_id == user_id, Review.deck == deck.key, Review.source == "study")
        .order_by(Review.id.desc())
        .limit(1)
    ).first()


def undo(user_id: int, deck: Deck, review_id: int) -> Card:
    """Take back rating ``review_id``, which must still be the user's last in this deck and the card's
    last review: the card gets its state back and the log row goes. Sent twice, the second does nothing."""
    last = last_review(user_id, deck)
    if last is None or last.id != review_id:
        raise NothingToUndo("There is no rating to undo.")
    newest = db.session.scalar(select(func.max(Review.id)).where(Review.card_id == last.card_id))
    if newest != last.id:
        raise NothingToUndo(
            "That card has been answered since (in a quiz); its rating can no longer be undone."
        )
    card = last.card
    card.state = last.state_before
    card.step = last.step_before
    card.stability = last.stability_before
    card.difficulty = last.difficulty_before
    card.due = last.due_before
    card.last_review = last.last_review_before
    card.reps = max(0, card.reps - 1)
    if last.state_before == REVIEW and last.rating == Rating.Again:
        card.lapses = max(0, card.lapses - 1)
    itemstats.record_study_rating(card.question_id, card.part, last.rating, last.duration_ms, sign=-1)
    db.session.delete(last)
    db.session.commit()
    return card
