"""CPU per classroom request inside the app, by kind: polls (304, a question's 200, a reveal's 200),
answers and ``/healthz``, through the whole Flask request (CSRF checked, the limiter, the request log,
headers), with no HTTP server and no network; and a reveal built by a phone's stream (push.py), which
is no request.

    python benchmarks/classroom_requests.py [--phones 60] [--questions 3] [--profile]

``benchmarks/classroom_load.py`` measures the served app under a class's load, where the machine's
other work and gunicorn's own share are inside every figure; this one isolates what the app costs per
request (this process's CPU time, median per kind), so a change can be compared in a minute on a busy
machine. ``--profile`` prints the functions where the time goes (cProfile, cumulative). A SQLite file in
a temporary folder; prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from record_answer import made_up_bank  # noqa: E402
from werkzeug.test import EnvironBuilder  # noqa: E402

from quizapp import create_app  # noqa: E402
from quizapp.accounts.models import User  # noqa: E402
from quizapp.core.extensions import db  # noqa: E402

CSRF = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')


def call(app: Any, environ: dict[str, Any]) -> tuple[int, dict[str, str], bytes]:
    """One request through the WSGI app: (status, headers, body)."""
    seen: list[Any] = []
    body = b"".join(app(environ, lambda status, headers, exc_info=None: seen.append((status, headers))))
    return int(seen[0][0].split()[0]), dict(seen[0][1]), body


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=60)
    parser.add_argument("--questions", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="classroom-requests-")
    from quizapp.classroom import push

    push.SPREAD_SECONDS = 0.0  # the spread is a pause, not work
    # the production defaults (CSRF, the limiter with its SQLite store, JSON request log), on a SQLite file
    app = create_app(
        {"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.sqlite"},
        instance_path=f"{tmp}/instance",
    )
    sys.stderr = open("/dev/null", "w")  # noqa: SIM115 - the request log (one line per request) goes here
    from quizapp.classroom import push, sessions
    from quizapp.classroom.models import ClassroomSession
    from quizapp.library.store import store_bank

    with app.app_context():
        db.create_all()
        teacher = User(email="t@example.org", display_name="T", role="teacher")
        teacher.set_password("correct horse")
        db.session.add(teacher)
        db.session.commit()
        bank = store_bank(made_up_bank(20), owner_id=teacher.id, visibility="public", status="approved")
        options = sessions.SessionOptions(pace="teacher", count=10, show_leaderboard=True)
        session = sessions.create_session(teacher, f"bank:{bank.id}", options)
        sid, code = session.id, session.join_code
    phones = []
    for i in range(args.phones):
        client = app.test_client()
        token = CSRF.search(client.get(f"/classroom/join?code={code}").get_data(as_text=True)).group(1)
        joined = client.post("/classroom/join", data={"code": code, "nickname": f"P{i}", "csrf_token": token})
        assert joined.status_code == 302, joined.status_code
        cookie = "; ".join(f"{c.key}={c.value}" for c in client._cookies.values())
        phones.append((cookie, token))

    def poll(cookie: str, etag: str | None = None) -> dict[str, Any]:
        headers = {"Cookie": cookie, "Accept": "application/json"}
        if etag:
            headers["If-None-Match"] = f'"{etag}"'
        return EnvironBuilder(path=f"/classroom/s/{sid}/state.json", headers=headers).get_environ()

    def answer(cookie: str, token: str, position: int, response: str) -> dict[str, Any]:
        headers = {"Cookie": cookie, "Accept": "application/json", "X-CSRFToken": token}
        data = {"position": str(position), "response": response}
        path = f"/classroom/s/{sid}/answer.json"
        return EnvironBuilder(path=path, method="POST", data=data, headers=headers).get_environ()

    cpu: dict[str, list[float]] = {}
    profiler = cProfile.Profile() if args.profile else None

    def timed(kind: str, environ: dict[str, Any], expect: int) -> tuple[dict[str, str], bytes]:
        if profiler:
            profiler.enable()
        started = time.process_time()
        status, headers, body = call(app, environ)
        spent = time.process_time() - started
        if profiler:
            profiler.disable()
        assert status == expect, (kind, status, body[:300])
        cpu.setdefault(kind, []).append(spent * 1e6)
        return headers, body

    def polls(kind: str, etags: list[str | None], expect: int) -> list[str]:
        """Every phone polls once (with its ETag, if any); the ETags it gets."""
        got = []
        for (cookie, _token), etag in zip(phones, etags, strict=True):
            headers, _body = timed(kind, poll(cookie, etag), expect)
            got.append(headers["ETag"].strip('"'))
        return got

    for _ in range(args.questions):
        with app.app_context():
            sq = sessions.next_question(db.session.get(ClassroomSession, sid))
            choices, position = list(sq.question.choices or ["x"]), sq.position
        etags = polls("poll 200, question", [None] * len(phones), 200)
        polls("poll 304", list(etags), 304)
        etags = []
        for i, (cookie, token) in enumerate(phones):
            _headers, body = timed("answer", answer(cookie, token, position, choices[i % len(choices)]), 200)
            etags.append(json.loads(body)["etag"])
        polls("poll 304", list(etags), 304)
        for _ in range(max(1, args.phones // 4)):
            timed("healthz", EnvironBuilder(path="/healthz").get_environ(), 200)
        with app.app_context():
            sessions.close_question(db.session.get(ClassroomSession, sid))
        for cookie, _token in phones:  # each phone's stream builds its reveal (push.py), no request
            events = EnvironBuilder(path=f"/classroom/s/{sid}/events", headers={"Cookie": cookie})
            player_token = re.search(rf"classroom_player_{sid}=([^;]+)", cookie).group(1)
            started = time.process_time()
            if profiler:
                profiler.enable()
            pushed = push.phone_state(app, events.get_environ(), sid, player_token)
            if profiler:
                profiler.disable()
            cpu.setdefault("pushed reveal", []).append((time.process_time() - started) * 1e6)
            assert pushed is not None and json.loads(pushed)["mode"] == "reveal"
        etags = polls("poll 200, reveal", list(etags), 200)
        polls("poll 304", list(etags), 304)
    out = sys.__stdout__
    print(f"{'request':<20}{'count':>7}{'CPU µs (median)':>17}", file=out)
    for kind, values in cpu.items():
        print(f"{kind:<20}{len(values):>7}{statistics.median(values):>17.0f}", file=out)
    if profiler:
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(50)


if __name__ == "__main__":
    main()
