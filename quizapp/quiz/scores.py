"""My scores: the history of finished attempts, the chart of scores over time, accuracy per kind.

The chart is drawn on the server as SVG (no JavaScript, no charting library): this module computes
its geometry, the template only writes it out.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from quizapp.core.extensions import db
from quizapp.library.labels import kind_label
from quizapp.library.models import Question
from quizapp.quiz.models import Answer, Attempt


def history(user_id: int) -> list[Attempt]:
    """Finished attempts, oldest first."""
    return list(
        db.session.scalars(
            select(Attempt)
            .where(Attempt.user_id == user_id, Attempt.finished_at.is_not(None))
            .order_by(Attempt.finished_at, Attempt.id)
        )
    )


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    percent: int
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    top: int
    plot_width: int
    plot_height: int
    points: list[Point]
    #: (y, label) of the horizontal grid lines
    grid: list[tuple[float, str]]
    #: (x, label) of the dates under the axis
    ticks: list[tuple[float, str]]

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


def chart(attempts: list[Attempt], *, width: int = 640, height: int = 260) -> Chart:
    """Score (percent) of each attempt in order, evenly spaced, labelled with the date."""
    left, right, top, bottom = 44, 16, 14, 36
    pw, ph = width - left - right, height - top - bottom
    scored = [a for a in attempts if a.percent is not None]
    n = len(scored)
    points = []
    for i, a in enumerate(scored):
        x = left + (pw / 2 if n == 1 else pw * i / (n - 1))
        pct = a.percent or 0
        y = top + ph * (1 - pct / 100)
        when = a.finished_at.strftime("%d %b %Y %H:%M") if a.finished_at else ""
        points.append(Point(x, y, pct, f"{when}: {pct}% on {a.title}"))
    grid = [(top + ph * (1 - v / 100), f"{v}%") for v in (0, 25, 50, 75, 100)]
    step = max(1, n // 6)
    ticks = [
        (p.x, a.finished_at.strftime("%d %b") if a.finished_at else "")
        for i, (p, a) in enumerate(zip(points, scored, strict=True))
        if i % step == 0 or i == n - 1
    ]
    return Chart(width, height, left, top, pw, ph, points, grid, ticks)


@dataclass(frozen=True)
class KindAccuracy:
    kind: str
    label: str
    answered: int
    percent: int


def accuracy_by_kind(user_id: int, *, attempt_id: int | None = None) -> list[KindAccuracy]:
    """Share of credit earned per kind of question, over every answer the user gave (or those of one
    attempt, for its results page)."""
    query = (
        select(Question.kind, func.count(Answer.id), func.sum(Answer.credit))
        .join(Answer, Answer.question_id == Question.id)
        .join(Attempt, Attempt.id == Answer.attempt_id)
        .where(Attempt.user_id == user_id)
        .group_by(Question.kind)
    )
    if attempt_id is not None:
        query = query.where(Attempt.id == attempt_id)
    rows = db.session.execute(query).all()
    out = [
        KindAccuracy(kind, kind_label(kind), int(count), round(100 * float(credit or 0) / count))
        for kind, count, credit in rows
        if count
    ]
    return sorted(out, key=lambda k: (-k.answered, k.kind))


@dataclass(frozen=True)
class Summary:
    quizzes: int
    average: int | None
    best: int | None
    questions: int


def summary(attempts: list[Attempt]) -> Summary:
    pcts = [a.percent for a in attempts if a.percent is not None]
    return Summary(
        len(attempts),
        round(sum(pcts) / len(pcts)) if pcts else None,
        max(pcts) if pcts else None,
        sum(a.max_score for a in attempts),
    )
