"""FSRS scheduling (the ``fsrs`` package) and the study day: constants, errors, the clock, settings,
the intervals a rating gives and applying one to a card.

Every function that depends on the time takes ``now`` (aware or naive UTC; default: the clock), so
tests are deterministic. The database keeps naive UTC; ``fsrs`` wants aware UTC; the conversion
happens here only."""

from __future__ import annotations

import hashlib
import random
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from flask import current_app, has_app_context
from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler, State
from fsrs.scheduler import FUZZ_RANGES

from quizapp.core.extensions import db
from quizapp.study.models import LEARNING, NEW, RELEARNING, REVIEW, Card, Review, StudySettings

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


def last_interval_days(card: Card) -> float | None:
    if card.state != REVIEW or card.last_review is None:
        return None
    return (card.due - card.last_review).total_seconds() / 86400


def apply_rating(
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
        interval_before=last_interval_days(card),
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
