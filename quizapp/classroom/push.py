"""Push: the server tells the phones of a session what changed (server-sent events), instead of every
phone asking every two seconds.

A phone's page opens one ``EventSource`` on ``…/events`` (``static/js/classroom.js``). When the teacher
opens, closes or moves on, :func:`session_changed` builds the event once (for an opened question: the
question's fragment, the same on every phone) and publishes it on the session's channel. Each server
process keeps one :class:`Hub` of its open streams; with ``PUSH_REDIS_URL`` set, events go through a Redis
pub/sub channel, which one listener per process relays to its hub, so a teacher on server B reaches the
phones connected to server A. Without Redis, the process's own hub delivers (one server, one worker).

An event is ``question`` (the fragment to show, with the seconds left), ``refresh`` (ask ``state.json``
once: a reveal, the end, a removal, whose pages differ per phone) or ``state`` (this phone's page as
``state.json`` would give it). With ``PUSH_REVEAL`` on (``QUIZAPP_PUSH_REVEAL=1``; off by default, see
docs/classroom.md) each stream turns a reveal's ``refresh`` into its phone's ``state`` (:func:`phone_state`),
within :data:`SPREAD_SECONDS` so that a class is not served in the same millisecond, without an HTTP
request per phone. A stream that breaks falls back to polling in the browser; a phone that reconnects
polls once to catch up on what it missed.

Streams hold a connection each for as long as the page is open: ``quizapp serve`` runs gunicorn's gevent
worker when push is on (``quizapp.launch`` patches the process first; docs/deployment.md).
"""

from __future__ import annotations

import functools
import json
import logging
import os
import queue
import random
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from flask import Blueprint, Flask, current_app, render_template, request
from werkzeug.wrappers import Response

from quizapp.classroom import results as classroom_results
from quizapp.classroom.models import ClassroomSession
from quizapp.classroom.players import player_by_token
from quizapp.classroom.sessions import WITHDRAWN, is_open, question_count, seconds_left, session_question
from quizapp.core import wrappers
from quizapp.core.extensions import db
from quizapp.core.models import utcnow
from quizapp.library.labels import kind_label, type_label

log = logging.getLogger(__name__)

#: a comment line this often keeps proxies from closing a quiet stream and finds phones that left
HEARTBEAT_SECONDS = 15.0
#: what a browser waits before reconnecting a dropped stream (EventSource's ``retry``)
RETRY_MS = 2000
#: events a slow phone may have waiting; past that it is told to refresh instead
QUEUE_SIZE = 16
#: a stream builds its phone's reveal at a random moment within this many seconds of the teacher's click
SPREAD_SECONDS = 1.0
#: what a phone's page asks for next when it has no stream (as state.json's ``poll_ms``)
POLL_MS = 2000


def enabled(app: Flask | None = None) -> bool:
    """Push is on unless ``QUIZAPP_PUSH=0`` (or ``PUSH = False`` in instance/config.py)."""
    value = (app or current_app).config.get("PUSH", True)
    if isinstance(value, str):  # QUIZAPP_PUSH=off arrives as a string
        return value.strip().lower() not in {"0", "false", "no", "off", ""}
    return bool(value)


# --- delivery within one process ---------------------------------------------------------------


class Hub:
    """The open streams of this process, by channel; :meth:`deliver` puts a message in each one's queue."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._streams: dict[str, set[queue.Queue[str]]] = {}

    def subscribe(self, channel: str) -> queue.Queue[str]:
        inbox: queue.Queue[str] = queue.Queue(QUEUE_SIZE)
        with self._lock:
            self._streams.setdefault(channel, set()).add(inbox)
        return inbox

    def unsubscribe(self, channel: str, inbox: queue.Queue[str]) -> None:
        with self._lock:
            streams = self._streams.get(channel)
            if streams is not None:
                streams.discard(inbox)
                if not streams:
                    del self._streams[channel]

    def deliver(self, channel: str, message: str) -> int:
        with self._lock:
            inboxes = list(self._streams.get(channel, ()))
        for inbox in inboxes:
            _put(inbox, message)
        return len(inboxes)

    def deliver_everywhere(self, message: str) -> None:
        with self._lock:
            inboxes = [inbox for streams in self._streams.values() for inbox in streams]
        for inbox in inboxes:
            _put(inbox, message)

    def count(self, channel: str | None = None) -> int:
        with self._lock:
            if channel is not None:
                return len(self._streams.get(channel, ()))
            return sum(len(streams) for streams in self._streams.values())


def _put(inbox: queue.Queue[str], message: str) -> None:
    try:
        inbox.put_nowait(message)
    except queue.Full:  # a phone that reads nothing: it catches up by asking once it reads again
        pass


# --- delivery across servers: Redis pub/sub --------------------------------------------------


class RedisRelay:
    """Publishes to Redis; one listener thread per process (started by the first stream, after gunicorn
    forked the worker) relays every session's messages to the process's :class:`Hub`."""

    def __init__(self, url: str, prefix: str, hub: Hub) -> None:
        self.url, self.prefix, self.hub = url, prefix, hub
        self._lock = threading.Lock()
        self._client: Any = None
        self._listener: threading.Thread | None = None
        self._pid = 0
        self.listening = threading.Event()

    def _redis(self) -> Any:
        import redis

        if self._client is None or self._pid != os.getpid():
            self._client = redis.Redis.from_url(self.url, socket_connect_timeout=2, socket_timeout=5)
            self._pid = os.getpid()
        return self._client

    def publish(self, channel: str, message: str) -> None:
        self._redis().publish(self.prefix + channel, message)

    def ensure_listening(self) -> None:
        with self._lock:
            if self._listener is not None and self._listener.is_alive() and self._pid == os.getpid():
                return
            self._redis()  # a client of this process (after a fork)
            self.listening.clear()
            self._listener = threading.Thread(target=self._listen, name="classroom-push", daemon=True)
            self._listener.start()

    def _listen(self) -> None:
        import redis

        pattern = self.prefix + "*"
        first = True
        while True:
            try:
                pubsub = redis.Redis.from_url(self.url, socket_connect_timeout=2).pubsub(
                    ignore_subscribe_messages=True
                )
                pubsub.psubscribe(pattern)
                pubsub.get_message(timeout=2)  # the subscription's confirmation
                self.listening.set()
                if not first:  # events published while the relay was down are lost: every phone asks
                    self.hub.deliver_everywhere(REFRESH)
                first = False
                for message in pubsub.listen():
                    if message.get("type") != "pmessage":
                        continue
                    channel = message["channel"].decode("utf-8")[len(self.prefix) :]
                    self.hub.deliver(channel, message["data"].decode("utf-8"))
            except Exception:  # Redis restarted or unreachable: phones poll meanwhile, the relay retries
                self.listening.clear()
                log.warning("classroom push: lost the Redis subscription; retrying", exc_info=True)
                time.sleep(1)


class Push:
    """The app's push: a hub for this process's streams, and a Redis relay when ``PUSH_REDIS_URL`` is set."""

    def __init__(self, app: Flask) -> None:
        self.hub = Hub()
        url = app.config.get("PUSH_REDIS_URL")
        prefix = app.config.get("PUSH_REDIS_PREFIX") or "quizapp:classroom:"
        self.relay = RedisRelay(url, prefix, self.hub) if url else None

    def publish(self, channel: str, message: str) -> None:
        if self.relay is not None:
            try:
                self.relay.publish(channel, message)
                return
            except Exception:  # the phones on this server still hear it; the others poll
                log.warning("classroom push: could not publish to Redis", exc_info=True)
        self.hub.deliver(channel, message)

    def subscribe(self, channel: str) -> queue.Queue[str]:
        if self.relay is not None:
            self.relay.ensure_listening()
            self.relay.listening.wait(timeout=2)  # the first stream of a process: until Redis listens
        return self.hub.subscribe(channel)


def get(app: Flask | None = None) -> Push:
    app = app or current_app
    push: Push | None = app.extensions.get("classroom_push")
    if push is None:
        push = app.extensions["classroom_push"] = Push(app)
    return push


# --- events ----------------------------------------------------------------------------------


def channel(session: ClassroomSession) -> str:
    """A session's channel: its id and its join code (two databases' session 1, in tests, stay apart)."""
    return f"{session.id}:{session.join_code}"


REFRESH = json.dumps({"type": "refresh"})


def session_changed(session: ClassroomSession) -> None:
    """Tell the session's phones, after the teacher changed its state (the change is committed)."""
    if not enabled():
        return
    get().publish(channel(session), event_for(session))


def event_for(session: ClassroomSession) -> str:
    """The event every phone gets, built once: an open question's fragment, or ``refresh``."""
    now = utcnow()
    if session.pace != "teacher" or session.status != "running":
        return REFRESH
    sq = session_question(session, session.current_position)
    if sq is None or not is_open(session, sq, now):
        return REFRESH
    html = question_fragment(session, sq, now)
    if html is None:
        return REFRESH
    return json.dumps(
        {
            "type": "question",
            "mode": "question",
            "position": sq.position,
            "seconds_left": seconds_left(sq, now),
            "html": html,
        }
    )


def question_fragment(session: ClassroomSession, sq: Any, now: Any) -> str | None:
    """An open question's fragment for a phone that has not answered it, cached under the key that the
    polls of this process use too (so it is rendered once). None for a withdrawn question."""
    from quizapp.classroom.screens import PlayerView
    from quizapp.classroom.sessions import shown_question

    question = shown_question(session, sq.question)
    if question.prompt == WITHDRAWN:
        return None
    shared_key = ("question", session.id, session.join_code, session.created_at, session.version, sq.position)
    view = PlayerView(
        session,
        None,  # type: ignore[arg-type]  # the shared question page names no player
        "question",
        question_count(session),
        position=sq.position,
        question=question,
        seconds_left=seconds_left(sq, now),
        shared_key=shared_key,
    )
    html: str = classroom_results.cached(
        ("html", *shared_key),
        lambda: render_template(
            "classroom/_player_live.html",
            view=view,
            kind_label=kind_label,
            type_label=type_label,
            with_csrf=False,
            shared_html="",
        ),
    )
    return html


# --- the stream ------------------------------------------------------------------------------

bp = Blueprint("classroom_push", __name__, url_prefix="/classroom")
# a stream opens no cookie session (and so never re-signs one), like the poll
bp.record_once(lambda state: wrappers.without_session(state.app, r"/classroom/s/\d+/events"))


@bp.get("/s/<int(max=2147483647):session_id>/events")
def events(session_id: int) -> Response:
    """A phone's push stream. 204 tells the browser not to reconnect: push is off, or this phone is no
    player of the session (its poll then says so)."""
    if not enabled():
        return Response(status=204)
    session = db.get_or_404(ClassroomSession, session_id)
    # the player's cookie, as classroom/views.py sets it
    if player_by_token(session, request.cookies.get(f"classroom_player_{session.id}")) is None:
        return Response(status=204)
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    token = request.cookies.get(f"classroom_player_{session.id}")
    environ = dict(request.environ)  # for url_for while the stream builds this phone's reveal
    # off unless PUSH_REVEAL (QUIZAPP_PUSH_REVEAL=1): measured, a pushed reveal left the next answers
    # slower at the tail (docs/classroom.md), so every reveal is a refresh by default
    page = (
        functools.partial(phone_state, app, environ, session_id, token)
        if app.config.get("PUSH_REVEAL", False)
        else None
    )
    response = Response(stream(get(), channel(session), page), mimetype="text/event-stream")
    response.headers["Cache-Control"] = "no-cache, private"
    response.headers["X-Accel-Buffering"] = "no"  # nginx passes each event on at once
    return response


# --- the stream body ------------------------------------------------------------------------------


def stream(push: Push, channel_name: str, page: Callable[[], str | None] | None = None) -> Iterator[str]:
    """The body of a phone's ``text/event-stream``: events as they come, a comment every
    :data:`HEARTBEAT_SECONDS`; it ends when the phone goes (the next write fails). It subscribes before
    its first line, so an event published once the phone saw the stream open reaches it. A ``refresh``
    becomes the phone's own page when ``page`` builds it (a reveal), and stays a ``refresh`` otherwise."""
    inbox = push.subscribe(channel_name)
    try:
        yield f"retry: {RETRY_MS}\n: connected\n\n"
        while True:
            try:
                message = inbox.get(timeout=HEARTBEAT_SECONDS)
            except queue.Empty:
                yield ": ping\n\n"
                continue
            if message == REFRESH and page is not None:
                message = page() or REFRESH
            yield f"data: {message}\n\n"
    finally:
        push.hub.unsubscribe(channel_name, inbox)


def phone_state(app: Flask, environ: dict[str, Any], session_id: int, token: str | None) -> str | None:
    """This phone's reveal as a ``state`` event: the JSON ``state.json`` would answer (page, ETag, mode),
    built in the stream after a pause of up to :data:`SPREAD_SECONDS`. None when the phone shows something
    else than a teacher-paced reveal (it asks ``state.json`` then), or the stream cannot build it."""
    from quizapp.classroom import fragments, live

    time.sleep(random.uniform(0, SPREAD_SECONDS))  # gevent's sleep in `quizapp serve`: other streams run
    try:
        with app.request_context(environ):
            state = live.player_poll(session_id, token, utcnow())
            if state is None or state.glance is None:
                return None
            page = fragments.shared_fragment(state)
            if page is None:  # the first phone of this process: render the shared body, once
                session = db.session.get(ClassroomSession, session_id)
                player = None if session is None else player_by_token(session, token)
                if session is None or player is None:
                    return None
                page = fragments.player_fragment(session, player)
            html, extra = page
            if extra.get("mode") != "reveal":
                return None
            return json.dumps(
                {"type": "state", "etag": state.etag, "html": html, "poll_ms": POLL_MS, **extra}
            )
    except Exception:  # the phone asks state.json instead, and says what went wrong there
        log.warning("classroom push: could not build a phone's reveal", exc_info=True)
        return None
