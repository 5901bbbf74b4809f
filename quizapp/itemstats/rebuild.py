"""Rebuilding the current figures from the stored answers: ``quizapp itemstats rebuild``.

Answers stored before item statistics were installed were never counted, and counters can drift if the
database is restored or edited by hand. This recounts the current edition of every question (or of one
bank's questions) from what is stored: quiz answers (and finished attempts' takers), classroom answers
(and ended sessions' takers) and flashcard ratings of a question's own card, with the same functions the
live recording uses, so the result is what recording them as they came in would have given.

A question edited after answers arrived restarted its figures; only the answers since that restart
(``ItemState.restarts``) count toward the current edition, and the earlier editions, kept as
history, are left alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select

from quizapp.core.extensions import db
from quizapp.itemstats import recording
from quizapp.itemstats.models import ItemState, item_counts, item_picks
from quizapp.library.models import Question

#: counters gathered before one upsert: bounds memory on a big database
BATCH = 20_000
Counts = list[tuple[int, str, str, int]]


@dataclass(frozen=True)
class Scope:
    """The questions being recounted: their choices, and since when their current figures run."""

    choices: dict[int, tuple[str, ...]]
    since: dict[int, datetime]

    @property
    def ids(self) -> list[int]:
        return sorted(self.choices)

    def current(self, question_id: int, at: datetime | None) -> bool:
        """Whether something that happened ``at`` counts toward the question's current figures."""
        if question_id not in self.choices:
            return False
        start = self.since.get(question_id)
        return start is None or (at is not None and at >= start)


#: a feature's stored answers as counters: (answers counted, their counters), piece by piece. The
#: features that record answers (quiz, classroom, study) each have one; ``quizapp itemstats rebuild``
#: passes them here (item statistics cannot import them: they import it)
Source = Callable[[Scope], Iterator[tuple[int, Counts]]]


def rebuild(sources: Iterable[Source], *, bank_id: int | None = None) -> int:
    """Recount the current figures from the stored answers; returns how many answers were counted.

    Runs in one transaction, committed at the end. Answers arriving meanwhile on another connection
    may be counted twice or not at all: run it before the servers start (after ``quizapp migrate``).
    """
    scope = select(Question.id, Question.choices)
    if bank_id is not None:
        scope = scope.where(Question.bank_id == bank_id)
    choices = {qid: tuple(c or ()) for qid, c in db.session.execute(scope)}
    questions = Scope(choices, _restarted_at(choices))
    c = item_counts.c
    ids = questions.ids
    p = item_picks.c
    for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
        db.session.execute(delete(item_counts).where(c.question_id.in_(chunk), c.edition == 0))
        db.session.execute(delete(item_picks).where(p.question_id.in_(chunk), p.edition == 0))
    counted = 0
    batch: Counts = []
    for source in sources:
        for answered, counts in source(questions):
            counted += answered
            batch += counts
            if len(batch) >= BATCH:
                recording.add_counts(batch)
                batch = []
    recording.add_counts(batch)
    db.session.commit()
    return counted


def _restarted_at(choices: dict[int, Any]) -> dict[int, datetime]:
    out = {}
    for state in db.session.scalars(select(ItemState)):
        if state.question_id in choices and state.restarts:
            out[state.question_id] = datetime.fromisoformat(state.restarts[-1]["at"])
    return out
