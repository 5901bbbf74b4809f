"""Push: a phone's event stream hears what the teacher did, without polling; with Redis, a stream hears
what a teacher did through another app (another server); with push off, there is no stream."""

from __future__ import annotations

import json
import re
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from quizapp import create_app
from quizapp.classroom import push
from tests.conftest import TEST_CONFIG
from tests.quizapp.classroom.test_classroom import code_of, control, current, join, login, start, wrong_answer

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def teacher(make_user: Any) -> Any:
    return make_user("teacher@example.org", role="teacher", name="Ms Teacher")


@pytest.fixture
def bank_id(make_bank: Any) -> int:
    return int(make_bank())


@pytest.fixture
def host(app: Flask, teacher: Any) -> Any:
    client = app.test_client()
    login(client, teacher.email)
    return client


@pytest.fixture(autouse=True)
def no_spread(monkeypatch: pytest.MonkeyPatch) -> None:
    """A pushed reveal is built at once here, not within a second as in a classroom."""
    monkeypatch.setattr(push, "SPREAD_SECONDS", 0.0)


def csrf_of(phone: Any, sid: int) -> str:
    play = phone.get(f"/classroom/s/{sid}/play").get_data(as_text=True)
    found = re.search(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"', play)
    assert found is not None
    return found.group(1)


class Stream:
    """A phone's ``…/events`` response read one event at a time (in a thread: the body blocks)."""

    def __init__(self, response: Any) -> None:
        assert response.status_code == 200, response.status_code
        assert response.mimetype == "text/event-stream"
        self.events: list[dict[str, Any]] = []
        self.chunks = iter(response.response)
        self.first = next(self.chunks)  # the first line subscribes the stream to its session
        self.arrived = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for chunk in self.chunks:
            text = chunk.decode() if isinstance(chunk, bytes) else chunk
            if text.startswith("data: "):
                with self.arrived:
                    self.events.append(json.loads(text[len("data: ") :]))
                    self.arrived.notify_all()

    def wait(self, count: int, timeout: float = 5.0) -> list[dict[str, Any]]:
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.events) >= count, timeout=timeout)
            return list(self.events)


def test_a_phones_stream_receives_the_question_the_teacher_opened(app, host, bank_id):
    app.config["PUSH_REVEAL"] = True  # QUIZAPP_PUSH_REVEAL=1; off by default, see the last test
    sid = start(host, bank_id)
    phone = join(app, code_of(app, sid), "Ada")
    play = phone.get(f"/classroom/s/{sid}/play").get_data(as_text=True)
    assert f'data-push-url="/classroom/s/{sid}/events"' in play
    stream = Stream(phone.get(f"/classroom/s/{sid}/events", buffered=False))
    assert stream.first.startswith(b"retry: ")

    assert control(host, sid, "open", position="0").status_code == 302
    position, question = current(app, sid)
    (opened,) = stream.wait(1)
    assert opened["type"] == "question" and opened["position"] == position == 0
    assert question.prompt in opened["html"].replace("&#39;", "'").replace("&#34;", '"')
    # the very page a poll would show this phone
    polled = phone.get(f"/classroom/s/{sid}/state.json").get_json()
    assert polled["mode"] == "question" and polled["html"] == opened["html"]

    # closing it: each phone's reveal differs (its verdict), so its own stream builds it, the very page and
    # ETag a poll gives this phone, and the phone need not ask
    control(host, sid, "close")
    revealed = stream.wait(2)[1]
    polled = phone.get(f"/classroom/s/{sid}/state.json")
    assert revealed["type"] == "state" and revealed["mode"] == "reveal" == polled.get_json()["mode"]
    assert revealed["html"] == polled.get_json()["html"] and revealed["position"] == 0
    assert f'"{revealed["etag"]}"' == polled.headers["ETag"]
    assert (
        phone.get(
            f"/classroom/s/{sid}/state.json", headers={"If-None-Match": f'"{revealed["etag"]}"'}
        ).status_code
        == 304
    )
    control(host, sid, "next")
    third = stream.wait(3)[2]
    assert third["type"] == "question" and third["position"] == 1
    control(host, sid, "end")  # the end's page is the phone's to ask for
    assert stream.wait(4)[3] == {"type": "refresh"}


def test_each_phone_hears_its_own_verdict_in_the_pushed_reveal(app, host, bank_id):
    app.config["PUSH_REVEAL"] = True
    sid = start(host, bank_id)
    code = code_of(app, sid)
    phones = {name: join(app, code, name) for name in ("Ada", "Bruno", "Chloé")}
    streams = {
        name: Stream(phone.get(f"/classroom/s/{sid}/events", buffered=False))
        for name, phone in phones.items()
    }
    control(host, sid, "open", position="0")
    _position, question = current(app, sid)
    for name in streams:
        streams[name].wait(1)
    right = question.answer
    wrong = wrong_answer(question)
    for name, reply in (("Ada", right), ("Bruno", wrong)):  # Chloé does not answer
        answered = phones[name].post(
            f"/classroom/s/{sid}/answer.json",
            data={"position": "0", "response": reply},
            headers={"X-CSRFToken": csrf_of(phones[name], sid), "Accept": "application/json"},
        )
        assert answered.status_code == 200, answered.get_data(as_text=True)
    control(host, sid, "close")
    pages = {name: streams[name].wait(2)[1] for name in streams}
    assert {p["type"] for p in pages.values()} == {"state"}
    for name, phone in phones.items():  # each phone's own page, as its poll would show it
        assert pages[name]["html"] == phone.get(f"/classroom/s/{sid}/state.json").get_json()["html"]
    assert len({p["html"] for p in pages.values()}) == 3


def test_the_question_event_is_built_once_for_the_whole_class(app, host, bank_id, monkeypatch):
    sid = start(host, bank_id)
    code = code_of(app, sid)
    streams = []
    for name in ("Ada", "Bruno", "Chloé", "Dev"):
        phone = join(app, code, name)
        streams.append(Stream(phone.get(f"/classroom/s/{sid}/events", buffered=False)))
    built = []
    original = push.event_for
    monkeypatch.setattr(push, "event_for", lambda session: built.append(1) or original(session))
    control(host, sid, "open", position="0")
    firsts = [s.wait(1)[0] for s in streams]
    assert len(built) == 1
    assert all(f == firsts[0] and f["type"] == "question" for f in firsts)


def test_a_stranger_gets_no_stream_and_push_off_means_none(app, host, bank_id):
    sid = start(host, bank_id)
    assert app.test_client().get(f"/classroom/s/{sid}/events").status_code == 204
    phone = join(app, code_of(app, sid), "Ada")
    app.config["PUSH"] = False
    assert phone.get(f"/classroom/s/{sid}/events").status_code == 204
    play = phone.get(f"/classroom/s/{sid}/play").get_data(as_text=True)
    assert "data-push-url" not in play and "data-state-url" in play  # the page polls as before


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.fixture
def server_b(app: Flask, tmp_path: Any) -> Iterator[Flask]:
    """A second app on the same database, with its own push (as another server has); both apps publish
    and listen through one Redis, under a prefix of this test's own."""
    if not _redis_up():
        pytest.skip("no Redis at 127.0.0.1:6379")
    from quizapp.core.extensions import db

    shared = {
        "PUSH_REDIS_URL": REDIS_URL,
        "PUSH_REDIS_PREFIX": f"quizapp-test-{uuid.uuid4().hex[:8]}:",
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "SQLALCHEMY_ENGINE_OPTIONS": app.config["SQLALCHEMY_ENGINE_OPTIONS"],
    }
    app.config.update(shared)
    other = create_app({**TEST_CONFIG, **shared}, instance_path=str(tmp_path / "b"))
    yield other
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


def test_with_redis_a_phone_on_one_server_hears_the_teacher_on_another(app, server_b, teacher, bank_id):
    teacher_on_b = server_b.test_client()
    login(teacher_on_b, teacher.email)
    sid = start(teacher_on_b, bank_id)
    phone_on_a = join(app, code_of(app, sid), "Ada")
    stream = Stream(phone_on_a.get(f"/classroom/s/{sid}/events", buffered=False))
    assert push.get(app).hub.count() == 1 and push.get(server_b).hub.count() == 0

    started = time.monotonic()
    assert control(teacher_on_b, sid, "open", position="0").status_code == 302
    (opened,) = stream.wait(1)
    assert opened["type"] == "question" and opened["position"] == 0
    assert time.monotonic() - started < 1.0


@pytest.mark.parametrize(
    ("args", "command"),
    [([], None), (["serve", "--port", "8000"], "serve"), (["--instance", "serve", "migrate"], "migrate")],
)
def test_quizapp_patches_for_gevent_only_to_serve(args, command):
    from quizapp.launch import command_of

    assert command_of(args) == command


def test_serve_runs_gevent_workers_with_push_and_threads_without():
    from quizapp.cli import worker_options

    assert worker_options(threads=4, push=True)["worker_class"] == "gevent"
    assert worker_options(threads=4, push=False) == {"worker_class": "gthread", "threads": 4}


def test_by_default_the_stream_tells_the_phone_to_ask_for_its_reveal(app, host, bank_id):
    assert "PUSH_REVEAL" not in app.config  # QUIZAPP_PUSH_REVEAL=1 (classroom_load.py --push-reveal on)
    sid = start(host, bank_id)
    phone = join(app, code_of(app, sid), "Ada")
    stream = Stream(phone.get(f"/classroom/s/{sid}/events", buffered=False))
    control(host, sid, "open", position="0")
    stream.wait(1)
    control(host, sid, "close")
    assert stream.wait(2)[1] == {"type": "refresh"}
    assert phone.get(f"/classroom/s/{sid}/state.json").get_json()["mode"] == "reveal"
