"""The ``quizapp`` console script: first start, serving with gunicorn, import, export, staff accounts."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from markupsafe import escape

from quizapp.cli import main

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seed" / "000_4df508d8d7a01fc2.txt"


@pytest.fixture
def cli_env(tmp_path, database):
    """Environment for a CLI run against this test's own database."""
    env = {"QUIZAPP_INSTANCE_PATH": str(tmp_path / "instance")}
    if database:
        schema = f"{database['schema']}_cli{os.getpid()}_{tmp_path.name[-8:]}".lower().replace("-", "_")
        database["make_schema"](schema)
        env["QUIZAPP_SQLALCHEMY_DATABASE_URI"] = database["url"]
        env["QUIZAPP_SQLALCHEMY_ENGINE_OPTIONS"] = json.dumps(
            {"connect_args": {"options": f"-c search_path={schema}"}}
        )
    else:
        env["QUIZAPP_SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    return env


def run(env, *args, input=None):
    result = CliRunner(env=env).invoke(main, list(args), input=input, catch_exceptions=False)
    return result


def test_help_lists_the_commands():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for command in (
        "serve",
        "import-article",
        "export-bank",
        "create-teacher",
        "create-admin",
        "prune-guests",
        "itemstats",
    ):
        assert command in result.output


def test_import_and_export_a_bank(cli_env, tmp_path):
    article = tmp_path / "story.txt"
    article.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    result = run(cli_env, "import-article", str(article))
    assert result.exit_code == 0, result.output
    assert "Imported bank 2:" in result.output  # bank 1 is the seed bank made on first start
    out = tmp_path / "bank.json"
    exported = run(cli_env, "export-bank", "2", "--format", "json", "-o", str(out))
    assert exported.exit_code == 0, exported.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["format"] == "quizbank/1"
    assert data["article"]["text"].startswith("date 2022-02-14 Russian aggression")
    assert run(cli_env, "export-bank", "99").exit_code != 0
    gift = run(cli_env, "export-bank", "2", "--format", "gift")
    assert gift.exit_code == 0, gift.output
    anki = run(cli_env, "export-bank", "2", "--format", "anki")
    assert anki.exit_code != 0 and "--output" in anki.output
    deck = tmp_path / "deck.apkg"
    assert run(cli_env, "export-bank", "2", "--format", "anki", "-o", str(deck)).exit_code == 0
    assert deck.read_bytes()[:2] == b"PK"  # an .apkg is a zip file


def test_import_refuses_a_bad_file(cli_env, tmp_path):
    bad = tmp_path / "photo.png"
    bad.write_bytes(b"\x89PNG\r\n")
    result = run(cli_env, "import-article", str(bad))
    assert result.exit_code != 0
    assert "not supported" in result.output


def test_create_teacher_and_admin(cli_env, tmp_path):
    result = run(cli_env, "create-teacher", "T@Example.org", "--password", "long enough pw")
    assert result.exit_code == 0, result.output
    assert "Created teacher account t@example.org" in result.output
    promoted = run(cli_env, "create-admin", "t@example.org")
    assert promoted.exit_code == 0 and "Updated admin account" in promoted.output
    prompted = run(cli_env, "create-teacher", "new@example.org", input="long enough pw\nlong enough pw\n")
    assert prompted.exit_code == 0, prompted.output
    short = run(cli_env, "create-teacher", "x@example.org", "--password", "short")
    assert short.exit_code != 0 and "at least 8" in short.output

    from quizapp import create_app
    from quizapp.accounts.service import authenticate

    os.environ.update(cli_env)
    try:
        app = create_app()
        with app.app_context():
            user = authenticate("t@example.org", "long enough pw")
            assert user is not None and user.role == "admin"
            from quizapp.core.extensions import db

            db.session.remove()
            db.engine.dispose()
    finally:
        for key in cli_env:
            os.environ.pop(key, None)


def test_prune_guests_says_what_it_deletes(cli_env):
    result = run(cli_env, "prune-guests", "--days", "30", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "0 guest account(s) idle for 30 days would be deleted." in result.output
    done = run(cli_env, "prune-guests")
    assert done.exit_code == 0 and "Deleted 0 guest account(s) idle for 90 days." in done.output
    assert run(cli_env, "prune-guests", "--days", "0").exit_code != 0  # at least a day


def test_itemstats_rebuild_says_what_it_counted_and_refuses_an_unknown_bank(cli_env):
    done = run(cli_env, "itemstats", "rebuild")
    assert done.exit_code == 0, done.output
    assert "Item statistics of every bank rebuilt from 0 stored answers." in done.output
    missing = run(cli_env, "itemstats", "rebuild", "--bank", "999")
    assert missing.exit_code != 0 and "There is no bank 999." in missing.output


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, proc: subprocess.Popen, timeout: float = 120) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"the server stopped: {proc.stdout.read() if proc.stdout else ''}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode("utf-8")
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer within {timeout}s")


def test_serve_sets_up_on_first_start_and_serves_with_gunicorn(cli_env, tmp_path, generated_seed_bank):
    port = free_port()
    env = {**os.environ, **cli_env, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "quizapp", "serve", "--port", str(port), "--workers", "1"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        home = wait_for(f"http://127.0.0.1:{port}/", proc)
        assert "Library" in home
        # the seed bank, made on first start, under the title the generator gives the untitled article
        assert str(escape(generated_seed_bank.article.title)) in home
        assert (tmp_path / "instance" / "secret_key").is_file()
    finally:
        proc.terminate()
        output = proc.communicate(timeout=30)[0]
    # gevent's worker: each phone of a live classroom holds its push stream open (QUIZAPP_PUSH=0: threads)
    assert "gunicorn" in output.lower() and "Using worker: gevent" in output
    assert "Running on http" not in output  # not Flask's development server


def test_quizapp_alone_prepares_and_serves_on_port_5000(cli_env, monkeypatch):
    import quizapp.cli as cli

    calls = []
    monkeypatch.setattr(cli, "run_gunicorn", lambda app, **kw: calls.append((app, kw)))
    result = run(cli_env)
    assert result.exit_code == 0, result.output
    assert "http://127.0.0.1:5000/" in result.output
    ((app, kw),) = calls
    assert kw["host"] == "127.0.0.1" and kw["port"] == 5000
    assert app.config["SECRET_KEY"] and not app.debug
    from quizapp.core.extensions import db
    from quizapp.library.models import Bank

    with app.app_context():
        seed = db.session.scalars(db.select(Bank).where(Bank.is_seed.is_(True))).one()
        assert seed.visibility == "public"
        db.session.remove()
        db.engine.dispose()
