"""A phone's live fragment, as the play page, ``state.json``, an answer's acknowledgement and a pushed
reveal (push.py) show it. What is the same on every phone (an open question, the body of a reveal) is
rendered once per state and shared."""

from __future__ import annotations

from typing import Any

from flask import render_template

from quizapp.classroom import live, screens
from quizapp.classroom import results as classroom_results
from quizapp.classroom.models import ClassroomSession, Player
from quizapp.library.labels import kind_label, type_label


def player_fragment(
    session: ClassroomSession,
    player: Player,
    *,
    with_csrf: bool = False,
    shown: screens.PlayerView | None = None,
) -> tuple[str, dict[str, Any]]:
    """The phone's live fragment. What is the same on every phone (an open question, the body of a reveal)
    is rendered once per state and shared, so a question opening for 300 phones costs one render."""
    view = shown or screens.player_view(session, player)
    context: dict[str, Any] = {
        "view": view,
        "kind_label": kind_label,
        "type_label": type_label,
        "with_csrf": with_csrf,
        "shared_html": "",
    }
    if view.mode == "reveal" and view.sq is not None and view.shared_key is not None:
        sq = view.sq
        context["shared_html"] = classroom_results.cached(
            ("html", *view.shared_key),
            lambda: render_template(
                "classroom/_player_reveal_shared.html",
                reveal=classroom_results.reveal(session, sq),
                standings=view.standings,
                s=session,
                kind_label=kind_label,
            ),
        )
    if view.mode == "question" and view.shared_key is not None and not with_csrf:
        html = classroom_results.cached(
            ("html", *view.shared_key), lambda: render_template("classroom/_player_live.html", **context)
        )
    else:
        html = render_template("classroom/_player_live.html", **context)
    return html, {"mode": view.mode, "position": view.position, "seconds_left": view.seconds_left}


def shared_fragment(state: live.PollState) -> tuple[str, dict[str, Any]] | None:
    """A phone's fragment from what another phone's request already rendered, without loading a row: an
    open question is the same on every phone; a reveal adds only the phone's verdict and rank to a body
    that is. None when this process has not rendered it yet."""
    shared = classroom_results.cached_value(("html", *state.shared_key)) if state.shared_key else None
    if shared is None:
        return None
    extra = {"position": state.position, "seconds_left": state.seconds_left}
    glance = state.glance
    if glance is None:
        return shared, {"mode": "question", **extra}
    rows = live.cached_standings(glance.standings_key) if glance.standings_key is not None else []
    if rows is None:
        return None
    glance.me = next((r for r in rows if r.player_id == glance.player_id), None)
    html = render_template("classroom/_player_live.html", view=glance, shared_html=shared)
    return html, {"mode": "reveal", **extra}
