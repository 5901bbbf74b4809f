"""The review page of a big bank, and recording an answer: a real SQLite file, 130 questions, 100,000 answers.

    python benchmarks/review_page.py [--questions 130] [--answers 100000] [--runs 15]

Prints, for the teacher's review page of the bank (``GET /author/banks/<id>``, server time through the
test client, so no network): p50 and p95 time and the page's size; for one approve (the form POST and the
page it redirects to, as without JavaScript; and, where the app has it, the in-place JSON answer that
static/js/review.js uses); for recording a quiz answer (``quiz.attempts.record_answer``): p50 time and
SQL statements. Each against a trivial query (``SELECT 1``) on the same database in the same run.

The bank is the real generator's bank of the seed article, its questions repeated (with their own ids;
a repeat is another fact) up to ``--questions``; the answers are finished quiz attempts of 20 questions,
with the item statistics counted from them when the app keeps them. It runs on any checkout of the app
(the same script gives the "before" figures on an older commit). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import event, insert, select, text  # noqa: E402

import questions as qs  # noqa: E402
from quizapp import create_app  # noqa: E402
from quizapp.accounts.models import User  # noqa: E402
from quizapp.core.extensions import db  # noqa: E402
from quizapp.library.models import Question  # noqa: E402
from quizapp.library.store import store_bank  # noqa: E402
from quizapp.quiz import attempts  # noqa: E402
from quizapp.quiz.models import Answer, Attempt  # noqa: E402

try:
    from quizapp.itemstats import recording
except ImportError:  # an app from before item statistics
    recording = None  # type: ignore[assignment]

SEED = ROOT / "seed" / "000_4df508d8d7a01fc2.txt"
T0 = datetime(2026, 11, 1, 9, 0)
PASSWORD = "correct horse"


def big_bank(n: int) -> qs.Bank:
    bank = qs.generate_bank(qs.read_article(SEED))
    out = []
    for i in range(n):
        q = bank.questions[i % len(bank.questions)]
        # a repeat is another fact: the generator's versions of one fact stay together
        out.append(replace(q, id=f"{q.id[:50]}-{i}", fact_id=f"{q.fact_id}-{i // len(bank.questions)}"))
    return replace(bank, questions=tuple(out))


def populate(n_questions: int, n_answers: int, rng: random.Random) -> tuple[int, list[int]]:
    teacher = User(email="t@example.org", display_name="Teacher", role="teacher")
    teacher.set_password(PASSWORD)
    students = [User(email=f"s{i}@example.org", display_name=f"s{i}", role="student") for i in range(200)]
    db.session.add_all([teacher, *students])
    db.session.commit()
    bank = store_bank(big_bank(n_questions), owner_id=teacher.id, visibility="private", status="pending")
    rows = list(db.session.scalars(select(Question).where(Question.bank_id == bank.id).order_by(Question.id)))
    qids = [q.id for q in rows]
    per_attempt = 20
    counts: list[tuple[int, str, str, int]] = []
    for a in range(n_answers // per_attempt):
        chosen = rng.sample(rows, per_attempt)
        ability = rng.random()
        started = T0 + timedelta(minutes=a)
        answers = []
        for pos, q in enumerate(chosen):
            right = rng.random() < ability
            wrong = [c for c in q.choices or [] if c != q.answer]
            response = q.answer if right else (rng.choice(wrong) if wrong and rng.random() < 0.8 else "")
            answers.append((q, pos, response, right, started + timedelta(seconds=10 * (pos + 1))))
        score = sum(r for *_x, r, _t in answers)
        attempt_id = db.session.execute(
            insert(Attempt).values(
                user_id=students[a % len(students)].id, bank_id=bank.id, question_ids=[q.id for q in chosen],
                options={}, started_at=started, updated_at=started, finished_at=answers[-1][4],
                score=float(score), max_score=per_attempt,
            ).returning(Attempt.id)
        ).scalar_one()  # fmt: skip
        db.session.execute(
            insert(Answer),
            [
                {"attempt_id": attempt_id, "question_id": q.id, "position": pos, "response": resp,
                 "correct": right, "credit": float(right), "detail": {}, "answered_at": at}
                for q, pos, resp, right, at in answers
            ],
        )  # fmt: skip
        if recording is not None:
            for q, _pos, resp, right, _at in answers:
                counts += recording.answer_counts(
                    q.id, "quiz", correct=right, response=resp, choices=q.choices or (), elapsed_ms=10000
                )
            counts += recording.taker_counts(
                "quiz", [(attempt_id, q.id, r, float(r)) for q, _p, _s, r, _t in answers], asked=per_attempt
            )
            if len(counts) > 20000:
                recording.add_counts(counts)
                counts = []
    if recording is not None:
        recording.add_counts(counts)
    db.session.commit()
    db.session.execute(text("ANALYZE"))
    db.session.commit()
    return bank.id, qids


#: CPU time of this process for each timed call: on a machine shared with other work, wall time waits for
#: the other processes' turns; the CPU time this process spent does not (it still pays for cache misses)
CPU: list[float] = []


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    cpu, start = time.process_time(), time.perf_counter()
    result = fn()
    CPU.append((time.process_time() - cpu) * 1000)
    return (time.perf_counter() - start) * 1000, result


def report(name: str, times: list[float], base: float, extra: str = "", *, cpu_times: list[float]) -> None:
    cpu = statistics.median(cpu_times)
    times = sorted(times)
    p50, p95 = statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)]
    print(
        f"{name:<40} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  CPU p50 {cpu:6.1f} ms"
        f"  ({p50 / base:6.0f}x SELECT 1){extra}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=130)
    parser.add_argument("--answers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    rng = random.Random(17)
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {"TESTING": True, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
             "LOG_LEVEL": "WARNING", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.sqlite"},
            instance_path=f"{tmp}/instance",
        )  # fmt: skip
        with app.app_context():
            db.create_all()
            started = time.perf_counter()
            bank_id, qids = populate(args.questions, args.answers, rng)
            stored = db.session.scalar(text("SELECT count(*) FROM answers"))
            print(f"{args.questions} questions, {stored} answers ({time.perf_counter() - started:.0f} s)")
            base = statistics.median(
                timed(lambda: db.session.execute(text("SELECT 1")))[0] for _ in range(200)
            )
            print(f"SELECT 1: p50 {base:.3f} ms")
        client = app.test_client()
        client.post("/auth/login", data={"email": "t@example.org", "password": PASSWORD})
        url = f"/author/banks/{bank_id}"
        client.get(url)  # warm the template cache
        times, cpu, size = [], [], 0
        for _ in range(args.runs):
            ms, response = timed(lambda: client.get(url))
            cpu.append(CPU[-1])
            assert response.status_code == 200, response.status_code
            times.append(ms)
            size = len(response.data)
        report("review page (GET)", times, base, f"  {size / 1024:.0f} KB", cpu_times=cpu)
        approve, inplace, approve_cpu, inplace_cpu = [], [], [], []
        for i in range(args.runs):
            qid = qids[i]

            def plain(qid: int = qid) -> Any:
                r = client.post(f"/author/questions/{qid}/status", data={"action": "approve"})
                return client.get(r.location)

            approve.append(timed(plain)[0])
            approve_cpu.append(CPU[-1])
            ms, reply = timed(
                lambda qid=qid: client.post(
                    f"/author/questions/{qid}/status",
                    data={"action": "reject"},
                    headers={"Accept": "application/json"},
                )
            )
            if reply.is_json:
                inplace.append(ms)
                inplace_cpu.append(CPU[-1])
        report("approve, form + reload (no JavaScript)", approve, base, cpu_times=approve_cpu)
        if inplace:
            report("approve in place (review.js, JSON)", inplace, base, cpu_times=inplace_cpu)
        with app.app_context():
            student = db.session.scalar(select(User).where(User.email == "s0@example.org"))
            statements: list[int] = []
            engine = db.engine
            counter = [0]

            def count(*_a: Any, **_k: Any) -> None:
                counter[0] += 1

            rows = list(db.session.scalars(select(Question).where(Question.id.in_(qids))))
            for q in rows:
                q.status = "approved"
            db.session.commit()
            record, record_cpu = [], []
            for i in range(args.runs * 4):
                attempt = attempts.start_attempt_on(student.id, rows[i % 100 : i % 100 + 20])
                q = db.session.get(Question, attempt.question_ids[0])
                event.listen(engine, "before_cursor_execute", count)
                counter[0] = 0
                ms, _ = timed(lambda a=attempt, q=q: attempts.record_answer(a, q.id, q.answer))
                event.remove(engine, "before_cursor_execute", count)
                record.append(ms)
                record_cpu.append(CPU[-1])
                statements.append(counter[0])
                db.session.expire_all()
            stmts = f"  {statistics.median(statements):.0f} SQL statements"
            report("record a quiz answer", record, base, stmts, cpu_times=record_cpu)


if __name__ == "__main__":
    main()
