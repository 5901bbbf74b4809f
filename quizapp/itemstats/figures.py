"""The figures a teacher reads, worked out from the counters: per mode and all modes together."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select

from quizapp.core.extensions import db
from quizapp.itemstats.models import MODES, ItemCount
from quizapp.itemstats.recording import SCORE_BANDS, TIME_BANDS

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
        return [self.get(f"pick:{i}") for i in range(n_choices)]

    @property
    def takers(self) -> int:
        return sum(self.get(f"takers:{b}") for b in range(SCORE_BANDS))

    @property
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


def _build(question_id: int, rows: Iterable[tuple[str, str, int]]) -> ItemFigures:
    by_mode = {m: Figures(m) for m in MODES}
    together = Figures("all")
    for mode, key, n in rows:
        by_mode[mode].counts[key] = by_mode[mode].counts.get(key, 0) + int(n)
        together.counts[key] = together.counts.get(key, 0) + int(n)
    return ItemFigures(question_id, by_mode, together)


def figures_for(question_ids: Iterable[int], *, edition: int = 0) -> dict[int, ItemFigures]:
    """Every question's figures (one query); a question never answered has all-zero figures."""
    ids = sorted(set(question_ids))
    rows: dict[int, list[tuple[str, str, int]]] = defaultdict(list)
    for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
        for qid, mode, key, n in db.session.execute(
            select(ItemCount.question_id, ItemCount.mode, ItemCount.key, ItemCount.n).where(
                ItemCount.question_id.in_(chunk), ItemCount.edition == edition
            )
        ):
            rows[qid].append((mode, key, n))
    return {qid: _build(qid, rows.get(qid, ())) for qid in ids}


def history(question_id: int) -> dict[int, ItemFigures]:
    """The figures of each earlier edition of the question, by edition number."""
    rows: dict[int, list[tuple[str, str, int]]] = defaultdict(list)
    for edition, mode, key, n in db.session.execute(
        select(ItemCount.edition, ItemCount.mode, ItemCount.key, ItemCount.n).where(
            ItemCount.question_id == question_id, ItemCount.edition > 0
        )
    ):
        rows[edition].append((mode, key, n))
    return {e: _build(question_id, r) for e, r in sorted(rows.items())}
