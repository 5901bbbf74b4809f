"""quizapp: the web app that turns news articles into explained quizzes.

Only :func:`create_app` lives here. Blueprints and models are imported inside the factory so
that importing the package reads no configuration, no file and no clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # Flask is imported when an app is made: `quizapp serve` patches for gevent first
    from flask import Flask


def create_app(test_config: Mapping[str, Any] | None = None, *, instance_path: str | None = None) -> Flask:
    """Build the app.

    Configuration order: :mod:`quizapp.core.config` defaults, then ``instance/config.py``, then
    ``QUIZAPP_*`` environment variables (and ``DATABASE_URL``), then ``test_config``.
    """
    from flask import Flask

    from quizapp.core import config as config_module
    from quizapp.core.config import resource_dir

    app = Flask(
        __name__,
        instance_path=config_module.instance_path(instance_path),
        instance_relative_config=True,
        template_folder=str(resource_dir("templates")),
        static_folder=str(resource_dir("static")),
    )
    from quizapp.core.wrappers import IdConverter

    app.url_map.converters["int"] = IdConverter
    config_module.configure(app, test_config)

    from quizapp.core import errors, extensions, logs, nav, operations, security
    from quizapp.core.models import load_models

    load_models()
    extensions.init_app(app)
    from quizapp.accounts.service import init_login

    init_login()
    errors.register(app)
    nav.init_app(app)
    security.init_app(app)
    logs.init_app(app)
    operations.init_app(app)
    from quizapp.core import times

    times.init_app(app)

    from quizapp.accounts import password_views  # noqa: F401 - its routes are on the accounts blueprint
    from quizapp.accounts import views as accounts
    from quizapp.library import views as library
    from quizapp.quiz import views as quiz

    app.register_blueprint(accounts.bp)
    app.register_blueprint(library.bp)
    app.register_blueprint(quiz.bp)
    app.register_blueprint(quiz.scores_bp)
    nav.add_nav_link(app, "Library", "library.index", order=10)
    nav.add_nav_link(app, "Take a quiz", "quiz.new", order=20)
    nav.add_nav_link(app, "My scores", "scores.index", order=40, login_required=True)

    from quizapp.authoring import review_views, set_views  # noqa: F401 (review_views: routes on authoring.bp)
    from quizapp.authoring import views as authoring

    app.register_blueprint(authoring.bp)
    app.register_blueprint(set_views.bp)
    from quizapp.authoring.decks import SetDecks
    from quizapp.study.decks import register_deck_source

    register_deck_source("set", SetDecks())
    from quizapp.authoring.sets import find_set, readable_through_sets
    from quizapp.core.access import register_set_finder, register_set_reader

    register_set_reader(readable_through_sets)
    register_set_finder(find_set)
    nav.add_nav_link(app, "Author", "authoring.index", order=25, teacher_only=True)
    nav.add_nav_link(app, "Question sets", "sets.index", order=22)

    from quizapp.itemstats import views as itemstats

    app.register_blueprint(itemstats.bp)

    from quizapp.study import views as study

    app.register_blueprint(study.bp)
    nav.add_nav_link(app, "Study", "study.index", order=30, login_required=True)

    from quizapp.classroom import views as classroom

    app.register_blueprint(classroom.bp)
    from quizapp.classroom import push as classroom_push

    app.register_blueprint(classroom_push.bp)
    nav.add_nav_link(app, "Classroom", "classroom.index", order=35)

    from quizapp.accounts.service import register_guest_activity
    from quizapp.classroom.answers import played_since
    from quizapp.quiz.attempts import quizzed_since

    register_guest_activity("quiz", quizzed_since)
    register_guest_activity("classroom", played_since)

    from quizapp.library import seed

    seed.register(app)
    return app
