"""Friendly error pages: every failure a user can cause gets a page that says what happened."""

from __future__ import annotations

from flask import Flask, current_app, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError
from werkzeug.exceptions import HTTPException, InternalServerError

from quizapp.core.extensions import db

MESSAGES = {
    400: ("Bad request", "The page could not understand what was sent. Go back and try again."),
    403: ("Not yours", "You do not have access to this page. If it belongs to your account, log in first."),
    404: ("Not found", "There is nothing here. The link may be old, or the item was deleted."),
    405: ("Not allowed", "That page cannot be used this way."),
    413: ("Too large", "What you sent is too large. Shorten it, or upload a smaller file."),
    429: ("Slow down", "Too many tries in a short time. Wait a minute and try again."),
    500: ("Something went wrong", "The error has been logged. Try again in a moment."),
}

CSRF_MESSAGE = "Your form expired or was tampered with; reload and try again."
DATA_ERROR_MESSAGE = (
    "Nothing was stored: a value sent is one the database cannot hold (a number too large, a text too"
    " long or with a NUL character). Go back, correct it and try again."
)


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return request.path.startswith("/api/") or (
        best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


def render_error(code: int, message: str | None = None, title: str | None = None) -> tuple[str, int]:
    default_title, default_message = MESSAGES.get(code, ("Error", "Something went wrong."))
    title = title or default_title
    message = message or default_message
    if _wants_json():
        return jsonify(error=title, message=message, status=code), code  # type: ignore[return-value]
    return render_template("errors/error.html", code=code, title=title, message=message), code


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(_exc: CSRFError) -> tuple[str, int]:
        return render_error(400, CSRF_MESSAGE, "Form expired")

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> tuple[str, int] | HTTPException:
        code = exc.code or 500
        if code < 400:
            return exc
        # a message raised on purpose with abort(404, "...") is shown; werkzeug's stock text is not
        stock = type(exc).description
        message = exc.description if exc.description and exc.description != stock else None
        if code == 429:
            message = None  # Flask-Limiter's description is the limit itself ("10 per 1 minute")
        return render_error(code, message)

    @app.errorhandler(OverflowError)
    def number_too_large(_exc: OverflowError) -> tuple[str, int]:
        # a number from a URL or a form too large for the database (SQLite's driver cannot bind it):
        # no row can have it, so it is a 404 like any other id that matches nothing
        return render_error(404)

    @app.errorhandler(DataError)
    def refused_by_the_database(exc: DataError) -> tuple[str, int]:
        # the last resort for a value the database refuses that no form or converter caught (a number
        # out of an integer column's range, text too long for its column, a NUL on PostgreSQL): undo
        # the transaction so the next query of this worker works, and say what to change
        db.session.rollback()
        current_app.logger.warning("the database refused a value: %s", str(exc.orig).splitlines()[0])
        return render_error(400, DATA_ERROR_MESSAGE, "Not stored")

    @app.errorhandler(InternalServerError)
    def server_error(exc: InternalServerError) -> tuple[str, int]:
        return render_error(500)
