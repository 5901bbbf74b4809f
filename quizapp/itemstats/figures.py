"""The figures a teacher reads, worked out from the counters: per mode and all modes together."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from sqlalchemy import select

from quizapp.core.extensions import db
from quizapp.itemstats.models import (
    COUNTER_KEYS,
    MODES,
    SCORE_BANDS,
    TIME_BANDS,
    column_name,
    item_counts,
    item_picks,
)
from quizapp.library.models import Question

#: discrimination needs this many finished takers, else it is noise
MIN_TAKERS = 15


@dataclass
class Figures:
    """One question's figures in one mode (or ``"all"``)."""

    mode: str
    counts: dict[str, int] = field(default_factory=dict)

    def get(self, key: str) -> int:
        return self.counts.get(key, 0)

    @property
    def answers(self) -> int:
        return self.get("answers")

    @property
    def correct(self) -> int:
        return self.get("correct")

    @property
    def dont_know(self) -> int:
        return self.get("dont_know")

    @property
    def facility(self) -> float | None:
        """Share of answers that were right."""
        return self.correct / self.answers if self.answers else None

    def picks(self, n_choices: int) -> list[int]:
        """How often each choice was picked, in the question's order."""
        return [self.get(f"pick:{i}") for i in range(n_choices)]

    @property
    def takers(self) -> int:
        return sum(self.get(f"takers:{b}") for b in range(SCORE_BANDS))

    @cached_property
    def discrimination(self) -> float | None:
        """Share right in the top third of takers (by their score) minus share right in the bottom third;
        takers are counted in ten score bands, so a band cut by the third counts in proportion."""
        total = self.takers
        if total < MIN_TAKERS:
            return None
        bands = [(self.get(f"takers:{b}"), self.get(f"takers_correct:{b}")) for b in range(SCORE_BANDS)]
        third = total / 3
        return _share_right(reversed(bands), third) - _share_right(bands, third)

    @property
    def median_time(self) -> tuple[int, int | None] | None:
        """The time band (seconds from, seconds to; None: longer) the middle answer fell in."""
        counts = [self.get(f"time:{i}") for i in range(len(TIME_BANDS) + 1)]
        total = sum(counts)
        if not total:
            return None
        seen = 0
        for i, n in enumerate(counts):
            seen += n
            if seen * 2 >= total:
                low = TIME_BANDS[i - 1] if i else 0
                return low, TIME_BANDS[i] if i < len(TIME_BANDS) else None
        return None  # pragma: no cover - the loop always reaches the middle

    @property
    def median_words(self) -> str:
        band = self.median_time
        if band is None:
            return "–"
        low, high = band
        return f"over {low} s" if high is None else f"{low}–{high} s"


def _share_right(bands: Iterable[tuple[int, int]], quota: float) -> float:
    taken = right = 0.0
    for takers, correct in bands:
        if taken >= quota:
            break
        if not takers:
            continue
        take = min(takers, quota - taken)
        right += correct * take / takers
        taken += take
    return right / quota if quota else 0.0


@dataclass
class ItemFigures:
    """A question's figures: each mode apart, and all together."""

    question_id: int
    by_mode: dict[str, Figures]
    all: Figures

    @property
    def modes(self) -> list[Figures]:
        return [self.by_mode[m] for m in MODES]


#: the counters come after question_id, edition and mode in item_counts' rows
_FIRST_COUNTER = [c.name for c in item_counts.c].index(column_name(COUNTER_KEYS[0]))
assert [c.name for c in item_counts.c][_FIRST_COUNTER:] == [column_name(k) for k in COUNTER_KEYS]


def _build(question_id: int, rows: Iterable[Any], extra: Iterable[Any] = ()) -> ItemFigures:
    """A question's figures from its item_counts rows (one per mode) and item_picks rows (choices past
    the eighth, if any were picked)."""
    by_mode = {m: Figures(m) for m in MODES}
    together = Figures("all")
    more: dict[str, dict[str, int]] = defaultdict(dict)
    for row in extra:
        more[row.mode][f"pick:{row.choice}"] = int(row.picks)
    for row in rows:
        mine = {k: int(n) for k, n in zip(COUNTER_KEYS, row[_FIRST_COUNTER:], strict=True) if n}
        mine |= more.get(row.mode, {})
        by_mode[row.mode].counts = mine
        if not together.counts:
            together.counts = dict(mine)
        else:
            for key, n in mine.items():
                together.counts[key] = together.counts.get(key, 0) + n
    return ItemFigures(question_id, by_mode, together)


def _group(rows: Iterable[Any]) -> dict[int, list[Any]]:
    out: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        out[row.question_id].append(row)
    return out


def figures_for(question_ids: Iterable[int], *, edition: int = 0) -> dict[int, ItemFigures]:
    """Every question's figures (two queries); a question never answered has all-zero figures."""
    ids = sorted(set(question_ids))
    rows: dict[int, list[Any]] = {}
    extra: dict[int, list[Any]] = {}
    c, p = item_counts.c, item_picks.c
    for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
        rows |= _group(
            db.session.execute(select(item_counts).where(c.question_id.in_(chunk), c.edition == edition))
        )
        extra |= _group(
            db.session.execute(select(item_picks).where(p.question_id.in_(chunk), p.edition == edition))
        )
    return {qid: _build(qid, rows.get(qid, ()), extra.get(qid, ())) for qid in ids}


def figures_of_bank(bank_id: int, question_ids: Iterable[int]) -> dict[int, ItemFigures]:
    """:func:`figures_for` every question of a bank, read through the bank (an index read, not a list)."""
    c, p = item_counts.c, item_picks.c
    rows = _group(
        db.session.execute(
            select(item_counts)
            .join(Question, Question.id == c.question_id)
            .where(Question.bank_id == bank_id, c.edition == 0)
        )
    )
    extra = _group(
        db.session.execute(
            select(item_picks)
            .join(Question, Question.id == p.question_id)
            .where(Question.bank_id == bank_id, p.edition == 0)
        )
    )
    return {qid: _build(qid, rows.get(qid, ()), extra.get(qid, ())) for qid in question_ids}


def history(question_id: int) -> dict[int, ItemFigures]:
    """The figures of each earlier edition of the question, by edition number."""
    c, p = item_counts.c, item_picks.c
    rows: dict[int, list[Any]] = defaultdict(list)
    for row in db.session.execute(select(item_counts).where(c.question_id == question_id, c.edition > 0)):
        rows[row.edition].append(row)
    extra: dict[int, list[Any]] = defaultdict(list)
    for row in db.session.execute(select(item_picks).where(p.question_id == question_id, p.edition > 0)):
        extra[row.edition].append(row)
    return {e: _build(question_id, r, extra[e]) for e, r in sorted(rows.items())}
