"""Two app servers, one PostgreSQL database, one Redis: the classroom load benchmark across both.

What a district's deployment looks like (docs/deployment.md), on one machine: ``quizapp migrate`` runs
once, then two ``quizapp serve --no-migrate`` processes (gunicorn, threaded workers) start on two ports
with the same ``DATABASE_URL`` (a schema of their own, dropped afterwards), the same secret key and the
same Redis rate-limit store. The teacher drives the session on server A; the students are split between
A and B, so half of them see, through the database alone, what a teacher did on the other server.

It reuses benchmarks/classroom_load.py (its students, teacher, probe and report) and counts **lost
answers** the same way: acknowledged with a 200 by either server but not in the database. The exit code
is 1 when an answer was lost or a student could not join, else 0; it asserts nothing about wall time.

    python benchmarks/two_servers.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test
    python benchmarks/two_servers.py --students 100 --questions 3 --workers 1   # CI-sized

Traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
import classroom_load as load  # noqa: E402 - the benchmark beside this file
import push_fanout as fan  # noqa: E402

REDIS = "redis://127.0.0.1:6379"


def server_env(database_url: str, secret_key: str, redis_url: str | None) -> dict[str, str]:
    """What every app server of one deployment shares: the database, the secret key, the rate limits."""
    env = load.server_env(database_url)
    env["QUIZAPP_SECRET_KEY"] = secret_key  # a session or CSRF token signed by A must hold on B
    if redis_url:
        run_id = secrets.token_hex(4)
        env["QUIZAPP_RATELIMIT_STORAGE_URI"] = redis_url
        env["QUIZAPP_RATELIMIT_KEY_PREFIX"] = f"two-servers-{run_id}"
        # a teacher's click on one server reaches the phones on the other through Redis
        env["QUIZAPP_PUSH_REDIS_URL"] = redis_url
        env["QUIZAPP_PUSH_REDIS_PREFIX"] = f"two-servers-{run_id}:"
    return env


def merge(into: load.Stats, other: load.Stats) -> None:
    for kind, values in other.latencies.items():
        into.latencies[kind].extend(values)
    into.errors.update(other.errors)
    into.statuses.update(other.statuses)
    into.acked |= other.acked
    into.refused += other.refused
    into.joined += other.joined
    into.resent.update(other.resent)


async def across_two_servers(a: load.Run, b: load.Run) -> float:
    """classroom_load.main_async, with every other student on server B and a probe on each server."""
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    students = a.args.students
    tasks = [asyncio.create_task(load.student(a if i % 2 == 0 else b, i, limits)) for i in range(students)]
    tasks += [asyncio.create_task(load.probe(a)), asyncio.create_task(load.probe(b))]
    tasks.append(asyncio.create_task(load.loop_lag(a)))
    started = time.perf_counter()
    try:
        await asyncio.wait_for(load.teacher(a, students), timeout=a.args.timeout)
    except TimeoutError:
        print("The run hit --timeout; figures below are partial.", file=sys.stderr)
    a.ended.set()
    await asyncio.wait(tasks, timeout=30)
    for task in tasks:
        if task.done() and not task.cancelled() and task.exception() is not None:
            a.stats.errors[f"client {type(task.exception()).__name__}: {task.exception()}"[:120]] += 1
        task.cancel()
    return time.perf_counter() - started


async def push_versus_polling(
    bases: list[str], args: argparse.Namespace, cpu: Callable[[], float]
) -> list[fan.Fanout]:
    """The teacher on server B, ``--push-phones`` phones split between A and B: pushed, then polling."""
    runs = []
    for mode in ("push", "polling"):
        teacher, session_id, code = await fan.teacher_session(
            bases[1], load.TEACHER_EMAIL, load.TEACHER_PASSWORD, args.push_questions
        )
        try:
            runs.append(
                await fan.fanout(
                    mode, bases, teacher, session_id, code, args.push_phones, args.push_questions, cpu
                )
            )
        finally:
            await teacher.aclose()
    return runs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", required=True, help="PostgreSQL, e.g. postgresql://postgres@127.0.0.1/test"
    )
    parser.add_argument("--redis-url", default=REDIS, help="shared rate-limit store ('' for none)")
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--questions", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--poll", type=float, default=2.0)
    parser.add_argument("--think-min", type=float, default=1.0)
    parser.add_argument("--think-max", type=float, default=6.0)
    parser.add_argument("--open-seconds", type=float, default=9.0)
    parser.add_argument("--reveal-seconds", type=float, default=3.0)
    parser.add_argument("--join-spread", type=float, default=10.0)
    parser.add_argument("--request-timeout", type=float, default=30.0)
    parser.add_argument("--timeout", type=float, default=600.0)
    parser.add_argument(
        "--push-phones", type=int, default=50, help="phones of the push and polling comparison (0: none)"
    )
    parser.add_argument("--push-questions", type=int, default=2)
    args = parser.parse_args(argv)
    if not args.database_url.startswith("postgres"):
        parser.error("--database-url: two servers share one PostgreSQL database (SQLite is one machine's)")

    from quizapp.core.config import normalise_database_url

    database_url, schema = load.postgres_schema_url(normalise_database_url(args.database_url))
    args.database = "PostgreSQL, two servers"
    env = server_env(database_url, secrets.token_hex(32), args.redis_url or None)
    root = Path(tempfile.mkdtemp(prefix="two-servers-"))
    instances = [root / "a", root / "b"]
    procs: list[subprocess.Popen] = []
    try:
        for instance in instances:
            instance.mkdir()
        print("quizapp migrate (once, before the servers; the first run generates the seed bank)…")
        subprocess.run(load.quizapp_command(instances[0], "migrate"), cwd=load.ROOT, env=env, check=True)
        subprocess.run(
            load.quizapp_command(
                instances[0], "create-teacher", load.TEACHER_EMAIL, "--password", load.TEACHER_PASSWORD
            ),
            cwd=load.ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        serve_env = {**env, "QUIZAPP_NO_MIGRATE": "1"}
        ports = [load.free_port(), load.free_port()]
        for instance, port in zip(instances, ports, strict=True):
            print(f"Starting a server on {load.HOST}:{port} (instance {instance})…")
            procs.append(load.start_server(instance, port, args, serve_env))
        bases = [f"http://{load.HOST}:{port}" for port in ports]
        session_id, code, count = load.open_session(bases[0], args.questions)
        args.questions = count
        a = load.Run(bases[0], args, session_id=session_id, code=code)
        b = load.Run(bases[1], args, session_id=session_id, code=code, ended=a.ended)
        print(
            f"Session {session_id}, code {code}: {args.students} students on two servers, {count} questions…"
        )
        elapsed = asyncio.run(across_two_servers(a, b))
        joined = (a.stats.joined, b.stats.joined)
        merge(a.stats, b.stats)
        fanouts: list[fan.Fanout] = []
        if args.push_phones and args.redis_url:
            print(f"Push against polling: {args.push_phones} phones, the teacher on server B…")
            fanouts = asyncio.run(
                push_versus_polling(
                    bases, args, lambda: sum(load.server_cpu_seconds(proc.pid) for proc in procs)
                )
            )
    finally:
        for proc in procs:
            load.stop_server(proc)
    stored = load.stored_answers(database_url, session_id)
    lost = len(a.stats.acked - stored)
    load.report(a, elapsed, lost, len(stored), count)
    print(f"joined on server A: {joined[0]}, on server B: {joined[1]}")
    load.drop_postgres_schema(database_url.split("?")[0], schema)
    shutil.rmtree(root, ignore_errors=True)
    ok = lost == 0 and a.stats.joined == args.students and min(joined) > 0
    names = {bases[0]: "A", bases[1]: "B"}
    for run in fanouts:
        fan.report(run, names)
    if fanouts:
        # a phone on server A sees the question the teacher opened on server B within a second
        across = fanouts[0].delays.get(("question", bases[0]), [])
        median = fan.percentile(across, 0.5)
        pushed = bool(across) and median <= 1000 and fanouts[0].missed == 0 and not fanouts[0].errors
        print(
            f"push across servers: {'OK' if pushed else 'FAILED'} (a phone on A, the teacher on B: "
            f"median {median:.0f} ms, max {max(across, default=float('nan')):.0f} ms)"
        )
        ok = ok and pushed
    print("OK: nothing lost across two servers." if ok else "FAILED: see above.")
    return 0 if ok else 1


if __name__ == "__main__":
    if os.environ.get("DATABASE_URL"):
        print("(DATABASE_URL in the environment is ignored: give --database-url)", file=sys.stderr)
    raise SystemExit(main())
