"""Flask extensions: created here without an app, bound to one in :func:`init_app`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from flask import Flask, current_app, request
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


View = TypeVar("View", bound=Callable[..., Any])


def no_rate_limit(view: View) -> View:
    """Mark a view that carries no rate limit (none declared), so that Flask-Limiter's per-request work
    (finding the view's limits, before and after it runs) is skipped: a classroom's phones poll and answer
    hundreds of times a second. A deployment's default or application-wide limits still apply to it."""
    view.quizapp_no_rate_limit = True  # type: ignore[attr-defined]
    return view


@limiter.request_filter
def _carries_no_limit() -> bool:
    config = current_app.config
    if config.get("RATELIMIT_DEFAULT") or config.get("RATELIMIT_APPLICATION"):
        return False
    view = current_app.view_functions.get(request.endpoint or "")
    return bool(getattr(view, "quizapp_no_rate_limit", False))


def player_key() -> str:
    """Quiz starts are limited per player, not per address: a classroom shares one address."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return get_remote_address()


def _sqlite_pragmas(synchronous: str) -> Callable[[Any, Any], None]:
    """The PRAGMAs every new SQLite connection gets; ``synchronous`` is FULL or NORMAL (checked by config)."""

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # foreign keys are off by default in SQLite; WAL lets readers and the writer work together;
        # synchronous: FULL syncs the WAL at every commit, NORMAL only at checkpoints (docs/operations.md)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA synchronous={synchronous}")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()

    return on_connect


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
            synchronous = app.config.get("SQLITE_SYNCHRONOUS", "FULL")
            event.listen(engine, "connect", _sqlite_pragmas(synchronous))
