"""The authorization matrix's sibling: requests whose BODY names another owner's objects, and objects
that were shared, duplicated or revoked (issue 14, "Must show").

tests/quizapp/core/test_authorization_matrix.py sends empty bodies to every route with every role;
here another teacher (and a student) send well-formed bodies carrying the owner's ids to their own
routes, and every role reads objects whose sharing changed. Each row checks the status and that
nothing changed (no item, no answer, no rating, no session, no question added).
"""

from __future__ import annotations

import io
import random

import pytest
from sqlalchemy import func, select

from quizapp.authoring import sets
from quizapp.authoring.models import QuestionSet, SetItem
from quizapp.classroom.models import ClassroomSession
from quizapp.core.extensions import db
from quizapp.library.models import Bank, Question
from quizapp.library.store import store_bank
from quizapp.quiz import attempts
from quizapp.quiz.models import Answer, Attempt
from quizapp.study.models import Card, Review
from tests.quizapp.world import ROLES, build_world, log_in


def count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where)) or 0


@pytest.fixture
def world(app, client, sample_bank):
    """The owner's world, plus the other teacher's own bank, empty set and attempt, and a card of the
    owner's (the owner opened the study deck)."""
    w = build_world(app, sample_bank)
    owner = app.test_client()
    log_in(owner, "owner")
    assert owner.get(f"/study/deck/{w.ids['deck_key']}").status_code == 200
    with app.app_context():
        other = w.users["other_teacher"]
        own_bank = store_bank(sample_bank, owner_id=other, visibility="private", status="approved")
        own_set = sets.create_set(other, title="Mine")
        attempt = attempts.start_attempt(other, own_bank, count=3, rng=random.Random(0))
        card = db.session.scalars(select(Card).where(Card.user_id == w.users["owner"])).first()
        w.ids |= {
            "own_bank": own_bank.id,
            "own_set": own_set.id,
            "own_attempt": attempt.id,
            "owner_card": card.id,
        }
    log_in(client, "other_teacher")
    return w


def test_adding_the_owners_questions_to_ones_own_set_adds_nothing(app, client, world):
    ids, theirs = world.ids, world.ids["question_ids"]
    through_their_bank = client.post(
        f"/author/sets/{ids['own_set']}/add?bank={ids['bank_id']}", data={"questions": theirs}
    )
    assert through_their_bank.status_code == 403
    through_own_bank = client.post(
        f"/author/sets/{ids['own_set']}/add?bank={ids['own_bank']}", data={"questions": theirs}
    )
    assert through_own_bank.status_code == 422  # not among the choices of the bank shown
    assert count(app, SetItem, SetItem.set_id == ids["own_set"]) == 0


@pytest.mark.parametrize("source", ["bank:{bank_id}", "set:{set_id}"])
def test_starting_a_classroom_session_with_the_owners_bank_or_set_is_refused(app, client, world, source):
    before = count(app, ClassroomSession)
    response = client.post(
        "/classroom/start",
        data={
            "source": source.format(**world.ids),
            "count": 3,
            "pace": "teacher",
            "timer_seconds": 0,
            "deadline_hours": 24,
        },
    )
    assert response.status_code == 422
    assert count(app, ClassroomSession) == before


def test_a_quiz_on_the_owners_private_bank_is_refused(app, client, world):
    before = count(app, Attempt, Attempt.user_id == world.users["other_teacher"])
    response = client.post("/quiz/", data={"bank": world.ids["bank_id"], "count": 3})
    assert response.status_code in (403, 422)
    assert count(app, Attempt, Attempt.user_id == world.users["other_teacher"]) == before


def test_answering_the_owners_question_in_ones_own_attempt_is_refused(app, client, world):
    with app.app_context():
        attempt = db.session.get(Attempt, world.ids["own_attempt"])
        foreign = next(q for q in world.ids["question_ids"] if q not in attempt.question_ids)
    response = client.post(
        f"/quiz/attempt/{world.ids['own_attempt']}/answer", data={"question_id": foreign, "response": "x"}
    )
    assert response.status_code == 400
    assert count(app, Answer, Answer.question_id == foreign) == 0


def test_rating_the_owners_card_from_ones_own_deck_is_refused(app, client, world):
    for route in ("rate", "check"):
        response = client.post(
            f"/study/deck/bank:{world.ids['own_bank']}/{route}",
            data={"card_id": world.ids["owner_card"], "rating": "3", "token": "t1", "response": "x"},
        )
        assert response.status_code == 403, route
    assert count(app, Review, Review.card_id == world.ids["owner_card"]) == 0


def test_uploading_into_the_owners_bank_is_refused(app, client, world):
    before = count(app, Question, Question.bank_id == world.ids["bank_id"])
    response = client.post(
        "/author/upload",
        data={
            "bank": world.ids["bank_id"],
            "format": "gift",
            "file": (io.BytesIO(b"::Q:: Two? {=2}"), "q.gift"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code in (403, 422)
    assert count(app, Question, Question.bank_id == world.ids["bank_id"]) == before


# --- shared, duplicated, revoked ----------------------------------------------------------------

#: role -> status of the owner's article once the object that shared it was duplicated and then
#: revoked: only the owner and admins still read it
AFTER_REVOKE = {
    "anonymous": 403,
    "guest": 403,
    "student": 403,
    "other_teacher": 403,
    "owner": 200,
    "admin": 200,
}


@pytest.mark.parametrize("role", ROLES)
def test_a_duplicated_then_revoked_set_grants_nobody_the_owners_article(app, sample_bank, role):
    w = build_world(app, sample_bank)
    with app.app_context():
        qset = db.session.get(QuestionSet, w.ids["set_id"])
        qset.visibility = "public"
        db.session.commit()
        copy = sets.duplicate_set(qset, w.users["other_teacher"])
        copy.visibility = "public"
        copy_id = copy.id
        db.session.commit()
    client = app.test_client()
    log_in(client, role)
    client.post(f"/sets/{w.ids['set_id']}/start", data={})  # took the set while it was shared
    with app.app_context():
        db.session.get(QuestionSet, w.ids["set_id"]).visibility = "private"
        db.session.commit()
    assert client.get(f"/bank/{w.ids['bank_id']}/article").status_code == AFTER_REVOKE[role]
    # the public copy shows none of the owner's private questions, to anyone but the owner's side
    started = client.post(f"/sets/{copy_id}/start", data={})
    assert started.status_code == 422
    assert client.get(f"/bank/{w.ids['bank_id']}/article").status_code == AFTER_REVOKE[role]


@pytest.mark.parametrize("role", ROLES)
def test_a_shared_bank_link_grants_until_a_new_link(app, sample_bank, role):
    w = build_world(app, sample_bank)
    with app.app_context():
        db.session.get(Bank, w.ids["bank_id"]).visibility = "class"
        db.session.commit()
    client = app.test_client()
    log_in(client, role)
    assert client.get(f"/shared/{w.ids['bank_token']}").status_code == 302
    assert client.get(f"/bank/{w.ids['bank_id']}/article").status_code == 200
    with app.app_context():
        from quizapp.authoring.banks import new_bank_link

        new_bank_link(db.session.get(Bank, w.ids["bank_id"]))
    assert client.get(f"/bank/{w.ids['bank_id']}/article").status_code == AFTER_REVOKE[role]
