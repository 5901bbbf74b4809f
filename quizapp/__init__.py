"""quizapp: the web app that turns news articles into explained quizzes.

Only :func:`create_app` lives here. Blueprints and models are imported inside the factory so
that importing the package reads no configuration, no file and no clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

_PACKAGE_DIR = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """Where a top-level resource folder (templates, static, migrations, seed) lives.

    In a wheel, pyproject force-includes them inside the package; in a checkout they sit at
    the repository root beside the package.
    """
    inside = _PACKAGE_DIR / name
    if inside.is_dir():
        return inside
    return _PACKAGE_DIR.parent / name


def create_app(test_config: Mapping[str, Any] | None = None, *, instance_path: str | None = None) -> Flask:
    """Build the app.

    Configuration order: :mod:`quizapp.config` defaults, then ``instance/config.py``, then
    ``QUIZAPP_*`` environment variables (and ``DATABASE_URL``), then ``test_config``.
    """
    from quizapp import config as config_module

    app = Flask(
        __name__,
        instance_path=config_module.instance_path(instance_path),
        instance_relative_config=True,
        template_folder=str(resource_dir("templates")),
        static_folder=str(resource_dir("static")),
    )
    from quizapp.wrappers import IdConverter

    app.url_map.converters["int"] = IdConverter
    config_module.configure(app, test_config)

    from quizapp import errors, extensions, logs, nav, operations, security
    from quizapp.models import load_models

    load_models()
    extensions.init_app(app)
    errors.register(app)
    nav.init_app(app)
    security.init_app(app)
    logs.init_app(app)
    operations.init_app(app)

    from quizapp import auth, library, quiz, scores

    app.register_blueprint(auth.bp)
    app.register_blueprint(library.bp)
    app.register_blueprint(quiz.bp)
    app.register_blueprint(scores.bp)
    nav.add_nav_link(app, "Library", "library.index", order=10)
    nav.add_nav_link(app, "Take a quiz", "quiz.new", order=20)
    nav.add_nav_link(app, "My scores", "scores.index", order=40, login_required=True)

    from quizapp import authoring

    app.register_blueprint(authoring.bp)
    app.register_blueprint(authoring.sets_bp)
    nav.add_nav_link(app, "Author", "authoring.index", order=25, teacher_only=True)
    nav.add_nav_link(app, "Question sets", "sets.index", order=22)

    from quizapp import study

    app.register_blueprint(study.bp)
    nav.add_nav_link(app, "Study", "study.index", order=30, login_required=True)

    from quizapp import classroom

    app.register_blueprint(classroom.bp)
    nav.add_nav_link(app, "Classroom", "classroom.index", order=35)

    from quizapp import cli

    cli.register(app)
    return app
