"""Recording an answer through the real Flask views, in a quiz, a classroom session and a flashcard review,
with item statistics counted and with them switched off, in the same run.

    python benchmarks/record_answer.py [--answers 300] [--rounds 6] [--database URL] [--show-sql]

For each mode, the request that stores an answer (server time through the test client, so no network):
``POST /quiz/attempt/<id>/answer``, ``POST /classroom/s/<id>/answer.json`` (self-paced session, phones
without accounts) and ``POST /study/deck/<key>/rate``. Prints wall ms, this process's CPU ms and SQL
statements per answer, with item statistics recorded ("itemstats") and with the recording hooks replaced
by no-ops ("off": the app as it was before item statistics, minus nothing else), and the ratio of the two.
The two run in alternating batches so a busy machine slows both alike. A quiz's last answer also finishes
its attempt (as in use). ``--show-sql`` prints the statements of one answer of each mode.

``--against DIR`` compares with another checkout (rounds of this app and that one, in turn, in fresh
processes), e.g. the commit before item statistics:
``git archive 048ab38^ | tar -x -C /tmp/before && python benchmarks/record_answer.py --against /tmp/before``.

Runs on a SQLite file by default; ``--database postgresql+psycopg://…`` uses that database (its tables are
created and dropped). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# --app-root DIR measures another checkout of the app (an export of an older commit) with this same script
_APP_ROOT = sys.argv[sys.argv.index("--app-root") + 1] if "--app-root" in sys.argv else str(ROOT)
sys.path.insert(0, _APP_ROOT)

from flask import Flask  # noqa: E402
from flask.testing import FlaskClient  # noqa: E402
from sqlalchemy import event, select  # noqa: E402

import questions as qs  # noqa: E402
from quizapp import create_app  # noqa: E402
from quizapp.accounts.models import User  # noqa: E402
from quizapp.core.extensions import db  # noqa: E402
from quizapp.core.models import utcnow  # noqa: E402
from quizapp.library.models import Question  # noqa: E402
from quizapp.library.store import store_bank  # noqa: E402
from quizapp.quiz import attempts  # noqa: E402
from quizapp.study import scheduler  # noqa: E402
from quizapp.study.models import NEW, Card  # noqa: E402

try:
    from quizapp.itemstats import recording
except ImportError:  # an app from before item statistics
    recording = None  # type: ignore[assignment]

PASSWORD = "correct horse"
PER_QUIZ = 20
#: the functions quiz, classroom and study call to count an answer; "off" makes them do nothing
HOOKS = ("record_answer", "record_quiz_answer", "record_takers", "record_study_rating")


def made_up_bank(n: int) -> qs.Bank:
    """``n`` multiple-choice questions over a made-up article, each on its own sentence."""
    sentences = [f"Item {i} was counted {i + 3} times by the committee." for i in range(n)]
    text = " ".join(sentences)
    out, at = [], 0
    for i, sentence in enumerate(sentences):
        start = text.index(sentence, at)
        at = start + len(sentence)
        number = str(i + 3)
        hl = text.index(number, start + 5)
        out.append(
            qs.Question(
                id=f"q{i}",
                kind="number",
                type="multiple_choice",
                prompt=f"How many times was item {i} counted?",
                answer=number,
                choices=(number, str(i + 4), str(i + 5), str(i + 6)),
                sources=(qs.Source(start, at, sentence, (hl, hl + len(number))),),
                explanation=sentence,
                value=number,
            )
        )
    return qs.Bank(article=qs.ArticleInfo(title="Counts", published=None, text=text), questions=tuple(out))


@contextmanager
def statistics_off() -> Iterator[None]:
    if recording is None:
        yield
        return
    saved = {name: getattr(recording, name) for name in HOOKS if hasattr(recording, name)}
    for name in saved:
        setattr(recording, name, lambda *_a, **_k: None)
    try:
        yield
    finally:
        for name, fn in saved.items():
            setattr(recording, name, fn)


class Meter:
    """Wall ms, CPU ms and SQL statements of each measured request."""

    def __init__(self, app: Flask) -> None:
        with app.app_context():
            self.engine = db.engine
        self.count = 0
        self.sql: list[str] = []
        self.rows: dict[tuple[str, str], list[tuple[float, float, int]]] = {}

    def _on_execute(self, _c: Any, _cur: Any, statement: str, *_a: Any) -> None:
        self.count += 1
        self.sql.append(" ".join(statement.split())[:160])

    def measure(self, key: tuple[str, str], fn: Callable[[], Any]) -> Any:
        self.count, self.sql = 0, []
        event.listen(self.engine, "before_cursor_execute", self._on_execute)
        cpu, start = time.process_time(), time.perf_counter()
        try:
            result = fn()
        finally:
            wall = (time.perf_counter() - start) * 1000
            cpu = (time.process_time() - cpu) * 1000
            event.remove(self.engine, "before_cursor_execute", self._on_execute)
        self.rows.setdefault(key, []).append((wall, cpu, self.count))
        return result


def login(app: Flask, email: str) -> FlaskClient:
    client = app.test_client()
    response = client.post("/auth/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    return client


def setup(app: Flask, n_questions: int) -> dict[str, Any]:
    with app.app_context():
        teacher = User(email="t@example.org", display_name="Teacher", role="teacher")
        student = User(email="s@example.org", display_name="Student", role="student")
        for user in (teacher, student):
            user.set_password(PASSWORD)
        db.session.add_all([teacher, student])
        db.session.commit()
        bank = store_bank(
            made_up_bank(n_questions), owner_id=teacher.id, visibility="public", status="approved"
        )
        scheduler.save_settings(student.id, new_per_day=100_000, reviews_per_day=100_000, time_zone="UTC")
        return {"teacher": teacher.id, "student": student.id, "bank": bank.id}


def quiz_answers(app: Flask, ids: dict[str, Any], n: int) -> Iterator[Callable[[], Any]]:
    """``n`` answers, a new attempt of PER_QUIZ questions every PER_QUIZ answers; a third of them wrong."""
    client = login(app, "s@example.org")
    made = 0
    while made < n:
        with app.app_context():
            rows = db.session.scalars(select(Question).where(Question.bank_id == ids["bank"])).all()
            attempt = attempts.start_attempt_on(ids["student"], rows[:PER_QUIZ])
            plan = [(q.id, q.answer if i % 3 else q.choices[1]) for i, q in enumerate(rows[:PER_QUIZ])]
            url = f"/quiz/attempt/{attempt.id}/answer"
        for qid, response in plan[: n - made]:
            made += 1
            yield lambda qid=qid, response=response, url=url: client.post(
                url, data={"question_id": qid, "choice": response}
            )


def classroom_answers(app: Flask, ids: dict[str, Any], n: int) -> Iterator[Callable[[], Any]]:
    """``n`` answers from phones (no accounts) in a self-paced session of PER_QUIZ questions."""
    from quizapp.classroom import sessions
    from quizapp.classroom.models import ClassroomSession

    made, player = 0, 0
    while made < n:
        with app.app_context():
            owner = db.session.get(User, ids["teacher"])
            session = sessions.create_session(
                owner, f"bank:{ids['bank']}", sessions.SessionOptions(pace="self", count=PER_QUIZ)
            )
            sid, code = session.id, session.join_code
        for _ in range(10):
            player += 1
            phone = app.test_client()
            joined = phone.post("/classroom/join", data={"code": code, "nickname": f"P{player}"})
            assert joined.status_code == 302, joined.status_code
            with app.app_context():
                session = db.session.get(ClassroomSession, sid)
                plan = [
                    (
                        sq.position,
                        sq.question.answer if (sq.position + player) % 3 else sq.question.choices[1],
                    )
                    for sq in session.questions
                ]
            for position, response in plan:
                if made >= n:
                    return
                made += 1
                yield lambda phone=phone, position=position, response=response, sid=sid: phone.post(
                    f"/classroom/s/{sid}/answer.json",
                    data={"position": position, "response": response},
                    headers={"Accept": "application/json"},
                )


def study_ratings(app: Flask, ids: dict[str, Any], n: int) -> Iterator[Callable[[], Any]]:
    """``n`` ratings of new cards of the bank's questions (cards made due beforehand)."""
    client = login(app, "s@example.org")
    key = f"bank:{ids['bank']}"
    with app.app_context():
        qids = list(db.session.scalars(select(Question.id).where(Question.bank_id == ids["bank"])))
    due = utcnow() - timedelta(days=1)
    made = 0
    while made < n:
        with app.app_context():
            # a card per user, question and part: each batch replaces the cards the last one rated
            db.session.execute(Card.__table__.delete().where(Card.user_id == ids["student"]))
            batch = [
                Card(user_id=ids["student"], question_id=q, bank_id=ids["bank"], part=0, state=NEW, due=due)
                for q in qids[: n - made]
            ]
            db.session.add_all(batch)
            db.session.commit()
            card_ids = [c.id for c in batch]
        for i, card_id in enumerate(card_ids):
            made += 1
            token = f"r{made}-{time.perf_counter_ns()}"
            yield lambda card_id=card_id, token=token, i=i: client.post(
                f"/study/deck/{key}/rate",
                data={"card_id": card_id, "rating": 1 + i % 4, "token": token, "mode": "cards"},
            )


MODES = {"quiz": quiz_answers, "classroom": classroom_answers, "study": study_ratings}


def run(app: Flask, ids: dict[str, Any], *, answers: int, rounds: int, show_sql: bool) -> Meter:
    meter = Meter(app)
    per_batch = max(1, answers // rounds)
    for mode, make in MODES.items():
        warm = make(app, ids, PER_QUIZ)  # the quiz's flashcards exist from here on, as in use
        for request in warm:
            request()
        for r in range(rounds):
            order = ("off", "itemstats") if r % 2 == 0 else ("itemstats", "off")
            for setting in order:
                batch = list(make(app, ids, per_batch))  # prepared outside the timing
                for request in batch:
                    if setting == "off":
                        with statistics_off():
                            response = meter.measure((mode, setting), request)
                    else:
                        response = meter.measure((mode, setting), request)
                    assert response.status_code in (200, 302, 303), (mode, response.status_code)
                if show_sql and r == 0:
                    print(f"\n{mode}, {setting}: {len(meter.sql)} statements")
                    for s in meter.sql:
                        print("   ", s)
    return meter


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=300, help="answers per mode and setting")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--questions", type=int, default=40)
    parser.add_argument("--database", help="a database URL (default: a new SQLite file)")
    parser.add_argument("--show-sql", action="store_true")
    parser.add_argument("--app-root", help="the checkout of the app to measure (default: this one)")
    parser.add_argument(
        "--against",
        metavar="DIR",
        help="also measure the checkout in DIR (e.g. before item statistics): each round runs this app and "
        "that one in turn, in fresh processes, and the table compares them",
    )
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.against:
        return compare(args)
    print(f"app: {Path(_APP_ROOT).resolve()} (item statistics: {'yes' if recording else 'none'})")
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database or f"sqlite:///{tmp}/bench.sqlite"
        app = create_app(
            {"TESTING": True, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
             "LOG_LEVEL": "WARNING", "SQLALCHEMY_DATABASE_URI": url},
            instance_path=f"{tmp}/instance",
        )  # fmt: skip
        with app.app_context():
            db.drop_all()
            db.create_all()
        try:
            # a flashcard batch rates one card per question: the bank has a question for each
            ids = setup(app, max(args.questions, args.answers // args.rounds + PER_QUIZ))
            meter = run(app, ids, answers=args.answers, rounds=args.rounds, show_sql=args.show_sql)
            counting = counting_cost(app, ids) if not args.json else None
        finally:
            with app.app_context():
                db.session.remove()
                if args.database:
                    db.drop_all()
                db.engine.dispose()
    if args.json:
        print(json.dumps({f"{m}|{k}": v for (m, k), v in meter.rows.items()}))
        return
    table(meter.rows, ("off", "itemstats"))
    if counting is not None:
        print(
            f"counting one answer alone (recording.record_answer, 2,000 calls): CPU {counting * 1000:.0f} µs"
        )


def counting_cost(app: Flask, ids: dict[str, Any]) -> float | None:
    """CPU ms of the item statistics' part of an answer alone, in one transaction rolled back afterwards."""
    if recording is None:
        return None
    with app.app_context():
        qids = list(db.session.scalars(select(Question.id).where(Question.bank_id == ids["bank"])))
        choices = ("a", "b", "c", "d")

        def count(n: int) -> None:
            for i in range(n):
                qid = qids[i % len(qids)]
                recording.record_answer(
                    qid, "quiz", correct=i % 2 == 0, response="b", choices=choices, elapsed_ms=5000
                )

        count(100)
        cpu = time.process_time()
        count(2000)
        cpu = (time.process_time() - cpu) * 1000 / 2000
        db.session.rollback()
        return cpu


def compare(args: argparse.Namespace) -> None:
    """This app (item statistics on) against the checkout in ``args.against`` with its recording off (a
    checkout of main: the app as it is without item statistics; an older one: as it was before them), in
    alternating processes."""
    rows: dict[tuple[str, str], list[Any]] = {}
    for r in range(args.rounds):
        apps = [("now", str(ROOT)), ("before", args.against)]
        for name, root in apps if r % 2 == 0 else apps[::-1]:
            command = [sys.executable, __file__, "--json", "--rounds", "2", "--app-root", root]
            command += ["--answers", str(max(2, 2 * args.answers // args.rounds))]
            if args.database:
                command += ["--database", args.database]
            out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
            for key, values in json.loads(out.splitlines()[-1]).items():
                mode, setting = key.split("|")
                # this app as it runs; the other without recording (an app from before item statistics has
                # no hooks to switch off, so both its settings are the same)
                if setting == ("itemstats" if name == "now" else "off"):
                    rows.setdefault((mode, name), []).extend(values)
    print(f"now: {ROOT}, before: {args.against}")
    table(rows, ("before", "now"))


def table(rows: dict[tuple[str, str], list[Any]], settings: tuple[str, str]) -> None:
    print(f"\n{'mode':<10} {'setting':<10} {'answers':>7} {'ms/answer':>10} {'CPU ms':>8} {'SQL/answer':>11}")
    for mode in MODES:
        medians = {}
        for setting in settings:
            measured = rows.get((mode, setting), [])
            if not measured:
                continue
            wall = statistics.median(r[0] for r in measured)
            cpu = statistics.median(r[1] for r in measured)
            sql = statistics.mean(r[2] for r in measured)
            medians[setting] = (wall, cpu, sql)
            print(f"{mode:<10} {setting:<10} {len(measured):>7} {wall:>10.2f} {cpu:>8.2f} {sql:>11.2f}")
        if len(medians) == 2:
            (w0, c0, s0), (w1, c1, s1) = medians[settings[0]], medians[settings[1]]
            print(f"{mode:<10} {'ratio':<10} {'':>7} {w1 / w0:>10.2f} {c1 / c0:>8.2f} {s1 - s0:>+11.2f}")
    print(
        "(ms and CPU ms: medians per answer; SQL: mean statements per answer; "
        f"ratio: {settings[1]} / {settings[0]}, SQL: the difference)"
    )


if __name__ == "__main__":
    main()
