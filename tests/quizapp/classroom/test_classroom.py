"""Live classroom sessions: start, lobby, join, the teacher's pace, answers (late, duplicate, reconnecting),
reveal, leaderboard, results, item analysis, CSV gradebook, history, access and bad input."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape

from quizapp.classroom import answers as classroom_answers
from quizapp.classroom import live, screens, sessions
from quizapp.classroom import players as classroom_players
from quizapp.classroom import results as classroom_results
from quizapp.classroom.models import ClassroomSession, Player, PlayerAnswer, SessionQuestion
from quizapp.core.extensions import db
from quizapp.core.models import utcnow
from quizapp.library.models import Question as QuestionRow
from quizapp.library.store import row_to_question

PASSWORD = "correct horse"
START = {
    "count": 8,
    "pace": "teacher",
    "timer_seconds": 0,
    "deadline_hours": 24,
    "show_leaderboard": "y",
    "speed_bonus": "y",
}


# --- helpers ---------------------------------------------------------------------------------


def login(client: FlaskClient, email: str) -> None:
    response = client.post("/auth/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


@pytest.fixture
def teacher(make_user: Any) -> Any:
    return make_user("teacher@example.org", role="teacher", name="Ms Teacher")


@pytest.fixture
def bank_id(make_bank: Any) -> int:
    return make_bank()


@pytest.fixture
def host(app: Flask, teacher: Any) -> FlaskClient:
    client = app.test_client()
    login(client, teacher.email)
    return client


def start(client: FlaskClient, bank_id: int, **options: Any) -> int:
    response = client.post("/classroom/start", data={"source": f"bank:{bank_id}", **START, **options})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return int(re.search(r"/s/(\d+)/host", response.location).group(1))


def code_of(app: Flask, session_id: int) -> str:
    with app.app_context():
        return db.session.get(ClassroomSession, session_id).join_code


def join(app: Flask, code: str, nickname: str, client: FlaskClient | None = None) -> FlaskClient:
    client = client or app.test_client()
    response = client.post("/classroom/join", data={"code": code, "nickname": nickname})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return client


def control(client: FlaskClient, session_id: int, action: str, **extra: Any) -> Any:
    return client.post(f"/classroom/s/{session_id}/control", data={"action": action, **extra})


def current(app: Flask, session_id: int) -> tuple[int, Any]:
    """(position, questions.Question) of the question on screen."""
    with app.app_context():
        session = db.session.get(ClassroomSession, session_id)
        sq = sessions.session_question(session, session.current_position)
        return sq.position, row_to_question(sq.question)


def wrong_answer(q: Any) -> str:
    if q.choices:
        return next(c for c in q.choices if c != q.answer)
    return "certainly not this"


def answer(client: FlaskClient, session_id: int, position: int, response: str) -> Any:
    return client.post(
        f"/classroom/s/{session_id}/answer.json",
        data={"position": position, "response": response},
        headers={"Accept": "application/json"},
    )


def stored_answers(app: Flask, session_id: int) -> list[PlayerAnswer]:
    with app.app_context():
        rows = db.session.scalars(db.select(PlayerAnswer).where(PlayerAnswer.session_id == session_id)).all()
        for r in rows:
            db.session.expunge(r)
        return list(rows)


def text(response: Any) -> str:
    return response.get_data(as_text=True)


# --- starting and the lobby ------------------------------------------------------------------


def test_classroom_is_in_the_nav_and_anyone_can_find_the_join_form(client):
    page = client.get("/")
    assert 'href="/classroom/"' in text(page)
    index = client.get("/classroom/")
    assert index.status_code == 200
    assert "Join a session" in text(index)
    assert "Start a live session" not in text(index)


def test_teacher_starts_a_session_and_the_lobby_shows_code_link_and_qr(app, host, bank_id):
    assert "Start a live session" in text(host.get("/classroom/"))
    sid = start(host, bank_id)
    code = code_of(app, sid)
    assert re.fullmatch(r"\d{6}", code)
    lobby = text(host.get(f"/classroom/s/{sid}/host"))
    assert f"{code[:3]} {code[3:]}" in lobby
    assert f"http://localhost/classroom/join?code={code}" in lobby
    assert f'src="/classroom/s/{sid}/qr.svg"' in lobby
    assert "<script>" not in lobby  # no inline script: classroom.js is a file
    assert 'src="/static/js/classroom.js"' in lobby
    qr = host.get(f"/classroom/s/{sid}/qr.svg")
    assert qr.status_code == 200 and qr.mimetype == "image/svg+xml"
    assert b"<svg" in qr.data and b"<path" in qr.data
    with app.app_context():
        session = db.session.get(ClassroomSession, sid)
        assert session.source == f"bank:{bank_id}"
        assert session.status == "lobby" and session.open_code == code
        assert len(session.questions) == 8


def test_students_and_visitors_cannot_start_a_session(app, client, make_user, bank_id):
    response = client.post("/classroom/start", data={"source": f"bank:{bank_id}", **START})
    assert response.status_code == 302 and "/auth/login" in response.location
    make_user("kid@example.org")
    login(client, "kid@example.org")
    assert client.post("/classroom/start", data={"source": f"bank:{bank_id}", **START}).status_code == 403


@pytest.mark.parametrize(
    "options, message",
    [
        ({"source": "bank:99999"}, "Not a valid choice"),
        ({"source": "set:1"}, "Not a valid choice"),
        ({"source": "nonsense"}, "Not a valid choice"),
        ({"count": 0}, "between 1 and 50"),
        ({"count": "many"}, "Not a valid integer"),
        ({"timer_seconds": 9999}, "From 0 to 600"),
    ],
)
def test_bad_start_options_are_explained(app, host, bank_id, options, message):
    data = {"source": f"bank:{bank_id}", **START, **options}
    response = host.post("/classroom/start", data=data)
    assert response.status_code == 422
    assert message in text(response)


def test_service_refuses_sources_it_cannot_play(app, teacher, bank_id):
    with app.app_context():
        owner = db.session.get(type(teacher), teacher.id)
        with pytest.raises(sessions.ClassroomError, match="no such question set"):
            sessions.create_session(owner, "set:999", sessions.SessionOptions())
        with pytest.raises(sessions.ClassroomError):
            sessions.create_session(owner, "bank:abc", sessions.SessionOptions())


def test_a_session_from_a_question_set_keeps_the_sets_order(app, host, teacher, bank_id, make_user):
    from quizapp.authoring import sets
    from quizapp.library.models import Question

    with app.app_context():
        owner = db.session.get(type(teacher), teacher.id)
        ids = db.session.scalars(db.select(Question.id).order_by(Question.id.desc())).all()[:3]
        qset = sets.create_set(owner.id, title="Three questions, last first")
        sets.add_to_set(qset, ids, owner)
        set_id = qset.id
    assert f'value="set:{set_id}"' in text(host.get("/classroom/"))
    sid = start(host, bank_id, source=f"set:{set_id}", count=10)
    with app.app_context():
        session = db.session.get(ClassroomSession, sid)
        assert session.source == f"set:{set_id}" and session.title == "Three questions, last first"
        assert [sq.question_id for sq in session.questions] == ids
    # another teacher's private set cannot be played
    make_user("t2@example.org", role="teacher")
    other = app.test_client()
    login(other, "t2@example.org")
    response = other.post("/classroom/start", data={**START, "source": f"set:{set_id}"})
    assert response.status_code == 422


def test_players_appear_live_with_etags(app, host, bank_id):
    sid = start(host, bank_id)
    url = f"/classroom/s/{sid}/host/state.json"
    first = host.get(url)
    assert first.status_code == 200 and first.headers["ETag"]
    assert "Nobody yet" in first.json["html"]
    unchanged = host.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert unchanged.status_code == 304 and unchanged.data == b""
    join(app, code_of(app, sid), "Ada")
    changed = host.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != first.headers["ETag"]
    assert "Ada" in changed.json["html"]
    assert changed.headers["Cache-Control"] == "no-cache, private"


# --- joining ---------------------------------------------------------------------------------


def test_join_without_an_account_and_wait_in_the_lobby(app, host, bank_id):
    sid = start(host, bank_id)
    phone = app.test_client()
    form = phone.get(f"/classroom/join?code={code_of(app, sid)}")
    assert form.status_code == 200 and code_of(app, sid) in text(form)
    response = phone.post("/classroom/join", data={"code": code_of(app, sid), "nickname": "  Ada   L. "})
    assert response.location == f"/classroom/s/{sid}/play"
    assert "classroom_player_" in response.headers["Set-Cookie"]
    assert "HttpOnly" in response.headers["Set-Cookie"]
    page = text(phone.get(f"/classroom/s/{sid}/play"))
    assert "You're in, Ada L.!" in page
    # with JavaScript off, the waiting page refreshes itself and offers a Refresh link
    assert '<noscript><meta http-equiv="refresh"' in page
    assert ">Refresh</a>" in page


@pytest.mark.parametrize(
    "nickname, message",
    [
        ("", "Choose a nickname"),
        ("   ", "Choose a nickname"),
        ("x" * 25, "24 characters or fewer"),
        ("esc\x1b[31mred", "control or invisible"),
        ("zero\u200bwidth", "control or invisible"),
        ("rtl\u202eevil", "control or invisible"),
        ("bell\x07", "control or invisible"),
    ],
)
def test_nicknames_are_filtered_for_length_and_control_characters(app, host, bank_id, nickname, message):
    sid = start(host, bank_id)
    response = app.test_client().post(
        "/classroom/join", data={"code": code_of(app, sid), "nickname": nickname}
    )
    assert response.status_code == 422
    assert message in text(response)


def test_nicknames_are_unique_within_a_session_ignoring_case(app, host, bank_id):
    sid = start(host, bank_id)
    join(app, code_of(app, sid), "Sam")
    response = app.test_client().post("/classroom/join", data={"code": code_of(app, sid), "nickname": "SAM"})
    assert response.status_code == 422
    assert "That nickname is taken" in text(response)
    # another session may have its own Sam
    other = start(host, bank_id)
    join(app, code_of(app, other), "Sam")


@pytest.mark.parametrize("code", ["", "12345", "abcdef", "1234567", "000000"])
def test_a_wrong_join_code_is_explained(app, host, bank_id, code):
    start(host, bank_id)
    response = app.test_client().post("/classroom/join", data={"code": code, "nickname": "Ada"})
    assert response.status_code == 422
    assert re.search(r"6 digits|No open session has that code|Type the code", text(response))


def test_a_reconnecting_student_keeps_identity_and_answers(app, host, bank_id):
    sid = start(host, bank_id)
    code = code_of(app, sid)
    phone = join(app, code, "Ada")
    control(host, sid, "next")
    position, q = current(app, sid)
    assert answer(phone, sid, position, q.answer).json["ok"]

    # the browser restarts: only the cookie jar survives
    cookie = phone.get_cookie(f"classroom_player_{sid}", path="/classroom/")
    assert cookie is not None
    reborn = app.test_client()
    reborn.set_cookie(cookie.key, cookie.value, path="/classroom/")
    back = reborn.get(f"/classroom/join?code={code}")
    assert back.status_code == 302 and back.location == f"/classroom/s/{sid}/play"
    page = text(reborn.get(f"/classroom/s/{sid}/play"))
    assert "Answer received" in page and "Ada" in page
    # joining again with another nickname keeps the first identity
    again = reborn.post("/classroom/join", data={"code": code, "nickname": "Someone Else"})
    assert again.status_code == 302
    with app.app_context():
        players = db.session.scalars(db.select(Player).where(Player.session_id == sid)).all()
        assert [p.nickname for p in players] == ["Ada"]
    # the answer given before the reconnect still counts, once
    assert answer(reborn, sid, position, wrong_answer(q)).json["message"].startswith("You already answered")
    rows = stored_answers(app, sid)
    assert len(rows) == 1 and rows[0].correct


def test_a_logged_in_student_is_recognised_on_another_device(app, host, bank_id, make_user):
    make_user("kid@example.org", name="Kid")
    sid = start(host, bank_id)
    code = code_of(app, sid)
    laptop = app.test_client()
    login(laptop, "kid@example.org")
    assert 'value="Kid"' in text(laptop.get(f"/classroom/join?code={code}"))
    join(app, code, "Kiddo", client=laptop)
    phone = app.test_client()
    login(phone, "kid@example.org")
    # the link (a GET) only shows the form: it changes nothing, so the laptop keeps its place
    form = phone.get(f"/classroom/join?code={code}")
    assert form.status_code == 200 and 'value="Kid"' in text(form)
    assert "Kiddo" in text(laptop.get(f"/classroom/s/{sid}/play"))
    back = phone.post("/classroom/join", data={"code": code, "nickname": "Kid"})  # joining is the POST
    assert back.status_code == 302 and back.location.endswith("/play")
    assert "Kiddo" in text(phone.get(f"/classroom/s/{sid}/play"))
    with app.app_context():
        player = db.session.scalars(db.select(Player).where(Player.session_id == sid)).one()
        assert player.user_id is not None


# --- the teacher's pace ----------------------------------------------------------------------


def test_teacher_paced_flow_open_answer_close_reveal_next_end(app, host, bank_id):
    sid = start(host, bank_id, count=3)
    code = code_of(app, sid)
    ada, bob = join(app, code, "Ada"), join(app, code, "Bob")
    assert "Start: open question 1" in text(host.get(f"/classroom/s/{sid}/host"))

    assert control(host, sid, "next").status_code == 302
    position, q = current(app, sid)
    assert position == 0
    phone_page = text(ada.get(f"/classroom/s/{sid}/play"))
    assert "Send my answer" in phone_page and q.prompt.split()[0] in phone_page
    assert '<meta http-equiv="refresh"' not in phone_page  # typing must not be wiped by a refresh
    projector = text(host.get(f"/classroom/s/{sid}/host"))
    assert "0</strong> of 2 answered" in projector

    acknowledged = answer(ada, sid, 0, q.answer).json
    assert acknowledged["ok"] and acknowledged["message"] == "Answer received."
    # the acknowledgement brings the phone's next page along, with its ETag
    assert acknowledged["mode"] == "waiting" and "Answer received" in acknowledged["html"]
    assert (
        ada.get(
            f"/classroom/s/{sid}/state.json", headers={"If-None-Match": f'"{acknowledged["etag"]}"'}
        ).status_code
        == 304
    )
    assert answer(bob, sid, 0, wrong_answer(q)).status_code == 200
    assert "2</strong> of 2 answered" in text(host.get(f"/classroom/s/{sid}/host"))
    waiting = ada.get(f"/classroom/s/{sid}/state.json").json
    assert waiting["mode"] == "waiting" and "Answer received" in waiting["html"]

    control(host, sid, "close")
    reveal = ada.get(f"/classroom/s/{sid}/state.json").json
    assert reveal["mode"] == "reveal"
    assert "Right!" in reveal["html"] and "How the class answered" in reveal["html"]
    assert str(escape(q.items[0] if q.type == "list" else q.answer)) in reveal["html"]
    assert "Where the article says so" in reveal["html"] and "<mark>" in reveal["html"]
    assert "Leaderboard" in reveal["html"]
    assert "Not this time" in bob.get(f"/classroom/s/{sid}/state.json").json["html"]
    projector = text(host.get(f"/classroom/s/{sid}/host"))
    assert "How the class answered" in projector and "Next question" in projector

    control(host, sid, "next")
    assert current(app, sid)[0] == 1
    control(host, sid, "next")
    control(host, sid, "next")  # the last one closes; no fourth question
    assert "That was the last question" in text(host.get(f"/classroom/s/{sid}/host"))
    ended = control(host, sid, "end")
    assert ended.location == f"/classroom/s/{sid}/results"
    over = ada.get(f"/classroom/s/{sid}/state.json").json
    assert over["mode"] == "ended" and "The session is over" in over["html"]
    # the code is free again, and nobody can join the ended session
    with app.app_context():
        assert db.session.get(ClassroomSession, sid).open_code is None
    response = app.test_client().post("/classroom/join", data={"code": code, "nickname": "Late"})
    assert "No open session has that code" in text(response)


def test_a_reveal_served_from_memory_equals_one_rendered_afresh(app, host, bank_id):
    sid = start(host, bank_id)
    code = code_of(app, sid)
    ada, bob, cy = join(app, code, "Ada"), join(app, code, "Bob"), join(app, code, "Cy")
    control(host, sid, "next")
    position, q = current(app, sid)
    answer(ada, sid, position, q.answer)
    answer(bob, sid, position, wrong_answer(q))
    control(host, sid, "close")
    url = f"/classroom/s/{sid}/state.json"
    ada.get(url)  # renders the shared body once
    pages = {name: phone.get(url).json for name, phone in (("bob", bob), ("cy", cy))}  # from memory
    classroom_results._REVEAL_CACHE.clear()
    live._STANDINGS_CACHE.clear()
    for name, phone in (("bob", bob), ("cy", cy)):
        fresh = phone.get(url).json
        assert fresh["html"] == pages[name]["html"] and fresh["mode"] == pages[name]["mode"] == "reveal"
    assert "Not this time" in pages["bob"]["html"] and "No answer" in pages["cy"]["html"]
    assert "Bob" in pages["bob"]["html"] and "Leaderboard" in pages["cy"]["html"]


def test_a_late_answer_is_refused_with_a_clear_message(app, host, bank_id):
    sid = start(host, bank_id)
    phone = join(app, code_of(app, sid), "Ada")
    control(host, sid, "next")
    control(host, sid, "close")
    late = answer(phone, sid, 0, "anything")
    assert late.status_code == 409
    assert late.json == {
        "ok": False,
        "error": "Too late: question 1 closed before your answer arrived, so it was not counted.",
    }
    # without JavaScript: the same message as a flash on the play page
    response = phone.post(
        f"/classroom/s/{sid}/answer", data={"position": 0, "response": "x"}, follow_redirects=True
    )
    assert "Too late: question 1 closed" in text(response)
    # a question not yet open
    early = answer(phone, sid, 2, "anything")
    assert early.status_code == 409 and "not open yet" in early.json["error"]
    assert stored_answers(app, sid) == []


def test_a_timer_closes_the_question_when_it_is_read(app, teacher, bank_id):
    with app.app_context():
        owner = db.session.get(type(teacher), teacher.id)
        session = sessions.create_session(owner, f"bank:{bank_id}", sessions.SessionOptions(timer_seconds=20))
        joined = classroom_players.join(session, "Ada")
        t0 = utcnow()
        sq = sessions.open_question(session, 0, now=t0)
        assert sq.closes_at == t0 + timedelta(seconds=20)
        assert sessions.is_open(session, sq, t0 + timedelta(seconds=19))
        assert sessions.seconds_left(sq, t0 + timedelta(seconds=12.5)) == 8
        key_open = live.player_state_key(session, joined.player, t0 + timedelta(seconds=19))
        assert not sessions.is_open(session, sq, t0 + timedelta(seconds=20))
        # nothing was written, but every reader sees it closed, and the phone's ETag changes
        assert sq.state == "open"
        assert live.player_state_key(session, joined.player, t0 + timedelta(seconds=21)) != key_open
        assert screens.player_view(session, joined.player, now=t0 + timedelta(seconds=21)).mode == "reveal"
        with pytest.raises(sessions.AnswerRefused, match="Too late: question 1 closed"):
            classroom_answers.record_answer(session, joined.player, 0, "x", now=t0 + timedelta(seconds=21))
        ok, created = classroom_answers.record_answer(
            session, joined.player, 0, "", now=t0 + timedelta(seconds=5)
        )
        assert created and ok.elapsed_ms == 5000
        # closing later keeps the moment the timer closed it
        sessions.close_question(session, now=t0 + timedelta(seconds=60))
        assert sq.closed_at == t0 + timedelta(seconds=20)


def test_a_duplicate_answer_counts_once(app, host, bank_id):
    sid = start(host, bank_id)
    phone = join(app, code_of(app, sid), "Ada")
    control(host, sid, "next")
    position, q = current(app, sid)
    first = answer(phone, sid, position, wrong_answer(q))
    second = answer(phone, sid, position, q.answer)
    assert first.json["message"] == "Answer received."
    assert second.status_code == 200
    assert second.json["message"] == "You already answered; your first answer stands."
    rows = stored_answers(app, sid)
    assert len(rows) == 1 and not rows[0].correct
    assert "1</strong> of 1 answered" in text(host.get(f"/classroom/s/{sid}/host"))


def test_an_answer_sent_again_is_stored_and_counted_once_even_after_the_question_closed(
    app, teacher, bank_id
):
    """The unique (player, question) constraint settles a resend in the INSERT itself (ON CONFLICT DO
    NOTHING), so two requests racing cannot both store: there is no check before it to race past."""
    from quizapp.itemstats.figures import figures_for

    with app.app_context():
        owner = db.session.get(type(teacher), teacher.id)
        session = sessions.create_session(owner, f"bank:{bank_id}", sessions.SessionOptions())
        player = classroom_players.join(session, "Ada").player
        sessions.open_question(session, 0)
        # the session's questions are drawn at random: a second answer the question accepts
        row = db.session.get(QuestionRow, session.questions[0].question_id)
        other = (row.choices or ["something else"])[-1]
        first, created = classroom_answers.record_answer(session, player, 0, "")
        assert created
        again, created = classroom_answers.record_answer(session, player, 0, other)
        assert not created and again.id == first.id and again.response == ""
        sessions.close_question(session)
        late, created = classroom_answers.record_answer(session, player, 0, other)
        assert not created and late.id == first.id
        n = db.session.scalar(db.select(db.func.count()).select_from(PlayerAnswer))
        assert n == 1
        qid = session.questions[0].question_id
        assert figures_for([qid])[qid].by_mode["classroom"].answers == 1


def test_two_sessions_at_once_stay_apart(app, host, bank_id, make_user):
    make_user("t2@example.org", role="teacher")
    other_host = app.test_client()
    login(other_host, "t2@example.org")
    a, b = start(host, bank_id), start(other_host, bank_id)
    assert code_of(app, a) != code_of(app, b)
    ada = join(app, code_of(app, a), "Ada")
    bea = join(app, code_of(app, b), "Bea")
    control(host, a, "next")
    control(other_host, b, "next")
    pa, qa = current(app, a)
    pb, qb = current(app, b)
    assert answer(ada, a, pa, qa.answer).json["ok"]
    assert answer(bea, b, pb, wrong_answer(qb)).json["ok"]
    # a phone of session A is no player of session B
    assert ada.get(f"/classroom/s/{b}/state.json").status_code == 403
    assert answer(ada, b, pb, qb.answer).status_code == 403
    assert [r.correct for r in stored_answers(app, a)] == [True]
    assert [r.correct for r in stored_answers(app, b)] == [False]
    assert "Ada" in text(host.get(f"/classroom/s/{a}/host")) and "Bea" not in text(
        host.get(f"/classroom/s/{a}/host")
    )


def test_a_teacher_who_is_not_the_owner_gets_403(app, host, bank_id, make_user):
    sid = start(host, bank_id)
    join(app, code_of(app, sid), "Ada")
    with app.app_context():
        player_id = db.session.scalars(db.select(Player.id)).one()
    make_user("t2@example.org", role="teacher")
    intruder = app.test_client()
    login(intruder, "t2@example.org")
    for url in ("host", "host/state.json", "results", "results.csv", "qr.svg"):
        assert intruder.get(f"/classroom/s/{sid}/{url}").status_code == 403, url
    for action in ("next", "close", "end"):
        assert control(intruder, sid, action).status_code == 403
    assert intruder.post(f"/classroom/s/{sid}/players/{player_id}/remove").status_code == 403
    with app.app_context():
        session = db.session.get(ClassroomSession, sid)
        assert session.status == "lobby" and session.current_position is None
    # an admin may step in for a teacher
    make_user("admin@example.org", role="admin")
    admin = app.test_client()
    login(admin, "admin@example.org")
    assert admin.get(f"/classroom/s/{sid}/host").status_code == 200


def test_the_teacher_removes_a_player(app, host, bank_id):
    sid = start(host, bank_id)
    code = code_of(app, sid)
    ada, troll = join(app, code, "Ada"), join(app, code, "Troll")
    with app.app_context():
        troll_id = db.session.scalars(db.select(Player.id).where(Player.nickname == "Troll")).one()
    response = host.post(f"/classroom/s/{sid}/players/{troll_id}/remove", follow_redirects=True)
    assert "Troll was removed" in text(response)
    assert "You were removed" in troll.get(f"/classroom/s/{sid}/state.json").json["html"]
    control(host, sid, "next")
    position, q = current(app, sid)
    refused = answer(troll, sid, position, q.answer)
    assert refused.status_code == 409 and "removed you" in refused.json["error"]
    # the removed player cannot come back under a new name from the same phone
    again = troll.post("/classroom/join", data={"code": code, "nickname": "Troll2"})
    assert again.status_code == 422 and "removed you" in text(again)
    answer(ada, sid, position, q.answer)
    results = text(host.get(f"/classroom/s/{sid}/results"))
    assert "Ada" in results and "Troll" not in results
    assert host.post(f"/classroom/s/{sid}/players/99999/remove").status_code == 404


# --- self-paced ------------------------------------------------------------------------------


def test_self_paced_students_go_at_their_own_pace_until_the_deadline(app, host, bank_id):
    sid = start(host, bank_id, pace="self", count=3, deadline_hours=2)
    code = code_of(app, sid)
    ada, bob = join(app, code, "Ada"), join(app, code, "Bob")
    assert "Homework" in text(host.get(f"/classroom/s/{sid}/host"))
    with app.app_context():
        sqs = db.session.scalars(
            db.select(SessionQuestion)
            .where(SessionQuestion.session_id == sid)
            .order_by(SessionQuestion.position)
        ).all()
        qs_ = [row_to_question(sq.question) for sq in sqs]
    for i, q in enumerate(qs_):
        page = ada.get(f"/classroom/s/{sid}/state.json").json
        assert page["mode"] == "question"
        assert f"Question {i + 1} of 3" in page["html"]
        assert answer(ada, sid, i, q.answer).json["ok"]
        after = ada.get(f"/classroom/s/{sid}/state.json").json
        assert "Right!" in after["html"]  # the feedback on the answer just given, with the right answer
    assert ada.get(f"/classroom/s/{sid}/state.json").json["mode"] == "done"
    assert bob.get(f"/classroom/s/{sid}/state.json").json["mode"] == "question"
    assert "3/3" in text(host.get(f"/classroom/s/{sid}/host"))
    # past the deadline, answers are refused and the session settles as ended
    with app.app_context():
        session = db.session.get(ClassroomSession, sid)
        bob_player = db.session.scalars(db.select(Player).where(Player.nickname == "Bob")).one()
        later = session.deadline + timedelta(seconds=1)
        with pytest.raises(sessions.AnswerRefused, match="the session has ended"):
            classroom_answers.record_answer(session, bob_player, 0, qs_[0].answer, now=later)
        sessions.settle(session, now=later)
        assert session.status == "ended" and session.open_code is None
        assert session.ended_at == session.deadline
    assert control(host, sid, "next").status_code == 302  # a friendly flash, not an error page


# --- leaderboard, results, item analysis, gradebook -------------------------------------------


def test_points_with_and_without_the_speed_bonus():
    session = ClassroomSession(speed_bonus=True, timer_seconds=20)
    fast = PlayerAnswer(credit=1.0, elapsed_ms=0)
    half = PlayerAnswer(credit=1.0, elapsed_ms=10_000)
    slow = PlayerAnswer(credit=1.0, elapsed_ms=25_000)
    wrong = PlayerAnswer(credit=0.0, elapsed_ms=0)
    partial = PlayerAnswer(credit=0.5, elapsed_ms=0)
    assert [classroom_results.points_for(session, a) for a in (fast, half, slow, wrong, partial)] == [
        150,
        125,
        100,
        0,
        75,
    ]
    session.speed_bonus = False
    assert [classroom_results.points_for(session, a) for a in (fast, half, slow, wrong, partial)] == [
        100,
        100,
        100,
        0,
        50,
    ]
    untimed = ClassroomSession(speed_bonus=True, timer_seconds=0)
    assert (
        classroom_results.points_for(untimed, PlayerAnswer(credit=1.0, elapsed_ms=15_000)) == 125
    )  # 30 s window


def _hand_made_session(app: Flask, teacher: Any, bank_id: int) -> int:
    """Six students, two multiple-choice questions, answers chosen by hand (see the test for the sums)."""
    from quizapp.library.models import Question

    with app.app_context():
        owner = db.session.get(type(teacher), teacher.id)
        session = sessions.create_session(owner, f"bank:{bank_id}", sessions.SessionOptions(count=8))
        mc = [sq for sq in session.questions if sq.question.type == "multiple_choice"]
        # put the two multiple-choice questions first: Crimea (2014) then Brussels
        mc.sort(key=lambda sq: sq.question.uid != "q-date-crimea")
        crimea, brussels = mc[0], mc[1]
        assert db.session.get(Question, crimea.question_id).answer == "2014"
        t0 = utcnow()
        players = [
            classroom_players.join(session, name, now=t0).player
            for name in ("P1", "P2", "P3", "P4", "P5", "P6")
        ]
        # question A (Crimea, answer 2014): P1 P2 P3 P5 right; P4 and P6 chose 1997
        sessions.open_question(session, crimea.position, now=t0)
        for p, r in zip(players, ["2014", "2014", "2014", "1997", "2014", "1997"], strict=True):
            classroom_answers.record_answer(session, p, crimea.position, r, now=t0 + timedelta(seconds=1))
        # question B (Brussels): P1 P2 right; P3 Moscow; P4 Moscow; P5 Kyiv; P6 does not answer
        sessions.open_question(session, brussels.position, now=t0 + timedelta(seconds=10))
        for p, r in zip(players[:5], ["Brussels", "Brussels", "Moscow", "Moscow", "Kyiv"], strict=True):
            classroom_answers.record_answer(session, p, brussels.position, r, now=t0 + timedelta(seconds=11))
        sessions.end_session(session, now=t0 + timedelta(seconds=30))
        return session.id


def test_item_analysis_on_a_small_hand_made_example(app, teacher, bank_id):
    sid = _hand_made_session(app, teacher, bank_id)
    with app.app_context():
        session = db.session.get(ClassroomSession, sid)
        res = classroom_results.results(session)
        by_prompt = {q.question.answer: q for q in res.questions if q.answered}
        a, b = by_prompt["2014"], by_prompt["Brussels"]
        # scores: P1 2, P2 2, P3 1, P5 1, P4 0, P6 0 -> top third {P1, P2}, bottom third {P4, P6}
        assert [s.nickname for s in res.students][:2] == ["P1", "P2"]
        assert {s.nickname: s.score for s in res.students} == {
            "P1": 2,
            "P2": 2,
            "P3": 1,
            "P4": 0,
            "P5": 1,
            "P6": 0,
        }
        assert (a.answered, a.correct, a.share_correct) == (6, 4, 0.67)
        assert a.discrimination == 1.0  # top 2/2 right, bottom 0/2
        assert {o.label: o.count for o in a.options} == {"1997": 2, "2014": 4, "2021": 0, "2022": 0}
        assert [o.label for o in a.options if o.correct] == ["2014"]
        assert (b.answered, b.correct, b.share_correct) == (5, 2, 0.4)
        assert b.discrimination == 1.0  # top 2/2, bottom 0/2 (P6 did not answer: not correct)
        assert {o.label: o.count for o in b.options} == {"Moscow": 2, "Brussels": 2, "Kyiv": 1, "Romania": 0}
        assert {o.label: o.percent for o in b.options}["Moscow"] == 40
        unasked = [q for q in res.questions if not q.answered]
        assert all(q.share_correct is None for q in unasked)
        assert res.asked == 2


def test_discrimination_needs_three_students(app, teacher, bank_id):
    with app.app_context():
        owner = db.session.get(type(teacher), teacher.id)
        session = sessions.create_session(owner, f"bank:{bank_id}", sessions.SessionOptions(count=2))
        for name in ("A", "B"):
            classroom_players.join(session, name)
        assert all(q.discrimination is None for q in classroom_results.results(session).questions)


def test_results_page_leaderboard_and_csv_gradebook(app, host, teacher, bank_id):
    sid = _hand_made_session(app, teacher, bank_id)
    with app.app_context():  # a nickname a spreadsheet would run as a formula
        db.session.scalars(db.select(Player).where(Player.nickname == "P6")).one().nickname = "=HYPERLINK(1)"
        db.session.commit()
    page = text(host.get(f"/classroom/s/{sid}/results"))
    assert "item analysis" in page and "Discrimination" in page
    assert "+1.00" in page and "67%" in page and "40%" in page
    csv_response = host.get(f"/classroom/s/{sid}/results.csv")
    assert csv_response.mimetype == "text/csv"
    assert "attachment" in csv_response.headers["Content-Disposition"]
    body = csv_response.get_data(as_text=True)
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body[1:])))
    header = rows[0]
    assert header[:2] == ["Nickname", "Account"] and header[-5:] == [
        "Answered",
        "Score",
        "Out of",
        "Percent",
        "Points",
    ]
    assert header[2:-5] == [f"Q{i}" for i in range(1, 9)]
    by_nick = {r[0]: r for r in rows[1:]}
    assert set(by_nick) == {"P1", "P2", "P3", "P4", "P5", "'=HYPERLINK(1)"}
    assert by_nick["P1"][-5:-1] == ["2", "2", "8", "25"]
    assert by_nick["P4"][-5:-2] == ["2", "0", "8"]
    assert by_nick["'=HYPERLINK(1)"][-5] == "1"  # answered one question
    # speed bonus: answered 1 s into each question (30 s window) -> 148 + 148
    assert int(by_nick["P1"][-1]) == 2 * round(100 + 50 * (1 - 1000 / 30000))


def test_the_leaderboard_can_be_turned_off(app, host, bank_id):
    sid = start(host, bank_id, show_leaderboard="")
    phone = join(app, code_of(app, sid), "Ada")
    control(host, sid, "next")
    position, q = current(app, sid)
    answer(phone, sid, position, q.answer)
    control(host, sid, "close")
    html = phone.get(f"/classroom/s/{sid}/state.json").json["html"]
    assert "Right!" in html and "Leaderboard" not in html
    assert "Leaderboard" not in text(host.get(f"/classroom/s/{sid}/host"))


def test_history_lists_the_teachers_sessions(app, host, bank_id):
    first = start(host, bank_id)
    join(app, code_of(app, first), "Ada")
    control(host, first, "end")
    start(host, bank_id, pace="self")
    page = text(host.get("/classroom/"))
    assert "Your sessions" in page
    assert page.count("/results") == 2
    assert "Self-paced" in page and "Ended" in page


# --- flashcards, live polling, bad input ------------------------------------------------------


def test_answers_of_logged_in_students_count_toward_flashcards(app, host, bank_id, make_user, monkeypatch):
    calls: list[tuple[Any, ...]] = []
    monkeypatch.setattr(
        classroom_answers,
        "count_toward_flashcards",
        lambda user_id, qid, correct, now: calls.append((user_id, qid, correct)),
    )
    kid = make_user("kid@example.org")
    sid = start(host, bank_id)
    logged_in = app.test_client()
    login(logged_in, "kid@example.org")
    join(app, code_of(app, sid), "Kid", client=logged_in)
    anonymous = join(app, code_of(app, sid), "Anon")
    control(host, sid, "next")
    position, q = current(app, sid)
    answer(logged_in, sid, position, q.answer)
    answer(anonymous, sid, position, q.answer)
    answer(logged_in, sid, position, q.answer)  # a duplicate is not a second review
    with app.app_context():
        qid = db.session.scalars(
            db.select(SessionQuestion.question_id).where(
                SessionQuestion.session_id == sid, SessionQuestion.position == position
            )
        ).one()
    assert calls == [(kid.id, qid, True)]


def test_a_logged_in_students_answer_is_a_flashcard_review(app, host, bank_id, make_user):
    from quizapp.study.models import Card, Review

    kid = make_user("kid@example.org")
    sid = start(host, bank_id)
    phone = app.test_client()
    login(phone, "kid@example.org")
    join(app, code_of(app, sid), "Kid", client=phone)
    control(host, sid, "next")
    position, q = current(app, sid)
    assert answer(phone, sid, position, wrong_answer(q)).json["ok"]
    with app.app_context():
        reviews = db.session.scalars(db.select(Review).where(Review.user_id == kid.id)).all()
        assert [(r.source, r.rating) for r in reviews] == [("classroom", 1)]  # wrong: Again
        card = db.session.get(Card, reviews[0].card_id)
        sq = db.session.scalars(
            db.select(SessionQuestion).where(
                SessionQuestion.session_id == sid, SessionQuestion.position == position
            )
        ).one()
        assert card.question_id == sq.question_id


def test_the_phone_polls_with_etags(app, host, bank_id):
    sid = start(host, bank_id)
    phone = join(app, code_of(app, sid), "Ada")
    url = f"/classroom/s/{sid}/state.json"
    lobby = phone.get(url)
    assert lobby.json["mode"] == "lobby" and lobby.json["poll_ms"] > 0
    etag = lobby.headers["ETag"]
    assert phone.get(url, headers={"If-None-Match": etag}).status_code == 304
    join(app, code_of(app, sid), "Bob")  # another student joining does not change this phone's page
    assert phone.get(url, headers={"If-None-Match": etag}).status_code == 304
    control(host, sid, "next")
    opened = phone.get(url, headers={"If-None-Match": etag})
    assert opened.status_code == 200 and opened.json["mode"] == "question"
    assert f'data-json-action="/classroom/s/{sid}/answer.json"' in opened.json["html"]
    # an open question is the same page on every phone (no token in it: classroom.js sends it in a header)
    other = join(app, code_of(app, sid), "Cleo").get(url).json
    assert other["html"] == opened.json["html"] and "csrf_token" not in other["html"]
    assert other["mode"] == "question" and other["position"] == opened.json["position"]
    # a phone that never joined is sent to the join form
    stranger = app.test_client().get(url)
    assert stranger.status_code == 403 and stranger.json["join"].startswith("/classroom/join?code=")
    assert app.test_client().get(f"/classroom/s/{sid}/play").location.startswith("/classroom/join?code=")


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
def test_the_json_answer_needs_the_csrf_token_in_a_header(app, make_user, bank_id):
    make_user("teacher@example.org", role="teacher")
    teacher_client = app.test_client()
    login_page = text(teacher_client.get("/auth/login"))
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page).group(1)
    teacher_client.post(
        "/auth/login", data={"email": "teacher@example.org", "password": PASSWORD, "csrf_token": token}
    )
    start_page = text(teacher_client.get("/classroom/"))
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', start_page).group(1)
    sid = start(teacher_client, bank_id, csrf_token=token)
    host_page = text(teacher_client.get(f"/classroom/s/{sid}/host"))
    token = re.search(r'name="csrf_token" value="([^"]+)"', host_page).group(1)
    assert control(teacher_client, sid, "next").status_code == 400  # no token: refused
    assert control(teacher_client, sid, "next", csrf_token=token).status_code == 302

    phone = app.test_client()
    join_page = text(phone.get(f"/classroom/join?code={code_of(app, sid)}"))
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', join_page).group(1)
    phone.post("/classroom/join", data={"code": code_of(app, sid), "nickname": "Ada", "csrf_token": token})
    play = text(phone.get(f"/classroom/s/{sid}/play"))
    token = re.search(r'name="csrf_token" value="([^"]+)"', play).group(1)
    position, q = current(app, sid)
    url = f"/classroom/s/{sid}/answer.json"
    refused = phone.post(
        url, data={"position": position, "response": q.answer}, headers={"Accept": "application/json"}
    )
    assert refused.status_code == 400 and "expired or was tampered with" in refused.json["message"]
    ok = phone.post(
        url,
        data={"position": position, "response": q.answer},
        headers={"X-CSRFToken": token, "Accept": "application/json"},
    )
    assert ok.status_code == 200 and ok.json["ok"]


def test_bad_input_never_gives_a_500(app, host, bank_id):
    sid = start(host, bank_id)
    phone = join(app, code_of(app, sid), "Ada")
    control(host, sid, "next")
    position, q = current(app, sid)
    bad_answers = [
        {"position": "x", "response": "a"},
        {"response": "a"},
        {"position": "999", "response": "a"},
        {"position": "-1", "response": "a"},
        {"position": "9" * 40, "response": "a"},
        {"position": str(position), "response": "y" * 5000},
    ]
    if q.choices:
        bad_answers.append({"position": str(position), "response": "not a choice"})
    for data in bad_answers:
        json_response = phone.post(f"/classroom/s/{sid}/answer.json", data=data)
        assert json_response.status_code in (400, 409), data
        assert json_response.json["ok"] is False and json_response.json["error"]
        form_response = phone.post(f"/classroom/s/{sid}/answer", data=data)
        assert form_response.status_code == 302
    assert stored_answers(app, sid) == []
    big = "9" * 40
    for url in ("/classroom/s/99999/play", "/classroom/s/99999/state.json", "/classroom/s/99999/host"):
        assert phone.get(url).status_code == 404 or host.get(url).status_code == 404
    for url in ("play", "state.json", "host", "host/state.json", "results", "results.csv", "qr.svg"):
        assert host.get(f"/classroom/s/{big}/{url}").status_code == 404
    assert host.post(f"/classroom/s/{sid}/players/{big}/remove").status_code == 404
    assert phone.post("/classroom/s/99999/answer.json", data={"position": 0}).status_code == 404
    for data in (
        {"action": "bogus"},
        {"action": "open", "position": "x"},
        {"action": "open", "position": "99"},
        {"action": "open", "position": "0"},
        {"action": "open", "position": "9" * 40},
    ):
        response = host.post(f"/classroom/s/{sid}/control", data=data, follow_redirects=True)
        assert response.status_code == 200, data
    assert host.post("/classroom/start", data={"source": "bank:1", "count": "9" * 40}).status_code == 422
    huge = app.test_client().post("/classroom/join", data={"code": "1" * 5000, "nickname": "n" * 5000})
    assert huge.status_code == 422
    assert app.test_client().get("/classroom/join?code=" + "9" * 5000).status_code == 200
    bad_cookie = app.test_client()
    bad_cookie.set_cookie(f"classroom_player_{sid}", "x" * 4000, path="/classroom/")
    assert bad_cookie.get(f"/classroom/s/{sid}/state.json").status_code == 403


def test_health_endpoint(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.data == b"ok\n"


def test_what_the_whole_class_asks_for_at_once_is_computed_once():
    """A question closing sends every phone's poll for the same reveal within a second; the threads that
    find it missing wait for the one computing it rather than each computing a copy."""
    import threading
    import time

    calls = []

    def compute():
        calls.append(1)
        time.sleep(0.2)  # long enough for every other thread to arrive while it runs
        return "the reveal"

    key = ("test-single-flight", id(calls))
    results = []

    def ask():
        results.append(classroom_results.cached(key, compute))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=10)
    assert results == ["the reveal"] * 8
    assert len(calls) == 1
    assert classroom_results.cached_value(key) == "the reveal"


def test_a_failed_computation_is_not_cached_and_the_next_asker_tries_again():

    key = ("test-single-flight-error", object())

    def broken():
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        classroom_results.cached(key, broken)
    assert classroom_results.cached_value(key) is None
    assert classroom_results.cached(key, lambda: "second try") == "second try"


def test_typed_wrong_answers_are_grouped_but_shown_as_the_class_typed_them():
    import questions as qs
    from quizapp.classroom.models import PlayerAnswer

    question = qs.Question(
        id="t",
        kind="place",
        type="short_answer",
        prompt="Where is NATO's headquarters?",
        answer="Brussels",
        accepted=(),
        sources=(),
        explanation="",
    )

    def typed(response, credit=0.0):
        return PlayerAnswer(response=response, correct=credit == 1.0, credit=credit)

    answers = [
        typed("Brussels", 1.0),
        typed("Moscow"),
        typed("moscow"),
        typed("Moscow!"),
        typed("Kyiv"),
        typed(""),
    ]
    bars = classroom_results.distribution(question, answers)
    assert [(b.label, b.count) for b in bars] == [
        ("Right", 1),
        ("Moscow", 3),
        ("Kyiv", 1),
        ("(no answer)", 1),
    ]


@pytest.mark.parametrize("app_config", [{"RATELIMIT_ENABLED": True, "RATELIMIT_KEY_PREFIX": "join-codes"}])
def test_a_whole_class_joins_from_one_address_but_guessing_codes_is_stopped(app, host, bank_id):
    """Phones on a school network share one address: 60 of them join one after another. Someone trying
    code after code is stopped after 30 wrong ones a minute, with a page that says to wait."""
    session_id = start(host, bank_id)
    code = code_of(app, session_id)
    for n in range(60):
        join(app, code, f"Student {n}")
    wrong = "000000" if code != "000000" else "111111"
    guesser = app.test_client()
    statuses = [
        guesser.post("/classroom/join", data={"code": wrong, "nickname": "Guess"}).status_code
        for _ in range(30)
    ]
    assert statuses == [422] * 30
    stopped = guesser.post("/classroom/join", data={"code": code, "nickname": "Guess"})
    assert stopped.status_code == 429 and "Too many tries" in stopped.get_data(as_text=True)


@pytest.mark.parametrize("position", ["²", "٣", "１"])
def test_a_position_in_other_digits_is_refused_with_a_message(app, host, bank_id, position):
    """str.isdigit() accepts superscripts and other scripts' digits that int() refuses: the fuzzer's 500."""
    sid = start(host, bank_id)
    phone = join(app, code_of(app, sid), "Ada")
    control(host, sid, "next")

    opened = control(host, sid, "open", position=position)
    answered = answer(phone, sid, position, "x")  # type: ignore[arg-type]

    assert opened.status_code in (302, 422)
    assert answered.status_code == 400
    assert "which question" in answered.get_data(as_text=True)
