"""Banks in the database: the only place that converts :mod:`questions` dataclasses <-> rows,
stores a generated bank and loads the seed article."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

import questions as qs
from quizapp.core.extensions import db
from quizapp.library.models import Article, Bank, Question

Progress = Callable[[str, float], None]

SEED_FILENAME = "000_4df508d8d7a01fc2.txt"


# --- dataclass <-> JSON columns ------------------------------------------------------------


def source_to_json(s: qs.Source) -> dict[str, Any]:
    return {
        "start": s.start,
        "end": s.end,
        "text": s.text,
        "highlight": list(s.highlight) if s.highlight is not None else None,
    }


def source_from_json(d: dict[str, Any]) -> qs.Source:
    hl = d.get("highlight")
    return qs.Source(int(d["start"]), int(d["end"]), str(d["text"]), (int(hl[0]), int(hl[1])) if hl else None)


def note_to_json(n: qs.ChoiceNote) -> dict[str, Any]:
    return {"choice": n.choice, "note": n.note, "source": source_to_json(n.source) if n.source else None}


def note_from_json(d: dict[str, Any]) -> qs.ChoiceNote:
    src = d.get("source")
    return qs.ChoiceNote(str(d["choice"]), str(d.get("note", "")), source_from_json(src) if src else None)


def question_to_row(q: qs.Question, *, position: int = 0, status: str = "pending") -> Question:
    return Question(
        uid=q.id[:64],
        position=position,
        kind=q.kind,
        type=q.type,
        prompt=q.prompt,
        answer=q.answer,
        accepted=list(q.accepted),
        choices=list(q.choices),
        value=q.value,
        items=list(q.items),
        sources=[source_to_json(s) for s in q.sources],
        choice_notes=[note_to_json(n) for n in q.choice_notes],
        explanation=q.explanation,
        fact_id=q.fact_id[:64],
        difficulty=float(q.difficulty),
        score=float(q.score),
        tags=list(q.tags),
        partial=[{"answer": p.answer, "credit": p.credit} for p in q.partial],
        status=status,
    )


def row_to_question(row: Question) -> qs.Question:
    return qs.Question(
        id=row.uid,
        kind=row.kind,
        type=row.type,
        prompt=row.prompt,
        answer=row.answer,
        sources=tuple(source_from_json(s) for s in row.sources or []),
        explanation=row.explanation or "",
        accepted=tuple(row.accepted or ()),
        choices=tuple(row.choices or ()),
        value=row.value,
        items=tuple(row.items or ()),
        choice_notes=tuple(note_from_json(n) for n in row.choice_notes or []),
        fact_id=row.fact_id or "",
        difficulty=row.difficulty,
        score=row.score,
        tags=tuple(row.tags or ()),
        partial=tuple(qs.PartialCredit(str(p["answer"]), float(p["credit"])) for p in row.partial or []),
    )


def _published(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def default_title(info: qs.ArticleInfo, filename: str | None = None) -> str:
    """The article's title, else its first words: the seed article has no headline."""
    if info.title and info.title.strip():
        return info.title.strip()[:300]
    # the first line that has words once a leading "date 2022-02-14" dateline is skipped; only that line,
    # so a pasted headline does not run into the paragraph under it
    for line in info.text.splitlines():
        words = line.split()
        while words and (words[0].lower() in ("date", "published", "updated") or words[0][:1].isdigit()):
            words = words[1:]
        if words:
            first = " ".join(words[:12])
            return (first + "…" if len(words) > 12 else first)[:300]
    return filename or "Untitled article"


def store_bank(
    bank: qs.Bank,
    *,
    owner_id: int | None = None,
    visibility: str = "private",
    status: str = "pending",
    filename: str | None = None,
    is_seed: bool = False,
    title: str | None = None,
    commit: bool = True,
) -> Bank:
    """Save an article and its generated bank; ``status`` is given to every question.

    ``commit=False`` only flushes, so a caller can save more in the same transaction.
    """
    info = bank.article
    # what an article says about itself (a long headline, a source name) is clipped to its column:
    # PostgreSQL refuses a longer value outright
    article = Article(
        title=info.title[:300] if info.title else info.title,
        published=_published(info.published),
        source_name=info.source_name[:200] if info.source_name else info.source_name,
        filename=filename[:255] if filename else filename,
        text=info.text,
        text_hash=text_hash(info.text),
        owner_id=owner_id,
    )
    row = Bank(
        article=article,
        title=title or default_title(info, filename),
        generator=bank.generator[:40],
        owner_id=owner_id,
        visibility=visibility,
        is_seed=is_seed,
        warnings=list(bank.warnings),
        empty_reason=bank.empty_reason,
        held_back=held_back_of(bank),
        title_generated=title is None and bool(info.title_generated),
    )
    row.questions = _question_rows(bank.questions, status)
    db.session.add(row)
    if commit:
        db.session.commit()
    else:
        db.session.flush()
    return row


def held_back_of(bank: qs.Bank) -> list[dict[str, str]]:
    """What the generator held back, and why, for the review page; a question it made twice is
    not one a teacher needs to hear about."""
    return [
        {"prompt": d.prompt, "kind": d.kind, "type": d.type, "reason": d.reason}
        for d in bank.dropped
        if not d.reason.startswith("duplicate")
    ]


def _question_rows(questions: Iterable[qs.Question], status: str) -> list[Question]:
    rows: list[Question] = []
    seen: set[str] = set()
    for i, q in enumerate(questions):
        uid = q.id or f"q{i}"
        if uid in seen:  # the generator promises unique ids; a hand-edited bank may not keep it
            uid = f"{uid}-{i}"
        seen.add(uid)
        rows.append(question_to_row(q if uid == q.id else _with_id(q, uid), position=i, status=status))
    return rows


def _with_id(q: qs.Question, uid: str) -> qs.Question:
    from dataclasses import replace

    return replace(q, id=uid)


def row_to_bank(row: Bank, *, statuses: Iterable[str] = ("approved",)) -> qs.Bank:
    """The bank as a :class:`questions.Bank`, with the questions whose status is in ``statuses``."""
    wanted = set(statuses)
    art = row.article
    return qs.Bank(
        article=qs.ArticleInfo(
            title=art.title,
            published=art.published.isoformat() if art.published else None,
            text=art.text,
            source_name=art.source_name,
        ),
        questions=tuple(row_to_question(q) for q in row.questions if q.status in wanted),
        generator=row.generator,
        warnings=tuple(row.warnings or ()),
        empty_reason=row.empty_reason,
    )


def import_article(
    source: str | Path | bytes,
    *,
    filename: str | None = None,
    owner_id: int | None = None,
    visibility: str = "private",
    status: str = "pending",
    progress: Progress | None = None,
    is_seed: bool = False,
) -> Bank:
    """Read an article (a path, or the bytes of an upload named ``filename``), generate its bank, save it.

    Raises :class:`questions.ArticleError` with a message fit for the user.
    """
    article = qs.read_article(source, filename=filename)
    bank = qs.generate_bank(article, progress=progress)
    name = filename or (Path(source).name if isinstance(source, (str, Path)) else None)
    return store_bank(
        bank, owner_id=owner_id, visibility=visibility, status=status, filename=name, is_seed=is_seed
    )


def seed_article_path(configured: str | None = None) -> Path:
    from quizapp.core.config import resource_dir

    return Path(configured) if configured else resource_dir("seed") / SEED_FILENAME


def ensure_seed_bank(configured_path: str | None = None, *, progress: Progress | None = None) -> Bank:
    """The seed article's bank, imported and generated on first start (public, questions approved).

    A seed bank left empty by an older generator is generated again, so a database created
    before the generator improved does not stay empty.
    """
    existing = db.session.scalars(select(Bank).where(Bank.is_seed.is_(True)).order_by(Bank.id)).first()
    if existing is not None:
        if existing.questions or existing.generator == qs.GENERATOR_VERSION:
            return existing
        fresh = qs.generate_bank(
            qs.read_article(
                existing.article.text.encode("utf-8"), filename=existing.article.filename or "seed.txt"
            ),
            progress=progress,
        )
        existing.questions = _question_rows(fresh.questions, "approved")
        existing.generator = fresh.generator[:40]
        existing.empty_reason = fresh.empty_reason
        existing.held_back = held_back_of(fresh)
        existing.warnings = list(fresh.warnings)
        db.session.commit()
        return existing
    return import_article(
        seed_article_path(configured_path),
        visibility="public",
        status="approved",
        progress=progress,
        is_seed=True,
    )
