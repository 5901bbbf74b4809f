"""Set pages never tell another owner's private bank: not its title in a picker, not its questions'
text, not how many of them a set holds (issue 14, point 2: listings, counts and filters)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import select

from quizapp.authoring.models import SetItem
from quizapp.core.extensions import db
from quizapp.library.models import Bank, Question

PASSWORD = "correct horse"


def log_in(client: Any, email: str) -> Any:
    assert client.post("/auth/login", data={"email": email, "password": PASSWORD}).status_code == 302
    return client


@pytest.fixture
def people(app, make_user) -> dict[str, Any]:
    return {
        "a": make_user("a@example.org", role="teacher", name="Teacher A"),
        "b": make_user("b@example.org", role="teacher", name="Teacher B"),
        "admin": make_user("admin@example.org", role="admin", name="Admin"),
    }


def new_set(client: Any, title: str = "Week 3", visibility: str = "private") -> int:
    response = client.post(
        "/author/sets/new", data={"title": title, "difficulty": "mixed", "visibility": visibility}
    )
    return int(re.search(r"/sets/(\d+)/add", response.location).group(1))


def ids_of(app, bank_id: int) -> list[int]:
    with app.app_context():
        return list(db.session.scalars(select(Question.id).where(Question.bank_id == bank_id)))


def test_an_admins_set_is_not_offered_other_teachers_private_banks(app, people, make_bank):
    private = make_bank(owner_id=people["a"].id, visibility="private", title="Secret plans of A")
    public = make_bank(owner_id=people["a"].id, visibility="public", title="Open notes of A")
    admin = log_in(app.test_client(), "admin@example.org")
    set_id = new_set(admin)
    page = admin.get(f"/author/sets/{set_id}/add").text
    assert "Open notes of A" in page and "Secret plans of A" not in page
    assert admin.get(f"/author/sets/{set_id}/add?bank={private}").status_code == 403
    # nor added by sending the ids anyway
    admin.post(f"/author/sets/{set_id}/add?bank={public}", data={"questions": ids_of(app, private)})
    with app.app_context():
        assert db.session.scalars(select(SetItem).where(SetItem.set_id == set_id)).all() == []
    # the admin still reaches the bank itself where admins manage banks
    assert admin.get(f"/author/banks/{private}").status_code == 200


def test_a_copy_tells_neither_the_text_nor_the_count_of_a_private_banks_questions(app, people, make_bank):
    private = make_bank(owner_id=people["a"].id, visibility="private", title="Secret plans of A")
    public = make_bank(owner_id=people["b"].id, visibility="public")
    teacher_a = log_in(app.test_client(), "a@example.org")
    set_id = new_set(teacher_a, visibility="public")
    teacher_a.post(f"/author/sets/{set_id}/add?bank={private}", data={"questions": ids_of(app, private)})
    teacher_b = log_in(app.test_client(), "b@example.org")
    copy_id = int(teacher_b.post(f"/author/sets/{set_id}/duplicate").location.rsplit("/", 1)[1])
    teacher_b.post(f"/author/sets/{copy_id}/add?bank={public}", data={"questions": ids_of(app, public)[:2]})

    page = teacher_b.get(f"/author/sets/{copy_id}").text
    assert "2 questions" in page  # B's own two, not A's
    assert "Secret plans of A" not in page
    assert page.count('class="set-items"') == 1 and len(re.findall(r"/items/\d+/remove", page)) == 2
    listing = teacher_b.get("/author/sets").text
    assert re.search(r"Copy of Week 3</a>.*?<td>2</td>", listing, re.S)
    # A's own page of the original still shows them all
    n = len(ids_of(app, private))
    assert f"{n} questions" in teacher_a.get(f"/author/sets/{set_id}").text
    # made public again, the bank's questions come back to the copy
    with app.app_context():
        db.session.get(Bank, private).visibility = "public"
        db.session.commit()
    assert f"{n + 2} questions" in teacher_b.get(f"/author/sets/{copy_id}").text
