"""QUIZAPP_SQLITE_SYNCHRONOUS: the PRAGMA every SQLite connection gets, and a readable refusal of any
other value than FULL or NORMAL."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from quizapp import create_app
from quizapp.cli import main
from quizapp.core.extensions import db

# what ``PRAGMA synchronous`` answers: 1 is NORMAL, 2 is FULL
PRAGMA_VALUES = {"NORMAL": 1, "FULL": 2}


def synchronous_seen(tmp_path: Path, setting: str | None) -> int:
    config = {"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'quiz.sqlite'}"}
    if setting is not None:
        config["SQLITE_SYNCHRONOUS"] = setting
    app = create_app(config, instance_path=str(tmp_path / "instance"))
    with app.app_context():
        try:
            return int(db.session.execute(text("PRAGMA synchronous")).scalar_one())
        finally:
            db.session.remove()
            db.engine.dispose()


@pytest.mark.parametrize(
    ("setting", "expected"), [(None, "FULL"), ("FULL", "FULL"), ("NORMAL", "NORMAL"), ("normal", "NORMAL")]
)
def test_every_connection_gets_the_configured_synchronous(tmp_path, setting, expected):
    assert synchronous_seen(tmp_path, setting) == PRAGMA_VALUES[expected]


def test_the_environment_variable_sets_it(tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZAPP_SQLITE_SYNCHRONOUS", "NORMAL")
    assert synchronous_seen(tmp_path, None) == PRAGMA_VALUES["NORMAL"]


def test_serve_refuses_another_value_in_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZAPP_SQLITE_SYNCHRONOUS", "OFF")
    result = CliRunner().invoke(main, ["--instance", str(tmp_path / "instance"), "serve"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.output.strip().splitlines() == [
        "Error: QUIZAPP_SQLITE_SYNCHRONOUS='OFF' is not FULL (the default: every commit is on disk) "
        "or NORMAL (faster commits; the last ones may be lost in a power cut)."
    ]


def test_serve_says_what_normal_trades(tmp_path):
    from quizapp.core.operations import serving_note

    def note(setting: str) -> list[str]:
        config = {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'quiz.sqlite'}",
            "SQLITE_SYNCHRONOUS": setting,
        }
        return serving_note(create_app(config, instance_path=str(tmp_path / "instance"))).splitlines()

    assert note("FULL") == [f"Instance folder: {tmp_path / 'instance'}"]
    normal = note("NORMAL")
    assert normal[0] == f"Instance folder: {tmp_path / 'instance'}"
    assert "crash or kill of the server" in normal[1] and "power cut" in normal[1]
