"""A studied deck's .apkg read by Anki itself (the ``anki`` package): every review keeps its rating, and the
cards their due dates and intervals, as quizapp exported them."""

from __future__ import annotations

import io
import sqlite3
import zipfile
from datetime import UTC, datetime, timedelta

import pytest
from anki import collection as anki_collection  # the real Anki, from the test extra

from quizapp.core.extensions import db
from quizapp.study import decks, exports, models, queue
from quizapp.study.models import Card

from .test_study import T0, card_for, deck_of


@pytest.fixture
def ctx(app):
    app.config["STUDY_FUZZ"] = False
    with app.app_context():
        yield app


@pytest.fixture
def learner(make_user):
    return make_user("learner@example.org")


@pytest.fixture
def bank_id(make_bank):
    return make_bank(title="Russia and NATO")


CARDS = (
    "SELECT notes.guid, cards.type, cards.queue, cards.due, cards.ivl FROM cards JOIN notes ON nid = notes.id"
)
REVLOG = (
    "SELECT notes.guid, revlog.ease, revlog.ivl, revlog.type FROM revlog"
    " JOIN cards ON cid = cards.id JOIN notes ON nid = notes.id ORDER BY revlog.id"
)


def with_due_dates(cards: list, crt: int) -> list[tuple]:
    """A review card's due counts days from its collection's creation: give it as a date to compare."""
    start = datetime.fromtimestamp(crt, UTC).date()
    return sorted(
        (guid, type_, queue_, (start + timedelta(days=due)).isoformat() if type_ == 2 else due, ivl)
        for guid, type_, queue_, due, ivl in cards
    )


def exported_tables(data: bytes, tmp_path) -> tuple[list[tuple], list[tuple]]:
    path = tmp_path / "exported.anki2"
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        path.write_bytes(z.read("collection.anki2"))
    conn = sqlite3.connect(path)
    try:
        (crt,) = conn.execute("SELECT crt FROM col").fetchone()
        return with_due_dates(conn.execute(CARDS).fetchall(), crt), conn.execute(REVLOG).fetchall()
    finally:
        conn.close()


def imported_into_anki(data: bytes, tmp_path) -> tuple[list[tuple], list[tuple]]:
    package = tmp_path / "deck.apkg"
    package.write_bytes(data)
    col = anki_collection.Collection(str(tmp_path / "anki" / "collection.anki2"))
    try:
        col.import_anki_package(
            anki_collection.ImportAnkiPackageRequest(
                package_path=str(package),
                options=anki_collection.ImportAnkiPackageOptions(
                    with_scheduling=True, with_deck_configs=True
                ),
            )
        )
        cards = with_due_dates(col.db.all(CARDS), col.crt)
        log = [tuple(r) for r in col.db.all(REVLOG)]
    finally:
        col.close()
    return cards, log


def test_anki_reads_every_review_with_its_rating_and_each_card_as_scheduled(ctx, learner, bank_id, tmp_path):
    (tmp_path / "anki").mkdir()
    deck = deck_of(learner, bank_id)
    decks.ensure_cards(learner.id, deck, T0)
    good = card_for(learner.id, "q-date-crimea")
    again = card_for(learner.id, "q-place-brussels")
    # Again then Good on one card, Good then Good then Easy on another: a learning card's Good is 3 in
    # both of Anki's schedulers' logs, but the old one (v1) reads a 3 on a learning card as Easy
    queue.rate(learner.id, again.id, 1, deck=deck, token="a1", now=T0)
    queue.rate(learner.id, good.id, 3, deck=deck, token="g1", now=T0 + timedelta(seconds=5))
    db.session.refresh(again)
    queue.rate(learner.id, again.id, 3, deck=deck, token="a2", now=again.due.replace(tzinfo=T0.tzinfo))
    db.session.refresh(good)
    queue.rate(learner.id, good.id, 3, deck=deck, token="g2", now=good.due.replace(tzinfo=T0.tzinfo))
    db.session.refresh(good)
    queue.rate(learner.id, good.id, 4, deck=deck, token="g3", now=good.due.replace(tzinfo=T0.tzinfo))
    assert db.session.get(Card, good.id).state == models.REVIEW

    data = exports.export_apkg(learner.id, deck, T0 + timedelta(days=1), timestamp=T0.timestamp())
    sent_cards, sent_log = exported_tables(data, tmp_path)
    got_cards, got_log = imported_into_anki(data, tmp_path)

    assert [ease for _, ease, _, _ in sent_log] == [1, 3, 3, 3, 4]
    assert got_log == sent_log  # every rating, interval and review type as written: Good stays Good
    studied = [c for c in sent_cards if c[1] != 0]
    assert len(studied) == 2
    assert [c for c in got_cards if c[1] != 0] == studied  # type, queue, due and interval kept
