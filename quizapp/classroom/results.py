"""Distribution of answers, points, the reveal of a question, the leaderboard, results and item analysis,
with their caches."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

import questions as qs
from quizapp.classroom.answers import answer_count
from quizapp.classroom.models import ClassroomSession, Player, PlayerAnswer, SessionQuestion
from quizapp.classroom.players import active_players
from quizapp.classroom.sessions import (
    BASE_POINTS,
    SPEED_POINTS,
    SPEED_WINDOW_SECONDS,
    WITHDRAWN,
    shown_question,
)
from quizapp.core.extensions import db
from quizapp.library import grading, reader
from quizapp.library.banks import approved_questions
from quizapp.library.models import Question
from quizapp.library.reader import ExcerptView
from quizapp.library.store import row_to_question

# --- distribution, leaderboard, results, item analysis ---------------------------------------


@dataclass(frozen=True)
class OptionCount:
    """One bar of a distribution: a choice (or a typed answer), how many chose it, and whether it is right."""

    label: str
    count: int
    percent: int
    correct: bool


def percent_of(part: float, whole: float) -> int:
    return round(100 * part / whole) if whole else 0


def distribution(question: qs.Question, answers: Sequence[PlayerAnswer]) -> list[OptionCount]:
    """How the answers spread: per choice for a choice question, else right / the commonest wrong / others."""
    total = len(answers)
    if question.choices and question.type in ("multiple_choice", "true_false"):
        counts = Counter(a.response for a in answers)
        bars = [
            OptionCount(c, counts.get(c, 0), percent_of(counts.get(c, 0), total), c == question.answer)
            for c in question.choices
        ]
        blank = counts.get("", 0)
        if blank:
            bars.append(OptionCount("No answer", blank, percent_of(blank, total), False))
        return bars
    right = sum(1 for a in answers if a.correct)
    partial = sum(1 for a in answers if not a.correct and a.credit > 0)
    bars = [OptionCount("Right", right, percent_of(right, total), True)]
    if partial:
        bars.append(OptionCount("Partly right", partial, percent_of(partial, total), False))
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
        bars.append(OptionCount(label or "(no answer)", n, percent_of(n, total), False))
    rest = sum(wrong.values()) - sum(n for _, n in shown)
    if rest:
        bars.append(OptionCount("Other wrong answers", rest, percent_of(rest, total), False))
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
    questions: Sequence[tuple[int, Question]],
    students: Sequence[StudentResult],
    shown: Callable[[Question], qs.Question] = row_to_question,
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
        q = shown(row)
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
    analysed = item_analysis(
        [(sq.position, sq.question) for sq in sqs], students, lambda row: shown_question(session, row)
    )
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


def forget(key: tuple[Any, ...]) -> None:
    """Drop what :func:`cached` holds under ``key``: a page rendered before its question was withdrawn
    (its bank no longer shared), which the key cannot tell."""
    with _CACHE_LOCK:
        _REVEAL_CACHE.pop(key, None)


def cached(key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
    """A small per-process cache for what every phone asks for at once after a question closes; ``key``
    holds everything the value depends on, so nothing is ever stale."""
    return single_flight(_REVEAL_CACHE, _CACHE_LOCK, _REVEAL_CACHE_SIZE, key, compute)


#: the keys being computed right now, each with a lock its other askers wait on
_IN_FLIGHT: dict[tuple[Any, ...], threading.Lock] = {}


def single_flight(
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
    question = shown_question(session, sq.question)
    withdrawn = not question.sources and question.prompt == WITHDRAWN
    options = [] if withdrawn else question_distribution(session, sq)
    return Reveal(
        position=sq.position,
        question=question,
        options=options,
        excerpts=[] if withdrawn else excerpts(sq),
        answered=sum(o.count for o in options),
        bank_id=sq.question.bank_id,
        mine=mine,
    )
