"""Classroom: live sessions a teacher projects while students answer on their phones.

Teacher pages: start a session, the projector (join code, QR code, each question, answers arriving, the
reveal), controls, results, item analysis, the CSV gradebook, history. Students join with a code and a
nickname (no account needed), then see one play page. Live pages follow the session's event stream
(push.py) or poll ``state.json`` (a 304 unless what the page shows changed) from ``static/js/classroom.js``.
Without JavaScript the pages refresh themselves while there is nothing to type, and show a Refresh link.
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    flash,
    g,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from quizapp.classroom import answers, fragments, live, open_answers, players, push, screens, sessions
from quizapp.classroom import gradebook as classroom_gradebook
from quizapp.classroom import results as classroom_results
from quizapp.classroom.forms import JoinForm, StartForm
from quizapp.classroom.models import ClassroomSession, Player
from quizapp.core import access, wrappers
from quizapp.core.extensions import db, limiter, no_rate_limit
from quizapp.core.models import utcnow
from quizapp.library.labels import kind_label, type_label

bp = Blueprint("classroom", __name__, url_prefix="/classroom")
bp.record_once(lambda state: wrappers.without_session(state.app, r"/classroom/s/\d+/state\.json"))

#: how often the live pages ask for news, in milliseconds
PLAYER_POLL_MS = 2000
HOST_POLL_MS = 1500
#: a phone keeps its place in a session this long (a school day and then some)
PLAYER_COOKIE_SECONDS = 60 * 60 * 24 * 2


# --- helpers ---------------------------------------------------------------------------------


def _cookie_name(session_id: int) -> str:
    return f"classroom_player_{session_id}"


def _remember_player(response: Response, session: ClassroomSession, token: str) -> Response:
    response.set_cookie(
        _cookie_name(session.id),
        token,
        max_age=PLAYER_COOKIE_SECONDS,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure,
        path=url_for("classroom.index"),
    )
    return response


def _session_or_404(session_id: int) -> ClassroomSession:
    return db.get_or_404(ClassroomSession, session_id)


def _owned_session(session_id: int) -> ClassroomSession:
    """The session, if the logged-in teacher runs it (admins may run any): 403 otherwise."""
    session = _session_or_404(session_id)
    if not current_user.is_authenticated:
        abort(403)
    if not access.can_run_session(current_user, session):
        abort(403, "This classroom session belongs to another teacher.")
    return session


def _require_teacher() -> None:
    if not current_user.is_teacher:
        abort(403, "Only teachers can run classroom sessions. Ask an admin to make your account a teacher.")


def _current_player(session: ClassroomSession) -> Player | None:
    return players.player_by_token(session, request.cookies.get(_cookie_name(session.id)))


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json" or request.path.endswith(".json")


def _join_url(session: ClassroomSession) -> str:
    return url_for("classroom.join", code=session.join_code, _external=True)


def _live(etag: str, render: Any, poll_ms: int) -> Response:
    """The JSON a live page polls: 304 when its ETag still holds, else the fragment to swap in."""
    if etag in request.if_none_match or render is None:
        response = Response(status=304)
    else:
        html, extra = render()
        response = jsonify(html=html, poll_ms=poll_ms, **extra)
    response.set_etag(etag)
    # every poll must reach the server (the ETag makes it cheap); nothing is cached on the way
    response.headers["Cache-Control"] = "no-cache, private"
    return response


# --- teachers: start, history ----------------------------------------------------------------


@bp.get("/")
def index() -> str:
    """Students: join a session. Teachers: start one, and their history."""
    start = history = None
    counts: dict[int, int] = {}
    if current_user.is_authenticated and current_user.is_teacher:
        start = StartForm()
        start.source.choices = sessions.source_choices(current_user)
        history = sessions.sessions_of(current_user.id)
        counts = sessions.player_counts(s.id for s in history)
    return render_template(
        "classroom/index.html",
        join_form=JoinForm(formdata=None),
        start_form=start,
        history=history,
        counts=counts,
    )


@bp.post("/start")
@login_required
def start() -> Response | tuple[str, int]:
    _require_teacher()
    form = StartForm()
    form.source.choices = sessions.source_choices(current_user)
    if form.validate_on_submit():
        options = sessions.SessionOptions(
            pace=form.pace.data or "teacher",
            count=form.count.data or sessions.DEFAULT_QUESTIONS,
            show_leaderboard=bool(form.show_leaderboard.data),
            speed_bonus=bool(form.speed_bonus.data),
            timer_seconds=form.timer_seconds.data or 0,
            deadline_hours=form.deadline_hours.data or 24,
        )
        try:
            session = sessions.create_session(current_user, form.source.data or "", options)
        except sessions.ClassroomError as exc:
            form.source.errors = [*form.source.errors, str(exc)]
        else:
            return redirect(url_for("classroom.host", session_id=session.id))
    history = sessions.sessions_of(current_user.id)
    return render_template(
        "classroom/index.html",
        join_form=JoinForm(formdata=None),
        start_form=form,
        history=history,
        counts=sessions.player_counts(s.id for s in history),
    ), 422


# --- teachers: the projector and the controls -------------------------------------------------


def _host_fragment(session: ClassroomSession) -> tuple[str, dict[str, Any]]:
    view = screens.host_view(session)
    html = render_template(
        "classroom/_host_live.html",
        view=view,
        join_url=_join_url(session),
        kind_label=kind_label,
        type_label=type_label,
    )
    return html, {"mode": view.mode, "position": view.position, "seconds_left": view.seconds_left}


@bp.get("/s/<int(max=2147483647):session_id>/host")
@login_required
def host(session_id: int) -> str:
    session = _owned_session(session_id)
    sessions.settle(session)
    # the key before the page: a change in between makes the next poll fetch it, never hides it
    etag = live.host_state_key(session, utcnow())
    html, extra = _host_fragment(session)
    return render_template(
        "classroom/host.html",
        session=session,
        live_html=html,
        mode=extra["mode"],
        etag=etag,
        poll_ms=HOST_POLL_MS,
        join_url=_join_url(session),
    )


@bp.get("/s/<int(max=2147483647):session_id>/host/state.json")
@login_required
def host_state(session_id: int) -> Response:
    session = _owned_session(session_id)
    sessions.settle(session)
    return _live(live.host_state_key(session, utcnow()), lambda: _host_fragment(session), HOST_POLL_MS)


@bp.post("/s/<int(max=2147483647):session_id>/control")
@login_required
def control(session_id: int) -> Response:
    """Open a question, close it, go to the next one, or end the session."""
    session = _owned_session(session_id)
    action = request.form.get("action", "")
    try:
        if action == "open":
            position = answers.parse_position(request.form.get("position"))
            if position is None:
                raise sessions.ClassroomError("Say which question to open.")
            sessions.open_question(session, position)
        elif action == "close":
            sessions.close_question(session)
        elif action == "next":
            if sessions.next_question(session) is None:
                flash("That was the last question. End the session to see the results.", "info")
        elif action == "end":
            push.session_changed(sessions.end_session(session))
            return redirect(url_for("classroom.results", session_id=session.id))
        else:
            raise sessions.ClassroomError("Unknown action.")
        push.session_changed(session)  # the phones hear of it now, whichever server they are on
    except sessions.ClassroomError as exc:
        if _wants_json():
            return make_response(jsonify(error=str(exc)), 409)
        flash(str(exc), "error")
    if _wants_json():
        return jsonify(ok=True)
    return redirect(url_for("classroom.host", session_id=session.id))


@bp.post("/s/<int(max=2147483647):session_id>/players/<int(max=2147483647):player_id>/remove")
@login_required
def remove_player(session_id: int, player_id: int) -> Response:
    session = _owned_session(session_id)
    try:
        player = players.remove_player(session, player_id)
    except sessions.ClassroomError as exc:
        abort(404, str(exc))
    push.session_changed(session)
    flash(f"{player.nickname} was removed from the session.", "info")
    return redirect(url_for("classroom.host", session_id=session.id))


@bp.get("/s/<int(max=2147483647):session_id>/qr.svg")
@login_required
def qr_code(session_id: int) -> Response:
    """The join link as a QR code (SVG), for the projector."""
    session = _owned_session(session_id)
    response = make_response(sessions.qr_svg(_join_url(session)))
    response.mimetype = "image/svg+xml"
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response


# --- teachers: results -----------------------------------------------------------------------


@bp.get("/s/<int(max=2147483647):session_id>/results")
@login_required
def results(session_id: int) -> str:
    session = _owned_session(session_id)
    sessions.settle(session)
    return render_template(
        "classroom/results.html",
        session=session,
        results=classroom_results.results(session),
        kind_label=kind_label,
        type_label=type_label,
    )


@bp.get("/s/<int(max=2147483647):session_id>/results.csv")
@login_required
def gradebook(session_id: int) -> Response:
    session = _owned_session(session_id)
    response = make_response(classroom_gradebook.gradebook_csv(session))
    response.mimetype = "text/csv"
    response.headers["Content-Disposition"] = (
        f'attachment; filename="classroom-{session.id}-{session.created_at:%Y-%m-%d}.csv"'
    )
    return response


# --- students --------------------------------------------------------------------------------


def _wrong_code(_response: Response) -> bool:
    return bool(g.get("join_code_wrong"))


#: A class joins from one address (a school's network), so joining itself is not limited; wrong codes
#: are: someone trying codes one after another to find a session meets this limit long before one.
WRONG_JOIN_CODES = "30 per minute;300 per hour"


@bp.route("/join", methods=["GET", "POST"])
@limiter.limit(WRONG_JOIN_CODES, methods=["POST"], deduct_when=_wrong_code)
def join() -> Response | tuple[str, int]:
    """Join with the code and a nickname; a phone (or an account) that already joined goes straight back."""
    form = JoinForm()
    if request.method == "GET":
        code = (request.args.get("code") or "")[:20]
        form.code.data = code
        if current_user.is_authenticated and not current_user.is_guest:
            form.nickname.data = current_user.display_name[: sessions.NICKNAME_MAX]
        if code:
            try:
                session = sessions.find_open_session(code)
            except sessions.ClassroomError:
                session = None
            if session is not None:
                back = _rejoin(session)
                if back is not None:
                    return back
        return render_template("classroom/join.html", form=form), 200
    if form.validate_on_submit():
        try:
            try:
                session = sessions.find_open_session(form.code.data or "")
            except sessions.ClassroomError:
                g.join_code_wrong = True
                raise
            joined = players.join(
                session,
                form.nickname.data,
                user=current_user,
                token=request.cookies.get(_cookie_name(session.id)),
            )
        except sessions.NicknameError as exc:
            form.nickname.errors = [*form.nickname.errors, str(exc)]
        except sessions.ClassroomError as exc:
            form.code.errors = [*form.code.errors, str(exc)]
        else:
            if joined.rejoined:
                flash(
                    f"Welcome back, {joined.player.nickname}: you kept your place and your answers.", "info"
                )
            response = redirect(url_for("classroom.play", session_id=session.id))
            return _remember_player(response, session, joined.token)
    return render_template("classroom/join.html", form=form), 422


def _rejoin(session: ClassroomSession) -> Response | None:
    """Back to the play page when this phone's cookie already names a player of the session.

    A GET changes nothing: an account that joined from another phone is not re-joined here (that
    would give it a new player token and the first phone would lose its place); the form's POST does.
    """
    known = players.player_by_token(session, request.cookies.get(_cookie_name(session.id)))
    if known is None:
        return None
    return redirect(url_for("classroom.play", session_id=session.id))


def _player_or_redirect(session: ClassroomSession) -> Player | Response:
    player = _current_player(session)
    if player is None:
        if session.open_code:
            return redirect(url_for("classroom.join", code=session.join_code))
        abort(404, "This session has ended, and this phone did not join it.")
    return player


@bp.get("/s/<int(max=2147483647):session_id>/play")
def play(session_id: int) -> Response | str:
    session = _session_or_404(session_id)
    player = _player_or_redirect(session)
    if isinstance(player, Response):
        return player
    etag = live.player_state_key(session, player, utcnow())
    html, extra = fragments.player_fragment(session, player, with_csrf=True)
    return render_template(
        "classroom/play.html",
        session=session,
        player=player,
        live_html=html,
        mode=extra["mode"],
        etag=etag,
        poll_ms=PLAYER_POLL_MS,
    )


@bp.get("/s/<int(max=2147483647):session_id>/state.json")
@no_rate_limit
def player_state(session_id: int) -> Response:
    # the poll every phone makes every two seconds: one query decides the 304, no ORM objects loaded
    state = live.player_poll(session_id, request.cookies.get(_cookie_name(session_id)), utcnow())
    if state is not None and state.etag in request.if_none_match:
        return _live(state.etag, None, PLAYER_POLL_MS)
    if state is not None and state.shared_key is not None:
        fast = fragments.shared_fragment(state)
        if fast is not None:
            return _live(state.etag, lambda: fast, PLAYER_POLL_MS)
    session = _session_or_404(session_id)
    player = _current_player(session)
    if player is None or state is None:
        join_url = url_for("classroom.join", code=session.join_code)
        return make_response(jsonify(error="You are not in this session.", join=join_url), 403)
    return _live(state.etag, lambda: fragments.player_fragment(session, player), PLAYER_POLL_MS)


@bp.post("/s/<int(max=2147483647):session_id>/answer")
def answer(session_id: int) -> Response:
    """The answer form without JavaScript: store it, then back to the play page."""
    session = _session_or_404(session_id)
    player = _player_or_redirect(session)
    if isinstance(player, Response):
        return player
    submitted = answers.submit(session, player, request.form)
    flash(submitted.message, "success" if submitted.stored else "error")
    return redirect(url_for("classroom.play", session_id=session.id))


@bp.post("/s/<int(max=2147483647):session_id>/answer.json")
@no_rate_limit
def answer_json(session_id: int) -> Response:
    """The answer from classroom.js (CSRF token in the X-CSRFToken header): 200 only once it is stored."""
    quick = open_answers.submit_open(session_id, request.cookies.get(_cookie_name(session_id)), request.form)
    if quick is not None:  # the open question's first answer: one query and one INSERT, no row loaded
        html = render_template("classroom/_player_live.html", view=quick, shared_html="")
        return jsonify(ok=True, message="Answer received.", etag=quick.etag, html=html, **quick.extra)
    session = _session_or_404(session_id)
    player = _current_player(session)
    if player is None:
        return make_response(jsonify(ok=False, error="You are not in this session. Join it again."), 403)
    submitted = answers.submit(session, player, request.form)
    if not submitted.stored:
        return make_response(jsonify(ok=False, error=submitted.message), submitted.status)
    # the phone's next page comes with the acknowledgement: no poll needed to show "Answer received"
    now = utcnow()
    view = screens.answered_view(session, player, submitted.sq, submitted.answer, now)  # no reload
    etag = live.answered_state_key(session, player, view.sq if view is not None else None, now)
    html, extra = fragments.player_fragment(session, player, shown=view)
    return jsonify(ok=True, message=submitted.message, etag=etag, html=html, **extra)
