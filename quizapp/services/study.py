"""Self-study flashcards scheduled by FSRS (the ``fsrs`` package): decks, the due queue, ratings with
their preview, daily limits by the user's study day, undo, progress and export.

One memory across modes: :func:`record_outcome` counts a quiz (or live classroom) answer as a review
of the question's card, so the flashcards pick up what a student missed elsewhere.

Every function that depends on the time takes ``now`` (aware or naive UTC; default: the clock), so
tests are deterministic. The database keeps naive UTC; ``fsrs`` wants aware UTC; the conversion
happens here only.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import itertools
import json
import math
import os
import random
import re
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from typing import Any, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import genanki
from flask import current_app, has_app_context, has_request_context
from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler, State
from fsrs.scheduler import FUZZ_RANGES
from sqlalchemy import ColumnElement, func, select
from sqlalchemy.exc import IntegrityError

import questions as qs
from quizapp.extensions import db
from quizapp.models.accounts import User
from quizapp.models.banks import Bank, Question
from quizapp.models.study import LEARNING, NEW, RELEARNING, REVIEW, Card, Review, StudySettings
from quizapp.services import banks as bank_service
from quizapp.services import grading, reader

LEARNING_STEPS = (timedelta(minutes=1), timedelta(minutes=10))
RELEARNING_STEPS = (timedelta(minutes=10),)
#: when nothing else is due, a learning card due within this long is shown early (as Anki does)
LEARN_AHEAD = timedelta(minutes=20)
#: a review whose card had an interval of at least this many days is "mature" (Anki's threshold)
MATURE_DAYS = 21
FORECAST_DAYS = 30
HISTORY_DAYS = 30

DEFAULT_SETTINGS = {
    "new_per_day": 20,
    "reviews_per_day": 200,
    "desired_retention": 0.9,
    "time_zone": "UTC",
    "day_start_hour": 4,
}
RATING_LABELS = {Rating.Again: "Again", Rating.Hard: "Hard", Rating.Good: "Good", Rating.Easy: "Easy"}
STATE_LABELS = {NEW: "new", LEARNING: "learning", REVIEW: "review", RELEARNING: "relearning"}


class StudyError(ValueError):
    """A study request that cannot be met, worded for the user; nothing was changed."""


class DeckNotFound(StudyError):
    pass


class DeckForbidden(StudyError):
    pass


class NotYours(StudyError):
    pass


class NotDue(StudyError):
    pass


class NothingToUndo(StudyError):
    pass


# --- the clock and the study day -----------------------------------------------------------------


def aware(moment: datetime | None) -> datetime:
    """``moment`` (naive UTC or aware) as aware UTC; None is now."""
    if moment is None:
        return datetime.now(UTC)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def naive(moment: datetime) -> datetime:
    """Aware -> naive UTC, as the database keeps it."""
    return aware(moment).replace(tzinfo=None)


def zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def valid_time_zone(name: str) -> bool:
    return name in available_timezones()


def study_day(moment: datetime, settings: StudySettings) -> date:
    """The user's study day at ``moment``: the local date, the day starting at ``day_start_hour``."""
    local = aware(moment).astimezone(zone(settings.time_zone))
    return (local - timedelta(hours=settings.day_start_hour)).date()


def day_start(day: date, settings: StudySettings) -> datetime:
    """When study day ``day`` starts, in aware UTC (daylight saving time included)."""
    local = datetime.combine(day, dtime(settings.day_start_hour), tzinfo=zone(settings.time_zone))
    return local.astimezone(UTC)


# --- settings ---------------------------------------------------------------------------------------


def get_settings(user_id: int) -> StudySettings:
    """The user's settings, or the defaults (not saved) when they never changed them."""
    row = db.session.get(StudySettings, user_id)
    return row if row is not None else StudySettings(user_id=user_id, **DEFAULT_SETTINGS)


def save_settings(user_id: int, **values: Any) -> StudySettings:
    row = db.session.get(StudySettings, user_id)
    if row is None:
        row = StudySettings(user_id=user_id, **DEFAULT_SETTINGS)
        db.session.add(row)
    for key in DEFAULT_SETTINGS:
        if key in values and values[key] is not None:
            setattr(row, key, values[key])
    if not valid_time_zone(row.time_zone):
        raise StudyError("Unknown time zone.")
    db.session.commit()
    return row


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
        if not bank_service.can_view(user, bank):
            raise DeckForbidden("This deck belongs to someone else.")
        return Deck("bank", bank.id, bank.title, bank.id)

    def visible(self, user: Any) -> list[Deck]:
        return [Deck("bank", b.id, b.title, b.id) for b in bank_service.visible_banks(user)]

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


class SetDecks:
    """Question sets from the authoring area: a set's questions, from any banks, in the set's order.

    The cards are the same as the bank decks' (one card per user and question): studying a set
    reviews the very cards its banks' decks hold."""

    @staticmethod
    def _shared_ids() -> list[int]:
        """Class sets whose share link this browser opened (none outside a request)."""
        if not has_request_context():
            return []
        from quizapp.authoring.sets import shared_set_ids

        return shared_set_ids()

    def get(self, user: Any, ref_id: int) -> Deck:
        from quizapp.models.authoring import QuestionSet
        from quizapp.services import authoring

        qset = db.session.get(QuestionSet, ref_id)
        if qset is None:
            raise DeckNotFound("There is no such deck.")
        if not authoring.can_take_set(user, qset, self._shared_ids()):
            raise DeckForbidden("This set is not shared with you.")
        return Deck("set", qset.id, qset.title, None)

    def visible(self, user: Any) -> list[Deck]:
        from quizapp.services import authoring

        return [Deck("set", s.id, s.title, None) for s in authoring.listed_sets(user, self._shared_ids())]

    def questions(self, deck: Deck) -> list[Question]:
        from quizapp.models.authoring import SetItem

        return list(
            db.session.scalars(
                select(Question)
                .join(SetItem, SetItem.question_id == Question.id)
                .where(SetItem.set_id == deck.ref_id, Question.status == "approved")
                .order_by(SetItem.position, SetItem.id)
            )
        )

    def card_clause(self, deck: Deck) -> ColumnElement[bool]:
        from quizapp.models.authoring import SetItem

        return Card.question_id.in_(select(SetItem.question_id).where(SetItem.set_id == deck.ref_id))

    def withdrawn(self, deck: Deck) -> Any:
        from quizapp.models.authoring import SetItem

        return (
            select(SetItem.question_id)
            .join(Question, Question.id == SetItem.question_id)
            .where(SetItem.set_id == deck.ref_id, Question.status != "approved")
        )


DECK_SOURCES: dict[str, DeckSource] = {"bank": BankDecks(), "set": SetDecks()}

_DECK_KEY = re.compile(r"(?P<kind>[a-z]{1,16}):(?P<id>[0-9]{1,12})")


def register_deck_source(kind: str, source: DeckSource) -> None:
    DECK_SOURCES[kind] = source


def parse_deck_key(key: str) -> tuple[str, int] | None:
    match = _DECK_KEY.fullmatch(key or "")
    if not match or match["kind"] not in DECK_SOURCES:
        return None
    return match["kind"], int(match["id"])


def get_deck(user: Any, key: str) -> Deck:
    parsed = parse_deck_key(key)
    if parsed is None:
        raise DeckNotFound("There is no such deck.")
    return DECK_SOURCES[parsed[0]].get(user, parsed[1])


def visible_decks(user: Any) -> list[Deck]:
    return [deck for source in DECK_SOURCES.values() for deck in source.visible(user)]


def _source(deck: Deck) -> DeckSource:
    return DECK_SOURCES[deck.kind]


def _deck_cards(user_id: int, deck: Deck) -> Any:
    """``select(Card)`` of the user's cards in the deck whose question is still approved."""
    return (
        select(Card)
        .join(Question, Question.id == Card.question_id)
        .where(Card.user_id == user_id, _source(deck).card_clause(deck), Question.status == "approved")
    )


def _all_deck_cards(user_id: int, deck: Deck) -> Any:
    """The same without the question's status: a count of it reads the queue index alone."""
    return select(Card.id).where(Card.user_id == user_id, _source(deck).card_clause(deck))


def _withdrawn_deck_cards(user_id: int, deck: Deck) -> Any:
    """The user's cards in the deck whose question is no longer approved (few, usually none)."""
    return select(Card.id).where(
        Card.user_id == user_id,
        _source(deck).card_clause(deck),
        Card.question_id.in_(_source(deck).withdrawn(deck)),
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
    questions = _source(deck).questions(deck)
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
            select(Card.id).where(Card.user_id == user_id, _source(deck).card_clause(deck)).limit(1)
        )
        is not None
    )


# --- scheduling -------------------------------------------------------------------------------------


def fuzz_enabled() -> bool:
    return bool(current_app.config.get("STUDY_FUZZ", True)) if has_app_context() else True


def scheduler_for(settings: StudySettings) -> Scheduler:
    # fuzz is applied by fuzzed_interval below, seeded per card: fsrs draws it from the global random,
    # so the interval a button previews could differ from the one the rating then gives
    return Scheduler(
        desired_retention=float(settings.desired_retention),
        learning_steps=LEARNING_STEPS,
        relearning_steps=RELEARNING_STEPS,
        enable_fuzzing=False,
    )


def fuzz_range(days: int, maximum_interval: int = 36500) -> tuple[int, int]:
    """fsrs's own fuzz range for an interval of ``days`` (``Scheduler._get_fuzzed_interval``); like fsrs,
    :func:`fuzzed_interval` rounds a draw from [low, high + 1), so high + 1 can occur."""
    delta = 1.0
    for fuzz in FUZZ_RANGES:
        delta += fuzz["factor"] * max(min(float(days), fuzz["end"]) - fuzz["start"], 0.0)
    low, high = max(2, round(days - delta)), min(round(days + delta), maximum_interval)
    return min(low, high), high


def fuzzed_interval(interval: timedelta, *, seed: str, maximum_interval: int = 36500) -> timedelta:
    """fsrs's fuzz, drawn from a generator seeded by the card and its review count (as Anki seeds it),
    so a button's preview and the rating agree."""
    days = interval.days
    if days < 2.5:
        return interval
    low, high = fuzz_range(days, maximum_interval)
    draw = random.Random(hashlib.sha256(seed.encode()).digest()).random()
    return timedelta(days=min(round(draw * (high - low + 1) + low), maximum_interval))


def to_fsrs(card: Card) -> FsrsCard:
    if card.state == NEW:
        return FsrsCard(card_id=card.id or 0, state=State.Learning, step=0, due=aware(card.due))
    return FsrsCard(
        card_id=card.id or 0,
        state=State(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=aware(card.due),
        last_review=aware(card.last_review) if card.last_review else None,
    )


def schedule(
    card: Card, rating: Rating, settings: StudySettings, now: datetime, *, fuzz: bool | None = None
) -> FsrsCard:
    """The card as it would be after ``rating`` at ``now`` (nothing is stored)."""
    moment = aware(now)
    after, _log = scheduler_for(settings).review_card(to_fsrs(card), rating, review_datetime=moment)
    if (fuzz if fuzz is not None else fuzz_enabled()) and after.state == State.Review:
        after.due = moment + fuzzed_interval(after.due - moment, seed=f"{card.id}:{card.reps}")
    return after


def preview(card: Card, settings: StudySettings, now: datetime | None = None) -> dict[Rating, timedelta]:
    """The interval each button would give."""
    moment = aware(now)
    return {r: schedule(card, r, settings, moment).due - moment for r in Rating}


def format_interval(interval: timedelta) -> str:
    """ "1m", "10m", "3h", "4d", "2.5mo", "1.2y": short enough for a button."""
    seconds = interval.total_seconds()
    if seconds < 3600:
        return f"{max(1, round(seconds / 60))}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        months = days / 30.4
        return f"{months:.1f}".rstrip("0").rstrip(".") + "mo"
    return f"{days / 365:.1f}".rstrip("0").rstrip(".") + "y"


def _interval_before(card: Card) -> float | None:
    if card.state != REVIEW or card.last_review is None:
        return None
    return (card.due - card.last_review).total_seconds() / 86400


def _apply(
    card: Card,
    rating: Rating,
    settings: StudySettings,
    now: datetime,
    *,
    deck: str,
    source: str,
    token: str | None = None,
    duration_ms: int | None = None,
) -> Review:
    """Review ``card`` and log it (not committed)."""
    after = schedule(card, rating, settings, now)
    review = Review(
        user_id=card.user_id,
        card_id=card.id,
        deck=deck,
        source=source,
        rating=int(rating),
        reviewed_at=naive(now),
        day=study_day(now, settings),
        token=token,
        duration_ms=duration_ms,
        state_before=card.state,
        step_before=card.step,
        stability_before=card.stability,
        difficulty_before=card.difficulty,
        due_before=card.due,
        last_review_before=card.last_review,
        interval_before=_interval_before(card),
        state_after=int(after.state),
        stability_after=after.stability,
        difficulty_after=after.difficulty,
        due_after=naive(after.due),
    )
    if card.state == REVIEW and rating == Rating.Again:
        card.lapses += 1
    card.state = int(after.state)
    card.step = after.step
    card.stability = after.stability
    card.difficulty = after.difficulty
    card.due = naive(after.due)
    card.last_review = naive(now)
    card.reps += 1
    db.session.add(review)
    return review


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
    base = _deck_cards(user_id, deck)
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


def _count(query: Any, cap: int | None = None) -> int:
    if cap is not None:
        if cap <= 0:
            return 0
        query = query.limit(cap)
    return int(db.session.scalar(select(func.count()).select_from(query.subquery())) or 0)


def _count_visible(user_id: int, deck: Deck, *conditions: Any, cap: int | None = None) -> int:
    """How many of the deck's cards meet ``conditions``, those of withdrawn questions left out.

    Counted as all cards minus withdrawn ones: the first count reads the queue index only, where a
    join to every card's question would read 10,000 question rows for a large deck."""
    total = _count(_all_deck_cards(user_id, deck).where(*conditions))
    if total:
        total -= _count(_withdrawn_deck_cards(user_id, deck).where(*conditions))
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
        learning=_count_visible(
            user_id, deck, Card.state.in_((LEARNING, RELEARNING)), Card.due <= naive(moment + LEARN_AHEAD)
        ),
        review=_count_visible(
            user_id, deck, Card.state == REVIEW, Card.due < day_end, cap=counts.reviews_left
        ),
        new=_count_visible(user_id, deck, Card.state == NEW, cap=counts.new_left),
    )


def next_learning_due(user_id: int, deck: Deck) -> datetime | None:
    """When the next learning card comes back (for "come back at 14:05")."""
    return db.session.scalar(
        _deck_cards(user_id, deck)
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
    earlier = db.session.scalars(
        select(Review).where(Review.user_id == user_id, Review.token == token)
    ).first()
    if earlier is not None:
        return Rated(earlier, False)
    card = own_card(user_id, card_id)
    in_deck = db.session.scalar(
        _deck_cards(user_id, deck).with_only_columns(Card.id).where(Card.id == card.id)
    )
    if in_deck is None:
        raise StudyError("That card is not in this deck.")
    settings = get_settings(user_id)
    if not is_due(card, deck, moment, settings=settings):
        raise NotDue("That card is not due yet; nothing was changed.")
    review = _apply(
        card, grade, settings, moment, deck=deck.key, source="study", token=token, duration_ms=duration_ms
    )
    try:
        db.session.commit()
    except IntegrityError:
        # the same form sent twice at once: the other request's rating stands
        db.session.rollback()
        earlier = db.session.scalars(
            select(Review).where(Review.user_id == user_id, Review.token == token)
        ).one()
        return Rated(earlier, False)
    return Rated(review, True)


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
    db.session.delete(last)
    db.session.commit()
    return card


def record_outcome(
    user_id: int | None,
    question_id: int,
    correct: bool,
    now: datetime | None = None,
    *,
    source: str = "quiz",
    commit: bool = True,
) -> Review | None:
    """Count an answer given in a quiz or a live classroom session as a review of the question's
    card: wrong is Again, right is Good. Guests and visitors have no memory (returns None).

    ``commit=False`` leaves the commit to the caller (the quiz commits the answer and this together).
    """
    if user_id is None:
        return None
    user = db.session.get(User, user_id)
    question = db.session.get(Question, question_id)
    if user is None or user.is_guest or question is None:
        return None
    moment = aware(now)
    card = db.session.scalars(
        select(Card).where(Card.user_id == user_id, Card.question_id == question_id, Card.part == 0)
    ).first()
    if card is None:
        card = Card(
            user_id=user_id,
            question_id=question_id,
            bank_id=question.bank_id,
            part=0,
            state=NEW,
            due=naive(moment),
        )
        db.session.add(card)
        db.session.flush()
    review = _apply(
        card,
        Rating.Good if correct else Rating.Again,
        get_settings(user_id),
        moment,
        deck=f"bank:{question.bank_id}",
        source=source,
    )
    if commit:
        db.session.commit()
    return review


# --- what the study page shows --------------------------------------------------------------------------


@dataclass(frozen=True)
class Excerpt:
    parts: list[reader.ExcerptPart]
    anchor: str


@dataclass(frozen=True)
class ClozeItem:
    text: str
    hidden: bool


@dataclass
class CardView:
    card: Card
    question: qs.Question
    bank_id: int
    #: the front: the prompt (a cloze prompt keeps its blank); a list's cloze card also shows its items
    prompt: str
    items: list[ClozeItem] = field(default_factory=list)
    #: the back
    answer: str = ""
    answer_items: list[str] = field(default_factory=list)
    excerpts: list[Excerpt] = field(default_factory=list)
    choices: list[str] = field(default_factory=list)

    @property
    def has_choices(self) -> bool:
        return bool(self.choices)


def _bank_spans(bank_id: int) -> list[tuple[int, int, int]]:
    spans: list[tuple[int, int]] = []
    rows = db.session.execute(
        select(Question.sources, Question.choice_notes).where(
            Question.bank_id == bank_id, Question.status == "approved"
        )
    )
    for sources, notes in rows:
        spans.extend((int(s["start"]), int(s["end"])) for s in sources or [])
        spans.extend(
            (int(n["source"]["start"]), int(n["source"]["end"])) for n in notes or [] if n.get("source")
        )
    return reader.merged_spans(spans)


def graded_question(card: Card) -> qs.Question:
    """The question a typed answer to this card is graded against: a cloze card's is its hidden item."""
    q = bank_service.row_to_question(card.question)
    if card.part and 0 < card.part <= len(q.items):
        item = q.items[card.part - 1]
        return replace(q, type="list", answer=item, items=(item,), accepted=(), choices=())
    return q


def card_view(card: Card, *, spans: list[tuple[int, int, int]] | None = None) -> CardView:
    """What the study page shows of a card; ``spans`` (the bank's merged excerpt spans) may be passed
    in when many cards of one bank are shown."""
    q = bank_service.row_to_question(card.question)
    spans = spans if spans is not None else _bank_spans(card.bank_id)
    view = CardView(card=card, question=q, bank_id=card.bank_id, prompt=q.prompt)
    if card.part and 0 < card.part <= len(q.items):
        hidden = card.part - 1
        view.items = [ClozeItem("[…]" if i == hidden else it, i == hidden) for i, it in enumerate(q.items)]
        view.answer = q.items[hidden]
        sources = [s for s in q.sources if _mentions(s, q.items[hidden])] or list(q.sources)
    else:
        view.answer = q.answer
        view.answer_items = list(q.items) if q.type == "list" else []
        view.choices = list(q.choices) if q.type in ("multiple_choice", "true_false") else []
        sources = list(q.sources)
    view.excerpts = [Excerpt(reader.excerpt_parts(s), reader.anchor_for(s, spans)) for s in sources]
    return view


def _mentions(source: qs.Source, item: str) -> bool:
    words = [w for w in grading.normalise(item).split() if len(w) > 3]
    text = grading.normalise(source.text)
    return bool(words) and sum(w in text for w in words) >= max(1, len(words) // 2)


def check_answer(card: Card, response: str) -> grading.Grade:
    """Grade a typed answer or a chosen choice with the quiz's tolerant grading (nothing is stored)."""
    return grading.grade(graded_question(card), response[: grading.MAX_LIST_RESPONSE])


# --- the deck list ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeckSummary:
    deck: Deck
    started: bool
    counts: QueueCounts | None
    cards: int


def deck_summaries(user_id: int, user: Any, now: datetime | None = None) -> list[DeckSummary]:
    """Every deck the user may study; a deck already started has its new cards added and its counts."""
    moment = aware(now)
    settings = get_settings(user_id)
    out = []
    for deck in visible_decks(user):
        if has_cards(user_id, deck):
            ensure_cards(user_id, deck, moment)
            counts = queue_counts(user_id, deck, moment, settings=settings)
            total = _count_visible(user_id, deck)
            out.append(DeckSummary(deck, True, counts, total))
        else:
            questions = _source(deck).questions(deck)
            total = sum(len(card_parts(q)) for q in questions)
            if total:
                out.append(DeckSummary(deck, False, None, total))
    out.sort(key=lambda s: (not s.started, -(s.counts.total if s.counts else 0), s.deck.title.lower()))
    return out


# --- progress ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    label: str


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    left: int
    top: int
    plot_width: int
    plot_height: int
    bars: list[Bar]
    #: (y, label) of the horizontal grid lines
    grid: list[tuple[float, str]]
    #: (x, label) under the axis
    ticks: list[tuple[float, str]]


def bar_chart(values: Sequence[tuple[date, int]], *, width: int = 640, height: int = 220) -> BarChart:
    """Bars for a count per day; geometry only, the template writes the SVG."""
    left, right, top, bottom = 40, 12, 12, 32
    pw, ph = width - left - right, height - top - bottom
    peak = max([v for _d, v in values] + [1])
    step = _nice_step(peak)
    top_value = step * math.ceil(peak / step)
    n = max(1, len(values))
    slot = pw / n
    bars = []
    for i, (day, value) in enumerate(values):
        h = ph * value / top_value
        bars.append(
            Bar(left + i * slot + slot * 0.15, top + ph - h, slot * 0.7, h, value, f"{day:%a %d %b}: {value}")
        )
    grid = [(top + ph * (1 - v / top_value), str(v)) for v in range(0, top_value + 1, step)]
    ticks = [(left + i * slot + slot / 2, f"{day:%d %b}") for i, (day, _v) in enumerate(values) if i % 7 == 0]
    return BarChart(width, height, left, top, pw, ph, bars, grid, ticks)


def _nice_step(peak: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if peak / step <= 5:
            return step
    return 10 ** len(str(peak))


@dataclass(frozen=True)
class Progress:
    deck: Deck | None
    today: date
    due_today: int
    due_tomorrow: int
    forecast: list[tuple[date, int]]
    reviews_per_day: list[tuple[date, int]]
    reviews_today: int
    #: share of Hard/Good/Easy among reviews of mature cards (interval >= 21 days); None without any
    retention: float | None
    mature_reviews: int
    #: consecutive study days with at least one review, up to today (or yesterday, if none yet today)
    streak: int
    by_state: dict[str, int]


def progress(user_id: int, deck: Deck | None = None, now: datetime | None = None) -> Progress:
    moment = aware(now)
    settings = get_settings(user_id)
    today = study_day(moment, settings)
    starts = [naive(day_start(today + timedelta(days=i), settings)) for i in range(FORECAST_DAYS + 1)]

    cards = select(Card).where(Card.user_id == user_id)
    reviews = select(Review).where(Review.user_id == user_id)
    if deck is not None:
        cards = _deck_cards(user_id, deck)
        reviews = reviews.where(Review.deck == deck.key)

    dues = db.session.scalars(
        cards.with_only_columns(Card.due).where(Card.state != NEW, Card.due < starts[-1])
    ).all()
    forecast = [0] * FORECAST_DAYS
    for due in dues:
        # overdue cards are due today
        i = next((k for k in range(FORECAST_DAYS) if due < starts[k + 1]), FORECAST_DAYS - 1)
        forecast[i] += 1
    state_rows = db.session.execute(
        cards.with_only_columns(Card.state, func.count()).group_by(Card.state)
    ).all()
    by_state = {label: 0 for label in STATE_LABELS.values()}
    for state, n in state_rows:
        by_state[STATE_LABELS.get(state, str(state))] = int(n)

    first_day = today - timedelta(days=HISTORY_DAYS - 1)
    per_day = {
        day: n
        for day, n in db.session.execute(
            reviews.with_only_columns(Review.day, func.count())
            .where(Review.day >= first_day)
            .group_by(Review.day)
        )
    }
    history = [
        (first_day + timedelta(days=i), int(per_day.get(first_day + timedelta(days=i), 0)))
        for i in range(HISTORY_DAYS)
    ]

    mature = reviews.where(Review.state_before == REVIEW, Review.interval_before >= MATURE_DAYS)
    mature_total = _count(mature.with_only_columns(Review.id))
    mature_passed = _count(mature.with_only_columns(Review.id).where(Review.rating >= Rating.Hard))
    days = db.session.scalars(
        reviews.with_only_columns(Review.day).distinct().order_by(Review.day.desc()).limit(3660)
    ).all()
    return Progress(
        deck=deck,
        today=today,
        due_today=forecast[0],
        due_tomorrow=forecast[1],
        forecast=[(today + timedelta(days=i), n) for i, n in enumerate(forecast)],
        reviews_per_day=history,
        reviews_today=int(per_day.get(today, 0)),
        retention=(mature_passed / mature_total) if mature_total else None,
        mature_reviews=mature_total,
        streak=streak(days, today),
        by_state=by_state,
    )


def streak(days: Iterable[date], today: date) -> int:
    """Consecutive days ending today, or yesterday when today has no review yet."""
    have = set(days)
    day = today if today in have else today - timedelta(days=1)
    count = 0
    while day in have:
        count += 1
        day -= timedelta(days=1)
    return count


# --- export ---------------------------------------------------------------------------------------------

CSV_COLUMNS = (
    "reviewed_at_utc",
    "study_day",
    "deck",
    "source",
    "rating",
    "question_id",
    "card_part",
    "prompt",
    "state_before",
    "state_after",
    "interval_before_days",
    "due_after_utc",
    "stability_after",
    "difficulty_after",
)
_FORMULA = re.compile(r"^[=+\-@\t\r]")


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    # a spreadsheet would run a prompt starting with "=" as a formula
    return "'" + text if _FORMULA.match(text) else text


def reviews_csv(user_id: int, deck: Deck | None = None) -> str:
    """The user's review log (oldest first), one row per rating, for a spreadsheet."""
    query = (
        select(Review, Card.question_id, Card.part, Question.prompt)
        .join(Card, Card.id == Review.card_id)
        .join(Question, Question.id == Card.question_id)
        .where(Review.user_id == user_id)
        .order_by(Review.reviewed_at, Review.id)
    )
    if deck is not None:
        query = query.where(Review.deck == deck.key)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for review, question_id, part, prompt in db.session.execute(query):
        writer.writerow(
            [
                _cell(v)
                for v in (
                    review.reviewed_at.isoformat(timespec="seconds") + "Z",
                    review.day.isoformat(),
                    review.deck,
                    review.source,
                    RATING_LABELS[Rating(review.rating)],
                    question_id,
                    part,
                    prompt,
                    STATE_LABELS.get(review.state_before, review.state_before),
                    STATE_LABELS.get(review.state_after, review.state_after),
                    f"{review.interval_before:.2f}" if review.interval_before is not None else "",
                    review.due_after.isoformat(timespec="seconds") + "Z",
                    f"{review.stability_after:.4f}" if review.stability_after is not None else "",
                    f"{review.difficulty_after:.4f}" if review.difficulty_after is not None else "",
                )
            ]
        )
    return "\ufeff" + buf.getvalue()  # the BOM makes Excel read UTF-8


APKG_FIELDS = (
    "Front",
    "Back",
    "Source",
    "QuestionId",
    "State",
    "Due",
    "IntervalDays",
    "Stability",
    "Difficulty",
    "Reps",
    "Lapses",
)
_APKG_CSS = """\
.card { font-family: system-ui, sans-serif; font-size: 20px; text-align: left; color: #1b1b1b;
        background: #fff; max-width: 40em; margin: 0 auto; }
.answer { font-weight: 600; }
blockquote { margin: .8em 0 0; padding: .4em .8em; border-left: 4px solid #999; font-size: .9em; }
mark { background: #ffe066; color: inherit; }
.sched { color: #666; font-size: .75em; margin-top: 1em; }
.nightMode .card, .night_mode .card { color: #eee; background: #222; }
"""
_APKG_FRONT = "{{Front}}"
_APKG_BACK = (
    '{{FrontSide}}<hr id="answer">{{Back}}{{#Source}}{{Source}}{{/Source}}'
    '<div class="sched">quizapp: {{State}}, due {{Due}}, interval {{IntervalDays}} d, '
    "stability {{Stability}}, difficulty {{Difficulty}}</div>"
)


def _stable_id(*parts: str) -> int:
    """An id in genanki's recommended range, the same on every export so a re-import updates."""
    digest = hashlib.sha256("\x1f".join(parts).encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


def _excerpt_html(ex: Excerpt) -> str:
    inner = "".join(
        f"<mark>{html.escape(p.text)}</mark>" if p.highlighted else html.escape(p.text) for p in ex.parts
    )
    return f"<blockquote>{inner}</blockquote>"


#: Anki's ease for a card in review (permille). FSRS does not use it; its memory state goes in ``data``.
_ANKI_EASE = 2500
#: Anki's card types and queues, by quizapp's (= fsrs's) card states
_ANKI_TYPE = {NEW: 0, LEARNING: 1, REVIEW: 2, RELEARNING: 3}
_ANKI_QUEUE = {NEW: 0, LEARNING: 1, REVIEW: 2, RELEARNING: 1}


def _anki_note_guid(user_id: int, card: Card) -> str:
    return genanki.guid_for("quizapp-study", str(user_id), str(card.question_id), str(card.part))


def _schedule_in_anki(
    conn: sqlite3.Connection, user_id: int, cards: Sequence[Card], settings: StudySettings
) -> None:
    """Write each card's scheduling into the package genanki made, which leaves every card new: its type,
    queue and due date as Anki stores them, its interval, reps and lapses, the FSRS memory state in the
    card's ``data`` (Anki's keys ``s``, ``d``, ``dr``), and its reviews in ``revlog``. Anki keeps them when
    the package is imported with "Import any learning progress"."""
    (crt,) = conn.execute("SELECT crt FROM col").fetchone()
    # a review card's due date counts days from the collection's creation day
    created_day = datetime.fromtimestamp(crt, UTC).date()
    anki_ids = dict(
        conn.execute("SELECT notes.guid, cards.id FROM cards JOIN notes ON notes.id = cards.nid").fetchall()
    )
    used_log_ids: set[int] = set()
    reviews_by_card: dict[int, list[Review]] = {}
    ids = [c.id for c in cards]
    for start in range(0, len(ids), 500):  # one query per 500 cards, not one per card
        chunk = select(Review).where(Review.user_id == user_id, Review.card_id.in_(ids[start : start + 500]))
        for review in db.session.scalars(chunk.order_by(Review.id)):
            reviews_by_card.setdefault(review.card_id, []).append(review)
    for card in cards:
        anki_id = anki_ids.get(_anki_note_guid(user_id, card))
        if anki_id is None or card.state == NEW:
            continue
        due = aware(card.due)
        if card.state == REVIEW:
            anki_due = (study_day(due, settings) - created_day).days
            interval = max(1, round(_interval_before(card) or 1))
        else:  # learning and relearning cards are due at a moment, in seconds
            anki_due = int(due.timestamp())
            interval = 0
        memory: dict[str, float] = {"dr": round(settings.desired_retention, 2)}
        if card.stability is not None and card.difficulty is not None:
            memory |= {"s": round(card.stability, 4), "d": round(card.difficulty, 4)}
        conn.execute(
            "UPDATE cards SET type = ?, queue = ?, due = ?, ivl = ?, factor = ?, reps = ?, lapses = ?,"
            " left = ?, data = ? WHERE id = ?",
            (
                _ANKI_TYPE[card.state],
                _ANKI_QUEUE[card.state],
                anki_due,
                interval,
                _ANKI_EASE if card.state in (REVIEW, RELEARNING) else 0,
                card.reps,
                card.lapses,
                0 if card.state == REVIEW else 1,
                json.dumps(memory, separators=(",", ":")),
                anki_id,
            ),
        )
        for r in reviews_by_card.get(card.id, ()):
            log_id = int(aware(r.reviewed_at).timestamp() * 1000)
            while log_id in used_log_ids:  # revlog ids are milliseconds and must be unique
                log_id += 1
            used_log_ids.add(log_id)
            after = (aware(r.due_after) - aware(r.reviewed_at)).total_seconds()
            conn.execute(
                "INSERT INTO revlog VALUES (?, ?, -1, ?, ?, ?, ?, ?, ?)",
                (
                    log_id,
                    anki_id,
                    r.rating,
                    # days for a review interval, negative seconds for a learning step, as Anki stores them
                    round(after / 86400) if r.state_after == REVIEW else -int(after),
                    round(r.interval_before or 0),
                    _ANKI_EASE if r.state_after == REVIEW else 0,
                    r.duration_ms or 0,
                    {NEW: 0, LEARNING: 0, REVIEW: 1, RELEARNING: 2}[r.state_before],
                ),
            )


def export_apkg(
    user_id: int, deck: Deck, now: datetime | None = None, *, timestamp: float | None = None
) -> bytes:
    """The user's cards of a deck as an Anki package, with their scheduling and review log.

    The scheduling is in the cards and ``revlog`` tables (see :func:`_schedule_in_anki`), which Anki keeps
    when told to import learning progress; it is also in fields (shown under the answer) and in tags such
    as ``quizapp::due::2026-12-03``, to search by and use Anki's "Set Due Date" when it is not.
    """
    moment = aware(now)
    ensure_cards(user_id, deck, moment)
    settings = get_settings(user_id)
    model = genanki.Model(
        _stable_id("quizapp", "study card", "1"),
        "quizapp study card",
        fields=[{"name": f} for f in APKG_FIELDS],
        templates=[{"name": "Card", "qfmt": _APKG_FRONT, "afmt": _APKG_BACK}],
        css=_APKG_CSS,
    )
    anki_deck = genanki.Deck(
        _stable_id("quizapp study deck", str(user_id), deck.key), f"quizapp::{deck.title}"
    )
    cards = db.session.scalars(_deck_cards(user_id, deck).order_by(Card.question_id, Card.part)).all()
    e = html.escape
    spans: dict[int, list[tuple[int, int, int]]] = {}
    for order, card in enumerate(cards):
        if card.bank_id not in spans:
            spans[card.bank_id] = _bank_spans(card.bank_id)
        view = card_view(card, spans=spans[card.bank_id])
        front = f'<div class="prompt">{e(view.prompt)}</div>'
        if view.items:
            front += "<ul>" + "".join(f"<li>{e(i.text)}</li>" for i in view.items) + "</ul>"
        if view.choices:
            front += '<ol type="A">' + "".join(f"<li>{e(c)}</li>" for c in view.choices) + "</ol>"
        back = f'<div class="answer">{e(view.answer)}</div>'
        if view.answer_items:
            back = '<ul class="answer">' + "".join(f"<li>{e(i)}</li>" for i in view.answer_items) + "</ul>"
        if view.question.explanation:
            back += f"<p>{e(view.question.explanation)}</p>"
        source = "".join(_excerpt_html(x) for x in view.excerpts)
        state = STATE_LABELS.get(card.state, "new")
        due_day = study_day(card.due, settings).isoformat() if card.state != NEW else ""
        interval = _interval_before(card)
        tags = [f"quizapp::state::{state}", f"quizapp::deck::{deck.key.replace(':', '_')}"]
        if due_day:
            tags.append(f"quizapp::due::{due_day}")
        fields = [
            front,
            back,
            source,
            f"{card.question_id}:{card.part}",
            state,
            due_day,
            f"{interval:.0f}" if interval is not None else "",
            f"{card.stability:.2f}" if card.stability is not None else "",
            f"{card.difficulty:.2f}" if card.difficulty is not None else "",
            str(card.reps),
            str(card.lapses),
        ]
        anki_deck.add_note(
            genanki.Note(
                model=model,
                fields=fields,
                tags=tags,
                guid=_anki_note_guid(user_id, card),
                due=order,
            )
        )
    stamp = time.time() if timestamp is None else timestamp
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "collection.anki2")
        conn = sqlite3.connect(path)
        try:
            # written by hand rather than Package.write_to_file, which leaves its temporary file behind
            genanki.Package(anki_deck).write_to_db(conn.cursor(), stamp, itertools.count(int(stamp * 1000)))
            _schedule_in_anki(conn, user_id, cards, settings)
            conn.commit()
        finally:
            conn.close()
        with open(path, "rb") as fh:
            collection = fh.read()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("collection.anki2", collection)
        z.writestr("media", "{}")
    return buf.getvalue()
