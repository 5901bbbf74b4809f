"""Flask extensions: created here without an app, bound to one in :func:`init_app`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, current_user
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import event

from quizapp.core.models import Base

db = SQLAlchemy(model_class=Base)
# every model subclasses Model: db.Model at run time (a subclass of Base that Flask-SQLAlchemy makes);
# mypy cannot follow that dynamic class, so it checks the models against Base
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(get_remote_address)


def player_key() -> str:
    """Quiz starts are limited per player, not per address: a classroom shares one address."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return get_remote_address()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # foreign keys are off by default in SQLite; WAL lets readers and the writer work together
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def init_app(app: Flask) -> None:
    from quizapp.core.config import resource_dir
    from quizapp.core.wrappers import Request, SessionInterface

    app.request_class = Request
    app.session_interface = SessionInterface()

    db.init_app(app)
    migrate.init_app(
        app, db, directory=str(resource_dir("migrations")), render_as_batch=True, compare_type=True
    )
    csrf.init_app(app)
    from quizapp.core import ratelimits  # noqa: F401 - registers the quizapp-sqlite:// store with limits

    limiter.init_app(app)

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to see that page."
    login_manager.login_message_category = "info"

    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
