"""The review queue at scale: questions grouped by the fact they ask about, filtered by kind, status
and flag, sorted by flags, a page of facts at a time, each question with its item statistics.

Only the questions on the page are turned into ``questions`` dataclasses and given their excerpts in
context; the rest of the bank is read as rows (for the filters, the counts and the excerpt anchors).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from quizapp.authoring.models import QuestionReview
from quizapp.authoring.review import ReviewItem, _paragraph_around
from quizapp.core.extensions import db
from quizapp.itemstats import figures as item_figures
from quizapp.itemstats.figures import ItemFigures
from quizapp.itemstats.flags import FLAG_NAMES, Flag, flags_for
from quizapp.itemstats.models import ItemState
from quizapp.library import reader
from quizapp.library.models import Bank, Question
from quizapp.library.store import row_to_question

#: facts shown on one page of the review queue
FACTS_PER_PAGE = 12
SORTS = ("position", "flags")


@dataclass
class QueueItem:
    """One question on the review page: what review.ReviewItem holds, with its figures and flags."""

    item: ReviewItem
    figures: ItemFigures
    flags: list[Flag]
    #: its excerpts are those of the version above it (shown once per fact)
    same_excerpt: bool = False

    def __getattr__(self, name: str) -> Any:  # row, question, review, context, anchor
        return getattr(self.item, name)


@dataclass
class FactGroup:
    """The versions of one fact (multiple choice, true/false, cloze, short answer …), together."""

    key: str
    rows: list[Question]
    items: list[QueueItem] = field(default_factory=list)


@dataclass
class QueuePage:
    groups: list[FactGroup]
    page: int
    pages: int
    #: facts and questions matching the filters, over every page
    facts: int
    questions: int
    flagged: int


@dataclass(frozen=True)
class Filters:
    status: str | None = None
    kind: str | None = None
    #: a flag's code, or "any"
    flag: str | None = None
    sort: str = "position"
    only_new: bool = False

    @classmethod
    def from_args(cls, args: Any, statuses: Sequence[str]) -> Filters:
        flag = args.get("flag") or None
        return cls(
            status=args.get("status") if args.get("status") in statuses else None,
            kind=(args.get("kind") or None),
            flag=flag if flag == "any" or flag in FLAG_NAMES else None,
            sort=args.get("sort") if args.get("sort") in SORTS else "position",
            only_new=args.get("new") == "1",
        )

    def args(self) -> dict[str, Any]:
        """The query arguments that keep these filters (for links and redirects)."""
        out = {
            "status": self.status,
            "kind": self.kind,
            "flag": self.flag,
            "new": "1" if self.only_new else None,
        }
        if self.sort != "position":
            out["sort"] = self.sort
        return {k: v for k, v in out.items() if v}


def row_flags(row: Question, fig: ItemFigures, kept: Iterable[str]) -> list[Flag]:
    return flags_for(fig.all, qtype=row.type, choices=row.choices or (), answer=row.answer, kept=kept)


def _kept(ids: Sequence[int]) -> dict[int, list[str]]:
    if not ids:
        return {}
    return {
        s.question_id: list(s.kept or [])
        for s in db.session.scalars(select(ItemState).where(ItemState.question_id.in_(ids)))
    }


def _reviews(ids: Sequence[int]) -> dict[int, QuestionReview]:
    if not ids:
        return {}
    return {
        r.question_id: r
        for r in db.session.scalars(select(QuestionReview).where(QuestionReview.question_id.in_(ids)))
    }


def bank_spans(bank: Bank) -> list[tuple[int, int, int]]:
    """The bank's excerpts merged, read from the rows (no dataclasses needed for anchors)."""
    spans: list[tuple[int, int]] = []
    for q in bank.questions:
        spans.extend((int(s["start"]), int(s["end"])) for s in q.sources or [])
        spans.extend(
            (int(n["source"]["start"]), int(n["source"]["end"]))
            for n in q.choice_notes or []
            if n.get("source")
        )
    return reader.merged_spans(spans)


def review_item(row: Question, review: QuestionReview | None, text: str, merged: Any) -> ReviewItem:
    q = row_to_question(row)
    context = []
    for s in q.sources:
        a, b = _paragraph_around(text, s.start, s.end)
        context.append(
            (text[a : s.start], reader.excerpt_parts(s), text[s.end : b], reader.anchor_for(s, merged))
        )
    return ReviewItem(row, q, review, context, context[0][3] if context else None)


def queue_item(row: Question) -> QueueItem:
    """One question as the review page shows it (after an in-place approve or reject)."""
    fig = item_figures.figures_for([row.id])[row.id]
    item = review_item(
        row, db.session.get(QuestionReview, row.id), row.bank.article.text, bank_spans(row.bank)
    )
    return QueueItem(item, fig, row_flags(row, fig, _kept([row.id]).get(row.id, [])))


def queue_page(bank: Bank, filters: Filters, page: int = 1) -> QueuePage:
    rows = list(bank.questions)
    ids = [q.id for q in rows]
    figures = item_figures.figures_of_bank(bank.id, ids)
    kept = _kept(ids)
    flags = {q.id: row_flags(q, figures[q.id], kept.get(q.id, [])) for q in rows}
    reviews = _reviews(ids) if filters.only_new else {}

    def matches(q: Question) -> bool:
        if filters.status and q.status != filters.status or filters.kind and q.kind != filters.kind:
            return False
        if (
            filters.flag == "any"
            and not flags[q.id]
            or filters.flag not in (None, "any")
            and not any(f.code == filters.flag for f in flags[q.id])
        ):
            return False
        if filters.only_new:
            rev = reviews.get(q.id)
            return rev is not None and rev.regen_state == "new"
        return True

    groups: dict[str, FactGroup] = {}
    for q in rows:
        if matches(q):
            key = q.fact_id or f"q{q.id}"
            groups.setdefault(key, FactGroup(key, [])).rows.append(q)
    ordered = list(groups.values())
    if filters.sort == "flags":
        ordered.sort(key=lambda g: -sum(len(flags[q.id]) for q in g.rows))  # stable: keeps the bank's order
    pages = max(1, math.ceil(len(ordered) / FACTS_PER_PAGE))
    page = min(max(1, page), pages)
    shown = ordered[(page - 1) * FACTS_PER_PAGE : page * FACTS_PER_PAGE]
    shown_ids = [q.id for g in shown for q in g.rows]
    reviews = reviews or _reviews(shown_ids)
    text, merged = bank.article.text, bank_spans(bank)
    for g in shown:
        for q in g.rows:
            same = bool(g.items) and bool(q.sources) and g.items[-1].row.sources == q.sources
            item = review_item(q, reviews.get(q.id), text, merged)
            g.items.append(QueueItem(item, figures[q.id], flags[q.id], same))
    return QueuePage(
        groups=shown,
        page=page,
        pages=pages,
        facts=len(ordered),
        questions=sum(len(g.rows) for g in ordered),
        flagged=sum(1 for q in rows if flags[q.id]),
    )
