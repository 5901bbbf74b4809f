"""What the pages show: the player's screen and the teacher's screen."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

import questions as qs
from quizapp.classroom.answers import answer_count, answered_positions, find_answer, self_paced_position
from quizapp.classroom.live import Standing, reveal_keys, standings
from quizapp.classroom.models import ClassroomSession, Player, PlayerAnswer, SessionQuestion
from quizapp.classroom.players import active_players
from quizapp.classroom.results import Reveal, forget, reveal
from quizapp.classroom.sessions import (
    WITHDRAWN,
    is_open,
    is_over,
    next_position,
    question_count,
    seconds_left,
    session_question,
    settle,
    shown_question,
    shows,
)
from quizapp.core.extensions import db
from quizapp.core.models import utcnow


@dataclass
class PlayerView:
    """What a student's phone shows now. ``mode`` is one of: removed, lobby, question, waiting, reveal,
    done, ended."""

    session: ClassroomSession
    player: Player
    mode: str
    total: int
    position: int | None = None
    question: qs.Question | None = None
    seconds_left: int | None = None
    answer: PlayerAnswer | None = None
    reveal: Reveal | None = None
    standings: list[Standing] = field(default_factory=list)
    me: Standing | None = None
    #: teacher-paced reveal: the question whose answer is revealed (its Reveal is built only when needed)
    sq: SessionQuestion | None = None
    #: the part of the page that is the same on every phone can be cached under this key (None: not shared)
    shared_key: tuple[Any, ...] | None = None


def answered_view(
    session: ClassroomSession,
    player: Player,
    sq: SessionQuestion | None,
    answer: PlayerAnswer | None,
    now: datetime,
) -> PlayerView | None:
    """A teacher-paced phone's "Answer received" page right after its answer to ``sq`` was stored, from
    the rows already in hand (no query); None where the page needs the database (self-paced, no answer).
    ``total`` is not shown on this page."""
    if sq is None or answer is None or session.pace != "teacher":
        return None
    view = PlayerView(session, player, "waiting", 0, position=sq.position, answer=answer, sq=sq)
    view.seconds_left = seconds_left(sq, now)
    return view


def _with_standings(view: PlayerView) -> PlayerView:
    if view.session.show_leaderboard or view.mode == "ended":
        rows = standings(view.session)
        view.me = next((r for r in rows if r.player_id == view.player.id), None)
        view.standings = rows[:5] if view.session.show_leaderboard else []
    return view


def player_view(session: ClassroomSession, player: Player, *, now: datetime | None = None) -> PlayerView:
    now = now or utcnow()
    total = question_count(session)
    if player.removed:
        return PlayerView(session, player, "removed", total)
    if is_over(session, now):
        return _with_standings(PlayerView(session, player, "ended", total))
    if session.pace == "self":
        answered = answered_positions(player)
        view = PlayerView(session, player, "question", total)
        if answered:  # the feedback on the last answer, above the next question
            last = max(answered, key=lambda p: (answered[p].answered_at, answered[p].id))
            sq = session_question(session, last)
            assert sq is not None
            view.reveal = reveal(session, sq, mine=answered[last])
        position = self_paced_position(session, player)
        if position is None:
            view.mode = "done"
            return _with_standings(view)
        sq = session_question(session, position)
        assert sq is not None
        view.position, view.question = position, shown_question(session, sq.question)
        view.seconds_left = int((session.deadline - now).total_seconds()) if session.deadline else None
        return view
    sq = session_question(session, session.current_position)
    if session.status == "lobby" or sq is None:
        return PlayerView(session, player, "lobby", total)
    mine = find_answer(player, sq)
    view = PlayerView(session, player, "question", total, position=sq.position, answer=mine)
    stamp = (session.id, session.join_code, session.created_at, session.version, sq.position)
    if is_open(session, sq, now):
        view.question = shown_question(session, sq.question)
        view.seconds_left = seconds_left(sq, now)
        if mine is not None:
            view.mode = "waiting"
        elif view.question.prompt != WITHDRAWN:
            view.shared_key = ("question", *stamp)
        else:  # the question as rendered before it was withdrawn must not be served to the next phone
            forget(("html", "question", *stamp))
        return view
    # the reveal is the same on every phone but for the verdict and the phone's own rank: the caller
    # renders it once per state (see quizapp.classroom.views), building the Reveal only then
    view.mode, view.sq = "reveal", sq
    count, skey = reveal_keys(session, sq)
    if skey is not None:
        rows = standings(session, skey)
        view.me = next((r for r in rows if r.player_id == player.id), None)
        view.standings = rows[:5]
    view.shared_key = ("reveal", *stamp, count, skey)
    if not shows(session, sq.question):
        forget(("html", *view.shared_key))  # rendered before the question was withdrawn
    return view


@dataclass
class HostView:
    """What the projector shows now. ``mode``: lobby, question, reveal, self, ended."""

    session: ClassroomSession
    mode: str
    players: list[Player]
    total: int
    position: int | None = None
    question: qs.Question | None = None
    seconds_left: int | None = None
    answered: int = 0
    reveal: Reveal | None = None
    next_position: int | None = None
    standings: list[Standing] = field(default_factory=list)
    #: self-paced: how many questions each player has answered, by player id
    progress: dict[int, int] = field(default_factory=dict)


def host_view(session: ClassroomSession, *, now: datetime | None = None) -> HostView:
    now = now or utcnow()
    settle(session, now=now)
    view = HostView(session, "lobby", active_players(session), question_count(session))
    view.next_position = next_position(session) if session.pace == "teacher" else None
    if session.status == "ended":
        view.mode = "ended"
        view.standings = standings(session)
        return view
    if session.pace == "self":
        view.mode = "self"
        rows = db.session.execute(
            select(PlayerAnswer.player_id, func.count())
            .where(PlayerAnswer.session_id == session.id)
            .group_by(PlayerAnswer.player_id)
        ).all()
        view.progress = {pid: n for pid, n in rows}
        view.seconds_left = int((session.deadline - now).total_seconds()) if session.deadline else None
        if session.show_leaderboard:
            view.standings = standings(session)[:10]
        return view
    sq = session_question(session, session.current_position)
    if session.status == "lobby" or sq is None:
        return view
    view.position = sq.position
    view.answered = answer_count(session, sq)
    if is_open(session, sq, now):
        view.mode = "question"
        view.question = shown_question(session, sq.question)
        view.seconds_left = seconds_left(sq, now)
        return view
    view.mode = "reveal"
    view.reveal = reveal(session, sq)
    if session.show_leaderboard:
        view.standings = standings(session)[:10]
    return view
