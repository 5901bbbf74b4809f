"""A user's reviews as CSV, and their cards with scheduling and review log as an Anki package (.apkg)."""

from __future__ import annotations

import csv
import hashlib
import html
import io
import itertools
import json
import os
import re
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import genanki
from fsrs import Rating
from sqlalchemy import select

from quizapp.core import access
from quizapp.core.extensions import db
from quizapp.library.models import Question
from quizapp.study.cards import Excerpt, bank_spans, card_view
from quizapp.study.decks import Deck, deck_cards, ensure_cards
from quizapp.study.models import LEARNING, NEW, RELEARNING, REVIEW, Card, Review, StudySettings
from quizapp.study.scheduler import (
    RATING_LABELS,
    STATE_LABELS,
    aware,
    get_settings,
    last_interval_days,
    study_day,
)

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


def _prompt_readable(user: Any, bank: Any, deck_key: str) -> bool:
    """Whether the review log may still show a question's prompt: read now, as the deck would show it
    (a bank made private since, or a set that no longer shows it, leaves the prompt out)."""
    kind, _, ident = deck_key.partition(":")
    if kind == "set" and ident.isascii() and ident.isdigit():
        return access.still_shows(user, bank, set_id=int(ident))
    return access.can_view(user, bank)


def reviews_csv(user: Any, deck: Deck | None = None) -> str:
    """The user's review log (oldest first), one row per rating, for a spreadsheet. The prompt of a
    question the user may no longer read is left empty; the rating stays."""
    user_id = user.id
    readable: dict[tuple[int, str], bool] = {}
    query = (
        select(Review, Card.question_id, Card.part, Question)
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
    for review, question_id, part, question in db.session.execute(query):
        key = (question.bank_id, review.deck)
        if key not in readable:
            readable[key] = _prompt_readable(user, question.bank, review.deck)
        prompt = question.prompt if readable[key] else ""
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
    (crt, conf) = conn.execute("SELECT crt, conf FROM col").fetchone()
    # genanki's collection does not say which scheduler wrote it, and Anki then reads the review log as its
    # old (v1) scheduler's, where a 3 on a learning card is Easy: a Good would come in as Easy. Declare the
    # v3 scheduler as Anki's own collections do.
    conf = json.loads(conf) | {"schedVer": 2, "sched2021": True}
    conn.execute("UPDATE col SET conf = ?", (json.dumps(conf),))
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
            interval = max(1, round(last_interval_days(card) or 1))
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
    cards = db.session.scalars(deck_cards(user_id, deck).order_by(Card.question_id, Card.part)).all()
    e = html.escape
    spans: dict[int, list[tuple[int, int, int]]] = {}
    for order, card in enumerate(cards):
        if card.bank_id not in spans:
            spans[card.bank_id] = bank_spans(card.bank_id)
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
        interval = last_interval_days(card)
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
