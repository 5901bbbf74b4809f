"""What phones and the teacher's screen poll: state keys for ETags, and live standings cached per state."""

from __future__ import annotations

import functools
import hashlib
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import aliased

from quizapp.classroom.models import ClassroomSession, Player, PlayerAnswer, SessionQuestion
from quizapp.classroom.players import hash_token
from quizapp.classroom.results import leaderboard, single_flight
from quizapp.classroom.sessions import is_open, is_over, session_question
from quizapp.core.extensions import db

# --- what the live pages show: state keys for ETags ------------------------------------------


def _etag(parts: Sequence[object]) -> str:
    return hashlib.sha1(repr(tuple(parts)).encode("utf-8")).hexdigest()[:20]


def _key_is_open(
    status: str,
    pace: str,
    deadline: datetime | None,
    state: str | None,
    closes_at: datetime | None,
    now: datetime,
) -> bool:
    """:func:`is_open` on plain column values, for the poll's single query."""
    if status != "running" or state != "open":
        return False
    if closes_at is not None and now >= closes_at:
        return False
    return not (pace == "self" and deadline is not None and now >= deadline)


@dataclass(frozen=True)
class PollState:
    """What one query tells about a phone's page: its ETag, and, when the phone shows an open question (the
    same page on every phone), the key under which that page is cached, with the seconds left."""

    etag: str
    shared_key: tuple[Any, ...] | None = None
    position: int | None = None
    seconds_left: int | None = None
    #: a teacher-paced reveal: the phone's own part, next to the shared body cached under ``shared_key``
    glance: RevealGlance | None = None


@dataclass(frozen=True)
class MyAnswer:
    """A player's answer as the verdict shows it (plain values from the poll's query)."""

    response: str
    correct: bool
    credit: float


@dataclass
class RevealGlance:
    """What ``_player_live.html`` reads for a teacher-paced reveal, without loading a row: the phone's
    verdict and standing; the rest of the page is the same on every phone."""

    session_id: int
    show_leaderboard: bool
    answer: MyAnswer | None
    standings_key: tuple[Any, ...] | None
    player_id: int
    mode: str = "reveal"
    me: Standing | None = None
    #: only self-paced pages show a reveal above the next question
    reveal: None = None

    @property
    def session(self) -> RevealGlance:  # the template reads view.session.id / .show_leaderboard
        return self

    @property
    def id(self) -> int:
        return self.session_id


def player_poll(session_id: int, token: str | None, now: datetime) -> PollState | None:
    """The state of a player's page from one indexed query and no ORM objects; None when the token is no
    player of this session. The ETag changes exactly when what the phone shows changes.

    Most polls end here with a 304, so this is the one path hundreds of phones hit every two seconds.
    """
    if not token or len(token) > 200:
        return None
    return _player_poll(session_id, "token_hash", hash_token(token), now)


def answered_state_key(
    session: ClassroomSession, player: Player, sq: SessionQuestion | None, now: datetime
) -> str:
    """The ETag :func:`player_poll` gives a teacher-paced phone that has just answered ``sq``, from the rows
    the answer's request already holds (no query): the same parts, in the same order. Without ``sq`` (a
    self-paced session, a duplicate answer) it asks the database, as :func:`player_state_key`."""
    if sq is None:
        return player_state_key(session, player, now)
    parts: list[object] = ["p", session.id, session.version, session.status, player.id, bool(player.removed)]
    parts += [sq.position, is_open(session, sq, now), True]
    return _etag(parts)


def player_state_key(session: ClassroomSession, player: Player, now: datetime) -> str:
    state = _player_poll(session.id, "player_id", player.id, now)
    assert state is not None
    return state.etag


@functools.cache
def _poll_statement(by: str) -> Any:
    """The poll's one query, built once per process (building it costs more than running it); the
    session and the player (by ``token_hash`` or ``player_id``) are bound parameters."""
    counted = aliased(PlayerAnswer)
    mine = select(func.count()).select_from(counted).where(counted.player_id == Player.id).scalar_subquery()
    which = Player.token_hash if by == "token_hash" else Player.id
    return (
        select(
            ClassroomSession.version,
            ClassroomSession.status,
            ClassroomSession.pace,
            ClassroomSession.deadline,
            ClassroomSession.join_code,
            ClassroomSession.created_at,
            Player.id,
            Player.removed,
            SessionQuestion.id,
            SessionQuestion.position,
            SessionQuestion.state,
            SessionQuestion.closes_at,
            PlayerAnswer.id,
            PlayerAnswer.response,
            PlayerAnswer.correct,
            PlayerAnswer.credit,
            mine,
            ClassroomSession.show_leaderboard,
            ClassroomSession.speed_bonus,
        )
        .select_from(Player)
        .join(ClassroomSession, ClassroomSession.id == Player.session_id)
        .outerjoin(
            SessionQuestion,
            (SessionQuestion.session_id == ClassroomSession.id)
            & (SessionQuestion.position == ClassroomSession.current_position),
        )
        .outerjoin(
            PlayerAnswer,
            (PlayerAnswer.player_id == Player.id) & (PlayerAnswer.session_question_id == SessionQuestion.id),
        )
        .where(Player.session_id == bindparam("session_id"), which == bindparam("which"))
    )


def _player_poll(session_id: int, by: str, which: object, now: datetime) -> PollState | None:
    # on the session's connection: the ORM's own handling of a statement costs more than this query
    row = (
        db.session.connection()
        .execute(_poll_statement(by), {"session_id": session_id, "which": which})
        .first()
    )
    if row is None:
        return None
    (version, status, pace, deadline, code, created, player_id, removed, sq_id, position, state, closes_at,
     done, response, correct, credit, n, leaderboard_on, bonus) = row  # fmt: skip
    parts: list[object] = ["p", session_id, version, status, player_id, bool(removed)]
    over = status == "ended" or (pace == "self" and deadline is not None and now >= deadline)
    if pace == "self":
        parts += ["self", n, over]
    elif sq_id is not None:
        open_now = _key_is_open(status, pace, deadline, state, closes_at, now)
        parts += [position, open_now, bool(done)]
        if not open_now:  # the distribution is revealed: an answer that landed as it closed shows
            count, n_answers, n_players = reveal_counts(session_id, code, created, version, sq_id)
            parts.append(count)
            if status == "running" and not removed:
                # the same tuples as player_view's for this page
                skey = (
                    (session_id, code, created, version, n_answers, n_players, bool(bonus))
                    if leaderboard_on
                    else None
                )
                shared: tuple[object, ...] = (
                    "reveal",
                    session_id,
                    code,
                    created,
                    version,
                    position,
                    count,
                    skey,
                )
                mine_answer = (
                    None if done is None else MyAnswer(response or "", bool(correct), float(credit or 0))
                )
                glance = RevealGlance(session_id, bool(leaderboard_on), mine_answer, skey, player_id)
                return PollState(_etag(parts), shared, position, None, glance)
        elif not done and not removed:
            left = None if closes_at is None else max(0, int((closes_at - now).total_seconds() + 0.999))
            # the same tuple as player_view's shared_key for this page
            shared = ("question", session_id, code, created, version, position)
            return PollState(_etag(parts), shared, position, left)
    return PollState(_etag(parts))


def host_state_key(session: ClassroomSession, now: datetime) -> str:
    """Changes when the projector's page changes: players joining or leaving, answers arriving."""
    players = db.session.execute(
        select(func.count(), func.max(Player.id)).where(
            Player.session_id == session.id, Player.removed.is_(False)
        )
    ).one()
    answers = db.session.scalar(
        select(func.count()).select_from(PlayerAnswer).where(PlayerAnswer.session_id == session.id)
    )
    parts: list[object] = ["h", session.id, session.version, session.status, *players, answers]
    if session.pace == "self":
        parts.append(is_over(session, now))
    else:
        sq = session_question(session, session.current_position)
        parts.append(is_open(session, sq, now) if sq is not None else None)
    return _etag(parts)


# --- live standings, cached per state --------------------------------------------------------


@dataclass(frozen=True)
class Standing:
    """A leaderboard line as the live pages show it (plain values, safe to share between requests)."""

    player_id: int
    nickname: str
    points: int
    score: float
    correct: int
    answered: int
    rank: int


#: (session, version, answers, players, speed bonus) -> standings. After a question closes, every phone asks
#: for the same leaderboard within a second or two: one worker computes it once per change of state.
_STANDINGS_CACHE: dict[tuple[Any, ...], list[Standing]] = {}
_STANDINGS_CACHE_SIZE = 64
_STANDINGS_LOCK = threading.Lock()


def standings(session: ClassroomSession, key: tuple[Any, ...] | None = None) -> list[Standing]:
    """The live leaderboard, computed once per change of state (``key``: :func:`standings_key`)."""
    key = key or standings_key(session)
    return single_flight(
        _STANDINGS_CACHE,
        _STANDINGS_LOCK,
        _STANDINGS_CACHE_SIZE,
        key,
        lambda: [
            Standing(r.player.id, r.nickname, r.points, round(r.score, 2), r.correct, r.answered, r.rank)
            for r in leaderboard(session)
        ],
    )


def standings_key(session: ClassroomSession) -> tuple[Any, ...]:
    """Everything the leaderboard depends on, from one query."""
    return _standings_key(
        session.id, session.join_code, session.created_at, session.version, session.speed_bonus
    )


def _standings_key(
    session_id: int, code: str, created: datetime, version: int, speed_bonus: bool
) -> tuple[Any, ...]:
    answers = select(func.count()).select_from(PlayerAnswer).where(PlayerAnswer.session_id == session_id)
    players = select(func.count()).select_from(Player).where(Player.session_id == session_id)
    n_answers, n_players = db.session.execute(
        select(answers.scalar_subquery(), players.scalar_subquery())
    ).one()
    # the code and creation time keep two databases' session 1 (tests, a reset) apart
    return (session_id, code, created, version, n_answers, n_players, speed_bonus)


#: (session, version, question, second) -> the counts a reveal's ETag and leaderboard depend on. The whole
#: class polls a closed question every two seconds: per process they are counted once a second, not per
#: phone. An answer that landed as the question closed still shows, a second later at most.
_COUNTS: dict[tuple[Any, ...], tuple[int, int, int]] = {}
_COUNTS_LOCK = threading.Lock()
COUNTS_SECONDS = 1.0
_clock = time.monotonic  # a test stops it


def reveal_counts(
    session_id: int, code: str, created: datetime, version: int, sq_id: int
) -> tuple[int, int, int]:
    """(answers to the question from players still in, answers in the session, players), in one query,
    shared by this process's requests for up to :data:`COUNTS_SECONDS`."""
    second = int(_clock() / COUNTS_SECONDS)
    # the code and creation time keep two databases' session 1 (tests, a reset) apart
    key = (session_id, code, created, version, sq_id, second)
    return single_flight(_COUNTS, _COUNTS_LOCK, 64, key, lambda: _count(session_id, sq_id))  # type: ignore[no-any-return]


def reveal_keys(session: ClassroomSession, sq: SessionQuestion) -> tuple[int, tuple[Any, ...] | None]:
    """A teacher-paced reveal's answer count and standings key (None without a leaderboard), as the poll
    has them: from :func:`reveal_counts`."""
    code, created, version = session.join_code, session.created_at, session.version
    count, n_answers, n_players = reveal_counts(session.id, code, created, version, sq.id)
    if not session.show_leaderboard:
        return count, None
    return count, (session.id, code, created, version, n_answers, n_players, session.speed_bonus)


def _count(session_id: int, sq_id: int) -> tuple[int, int, int]:
    question = (
        select(func.count())
        .select_from(PlayerAnswer)
        .join(Player, Player.id == PlayerAnswer.player_id)
        .where(
            PlayerAnswer.session_id == session_id,
            PlayerAnswer.session_question_id == sq_id,
            Player.removed.is_(False),
        )
    )
    answers = select(func.count()).select_from(PlayerAnswer).where(PlayerAnswer.session_id == session_id)
    players = select(func.count()).select_from(Player).where(Player.session_id == session_id)
    row = db.session.execute(
        select(question.scalar_subquery(), answers.scalar_subquery(), players.scalar_subquery())
    ).one()
    return int(row[0] or 0), int(row[1] or 0), int(row[2] or 0)


def cached_standings(key: tuple[Any, ...]) -> list[Standing] | None:
    """The leaderboard computed for ``key`` by some earlier request, if this process has it."""
    return _STANDINGS_CACHE.get(key)
