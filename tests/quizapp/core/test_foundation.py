"""The app factory, configuration, database setup and migrations."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade

from quizapp import create_app
from quizapp.core.config import SECRET_KEY_FILE
from tests.conftest import TEST_CONFIG, database_config


def test_testing_config_is_applied(app):
    assert app.testing
    assert app.config["SECRET_KEY"] == "test-secret"


def test_templates_and_static_are_found(client):
    page = client.get("/")
    assert page.status_code == 200
    assert b"Quizapp" in page.data
    with client.get("/static/css/app.css") as css:
        assert css.status_code == 200
        assert b"--accent" in css.data


def test_secret_key_is_generated_once_into_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("QUIZAPP_SECRET_KEY", raising=False)
    db_url = f"sqlite:///{tmp_path / 'x.sqlite'}"
    first = create_app({"SQLALCHEMY_DATABASE_URI": db_url}, instance_path=str(tmp_path / "inst"))
    key_file = tmp_path / "inst" / SECRET_KEY_FILE
    assert key_file.is_file()
    assert len(first.config["SECRET_KEY"]) >= 32
    assert first.config["PASSWORD_HASH_METHOD"] == "scrypt"  # only tests use a cheap hash
    second = create_app({"SQLALCHEMY_DATABASE_URI": db_url}, instance_path=str(tmp_path / "inst"))
    assert second.config["SECRET_KEY"] == first.config["SECRET_KEY"]
    assert key_file.stat().st_mode & 0o077 == 0


def test_config_order_instance_file_then_env_then_test_config(tmp_path, monkeypatch):
    inst = tmp_path / "inst"
    inst.mkdir()
    (inst / "config.py").write_text("QUIZ_DEFAULT_COUNT = 7\nQUIZ_MAX_COUNT = 30\nSECRET_KEY = 'from-file'\n")
    monkeypatch.setenv("QUIZAPP_QUIZ_MAX_COUNT", "40")
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "from-test"}, instance_path=str(inst)
    )
    assert app.config["QUIZ_DEFAULT_COUNT"] == 7
    assert app.config["QUIZ_MAX_COUNT"] == 40
    assert app.config["SECRET_KEY"] == "from-test"


def test_sqlite_by_default_in_the_instance_folder_with_wal_and_foreign_keys(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("QUIZAPP_SQLALCHEMY_DATABASE_URI", raising=False)
    app = create_app({"TESTING": True}, instance_path=str(tmp_path / "inst"))
    from quizapp.core.extensions import db

    with app.app_context():
        assert db.engine.url.database == str(tmp_path / "inst" / "quizapp.sqlite")
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        db.engine.dispose()


def test_database_url_environment_is_used_for_postgres(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://someone@db.example:5432/quiz")
    app = create_app({"TESTING": True}, instance_path=str(tmp_path / "inst"))
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://someone@db.example:5432/quiz"


def test_migrations_reach_every_head_and_match_the_models(tmp_path, database):
    """``upgrade heads`` builds the schema the models describe: no model change lacks its migration."""
    config = {
        **TEST_CONFIG,
        **database_config(database, tmp_path, schema=f"{database['schema']}_mig" if database else None),
    }
    app = create_app(config, instance_path=str(tmp_path / "inst"))
    from quizapp.core.extensions import db

    with app.app_context():
        upgrade(revision="heads")
        with db.engine.connect() as conn:
            diff = compare_metadata(
                MigrationContext.configure(conn, opts={"compare_type": True}), db.metadata
            )
            tables = set(sa.inspect(conn).get_table_names())
        db.engine.dispose()
    assert {"users", "articles", "banks", "questions", "attempts", "answers"} <= tables
    assert diff == [], f"models and migrations differ: {diff}"


@pytest.mark.parametrize("resource", ["templates", "static", "migrations", "seed"])
def test_resource_folders_exist_in_a_checkout(resource):
    from quizapp.core.config import resource_dir

    assert Path(resource_dir(resource)).is_dir()
