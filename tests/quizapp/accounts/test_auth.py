"""Accounts: sign up, log in, log out, guests who keep their scores, and the admin's role changes."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from quizapp.accounts.models import User
from quizapp.core.extensions import db
from quizapp.quiz.models import Attempt


def test_sign_up_logs_in_and_shows_the_name(client, auth, app):
    response = auth.signup(email="Ana@Example.org", name="Ana")
    assert response.status_code == 302
    home = client.get("/")
    assert "Ana" in home.text and "Log out" in home.text
    with app.app_context():
        user = db.session.scalars(select(User)).one()
        assert user.email == "ana@example.org"
        assert user.role == "student"
        assert user.password_hash and "correct horse" not in user.password_hash


def test_sign_up_twice_with_the_same_email_is_refused(client, auth):
    auth.signup(email="ana@example.org")
    auth.logout()
    again = auth.signup(email="ANA@example.org")
    assert again.status_code == 422
    assert "already exists" in again.text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "not-an-email"}, "Enter an email address"),
        ({"password": "short", "confirm": "short"}, "at least 8 characters"),
        ({"confirm": "something else"}, "The two passwords differ"),
    ],
)
def test_sign_up_form_errors_are_shown(client, data, message):
    form = {
        "email": "ana@example.org",
        "display_name": "Ana",
        "password": "correct horse",
        "confirm": "correct horse",
        **data,
    }
    response = client.post("/auth/signup", data=form)
    assert response.status_code == 422
    assert message in response.text


def test_log_in_and_log_out(client, auth, make_user):
    make_user("ben@example.org", name="Ben")
    bad = auth.login("ben@example.org", "wrong password")
    assert bad.status_code == 422
    assert "do not match" in bad.text
    ok = auth.login("BEN@example.org", "correct horse")
    assert ok.status_code == 302
    assert "Ben" in client.get("/").text
    auth.logout()
    page = client.get("/")
    assert "Log in" in page.text and "Log out" not in page.text


def test_login_redirects_only_to_this_site(client, make_user):
    make_user("ben@example.org")
    inside = client.post(
        "/auth/login?next=/scores/", data={"email": "ben@example.org", "password": "correct horse"}
    )
    assert inside.location == "/scores/"
    client.post("/auth/logout")
    for evil in ("/\\evil.example/", "/%5Cevil.example", "//evil.example"):
        sneaky = client.post(
            f"/auth/login?next={evil}", data={"email": "ben@example.org", "password": "correct horse"}
        )
        assert sneaky.location == "/", evil
        client.post("/auth/logout")
    outside = client.post(
        "/auth/login?next=https://evil.example/",
        data={"email": "ben@example.org", "password": "correct horse"},
    )
    assert outside.location == "/"


def test_my_scores_needs_an_account_or_a_guest(client):
    response = client.get("/scores/")
    assert response.status_code == 302
    assert "/auth/login" in response.location


def test_guest_plays_then_keeps_scores_on_sign_up(client, auth, make_bank, app):
    bank_id = make_bank()
    auth.guest()
    start = client.post("/quiz/", data={"bank": bank_id, "count": 2})
    assert start.status_code == 302
    client.post("/quiz/attempt/1/finish")
    assert "Sign up to keep" in client.get("/scores/").text
    response = auth.signup(email="gia@example.org", name="Gia", keep_guest_scores="y")
    assert response.status_code == 302
    with app.app_context():
        user = db.session.scalars(select(User).where(User.email == "gia@example.org")).one()
        assert not user.is_guest
        assert [a.user_id for a in db.session.scalars(select(Attempt))] == [user.id]
    scores = client.get("/scores/")
    assert "1 quiz" in scores.text


def test_guest_can_sign_up_without_keeping_scores(client, auth, make_bank, app):
    bank_id = make_bank()
    client.post("/quiz/", data={"bank": bank_id, "count": 1})  # an anonymous start makes a guest
    client.post("/quiz/attempt/1/finish")
    auth.signup(email="new@example.org")  # the keep box left unticked
    with app.app_context():
        user = db.session.scalars(select(User).where(User.email == "new@example.org")).one()
        attempt = db.session.scalars(select(Attempt)).one()
        assert attempt.user_id != user.id
    assert "No finished quizzes yet" in client.get("/scores/").text


def test_admin_promotes_a_student_to_teacher(client, auth, make_user, app):
    make_user("admin@example.org", role="admin", name="Ada")
    student = make_user("sam@example.org", name="Sam")
    auth.login("admin@example.org")
    page = client.get("/auth/users")
    assert page.status_code == 200 and "Sam" in page.text
    response = client.post(f"/auth/users/{student.id}/role", data={"role": "teacher"}, follow_redirects=True)
    assert "Sam is now teacher" in response.text
    with app.app_context():
        assert db.session.get(User, student.id).role == "teacher"


def test_admin_cannot_demote_themself(client, auth, make_user, app):
    admin = make_user("admin@example.org", role="admin")
    auth.login("admin@example.org")
    response = client.post(f"/auth/users/{admin.id}/role", data={"role": "student"}, follow_redirects=True)
    assert "cannot remove your own admin role" in response.text
    with app.app_context():
        assert db.session.get(User, admin.id).role == "admin"


def test_a_teacher_cannot_change_roles(client, auth, make_user, app):
    make_user("teacher@example.org", role="teacher")
    student = make_user("sam@example.org")
    auth.login("teacher@example.org")
    assert client.get("/auth/users").status_code == 403
    assert client.post(f"/auth/users/{student.id}/role", data={"role": "admin"}).status_code == 403
    with app.app_context():
        assert db.session.get(User, student.id).role == "student"


@pytest.mark.parametrize("app_config", [{"RATELIMIT_ENABLED": True}])
def test_password_guessing_is_slowed_down(client, make_user, app_config):
    make_user("ben@example.org")
    codes = [
        client.post("/auth/login", data={"email": "ben@example.org", "password": f"guess {i}"}).status_code
        for i in range(12)
    ]
    assert codes[0] == 422
    assert codes[-1] == 429


@pytest.mark.parametrize("app_config", [{"RATELIMIT_ENABLED": True}])
def test_a_classroom_behind_one_address_can_all_log_in(client, make_user, app_config):
    """The password-guess limit counts per account, so thirty pupils behind one school address log in."""
    for i in range(30):
        make_user(f"pupil{i}@example.org")
    for i in range(30):
        response = client.post(
            "/auth/login", data={"email": f"pupil{i}@example.org", "password": "correct horse"}
        )
        assert response.status_code == 302, i
        client.post("/auth/logout")


def test_idle_guests_are_found_and_deleted_with_their_scores_and_active_ones_kept(app, make_user, make_bank):
    """What `quizapp prune-guests` deletes: a guest nobody used for the given time goes, with its attempts;
    a guest who took a quiz or answered in class since, a new guest, and real accounts stay."""
    from datetime import timedelta

    from sqlalchemy import func, select

    from quizapp.accounts import service as accounts
    from quizapp.accounts.models import User
    from quizapp.classroom import answers, players, sessions
    from quizapp.core.extensions import db
    from quizapp.core.models import utcnow
    from quizapp.library.models import Bank
    from quizapp.quiz import attempts
    from quizapp.quiz.models import Attempt

    bank_id = make_bank()
    teacher = make_user("t@example.org", role="teacher")
    student = make_user("s@example.org")
    with app.app_context():
        long_ago = utcnow() - timedelta(days=200)
        guests = {name: accounts.create_guest() for name in ("idle", "idle too", "quizzed", "played", "new")}
        for name in ("idle", "idle too", "quizzed", "played"):
            guests[name].created_at = long_ago
        db.session.get(User, student.id).created_at = long_ago
        db.session.commit()
        bank = db.session.get(Bank, bank_id)
        old = attempts.start_attempt(guests["idle"].id, bank, count=2)
        old.updated_at = long_ago
        db.session.commit()
        attempts.start_attempt(guests["quizzed"].id, bank, count=2)
        session = sessions.create_session(
            db.session.get(User, teacher.id), f"bank:{bank_id}", sessions.SessionOptions(count=1)
        )
        player = players.join(session, "Kim", user=guests["played"]).player
        sessions.open_question(session, 0)
        db.session.commit()
        assert answers.record_answer(session, player, 0, "")[1]
        ids = {name: guest.id for name, guest in guests.items()}

        idle = accounts.idle_guests(timedelta(days=90))
        assert idle == [ids["idle"], ids["idle too"]]
        assert accounts.idle_guests(timedelta(days=300)) == []  # made 200 days ago: not idle that long
        assert accounts.delete_users(idle) == 2

    with app.app_context():
        assert db.session.get(User, ids["idle"]) is None and db.session.get(User, ids["idle too"]) is None
        left = db.session.scalar(
            select(func.count()).select_from(Attempt).where(Attempt.user_id == ids["idle"])
        )
        assert left == 0
        for name in ("quizzed", "played", "new"):
            assert db.session.get(User, ids[name]) is not None, name
        assert db.session.get(User, student.id) is not None
        assert db.session.get(User, teacher.id) is not None
