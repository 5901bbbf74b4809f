"""Times in the reader's time zone (issue 16, point 7): the account remembers the browser's zone
(``POST /auth/time-zone``) and pages show local times from the server, UTC in ``datetime``."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from quizapp.accounts.models import User
from quizapp.core.extensions import db
from quizapp.quiz.models import Attempt

STARTED = datetime(2026, 1, 15, 3, 16)  # UTC, as the database keeps it


def start_attempt(app: Any, client: Any, bank_id: int) -> None:
    response = client.post("/quiz/", data={"bank": bank_id, "count": 3})
    assert response.status_code == 302, response.text
    attempt_id = int(re.search(r"/attempt/(\d+)/", response.location).group(1))
    with app.app_context():
        db.session.get(Attempt, attempt_id).started_at = STARTED
        db.session.commit()


def test_times_are_shown_in_the_remembered_zone_with_utc_for_machines(
    app: Any, client: Any, auth: Any, make_user: Any, make_bank: Any
) -> None:
    make_user("student@example.org")
    auth.login()
    start_attempt(app, client, make_bank())
    before = client.get("/").text
    assert (
        '<time datetime="2026-01-15T03:16:00Z" data-localtime="datetime">15 Jan 2026, 03:16 UTC</time>'
        in before
    )
    assert client.post("/auth/time-zone", data={"time_zone": "Europe/Berlin"}).status_code == 204
    after = client.get("/").text
    assert (
        '<time datetime="2026-01-15T03:16:00Z" data-localtime="datetime">15 Jan 2026, 04:16 CET</time>'
        in after
    )
    assert client.post("/auth/time-zone", data={"time_zone": "America/New_York"}).status_code == 204
    assert "14 Jan 2026, 22:16 EST" in client.get("/").text
    with app.app_context():
        assert db.session.scalars(db.select(User.time_zone)).one() == "America/New_York"


def test_the_script_is_given_what_it_needs(
    app: Any, client: Any, auth: Any, make_user: Any, make_bank: Any
) -> None:
    assert '<meta name="csrf-token"' not in client.get("/").text  # a visitor has nothing to remember
    make_user("student@example.org")
    auth.login()
    assert "localtime.js" not in client.get("/").text  # no time on the page: no script
    start_attempt(app, client, make_bank())
    page = client.get("/").text
    assert 'src="/static/js/localtime.js"' in page
    assert '<meta name="time-zone" content="" data-url="/auth/time-zone">' in page


def test_a_zone_that_is_no_zone_is_refused(client: Any, auth: Any, make_user: Any) -> None:
    assert client.post("/auth/time-zone", data={"time_zone": "Europe/Berlin"}).status_code == 401
    make_user("student@example.org")
    auth.login()
    for bad in ("", "Mars/Olympus", "../../etc/passwd", "CET" * 30, "\x00"):
        assert client.post("/auth/time-zone", data={"time_zone": bad}).status_code == 400, bad
    with client.application.app_context():
        assert db.session.scalars(db.select(User.time_zone)).one() is None


def test_the_time_zone_needs_the_csrf_token(app: Any, make_user: Any) -> None:
    app.config["WTF_CSRF_ENABLED"] = True
    make_user("student@example.org")
    client = app.test_client()
    page = client.get("/auth/login").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post(
        "/auth/login", data={"email": "student@example.org", "password": "correct horse", "csrf_token": token}
    )
    assert client.post("/auth/time-zone", data={"time_zone": "Europe/Berlin"}).status_code == 400
    token = re.search(r'<meta name="csrf-token" content="([^"]+)"', client.get("/").text).group(1)
    response = client.post("/auth/time-zone", data={"time_zone": "Europe/Berlin", "csrf_token": token})
    assert response.status_code == 204


def test_a_fragment_shared_by_every_phone_is_written_in_utc(
    app: Any, client: Any, auth: Any, make_user: Any
) -> None:
    from quizapp.core.times import localtime

    make_user("student@example.org")
    auth.login()
    client.post("/auth/time-zone", data={"time_zone": "Europe/Berlin"})
    with app.test_request_context():
        from flask_login import login_user

        with app.app_context():
            login_user(db.session.scalars(db.select(User)).one())
            assert localtime(STARTED).endswith("04:16 CET</time>")
            assert localtime(STARTED, shared=True).endswith("03:16 UTC</time>")
