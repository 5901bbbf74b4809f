"""What a quiz or a classroom session started earlier shows once a bank's owner stops sharing it
(issue 14, point 2: "Reading a question or an article must check the bank's visibility now, whatever
path led there"). The student keeps their score; the question, its answer and the excerpts go.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from markupsafe import escape
from sqlalchemy import select

from quizapp.authoring.models import QuestionSet
from quizapp.core.extensions import db
from quizapp.library.models import Bank, Question
from quizapp.quiz.models import Attempt

PASSWORD = "correct horse"


def log_in(client: Any, email: str) -> Any:
    assert client.post("/auth/login", data={"email": email, "password": PASSWORD}).status_code == 302
    return client


@pytest.fixture
def people(app, make_user) -> dict[str, Any]:
    return {
        "a": make_user("a@example.org", role="teacher", name="Teacher A"),
        "b": make_user("b@example.org", role="teacher", name="Teacher B"),
        "s": make_user("s@example.org", name="Sam"),
    }


def set_visibility(app, model: Any, row_id: int, visibility: str) -> None:
    with app.app_context():
        db.session.get(model, row_id).visibility = visibility
        db.session.commit()


def attempt_of(app, user_id: int) -> Attempt:
    with app.app_context():
        attempt = db.session.scalars(select(Attempt).where(Attempt.user_id == user_id)).one()
        db.session.expunge(attempt)
        return attempt


def texts(app, question_ids: list[int]) -> list[str]:
    """The prompts and right answers of these questions: none may show once they are withdrawn."""
    with app.app_context():
        rows = db.session.scalars(select(Question).where(Question.id.in_(question_ids)))
        found = [t for q in rows for t in (q.prompt, q.answer) if len(t) > 3]
    return found + [str(escape(t)) for t in found]  # as a page shows them, quotes escaped


def answer_first(student: Any, attempt: Attempt) -> None:
    response = student.post(
        f"/quiz/attempt/{attempt.id}/answer", data={"question_id": attempt.question_ids[0], "skip": "1"}
    )
    assert response.status_code == 302


def test_a_quiz_on_a_bank_made_private_shows_the_score_but_not_the_questions(app, people, make_bank):
    bank_id = make_bank(owner_id=people["a"].id, visibility="public")
    student = log_in(app.test_client(), "s@example.org")
    assert student.post("/quiz/", data={"bank": bank_id, "count": 3}).status_code == 302
    attempt = attempt_of(app, people["s"].id)
    answer_first(student, attempt)
    shown = student.get(f"/quiz/attempt/{attempt.id}/question/2")
    assert shown.status_code == 200
    hidden = texts(app, attempt.question_ids)

    set_visibility(app, Bank, bank_id, "private")

    pages = [
        student.get(f"/quiz/attempt/{attempt.id}/question/2"),
        student.get(f"/quiz/attempt/{attempt.id}/question/1/feedback"),
        student.post(
            f"/quiz/attempt/{attempt.id}/answer", data={"question_id": attempt.question_ids[1], "answer": "x"}
        ),
    ]
    for page in pages:
        assert page.status_code == 403
        assert "no longer shares it" in page.text
        assert not [t for t in hidden if t in page.text]
    assert student.get(f"/bank/{bank_id}/article").status_code == 403

    # going on passes over the withdrawn questions; the score stays, the questions do not show
    for number in (2, 3):
        moved = student.post(
            f"/quiz/attempt/{attempt.id}/answer",
            data={"question_id": attempt.question_ids[number - 1], "skip": "1"},
        )
        assert moved.status_code == 302
    results = student.get(f"/quiz/attempt/{attempt.id}/results")
    assert results.status_code == 200
    assert "0 / 3" in results.text
    assert results.text.count("no longer shares it") == 3
    assert not [t for t in hidden if t in results.text]
    assert "0 / 3" in student.get("/scores/").text or "0%" in student.get("/scores/").text

    # shared again: the same attempt shows its questions again
    set_visibility(app, Bank, bank_id, "public")
    assert any(t in student.get(f"/quiz/attempt/{attempt.id}/results").text for t in hidden)


def test_a_quiz_on_a_class_bank_keeps_its_questions_while_the_bank_is_shared(app, people, make_bank):
    bank_id = make_bank(owner_id=people["a"].id, visibility="class")
    with app.app_context():
        token = db.session.get(Bank, bank_id).share_token
    student = log_in(app.test_client(), "s@example.org")
    assert student.get(f"/shared/{token}").status_code == 302
    assert student.post("/quiz/", data={"bank": bank_id, "count": 2}).status_code == 302
    attempt = attempt_of(app, people["s"].id)
    other_device = log_in(app.test_client(), "s@example.org")  # no share link opened there
    assert other_device.get(f"/quiz/attempt/{attempt.id}/question/1").status_code == 200
    set_visibility(app, Bank, bank_id, "private")
    assert other_device.get(f"/quiz/attempt/{attempt.id}/question/1").status_code == 403
    assert student.get(f"/quiz/attempt/{attempt.id}/question/1").status_code == 403


def make_set(client: Any, visibility: str, bank_id: int, question_ids: list[int]) -> int:
    response = client.post(
        "/author/sets/new", data={"title": "Week 3", "difficulty": "mixed", "visibility": visibility}
    )
    set_id = int(re.search(r"/sets/(\d+)/add", response.location).group(1))
    client.post(f"/author/sets/{set_id}/add?bank={bank_id}", data={"questions": question_ids})
    return set_id


def test_a_set_quiz_loses_a_private_bank_when_its_set_is_made_private(app, people, make_bank):
    """A's private bank in A's public set: a student's attempt shows it while the set is public."""
    bank_id = make_bank(owner_id=people["a"].id, visibility="private")
    with app.app_context():
        ids = list(db.session.scalars(select(Question.id).where(Question.bank_id == bank_id)))
    teacher_a = log_in(app.test_client(), "a@example.org")
    set_id = make_set(teacher_a, "public", bank_id, ids)
    student = log_in(app.test_client(), "s@example.org")
    assert student.post(f"/sets/{set_id}/start", data={}).status_code == 302
    attempt = attempt_of(app, people["s"].id)
    answer_first(student, attempt)
    hidden = texts(app, attempt.question_ids)
    assert student.get(f"/quiz/attempt/{attempt.id}/question/2").status_code == 200

    set_visibility(app, QuestionSet, set_id, "private")
    page = student.get(f"/quiz/attempt/{attempt.id}/question/2")
    assert page.status_code == 403 and not [t for t in hidden if t in page.text]
    assert student.post(f"/quiz/attempt/{attempt.id}/finish").status_code == 302
    results = student.get(f"/quiz/attempt/{attempt.id}/results").text
    assert not [t for t in hidden if t in results]
    # the set's owner still reads their own bank
    assert teacher_a.get(f"/bank/{bank_id}/article").status_code == 200


START = {"pace": "teacher", "timer_seconds": 0, "deadline_hours": 24, "show_leaderboard": "y"}


def test_a_classroom_session_stops_showing_a_bank_made_private(app, people, make_bank):
    """Teacher B plays A's public bank to a class; A makes it private mid-session: the next question,
    the answers, the reveal and the results show none of A's text."""
    from quizapp.classroom.models import ClassroomSession, SessionQuestion

    bank_id = make_bank(owner_id=people["a"].id, visibility="public")
    host = log_in(app.test_client(), "b@example.org")
    started = host.post("/classroom/start", data={"source": f"bank:{bank_id}", "count": 3, **START})
    session_id = int(re.search(r"/s/(\d+)/host", started.location).group(1))
    with app.app_context():
        code = db.session.get(ClassroomSession, session_id).join_code
        ids = list(
            db.session.scalars(
                select(SessionQuestion.question_id)
                .where(SessionQuestion.session_id == session_id)
                .order_by(SessionQuestion.position)
            )
        )
    phone = app.test_client()
    assert phone.post("/classroom/join", data={"code": code, "nickname": "Ada"}).status_code == 302
    control = f"/classroom/s/{session_id}/control"
    host.post(control, data={"action": "next"})
    hidden = texts(app, ids)
    first = phone.get(f"/classroom/s/{session_id}/play").text
    assert any(t in first for t in hidden)  # shown while the bank is public
    polled = phone.get(f"/classroom/s/{session_id}/state.json")  # the open question's page, now cached
    assert any(t in polled.json["html"] for t in hidden)

    set_visibility(app, Bank, bank_id, "private")

    late = app.test_client()  # a phone that joins now is not served the page cached before
    assert late.post("/classroom/join", data={"code": code, "nickname": "Bob"}).status_code == 302
    pages = [late.get(f"/classroom/s/{session_id}/play")]
    late_poll = late.get(f"/classroom/s/{session_id}/state.json")
    assert not [t for t in hidden if t in late_poll.json["html"]]
    pages += [phone.get(f"/classroom/s/{session_id}/play"), host.get(f"/classroom/s/{session_id}/host")]
    refused = phone.post(f"/classroom/s/{session_id}/answer.json", data={"position": 0, "response": "x"})
    assert refused.status_code == 409 and "no longer shares it" in refused.json["error"]
    host.post(control, data={"action": "close"})
    pages += [phone.get(f"/classroom/s/{session_id}/play"), host.get(f"/classroom/s/{session_id}/host")]
    host.post(control, data={"action": "next"})
    pages += [phone.get(f"/classroom/s/{session_id}/play"), host.get(f"/classroom/s/{session_id}/host")]
    host.post(control, data={"action": "end"})
    pages += [host.get(f"/classroom/s/{session_id}/results")]
    for page in pages:
        assert page.status_code == 200
        assert not [t for t in hidden if t in page.text], page.request.path
    assert "no longer shares it" in pages[-1].text


def test_the_review_log_leaves_out_the_prompts_of_a_bank_made_private(app, people, make_bank):
    bank_id = make_bank(owner_id=people["a"].id, visibility="public")
    student = log_in(app.test_client(), "s@example.org")
    page = student.get(f"/study/deck/bank:{bank_id}").text
    form = {
        "card_id": re.search(r'name="card_id" value="(\d+)"', page).group(1),
        "token": re.search(r'name="token" value="([^"]+)"', page).group(1),
        "rating": 3,
    }
    assert student.post(f"/study/deck/bank:{bank_id}/rate", data=form).status_code in (302, 303)
    with app.app_context():
        prompt = db.session.get(Question, _card_question(int(form["card_id"]))).prompt
    assert prompt[:30] in student.get("/study/reviews.csv").text

    set_visibility(app, Bank, bank_id, "private")
    log = student.get("/study/reviews.csv").text
    assert prompt[:30] not in log
    assert len(log.strip().splitlines()) == 2  # the rating itself stays in the log


def _card_question(card_id: int) -> int:
    from quizapp.study.models import Card

    return db.session.get(Card, card_id).question_id
