"""Running the app: the health endpoint, readable start-up errors, SQLite backup and restore, and the
lock that tells ``quizapp restore`` a server is running. See docs/operations.md.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from flask import Flask, Response, make_response
from sqlalchemy import exc as sa_exc
from sqlalchemy import text
from sqlalchemy.engine import make_url

from quizapp.core.config import StartupError

__all__ = ["StartupError"]

#: held (flock) by a running ``quizapp serve``; ``quizapp restore`` refuses while it is held
SERVE_LOCK_FILE = "serve.lock"
#: the key of the PostgreSQL advisory lock that lets one server at a time run migrations
MIGRATION_LOCK_KEY = 0x5155495A  # "QUIZ"


def init_app(app: Flask) -> None:
    from quizapp.core.extensions import no_rate_limit

    app.add_url_rule("/healthz", "healthz", no_rate_limit(healthz))  # monitors ask it every few seconds


def healthz() -> Response:
    """For load balancers and monitors: 200 ``ok`` when the database answers ``SELECT 1``, else 503.

    No template, no session, no user: one round trip to the database.
    """
    from quizapp.core.extensions import db

    try:
        db.session.execute(text("SELECT 1"))
        body, status = "ok\n", 200
    except sa_exc.SQLAlchemyError:
        db.session.rollback()
        body, status = "database unavailable\n", 503
    response = make_response(body, status)
    response.mimetype = "text/plain"
    response.headers["Cache-Control"] = "no-store"
    return response


def serving_note(app: Flask) -> str:
    """What ``quizapp serve`` says as it starts: the instance folder, and what a SQLite database set to
    ``QUIZAPP_SQLITE_SYNCHRONOUS=NORMAL`` trades for its faster commits."""
    note = f"Instance folder: {app.instance_path}"
    uri = str(app.config.get("SQLALCHEMY_DATABASE_URI", ""))
    if uri.startswith("sqlite") and app.config.get("SQLITE_SYNCHRONOUS") == "NORMAL":
        note += (
            "\nSQLite synchronous=NORMAL: answers survive a crash or kill of the server, but the last "
            "seconds of them may be lost in a power cut or OS crash (FULL, the default, keeps them)."
        )
    return note


# --- start-up errors ---------------------------------------------------------------------------


def safe_url(url: str) -> str:
    """The database URL without its password, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - an unparseable URL is shown as given, cut short
        return url.split("@")[-1][:200]


def describe_startup_error(exc: BaseException, *, instance_path: str | None, database_url: str | None) -> str:
    """One readable line for an exception raised while building the app or preparing its database."""
    where = safe_url(database_url) if database_url else "the database"
    if isinstance(exc, StartupError):
        return str(exc)
    if isinstance(exc, sa_exc.NoSuchModuleError | sa_exc.ArgumentError):
        return (
            f"DATABASE_URL {where!r} is not a database URL quizapp can use "
            "(postgresql://user@host:5432/name or sqlite:////path/to/file.sqlite)."
        )
    if isinstance(exc, sa_exc.OperationalError | sa_exc.InterfaceError):
        reason = str(getattr(exc, "orig", exc) or exc).strip().splitlines()
        first = reason[0] if reason else type(exc).__name__
        if database_url and database_url.startswith("sqlite") and "unable to open" in first:
            return f"Cannot open the SQLite database {where}: is its folder writable? ({first})"
        return f"Cannot reach the database at {where}: {first}"
    if isinstance(exc, OSError):
        path = exc.filename or instance_path
        return (
            f"The instance folder {path} cannot be created or written ({exc.strerror or exc}). "
            "Choose another with --instance or QUIZAPP_INSTANCE_PATH."
        )
    return f"{type(exc).__name__}: {exc}"


#: exceptions that mean "the configuration is wrong", not "quizapp has a bug"
STARTUP_ERRORS: tuple[type[BaseException], ...] = (StartupError, OSError, sa_exc.SQLAlchemyError)


def check_instance_writable(instance_path: str) -> None:
    """Fail early, with the folder's name, when the instance folder cannot hold the database and key."""
    folder = Path(instance_path)
    probe = folder / f".write-test-{os.getpid()}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise StartupError(
            f"The instance folder {folder} cannot be created or written ({exc.strerror or exc}). "
            "Choose another with --instance or QUIZAPP_INSTANCE_PATH."
        ) from exc


@contextlib.contextmanager
def migration_lock(app: Flask) -> Iterator[None]:
    """On PostgreSQL, one process at a time migrates (several servers may start together)."""
    from quizapp.core.extensions import db

    if db.engine.dialect.name != "postgresql":
        yield
        return
    with db.engine.connect() as conn:
        conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": MIGRATION_LOCK_KEY})
        conn.commit()
        try:
            yield
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATION_LOCK_KEY})
            conn.commit()


# --- the serve lock ----------------------------------------------------------------------------


def hold_serve_lock(instance_path: str) -> IO[str]:
    """Take the instance folder's serve lock for the life of this process (workers inherit it)."""
    handle = open(Path(instance_path) / SERVE_LOCK_FILE, "a+", encoding="utf-8")  # noqa: SIM115
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise StartupError(
            f"Another quizapp server already runs from the instance folder {instance_path}."
        ) from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"{os.getpid()}\n")
    handle.flush()
    return handle


def server_running(instance_path: str) -> bool:
    path = Path(instance_path) / SERVE_LOCK_FILE
    if not path.exists():
        return False
    with open(path, encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
    return False


# --- backup and restore ------------------------------------------------------------------------


class BackupError(Exception):
    """A backup or restore that cannot be done, worded for the operator."""


def sqlite_path(database_url: str) -> Path:
    """The file of a SQLite database URL; BackupError for any other database."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        raise BackupError(
            f"The database is {url.get_backend_name()} ({safe_url(database_url)}): back it up with its own "
            'tools. For PostgreSQL: pg_dump --format=custom --file=quizapp.dump "$DATABASE_URL" '
            '(restore with pg_restore --clean --dbname "$DATABASE_URL" quizapp.dump).'
        )
    if not url.database or url.database == ":memory:":
        raise BackupError("The database is in memory: there is nothing on disk to back up.")
    return Path(url.database)


def backup_sqlite(source: Path, target: Path) -> None:
    """Copy a live SQLite database with the online backup API: consistent even while the app writes."""
    if not source.exists():
        raise BackupError(f"There is no database at {source} yet.")
    target = target.expanduser()
    if target.exists():
        raise BackupError(f"{target} already exists; choose a new file name.")
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            with dst:
                src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def check_backup_file(path: Path) -> None:
    """A restore reads only an intact SQLite file made by quizapp (it has the migrations' table)."""
    if not path.is_file():
        raise BackupError(f"There is no backup file at {path}.")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            ok = conn.execute("PRAGMA integrity_check").fetchone()
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is not a SQLite database ({exc}).") from exc
    if not ok or ok[0] != "ok":
        raise BackupError(f"{path} is damaged: {ok[0] if ok else 'no answer from integrity_check'}.")
    if not {"users", "banks"} <= tables:
        raise BackupError(f"{path} is a SQLite database but not a quizapp backup (no users or banks table).")


def restore_sqlite(backup: Path, target: Path) -> Path | None:
    """Replace the database at ``target`` with ``backup``; the replaced database is kept beside it.

    Returns where the replaced database was kept (None when there was none).
    """
    check_backup_file(backup)
    kept = None
    if target.exists():
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        kept = target.with_name(f"{target.name}.before-restore-{stamp}")
        backup_sqlite(target, kept)
    src = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            with dst:
                src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return kept
