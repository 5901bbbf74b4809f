"""What a phone's requests cost the database: an answer is one INSERT (and the item statistics' upsert) in
a short transaction, with nothing read back after the commit; a reveal poll counts nothing over the session
once the state is known; a phone's JSON call does not re-sign the session cookie."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import event

from quizapp.core.extensions import db
from tests.quizapp.classroom.test_classroom import (
    answer,
    bank_id,
    code_of,
    control,
    current,
    host,
    join,
    start,
    stored_answers,
    teacher,
)

__all__ = ["bank_id", "host", "teacher"]  # fixtures shared with test_classroom.py


@contextmanager
def statements(app: Flask) -> Iterator[list[str]]:
    """Every SQL statement the app sends while the block runs, with "COMMIT" where a transaction ends."""
    seen: list[str] = []
    with app.app_context():
        engine = db.engine

    def on_execute(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(" ".join(statement.split()))

    def on_commit(_conn: Any) -> None:
        seen.append("COMMIT")

    event.listen(engine, "before_cursor_execute", on_execute)
    event.listen(engine, "commit", on_commit)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", on_execute)
        event.remove(engine, "commit", on_commit)


def test_an_answer_is_one_insert_and_reads_nothing_back_after_its_commit(app, host, bank_id):
    sid = start(host, bank_id, count=2)
    ada = join(app, code_of(app, sid), "Ada")
    control(host, sid, "next")
    position, q = current(app, sid)
    ada.get(f"/classroom/s/{sid}/play")

    with statements(app) as seen:
        acknowledged = answer(ada, sid, position, q.answer)
    assert acknowledged.status_code == 200
    # what the student sees is unchanged: the acknowledgement, the next page and its ETag
    body = acknowledged.json
    assert body["ok"] and body["mode"] == "waiting" and "Answer received" in body["html"]
    assert (
        ada.get(f"/classroom/s/{sid}/state.json", headers={"If-None-Match": f'"{body["etag"]}"'}).status_code
        == 304
    )
    assert len(stored_answers(app, sid)) == 1

    inserts = [s for s in seen if s.upper().startswith("INSERT")]
    answers_inserted = [s for s in inserts if "classroom_answers" in s]
    assert len(answers_inserted) == 1, seen
    assert seen.count("COMMIT") == 1, seen
    after_commit = seen[seen.index("COMMIT") + 1 :]
    assert after_commit == [], after_commit
    print(f"\nstatements per answer: {len(seen) - 1} ({len(inserts)} INSERT), after the commit: 0")


def test_a_poll_neither_reads_nor_re_signs_the_session_cookie(app, host, bank_id):
    sid = start(host, bank_id, count=2)
    ada = join(app, code_of(app, sid), "Ada")
    ada.get(f"/classroom/s/{sid}/play")
    before = ada.get_cookie("session")
    assert before is not None
    control(host, sid, "next")
    polled = ada.get(f"/classroom/s/{sid}/state.json")
    assert polled.status_code == 200 and polled.json["mode"] == "question"
    assert not any(c.startswith("session=") for c in polled.headers.getlist("Set-Cookie"))
    # a broken session cookie does not matter to a poll: it is not even opened
    ada.set_cookie("session", "not-a-signed-value")
    assert ada.get(f"/classroom/s/{sid}/state.json").json["mode"] == "question"
    ada.set_cookie("session", before.value)
    # the phone's session (its CSRF secret) is still the one its answers are checked against
    position, q = current(app, sid)
    assert answer(ada, sid, position, q.answer).json["ok"]
    # the teacher's own poll is a logged-in page: it still reads the session
    assert host.get(f"/classroom/s/{sid}/host/state.json").status_code == 200
    assert app.test_client().get(f"/classroom/s/{sid}/host/state.json").status_code in (302, 401, 403)


def test_a_reveal_is_counted_once_per_state_not_once_per_phone(app, host, bank_id, monkeypatch):
    from quizapp.classroom import live

    monkeypatch.setattr(live, "_clock", lambda: 1000.0)  # every poll below falls in the same second
    sid = start(host, bank_id, count=2)
    code = code_of(app, sid)
    phones = [join(app, code, f"P{i}") for i in range(4)]
    control(host, sid, "next")
    position, q = current(app, sid)
    for phone in phones[:3]:
        assert answer(phone, sid, position, q.answer).json["ok"]
    control(host, sid, "close")

    with statements(app) as seen:
        first = [phone.get(f"/classroom/s/{sid}/state.json") for phone in phones]
        again = [
            phone.get(f"/classroom/s/{sid}/state.json", headers={"If-None-Match": r.headers["ETag"]})
            for phone, r in zip(phones, first, strict=True)
        ]
    assert [r.json["mode"] for r in first] == ["reveal"] * 4
    assert "Right!" in first[0].json["html"] and "Right!" not in first[3].json["html"]
    assert [r.status_code for r in again] == [304] * 4
    whole_session = [s for s in seen if "FROM classroom_answers WHERE classroom_answers.session_id =" in s]
    # the question's answers, the session's answers and its players: one query for the whole class
    assert len(whole_session) == 1, whole_session
    # the other polls ask only the poll's own indexed query
    polls = [s for s in seen if s.startswith("SELECT classroom_sessions.version")]
    assert len(polls) == 8


def test_the_open_questions_answers_ask_one_query_each_once_the_question_is_read(app, host, bank_id):
    sid = start(host, bank_id, count=2)
    code = code_of(app, sid)
    phones = [join(app, code, name) for name in ("Ada", "Bo", "Cy")]
    control(host, sid, "next")
    position, q = current(app, sid)
    assert answer(phones[0], sid, position, q.answer).json["ok"]  # reads the question for the class

    for phone in phones[1:]:
        with statements(app) as seen:
            body = answer(phone, sid, position, q.answer).json
        assert body["ok"] and body["mode"] == "waiting" and "Answer received" in body["html"]
        selects = [s for s in seen if s.upper().startswith("SELECT")]
        assert len(selects) == 1, seen  # the session, the player and the question, in one query
    assert len(stored_answers(app, sid)) == 3
    # a second answer from the same phone still stores nothing, and says the first stands
    again = answer(phones[1], sid, position, q.answer)
    assert again.status_code == 200 and "first answer stands" in again.json["message"]
    assert len(stored_answers(app, sid)) == 3


LIMITED = {
    "RATELIMIT_ENABLED": True,
    "RATELIMIT_STORAGE_URI": "memory://",
    "RATELIMIT_DEFAULT": "3 per minute",
}


@pytest.mark.parametrize("app_config", [LIMITED])
def test_a_deployments_default_limit_still_holds_on_the_routes_that_skip_the_limiter(app, app_config):
    # /healthz, like a phone's poll and answer, declares no limit of its own, so the limiter's work is
    # skipped there; a default limit the deployment sets applies to every route all the same
    client = app.test_client()
    assert [client.get("/healthz").status_code for _ in range(5)] == [200, 200, 200, 429, 429]
