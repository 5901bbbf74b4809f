"""Access checked when something is read, not when it was granted (issue 14, points 2 and 4).

The duplicated-set path of the issue, step by step, through the real routes; share links of banks and
sets that stop granting anything once a new link is made or the object is made private.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from sqlalchemy import select

from quizapp.authoring.models import QuestionSet
from quizapp.core.extensions import db
from quizapp.library.models import Bank, Question

PASSWORD = "correct horse"


def log_in(client: Any, email: str) -> Any:
    response = client.post("/auth/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302
    return client


@pytest.fixture
def people(app, make_user) -> dict[str, Any]:
    a = make_user("a@example.org", role="teacher", name="Teacher A")
    b = make_user("b@example.org", role="teacher", name="Teacher B")
    return {"a": a, "b": b}


def make_set(client: Any, visibility: str) -> int:
    response = client.post(
        "/author/sets/new", data={"title": "Week 3", "difficulty": "mixed", "visibility": visibility}
    )
    assert response.status_code == 302, response.text
    return int(re.search(r"/sets/(\d+)/add", response.location).group(1))


def set_visibility(client: Any, set_id: int, visibility: str) -> None:
    response = client.post(
        f"/author/sets/{set_id}", data={"title": "Week 3", "difficulty": "mixed", "visibility": visibility}
    )
    assert response.status_code == 302, response.text


def question_ids(app, bank_id: int) -> list[int]:
    with app.app_context():
        return list(db.session.scalars(select(Question.id).where(Question.bank_id == bank_id)))


def prompts(app, bank_id: int) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(Question.prompt).where(Question.bank_id == bank_id)))


def test_a_duplicated_set_does_not_leak_a_private_article(app, people, make_bank):
    """The issue's path: A's private bank in A's public set; B duplicates it; A makes the set private;
    B's copy neither downloads A's questions nor starts a session with them, and once B makes it public
    an anonymous visitor who starts it cannot read A's article."""
    private_bank = make_bank(owner_id=people["a"].id, visibility="private")
    teacher_a = log_in(app.test_client(), "a@example.org")
    set_id = make_set(teacher_a, "public")
    ids = question_ids(app, private_bank)
    teacher_a.post(f"/author/sets/{set_id}/add?bank={private_bank}", data={"questions": ids})

    # while A shares it, a visitor may take A's set and read the article behind its excerpts
    visitor_then = app.test_client()
    assert visitor_then.post(f"/sets/{set_id}/start", data={}).status_code == 302
    assert visitor_then.get(f"/bank/{private_bank}/article").status_code == 200

    teacher_b = log_in(app.test_client(), "b@example.org")
    copy = teacher_b.post(f"/author/sets/{set_id}/duplicate")
    copy_id = int(copy.location.rsplit("/", 1)[1])
    set_visibility(teacher_a, set_id, "private")

    # the earlier visitor's access went with the set
    assert visitor_then.get(f"/bank/{private_bank}/article").status_code == 403

    # B's copy: no download of A's questions
    download = teacher_b.get(f"/author/sets/{copy_id}/download", query_string={"format": "json"})
    assert download.status_code == 200
    assert json.loads(download.data)["questions"] == []
    # its page does not show A's prompts
    page = teacher_b.get(f"/author/sets/{copy_id}").text
    assert "its owner does not share" in page
    assert not any(p in page for p in prompts(app, private_bank))
    # no classroom session with it
    started = teacher_b.post(
        "/classroom/start",
        data={
            "source": f"set:{copy_id}",
            "count": 10,
            "pace": "teacher",
            "timer_seconds": 0,
            "deadline_hours": 24,
        },
    )
    assert started.status_code == 422
    # made public, and an anonymous visitor tries it
    set_visibility(teacher_b, copy_id, "public")
    visitor = app.test_client()
    response = visitor.post(f"/sets/{copy_id}/start", data={})
    assert response.status_code == 422 and "no approved questions" in response.text
    assert visitor.get(f"/bank/{private_bank}/article").status_code == 403
    assert visitor.get(f"/study/deck/set-{copy_id}").status_code in (302, 403)


def test_a_copy_keeps_the_questions_of_a_public_bank(app, people, make_bank):
    public_bank = make_bank(owner_id=people["a"].id, visibility="public")
    teacher_a = log_in(app.test_client(), "a@example.org")
    set_id = make_set(teacher_a, "public")
    teacher_a.post(
        f"/author/sets/{set_id}/add?bank={public_bank}", data={"questions": question_ids(app, public_bank)}
    )
    teacher_b = log_in(app.test_client(), "b@example.org")
    copy_id = int(teacher_b.post(f"/author/sets/{set_id}/duplicate").location.rsplit("/", 1)[1])
    set_visibility(teacher_b, copy_id, "public")
    visitor = app.test_client()
    assert visitor.post(f"/sets/{copy_id}/start", data={}).status_code == 302
    assert visitor.get(f"/bank/{public_bank}/article").status_code == 200
    # the bank made private: gone from B's copy at once
    with app.app_context():
        db.session.get(Bank, public_bank).visibility = "private"
        db.session.commit()
    assert visitor.get(f"/bank/{public_bank}/article").status_code == 403
    assert app.test_client().post(f"/sets/{copy_id}/start", data={}).status_code == 422


def test_a_bank_share_link_grant_ends_with_a_new_link_or_private(app, people, make_bank):
    bank_id = make_bank(owner_id=people["a"].id, visibility="class")
    teacher_a = log_in(app.test_client(), "a@example.org")
    with app.app_context():
        token = db.session.get(Bank, bank_id).share_token
    visitor = app.test_client()
    assert visitor.get(f"/bank/{bank_id}/article").status_code == 403
    assert visitor.get(f"/shared/{token}").status_code == 302
    assert visitor.get(f"/bank/{bank_id}/article").status_code == 200
    assert teacher_a.post(f"/author/banks/{bank_id}/new-link").status_code == 302
    assert visitor.get(f"/bank/{bank_id}/article").status_code == 403  # the old link's grant is gone
    with app.app_context():
        token = db.session.get(Bank, bank_id).share_token
    assert visitor.get(f"/shared/{token}").status_code == 302
    assert visitor.get(f"/bank/{bank_id}/article").status_code == 200
    with app.app_context():
        db.session.get(Bank, bank_id).visibility = "private"
        db.session.commit()
    assert visitor.get(f"/bank/{bank_id}/article").status_code == 403
    with app.app_context():
        db.session.get(Bank, bank_id).visibility = "class"
        db.session.commit()
    assert visitor.get(f"/bank/{bank_id}/article").status_code == 200  # same link again: it counts again


def test_a_set_share_link_grant_ends_with_a_new_link_or_private(app, people, make_bank):
    bank_id = make_bank(owner_id=people["a"].id, visibility="private")
    teacher_a = log_in(app.test_client(), "a@example.org")
    set_id = make_set(teacher_a, "class")
    teacher_a.post(
        f"/author/sets/{set_id}/add?bank={bank_id}", data={"questions": question_ids(app, bank_id)}
    )
    with app.app_context():
        token = db.session.get(QuestionSet, set_id).share_token
    pupil = app.test_client()
    assert pupil.get(f"/sets/shared/{token}").status_code == 302
    assert pupil.get(f"/sets/{set_id}").status_code == 200
    assert pupil.post(f"/sets/{set_id}/start", data={}).status_code == 302
    assert pupil.get(f"/bank/{bank_id}/article").status_code == 200
    assert teacher_a.post(f"/author/sets/{set_id}/new-link").status_code == 302
    assert pupil.get(f"/sets/{set_id}").status_code == 403
    assert "Week 3" not in pupil.get("/sets/").text
    assert pupil.get(f"/bank/{bank_id}/article").status_code == 403
