"""The production server is killed (SIGKILL) while students answer: every acknowledged answer survives,
and after a restart the session carries on where it stopped; with SQLite's synchronous FULL and NORMAL.

The server is started as ``quizapp serve`` does (gunicorn, threaded workers) in a subprocess on a free
port, with a SQLite file in a fresh instance folder. Students are threads with their own HTTP clients.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from quizapp import create_app

ROOT = Path(__file__).resolve().parents[3]
PASSWORD = "correct horse"
STUDENTS = 12
QUESTIONS = 8


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def csrf_token(html: str) -> str:
    return re.search(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"', html).group(1)


class Server:
    """``python -m quizapp serve`` in its own process group, so SIGKILL takes the workers down with it."""

    def __init__(self, instance: Path, port: int, env: dict[str, str] | None = None) -> None:
        self.instance, self.port = instance, port
        self.env = env or {}  # QUIZAPP_ variables for this server (none are passed on from the tests')
        self.url = f"http://127.0.0.1:{port}"
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = (instance / "server.log").open("ab")

    def start(self) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("QUIZAPP_") and k != "DATABASE_URL"}
        env.update(self.env)
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "quizapp",
                "--instance",
                str(self.instance),
                "serve",
                "--port",
                str(self.port),
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, (self.instance / "server.log").read_text()[-3000:]
            try:
                if httpx.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise AssertionError("the server did not start")

    def kill(self) -> None:
        assert self.proc is not None
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        self.log.close()


@pytest.fixture(params=["FULL", "NORMAL"])
def server(request: pytest.FixtureRequest, tmp_path: Path, sample_bank: Any) -> Iterator[Server]:
    """An instance folder with the hand-made bank as its seed bank (no generation) and a teacher; the
    server runs with each QUIZAPP_SQLITE_SYNCHRONOUS: NORMAL too must keep every acknowledged answer
    through a SIGKILL (the commit is in the WAL file, in the OS cache, before the answer is acknowledged)."""
    from flask_migrate import upgrade

    from quizapp.accounts import service as accounts
    from quizapp.core.extensions import db
    from quizapp.library.store import store_bank

    instance = tmp_path / "instance"
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance / 'quizapp.sqlite'}"}, instance_path=str(instance)
    )
    with app.app_context():
        upgrade(revision="heads")
        store_bank(sample_bank, visibility="public", status="approved", is_seed=True)
        accounts.ensure_staff("teacher@example.org", "teacher", PASSWORD, "Teacher")
        db.session.remove()
        db.engine.dispose()
    srv = Server(instance, free_port(), env={"QUIZAPP_SQLITE_SYNCHRONOUS": request.param})
    srv.start()
    try:
        yield srv
    finally:
        srv.stop()


@contextmanager
def login_teacher(url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=url, timeout=10) as client:
        token = csrf_token(client.get("/auth/login").text)
        response = client.post(
            "/auth/login", data={"email": "teacher@example.org", "password": PASSWORD, "csrf_token": token}
        )
        assert response.status_code == 302
        yield client


class Student(threading.Thread):
    """Joins, then answers every question of a self-paced session, retrying through the outage."""

    def __init__(
        self, url: str, code: str, sid: int, nickname: str, acked: list[tuple[str, int]], lock: threading.Lock
    ) -> None:
        super().__init__(daemon=True)
        self.url, self.code, self.sid, self.nickname = url, code, sid, nickname
        self.acked, self.lock = acked, lock
        self.failures = 0
        self.done = False
        self.error: str | None = None

    def call(self, fn: Any) -> Any:
        """Retry while the server is down: a refused connection or a reset is what a phone sees then."""
        deadline = time.monotonic() + 60
        while True:
            try:
                return fn()
            except httpx.TransportError:
                self.failures += 1
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def run(self) -> None:
        try:
            with httpx.Client(base_url=self.url, timeout=5) as http:
                token = csrf_token(self.call(lambda: http.get(f"/classroom/join?code={self.code}")).text)
                joined = self.call(
                    lambda: http.post(
                        "/classroom/join",
                        data={"code": self.code, "nickname": self.nickname, "csrf_token": token},
                    )
                )
                assert joined.status_code == 302, joined.text[:500]
                token = csrf_token(self.call(lambda: http.get(f"/classroom/s/{self.sid}/play")).text)
                for _ in range(200):
                    state = self.call(lambda: http.get(f"/classroom/s/{self.sid}/state.json")).json()
                    if state["mode"] == "done":
                        self.done = True
                        return
                    assert state["mode"] == "question", state["mode"]
                    position = state["position"]
                    choice = re.search(r'name="response" value="([^"]*)"', state["html"])
                    data = {"position": str(position), "response": choice.group(1) if choice else "Brussels"}
                    response = self.call(
                        lambda data=data: http.post(
                            f"/classroom/s/{self.sid}/answer.json",
                            data=data,
                            headers={"X-CSRFToken": token, "Accept": "application/json"},
                        )
                    )
                    assert response.status_code == 200, response.text
                    with self.lock:
                        self.acked.append((self.nickname, position))
                    time.sleep(0.02)
        except Exception as exc:  # reported by the test
            self.error = repr(exc)


def stored_answers(db_path: Path, sid: int) -> list[tuple[str, int]]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(
            "SELECT p.nickname, q.position FROM classroom_answers a "
            "JOIN classroom_players p ON p.id = a.player_id "
            "JOIN classroom_questions q ON q.id = a.session_question_id WHERE a.session_id = ?",
            (sid,),
        ).fetchall()


def start_self_paced(teacher: httpx.Client) -> tuple[int, str]:
    """A self-paced session on the seed bank: (session id, join code)."""
    token = csrf_token(teacher.get("/classroom/").text)
    started = teacher.post(
        "/classroom/start",
        data={
            "csrf_token": token,
            "source": "bank:1",
            "count": QUESTIONS,
            "pace": "self",
            "timer_seconds": 0,
            "deadline_hours": 2,
            "show_leaderboard": "y",
        },
    )
    assert started.status_code == 302, started.text[:1000]
    sid = int(re.search(r"/s/(\d+)/host", started.headers["location"]).group(1))
    code = re.search(r'class="join-code"[^>]*>(\d{3}) (\d{3})', teacher.get(f"/classroom/s/{sid}/host").text)
    return sid, code.group(1) + code.group(2)


def test_sigkill_mid_session_loses_no_acknowledged_answer_and_the_session_carries_on(server):
    with login_teacher(server.url) as teacher:
        sid, code = start_self_paced(teacher)

    acked: list[tuple[str, int]] = []
    lock = threading.Lock()
    students = [Student(server.url, code, sid, f"Student {i}", acked, lock) for i in range(STUDENTS)]
    for s in students:
        s.start()
    deadline = time.monotonic() + 60
    while len(acked) < STUDENTS * QUESTIONS // 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    server.kill()
    with lock:
        acked_before_kill = list(acked)
    assert 0 < len(acked_before_kill) < STUDENTS * QUESTIONS, "the kill must come mid-way"
    # every answer acknowledged before the kill is on disk, before any restart
    stored = set(stored_answers(server.instance / "quizapp.sqlite", sid))
    assert set(acked_before_kill) <= stored

    time.sleep(0.5)  # the students keep trying against a dead port
    server.start()
    for s in students:
        s.join(timeout=90)
    assert [s.error for s in students if s.error] == []
    assert all(s.done for s in students)
    assert sum(s.failures for s in students) > 0, "no student noticed the outage"

    rows = stored_answers(server.instance / "quizapp.sqlite", sid)
    assert len(rows) == len(set(rows)) == STUDENTS * QUESTIONS  # each answer once, none missing
    assert set(acked) <= set(rows)

    # the teacher carries on too: the projector, the results and ending the session
    with login_teacher(server.url) as teacher:
        host = teacher.get(f"/classroom/s/{sid}/host")
        assert host.status_code == 200 and "Student 11" in host.text
        token = csrf_token(host.text)
        ended = teacher.post(f"/classroom/s/{sid}/control", data={"action": "end", "csrf_token": token})
        assert ended.status_code == 302
        results = teacher.get(f"/classroom/s/{sid}/results")
        assert results.status_code == 200 and results.text.count("Student ") >= STUDENTS
        gradebook = teacher.get(f"/classroom/s/{sid}/results.csv").text
        assert len(gradebook.strip().splitlines()) == STUDENTS + 1
