"""Running it (issue 16, points 11 and 13): short readable log lines in a terminal and JSON otherwise
(``serve --log-format auto|text|json``); a password piped to ``create-teacher`` without a warning."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys

import pytest

from quizapp.core import logs
from tests.quizapp.test_cli import ROOT, cli_env  # noqa: F401  (the fixture)


@pytest.fixture
def app_config():
    return {"LOG_LEVEL": "INFO"}


def test_text_lines_are_short_and_readable(app, client, capsys):
    logs.use_format(app, json_lines=False)
    capsys.readouterr()
    client.get("/auth/login")
    client.get("/no-such-page")
    lines = capsys.readouterr().err.strip().splitlines()
    request_lines = [line for line in lines if "/auth/login" in line or "/no-such-page" in line]
    assert len(request_lines) == 2, lines
    assert request_lines[0].split()[1:4] == ["GET", "/auth/login", "200"] and request_lines[0].endswith("ms")
    assert request_lines[1].split()[1:4] == ["GET", "/no-such-page", "404"]
    assert not any(line.lstrip().startswith("{") for line in lines)


def test_json_lines_carry_every_field(app, client, capsys):
    logs.use_format(app, json_lines=True)
    capsys.readouterr()
    client.get("/auth/login")
    entries = [json.loads(line) for line in capsys.readouterr().err.strip().splitlines()]
    entry = next(e for e in entries if e.get("path") == "/auth/login")
    assert entry["message"] == "request" and entry["status"] == 200 and entry["request_id"]


def test_auto_is_text_in_a_terminal_and_json_otherwise(monkeypatch):
    assert logs.wants_json("auto") is True  # pytest's captured stderr is no terminal
    assert logs.wants_json("text") is False and logs.wants_json("json") is True
    leader, follower = pty.openpty()
    try:
        with os.fdopen(follower, "w", closefd=False) as terminal:
            monkeypatch.setattr(sys, "stderr", terminal)
            assert logs.wants_json("auto") is False
            assert logs.wants_json("auto", configured=False) is False
    finally:
        os.close(leader)
        os.close(follower)
    assert logs.wants_json("auto", configured=False) is False  # QUIZAPP_LOG_JSON=false: text anywhere


def test_serve_offers_the_log_formats():
    from click.testing import CliRunner

    from quizapp.cli import main

    result = CliRunner().invoke(main, ["serve", "--help"])
    assert "--log-format [auto|text|json]" in result.output
    wrong = CliRunner().invoke(main, ["serve", "--log-format", "xml"])
    assert wrong.exit_code != 0 and "'xml' is not one of" in wrong.output


@pytest.mark.parametrize("lines", ["long enough pw\n", "long enough pw\nlong enough pw\n"])
def test_a_piped_password_makes_the_account_without_a_warning(cli_env, tmp_path, lines):  # noqa: F811
    env = {**os.environ, **cli_env, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "quizapp", "create-teacher", "t@example.org", "--name", "Tess"],
        input=lines,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "Created teacher account t@example.org." in done.stdout
    assert "GetPassWarning" not in done.stderr and "Password:" not in done.stdout + done.stderr
    again = subprocess.run(
        [sys.executable, "-m", "quizapp", "create-teacher", "new@example.org"],
        input="",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=300,
    )
    assert again.returncode != 0 and "Give a password" in again.stderr
