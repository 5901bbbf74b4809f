"""Operations: the health endpoint, JSON logs with a request id, readable start-up errors (exit code 2),
SQLite's WAL and busy timeout, backup and restore, and `quizapp migrate` / `serve --no-migrate`."""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import exc as sa_exc
from sqlalchemy import func, select, text

from quizapp import create_app
from quizapp.accounts.models import User
from quizapp.cli import main
from quizapp.core.extensions import db
from tests.conftest import PG_URL, TEST_CONFIG

# --- health -----------------------------------------------------------------------------------


def test_healthz_answers_ok_when_the_database_does(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.text == "ok\n"
    assert response.mimetype == "text/plain" and response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers  # no session for monitors


def test_healthz_says_503_when_the_database_does_not_answer(client, monkeypatch):
    def broken(*_args, **_kwargs):
        raise sa_exc.OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(db.session, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503 and "database unavailable" in response.text


# --- logs -------------------------------------------------------------------------------------


@pytest.fixture
def app_config():
    return {"LOG_LEVEL": "INFO", "LOG_JSON": True}


def json_lines(captured: str) -> list[dict]:
    return [json.loads(line) for line in captured.splitlines() if line.startswith("{")]


def test_every_log_line_of_a_request_carries_its_request_id(app, client, capsys):
    @app.get("/_log-twice")
    def log_twice():
        app.logger.info("first", extra={"bank_id": 7})
        logging.getLogger("quizapp.services.example").warning("second")
        return "done"

    capsys.readouterr()
    response = client.get("/_log-twice", headers={"X-Request-ID": "req-123.abc"})
    assert response.headers["X-Request-ID"] == "req-123.abc"
    lines = json_lines(capsys.readouterr().err)
    assert [line["message"] for line in lines] == ["first", "second", "request"]
    assert {line["request_id"] for line in lines} == {"req-123.abc"}
    assert lines[0]["bank_id"] == 7 and lines[1]["logger"] == "quizapp.services.example"
    done = lines[2]
    assert done["method"] == "GET" and done["path"] == "/_log-twice" and done["status"] == 200
    assert isinstance(done["duration_ms"], float) and done["level"] == "INFO" and "time" in done


def test_a_request_id_is_generated_when_missing_or_unsafe(client, capsys):
    ids = set()
    for header in ({}, {"X-Request-ID": "bad id <script>"}, {"X-Request-ID": "x" * 500}):
        response = client.get("/healthz", headers=header)
        rid = response.headers["X-Request-ID"]
        assert len(rid) == 32 and rid.isalnum()
        ids.add(rid)
    assert len(ids) == 3
    logged = {line["request_id"] for line in json_lines(capsys.readouterr().err)}
    assert ids <= logged


def test_an_unexpected_error_is_one_json_line_with_its_traceback(app, client, capsys):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/_boom")
    def boom():
        raise RuntimeError("a bug")

    capsys.readouterr()
    response = client.get("/_boom")
    assert response.status_code == 500
    lines = json_lines(capsys.readouterr().err)
    error = next(line for line in lines if line["level"] == "ERROR")
    assert "RuntimeError: a bug" in error["exception"]
    assert error["request_id"] == response.headers["X-Request-ID"]


# --- start-up errors --------------------------------------------------------------------------


def run_quizapp(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("QUIZAPP_") and k != "DATABASE_URL"}
    return subprocess.run(
        [sys.executable, "-m", "quizapp", *args],
        env={**clean, **(env or {})},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )


def assert_one_line_exit_2(done: subprocess.CompletedProcess, *needles: str) -> None:
    lines = [line for line in done.stderr.splitlines() if line.strip() and not line.startswith("Instance")]
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert len(lines) == 1, done.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


@pytest.mark.parametrize(
    ("url", "needles"),
    [
        ("mysql-but-not-really://db/quiz", ("is not a database URL quizapp can use",)),
        ("no scheme at all", ("is not a database URL quizapp can use",)),
        (
            "postgresql://quiz:s3cret@127.0.0.1:1/quiz",
            ("Cannot reach the database at postgresql://quiz:***@127.0.0.1:1/quiz",),
        ),
    ],
)
def test_a_bad_database_url_is_one_readable_line_and_exit_code_2(tmp_path, url, needles):
    done = run_quizapp(tmp_path, "--instance", str(tmp_path / "inst"), "serve", env={"DATABASE_URL": url})
    assert_one_line_exit_2(done, *needles)
    assert "s3cret" not in done.stderr


def test_an_unwritable_instance_folder_is_one_readable_line_and_exit_code_2(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    done = run_quizapp(tmp_path, "--instance", str(blocker / "instance"), "serve")
    assert_one_line_exit_2(done, f"The instance folder {blocker / 'instance'} cannot be created or written")


def test_serve_without_migrations_refuses_a_database_not_yet_migrated(tmp_path):
    done = run_quizapp(tmp_path, "--instance", str(tmp_path / "inst"), "serve", "--no-migrate")
    assert_one_line_exit_2(done, "run `quizapp migrate` once")


# --- SQLite: WAL, busy timeout, backup and restore --------------------------------------------


@pytest.mark.skipif(bool(PG_URL), reason="SQLite only")
def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(app):
    with app.app_context():
        assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert db.session.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
        assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1


def instance_app(instance: Path):
    """The app of an instance folder as `quizapp` would open it, its tables created, a user in it."""
    app = create_app(
        {**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance / 'quizapp.sqlite'}"},
        instance_path=str(instance),
    )
    with app.app_context():
        db.create_all()
    return app


def user_emails(app) -> list[str]:
    with app.app_context():
        emails = list(db.session.scalars(select(User.email).order_by(User.id)))
        db.session.remove()
        db.engine.dispose()
        return emails


def add_user(app, email: str) -> None:
    with app.app_context():
        db.session.add(User(email=email, display_name=email, role="student"))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


@pytest.mark.skipif(bool(PG_URL), reason="SQLite only: PostgreSQL is backed up with pg_dump")
def test_backup_then_restore_brings_the_old_data_back(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    instance = tmp_path / "instance"
    app = instance_app(instance)
    add_user(app, "before@example.org")
    runner = CliRunner()
    saved = tmp_path / "backups" / "monday.sqlite"

    result = runner.invoke(main, ["--instance", str(instance), "backup", str(saved)])
    assert result.exit_code == 0, result.output
    assert saved.exists()
    again = runner.invoke(main, ["--instance", str(instance), "backup", str(saved)])
    assert again.exit_code == 1 and "already exists" in again.output

    add_user(app, "after@example.org")
    assert user_emails(app) == ["before@example.org", "after@example.org"]

    result = runner.invoke(main, ["--instance", str(instance), "restore", str(saved), "--yes"])
    assert result.exit_code == 0, result.output
    assert user_emails(app) == ["before@example.org"]
    kept = list(instance.glob("quizapp.sqlite.before-restore-*"))
    assert len(kept) == 1  # the replaced database is kept, in case the wrong backup was chosen
    with create_app(
        {**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{kept[0]}"}, instance_path=str(instance)
    ).app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 2
        db.engine.dispose()


@pytest.mark.skipif(bool(PG_URL), reason="SQLite only")
def test_restore_refuses_while_a_server_runs_or_from_a_file_that_is_not_a_backup(tmp_path, monkeypatch):
    from quizapp.core.operations import hold_serve_lock

    monkeypatch.delenv("DATABASE_URL", raising=False)
    instance = tmp_path / "instance"
    app = instance_app(instance)
    add_user(app, "kept@example.org")
    runner = CliRunner()
    saved = tmp_path / "good.sqlite"
    assert runner.invoke(main, ["--instance", str(instance), "backup", str(saved)]).exit_code == 0

    lock = hold_serve_lock(str(instance))
    try:
        result = runner.invoke(main, ["--instance", str(instance), "restore", str(saved), "--yes"])
        assert result.exit_code == 1 and "server is running" in result.output
    finally:
        lock.close()

    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not a database" * 100)
    result = runner.invoke(main, ["--instance", str(instance), "restore", str(junk), "--yes"])
    assert result.exit_code == 1 and "not a SQLite database" in result.output
    result = runner.invoke(main, ["--instance", str(instance), "restore", str(tmp_path / "none"), "--yes"])
    assert result.exit_code == 1 and "no backup file" in result.output
    assert user_emails(app) == ["kept@example.org"]


def test_backup_of_a_postgresql_database_says_to_use_pg_dump(tmp_path):
    result = CliRunner().invoke(
        main,
        ["--instance", str(tmp_path / "instance"), "backup", str(tmp_path / "x.sqlite")],
        env={"DATABASE_URL": "postgresql://quiz:secret@db.example.org/quiz"},
    )
    assert result.exit_code == 1
    assert "pg_dump --format=custom" in result.output and "secret" not in result.output


def test_quizapp_migrate_prepares_the_database_for_servers_started_without_migrating(tmp_path, monkeypatch):
    """`quizapp migrate` once, then `serve --no-migrate` finds the database up to date."""
    from quizapp import cli

    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setattr("quizapp.library.store.ensure_seed_bank", lambda *a, **k: _FakeBank())
    instance = tmp_path / "instance"
    result = CliRunner().invoke(main, ["--instance", str(instance), "migrate"])
    assert result.exit_code == 0, result.output
    assert "up to date" in result.output
    app = create_app({**TEST_CONFIG}, instance_path=str(instance))
    cli.check_migrated(app)  # raises StartupError when not at every head


class _FakeBank:
    questions: tuple = ()


def test_the_serve_lock_is_taken_once_per_instance_folder(tmp_path):
    from quizapp.core.operations import StartupError, hold_serve_lock, server_running

    assert not server_running(str(tmp_path))
    lock = hold_serve_lock(str(tmp_path))
    try:
        assert server_running(str(tmp_path))
        with pytest.raises(StartupError, match="already runs"):
            hold_serve_lock(str(tmp_path))
    finally:
        lock.close()
    assert not server_running(str(tmp_path))


# --- every answer in its own short transaction -------------------------------------------------


def test_every_answer_is_committed_before_its_response(app, sample_bank):
    """A quiz answer, a classroom answer and a flashcard rating are in the database, seen from another
    connection, as soon as the request that sent them has its response: no answer waits for a later
    commit (a crash after the acknowledgement loses nothing)."""
    import sqlalchemy as sa

    from tests.quizapp.world import build_world, log_in

    world = build_world(app, sample_bank)
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    options = app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {})
    other = sa.create_engine(url, **options)

    def count(table: str) -> int:
        with other.connect() as conn:
            return conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()

    owner = app.test_client()
    log_in(owner, "owner")
    from quizapp.library.models import Question
    from quizapp.quiz.models import Attempt

    with app.app_context():
        first = db.session.get(Attempt, world.ids["attempt_id"]).question_ids[0]
        right = db.session.get(Question, first).answer
    before = count("answers")
    answered = owner.post(
        f"/quiz/attempt/{world.ids['attempt_id']}/answer",
        data={"question_id": first, "response": right, "choice": right},
    )
    assert answered.status_code == 302 and "/feedback" in answered.location, answered.location
    assert count("answers") == before + 1

    sid = world.ids["session_id"]
    owner.post(f"/classroom/s/{sid}/control", data={"action": "open", "position": 0})
    phone = app.test_client()
    phone.set_cookie(f"classroom_player_{sid}", world.player_token, path="/classroom/")
    before = count("classroom_answers")
    response = phone.post(f"/classroom/s/{sid}/answer.json", data={"position": "0", "skip": "1"})
    assert response.status_code == 200
    assert count("classroom_answers") == before + 1

    deck = owner.get(f"/study/deck/{world.ids['deck_key']}?show=1").text
    fields = dict(re.findall(r'<input type="hidden" name="(card_id|token|mode)" value="([^"]*)"', deck))
    before = count("study_reviews")
    rated = owner.post(f"/study/deck/{world.ids['deck_key']}/rate", data={**fields, "rating": "3"})
    assert rated.status_code in (302, 303)
    assert count("study_reviews") == before + 1
    other.dispose()
