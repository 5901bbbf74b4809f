"""What the generator held back is shown to the teacher with its reason; an untitled article's title
is marked as the generator's; a date line at the top of an article is metadata, not a line of the story."""

from __future__ import annotations

import html
from typing import Any

import pytest

import questions as qs
from quizapp.core.extensions import db
from quizapp.library.models import Bank
from tests.quizapp.authoring.test_authoring import import_text, login

UNTITLED = """date 2024-03-05

Maria Lopez, the mayor of Riverton, said on Tuesday that the town will build a new library by 2026.

"We need a place where every child can read," Lopez said at a meeting of the Riverton council.

The council voted 7 to 2 to spend 4 million dollars on the library, which will open in Riverton in May 2026.

Tom Baker, who leads the Riverton Library Trust, said the trust wants the council to keep the old
library open until then."""


@pytest.fixture
def as_teacher(client: Any, make_user: Any) -> Any:
    make_user("teacher@example.org", role="teacher")
    login(client, "teacher@example.org")
    return client


def test_the_review_page_shows_every_question_held_back_with_its_reason(as_teacher, app):
    _, bank_id = import_text(as_teacher, UNTITLED)
    generated = qs.generate_bank(qs.parse_article(UNTITLED))
    held = [d for d in generated.dropped if not d.reason.startswith("duplicate")]
    assert held, "the test article must make the generator hold something back"

    page = html.unescape(as_teacher.get(f"/author/banks/{bank_id}").text)

    assert f"Held back by the generator ({len(held)})" in page
    for d in held:
        assert d.reason in page
        assert " ".join(d.prompt.split()) in " ".join(page.split())
    with app.app_context():
        assert len(db.session.get(Bank, bank_id).held_back) == len(held)


def test_an_untitled_article_gets_a_generated_title_the_teacher_is_told_of_and_can_change(as_teacher, app):
    _, bank_id = import_text(as_teacher, UNTITLED)
    with app.app_context():
        bank = db.session.get(Bank, bank_id)
        title = bank.title
        assert bank.title_generated
    assert "Riverton" in title or "Lopez" in title
    assert "date 2024" not in title
    page = as_teacher.get(f"/author/banks/{bank_id}").text
    assert "the generator made this one" in page

    as_teacher.post(
        f"/author/banks/{bank_id}/info", data={"title": "A library for Riverton", "published": ""}
    )

    with app.app_context():
        bank = db.session.get(Bank, bank_id)
        assert (bank.title, bank.title_generated) == ("A library for Riverton", False)
    assert "the generator made this one" not in as_teacher.get(f"/author/banks/{bank_id}").text


def test_a_typed_title_is_not_marked_as_generated(as_teacher, app):
    _, bank_id = import_text(as_teacher, UNTITLED, title="Library plans")
    with app.app_context():
        bank = db.session.get(Bank, bank_id)
        assert (bank.title, bank.title_generated) == ("Library plans", False)


def test_the_date_line_is_not_shown_as_a_line_of_the_article(as_teacher, app):
    _, bank_id = import_text(as_teacher, UNTITLED)

    page = as_teacher.get(f"/author/banks/{bank_id}/article").text

    assert "Maria Lopez" in page
    assert "date 2024-03-05" not in page


def test_the_checker_advises_on_a_teachers_own_question_without_blocking_it(as_teacher, app):
    _, bank_id = import_text(as_teacher, UNTITLED, title="Library plans")

    saved = as_teacher.post(
        f"/author/banks/{bank_id}/questions/new?type=cloze",
        data={"kind": "other", "prompt": "In [a way], the town was ready.", "approve": "y"},
        follow_redirects=True,
    )

    assert saved.status_code == 200
    page = html.unescape(saved.text)
    assert "Question saved." in page
    assert "Saved, but have a look: The blank “a way” is a function word or a generic phrase" in page
    with app.app_context():
        row = next(q for q in db.session.get(Bank, bank_id).questions if q.answer == "a way")
        edit = html.unescape(as_teacher.get(f"/author/questions/{row.id}/edit").text)
    assert "The checker's advice" in edit and "generic phrase" in edit


def test_a_sound_question_gets_no_advice(as_teacher, app):
    _, bank_id = import_text(as_teacher, UNTITLED, title="Library plans")

    sentence = "The council voted 7 to 2 to spend 4 million dollars on the library"
    start = UNTITLED.index(sentence)
    saved = as_teacher.post(
        f"/author/banks/{bank_id}/questions/new?type=cloze",
        data={
            "kind": "other",
            "prompt": "The council voted [7] to 2 to build the library.",
            "excerpt": f"{start}-{UNTITLED.index('.', start) + 1}",
            "approve": "y",
        },
        follow_redirects=True,
    )

    assert "Question saved." in saved.text
    assert "have a look" not in saved.text
