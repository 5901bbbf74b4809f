"""Configuration: defaults, then ``instance/config.py``, then ``QUIZAPP_*`` environment, then test overrides.

Nothing here runs at import time; :func:`configure` is called by the factory.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask

#: The file in the instance folder that keeps the generated SECRET_KEY.
SECRET_KEY_FILE = "secret_key"
#: The SQLite database file in the instance folder, used when no database URL is configured.
SQLITE_FILE = "quizapp.sqlite"
#: The SQLite file in the instance folder that keeps rate-limit counts, shared by the workers.
RATELIMIT_FILE = "ratelimits.sqlite"

DEFAULTS: dict[str, Any] = {
    "SECRET_KEY": None,
    "SQLALCHEMY_DATABASE_URI": None,
    "SQLALCHEMY_ENGINE_OPTIONS": {},
    # an uploaded article may be 2 MB (questions.MAX_BYTES); leave room for the rest of the form
    "MAX_CONTENT_LENGTH": 4 * 1024 * 1024,
    "MAX_FORM_MEMORY_SIZE": 3 * 1024 * 1024,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    # behind HTTPS: QUIZAPP_SESSION_COOKIE_SECURE=true (the remember-me cookie follows unless set itself)
    "SESSION_COOKIE_SECURE": False,
    # a remembered log-in (and every log-in session on the server) ends after this long
    "REMEMBER_COOKIE_DURATION": timedelta(days=30),
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_SECURE": None,
    # behind a reverse proxy setting X-Forwarded-For/-Proto/-Host: QUIZAPP_PROXY_FIX=1 (how many proxies)
    "PROXY_FIX": 0,
    # a question page left open over lunch must still accept its answer
    "WTF_CSRF_TIME_LIMIT": None,
    # None: a SQLite file in the instance folder, shared by the workers of one machine (quizapp.core.
    # ratelimits); several machines must share counts: redis://127.0.0.1:6379
    "RATELIMIT_STORAGE_URI": None,
    # a moving window: ten tries a minute means ten in any minute, not twenty across a window's edge
    "RATELIMIT_STRATEGY": "moving-window",
    # werkzeug's default; tests use a cheap pbkdf2 so hundreds of sign-ups stay fast
    "PASSWORD_HASH_METHOD": "scrypt",
    "RATELIMIT_HEADERS_ENABLED": False,
    # JSON lines on standard error (one object per log record, with the request id); false: plain text
    "LOG_JSON": True,
    "LOG_LEVEL": "INFO",
    # reading an uploaded article runs in a forked child with this much memory and time at most
    "IMPORT_MEMORY_MB": 512,
    "IMPORT_SECONDS": 30,
    "QUIZ_DEFAULT_COUNT": 10,
    "QUIZ_MAX_COUNT": 50,
    "SEED_ARTICLE": None,
    # live classroom pages: the server pushes state changes (server-sent events; QUIZAPP_PUSH=0: poll)
    "PUSH": True,
    # several servers or workers: the Redis that carries the pushed events between them
    "PUSH_REDIS_URL": None,
    # SQLite only: FULL syncs the disk at every commit (an acknowledged answer survives a power cut);
    # NORMAL (with WAL) syncs only at checkpoints: several times the commits a second, every commit still
    # survives a crash or kill of the server, but the last ones may be lost in a power cut or OS crash
    "SQLITE_SYNCHRONOUS": "FULL",  # default: seed/000_4df508d8d7a01fc2.txt in the package or checkout
}


def instance_path(explicit: str | os.PathLike[str] | None = None) -> str:
    """The instance folder: the argument, else ``QUIZAPP_INSTANCE_PATH``, else ``./instance``."""
    chosen = explicit or os.environ.get("QUIZAPP_INSTANCE_PATH") or Path.cwd() / "instance"
    return str(Path(chosen).expanduser().resolve())


def normalise_database_url(url: str) -> str:
    """Let ``postgres://`` and ``postgresql://`` URLs (as hosts hand them out) use psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def configure(app: Flask, test_config: Mapping[str, Any] | None = None) -> None:
    app.config.from_mapping(DEFAULTS)
    app.config.from_pyfile("config.py", silent=True)
    if os.environ.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    app.config.from_prefixed_env("QUIZAPP")
    if test_config is not None:
        app.config.from_mapping(test_config)

    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    uri = app.config.get("SQLALCHEMY_DATABASE_URI")
    if not uri:
        uri = "sqlite:///" + str(Path(app.instance_path) / SQLITE_FILE)
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(uri)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
        # a restarted or failed-over database: test a pooled connection before using it
        options.setdefault("pool_pre_ping", True)
        # an unreachable host fails start-up in seconds, with a readable error, instead of hanging
        options["connect_args"] = {"connect_timeout": 10, **options.get("connect_args", {})}
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options

    app.config["SQLITE_SYNCHRONOUS"] = sqlite_synchronous(app.config.get("SQLITE_SYNCHRONOUS"))

    if not app.config.get("RATELIMIT_STORAGE_URI"):
        app.config["RATELIMIT_STORAGE_URI"] = f"quizapp-sqlite:///{Path(app.instance_path) / RATELIMIT_FILE}"

    if not app.config.get("SECRET_KEY"):
        if app.testing:
            app.config["SECRET_KEY"] = "testing"
        else:
            app.config["SECRET_KEY"] = load_or_create_secret_key(Path(app.instance_path))


class StartupError(Exception):
    """Why the app cannot start, in one line a person can act on."""


#: the values of QUIZAPP_SQLITE_SYNCHRONOUS (PRAGMA synchronous): FULL, the default, or NORMAL
SQLITE_SYNCHRONOUS_VALUES = ("FULL", "NORMAL")


def sqlite_synchronous(value: object) -> str:
    """QUIZAPP_SQLITE_SYNCHRONOUS as the PRAGMA spells it; StartupError (one line) for any other value."""
    chosen = "FULL" if value is None else str(value).strip().upper()
    if chosen not in SQLITE_SYNCHRONOUS_VALUES:
        raise StartupError(
            f"QUIZAPP_SQLITE_SYNCHRONOUS={value!r} is not FULL (the default: every commit is on disk) "
            "or NORMAL (faster commits; the last ones may be lost in a power cut)."
        )
    return chosen


def load_or_create_secret_key(instance: Path) -> str:
    """Read the instance folder's secret key, generating it on first run (never a made-up constant)."""
    path = instance / SECRET_KEY_FILE
    try:
        key = path.read_text(encoding="utf-8").strip()
        if key:
            return key
    except FileNotFoundError:
        pass
    key = secrets.token_hex(32)
    # create with owner-only permissions; O_EXCL so two workers starting together agree on one key
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(key + "\n")
    return key


#: the quizapp package (this module is quizapp/core/config.py)
_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def resource_dir(name: str) -> Path:
    """Where a top-level resource folder (templates, static, migrations, seed) lives.

    In a wheel, pyproject force-includes them inside the package; in a checkout they sit at
    the repository root beside the package.
    """
    inside = _PACKAGE_DIR / name
    if inside.is_dir():
        return inside
    return _PACKAGE_DIR.parent / name
