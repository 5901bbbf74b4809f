"""The bank service: dataclasses <-> rows without loss, the seed bank, counts, visibility."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import func, select

import questions as qs
from quizapp.core import access
from quizapp.core.extensions import db
from quizapp.library import banks, store
from quizapp.library.models import Bank, Question


def test_a_bank_survives_the_round_trip_through_the_database(app, sample_bank):
    with app.app_context():
        row = store.store_bank(sample_bank, status="approved")
        back = store.row_to_bank(db.session.get(Bank, row.id))
    assert back.questions == sample_bank.questions
    assert back.article.text == sample_bank.article.text
    assert back.article.published == "2022-02-14"
    assert qs.bank_to_dict(back)["questions"] == qs.bank_to_dict(sample_bank)["questions"]


def test_only_the_requested_statuses_are_exported(app, sample_bank):
    with app.app_context():
        row = store.store_bank(sample_bank, status="pending")
        assert store.row_to_bank(row).questions == ()
        assert len(store.row_to_bank(row, statuses=("pending",)).questions) == len(sample_bank.questions)


def test_duplicate_question_ids_are_made_unique(app, sample_bank):
    q = sample_bank.questions[0]
    bank = sample_bank.with_questions([q, replace(q, prompt="Again?")])
    with app.app_context():
        row = store.store_bank(bank)
        assert len({x.uid for x in row.questions}) == 2


def test_the_seed_bank_is_imported_once_public_and_approved(app):
    with app.app_context():
        first = store.ensure_seed_bank()
        again = store.ensure_seed_bank()
        assert first.id == again.id
        assert first.is_seed and first.visibility == "public"
        assert db.session.scalar(select(func.count()).select_from(Bank)) == 1
        assert "Russian aggression against Ukraine" in first.article.text
        statuses = {q.status for q in first.questions}
        assert statuses <= {"approved"}
        assert len(first.questions) == len(
            qs.generate_bank(qs.read_article(store.seed_article_path())).questions
        )


def test_kind_counts_follow_the_products_order(app, sample_bank):
    with app.app_context():
        row = store.store_bank(sample_bank, status="approved")
        counts = banks.kind_counts([row.id])[row.id]
    assert [(c.kind, c.count) for c in counts] == [
        ("date", 3),
        ("speaker", 2),
        ("demand", 1),
        ("place", 1),
        ("number", 1),
    ]


def test_visibility(app, sample_bank, make_user):
    owner = make_user("t@example.org", role="teacher")
    other = make_user("s@example.org")
    with app.app_context():
        private = store.store_bank(sample_bank, owner_id=owner.id, visibility="private")
        public = store.store_bank(sample_bank, visibility="public", status="approved")
        store.store_bank(sample_bank, visibility="public")  # nothing approved: listed for nobody
        shared = store.store_bank(sample_bank, owner_id=owner.id, visibility="class")
        assert access.can_view(owner, private) and not access.can_view(other, private)
        # a class bank is seen through its share link, which the library checks (test_library)
        assert access.can_view(owner, shared) and not access.can_view(other, shared)
        assert access.can_view(other, public)
        assert [b.id for b in banks.visible_banks(other)] == [public.id]
        assert {b.id for b in banks.visible_banks(owner)} == {public.id, private.id, shared.id}
        assert private.share_token != public.share_token and len(private.share_token) >= 20


def test_questions_keep_generator_fields(app, sample_bank):
    with app.app_context():
        row = store.store_bank(sample_bank, status="approved")
        q = db.session.scalars(
            select(Question).where(Question.bank_id == row.id, Question.uid == "q-date-crimea")
        ).one()
        assert q.choices == ["1997", "2014", "2021", "2022"]
        assert q.sources[0]["highlight"] == list(sample_bank.questions[0].sources[0].highlight)
        assert q.choice_notes[0]["choice"] == "1997"


def test_an_empty_seed_bank_from_an_older_generator_is_generated_again(app, sample_bank):
    """A database made before the generator could find questions does not keep an empty seed bank."""
    empty = qs.Bank(article=sample_bank.article, questions=(), generator="0", empty_reason="not written yet")
    with app.app_context():
        old = store.store_bank(empty, visibility="public", status="approved", is_seed=True)
        again = store.ensure_seed_bank()
        assert again.id == old.id
        assert again.generator == qs.GENERATOR_VERSION
        assert len(again.questions) > 0 and {q.status for q in again.questions} == {"approved"}
        assert again.empty_reason is None
