"""Partial credit as a student and a teacher notice it: a partly right answer earns its share in a quiz
and in a classroom session, and the question editor writes and checks it."""

from __future__ import annotations

import re
from typing import Any

import pytest

import questions as qs
from quizapp.core.extensions import db
from quizapp.library.models import Question

from .authoring.test_authoring import ARTICLE as SCHOOL_ARTICLE
from .authoring.test_authoring import login, questions_of, write
from .classroom.test_classroom import answer, code_of, control, current, join, start, stored_answers

ARTICLE = "The festival opened on 12 June in Leeds. It drew 4,000 people."

QUESTIONS = (
    qs.Question(
        id="q-month",
        kind="date",
        type="multiple_choice",
        prompt="When did the festival open?",
        answer="12 June",
        choices=("12 June", "June", "12 July"),
        sources=(),
        explanation="The article says “12 June”.",
        partial=(qs.PartialCredit("June", 0.5),),
    ),
    qs.Question(
        id="q-city",
        kind="place",
        type="short_answer",
        prompt="Where did the festival open?",
        answer="Leeds",
        sources=(),
        explanation="",
        partial=(qs.PartialCredit("Yorkshire", 0.25),),
    ),
)


@pytest.fixture
def teacher(make_user: Any) -> Any:
    return make_user("teacher@example.org", role="teacher", name="Ms Teacher")


@pytest.fixture
def host(app: Any, teacher: Any) -> Any:
    client = app.test_client()
    login(client, teacher.email)
    return client


@pytest.fixture
def as_teacher(client: Any, teacher: Any) -> Any:
    login(client, teacher.email)
    return client


@pytest.fixture
def empty_bank(as_teacher: Any) -> int:
    response = as_teacher.post("/author/banks/new", data={"title": "By hand", "text": SCHOOL_ARTICLE})
    assert response.status_code == 302
    return int(response.location.rsplit("/", 1)[1])


@pytest.fixture
def partial_bank(make_bank: Any) -> int:
    bank = qs.Bank(qs.ArticleInfo(title="Festival", published=None, text=ARTICLE), QUESTIONS, generator="t")
    return make_bank(bank)


def test_a_partly_right_answer_earns_its_share_in_a_quiz(client, app, partial_bank):
    response = client.post("/quiz/", data={"bank": partial_bank, "count": 2})
    attempt = int(re.search(r"/attempt/(\d+)/", response.location).group(1))
    earned = []
    for _ in range(2):
        page = client.get(f"/quiz/attempt/{attempt}", follow_redirects=True).text
        qid = int(re.search(r'name="question_id" type="hidden" value="(\d+)"', page).group(1))
        with app.app_context():
            uid = db.session.get(Question, qid).uid
        data = {"choice": "June"} if uid == "q-month" else {"response": "yorkshire"}  # case is forgiven
        feedback = client.get(
            client.post(f"/quiz/attempt/{attempt}/answer", data={"question_id": qid, **data}).location
        ).text
        assert "Partly right" in feedback
        earned.append(re.search(r"\((\d+)% of the point\)", feedback).group(1))
    assert sorted(earned) == ["25", "50"]
    results = client.get(f"/quiz/attempt/{attempt}/results").text
    assert "0.75 / 2" in results or "0.8 / 2" in results
    assert results.count("Partly right") == 2


def test_a_partly_right_answer_earns_half_the_points_in_a_classroom(app, host, partial_bank):
    sid = start(host, partial_bank, count=2)
    ada = join(app, code_of(app, sid), "Ada")
    control(host, sid, "next")
    position, q = current(app, sid)
    partly = q.partial[0].answer
    assert answer(ada, sid, position, partly).json["ok"]
    control(host, sid, "close")
    reveal = ada.get(f"/classroom/s/{sid}/state.json").json["html"]
    assert "Partly right" in reveal
    (stored,) = stored_answers(app, sid)
    assert (stored.correct, stored.credit) == (False, q.partial[0].credit)
    results = host.get(f"/classroom/s/{sid}/results").get_data(as_text=True)
    assert "½" in results


def test_the_editor_writes_and_checks_answers_worth_part_of_the_marks(as_teacher, app, empty_bank):
    choices = {"choices-0": "March", "choices-1": "May", "choices-2": "June"}
    saved = write(
        as_teacher,
        empty_bank,
        "multiple_choice",
        prompt="When will the school open?",
        answer="March",
        partial="May = 50%\nJune = 0.25",
        approve="y",
        **choices,
    )
    assert saved.status_code == 302
    (row,) = questions_of(app, empty_bank)
    assert row.partial == [{"answer": "May", "credit": 0.5}, {"answer": "June", "credit": 0.25}]
    edit = as_teacher.get(f"/author/questions/{row.id}/edit").text
    assert "Answers worth part of the marks" in edit and "May = 50%" in edit

    for partial, message in (
        ("July = 50%", "“July” is not one of the choices"),
        ("May = 150%", "less than 100%"),
        ("March = 50%", "“March” is already a right answer"),
        ("May 50%", "write the answer, then “=”"),
        ("May = half", "is not a share of the marks"),
    ):
        refused = write(
            as_teacher,
            empty_bank,
            "multiple_choice",
            prompt="Again?",
            answer="March",
            partial=partial,
            **choices,
        )
        assert refused.status_code == 422, partial
        assert message in refused.get_data(as_text=True).replace("&#34;", '"'), partial
    assert len(questions_of(app, empty_bank)) == 1
