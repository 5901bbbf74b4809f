"""What the study page shows of a card: its prompt, cloze and source excerpts, and checking a typed answer."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from sqlalchemy import select

import questions as qs
from quizapp.core.extensions import db
from quizapp.library import grading, reader, store
from quizapp.library.models import Question
from quizapp.study.models import Card

# --- what the study page shows --------------------------------------------------------------------------


@dataclass(frozen=True)
class Excerpt:
    parts: list[reader.ExcerptPart]
    anchor: str


@dataclass(frozen=True)
class ClozeItem:
    text: str
    hidden: bool


@dataclass
class CardView:
    card: Card
    question: qs.Question
    bank_id: int
    #: the front: the prompt (a cloze prompt keeps its blank); a list's cloze card also shows its items
    prompt: str
    items: list[ClozeItem] = field(default_factory=list)
    #: the back
    answer: str = ""
    answer_items: list[str] = field(default_factory=list)
    excerpts: list[Excerpt] = field(default_factory=list)
    choices: list[str] = field(default_factory=list)

    @property
    def has_choices(self) -> bool:
        return bool(self.choices)


def bank_spans(bank_id: int) -> list[tuple[int, int, int]]:
    spans: list[tuple[int, int]] = []
    rows = db.session.execute(
        select(Question.sources, Question.choice_notes).where(
            Question.bank_id == bank_id, Question.status == "approved"
        )
    )
    for sources, notes in rows:
        spans.extend((int(s["start"]), int(s["end"])) for s in sources or [])
        spans.extend(
            (int(n["source"]["start"]), int(n["source"]["end"])) for n in notes or [] if n.get("source")
        )
    return reader.merged_spans(spans)


def graded_question(card: Card) -> qs.Question:
    """The question a typed answer to this card is graded against: a cloze card's is its hidden item."""
    q = store.row_to_question(card.question)
    if card.part and 0 < card.part <= len(q.items):
        item = q.items[card.part - 1]
        return replace(q, type="list", answer=item, items=(item,), accepted=(), choices=())
    return q


def card_view(card: Card, *, spans: list[tuple[int, int, int]] | None = None) -> CardView:
    """What the study page shows of a card; ``spans`` (the bank's merged excerpt spans) may be passed
    in when many cards of one bank are shown."""
    q = store.row_to_question(card.question)
    spans = spans if spans is not None else bank_spans(card.bank_id)
    view = CardView(card=card, question=q, bank_id=card.bank_id, prompt=q.prompt)
    if card.part and 0 < card.part <= len(q.items):
        hidden = card.part - 1
        view.items = [ClozeItem("[…]" if i == hidden else it, i == hidden) for i, it in enumerate(q.items)]
        view.answer = q.items[hidden]
        sources = [s for s in q.sources if _mentions(s, q.items[hidden])] or list(q.sources)
    else:
        view.answer = q.answer
        view.answer_items = list(q.items) if q.type == "list" else []
        view.choices = list(q.choices) if q.type in ("multiple_choice", "true_false") else []
        sources = list(q.sources)
    view.excerpts = [Excerpt(reader.excerpt_parts(s), reader.anchor_for(s, spans)) for s in sources]
    return view


def _mentions(source: qs.Source, item: str) -> bool:
    words = [w for w in grading.normalise(item).split() if len(w) > 3]
    text = grading.normalise(source.text)
    return bool(words) and sum(w in text for w in words) >= max(1, len(words) // 2)


def check_answer(card: Card, response: str) -> grading.Grade:
    """Grade a typed answer or a chosen choice with the quiz's tolerant grading (nothing is stored)."""
    return grading.grade(graded_question(card), response[: grading.MAX_LIST_RESPONSE])
