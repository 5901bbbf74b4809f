"""Structured logs: one JSON object per line, each carrying the id of the request it belongs to.

The request id comes from the ``X-Request-ID`` header the reverse proxy sets (nginx: ``$request_id``)
when it looks like an id, else it is generated; it is echoed in the response's ``X-Request-ID``, so a
user's report ("request 4f0c…") leads to every log line of that request on any server.
Each request ends with one ``request`` line: method, path, status, duration, user id.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import traceback
import uuid
from datetime import UTC, datetime
from typing import Any

from flask import Flask, g, has_request_context, request
from flask.logging import default_handler
from sqlalchemy import inspect

REQUEST_ID_HEADER = "X-Request-ID"
#: a proxy's id is trusted only when it is short and plain: it is copied into logs and headers
_REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
#: LogRecord attributes that are not extra fields
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id"}


def current_request_id() -> str | None:
    if has_request_context():
        return g.get("request_id")
    return None


class RequestIdFilter(logging.Filter):
    """Stamps every record with the current request's id (None outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id()
        return True


class JsonFormatter(logging.Formatter):
    """A log record as one line of JSON: time, level, logger, message, request id, extras, traceback."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = "".join(traceback.format_exception(*record.exc_info)).rstrip()
        return json.dumps(entry, default=str, ensure_ascii=False)


class StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is at the time (gunicorn and test runners replace it)."""

    def __init__(self) -> None:
        super().__init__()

    @property  # type: ignore[override]
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, _value: Any) -> None:
        pass


class TextFormatter(logging.Formatter):
    """A short line for a person at a terminal: ``12:04:31  GET /quiz/ 200  12.5 ms``; other records
    as ``12:04:31  WARNING quizapp.x: message [request id]`` (and the traceback under it)."""

    def format(self, record: logging.LogRecord) -> str:
        at = datetime.fromtimestamp(record.created).strftime("%H:%M:%S")
        fields = vars(record)
        if record.msg == "request" and "path" in fields:
            duration = fields.get("duration_ms")
            line = f"{at}  {fields.get('method')} {fields.get('path')} {fields.get('status')}"
            if duration is not None:
                line += f"  {duration} ms"
            if fields.get("user_id") is not None:
                line += f"  user {fields['user_id']}"
            return line
        line = f"{at}  {record.levelname} {record.name}: {record.getMessage()}"
        request_id = getattr(record, "request_id", None)
        if request_id:
            line += f"  [{request_id}]"
        if record.exc_info:
            line += "\n" + "".join(traceback.format_exception(*record.exc_info)).rstrip()
        return line


#: ``quizapp serve --log-format``: auto is text in a terminal, JSON otherwise (or as LOG_JSON says)
LOG_FORMATS = ("auto", "text", "json")


def wants_json(log_format: str, *, configured: bool = True) -> bool:
    """Whether ``log_format`` means JSON lines here: "auto" asks whether stderr is a terminal."""
    if log_format == "auto":
        return configured and not sys.stderr.isatty()
    return log_format == "json"


def make_handler(json_lines: bool = True) -> logging.Handler:
    handler = StderrHandler()
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter() if json_lines else TextFormatter())
    handler._quizapp = True  # type: ignore[attr-defined]
    return handler


def use_format(app: Flask, json_lines: bool) -> None:
    """Switch the app's log lines to JSON or text (``serve --log-format``), before serving."""
    app.config["LOG_JSON"] = json_lines
    for old in [h for h in app.logger.handlers if getattr(h, "_quizapp", False)]:
        app.logger.removeHandler(old)
    app.logger.addHandler(make_handler(json_lines))


def init_app(app: Flask) -> None:
    logger = app.logger  # "quizapp": every module's logger (quizapp.<feature>.*) is its child
    logger.removeHandler(default_handler)
    for old in [h for h in logger.handlers if getattr(h, "_quizapp", False)]:
        logger.removeHandler(old)  # a second create_app in one process (tests) replaces, not adds
    logger.addHandler(make_handler(bool(app.config.get("LOG_JSON", True))))
    logger.setLevel(app.config.get("LOG_LEVEL") or "INFO")

    @app.before_request
    def assign_request_id() -> None:
        given = request.headers.get(REQUEST_ID_HEADER, "")
        g.request_id = given if _REQUEST_ID_RE.match(given) else uuid.uuid4().hex
        g.request_started = time.perf_counter()

    @app.after_request
    def log_request(response):  # type: ignore[no-untyped-def]
        request_id = g.get("request_id")
        if request_id:
            response.headers[REQUEST_ID_HEADER] = request_id
        started = g.get("request_started")
        # the user only if this request already loaded it: a static file must not cost a query
        user = g.get("_login_user")
        # read from the identity map: after a commit, user.id would reload the expired row
        state = inspect(user, raiseerr=False) if user is not None else None
        user_id = state.identity[0] if state is not None and state.identity else getattr(user, "id", None)
        logger.info(
            "request",
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1) if started else None,
                "user_id": user_id,
                "remote_addr": request.remote_addr,
            },
        )
        return response
