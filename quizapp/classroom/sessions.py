"""Live classroom sessions: where the questions come from, starting a session, its join code, and the
teacher's pace.

- A session asks questions from a *source*: ``"bank:<id>"`` (a bank's approved questions) or
  ``"set:<id>"`` (a question set from the authoring area; see :data:`SOURCE_RESOLVERS`).
- Its 6-digit join code is unique among open sessions (``open_code`` is unique and cleared on end).
- Teacher-paced: the teacher opens one question at a time and closes it, or a timer does. A timer is
  never run by a background job: a question whose ``closes_at`` has passed *reads* as closed.
- Self-paced (homework): every question is open until the deadline; each student goes at their own pace."""

from __future__ import annotations

import random
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import qrcode
import qrcode.image.svg
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

import questions as qs
from quizapp.authoring import sets
from quizapp.authoring.models import QuestionSet
from quizapp.classroom.models import ClassroomSession, Player, PlayerAnswer, SessionQuestion
from quizapp.core import access
from quizapp.core.access import can_view
from quizapp.core.extensions import db
from quizapp.core.forms import choice
from quizapp.core.models import utcnow
from quizapp.itemstats import recording as itemstats
from quizapp.library import banks as library_banks
from quizapp.library.banks import approved_questions, choose_questions
from quizapp.library.models import Bank, Question
from quizapp.library.store import row_to_question

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
FORBIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})


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
    if kind not in SOURCE_RESOLVERS or not (ident.isascii() and ident.isdigit()):
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
    if qset is None or not access.can_take_set(user, qset):
        raise ClassroomError("There is no such question set, or it is not yours to use.")
    bank_ids = sets.set_bank_ids(qset)
    return SourceQuestions(
        qset.title, bank_ids[0] if len(bank_ids) == 1 else None, sets.set_rows(qset), ordered=True
    )


#: how each kind of source turns into questions: a new kind is one function and one line
SOURCE_RESOLVERS: dict[str, Callable[[int, Any], SourceQuestions]] = {
    "bank": _bank_source,
    "set": _set_source,
}


#: shown instead of a question whose bank its owner no longer shares
WITHDRAWN = "The owner of this question's article no longer shares it, so it is not shown."


def shows(session: ClassroomSession, row: Question) -> bool:
    """Whether the session may still show this question: read at every request, as its host reaches it
    now (core.access.still_shows), so a bank made private since leaves a running or finished session."""
    kind, _, ident = (session.source or "").partition(":")
    set_id = int(ident) if kind == "set" and ident.isascii() and ident.isdigit() else None
    return access.still_shows(session.owner, row.bank, set_id=set_id)


def shown_question(session: ClassroomSession, row: Question) -> qs.Question:
    """The question as the session may show it now: itself, or a placeholder without text, answer,
    choices or excerpts."""
    if shows(session, row):
        return row_to_question(row)
    return qs.Question(
        id=row.uid, kind=row.kind, type="short", prompt=WITHDRAWN, answer="", sources=(), explanation=""
    )


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
    if not (len(code) == JOIN_CODE_DIGITS and code.isascii() and code.isdigit()):
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


def taker_rows(session: ClassroomSession) -> Any:
    """(player, question, correct, credit) of every answer from players still in the session."""
    return db.session.execute(
        select(PlayerAnswer.player_id, SessionQuestion.question_id, PlayerAnswer.correct, PlayerAnswer.credit)
        .join(SessionQuestion, SessionQuestion.id == PlayerAnswer.session_question_id)
        .join(Player, Player.id == PlayerAnswer.player_id)
        .where(PlayerAnswer.session_id == session.id, Player.removed.is_(False))
    ).all()


def asked_questions(session: ClassroomSession) -> list[SessionQuestion]:
    """The questions a session put to its players: all of a self-paced one, those opened otherwise."""
    return [sq for sq in session.questions if session.pace == "self" or sq.opened_at is not None]


def end_session(session: ClassroomSession, *, now: datetime | None = None) -> ClassroomSession:
    """End the session: no more answers, and its join code is free for another session."""
    now = now or utcnow()
    if session.status != "ended":
        for sq in session.questions:
            _close(sq, now)
        session.status = "ended"
        session.ended_at = now
        itemstats.record_takers("classroom", taker_rows(session), asked=len(asked_questions(session)))
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


def qr_svg(join_url: str) -> str:
    """The join link as a QR code, an SVG for the projector."""
    image = qrcode.make(join_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=12, border=2)
    return str(image.to_string(encoding="unicode"))


def source_choices(user: Any) -> list[Any]:
    """The banks and question sets this teacher may play, each with its approved questions counted."""
    banks = library_banks.visible_banks(user)
    counts = library_banks.kind_counts(b.id for b in banks)
    out = []
    for b in banks:
        n = sum(c.count for c in counts.get(b.id, []))
        if n:
            out.append(choice(f"bank:{b.id}", f"{b.title} ({n} questions)"))
    for qset in sets.listed_sets(user):
        n = len(sets.set_rows(qset))
        if n:
            out.append(choice(f"set:{qset.id}", f"Set: {qset.title} ({n} questions)"))
    return out
