"""Flask extensions: created here without an app, bound to one in :func:`init_app`."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import event

from quizapp.models.base import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(get_remote_address)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # foreign keys are off by default in SQLite; WAL lets readers and the writer work together
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def init_app(app: Flask) -> None:
    from quizapp import resource_dir
    from quizapp.wrappers import Request

    app.request_class = Request

    db.init_app(app)
    migrate.init_app(
        app, db, directory=str(resource_dir("migrations")), render_as_batch=True, compare_type=True
    )
    csrf.init_app(app)
    limiter.init_app(app)

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to see that page."
    login_manager.login_message_category = "info"

    from quizapp.models.accounts import AnonymousUser, User

    login_manager.anonymous_user = AnonymousUser

    @login_manager.user_loader
    def load_user(login_id: str) -> User | None:
        """The user of a session or remember-me cookie whose log-in token is still the current one."""
        try:
            user = db.session.get(User, int(str(login_id).partition(":")[0]))
        except (TypeError, ValueError):
            return None
        return user if user is not None and user.matches_login_id(str(login_id)) else None

    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
