"""The statistics of a bank as CSV, one row per question, for a teacher's own analysis."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from quizapp.itemstats.figures import ItemFigures
from quizapp.itemstats.flags import Flag
from quizapp.itemstats.models import MODES

HEADER = (
    ["question_id", "position", "status", "kind", "type", "prompt", "answer"]
    + [f"{m}_{f}" for m in (*MODES, "all") for f in ("answers", "facility")]
    + ["discrimination", "takers", "dont_know", "median_seconds", "choice_picks", "flags"]
)


def _num(x: float | None) -> str:
    return "" if x is None else f"{x:.3f}"


def _csv_safe(text: str) -> str:
    # a spreadsheet runs a cell that starts with = + - @ as a formula: quote it as text
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def stats_csv(rows: Sequence[Any], figures: dict[int, ItemFigures], flags: dict[int, list[Flag]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for q in rows:
        fig = figures[q.id]
        line: list[Any] = [
            q.id,
            q.position + 1,
            q.status,
            q.kind,
            q.type,
            _csv_safe(q.prompt),
            _csv_safe(q.answer),
        ]
        for f in (*fig.modes, fig.all):
            line += [f.answers, _num(f.facility)]
        median = fig.all.median_time
        picks = "; ".join(
            f"{_csv_safe(c)}: {n}"
            for c, n in zip(q.choices or [], fig.all.picks(len(q.choices or [])), strict=True)
        )
        line += [
            _num(fig.all.discrimination),
            fig.all.takers,
            fig.all.dont_know,
            ""
            if median is None
            else (f"{median[0]}-{median[1]}" if median[1] is not None else f">{median[0]}"),
            picks,
            "; ".join(f.name for f in flags.get(q.id, [])),
        ]
        writer.writerow(line)
    return out.getvalue()
