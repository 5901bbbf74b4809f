"""Live classroom sessions: join codes, players, the teacher's pace, answers, leaderboard and results.

Every rule lives here; :mod:`quizapp.classroom` only validates forms, calls these functions and renders.

- A session asks questions from a *source*: ``"bank:<id>"`` (a bank's approved questions) or
  ``"set:<id>"`` (a question set from the authoring area; see :data:`SOURCE_RESOLVERS`).
- Its 6-digit join code is unique among open sessions (``open_code`` is unique and cleared on end).
- Teacher-paced: the teacher opens one question at a time and closes it, or a timer does. A timer is
  never run by a background job: a question whose ``closes_at`` has passed *reads* as closed.
- Self-paced (homework): every question is open until the deadline; each student goes at their own pace.
- An answer is stored in its own short transaction, and only then acknowledged; the unique
  (player, question) constraint makes a duplicate (a retry, a double tap) count once.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import logging
import os
import random
import secrets
import threading
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import aliased

import questions as qs
from quizapp.extensions import db
from quizapp.models.authoring import QuestionSet
from quizapp.models.banks import Bank, Question
from quizapp.models.base import utcnow
from quizapp.models.classroom import ClassroomSession, Player, PlayerAnswer, SessionQuestion
from quizapp.services import authoring, grading, reader, study
from quizapp.services.banks import approved_questions, can_view, row_to_question
from quizapp.services.quizzes import ExcerptView, choose_questions

try:  # POSIX: answers queue on a file lock across gunicorn workers (see _one_writer)
    import fcntl
except ImportError:  # pragma: no cover - Windows: SQLite's own busy wait does the job, slower
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

JOIN_CODE_DIGITS = 6
NICKNAME_MAX = 24
DEFAULT_QUESTIONS = 10
MAX_QUESTIONS = 50
MAX_TIMER_SECONDS = 600
MAX_DEADLINE_HOURS = 24 * 14
#: points for a fully right answer, and the most a fast one adds when the speed bonus is on
BASE_POINTS = 100
SPEED_POINTS = 50
#: with no timer, the speed bonus runs out this long after the question opens
SPEED_WINDOW_SECONDS = 30
#: Unicode categories a nickname may not contain: controls, invisible format characters (zero-width,
#: bidirectional overrides), surrogates, private use and unassigned code points
_FORBIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})


class ClassroomError(ValueError):
    """A request that cannot be met, worded for the user."""


class NicknameError(ClassroomError):
    pass


class AnswerRefused(ClassroomError):
    """An answer that arrived too late, or from a removed player: it is not stored."""


# --- sources ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceQuestions:
    title: str
    #: the bank of every question, when they share one (a set may gather several)
    bank_id: int | None
    questions: list[Question]
    #: keep the source's order (a set's) rather than mixing the kinds (a bank's)
    ordered: bool = False


def parse_source(source: str) -> tuple[str, int]:
    """``"bank:3"`` -> ``("bank", 3)``; a ClassroomError for anything else."""
    kind, _, ident = (source or "").partition(":")
    if kind not in SOURCE_RESOLVERS or not ident.isdigit():
        raise ClassroomError("Choose a bank or a question set to play.")
    return kind, int(ident)


def _bank_source(bank_id: int, user: Any) -> SourceQuestions:
    bank = db.session.get(Bank, bank_id)
    if bank is None or not can_view(user, bank):
        raise ClassroomError("There is no such bank, or it is not yours to use.")
    return SourceQuestions(bank.title, bank.id, approved_questions(bank))


def _set_source(set_id: int, user: Any) -> SourceQuestions:
    """A question set from the authoring area: its approved questions, in the set's order."""
    qset = db.session.get(QuestionSet, set_id)
    if qset is None or not authoring.can_take_set(user, qset):
        raise ClassroomError("There is no such question set, or it is not yours to use.")
    bank_ids = authoring.set_bank_ids(qset)
    return SourceQuestions(
        qset.title, bank_ids[0] if len(bank_ids) == 1 else None, authoring.set_rows(qset), ordered=True
    )


#: how each kind of source turns into questions: a new kind is one function and one line
SOURCE_RESOLVERS: dict[str, Callable[[int, Any], SourceQuestions]] = {
    "bank": _bank_source,
    "set": _set_source,
}


def resolve_source(source: str, user: Any) -> SourceQuestions:
    kind, ident = parse_source(source)
    return SOURCE_RESOLVERS[kind](ident, user)


# --- starting a session ----------------------------------------------------------------------


@dataclass(frozen=True)
class SessionOptions:
    pace: str = "teacher"
    count: int = DEFAULT_QUESTIONS
    show_leaderboard: bool = True
    speed_bonus: bool = True
    timer_seconds: int = 0
    #: self-paced only: hours from now until answers are refused
    deadline_hours: int = 24


def new_join_code() -> str:
    return f"{secrets.randbelow(10**JOIN_CODE_DIGITS):0{JOIN_CODE_DIGITS}d}"


def create_session(
    owner: Any,
    source: str,
    options: SessionOptions,
    *,
    now: datetime | None = None,
    rng: random.Random | None = None,
) -> ClassroomSession:
    """A new session in its lobby (teacher-paced) or already open until its deadline (self-paced)."""
    if not getattr(owner, "is_teacher", False):
        raise ClassroomError("Only teachers can start a classroom session.")
    if options.pace not in ("teacher", "self"):
        raise ClassroomError("Choose teacher-paced or self-paced.")
    if not 1 <= options.count <= MAX_QUESTIONS:
        raise ClassroomError(f"Choose between 1 and {MAX_QUESTIONS} questions.")
    if not 0 <= options.timer_seconds <= MAX_TIMER_SECONDS:
        raise ClassroomError(f"The timer runs from 0 (none) to {MAX_TIMER_SECONDS} seconds.")
    if options.pace == "self" and not 1 <= options.deadline_hours <= MAX_DEADLINE_HOURS:
        raise ClassroomError(f"The deadline is from 1 to {MAX_DEADLINE_HOURS} hours away.")
    src = resolve_source(source, owner)
    if not src.questions:
        raise ClassroomError("That bank has no approved questions to play.")
    now = now or utcnow()
    if src.ordered:
        chosen = src.questions[: options.count]
    else:
        chosen = choose_questions(src.questions, options.count, rng or random.Random())
    for _ in range(30):
        code = new_join_code()
        if db.session.scalar(select(ClassroomSession.id).where(ClassroomSession.open_code == code)):
            continue
        session = ClassroomSession(
            owner_id=owner.id,
            source=source,
            bank_id=src.bank_id,
            title=src.title[:300],
            join_code=code,
            open_code=code,
            pace=options.pace,
            status="lobby",
            show_leaderboard=options.show_leaderboard,
            speed_bonus=options.speed_bonus and options.pace == "teacher",
            timer_seconds=options.timer_seconds if options.pace == "teacher" else 0,
            version=0,
            created_at=now,
        )
        session.questions = [
            SessionQuestion(position=i, question_id=q.id, state="pending") for i, q in enumerate(chosen)
        ]
        if options.pace == "self":
            session.status = "running"
            session.started_at = now
            session.deadline = now + timedelta(hours=options.deadline_hours)
            for sq in session.questions:
                sq.state, sq.opened_at, sq.closes_at = "open", now, session.deadline
        db.session.add(session)
        try:
            db.session.commit()
        except IntegrityError:  # another session took the code between the check and the insert
            db.session.rollback()
            continue
        return session
    raise ClassroomError("Could not find a free join code; try again.")  # pragma: no cover - 1e6 codes


def find_open_session(code: str, *, now: datetime | None = None) -> ClassroomSession:
    code = (code or "").strip().replace(" ", "")
    if not (len(code) == JOIN_CODE_DIGITS and code.isdigit()):
        raise ClassroomError(f"A join code is {JOIN_CODE_DIGITS} digits.")
    session = db.session.scalars(select(ClassroomSession).where(ClassroomSession.open_code == code)).first()
    if session is None or is_over(session, now or utcnow()):
        raise ClassroomError("No open session has that code. Check the code on the teacher's screen.")
    return session


def is_over(session: ClassroomSession, now: datetime) -> bool:
    """Ended by the teacher, or a self-paced session past its deadline."""
    return session.status == "ended" or (
        session.pace == "self" and session.deadline is not None and now >= session.deadline
    )


def sessions_of(owner_id: int) -> list[ClassroomSession]:
    """The teacher's history, newest first."""
    return list(
        db.session.scalars(
            select(ClassroomSession)
            .where(ClassroomSession.owner_id == owner_id)
            .order_by(ClassroomSession.created_at.desc(), ClassroomSession.id.desc())
        )
    )


def player_counts(session_ids: Iterable[int]) -> dict[int, int]:
    ids = list(session_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(Player.session_id, func.count())
        .where(Player.session_id.in_(ids), Player.removed.is_(False))
        .group_by(Player.session_id)
    ).all()
    return {sid: n for sid, n in rows}


# --- players ---------------------------------------------------------------------------------


def clean_nickname(raw: str | None) -> str:
    """The nickname as shown: NFC, single spaces, 1 to 24 characters, no control or invisible characters."""
    text = unicodedata.normalize("NFC", raw or "")
    if any(unicodedata.category(c) in _FORBIDDEN_CATEGORIES for c in text):
        raise NicknameError("A nickname cannot contain control or invisible characters.")
    text = " ".join(text.split())
    if not text:
        raise NicknameError("Choose a nickname.")
    if len(text) > NICKNAME_MAX:
        raise NicknameError(f"Keep the nickname to {NICKNAME_MAX} characters or fewer.")
    return text


def nickname_key(nickname: str) -> str:
    return nickname.casefold()


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def player_by_token(session: ClassroomSession, token: str | None) -> Player | None:
    if not token or len(token) > 200:
        return None
    return db.session.scalars(
        select(Player).where(Player.session_id == session.id, Player.token_hash == _hash_token(token))
    ).first()


@dataclass(frozen=True)
class Joined:
    player: Player
    #: the secret to keep in the player's cookie
    token: str
    #: an existing player came back (by cookie or by account) rather than a new one joining
    rejoined: bool


def join(
    session: ClassroomSession,
    nickname: str | None,
    *,
    user: Any = None,
    token: str | None = None,
    now: datetime | None = None,
) -> Joined:
    """Join ``session``, or come back to it: the rejoin token, else the logged-in account, finds a player."""
    now = now or utcnow()
    if is_over(session, now):
        raise ClassroomError("This session has ended.")
    player = player_by_token(session, token)
    if player is None and getattr(user, "is_authenticated", False) and user.id is not None:
        player = db.session.scalars(
            select(Player).where(Player.session_id == session.id, Player.user_id == user.id)
        ).first()
        if player is not None and not player.removed:
            # the same account on another phone: a fresh token, so this phone holds the identity now
            token = secrets.token_urlsafe(24)
            player.token_hash = _hash_token(token)
            db.session.commit()
    if player is not None:
        if player.removed:
            raise ClassroomError("The teacher removed you from this session.")
        assert token is not None
        return Joined(player, token, True)
    name = clean_nickname(nickname)
    key = nickname_key(name)
    taken = db.session.scalar(
        select(Player.id).where(Player.session_id == session.id, Player.nickname_key == key)
    )
    if taken:
        raise NicknameError("That nickname is taken in this session; choose another.")
    token = secrets.token_urlsafe(24)
    player = Player(
        session_id=session.id,
        nickname=name,
        nickname_key=key,
        user_id=user.id if getattr(user, "is_authenticated", False) else None,
        token_hash=_hash_token(token),
        removed=False,
        joined_at=now,
    )
    db.session.add(player)
    try:
        db.session.commit()
    except IntegrityError:  # two phones chose the same nickname at the same moment
        db.session.rollback()
        raise NicknameError("That nickname is taken in this session; choose another.") from None
    return Joined(player, token, False)


def active_players(session: ClassroomSession) -> list[Player]:
    return list(
        db.session.scalars(
            select(Player)
            .where(Player.session_id == session.id, Player.removed.is_(False))
            .order_by(Player.joined_at, Player.id)
        )
    )


def remove_player(session: ClassroomSession, player_id: int) -> Player:
    player = db.session.get(Player, player_id)
    if player is None or player.session_id != session.id:
        raise ClassroomError("That player is not in this session.")
    if not player.removed:
        player.removed = True
        session.version += 1
        db.session.commit()
    return player


# --- the teacher's pace ----------------------------------------------------------------------


def session_question(session: ClassroomSession, position: int | None) -> SessionQuestion | None:
    if position is None:
        return None
    return db.session.scalars(
        select(SessionQuestion).where(
            SessionQuestion.session_id == session.id, SessionQuestion.position == position
        )
    ).first()


def question_count(session: ClassroomSession) -> int:
    return int(
        db.session.scalar(
            select(func.count()).select_from(SessionQuestion).where(SessionQuestion.session_id == session.id)
        )
        or 0
    )


def is_open(session: ClassroomSession, sq: SessionQuestion | None, now: datetime) -> bool:
    """Does ``sq`` take answers at ``now``? A passed timer or deadline closes it without any write."""
    if sq is None or session.status != "running" or sq.state != "open":
        return False
    if sq.closes_at is not None and now >= sq.closes_at:
        return False
    return not is_over(session, now)


def seconds_left(sq: SessionQuestion | None, now: datetime) -> int | None:
    if sq is None or sq.closes_at is None:
        return None
    return max(0, int((sq.closes_at - now).total_seconds() + 0.999))


def _require_teacher_pace(session: ClassroomSession) -> None:
    if session.status == "ended":
        raise ClassroomError("This session has ended.")
    if session.pace != "teacher":
        raise ClassroomError("In a self-paced session every question is open until the deadline.")


def _close(sq: SessionQuestion, now: datetime) -> None:
    if sq.state == "open":
        sq.state = "closed"
        # closed by its timer earlier: keep the moment it really closed
        sq.closed_at = min(now, sq.closes_at) if sq.closes_at else now


def open_question(
    session: ClassroomSession, position: int, *, now: datetime | None = None
) -> SessionQuestion:
    """Show question ``position`` (0-based) and take answers; the question on screen before closes."""
    now = now or utcnow()
    _require_teacher_pace(session)
    sq = session_question(session, position)
    if sq is None:
        raise ClassroomError("This session has no such question.")
    if sq.state != "pending":
        raise ClassroomError("That question was already asked.")
    current = session_question(session, session.current_position)
    if current is not None:
        _close(current, now)
    sq.state, sq.opened_at, sq.closed_at = "open", now, None
    sq.closes_at = now + timedelta(seconds=session.timer_seconds) if session.timer_seconds else None
    session.current_position = position
    session.status = "running"
    session.started_at = session.started_at or now
    session.version += 1
    db.session.commit()
    return sq


def close_question(session: ClassroomSession, *, now: datetime | None = None) -> SessionQuestion | None:
    """Stop taking answers for the question on screen and reveal the right answer."""
    now = now or utcnow()
    _require_teacher_pace(session)
    sq = session_question(session, session.current_position)
    if sq is not None and sq.state == "open":
        _close(sq, now)
        session.version += 1
        db.session.commit()
    return sq


def next_position(session: ClassroomSession) -> int | None:
    """The first question not yet asked, or None when every one was."""
    return db.session.scalar(
        select(func.min(SessionQuestion.position)).where(
            SessionQuestion.session_id == session.id, SessionQuestion.state == "pending"
        )
    )


def next_question(session: ClassroomSession, *, now: datetime | None = None) -> SessionQuestion | None:
    """Close the question on screen and open the next one; None when none is left."""
    position = next_position(session)
    if position is None:
        close_question(session, now=now)
        return None
    return open_question(session, position, now=now)


def end_session(session: ClassroomSession, *, now: datetime | None = None) -> ClassroomSession:
    """End the session: no more answers, and its join code is free for another session."""
    now = now or utcnow()
    if session.status != "ended":
        for sq in session.questions:
            _close(sq, now)
        session.status = "ended"
        session.ended_at = now
        session.open_code = None
        session.version += 1
        db.session.commit()
    return session


def settle(session: ClassroomSession, *, now: datetime | None = None) -> ClassroomSession:
    """A self-paced session past its deadline is ended for good (its code freed) the next time it is read."""
    now = now or utcnow()
    if session.status != "ended" and session.pace == "self" and is_over(session, now):
        end_session(session, now=session.deadline)
    return session


# --- answers ---------------------------------------------------------------------------------


def count_toward_flashcards(user_id: int, question_id: int, correct: bool, now: datetime) -> None:
    """A logged-in student's classroom answer counts as a review of that question's flashcard (one memory
    across modes: :func:`quizapp.services.study.record_outcome`; guests have none).

    Called after the answer is committed, in a transaction of its own: if the review cannot be written,
    the answer still stands and stays acknowledged, and the failure is logged.
    """
    try:
        study.record_outcome(user_id, question_id, correct, now=now, source="classroom")
    except SQLAlchemyError:
        db.session.rollback()
        log.exception("A classroom answer could not count toward flashcards (user %s)", user_id)


def _validate_response(question: qs.Question, response: str) -> str:
    response = (response or "").strip()
    limit = grading.MAX_LIST_RESPONSE if question.type == "list" else grading.MAX_RESPONSE
    if len(response) > limit:
        raise ClassroomError(f"Keep the answer under {limit} characters.")
    if question.choices and question.type in ("multiple_choice", "true_false") and response:
        if response not in question.choices:
            raise ClassroomError("Choose one of the answers shown.")
    return response


def find_answer(player: Player, sq: SessionQuestion) -> PlayerAnswer | None:
    return db.session.scalars(
        select(PlayerAnswer).where(
            PlayerAnswer.player_id == player.id, PlayerAnswer.session_question_id == sq.id
        )
    ).first()


def record_answer(
    session: ClassroomSession,
    player: Player,
    position: int,
    response: str,
    *,
    now: datetime | None = None,
) -> tuple[PlayerAnswer, bool]:
    """Grade and store a player's answer; (answer, created). The first answer stands; a late one is refused.

    The insert is committed before this returns, so an acknowledged answer survives the server dying.
    """
    now = now or utcnow()
    if player.session_id != session.id:
        raise ClassroomError("You are not in this session.")
    if player.removed:
        raise AnswerRefused("The teacher removed you from this session; your answer was not counted.")
    sq = session_question(session, position)
    if sq is None:
        raise ClassroomError("This session has no such question.")
    existing = find_answer(player, sq)
    if existing is not None:
        return existing, False
    if not is_open(session, sq, now):
        if is_over(session, now):
            raise AnswerRefused("Too late: the session has ended, so this answer was not counted.")
        if sq.state == "pending":
            raise AnswerRefused("That question is not open yet.")
        raise AnswerRefused(
            f"Too late: question {position + 1} closed before your answer arrived, so it was not counted."
        )
    row = db.session.get(Question, sq.question_id)
    if row is None:  # pragma: no cover - the FK cascades
        raise ClassroomError("That question no longer exists.")
    question = row_to_question(row)
    response = _validate_response(question, response)
    result = grading.grade(question, response) if response else grading.Grade(correct=False, credit=0.0)
    elapsed = None
    if session.pace == "teacher" and sq.opened_at is not None:
        elapsed = max(0, int((now - sq.opened_at).total_seconds() * 1000))
    answer = PlayerAnswer(
        session_id=session.id,
        player_id=player.id,
        session_question_id=sq.id,
        response=response,
        correct=result.correct,
        credit=result.credit,
        detail=result.to_detail(),
        elapsed_ms=elapsed,
        answered_at=now,
    )
    try:
        with _one_writer():
            db.session.add(answer)
            db.session.commit()
    except IntegrityError:
        # the same answer sent twice at once (a retry after a lost connection): the other one stands
        db.session.rollback()
        fresh = find_answer(player, sq)
        if fresh is None:  # pragma: no cover - the constraint that failed says it exists
            raise
        return fresh, False
    if player.user_id is not None:
        count_toward_flashcards(player.user_id, row.id, result.correct, now)
    return answer, True


_WRITE_LOCK = threading.Lock()
_LOCK_FILES: dict[tuple[int, str], int] = {}


@contextmanager
def _one_writer() -> Iterator[None]:
    """Answers take turns to write on SQLite, which has a single writer.

    A writer that finds SQLite's database locked sleeps in growing steps (up to 100 ms) before trying
    again, so when a whole class answers at once most of an answer's time went to sleeping while the lock
    was already free. Here they queue on locks that wake the next writer the moment the last one commits:
    a thread lock within a gunicorn worker, an flock on a file beside the database across workers (opened
    in each worker process, so they do not share it through a fork). PostgreSQL needs none of this.
    """
    engine = db.engine
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:" or fcntl is None:
        yield
        return
    with _WRITE_LOCK:
        key = (os.getpid(), database)
        fd = _LOCK_FILES.get(key)
        if fd is None:
            fd = _LOCK_FILES[key] = os.open(database + ".write-lock", os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)


def answered_positions(player: Player) -> dict[int, PlayerAnswer]:
    rows = db.session.execute(
        select(SessionQuestion.position, PlayerAnswer)
        .join(PlayerAnswer, PlayerAnswer.session_question_id == SessionQuestion.id)
        .where(PlayerAnswer.player_id == player.id)
    ).all()
    return {pos: ans for pos, ans in rows}


def self_paced_position(session: ClassroomSession, player: Player) -> int | None:
    """A self-paced player's next question: the first they have not answered, or None when done."""
    answered = select(PlayerAnswer.session_question_id).where(PlayerAnswer.player_id == player.id)
    return db.session.scalar(
        select(func.min(SessionQuestion.position)).where(
            SessionQuestion.session_id == session.id, SessionQuestion.id.not_in(answered)
        )
    )


def answer_count(session: ClassroomSession, sq: SessionQuestion | None) -> int:
    """Answers to ``sq`` from players still in the session."""
    return 0 if sq is None else _answer_count(session.id, sq.id)


def _answer_count(session_id: int, sq_id: int) -> int:
    return int(
        db.session.scalar(
            select(func.count())
            .select_from(PlayerAnswer)
            .join(Player, Player.id == PlayerAnswer.player_id)
            .where(
                PlayerAnswer.session_id == session_id,
                PlayerAnswer.session_question_id == sq_id,
                Player.removed.is_(False),
            )
        )
        or 0
    )


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
    return _player_poll(session_id, "token_hash", _hash_token(token), now)


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
    row = db.session.execute(_poll_statement(by), {"session_id": session_id, "which": which}).first()
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
            count = _answer_count(session_id, sq_id)
            parts.append(count)
            if status == "running" and not removed:
                # the same tuples as player_view's for this page
                skey = (
                    _standings_key(session_id, code, created, version, bool(bonus))
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


# --- distribution, leaderboard, results, item analysis ---------------------------------------


@dataclass(frozen=True)
class OptionCount:
    """One bar of a distribution: a choice (or a typed answer), how many chose it, and whether it is right."""

    label: str
    count: int
    percent: int
    correct: bool


def _percent(part: float, whole: float) -> int:
    return round(100 * part / whole) if whole else 0


def distribution(question: qs.Question, answers: Sequence[PlayerAnswer]) -> list[OptionCount]:
    """How the answers spread: per choice for a choice question, else right / the commonest wrong / others."""
    total = len(answers)
    if question.choices and question.type in ("multiple_choice", "true_false"):
        counts = Counter(a.response for a in answers)
        bars = [
            OptionCount(c, counts.get(c, 0), _percent(counts.get(c, 0), total), c == question.answer)
            for c in question.choices
        ]
        blank = counts.get("", 0)
        if blank:
            bars.append(OptionCount("No answer", blank, _percent(blank, total), False))
        return bars
    right = sum(1 for a in answers if a.correct)
    partial = sum(1 for a in answers if not a.correct and a.credit > 0)
    bars = [OptionCount("Right", right, _percent(right, total), True)]
    if partial:
        bars.append(OptionCount("Partly right", partial, _percent(partial, total), False))
    # wrong answers are counted together when they differ only in case, accents or punctuation, and shown
    # as most of the class typed them (the first typed, on a tie), not in the grader's lower case
    wrong: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = {}
    for a in answers:
        if a.credit == 0:
            key = grading.normalise(a.response)
            wrong[key] += 1
            spellings.setdefault(key, Counter())[a.response.strip()] += 1
    shown = wrong.most_common(4)
    for key, n in shown:
        label = spellings[key].most_common(1)[0][0] if key else "(no answer)"
        bars.append(OptionCount(label or "(no answer)", n, _percent(n, total), False))
    rest = sum(wrong.values()) - sum(n for _, n in shown)
    if rest:
        bars.append(OptionCount("Other wrong answers", rest, _percent(rest, total), False))
    return bars


def points_for(session: ClassroomSession, answer: PlayerAnswer) -> int:
    """100 per full credit; with the speed bonus, up to 50 more for a right answer given quickly."""
    points = BASE_POINTS * answer.credit
    if session.speed_bonus and answer.elapsed_ms is not None and answer.credit > 0:
        window = (session.timer_seconds or SPEED_WINDOW_SECONDS) * 1000
        points += SPEED_POINTS * answer.credit * max(0.0, 1 - answer.elapsed_ms / window)
    return round(points)


def _session_answers(session: ClassroomSession) -> list[tuple[PlayerAnswer, int]]:
    """Every answer of the session's present players, with its question's position."""
    return [
        (a, pos)
        for a, pos in db.session.execute(
            select(PlayerAnswer, SessionQuestion.position)
            .join(SessionQuestion, SessionQuestion.id == PlayerAnswer.session_question_id)
            .join(Player, Player.id == PlayerAnswer.player_id)
            .where(PlayerAnswer.session_id == session.id, Player.removed.is_(False))
        ).all()
    ]


@dataclass
class StudentResult:
    player: Player
    answers: dict[int, PlayerAnswer] = field(default_factory=dict)
    score: float = 0.0
    correct: int = 0
    points: int = 0
    rank: int = 0

    @property
    def nickname(self) -> str:
        return self.player.nickname

    @property
    def answered(self) -> int:
        return len(self.answers)


@dataclass
class QuestionResult:
    position: int
    row: Question
    question: qs.Question
    answered: int
    correct: int
    #: share of those who answered who got it right, 0..1 (None when nobody answered)
    share_correct: float | None
    #: share correct in the top third minus the bottom third (by session score); None under 3 players
    discrimination: float | None
    options: list[OptionCount]
    state: str


@dataclass
class SessionResults:
    students: list[StudentResult]
    questions: list[QuestionResult]
    #: how many questions were asked (opened at least once)
    asked: int


def leaderboard(session: ClassroomSession) -> list[StudentResult]:
    """Present players ranked by points (then accuracy); equal points share a rank."""
    by_player = {p.id: StudentResult(p) for p in active_players(session)}
    for answer, pos in _session_answers(session):
        res = by_player.get(answer.player_id)
        if res is None:
            continue
        res.answers[pos] = answer
        res.score += answer.credit
        res.correct += int(answer.correct)
        res.points += points_for(session, answer)
    ranked = sorted(by_player.values(), key=lambda r: (-r.points, -r.score, r.player.joined_at, r.player.id))
    previous: tuple[int, float] | None = None
    for i, res in enumerate(ranked, start=1):
        key = (res.points, round(res.score, 6))
        res.rank = ranked[i - 2].rank if previous == key else i
        previous = key
    return ranked


def item_analysis(
    questions: Sequence[tuple[int, Question]], students: Sequence[StudentResult]
) -> list[QuestionResult]:
    """Per question: share correct among those who answered, discrimination and how often each option was
    chosen.

    Discrimination ranks the students by session score (ties by join order), takes the top and bottom
    thirds (``n // 3`` each) and subtracts the bottom third's share correct from the top third's; a
    student who did not answer counts as not correct. Under three students it is None.
    """
    ranked = sorted(students, key=lambda r: (-r.score, r.player.joined_at, r.player.id))
    third = len(ranked) // 3
    top, bottom = ranked[:third], ranked[len(ranked) - third :]
    out: list[QuestionResult] = []
    for pos, row in questions:
        q = row_to_question(row)
        answers = [s.answers[pos] for s in students if pos in s.answers]
        right = sum(1 for a in answers if a.correct)
        disc = None
        if third:
            p_top = sum(1 for s in top if pos in s.answers and s.answers[pos].correct) / third
            p_bottom = sum(1 for s in bottom if pos in s.answers and s.answers[pos].correct) / third
            disc = round(p_top - p_bottom, 2)
        out.append(
            QuestionResult(
                position=pos,
                row=row,
                question=q,
                answered=len(answers),
                correct=right,
                share_correct=round(right / len(answers), 2) if answers else None,
                discrimination=disc,
                options=distribution(q, answers),
                state="",
            )
        )
    return out


def results(session: ClassroomSession) -> SessionResults:
    students = leaderboard(session)
    sqs = list(session.questions)
    analysed = item_analysis([(sq.position, sq.question) for sq in sqs], students)
    for res, sq in zip(analysed, sqs, strict=True):
        res.state = sq.state
    return SessionResults(students, analysed, sum(1 for sq in sqs if sq.state != "pending"))


_CACHE_LOCK = threading.Lock()
_REVEAL_CACHE: dict[tuple[Any, ...], Any] = {}
_REVEAL_CACHE_SIZE = 256


def cached_value(key: tuple[Any, ...]) -> Any:
    """What :func:`cached` holds under ``key``, or None."""
    with _CACHE_LOCK:
        return _REVEAL_CACHE.get(key)


def cached(key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
    """A small per-process cache for what every phone asks for at once after a question closes; ``key``
    holds everything the value depends on, so nothing is ever stale."""
    return _single_flight(_REVEAL_CACHE, _CACHE_LOCK, _REVEAL_CACHE_SIZE, key, compute)


#: the keys being computed right now, each with a lock its other askers wait on
_IN_FLIGHT: dict[tuple[Any, ...], threading.Lock] = {}


def _single_flight(
    cache: dict[tuple[Any, ...], Any],
    lock: threading.Lock,
    size: int,
    key: tuple[Any, ...],
    compute: Callable[[], Any],
) -> Any:
    """``cache[key]``, computed by one thread while the other threads that ask for it at the same moment
    wait for that result. Without this, the whole class's polls arriving as a question closes each found
    the cache empty and computed the same reveal side by side, every copy slowed by the others."""
    with lock:
        if key in cache:
            return cache[key]
        flight = _IN_FLIGHT.setdefault(("flight", id(cache), *key), threading.Lock())
    with flight:
        with lock:
            if key in cache:
                return cache[key]
        try:
            value = compute()
            with lock:
                if len(cache) >= size:
                    cache.pop(next(iter(cache)))
                cache[key] = value
        finally:
            with lock:
                _IN_FLIGHT.pop(("flight", id(cache), *key), None)
    return value


def question_distribution(session: ClassroomSession, sq: SessionQuestion) -> list[OptionCount]:
    key = ("dist", sq.id, session.join_code, session.created_at, session.version, answer_count(session, sq))
    return list(cached(key, lambda: _question_distribution(session, sq)))


def _question_distribution(session: ClassroomSession, sq: SessionQuestion) -> list[OptionCount]:
    answers = list(
        db.session.scalars(
            select(PlayerAnswer)
            .join(Player, Player.id == PlayerAnswer.player_id)
            .where(PlayerAnswer.session_question_id == sq.id, Player.removed.is_(False))
        )
    )
    return distribution(row_to_question(sq.question), answers)


def excerpts(sq: SessionQuestion) -> list[ExcerptView]:
    """The source excerpts of a question, with their anchors in the article reader."""
    row = sq.question
    # the anchors depend on every approved question of the bank: key on how many there are and when one
    # last changed
    n, changed = db.session.execute(
        select(func.count(), func.max(Question.updated_at)).where(
            Question.bank_id == row.bank_id, Question.status == "approved"
        )
    ).one()
    key = ("excerpts", row.id, row.updated_at, row.bank_id, n, changed)
    return list(cached(key, lambda: _excerpts(sq)))


def _excerpts(sq: SessionQuestion) -> list[ExcerptView]:
    row = sq.question
    q = row_to_question(row)
    spans = reader.merged_spans(
        reader.question_spans(row_to_question(r) for r in approved_questions(row.bank))
    )
    return [ExcerptView(reader.excerpt_parts(s), reader.anchor_for(s, spans)) for s in q.sources]


# --- the gradebook ---------------------------------------------------------------------------


def _cell(value: object) -> str:
    """A CSV cell that a spreadsheet will not run as a formula (a nickname may start with "=")."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def gradebook_csv(session: ClassroomSession) -> str:
    """One row per student: credit per question (blank: no answer), score, percent, points.

    Starts with a BOM so Excel reads the accents right, like the core's CSV export.
    """
    res = results(session)
    positions = [q.position for q in res.questions]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        [
            "Nickname",
            "Account",
            *[f"Q{p + 1}" for p in positions],
            "Answered",
            "Score",
            "Out of",
            "Percent",
            "Points",
        ]
    )
    total = len(positions)
    for s in sorted(res.students, key=lambda r: r.player.nickname_key):
        user = s.player.user
        account = "" if user is None else (user.email or user.display_name)
        credits = [
            f"{s.answers[p].credit:.2f}".rstrip("0").rstrip(".") if p in s.answers else "" for p in positions
        ]
        writer.writerow(
            [
                _cell(s.nickname),
                _cell(account),
                *credits,
                s.answered,
                f"{s.score:.2f}".rstrip("0").rstrip("."),
                total,
                _percent(s.score, total),
                s.points,
            ]
        )
    return "\ufeff" + out.getvalue()


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
    return _single_flight(
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


def cached_standings(key: tuple[Any, ...]) -> list[Standing] | None:
    """The leaderboard computed for ``key`` by some earlier request, if this process has it."""
    return _STANDINGS_CACHE.get(key)


# --- what the pages show ---------------------------------------------------------------------


@dataclass
class Reveal:
    """After a question closes: the right answer, how the class answered, and the source excerpt."""

    position: int
    question: qs.Question
    options: list[OptionCount]
    excerpts: list[ExcerptView]
    answered: int
    #: the question's own bank, for the "see it in the article" links (a set may span banks)
    bank_id: int
    #: the player's own answer, on a phone
    mine: PlayerAnswer | None = None


def reveal(session: ClassroomSession, sq: SessionQuestion, *, mine: PlayerAnswer | None = None) -> Reveal:
    options = question_distribution(session, sq)
    return Reveal(
        position=sq.position,
        question=row_to_question(sq.question),
        options=options,
        excerpts=excerpts(sq),
        answered=sum(o.count for o in options),
        bank_id=sq.question.bank_id,
        mine=mine,
    )


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
        view.position, view.question = position, row_to_question(sq.question)
        view.seconds_left = int((session.deadline - now).total_seconds()) if session.deadline else None
        return view
    sq = session_question(session, session.current_position)
    if session.status == "lobby" or sq is None:
        return PlayerView(session, player, "lobby", total)
    mine = find_answer(player, sq)
    view = PlayerView(session, player, "question", total, position=sq.position, answer=mine)
    stamp = (session.id, session.join_code, session.created_at, session.version, sq.position)
    if is_open(session, sq, now):
        view.question = row_to_question(sq.question)
        view.seconds_left = seconds_left(sq, now)
        if mine is not None:
            view.mode = "waiting"
        else:
            view.shared_key = ("question", *stamp)
        return view
    # the reveal is the same on every phone but for the verdict and the phone's own rank: the caller
    # renders it once per state (see quizapp.classroom), building the Reveal only then
    view.mode, view.sq = "reveal", sq
    skey = standings_key(session) if session.show_leaderboard else None
    if skey is not None:
        rows = standings(session, skey)
        view.me = next((r for r in rows if r.player_id == player.id), None)
        view.standings = rows[:5]
    view.shared_key = ("reveal", *stamp, answer_count(session, sq), skey)
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
        view.question = row_to_question(sq.question)
        view.seconds_left = seconds_left(sq, now)
        return view
    view.mode = "reveal"
    view.reveal = reveal(session, sq)
    if session.show_leaderboard:
        view.standings = standings(session)[:10]
    return view
