"""Bad input never gives a 500: every case from the issue, walked one by one."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from quizapp.core.extensions import db
from quizapp.quiz.models import Answer
from tests.quizapp.quiz.test_quiz import Quiz


@pytest.fixture
def started(client, app, make_bank):
    quiz = Quiz(client, app)
    quiz.start(make_bank(), count=3)
    return quiz


def test_answering_a_question_not_in_the_attempt(client, started, app, make_bank):
    from quizapp.library.models import Question

    other_bank = make_bank(title="Another")
    with app.app_context():
        foreign = db.session.scalars(select(Question).where(Question.bank_id == other_bank)).first().id
    for qid in (foreign, 999999, "abc", ""):
        response = client.post(
            f"/quiz/attempt/{started.attempt_id}/answer", data={"question_id": qid, "choice": "x"}
        )
        assert response.status_code == 400
        assert "not part of this quiz" in response.text or "did not say which question" in response.text
        assert "Back to the library" in response.text


def test_answering_twice_keeps_the_first_answer(client, started, app):
    row, _ = started.current()
    first = started.answer(row, started.wrong_answer(row))
    second = started.answer(row, started.right_answer(row))
    assert second.status_code == 302 and second.location == first.location
    page = client.get(second.location)
    assert page.status_code == 200
    assert "your first answer stands" in page.text
    assert "Not quite" in page.text
    with app.app_context():
        answers = db.session.scalars(select(Answer)).all()
        assert len(answers) == 1 and not answers[0].correct


def test_a_choice_that_is_not_among_the_choices(client, app, make_bank):
    quiz = Quiz(client, app)
    quiz.start(make_bank(), count=1, types=["multiple_choice"])
    row, _ = quiz.current()
    response = quiz.answer(row, {"choice": "Paris"})
    assert response.status_code == 422
    assert "Not a valid choice" in response.text
    assert row.choices[0] in response.text  # the question is shown again


def test_another_users_attempt_is_forbidden(client, app, started):
    other = app.test_client()
    other.post("/auth/guest")
    for url in (
        f"/quiz/attempt/{started.attempt_id}",
        f"/quiz/attempt/{started.attempt_id}/question/1",
        f"/quiz/attempt/{started.attempt_id}/question/1/feedback",
        f"/quiz/attempt/{started.attempt_id}/results",
    ):
        response = other.get(url)
        assert response.status_code == 403, url
        assert "You do not have access" in response.text
    assert other.post(f"/quiz/attempt/{started.attempt_id}/finish").status_code == 403
    assert (
        other.post(f"/quiz/attempt/{started.attempt_id}/answer", data={"question_id": 1}).status_code == 403
    )


@pytest.mark.parametrize(
    "url",
    [
        "/quiz/attempt/999",
        "/quiz/attempt/999/question/1",
        "/quiz/attempt/1/question/99",
        "/quiz/attempt/1/question/0/feedback",
        "/bank/999/article",
        "/bank/999",
        "/no-such-page",
        "/shared/x",
        "/shared/a%00b",
        "/shared/" + "z" * 300,
        "/quiz/attempt/1/results/extra",
    ],
)
def test_unknown_ids_are_a_friendly_404(client, started, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Back to the library" in response.text


def test_json_clients_get_json_errors(client):
    response = client.get("/no-such-page", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.json["status"] == 404


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
def test_a_missing_or_tampered_csrf_token_is_a_clear_400(client, app, app_config, make_bank):
    bank_id = make_bank()
    page = client.get(f"/quiz/?bank={bank_id}")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text).group(1)
    for data in ({}, {"csrf_token": "tampered"}, {"csrf_token": token[:-2] + "xx"}):
        response = client.post("/quiz/", data={"bank": bank_id, "count": 2, **data})
        assert response.status_code == 400
        assert "Your form expired or was tampered with; reload and try again" in response.text
    ok = client.post("/quiz/", data={"bank": bank_id, "count": 2, "csrf_token": token})
    assert ok.status_code == 302


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
def test_every_post_form_carries_a_csrf_token(client, app, app_config, make_bank, make_user):
    make_user("admin@example.org", role="admin")
    bank_id = make_bank()
    pages = ["/auth/login", "/auth/signup", f"/quiz/?bank={bank_id}"]
    for url in pages:
        html = client.get(url).text
        forms = re.findall(r"<form[^>]*method=\"post\".*?</form>", html, re.S)
        assert forms, url
        for form in forms:
            assert 'name="csrf_token"' in form, (url, form[:200])
    for path in ("/auth/logout", "/auth/guest", "/quiz/attempt/1/finish", "/auth/signup", "/auth/login"):
        assert client.post(path).status_code == 400, path


def test_huge_form_fields_are_refused_without_an_error_page(client, app, make_bank):
    quiz = Quiz(client, app)
    quiz.start(make_bank(), count=1, kinds=["number"])
    row, _ = quiz.current()
    long = quiz.answer(row, {"response": "1" * 5000})
    assert long.status_code == 422
    assert "under 300 characters" in long.text
    huge = client.post(
        f"/quiz/attempt/{quiz.attempt_id}/answer",
        data={"question_id": row.id, "response": "x" * (5 * 1024 * 1024)},
    )
    assert huge.status_code == 413
    assert "too large" in huge.text
    signup = client.post(
        "/auth/signup",
        data={
            "email": "a" * 3000 + "@example.org",
            "password": "p" * 3000,
            "confirm": "p" * 3000,
            "display_name": "n" * 3000,
        },
    )
    assert signup.status_code == 422


def test_strange_query_strings_do_not_break_pages(client, make_bank):
    make_bank()
    for url in ("/quiz/?bank=abc", "/quiz/?bank=99999", "/quiz/?bank=-1", "/?x=%00", "/quiz/?bank=%ff"):
        assert client.get(url).status_code == 200, url


def test_an_unexpected_error_shows_a_friendly_500_page(app, client):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom")
    def boom():
        raise RuntimeError("a bug")

    response = client.get("/boom")
    assert response.status_code == 500
    assert "Something went wrong" in response.text
    assert "a bug" not in response.text and "Traceback" not in response.text


def test_responses_carry_security_headers(client):
    response = client.get("/")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    question_id=st.one_of(st.integers(-5, 10**12).map(str), st.text(max_size=30)),
    field=st.sampled_from(["choice", "response", "skip", "submit"]),
    value=st.text(max_size=400),
)
def test_no_answer_form_input_gives_a_500(client, started, question_id, field, value):
    response = client.post(
        f"/quiz/attempt/{started.attempt_id}/answer", data={"question_id": question_id, field: value}
    )
    assert response.status_code in (302, 400, 422)


def test_nul_characters_in_form_fields_are_dropped(client, app, make_bank):
    """PostgreSQL cannot store NUL: an answer or a name carrying one is still an ordinary request."""
    quiz = Quiz(client, app)
    quiz.start(make_bank(), count=1, kinds=["number"])
    row, _ = quiz.current()
    response = quiz.answer(row, {"response": "1\x002"})
    assert response.status_code == 302
    assert "Right!" in client.get(response.location).text  # "1\x002" is read as "12"
    signup = client.post(
        "/auth/signup",
        data={
            "email": "nul@example.org",
            "display_name": "N\x00ul",
            "password": "correct horse",
            "confirm": "correct horse",
        },
    )
    assert signup.status_code == 302


POST_FIELDS = {
    "/auth/login": ["email", "password", "remember", "next"],
    "/auth/signup": ["email", "display_name", "password", "confirm", "keep_guest_scores"],
    "/auth/guest": ["next"],
    "/quiz/": ["bank", "count", "kinds", "types"],
    "/quiz/attempt/1/answer": ["question_id", "choice", "response", "skip"],
    "/quiz/attempt/1/finish": [],
    "/auth/users/1/role": ["role"],
}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    path=st.sampled_from(sorted(POST_FIELDS)),
    values=st.lists(st.text(max_size=60), min_size=5, max_size=5),
    query=st.text(max_size=20),
)
def test_no_post_anywhere_gives_a_500(client, started, path, values, query):
    data = dict(zip(POST_FIELDS[path], values, strict=False))
    response = client.post(path, data=data, query_string={"next": query})
    assert response.status_code < 500, (path, data)
