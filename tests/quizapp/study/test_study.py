"""Study: flashcards scheduled by FSRS, daily limits by the user's study day, undo, one memory across
modes (a quiz answer reviews the card), bad input, progress and export."""

from __future__ import annotations

import csv
import io
import json
import random
import re
import sqlite3
import tempfile
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import fsrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape
from sqlalchemy import func, select

from quizapp.core.extensions import db
from quizapp.library.models import Question
from quizapp.study import cards as study_cards
from quizapp.study import decks, exports, models, queue
from quizapp.study import outcomes as study_outcomes
from quizapp.study import progress as study_progress
from quizapp.study import scheduler as study_scheduler
from quizapp.study.models import NEW, REVIEW, Card, Review, StudySettings

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def ctx(app):
    """An app context, fuzz off so due dates can be compared with fsrs exactly."""
    app.config["STUDY_FUZZ"] = False
    with app.app_context():
        yield app


@pytest.fixture
def learner(make_user):
    return make_user("learner@example.org")


@pytest.fixture
def bank_id(make_bank):
    return make_bank(title="Russia and NATO")


def deck_of(user, bank_id):
    return decks.get_deck(user, f"bank:{bank_id}")


def card_for(user_id, uid, part=0):
    return db.session.scalars(
        select(Card).join(Question).where(Card.user_id == user_id, Question.uid == uid, Card.part == part)
    ).one()


def snapshot(card):
    db.session.refresh(card)
    return (
        card.state,
        card.step,
        card.stability,
        card.difficulty,
        card.due,
        card.last_review,
        card.reps,
        card.lapses,
    )


def review_count(user_id=None):
    query = select(func.count(Review.id))
    if user_id is not None:
        query = query.where(Review.user_id == user_id)
    return db.session.scalar(query)


def set_settings(user_id, **values):
    study_scheduler.save_settings(user_id, **values)


class Tokens:
    def __init__(self):
        self.n = 0

    def __call__(self):
        self.n += 1
        return f"tok-{self.n}"


# --- scheduling against fsrs itself -----------------------------------------------------------------


def test_a_sequence_of_ratings_gives_the_due_dates_fsrs_gives(ctx, learner, bank_id):
    deck = deck_of(learner, bank_id)
    assert decks.ensure_cards(learner.id, deck, T0) == 11  # 8 questions + 3 cloze cards of the list
    card = card_for(learner.id, "q-date-crimea")
    ours = fsrs.Card(card_id=card.id, due=T0)
    scheduler = fsrs.Scheduler(enable_fuzzing=False)
    token = Tokens()
    steps = [
        (timedelta(0), fsrs.Rating.Good),  # learning step 1 -> 10 minutes
        (timedelta(minutes=10), fsrs.Rating.Good),  # graduates to review
        (None, fsrs.Rating.Again),  # at its due date: a lapse, relearning
        (timedelta(minutes=10), fsrs.Rating.Good),  # back to review
        (None, fsrs.Rating.Hard),
        (None, fsrs.Rating.Easy),
        (None, fsrs.Rating.Good),
    ]
    now = T0
    for wait, rating in steps:
        now = ours.due if wait is None else now + wait
        expected, _log = scheduler.review_card(ours, rating, review_datetime=now)
        result = queue.rate(learner.id, card.id, int(rating), deck=deck, token=token(), now=now)
        assert result.created
        db.session.refresh(card)
        assert card.due == expected.due.replace(tzinfo=None), (rating, now)
        assert card.state == int(expected.state)
        assert card.step == expected.step
        assert card.stability == pytest.approx(expected.stability)
        assert card.difficulty == pytest.approx(expected.difficulty)
        ours = expected
    assert card.reps == len(steps)
    assert card.lapses == 1
    assert card.state == REVIEW
    assert review_count(learner.id) == len(steps)


def test_desired_retention_changes_the_interval_as_in_fsrs(ctx, learner, bank_id):
    set_settings(learner.id, desired_retention=0.8)
    deck = deck_of(learner, bank_id)
    decks.ensure_cards(learner.id, deck, T0)
    card = card_for(learner.id, "q-date-crimea")
    queue.rate(learner.id, card.id, 4, deck=deck, token="easy", now=T0)
    expected, _ = fsrs.Scheduler(desired_retention=0.8, enable_fuzzing=False).review_card(
        fsrs.Card(card_id=card.id, due=T0), fsrs.Rating.Easy, review_datetime=T0
    )
    default, _ = fsrs.Scheduler(enable_fuzzing=False).review_card(
        fsrs.Card(card_id=card.id, due=T0), fsrs.Rating.Easy, review_datetime=T0
    )
    db.session.refresh(card)
    assert card.due == expected.due.replace(tzinfo=None)
    assert expected.due > default.due  # a lower retention spaces reviews further apart


def test_preview_shows_what_each_button_gives_and_fuzz_stays_in_fsrs_range(ctx, learner, bank_id):
    ctx.config["STUDY_FUZZ"] = True
    deck = deck_of(learner, bank_id)
    decks.ensure_cards(learner.id, deck, T0)
    card = card_for(learner.id, "q-date-crimea")
    settings = study_scheduler.get_settings(learner.id)
    shown = study_scheduler.preview(card, settings, T0)
    assert [study_scheduler.format_interval(shown[r]) for r in fsrs.Rating][:3] == ["1m", "6m", "10m"]
    low, high = study_scheduler.fuzz_range(8)  # Easy on a new card: 8 days before fuzz
    assert low <= shown[fsrs.Rating.Easy].days <= high
    queue.rate(learner.id, card.id, 4, deck=deck, token="t1", now=T0)
    db.session.refresh(card)
    assert card.due - T0.replace(tzinfo=None) == shown[fsrs.Rating.Easy]  # the preview is what you get

    # a longer interval is fuzzed within fsrs's own range, the same way for the preview and the rating
    later = T0 + shown[fsrs.Rating.Easy]
    shown = study_scheduler.preview(card, settings, later)
    queue.rate(learner.id, card.id, 3, deck=deck, token="t2", now=later)
    db.session.refresh(card)
    got = card.due - later.replace(tzinfo=None)
    assert got == shown[fsrs.Rating.Good]
    unfuzzed, _ = fsrs.Scheduler(enable_fuzzing=False).review_card(
        fsrs.Card(card_id=card.id, due=T0), fsrs.Rating.Easy, review_datetime=T0
    )
    plain, _ = fsrs.Scheduler(enable_fuzzing=False).review_card(
        unfuzzed, fsrs.Rating.Good, review_datetime=later
    )
    plain_days = (plain.due - later).days
    low, high = study_scheduler.fuzz_range(plain_days)
    assert low < plain_days < high
    # the same spread as fsrs's own fuzz (whose rounding can reach one day past the range's top)
    random.seed(1)
    theirs = {
        fsrs.Scheduler()._get_fuzzed_interval(interval=timedelta(days=plain_days)).days for _ in range(400)
    }
    ours = {study_scheduler.fuzzed_interval(timedelta(days=plain_days), seed=str(i)).days for i in range(400)}
    assert ours == theirs and got.days in theirs


# --- the queue and the daily limits -------------------------------------------------------------------


def test_queue_serves_learning_first_then_reviews_then_new(ctx, learner, bank_id):
    deck = deck_of(learner, bank_id)
    decks.ensure_cards(learner.id, deck, T0)
    new_first = queue.next_card(learner.id, deck, T0)
    assert new_first.state == NEW and new_first.question.uid == "q-date-crimea"  # the bank's order
    # card A graduates to review (Easy, 8 days); card B stays in learning (Good, 10 minutes)
    a = new_first
    queue.rate(learner.id, a.id, 4, deck=deck, token="a", now=T0)
    b = queue.next_card(learner.id, deck, T0)
    assert b.state == NEW and b.id != a.id
    queue.rate(learner.id, b.id, 3, deck=deck, token="b", now=T0)
    # B is due within 20 minutes but not yet: a new card comes first
    c = queue.next_card(learner.id, deck, T0 + timedelta(minutes=1))
    assert c.state == NEW and c.id not in (a.id, b.id)

    eight_days = T0 + timedelta(days=8, minutes=30)
    # B (learning, overdue) before A (review due) before new cards
    assert queue.next_card(learner.id, deck, eight_days).id == b.id
    queue.rate(learner.id, b.id, 4, deck=deck, token="b2", now=eight_days)
    assert queue.next_card(learner.id, deck, eight_days).id == a.id
    counts = queue.queue_counts(learner.id, deck, eight_days)
    assert (counts.learning, counts.review) == (0, 1)


def test_daily_new_card_limit(ctx, learner, bank_id):
    set_settings(learner.id, new_per_day=2)
    deck = deck_of(learner, bank_id)
    decks.ensure_cards(learner.id, deck, T0)
    assert queue.queue_counts(learner.id, deck, T0).new == 2
    for i in range(2):
        card = queue.next_card(learner.id, deck, T0)
        queue.rate(learner.id, card.id, 4, deck=deck, token=f"n{i}", now=T0)
    assert queue.next_card(learner.id, deck, T0) is None
    assert queue.queue_counts(learner.id, deck, T0).new == 0

    third = db.session.scalars(select(Card).where(Card.user_id == learner.id, Card.state == NEW)).first()
    before = snapshot(third)
    with pytest.raises(study_scheduler.NotDue):
        queue.rate(learner.id, third.id, 3, deck=deck, token="n3", now=T0)
    assert snapshot(third) == before
    assert review_count(learner.id) == 2

    tomorrow = T0 + timedelta(days=1)
    assert queue.next_card(learner.id, deck, tomorrow).state == NEW
    assert queue.queue_counts(learner.id, deck, tomorrow).new == 2


def test_daily_review_limit(ctx, learner, bank_id):
    set_settings(learner.id, reviews_per_day=1, new_per_day=50)
    deck = deck_of(learner, bank_id)
    decks.ensure_cards(learner.id, deck, T0)
    for i in range(3):
        card = queue.next_card(learner.id, deck, T0)
        queue.rate(learner.id, card.id, 4, deck=deck, token=f"e{i}", now=T0)
    later = T0 + timedelta(days=30)
    assert queue.queue_counts(learner.id, deck, later).review == 1  # three are due, the limit is one
    first = queue.next_card(learner.id, deck, later)
    assert first.state == REVIEW
    queue.rate(learner.id, first.id, 3, deck=deck, token="r1", now=later)
    nxt = queue.next_card(learner.id, deck, later)
    assert nxt is None or nxt.state == NEW  # no second review today: new cards come instead
    other = db.session.scalars(
        select(Card).where(Card.user_id == learner.id, Card.state == REVIEW, Card.id != first.id)
    ).first()
    with pytest.raises(study_scheduler.NotDue):
        queue.rate(learner.id, other.id, 3, deck=deck, token="r2", now=later)


def test_the_study_day_follows_the_users_time_zone(ctx, make_user, bank_id):
    late_night = datetime(2026, 3, 10, 7, 30, tzinfo=UTC)  # 03:30 in New York (daylight time, UTC-4)
    four_am = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)  # 04:00 in New York
    seen = {}
    for zone_name in ("America/New_York", "UTC"):
        user = make_user(f"{zone_name.replace('/', '-').lower()}@example.org")
        set_settings(user.id, new_per_day=1, time_zone=zone_name, day_start_hour=4)
        deck = deck_of(user, bank_id)
        decks.ensure_cards(user.id, deck, T0)
        card = queue.next_card(user.id, deck, late_night)
        queue.rate(user.id, card.id, 4, deck=deck, token="first", now=late_night)
        assert queue.next_card(user.id, deck, late_night + timedelta(minutes=29)) is None  # limit met
        seen[zone_name] = queue.next_card(user.id, deck, four_am)
        day = db.session.scalars(select(Review.day).where(Review.user_id == user.id)).one()
        seen[zone_name + " day"] = day.isoformat()
    # in New York 03:30 still belonged to 9 March's study day; 04:00 starts 10 March's, with a new card
    assert seen["America/New_York day"] == "2026-03-09"
    assert seen["America/New_York"] is not None
    # in UTC both instants are on 10 March's study day: the limit still holds
    assert seen["UTC day"] == "2026-03-10"
    assert seen["UTC"] is None

    settings = StudySettings(time_zone="America/New_York", day_start_hour=4)
    assert study_scheduler.day_start(study_scheduler.study_day(late_night, settings), settings) == datetime(
        2026, 3, 9, 8, 0, tzinfo=UTC
    )
    # before the clocks changed (8 March) the day started at 09:00 UTC
    assert study_scheduler.day_start(datetime(2026, 3, 7).date(), settings) == datetime(
        2026, 3, 7, 9, 0, tzinfo=UTC
    )


def test_a_form_sent_again_once_the_card_is_due_again_still_counts_once(ctx, learner, bank_id):
    """The unique (user, token) constraint catches a resend the not-due check lets through."""
    from quizapp.itemstats.figures import figures_for

    deck = deck_of(learner, bank_id)
    decks.ensure_cards(learner.id, deck, T0)
    card = queue.next_card(learner.id, deck, T0)
    first = queue.rate(learner.id, card.id, 1, deck=deck, token="again", now=T0)  # Again: due in minutes
    before = snapshot(card)
    assert card.due <= (T0 + timedelta(hours=1)).replace(tzinfo=None)  # due again when the resend comes
    resent = queue.rate(learner.id, card.id, 1, deck=deck, token="again", now=T0 + timedelta(hours=1))
    assert not resent.created and resent.review.id == first.review.id
    card = db.session.get(Card, card.id)
    assert snapshot(card) == before and review_count(learner.id) == 1
    assert figures_for([card.question_id])[card.question_id].by_mode["study"].answers == 1


# --- undo ---------------------------------------------------------------------------------------------


def test_undo_gives_the_card_its_state_back(ctx, learner, bank_id):
    deck = deck_of(learner, bank_id)
    decks.ensure_cards(learner.id, deck, T0)
    card = queue.next_card(learner.id, deck, T0)
    queue.rate(learner.id, card.id, 4, deck=deck, token="x1", now=T0)
    later = T0 + timedelta(days=9)
    before = snapshot(card)
    rated = queue.rate(learner.id, card.id, 1, deck=deck, token="x2", now=later)
    assert snapshot(card) != before and card.lapses == 1
    queue.undo(learner.id, deck, rated.review.id)
    assert snapshot(card) == before
    assert review_count(learner.id) == 1
    with pytest.raises(study_scheduler.NothingToUndo):  # the same undo sent twice takes back one rating only
        queue.undo(learner.id, deck, rated.review.id)
    assert snapshot(card) == before and review_count(learner.id) == 1


def test_undo_refused_when_a_quiz_answered_the_card_since(ctx, learner, bank_id):
    deck = deck_of(learner, bank_id)
    decks.ensure_cards(learner.id, deck, T0)
    card = queue.next_card(learner.id, deck, T0)
    rated = queue.rate(learner.id, card.id, 3, deck=deck, token="y1", now=T0)
    study_outcomes.record_outcome(learner.id, card.question_id, True, T0 + timedelta(minutes=5))
    before = snapshot(card)
    with pytest.raises(study_scheduler.NothingToUndo):
        queue.undo(learner.id, deck, rated.review.id)
    assert snapshot(card) == before


# --- one memory across modes ------------------------------------------------------------------------------


def test_record_outcome_wrong_is_again_right_is_good(ctx, learner, bank_id):
    qid = db.session.scalars(select(Question.id).where(Question.uid == "q-place-brussels")).one()
    study_outcomes.record_outcome(learner.id, qid, False, T0)
    card = card_for(learner.id, "q-place-brussels")
    expected, _ = fsrs.Scheduler(enable_fuzzing=False).review_card(
        fsrs.Card(card_id=card.id, due=T0), fsrs.Rating.Again, review_datetime=T0
    )
    assert card.due == expected.due.replace(tzinfo=None)
    study_outcomes.record_outcome(learner.id, qid, True, T0 + timedelta(minutes=1))
    rows = db.session.scalars(select(Review).where(Review.card_id == card.id).order_by(Review.id)).all()
    assert [(r.rating, r.source, r.deck) for r in rows] == [
        (1, "quiz", f"bank:{bank_id}"),
        (3, "quiz", f"bank:{bank_id}"),
    ]
    # quiz answers do not use up the flashcards' daily limits
    assert (
        queue.day_counts(
            learner.id, deck_of(learner, bank_id), study_scheduler.get_settings(learner.id), T0
        ).new_done
        == 0
    )


def test_guests_have_no_memory(ctx, make_user, bank_id):
    guest = make_user(guest=True)
    qid = db.session.scalars(select(Question.id).where(Question.uid == "q-place-brussels")).one()
    assert study_outcomes.record_outcome(guest.id, qid, True, T0) is None
    assert study_outcomes.record_outcome(None, qid, True, T0) is None
    assert db.session.scalar(select(func.count(Card.id))) == 0


def start_quiz(client, bank_id):
    response = client.post("/quiz/", data={"bank": bank_id, "count": 8})
    assert response.status_code == 302, response.text
    return int(re.search(r"/attempt/(\d+)/", response.location).group(1))


def current_question(client, app, attempt_id):
    page = client.get(f"/quiz/attempt/{attempt_id}", follow_redirects=True)
    qid = int(re.search(r'name="question_id" type="hidden" value="(\d+)"', page.text).group(1))
    with app.app_context():
        row = db.session.get(Question, qid)
        db.session.expunge(row)
        return row


def test_a_quiz_answer_updates_the_card(app, client, auth, bank_id):
    auth.signup()
    attempt_id = start_quiz(client, bank_id)
    row = current_question(client, app, attempt_id)
    wrong = (
        {"choice": next(c for c in row.choices if c != row.answer)} if row.choices else {"response": "zzz"}
    )
    client.post(f"/quiz/attempt/{attempt_id}/answer", data={"question_id": row.id, **wrong})
    second = current_question(client, app, attempt_id)
    right = (
        {"choice": second.answer}
        if second.choices
        else {"response": "\n".join(second.items) if second.type == "list" else second.answer}
    )
    client.post(f"/quiz/attempt/{attempt_id}/answer", data={"question_id": second.id, **right})
    with app.app_context():
        cards = {c.question_id: c for c in db.session.scalars(select(Card))}
        assert set(cards) == {row.id, second.id}
        missed, known = cards[row.id], cards[second.id]
        assert missed.state == fsrs.State.Learning and missed.step == 0 and missed.reps == 1
        assert known.state == fsrs.State.Learning and known.step == 1 and known.reps == 1
        ratings = {c: r for c, r in db.session.execute(select(Review.card_id, Review.rating))}
        assert ratings == {missed.id: 1, known.id: 3}
    # the missed question is the first card the flashcards show (it is a learning card)
    page = client.get(f"/study/deck/bank:{bank_id}?show=1")
    assert page.status_code == 200
    assert str(escape(row.prompt)) in page.text


def test_a_guests_quiz_answer_makes_no_card(app, client, bank_id):
    attempt_id = start_quiz(client, bank_id)  # plays as a guest
    row = current_question(client, app, attempt_id)
    client.post(f"/quiz/attempt/{attempt_id}/answer", data={"question_id": row.id, "skip": "1"})
    with app.app_context():
        assert db.session.scalar(select(func.count(Card.id))) == 0
    assert client.get("/study/").status_code == 302  # guests are sent to sign up


# --- the pages --------------------------------------------------------------------------------------------


def rate_form(page):
    return {
        "card_id": re.search(r'name="card_id" value="(\d+)"', page).group(1),
        "token": re.search(r'name="token" value="([^"]+)"', page).group(1),
    }


def test_study_pages_without_javascript(app, client, auth, bank_id):
    auth.signup()
    index = client.get("/study/")
    assert index.status_code == 200 and "Russia and NATO" in index.text and "Not started" in index.text
    front = client.get(f"/study/deck/bank:{bank_id}")
    assert front.status_code == 200
    assert "In which year did Russia invade Ukraine" in front.text
    assert "Show answer" in front.text and 'id="back" aria-label="Answer" hidden' in front.text
    assert '<script src="/static/js/study.js" defer></script>' in front.text
    assert re.search(
        r"0</span> learning ·\s*<span[^>]*>0</span> to review ·\s*<span[^>]*>11</span> new", front.text
    )
    back = client.get(f"/study/deck/bank:{bank_id}?show=1")
    assert 'id="back" aria-label="Answer" hidden' not in back.text
    assert '<strong id="answer">2014</strong>' in back.text
    for label, interval in (("Again", "1m"), ("Hard", "6m"), ("Good", "10m"), ("Easy", "[789]d")):
        assert re.search(rf"{label}</span>\s*<span class=\"rating-interval\">{interval}</span>", back.text)
    assert "<mark>2014</mark>" in back.text and f"/bank/{bank_id}/article#x" in back.text
    rated = client.post(f"/study/deck/bank:{bank_id}/rate", data={**rate_form(back.text), "rating": 3})
    assert rated.status_code == 303
    after = client.get(rated.location)
    assert "Who said" in after.text  # the next card
    assert re.search(
        r"1</span> learning ·\s*<span[^>]*>0</span> to review ·\s*<span[^>]*>10</span> new", after.text
    )
    assert "Undo the last rating" in after.text
    review_id = re.search(r'name="review_id" value="(\d+)"', after.text).group(1)
    undone = client.post(
        f"/study/deck/bank:{bank_id}/undo", data={"review_id": review_id}, follow_redirects=True
    )
    assert "Rating undone" in undone.text and "In which year did Russia invade Ukraine" in undone.text
    assert client.get("/study/").status_code == 200


def test_double_submitted_rating_counts_once(app, client, auth, bank_id):
    auth.signup()
    page = client.get(f"/study/deck/bank:{bank_id}?show=1").text
    form = {**rate_form(page), "rating": 4}
    first = client.post(f"/study/deck/bank:{bank_id}/rate", data=form)
    second = client.post(f"/study/deck/bank:{bank_id}/rate", data=form, follow_redirects=True)
    assert first.status_code == 303 and second.status_code == 200
    assert "already been counted" in second.text
    with app.app_context():
        assert review_count() == 1
        card = db.session.get(Card, int(form["card_id"]))
        assert card.reps == 1 and card.state == REVIEW


def test_a_card_not_due_or_not_yours_is_refused_with_nothing_changed(app, client, auth, bank_id):
    auth.signup()
    page = client.get(f"/study/deck/bank:{bank_id}?show=1").text
    form = rate_form(page)
    client.post(f"/study/deck/bank:{bank_id}/rate", data={**form, "rating": 4})  # Easy: due in 8 days
    with app.app_context():
        card = db.session.get(Card, int(form["card_id"]))
        before = snapshot(card)
    again = client.post(
        f"/study/deck/bank:{bank_id}/rate",
        data={**form, "token": "fresh-token", "rating": 1},
        follow_redirects=True,
    )
    assert again.status_code == 200 and "not due yet" in again.text
    with app.app_context():
        assert snapshot(db.session.get(Card, card.id)) == before and review_count() == 1

    auth.logout()
    auth.signup(email="other@example.org")
    client.get(f"/study/deck/bank:{bank_id}")
    theirs = client.post(
        f"/study/deck/bank:{bank_id}/rate", data={"card_id": card.id, "token": "t-other", "rating": 3}
    )
    assert theirs.status_code == 403 and "not one of yours" in theirs.text
    checked = client.post(f"/study/deck/bank:{bank_id}/check", data={"card_id": card.id, "response": "2014"})
    assert checked.status_code == 403
    with app.app_context():
        assert snapshot(db.session.get(Card, card.id)) == before and review_count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {"rating": 7},
        {"rating": "good"},
        {"card_id": "abc"},
        {"token": ""},
        {"token": "x" * 65},
        {"card_id": "99999999"},
    ],
)
def test_bad_rating_input_is_a_clear_error_not_a_500(app, client, auth, bank_id, data):
    auth.signup()
    page = client.get(f"/study/deck/bank:{bank_id}?show=1").text
    response = client.post(f"/study/deck/bank:{bank_id}/rate", data={**rate_form(page), "rating": 3, **data})
    assert response.status_code in (400, 403)
    with app.app_context():
        assert review_count() == 0


def test_unknown_deck_is_a_friendly_404(app, client, auth, make_user, make_bank, bank_id):
    auth.signup()
    for url in (
        "/study/deck/bank:999999",
        "/study/deck/nonsense",
        "/study/deck/set:1",
        "/study/deck/bank:999999/export.apkg",
        "/study/progress?deck=bank:999999",
        "/study/reviews.csv?deck=whatever",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "There is no such deck" in response.text
    assert client.post("/study/deck/bank:999999/rate", data={"rating": 3}).status_code == 404
    owner = make_user("owner@example.org")
    private = make_bank(owner_id=owner.id, visibility="private")
    assert client.get(f"/study/deck/bank:{private}").status_code == 403


def test_study_needs_an_account(client, bank_id):
    response = client.get(f"/study/deck/bank:{bank_id}")
    assert response.status_code == 302 and "/auth/login" in response.location


def test_type_the_answer_and_multiple_choice_modes(app, client, auth, bank_id):
    auth.signup()
    page = client.get(f"/study/deck/bank:{bank_id}?mode=choice")
    assert 'type="radio" name="response" value="2014"' in page.text
    card_id = re.search(r'name="card_id" value="(\d+)"', page.text).group(1)
    right = client.post(
        f"/study/deck/bank:{bank_id}/check", data={"card_id": card_id, "response": "2014", "mode": "choice"}
    )
    assert right.status_code == 200 and "Right!" in right.text
    assert re.search(r'class="rating rating-good suggested" data-rating="3"', right.text)

    typed = client.get(f"/study/deck/bank:{bank_id}?mode=type")
    assert 'name="response" maxlength="2000"' in typed.text
    wrong = client.post(
        f"/study/deck/bank:{bank_id}/check", data={"card_id": card_id, "response": "1997", "mode": "type"}
    )
    assert "Not quite" in wrong.text and re.search(r'class="rating rating-again suggested"', wrong.text)
    with app.app_context():
        assert review_count() == 0  # checking an answer rates nothing
    too_long = client.post(
        f"/study/deck/bank:{bank_id}/check", data={"card_id": card_id, "response": "x" * 5000, "mode": "type"}
    )
    assert too_long.status_code == 422


def test_list_questions_make_overlapping_cloze_cards(ctx, learner, bank_id):
    deck = deck_of(learner, bank_id)
    decks.ensure_cards(learner.id, deck, T0)
    whole = study_cards.card_view(card_for(learner.id, "q-demand-list", 0))
    assert len(whole.answer_items) == 3 and not whole.items
    cloze = study_cards.card_view(card_for(learner.id, "q-demand-list", 2))
    assert [i.text for i in cloze.items] == [
        "withdraw troops from post-1997 placements",
        "[…]",
        "rule out Ukraine's membership",
    ]
    assert cloze.answer == "restrict NATO forces and weapon deployment"
    assert "restrict NATO forces" in "".join(p.text for p in cloze.excerpts[0].parts)
    graded = study_cards.check_answer(
        card_for(learner.id, "q-demand-list", 2), "restrict weapon deployment of NATO forces"
    )
    assert graded.correct
    assert decks.ensure_cards(learner.id, deck, T0) == 0  # opening the deck again adds nothing


def test_progress_forecast_retention_and_streak(ctx, learner, bank_id):
    deck = deck_of(learner, bank_id)
    qid = db.session.scalars(select(Question.id).where(Question.uid == "q-date-crimea")).one()
    now = T0
    outcomes = []
    card = None
    # answer the same question right at each due date until its interval is mature, then miss it once
    for _ in range(12):
        study_outcomes.record_outcome(learner.id, qid, True, now)
        card = card_for(learner.id, "q-date-crimea")
        outcomes.append(now)
        if card.due - card.last_review >= timedelta(days=21):
            break
        now = study_scheduler.aware(card.due)
    now = study_scheduler.aware(card.due)
    study_outcomes.record_outcome(learner.id, qid, True, now)  # a mature pass
    card = card_for(learner.id, "q-date-crimea")
    now = study_scheduler.aware(card.due)
    study_outcomes.record_outcome(learner.id, qid, False, now)  # a mature lapse
    p = study_progress.progress(learner.id, None, now)
    assert p.mature_reviews == 2 and p.retention == pytest.approx(0.5)
    assert p.reviews_today == 1 and p.streak == 1
    # the relearning card is due in 10 minutes: today
    assert p.due_today == 1 and sum(n for _d, n in p.forecast) == 1
    assert len(p.forecast) == 30 and len(p.reviews_per_day) == 30
    per_deck = study_progress.progress(learner.id, deck, now)
    assert per_deck.retention == pytest.approx(0.5)
    assert (
        study_progress.streak(
            [T0.date(), T0.date() - timedelta(days=1), T0.date() - timedelta(days=3)], T0.date()
        )
        == 2
    )
    assert study_progress.streak([T0.date() - timedelta(days=1)], T0.date()) == 1  # nothing yet today
    chart = study_progress.bar_chart(p.forecast)
    assert len(chart.bars) == 30 and chart.bars[0].height > 0 and chart.bars[1].height == 0


def test_progress_and_settings_pages(app, client, auth, bank_id):
    auth.signup()
    page = client.get(f"/study/deck/bank:{bank_id}?show=1").text
    client.post(f"/study/deck/bank:{bank_id}/rate", data={**rate_form(page), "rating": 3})
    progress = client.get("/study/progress")
    assert progress.status_code == 200
    assert '<dd id="reviews-today">1</dd>' in progress.text and '<dd id="due-today">1</dd>' in progress.text
    assert progress.text.count('class="bar-value"') == 60 and "Russia and NATO" in progress.text
    assert client.get(f"/study/progress?deck=bank:{bank_id}").status_code == 200

    assert client.get("/study/settings").status_code == 200
    saved = client.post(
        "/study/settings",
        data={
            "new_per_day": 5,
            "reviews_per_day": 50,
            "desired_retention": "0.85",
            "time_zone": "Europe/Berlin",
            "day_start_hour": 3,
        },
        follow_redirects=True,
    )
    assert "Study settings saved" in saved.text
    with app.app_context():
        row = db.session.scalars(select(StudySettings)).one()
        assert (row.new_per_day, row.desired_retention, row.time_zone, row.day_start_hour) == (
            5,
            0.85,
            "Europe/Berlin",
            3,
        )
    for bad in (
        {"time_zone": "Mars/Olympus"},
        {"desired_retention": "1.5"},
        {"new_per_day": "-1"},
        {"day_start_hour": "x"},
        {"time_zone": "x" * 5000},
    ):
        data = {
            "new_per_day": 5,
            "reviews_per_day": 50,
            "desired_retention": "0.9",
            "time_zone": "UTC",
            "day_start_hour": 4,
            **bad,
        }
        response = client.post("/study/settings", data=data)
        assert response.status_code == 422, bad
        assert 'class="error"' in response.text
    with app.app_context():
        assert db.session.scalars(select(StudySettings)).one().time_zone == "Europe/Berlin"


def test_export_to_anki_and_review_log_csv(app, client, auth, bank_id):
    auth.signup()
    page = client.get(f"/study/deck/bank:{bank_id}?show=1").text
    client.post(f"/study/deck/bank:{bank_id}/rate", data={**rate_form(page), "rating": 4})
    apkg = client.get(f"/study/deck/bank:{bank_id}/export.apkg")
    assert apkg.status_code == 200 and "attachment" in apkg.headers["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(apkg.data)) as z, tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "c.anki2"
        path.write_bytes(z.read("collection.anki2"))
        conn = sqlite3.connect(path)
        try:
            notes = conn.execute("SELECT flds, tags FROM notes").fetchall()
            assert conn.execute("SELECT count(*) FROM cards").fetchone()[0] == 11
        finally:
            conn.close()
    assert len(notes) == 11
    reviewed = [(f, t) for f, t in notes if "quizapp::state::review" in t]
    assert len(reviewed) == 1
    fields, tags = reviewed[0]
    assert "quizapp::due::" in tags
    assert "2014" in fields and "\x1freview\x1f" in fields
    assert sum("quizapp::state::new" in t for _f, t in notes) == 10

    log = client.get("/study/reviews.csv")
    assert log.status_code == 200 and log.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(log.text.lstrip("\ufeff"))))
    assert rows[0][:5] == ["reviewed_at_utc", "study_day", "deck", "source", "rating"]
    assert len(rows) == 2 and rows[1][2] == f"bank:{bank_id}" and rows[1][4] == "Easy"
    assert rows[1][8:10] == ["new", "review"]
    assert exports._cell("=HYPERLINK()") == "'=HYPERLINK()"


def test_study_link_in_the_navigation_for_members_only(client, auth):
    assert ">Study</a>" not in client.get("/").text
    auth.signup()
    assert ">Study</a>" in client.get("/").text


def test_a_withdrawn_question_leaves_the_queue_and_the_counts(ctx, learner, bank_id):
    deck = deck_of(learner, bank_id)
    decks.ensure_cards(learner.id, deck, T0)
    first = queue.next_card(learner.id, deck, T0)
    assert queue.queue_counts(learner.id, deck, T0).new == 11
    first.question.status = "rejected"  # an author withdrew it
    db.session.commit()
    assert queue.next_card(learner.id, deck, T0).id != first.id
    assert queue.queue_counts(learner.id, deck, T0).new == 10
    with pytest.raises(study_scheduler.StudyError):
        queue.rate(learner.id, first.id, 3, deck=deck, token="w1", now=T0)


def test_a_question_set_is_a_deck_sharing_the_banks_cards(ctx, learner, make_user, bank_id):
    from quizapp.authoring.models import QuestionSet, SetItem

    teacher = make_user("teacher@example.org", role="teacher")
    picked = ["q-speaker-stoltenberg", "q-date-crimea"]  # in the set's own order
    qids = {uid: qid for qid, uid in db.session.execute(select(Question.id, Question.uid))}
    qset = QuestionSet(owner_id=teacher.id, title="Who and when", visibility="public")
    qset.items = [SetItem(question_id=qids[uid], position=i) for i, uid in enumerate(picked)]
    db.session.add(qset)
    db.session.commit()

    deck = decks.get_deck(learner, f"set:{qset.id}")
    assert deck.title == "Who and when"
    assert f"set:{qset.id}" in {d.key for d in decks.visible_decks(learner)}
    assert decks.ensure_cards(learner.id, deck, T0) == 2
    first = queue.next_card(learner.id, deck, T0)
    assert first.question.uid == "q-speaker-stoltenberg"
    queue.rate(learner.id, first.id, 4, deck=deck, token="s1", now=T0)
    assert queue.queue_counts(learner.id, deck, T0).new == 1

    # one memory: the bank's deck has the very same card, already reviewed
    bank_deck = deck_of(learner, bank_id)
    decks.ensure_cards(learner.id, bank_deck, T0)
    assert card_for(learner.id, "q-speaker-stoltenberg").id == first.id
    assert queue.queue_counts(learner.id, bank_deck, T0).new == 10
    assert db.session.scalar(select(Review.deck)) == f"set:{qset.id}"

    qset.visibility = "private"
    db.session.commit()
    with pytest.raises(study_scheduler.DeckForbidden):
        decks.get_deck(learner, f"set:{qset.id}")


STUDY_POST_FIELDS = {
    "rate": ["card_id", "rating", "token", "mode"],
    "check": ["card_id", "response", "mode"],
    "undo": ["review_id", "mode"],
}


@pytest.fixture
def studying(client, auth, bank_id):
    auth.signup()
    page = client.get(f"/study/deck/bank:{bank_id}?show=1").text
    client.post(f"/study/deck/bank:{bank_id}/rate", data={**rate_form(page), "rating": 3})
    return bank_id


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    action=st.sampled_from(sorted(STUDY_POST_FIELDS)),
    values=st.lists(st.one_of(st.text(max_size=40), st.integers(-5, 50).map(str)), min_size=4, max_size=4),
    key=st.sampled_from(["bank:{}", "set:{}", "bank:0", "x:{}", "bank:{}0"]),
)
def test_no_study_post_gives_a_500(client, studying, action, values, key):
    data = dict(zip(STUDY_POST_FIELDS[action], values, strict=False))
    response = client.post(f"/study/deck/{key.format(studying)}/{action}", data=data)
    assert response.status_code < 500, (action, data)
    settings_response = client.post(
        "/study/settings",
        data=dict(
            zip(["new_per_day", "desired_retention", "time_zone", "day_start_hour"], values, strict=True)
        ),
    )
    assert settings_response.status_code < 500


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
def test_every_study_form_carries_a_csrf_token_and_needs_it(app, client, make_user, bank_id, app_config):
    make_user("learner@example.org")
    login = client.get("/auth/login").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login).group(1)
    client.post(
        "/auth/login", data={"email": "learner@example.org", "password": "correct horse", "csrf_token": token}
    )
    for url in (
        f"/study/deck/bank:{bank_id}?show=1",
        f"/study/deck/bank:{bank_id}?mode=type",
        "/study/settings",
    ):
        page = client.get(url).text
        forms = re.findall(r"<form method=\"post\".*?</form>", page, flags=re.S)
        assert forms, url
        for form in forms:
            assert 'name="csrf_token"' in form, (url, form[:120])
    page = client.get(f"/study/deck/bank:{bank_id}?show=1").text
    refused = client.post(f"/study/deck/bank:{bank_id}/rate", data={**rate_form(page), "rating": 3})
    assert refused.status_code == 400 and "Form expired" in refused.text
    with app.app_context():
        assert review_count() == 0


def test_the_anki_package_carries_each_cards_scheduling_and_reviews(ctx, learner, bank_id):
    """Anki keeps learning progress from a package ("Import any learning progress"): a card in review is
    due on its day counted from the collection's creation, a learning card at its moment, with the FSRS
    memory state in the card's data and one revlog row per rating; new cards stay new."""
    deck = deck_of(learner, bank_id)
    decks.ensure_cards(learner.id, deck, T0)
    known = card_for(learner.id, "q-date-crimea")
    missed = card_for(learner.id, "q-place-brussels")
    queue.rate(learner.id, known.id, 4, deck=deck, token="e1", now=T0, duration_ms=4200)
    queue.rate(learner.id, missed.id, 1, deck=deck, token="e2", now=T0 + timedelta(seconds=30))
    known, missed = db.session.get(Card, known.id), db.session.get(Card, missed.id)
    assert known.state == models.REVIEW and missed.state == models.LEARNING

    data = exports.export_apkg(learner.id, deck, T0 + timedelta(minutes=1), timestamp=T0.timestamp())
    with zipfile.ZipFile(io.BytesIO(data)) as z, tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "c.anki2"
        path.write_bytes(z.read("collection.anki2"))
        conn = sqlite3.connect(path)
        try:
            (crt,) = conn.execute("SELECT crt FROM col").fetchone()
            rows = {
                flds.split("\x1f")[3]: row
                for flds, *row in conn.execute(
                    "SELECT notes.flds, cards.id, type, queue, due, ivl, reps, lapses, cards.data"
                    " FROM cards JOIN notes ON notes.id = cards.nid"
                )
            }
            log = conn.execute("SELECT cid, ease, ivl, time, type FROM revlog ORDER BY id").fetchall()
        finally:
            conn.close()

    review = rows[f"{known.question_id}:0"]
    day = study_scheduler.study_day(known.due, study_scheduler.get_settings(learner.id))
    assert review[1:4] == [2, 2, (day - datetime.fromtimestamp(crt, UTC).date()).days]
    assert review[4] == round((known.due - known.last_review).total_seconds() / 86400) >= 1
    assert review[5:7] == [1, 0]
    memory = json.loads(review[7])
    assert memory == {"dr": 0.9, "s": round(known.stability, 4), "d": round(known.difficulty, 4)}

    learning = rows[f"{missed.question_id}:0"]
    assert learning[1:4] == [1, 1, int(missed.due.replace(tzinfo=UTC).timestamp())]
    assert learning[4] == 0 and learning[5] == 1

    assert [tuple(r) for r in log] == [
        (review[0], 4, review[4], 4200, 0),  # Easy on a new card: straight to review
        (learning[0], 1, -60, 0, 0),  # Again: the first learning step, one minute
    ]
    rated = (f"{known.question_id}:0", f"{missed.question_id}:0")
    new = [row for key, row in rows.items() if key not in rated]
    assert len(new) == 9 and all(row[1:3] == [0, 0] and row[7] == "" for row in new)
