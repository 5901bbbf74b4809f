"""The deck list with its counts, and progress: reviews per day, forecast, streak and the bar charts."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from fsrs import Rating
from sqlalchemy import func, select

from quizapp.core.extensions import db
from quizapp.study.decks import (
    Deck,
    card_parts,
    deck_cards,
    deck_source,
    ensure_cards,
    has_cards,
    visible_decks,
)
from quizapp.study.models import NEW, REVIEW, Card, Review
from quizapp.study.queue import QueueCounts, count_rows, count_visible, queue_counts
from quizapp.study.scheduler import (
    FORECAST_DAYS,
    HISTORY_DAYS,
    MATURE_DAYS,
    STATE_LABELS,
    aware,
    day_start,
    get_settings,
    naive,
    study_day,
)

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
            total = count_visible(user_id, deck)
            out.append(DeckSummary(deck, True, counts, total))
        else:
            questions = deck_source(deck).questions(deck)
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
        cards = deck_cards(user_id, deck)
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
    mature_total = count_rows(mature.with_only_columns(Review.id))
    mature_passed = count_rows(mature.with_only_columns(Review.id).where(Review.rating >= Rating.Hard))
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
