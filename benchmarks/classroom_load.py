"""Load benchmark for live classroom sessions: N simulated students join, poll and answer.

It starts the production server as a newcomer does (``quizapp serve``: gunicorn with threaded workers)
in a subprocess with a fresh instance folder on its own port, creates a teacher with the CLI, and runs
one teacher-paced session of ``--questions`` questions on the seed bank. Every student is an asyncio task
with its own HTTP client (httpx): it joins with the code and a nickname, loads the play page, and follows
the session like static/js/classroom.js: ``--phones poll`` (the default) polls the state endpoint with
ETags; ``--phones stream`` holds the session's pushed event stream (server-sent events), answers a
question a think time after it is pushed, asks the state once for a reveal or the end, and polls only if
its stream drops (counted). Either way each question is answered after a think time.
A probe asks ``/healthz`` (one SELECT 1) throughout, for the same server's baseline, and a timer measures
how late the students' own event loop runs (its lag is inside every latency it measures).

Afterwards it reads the database and counts **lost answers**: acknowledged to a student (HTTP 200) but
not stored. It prints p50/p95/p99 latencies for join, poll and answer, the errors and the lost answers.

    python benchmarks/classroom_load.py                  # 300 students, SQLite
    python benchmarks/classroom_load.py --students 1000
    python benchmarks/classroom_load.py --phones stream   # the phones hold the pushed stream
    python benchmarks/classroom_load.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test

Traffic goes to 127.0.0.1 only; the run is bounded by ``--timeout`` seconds. It prints figures and asserts
nothing about wall time (see STYLE.md): the load test lives here, not in the test suite.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
from classroom_phones import (
    TLS,
    Run,
    Stats,  # noqa: F401 - two_servers.py merges load.Stats
    csrf_token,
    percentile,
    send,
    student,
)

ROOT = Path(__file__).resolve().parents[1]
TEACHER_EMAIL = "bench-teacher@example.org"
TEACHER_PASSWORD = "benchmark-password"
HOST = "127.0.0.1"


# --- the server ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def server_env(
    database_url: str | None, *, push: bool = True, redis_url: str | None = None
) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUIZAPP_") and k != "DATABASE_URL"}
    if database_url:
        env["DATABASE_URL"] = database_url
    if not push:
        env["QUIZAPP_PUSH"] = "0"
    elif redis_url:
        env["QUIZAPP_PUSH_REDIS_URL"] = redis_url
    return env


def server_mode(args: argparse.Namespace) -> str:
    """What ``quizapp serve`` runs with these options (see quizapp/cli.py): gevent's worker when the
    classroom pushes, one of them unless Redis carries the events between workers; threads otherwise."""
    if getattr(args, "push", "on") == "off":
        return f"gunicorn {args.workers} workers x {args.threads} threads (push off)"
    redis = getattr(args, "redis_url", None)
    workers = args.workers if redis else 1
    plural = "s" if workers > 1 else ""
    return f"gunicorn {workers} gevent worker{plural} (push on{', Redis' if redis else ''})"


def phones_mode(args: argparse.Namespace) -> str:
    if getattr(args, "phones", "poll") == "stream":
        if getattr(args, "push_reveal", "off") == "on":
            return "phones hold the pushed stream, which pushes each reveal"
        return "phones hold the pushed stream"
    return f"phones poll every {args.poll:g} s"


def quizapp_command(instance: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "quizapp", "--instance", str(instance), *args]


def start_server(
    instance: Path, port: int, args: argparse.Namespace, env: dict[str, str]
) -> subprocess.Popen:
    log = (instance / "server.log").open("ab")
    proc = subprocess.Popen(
        quizapp_command(
            instance,
            "serve",
            "--host",
            HOST,
            "--port",
            str(port),
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
        ),
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 600  # the first start generates the seed article's bank
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit("The server stopped:\n" + (instance / "server.log").read_text()[-3000:])
        try:
            if httpx.get(f"http://{HOST}:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    stop_server(proc)
    sys.exit("The server did not start in time.")


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


def postgres_schema_url(url: str) -> tuple[str, str]:
    """A fresh schema for this run, so the benchmark never touches existing tables: (url, schema)."""
    import sqlalchemy as sa

    schema = f"classroom_bench_{uuid.uuid4().hex[:10]}"
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3D{schema}", schema


def drop_postgres_schema(url: str, schema: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


async def probe(run: Run) -> None:
    """The same server's latency on a trivial endpoint, all through the run."""
    async with httpx.AsyncClient(
        base_url=run.base, timeout=run.args.request_timeout, verify=TLS, trust_env=False
    ) as http:
        while not run.ended.is_set():
            started = time.perf_counter()
            try:
                response = await http.get("/healthz")
                run.stats.timed("healthz", started)
                if response.status_code != 200:
                    run.stats.errors[f"healthz {response.status_code}"] += 1
            except httpx.HTTPError as exc:
                run.stats.errors[f"healthz {type(exc).__name__}"] += 1
            await asyncio.sleep(0.2)


async def loop_lag(run: Run) -> None:
    """How late the simulated students' own event loop wakes up (a 50 ms sleep, measured). Every latency
    above is measured by this loop, so a busy client adds its lag to them: this says how much."""
    while not run.ended.is_set():
        started = time.perf_counter()
        await asyncio.sleep(0.05)
        run.stats.latencies["client lag"].append((time.perf_counter() - started - 0.05) * 1000)


async def teacher(run: Run, students: int) -> None:
    """Wait for the class, then open, close and reveal each question in turn, and end the session."""
    args = run.args
    async with httpx.AsyncClient(base_url=run.base, timeout=30, verify=TLS, trust_env=False) as http:
        host_url = f"/classroom/s/{run.session_id}/host"
        token = csrf_token((await http.get("/auth/login")).text)
        await http.post(
            "/auth/login", data={"email": TEACHER_EMAIL, "password": TEACHER_PASSWORD, "csrf_token": token}
        )
        token = csrf_token((await http.get(host_url)).text)
        deadline = time.monotonic() + args.join_spread + 60
        while (
            run.stats.joined + sum(v for k, v in run.stats.errors.items() if k.startswith("join")) < students
        ):
            if time.monotonic() > deadline:
                break
            await asyncio.sleep(0.5)

        async def control(action: str) -> None:
            # the teacher's connection idles longer than gunicorn's keep-alive between two actions: resent
            # once when the server had closed it, as a browser does (the request never reached the app)
            await send(
                run.stats,
                "teacher",
                lambda: http.post(
                    f"/classroom/s/{run.session_id}/control", data={"action": action, "csrf_token": token}
                ),
            )

        for _ in range(run.args.questions):
            await control("next")
            await asyncio.sleep(args.open_seconds)
            await control("close")
            await asyncio.sleep(args.reveal_seconds)
        await control("end")
        await asyncio.sleep(args.poll * 1.5)  # the phones see the end
        run.ended.set()


async def main_async(run: Run) -> float:
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    tasks = [asyncio.create_task(student(run, i, limits)) for i in range(run.args.students)]
    tasks.append(asyncio.create_task(probe(run)))
    tasks.append(asyncio.create_task(loop_lag(run)))
    started = time.perf_counter()
    try:
        await asyncio.wait_for(teacher(run, run.args.students), timeout=run.args.timeout)
    except TimeoutError:
        print("The run hit --timeout; figures below are partial.", file=sys.stderr)
    run.ended.set()
    await asyncio.wait(tasks, timeout=30)
    for task in tasks:
        if task.done() and not task.cancelled() and task.exception() is not None:
            run.stats.errors[f"client {type(task.exception()).__name__}: {task.exception()}"[:120]] += 1
        task.cancel()
    return time.perf_counter() - started


# --- setting up and checking afterwards ------------------------------------------------------


def open_session(base: str, questions: int) -> tuple[int, str, int]:
    """Log the teacher in and start a teacher-paced session on the first bank: (id, code, questions)."""
    with httpx.Client(base_url=base, timeout=30) as http:
        token = csrf_token(http.get("/auth/login").text)
        http.post(
            "/auth/login", data={"email": TEACHER_EMAIL, "password": TEACHER_PASSWORD, "csrf_token": token}
        )
        index = http.get("/classroom/").text
        options = re.findall(r'value="(bank:\d+)">[^<]*\((\d+) questions\)', index)
        if not options:
            sys.exit("No bank with approved questions: did the seed bank generate?")
        source, available = options[0][0], int(options[0][1])
        count = min(questions, available)
        response = http.post(
            "/classroom/start",
            data={
                "csrf_token": csrf_token(index),
                "source": source,
                "count": count,
                "pace": "teacher",
                "timer_seconds": 0,
                "deadline_hours": 1,
                "show_leaderboard": "y",
                "speed_bonus": "y",
            },
        )
        if response.status_code != 302:
            sys.exit(f"Could not start a session: HTTP {response.status_code}")
        session_id = int(re.search(r"/s/(\d+)/host", response.headers["location"]).group(1))
        host = http.get(f"/classroom/s/{session_id}/host").text
        code = re.search(r'class="join-code"[^>]*>(\d{3}) (\d{3})', host)
        return session_id, code.group(1) + code.group(2), count


def server_cpu_seconds(pgid: int) -> float:
    """CPU time (user + system) of every process in the server's process group so far, from /proc
    (Linux): the gunicorn master and its workers. 0 where /proc is missing."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:  # fields after the command: state, ppid, pgrp, ...
            total += sum(int(v) for v in fields[11:15])  # utime, stime, cutime, cstime
    return total / tick


def stored_answers(database_url: str, session_id: int) -> set[tuple[str, int]]:
    import sqlalchemy as sa

    engine = sa.create_engine(database_url)
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT p.nickname, q.position FROM classroom_answers a "
                "JOIN classroom_players p ON p.id = a.player_id "
                "JOIN classroom_questions q ON q.id = a.session_question_id WHERE a.session_id = :sid"
            ),
            {"sid": session_id},
        ).all()
    engine.dispose()
    return {(nick, pos) for nick, pos in rows}


def report(run: Run, elapsed: float, lost: int, stored: int, count: int) -> None:
    args, stats = run.args, run.stats
    print(
        f"\nClassroom load: {args.students} students ({phones_mode(args)}), {count} questions, "
        f"{server_mode(args)}, "
        f"{args.database}, {os.cpu_count()} CPUs, {elapsed:.0f} s"
    )
    print(f"{'':10}{'count':>8}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}{'max ms':>10}")
    for kind in ("join", "page", "stream", "poll", "answer", "healthz", "client lag"):
        values = stats.latencies.get(kind, [])
        if kind == "stream" and not values:
            continue
        if not values:
            print(f"{kind:10}{0:>8}")
            continue
        print(
            f"{kind:10}{len(values):>8}{statistics.median(values):>10.1f}{percentile(values, 0.95):>10.1f}"
            f"{percentile(values, 0.99):>10.1f}{max(values):>10.1f}"
        )
    print("(client lag: how late the simulated students' own event loop ran; it is inside every figure)")
    if getattr(args, "phones", "poll") == "stream":
        print(
            "(stream: until the server accepted a phone's event stream; poll: a phone's state.json request)"
        )
        print(f"pages pushed to a phone's stream (its reveal): {stats.statuses.get('pushed state', 0)}")
        print(
            f"streams dropped or refused, the phone then polling: {stats.fallbacks}"
            + (f" {dict(stats.stream_drops)}" if stats.stream_drops else "")
        )
    polls = stats.statuses
    total_polls = sum(v for k, v in polls.items() if k.startswith("poll "))
    if total_polls:
        print(f"polls answered 304 (nothing changed): {100 * polls.get('poll 304', 0) / total_polls:.0f}%")
    print(f"joined: {stats.joined}/{args.students}")
    print(f"answers acknowledged: {len(stats.acked)}, stored: {stored}, refused as late: {stats.refused}")
    print(f"errors: {sum(stats.errors.values())}" + (f" {dict(stats.errors)}" if stats.errors else ""))
    if stats.resent:
        print(f"resent once on a closed kept-alive connection (not errors): {dict(stats.resent)}")
    print(f"lost answers (acknowledged, not in the database): {lost}")
    kinds = ("join", "page", "stream", "poll", "answer", "healthz")
    requests = sum(len(stats.latencies.get(k, [])) for k in kinds)
    if requests and run.server_cpu:
        print(
            f"server CPU per request: {1000 * run.server_cpu / requests:.2f} ms "
            f"({run.server_cpu:.1f} s over {requests} requests, start-up excluded)"
        )
        # comparable across --phones: a held stream replaces requests, so it raises the figure above
        per_question = 1000 * run.server_cpu / (args.students * count)
        print(f"server CPU per student and question: {per_question:.2f} ms")
    me = resource.getrusage(resource.RUSAGE_SELF)
    server = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        f"CPU: server {server.ru_utime + server.ru_stime:.0f} s (with its start-up), "
        f"simulated students {me.ru_utime + me.ru_stime:.0f} s, "
        f"over {elapsed:.0f} s on {os.cpu_count()} CPUs; "
        f"load average (1 min) before {run.load_before:.1f}, after {os.getloadavg()[0]:.1f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--questions", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (quizapp serve --workers)")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker (quizapp serve --threads)")
    parser.add_argument("--poll", type=float, default=2.0, help="seconds between polls, as classroom.js")
    parser.add_argument("--think-min", type=float, default=1.0)
    parser.add_argument("--think-max", type=float, default=6.0)
    parser.add_argument("--open-seconds", type=float, default=9.0, help="how long each question stays open")
    parser.add_argument("--reveal-seconds", type=float, default=3.0)
    parser.add_argument(
        "--join-spread", type=float, default=10.0, help="students join over this many seconds"
    )
    parser.add_argument("--request-timeout", type=float, default=30.0)
    parser.add_argument("--timeout", type=float, default=600.0, help="the whole run stops after this long")
    parser.add_argument(
        "--push",
        choices=("on", "off"),
        default="on",
        help="the server as `quizapp serve` runs it (on: gevent's worker) or with QUIZAPP_PUSH=0 (threads)",
    )
    parser.add_argument(
        "--phones",
        choices=("poll", "stream"),
        default="poll",
        help="poll: the students poll state.json every --poll seconds; stream: each holds the session's "
        "event stream (push) and polls only if it drops (needs --push on)",
    )
    parser.add_argument(
        "--push-reveal",
        choices=("on", "off"),
        default="off",
        help="on: each phone's stream pushes it its reveal (QUIZAPP_PUSH_REVEAL=1); off (the server's "
        "default): the stream tells the phone to ask for it",
    )
    parser.add_argument("--redis-url", help="QUIZAPP_PUSH_REDIS_URL, so that push runs --workers workers")
    parser.add_argument("--database-url", help="e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument(
        "--sqlite-synchronous",
        choices=("full", "normal"),
        default="full",
        help="SQLite's PRAGMA synchronous for the server (QUIZAPP_SQLITE_SYNCHRONOUS; docs/operations.md)",
    )
    parser.add_argument(
        "--instance", help="reuse this instance folder (its seed bank) instead of a fresh one"
    )
    args = parser.parse_args(argv)
    if not 1 <= args.students <= 5000:
        parser.error("--students: 1 to 5000")
    if args.phones == "stream" and args.push == "off":
        parser.error("--phones stream needs --push on")

    schema = None
    database_url = args.database_url
    if database_url and database_url.startswith("postgres"):
        from quizapp.core.config import normalise_database_url

        database_url, schema = postgres_schema_url(normalise_database_url(database_url))
    instance = Path(args.instance) if args.instance else Path(tempfile.mkdtemp(prefix="classroom-load-"))
    instance.mkdir(parents=True, exist_ok=True)
    if not database_url:
        database_url = f"sqlite:///{instance / 'quizapp.sqlite'}"
    args.database = "PostgreSQL" if schema else f"SQLite (WAL, synchronous={args.sqlite_synchronous.upper()})"
    env = server_env(database_url if schema else None, push=args.push == "on", redis_url=args.redis_url)
    env["QUIZAPP_SQLITE_SYNCHRONOUS"] = args.sqlite_synchronous.upper()
    if args.push_reveal == "on":
        env["QUIZAPP_PUSH_REVEAL"] = "1"
    port = free_port()
    print(
        f"Starting the server on {HOST}:{port}, instance {instance} "
        "(the first start generates the seed bank)…"
    )
    proc = start_server(instance, port, args, env)
    try:
        subprocess.run(
            quizapp_command(instance, "create-teacher", TEACHER_EMAIL, "--password", TEACHER_PASSWORD),
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        base = f"http://{HOST}:{port}"
        session_id, code, count = open_session(base, args.questions)
        args.questions = count
        run = Run(base, args, session_id=session_id, code=code)
        print(f"Session {session_id}, join code {code}: {args.students} students, {count} questions…")
        cpu_before = server_cpu_seconds(proc.pid)
        run.load_before = os.getloadavg()[0]
        elapsed = asyncio.run(main_async(run))
        run.server_cpu = server_cpu_seconds(proc.pid) - cpu_before
    finally:
        stop_server(proc)
    stored = stored_answers(database_url, session_id)
    lost = len(run.stats.acked - stored)
    report(run, elapsed, lost, len(stored), count)
    if schema:
        drop_postgres_schema(database_url.split("?")[0], schema)
    if not args.instance:
        shutil.rmtree(instance, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
