"""Generating a bank does not freeze the server: with classroom push, ``quizapp serve`` runs gevent's
worker, and the generator runs in an OS thread while requests go on being answered.

The served test starts the production server (``python -m quizapp serve`` in a subprocess, as in
tests/quizapp/classroom/test_classroom_crash.py) on a fresh SQLite instance, so gevent's patching is real.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import questions as qs
from quizapp import create_app
from quizapp.authoring import offload
from tests.quizapp.classroom.test_classroom_crash import (
    PASSWORD,
    Server,
    csrf_token,
    free_port,
    login_teacher,
)

TOWNS = ["Norbury", "Eastfield", "Harwick", "Lindale", "Mossbank", "Pellham", "Rowden", "Stanmere"]


def long_article(paragraphs: int) -> str:
    """A made-up news article, long enough that generating its bank takes seconds."""
    parts = ["Towns along the river vote on new bus routes"]
    for i in range(paragraphs):
        town, n = TOWNS[i % len(TOWNS)], 12 + i
        parts.append(
            f"The council of {town} voted on Tuesday to add {n} buses to its routes by March {2027 + i % 3}. "
            f"Mayor Elena Brook{i} said the change would cut waiting times for {n * 100} riders a day. "
            f'"We have listened to parents and workers," said Brook{i}, who has led {town} since {1990 + i}. '
            f"Opponents, led by councillor Samir Okafor{i}, demanded a public hearing before any money is "
            f"spent. The plan will cost {n} million dollars, according to a report by the transit office."
        )
    return "\n\n".join(parts)


# --- the helper, in this (unpatched) process ------------------------------------------------------


def test_without_gevent_the_helper_returns_the_bank_and_reports_progress_in_this_thread():
    import threading

    assert not offload.gevent_patched()
    seen: list[tuple[str, float, str]] = []
    article = qs.parse_article(long_article(2))
    bank = offload.generate_bank(
        article, lambda stage, f: seen.append((stage, f, threading.current_thread().name))
    )
    assert bank.questions
    assert seen and {name for _s, _f, name in seen} == {threading.current_thread().name}


def test_without_gevent_the_generators_error_reaches_the_caller(monkeypatch):
    class Broken(Exception):
        pass

    def broken(article: Any, **kwargs: Any) -> Any:
        raise Broken("the generator failed")

    monkeypatch.setattr(qs, "generate_bank", broken)
    with pytest.raises(Broken, match="the generator failed"):
        offload.generate_bank(qs.parse_article(long_article(1)), lambda stage, f: None)


GEVENT_SCRIPT = """
from gevent import monkey
monkey.patch_all()
import threading
import questions as qs
from quizapp.authoring import offload

assert offload.gevent_patched()
article = qs.parse_article(ARTICLE)
seen = []
bank = offload.generate_bank(article, lambda stage, f: seen.append(threading.current_thread().name))
assert bank.questions and seen and set(seen) == {threading.current_thread().name}, seen

def broken(article, **kwargs):
    assert threading.current_thread().name != MAIN  # a real OS thread, not the greenlet
    raise qs.ArticleError("no sentences to ask about")

MAIN = threading.current_thread().name
qs.generate_bank = broken
try:
    offload.generate_bank(article, lambda stage, f: None)
except qs.ArticleError as exc:
    print("raised:", exc)
"""


def test_under_gevent_the_helper_returns_the_bank_and_its_error_reaches_the_caller():
    """In a process gevent has patched (as ``quizapp serve`` is): progress is reported in the calling
    greenlet, and the generator's exception comes back as itself."""
    script = f"ARTICLE = {long_article(2)!r}\n" + GEVENT_SCRIPT
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().splitlines()[-1] == "raised: no sentences to ask about"
    assert "Traceback" not in done.stderr, done.stderr[-3000:]


# --- the served app, with gevent's worker ---------------------------------------------------------


@pytest.fixture
def gevent_server(tmp_path: Path) -> Iterator[Server]:
    from flask_migrate import upgrade

    from quizapp.accounts import service as accounts
    from quizapp.core.extensions import db

    instance = tmp_path / "instance"
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance / 'quizapp.sqlite'}"}, instance_path=str(instance)
    )
    with app.app_context():
        upgrade(revision="heads")
        accounts.ensure_staff("teacher@example.org", "teacher", PASSWORD, "Teacher")
        db.session.remove()
        db.engine.dispose()
    srv = Server(instance, free_port(), env={"QUIZAPP_PUSH": "1"})
    srv.start()
    try:
        yield srv
    finally:
        srv.stop()


@pytest.mark.slow
def test_the_gevent_server_answers_while_a_bank_is_being_generated(gevent_server):
    server = gevent_server
    with login_teacher(server.url) as teacher:
        teacher.timeout = 120  # under the bug, a request waits for the whole generation
        token = csrf_token(teacher.get("/author/import").text)
        posted = teacher.post(
            "/author/import",
            data={"csrf_token": token, "text": long_article(40), "visibility": "private"},
        )
        assert posted.status_code == 302, posted.text[:2000]
        job_id = int(re.search(r"/author/jobs/(\d+)", posted.headers["location"]).group(1))

        def status() -> dict[str, Any]:
            return dict(teacher.get(f"/author/jobs/{job_id}/status").json())

        answered_while_running = False
        state = status()
        while state["status"] in ("queued", "running"):
            if state["status"] == "running":
                health = teacher.get("/healthz")
                assert health.status_code == 200
                after = status()
                # the job was running before /healthz was asked and still is after its answer
                if after["status"] == "running":
                    answered_while_running = True
                    break
                state = after
            else:
                time.sleep(0.05)
                state = status()
        assert answered_while_running, (server.instance / "server.log").read_text()[-3000:]

        while state["status"] in ("queued", "running"):
            time.sleep(0.1)
            state = status()
        assert state["status"] == "done", state
        assert state["bank_url"]
        assert teacher.get(state["bank_url"]).status_code == 200
    log = (server.instance / "server.log").read_text()
    assert "Traceback" not in log, log[-3000:]
