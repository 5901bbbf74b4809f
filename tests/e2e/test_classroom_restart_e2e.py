"""In real Chromium against the production server (``quizapp serve`` in a subprocess, as in
test_classroom_crash.py): the server is killed with SIGKILL and started again, and a phone left open
on its play page follows the session by itself, with push (its event stream reconnects) and without
(its polling resumes)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from quizapp import create_app
from tests.quizapp.classroom.test_classroom_crash import (
    PASSWORD,
    Server,
    csrf_token,
    free_port,
    login_teacher,
)

pytestmark = pytest.mark.e2e


@pytest.fixture(params=["1", "0"], ids=["push", "polling"])
def production_server(request: Any, tmp_path: Path, sample_bank: Any) -> Iterator[Server]:
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
    srv = Server(instance, free_port(), env={"QUIZAPP_PUSH": request.param})
    srv.start()
    try:
        yield srv
    finally:
        srv.stop()


@pytest.mark.xfail(
    strict=False,
    reason="intermittent since 2026-12-03 (push failed once, polling once, in two full runs; passes alone): "
    "the phone stays on 'Waiting' after the restart; under investigation (issue 13)",
)
def test_a_phone_follows_the_session_after_the_server_is_killed_and_restarted(production_server, browser):
    from playwright.sync_api import expect

    server = production_server
    with login_teacher(server.url) as teacher:
        token = csrf_token(teacher.get("/classroom/").text)
        started = teacher.post(
            "/classroom/start",
            data={
                "csrf_token": token,
                "source": "bank:1",
                "count": 3,
                "pace": "teacher",
                "timer_seconds": 0,
                "deadline_hours": 2,
                "show_leaderboard": "y",
            },
        )
        assert started.status_code == 302, started.text[:1000]
        sid = int(re.search(r"/s/(\d+)/host", started.headers["location"]).group(1))
        code = re.search(
            r'class="join-code"[^>]*>(\d{3}) (\d{3})', teacher.get(f"/classroom/s/{sid}/host").text
        )

    context = browser.new_context(viewport={"width": 390, "height": 844})
    phone = context.new_page()
    streams: list[str] = []
    phone.on("request", lambda r: streams.append(r.url) if r.url.endswith("/events") else None)
    phone.goto(f"{server.url}/classroom/join?code={code.group(1)}{code.group(2)}")
    phone.get_by_label("Nickname").fill("Ada")
    phone.get_by_role("button", name="Join").click()
    expect(phone.get_by_text("You're in, Ada!")).to_be_visible()

    server.kill()
    phone.wait_for_timeout(1500)  # the phone notices: its stream drops, its polls fail
    server.start()

    with login_teacher(server.url) as teacher:
        token = csrf_token(teacher.get(f"/classroom/s/{sid}/host").text)
        opened = teacher.post(
            f"/classroom/s/{sid}/control", data={"action": "open", "position": "0", "csrf_token": token}
        )
        assert opened.status_code == 302
    # polling backs off to 15 s at most while the server is down; a stream retries every 2 s
    expect(phone.get_by_role("button", name="Send my answer")).to_be_visible(
        timeout=45_000
    )  # a loaded CI restarts slowly
    expect(phone.get_by_text("Question 1 of 3")).to_be_visible()
    if server.env["QUIZAPP_PUSH"] == "1":
        assert len(streams) >= 2  # the stream was opened again after the restart
    else:
        assert streams == []
    context.close()
