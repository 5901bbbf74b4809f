"""The request class: form fields without NUL characters or nameless parts, and ids that fit a column;
the session, left unopened on the GETs that never read it.

PostgreSQL text cannot hold NUL (``\\x00``) and no person types one, so a form carrying it would
otherwise end in a database error (a 500) instead of an ordinary answer or form error. A multipart part
without a ``name`` reaches ``request.form`` under the key ``None``, which WTForms' FieldList cannot
read (another 500): no browser sends one, so it is dropped.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from flask import Request as FlaskRequest
from flask.sansio.app import App
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer
from werkzeug.routing import IntegerConverter

#: the largest id a database integer column holds (PostgreSQL ``integer``, and what SQLite's driver takes)
MAX_ID = 2**31 - 1


def fits_id(value: object) -> bool:
    """Whether ``value`` can be an id: an int from 1 to :data:`MAX_ID` (form fields and query strings
    carry whatever was typed; a larger number would reach the database as an error, not a miss)."""
    return isinstance(value, int) and 0 < value <= MAX_ID


class IdConverter(IntegerConverter):
    """``<int:...>`` in every route: a number too large for an id column is a 404, not a database error.

    (``/author/jobs/9223372036854775808/status`` was a 500: SQLite's driver cannot bind it, PostgreSQL
    says "integer out of range".) A rule may still give its own ``max``.
    """

    def __init__(self, map, *args, **kwargs):  # type: ignore[no-untyped-def]  # noqa: A002 - werkzeug's name
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


class Request(FlaskRequest):
    def _load_form_data(self) -> None:
        super()._load_form_data()
        form = self.__dict__.get("form")
        if form is not None and (None in form or any("\x00" in v for v in form.values())):
            self.__dict__["form"] = self.parameter_storage_class(
                [(key, value.replace("\x00", "")) for key, value in form.items(multi=True) if key is not None]
            )
        files = self.__dict__.get("files")
        if files is not None and None in files:
            for nameless in files.getlist(None):
                nameless.close()
            self.__dict__["files"] = type(files)(
                [(key, value) for key, value in files.items(multi=True) if key is not None]
            )


class _Unopened(SecureCookieSession):
    """The session of a request that needs none: empty, and never saved (the browser keeps its cookie)."""


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, not opened (no signature checked, none made) for the GET paths a
    feature registers with :func:`without_session`: a phone's poll, hundreds a second in a classroom,
    reads no session value, and the cookie's check and its JSON cost more than the poll's own query.
    Whatever such a request writes into its session is dropped, so it can never replace the cookie
    (and the CSRF secret in it) that the browser holds. POSTs always open the session (CSRF needs it)."""

    def open_session(self, app: Flask, request: FlaskRequest) -> SecureCookieSession | None:
        if request.method in ("GET", "HEAD"):
            for pattern in app.extensions.get("quizapp_sessionless", ()):
                if pattern.fullmatch(request.path):
                    return _Unopened()
        if app.secret_key and not request.cookies.get(self.get_cookie_name(app)):
            return self.session_class()  # nothing to check: Flask would build a serializer for nothing
        return super().open_session(app, request)

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        """Flask's serializer, built once per secret key instead of on every request that has a cookie
        (a phone's answer carries one: its CSRF secret)."""
        keys = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        cached = app.extensions.get("quizapp_session_serializer")
        if cached is None or cached[0] != keys:
            cached = (keys, super().get_signing_serializer(app))
            app.extensions["quizapp_session_serializer"] = cached
        return cached[1]  # type: ignore[no-any-return]

    def save_session(self, app: Flask, session: Any, response: Any) -> None:
        if isinstance(session, _Unopened):
            return
        if not session.modified and not (session.permanent and app.config["SESSION_REFRESH_EACH_REQUEST"]):
            # unchanged, and not one to refresh: Flask would read seven settings to do only this
            if session.accessed:
                response.vary.add("Cookie")
            return
        super().save_session(app, session, response)


def without_session(app: App, path_pattern: str) -> None:
    """GET requests whose path matches ``path_pattern`` (a regular expression, whole path) get an
    empty session that is never saved; see :class:`SessionInterface`."""
    app.extensions.setdefault("quizapp_sessionless", []).append(re.compile(path_pattern))
