"""A hand-written question's kind: guessed from its words when the teacher leaves "Guess it", never a
silent "Dates" (issue 16, point 2)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from quizapp.authoring.kinds import guess_kind
from quizapp.core.extensions import db
from quizapp.library.models import Question

ARTICLE = """School opens in Springfield

Anna Smith said on Monday that the school will open in March.

The union demands smaller classes and wants a new gym."""


@pytest.mark.parametrize(
    ("prompt", "answer", "kind"),
    [
        ("Who said that the school will open in March?", "Anna Smith", "speaker"),
        ("Which teacher warned about the cost, and who said it first?", "", "speaker"),
        ("When will the school open?", "March", "date"),
        ("The school opens on [12 March 2024].", "", "date"),
        ("What does the union demand?", "Smaller classes", "demand"),
        ("What do the parents want from the council?", "A gym", "demand"),
        ("How many classes does the school have?", "12", "number"),
        ("Where is the new school?", "Springfield", "place"),
        ("What is the job of Anna Smith?", "Mayor", "role"),
        ("Which party won the vote?", "The Greens", "other"),
        ("Fill in: the talks began on ___.", "14 February", "date"),
    ],
)
def test_the_kind_is_guessed_from_the_question(prompt: str, answer: str, kind: str) -> None:
    assert guess_kind(prompt, answer) == kind


@pytest.fixture
def bank_id(client: Any, make_user: Any) -> int:
    make_user("teacher@example.org", role="teacher")
    client.post("/auth/login", data={"email": "teacher@example.org", "password": "correct horse"})
    response = client.post("/author/banks/new", data={"title": "By hand", "text": ARTICLE})
    assert response.status_code == 302
    return int(response.location.rsplit("/", 1)[1])


def kinds_by_prompt(app: Any, bank: int) -> dict[str, str]:
    with app.app_context():
        rows = db.session.scalars(select(Question).where(Question.bank_id == bank))
        return {q.prompt: q.kind for q in rows}


def test_the_editor_offers_a_guess_not_dates(client: Any, bank_id: int) -> None:
    page = client.get(f"/author/banks/{bank_id}/questions/new?type=short_answer").text
    assert '<option selected value="guess">Guess it from the question</option>' in page
    assert 'selected value="date"' not in page


def test_a_question_about_a_party_is_not_saved_as_dates(app: Any, client: Any, bank_id: int) -> None:
    """Left on "Guess it", each question gets the kind its words say; a kind chosen by hand is kept."""
    new = f"/author/banks/{bank_id}/questions/new?type=short_answer"
    for prompt, answer in [
        ("Which party won the vote?", "The Greens"),
        ("Who said that the school will open in March?", "Anna Smith"),
        ("What does the union demand?", "Smaller classes"),
    ]:
        # the form as a browser sends it: the select left on its first option
        assert client.post(new, data={"prompt": prompt, "answer": answer, "kind": "guess"}).status_code == 302
    chosen = {"prompt": "Where does Anna Smith teach?", "answer": "Springfield", "kind": "role"}
    assert client.post(new, data=chosen).status_code == 302
    assert kinds_by_prompt(app, bank_id) == {
        "Which party won the vote?": "other",
        "Who said that the school will open in March?": "speaker",
        "What does the union demand?": "demand",
        "Where does Anna Smith teach?": "role",
    }
    saved = client.post(new, data={"prompt": "Who said it first?", "answer": "Anna", "kind": "guess"})
    assert "guessed from its words" in client.get(saved.location).text
    review = client.get(f"/author/banks/{bank_id}").text
    assert "Who said it" in review and "Demands" in review


def test_a_number_question_naming_a_year_is_about_the_number() -> None:
    assert guess_kind("How many troops were sent in 2021?", "3,000") == "number"
    assert guess_kind("In what year did the talks begin?", "2021") == "date"
