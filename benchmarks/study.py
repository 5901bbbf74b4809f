"""Flashcard queue speed: a user with 10,000 cards and 100,000 review-log rows in a real SQLite file.

    python benchmarks/study.py [--cards 10000] [--reviews 100000] [--runs 300]

Prints the p50 and p95 time to fetch the next card (``study.queue.next_card``: the user's
settings, today's counts against the limits, then the learning / review / new queue reads), to
record a rating (``study.queue.rate``: checks, FSRS, the log row, the commit) and to count the
queue for the page, each against a trivial query (``SELECT 1``) on the same database in the same
run, with the ratios. Also the query plans, to show the queue reads use the index. Prints figures;
asserts nothing. The goal for the next card is a p95 of at most 10 ms on SQLite.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, text  # noqa: E402

from quizapp import create_app  # noqa: E402
from quizapp.accounts.models import User  # noqa: E402
from quizapp.core.extensions import db  # noqa: E402
from quizapp.library.models import Article, Bank, Question  # noqa: E402
from quizapp.study import decks, queue, scheduler  # noqa: E402
from quizapp.study.models import LEARNING, NEW, RELEARNING, REVIEW, Card, Review  # noqa: E402

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def naive(moment: datetime) -> datetime:
    return moment.replace(tzinfo=None)


def populate(n_cards: int, n_reviews: int, rng: random.Random) -> tuple[int, int]:
    """One user, one bank of ``n_cards`` approved questions, a card each and ``n_reviews`` log rows."""
    user = User(email="bench@example.org", display_name="bench", role="student")
    article = Article(title="Benchmark", text="x" * 100, text_hash="0" * 64)
    bank = Bank(article=article, title="Benchmark bank", visibility="public")
    db.session.add_all([user, bank])
    db.session.commit()
    scheduler.save_settings(user.id, new_per_day=100000, reviews_per_day=100000, time_zone="Europe/Berlin")
    src = {"start": 0, "end": 10, "text": "x" * 10, "highlight": [0, 4]}
    db.session.execute(
        insert(Question),
        [
            {
                "bank_id": bank.id,
                "uid": f"q{i}",
                "position": i,
                "kind": "date",
                "type": "short_answer",
                "prompt": f"Question {i}?",
                "answer": f"answer {i}",
                "sources": [src],
                "status": "approved",
            }
            for i in range(n_cards)
        ],
    )
    qids = [q for (q,) in db.session.execute(text("SELECT id FROM questions ORDER BY id"))]
    cards = []
    for qid in qids:
        roll = rng.random()
        if roll < 0.6:  # in review, due from 30 days ago to 90 days ahead
            due = NOW + timedelta(days=rng.uniform(-30, 90))
            state, step, last = REVIEW, None, due - timedelta(days=rng.randint(1, 60))
        elif roll < 0.65:  # learning or relearning, due within the hour either way
            due = NOW + timedelta(minutes=rng.uniform(-60, 60))
            state, step, last = rng.choice((LEARNING, RELEARNING)), 0, due - timedelta(minutes=10)
        else:
            due, state, step, last = NOW - timedelta(days=1), NEW, None, None
        cards.append(
            {
                "user_id": user.id,
                "question_id": qid,
                "bank_id": bank.id,
                "part": 0,
                "state": state,
                "step": step,
                "stability": None if state == NEW else rng.uniform(0.5, 100),
                "difficulty": None if state == NEW else rng.uniform(1, 10),
                "due": naive(due),
                "last_review": naive(last) if last else None,
                "reps": 0 if state == NEW else rng.randint(1, 20),
                "lapses": 0,
                "created_at": naive(NOW - timedelta(days=400)),
            }
        )
    db.session.execute(insert(Card), cards)
    card_ids = [
        c for (c,) in db.session.execute(text("SELECT id FROM study_cards WHERE state != 0 ORDER BY id"))
    ]
    reviews = []
    for i in range(n_reviews):
        when = NOW - timedelta(days=rng.uniform(0.5, 365))
        reviews.append(
            {
                "user_id": user.id,
                "card_id": rng.choice(card_ids),
                "deck": f"bank:{bank.id}",
                "source": rng.choice(("study", "study", "study", "quiz")),
                "rating": rng.choice((1, 3, 3, 3, 2, 4)),
                "reviewed_at": naive(when),
                "day": when.date(),
                "token": f"seed-{i}",
                "state_before": REVIEW,
                "due_before": naive(when),
                "interval_before": rng.uniform(1, 60),
                "state_after": REVIEW,
                "due_after": naive(when + timedelta(days=5)),
            }
        )
        if len(reviews) == 20000:
            db.session.execute(insert(Review), reviews)
            reviews = []
    if reviews:
        db.session.execute(insert(Review), reviews)
    db.session.commit()
    db.session.execute(text("ANALYZE"))
    db.session.commit()
    return user.id, bank.id


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return (time.perf_counter() - start) * 1000, result


def pct(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--reviews", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=300)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite"
        app = create_app(
            {"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"},
            instance_path=str(Path(tmp) / "instance"),
        )
        with app.app_context():
            db.create_all()
            started = time.perf_counter()
            user_id, bank_id = populate(args.cards, args.reviews, random.Random(7))
            setup = time.perf_counter() - started
            user = db.session.get(User, user_id)
            deck = decks.get_deck(user, f"bank:{bank_id}")
            n_cards = db.session.scalar(text("SELECT count(*) FROM study_cards"))
            n_reviews = db.session.scalar(text("SELECT count(*) FROM study_reviews"))
            print(
                f"SQLite file {path.name}: {n_cards} cards, {n_reviews} review-log rows "
                f"(set up in {setup:.1f} s); {args.runs} runs each"
            )

            # warm up the connection, statement caches and the page cache
            for _ in range(20):
                db.session.execute(text("SELECT 1")).scalar()
                queue.next_card(user_id, deck, NOW)

            trivial: list[float] = []
            next_ms: list[float] = []
            rate_ms: list[float] = []
            count_ms: list[float] = []
            now = NOW
            for i in range(args.runs):
                db.session.expire_all()  # every fetch reads the database, nothing from the identity map
                trivial.append(timed(partial(db.session.scalar, text("SELECT 1")))[0])
                ms, card = timed(partial(queue.next_card, user_id, deck, now))
                next_ms.append(ms)
                count_ms.append(timed(partial(queue.queue_counts, user_id, deck, now))[0])
                rating = (1, 3, 3, 3, 4, 2)[i % 6]
                rate = partial(queue.rate, user_id, card.id, rating, deck=deck, token=f"bench-{i}", now=now)
                rate_ms.append(timed(rate)[0])
                now += timedelta(seconds=5)

            base50, base95 = pct(trivial, 50), pct(trivial, 95)
            print(f"\n{'':28}{'p50 ms':>10}{'p95 ms':>10}{'p50 ratio':>12}{'p95 ratio':>12}")
            for label, values in (
                ("SELECT 1 (trivial query)", trivial),
                ("next card", next_ms),
                ("record a rating (commit)", rate_ms),
                ("queue counts (the page)", count_ms),
            ):
                p50, p95 = pct(values, 50), pct(values, 95)
                print(f"{label:28}{p50:10.3f}{p95:10.3f}{p50 / base50:12.1f}{p95 / base95:12.1f}")
            print(f"\nGoal: p95 next card <= 10 ms; measured {pct(next_ms, 95):.2f} ms.")

            print("\nQuery plans of the queue reads (SQLite EXPLAIN QUERY PLAN):")
            at = naive(NOW)
            for label, where in (
                ("learning due", "c.state = 1 AND c.due <= :at"),
                ("review due", "c.state = 2 AND c.due < :at"),
                ("new", "c.state = 0"),
            ):
                plan = db.session.execute(
                    text(
                        "EXPLAIN QUERY PLAN SELECT c.id FROM study_cards c "
                        "JOIN questions q ON q.id = c.question_id "
                        f"WHERE c.user_id = :u AND c.bank_id = :b AND {where} AND q.status = 'approved' "
                        "ORDER BY c.due, c.id LIMIT 1"
                    ),
                    {"u": user_id, "b": bank_id, "at": at},
                ).all()
                print(f"  {label}: " + " | ".join(row[-1] for row in plan))
            db.session.remove()
            db.engine.dispose()


if __name__ == "__main__":
    main()
