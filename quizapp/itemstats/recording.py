"""Recording answers into the item counters, in the caller's transaction, in one statement each.

Quiz, classroom and study each call one function here when they store an answer (and quiz and
classroom once more when an attempt or a session ends, for discrimination). Nothing is committed
here: the answer and its counters are committed together, or rolled back together.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from quizapp.core.extensions import db
from quizapp.core.models import utcnow
from quizapp.itemstats.models import (
    COUNTER_KEYS,
    MODES,
    SCORE_BANDS,
    TIME_BANDS,
    ItemState,
    column_name,
    item_counts,
    item_picks,
)

#: a gap longer than this is a student who walked away, not time spent on the question
MAX_TIME_MS = 30 * 60 * 1000
_KNOWN = frozenset(COUNTER_KEYS)


def time_band(elapsed_ms: int) -> int:
    seconds = elapsed_ms / 1000
    for i, bound in enumerate(TIME_BANDS):
        if seconds <= bound:
            return i
    return len(TIME_BANDS)


def score_band(score: float) -> int:
    return max(0, min(SCORE_BANDS - 1, int(score * SCORE_BANDS)))


def add_counts(counts: Iterable[tuple[int, str, str, int]]) -> None:
    """Add to counters (question id, mode, key, amount) of the current edition in one statement (and a
    second one for the picks of choices past the first MAX_PICKS, when there are any)."""
    rows: dict[tuple[int, str], Counter[str]] = defaultdict(Counter)
    extra: Counter[tuple[int, str, int]] = Counter()
    for question_id, mode, key, amount in counts:
        if not amount:
            continue
        if key in _KNOWN:
            rows[(question_id, mode)][column_name(key)] += amount
        elif key.startswith("pick:"):
            extra[(question_id, mode, int(key[5:]))] += amount
        else:
            raise ValueError(f"unknown counter {key!r}")
    # Core on the session's connection: the ORM's execution path costs more than the statement here
    connection = db.session.connection()
    if rows:
        columns = tuple(sorted({c for r in rows.values() for c in r}))
        values = [
            {"question_id": q, "edition": 0, "mode": m, **{c: r.get(c, 0) for c in columns}}
            for (q, m), r in sorted(rows.items())
        ]
        connection.execute(_upsert(connection.dialect.name, columns), values)
    if extra:
        picks = [
            {"question_id": q, "edition": 0, "mode": m, "choice": i, "picks": n}
            for (q, m, i), n in sorted(extra.items())
        ]
        connection.execute(_pick_upsert(connection.dialect.name), picks)


@lru_cache(maxsize=512)
def _upsert(dialect: str, columns: tuple[str, ...]) -> Any:
    """The upsert adding to ``columns``, built once per set of columns: an answer adds to six or so of
    the sixty, and building and compiling the statement anew cost more than running it."""
    insert: Any = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(item_counts)
    return stmt.on_conflict_do_update(
        index_elements=["question_id", "edition", "mode"],
        set_={c: item_counts.c[c] + stmt.excluded[c] for c in columns},
    )


@lru_cache(maxsize=4)
def _pick_upsert(dialect: str) -> Any:
    insert: Any = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(item_picks)
    return stmt.on_conflict_do_update(
        index_elements=["question_id", "edition", "mode", "choice"],
        set_={"picks": item_picks.c.picks + stmt.excluded.picks},
    )


def answer_counts(
    question_id: int,
    mode: str,
    *,
    correct: bool,
    response: str | None = None,
    choices: Sequence[str] = (),
    elapsed_ms: int | None = None,
) -> list[tuple[int, str, str, int]]:
    """The counters one answer adds to. ``response`` "" is "I don't know"; None (a flashcard) has none."""
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}")
    out = [(question_id, mode, "answers", 1), (question_id, mode, "correct", int(correct))]
    if response == "":
        out.append((question_id, mode, "dont_know", 1))
    elif response is not None and response in choices:
        out.append((question_id, mode, f"pick:{list(choices).index(response)}", 1))
    if elapsed_ms is not None and 0 <= elapsed_ms <= MAX_TIME_MS:
        out += [
            (question_id, mode, "time_n", 1),
            (question_id, mode, "time_ms", int(elapsed_ms)),
            (question_id, mode, f"time:{time_band(elapsed_ms)}", 1),
        ]
    return out


def record_answer(
    question_id: int,
    mode: str,
    *,
    correct: bool,
    response: str | None = None,
    choices: Sequence[str] = (),
    elapsed_ms: int | None = None,
) -> None:
    """Count one answer: answers, correct, "I don't know", the choice picked, the time taken."""
    add_counts(
        answer_counts(
            question_id, mode, correct=correct, response=response, choices=choices, elapsed_ms=elapsed_ms
        )
    )


def record_study_rating(
    question_id: int, part: int, rating: int, duration_ms: int | None, *, sign: int = 1
) -> None:
    """Count a flashcard rating of a question's own card (a list question's item cards are not the
    question): Again is wrong, Hard, Good and Easy are right. ``sign=-1`` takes an undone one back."""
    if part == 0:
        counts = answer_counts(question_id, "study", correct=rating > 1, elapsed_ms=duration_ms)
        add_counts((q, m, k, sign * n) for q, m, k, n in counts)


def quiz_elapsed_ms(started_at: datetime, earlier: Iterable[datetime], now: datetime | None = None) -> int:
    """A quiz answer's time: since the attempt's previous answer, or since it started."""
    since = max([started_at, *earlier])
    return max(0, int(((now or utcnow()) - since).total_seconds() * 1000))


def record_quiz_answer(attempt: Any, answer: Any, question: Any) -> None:
    """Count a quiz answer (``attempt``, ``answer``: the quiz's rows; ``question``: the library's)."""
    earlier = [a.answered_at for a in attempt.answers if a is not answer and a.answered_at is not None]
    record_answer(
        question.id,
        "quiz",
        correct=bool(answer.correct),
        response=answer.response,
        choices=question.choices or (),
        elapsed_ms=quiz_elapsed_ms(attempt.started_at, earlier, answer.answered_at),
    )


def taker_counts(
    mode: str, rows: Iterable[tuple[Any, int, bool, float]], *, asked: int
) -> list[tuple[int, str, str, int]]:
    """The score-band counters of finished takers. ``rows``: (taker, question id, correct, credit) for
    each answer; a taker's score is their credit over the ``asked`` questions."""
    by_taker: dict[Any, list[tuple[int, bool, float]]] = defaultdict(list)
    for taker, question_id, correct, credit in rows:
        by_taker[taker].append((question_id, bool(correct), float(credit)))
    out = []
    for answers in by_taker.values():
        band = score_band(sum(c for _q, _ok, c in answers) / max(1, asked, len(answers)))
        for question_id, ok, _credit in answers:
            out.append((question_id, mode, f"takers:{band}", 1))
            out.append((question_id, mode, f"takers_correct:{band}", int(ok)))
    return out


def record_takers(mode: str, rows: Iterable[tuple[Any, int, bool, float]], *, asked: int) -> None:
    """Count the takers of a finished quiz attempt or an ended classroom session, by score band."""
    add_counts(taker_counts(mode, rows, asked=asked))


def state_of(question_id: int) -> ItemState:
    state = db.session.get(ItemState, question_id)
    if state is None:
        state = ItemState(question_id=question_id, kept=[], restarts=[])
        db.session.add(state)
    return state


#: an edit to any of these changes what students answer, so the question's figures start again
ANSWERED_FIELDS = ("type", "prompt", "answer", "accepted", "choices", "items")


def restart_if_changed(question_id: int, before: dict[str, Any], after: dict[str, Any]) -> bool:
    """:func:`restart` when an edit (by the teacher, or a regeneration) changed what students answer."""
    if any(before.get(f) != after.get(f) for f in ANSWERED_FIELDS):
        return restart(question_id)
    return False


def restart(question_id: int) -> bool:
    """Start a question's figures again (it was edited): the current ones become history. False when
    it had none. The caller commits."""
    c = item_counts.c
    has_any = db.session.scalar(select(c.mode).where(c.question_id == question_id, c.edition == 0).limit(1))
    if has_any is None:
        return False
    last = db.session.scalar(select(func.max(c.edition)).where(c.question_id == question_id))
    edition = int(last or 0) + 1
    db.session.execute(
        update(item_counts).where(c.question_id == question_id, c.edition == 0).values(edition=edition)
    )
    p = item_picks.c
    db.session.execute(
        update(item_picks).where(p.question_id == question_id, p.edition == 0).values(edition=edition)
    )
    state = state_of(question_id)
    state.restarts = [
        *(state.restarts or []),
        {"edition": edition, "at": utcnow().isoformat()},  # to the microsecond: a rebuild counts from it
    ]
    state.kept = []  # an edited question is judged afresh
    return True
