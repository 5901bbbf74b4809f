"""The question bank: frozen dataclasses and their ``quizbank/1`` JSON form.

Everything a user is ever shown as an excerpt is a :class:`Source`, an exact slice of
``Article.text`` (``text == article.text[start:end]``). :func:`bank_to_dict` and
:func:`bank_from_dict` are a lossless round trip; see ``docs/bank-format.md``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

FORMAT = "quizbank/1"

#: The kinds of fact a question can be about. "date", "speaker" and "demand" are the
#: three the product promises; the others are the "facts worth asking".
KINDS = ("date", "speaker", "demand", "role", "place", "number")

#: The question types. "list" asks to name several items (demands) with per-item credit.
TYPES = ("multiple_choice", "true_false", "cloze", "short_answer", "list")

TRUE, FALSE = "True", "False"


class BankFormatError(ValueError):
    """A document that is not a readable ``quizbank/1`` bank."""


@dataclass(frozen=True, slots=True)
class Source:
    """An excerpt of the article: ``text == article.text[start:end]``.

    ``highlight`` is the span of the answer inside the article (absolute offsets), when the
    answer stands in the excerpt; it lies within ``[start, end]``.
    """

    start: int
    end: int
    text: str
    highlight: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class ChoiceNote:
    """Why a wrong choice is wrong, where the article says so: the choice's own excerpt."""

    choice: str
    note: str
    source: Source | None = None


@dataclass(frozen=True, slots=True)
class PartialCredit:
    """An answer worth part of the point: a choice of a multiple-choice question, or a typed answer
    of a short-answer or cloze question. ``credit`` is the share of the point, between 0 and 1
    (Moodle's answer ``fraction``; GIFT writes it as a percentage, ``~%50%``)."""

    answer: str
    credit: float


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    kind: str
    type: str
    prompt: str
    answer: str
    sources: tuple[Source, ...]
    explanation: str
    accepted: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    value: str | None = None
    #: for type "list": the items to name, each earning partial credit
    items: tuple[str, ...] = ()
    #: for multiple choice: why each wrong choice is wrong, where the article says so
    choice_notes: tuple[ChoiceNote, ...] = ()
    fact_id: str = ""
    #: 0 (easy) to 1 (hard), an estimate from the question type and distractor closeness
    difficulty: float = 0.5
    #: the generator's ranking score; higher is better
    score: float = 0.0
    tags: tuple[str, ...] = ()
    #: answers worth part of the point (multiple choice, short answer and cloze only)
    partial: tuple[PartialCredit, ...] = ()


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    title: str | None
    published: str | None
    text: str
    source_name: str | None = None
    #: the title was made by the generator (the article had none): a teacher should check it
    title_generated: bool = False


@dataclass(frozen=True, slots=True)
class Dropped:
    """A candidate question the generator decided not to keep, and why."""

    prompt: str
    kind: str
    type: str
    reason: str


@dataclass(frozen=True, slots=True)
class Bank:
    article: ArticleInfo
    questions: tuple[Question, ...]
    generator: str = ""
    dropped: tuple[Dropped, ...] = ()
    warnings: tuple[str, ...] = ()
    #: why a bank is empty, if it is ("no dates, quotes or demands found")
    empty_reason: str | None = None

    def by_kind(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for q in self.questions:
            counts[q.kind] = counts.get(q.kind, 0) + 1
        return counts

    def with_questions(self, questions: Sequence[Question]) -> Bank:
        return replace(self, questions=tuple(questions))


# --- JSON ---------------------------------------------------------------------------------


def _source_to_dict(s: Source) -> dict[str, Any]:
    d: dict[str, Any] = {"start": s.start, "end": s.end, "text": s.text}
    if s.highlight is not None:
        d["highlight"] = [s.highlight[0], s.highlight[1]]
    return d


def question_to_dict(q: Question) -> dict[str, Any]:
    d: dict[str, Any] = {
        "id": q.id,
        "kind": q.kind,
        "type": q.type,
        "prompt": q.prompt,
        "answer": q.answer,
        "accepted": list(q.accepted),
        "choices": list(q.choices),
        "value": q.value,
        "sources": [_source_to_dict(s) for s in q.sources],
        "explanation": q.explanation,
        "items": list(q.items),
        "choice_notes": [
            {"choice": n.choice, "note": n.note, "source": _source_to_dict(n.source) if n.source else None}
            for n in q.choice_notes
        ],
        "fact_id": q.fact_id,
        "difficulty": round(q.difficulty, 3),
        "score": round(q.score, 3),
        "tags": list(q.tags),
    }
    if q.partial:  # written only when there is some, so banks without it stay as they were
        d["partial"] = [{"answer": p.answer, "credit": round(p.credit, 5)} for p in q.partial]
    return d


#: the question types an answer can earn part of the point in
PARTIAL_TYPES = ("multiple_choice", "short_answer", "cloze")


def check_partial(
    qtype: str, answer: str, accepted: Sequence[str], choices: Sequence[str], partial: Sequence[PartialCredit]
) -> str | None:
    """What is wrong with a question's partial-credit answers, in words for a teacher, or None."""
    if not partial:
        return None
    if qtype not in PARTIAL_TYPES:
        return "only multiple-choice, short-answer and cloze questions can give part of the marks"
    seen: set[str] = set()
    for p in partial:
        if not p.answer.strip():
            return "an answer worth part of the marks is empty"
        if not 0 < p.credit < 1:
            return f"“{p.answer}” must be worth more than 0% and less than 100% of the marks"
        if p.answer in seen:
            return f"“{p.answer}” is given part of the marks twice"
        seen.add(p.answer)
        if p.answer == answer or p.answer in accepted:
            return f"“{p.answer}” is already a right answer"
        if qtype == "multiple_choice" and p.answer not in choices:
            return f"“{p.answer}” is not one of the choices"
    return None


def _partial_from_dict(raw: Any, where: str) -> tuple[PartialCredit, ...]:
    if not isinstance(raw, list):
        raise BankFormatError(f"{where}: 'partial' is not a list")
    out = []
    for p in raw:
        if not isinstance(p, Mapping) or not isinstance(p.get("answer"), str):
            raise BankFormatError(f"{where}: a partial-credit answer is not an object with an 'answer'")
        credit = p.get("credit")
        if isinstance(credit, bool) or not isinstance(credit, int | float):
            raise BankFormatError(f"{where}: a partial-credit answer's 'credit' is not a number")
        out.append(PartialCredit(p["answer"], float(credit)))
    return tuple(out)


def bank_to_dict(bank: Bank, *, include_dropped: bool = False) -> dict[str, Any]:
    d: dict[str, Any] = {
        "format": FORMAT,
        "generator": bank.generator,
        "article": {
            "title": bank.article.title,
            "published": bank.article.published,
            "text": bank.article.text,
            "source_name": bank.article.source_name,
            **({"title_generated": True} if bank.article.title_generated else {}),
        },
        "questions": [question_to_dict(q) for q in bank.questions],
        "warnings": list(bank.warnings),
        "empty_reason": bank.empty_reason,
    }
    if include_dropped:
        d["dropped"] = [
            {"prompt": x.prompt, "kind": x.kind, "type": x.type, "reason": x.reason} for x in bank.dropped
        ]
    return d


def _req(d: Mapping[str, Any], key: str, typ: type | tuple[type, ...], where: str) -> Any:
    if key not in d:
        raise BankFormatError(f"{where}: missing '{key}'")
    v = d[key]
    if not isinstance(v, typ):
        raise BankFormatError(f"{where}: '{key}' has the wrong type")
    return v


def _source_from_dict(d: Any, text: str, where: str) -> Source:
    if not isinstance(d, Mapping):
        raise BankFormatError(f"{where}: a source is not an object")
    start = _req(d, "start", int, where)
    end = _req(d, "end", int, where)
    if not (0 <= start <= end <= len(text)):
        raise BankFormatError(f"{where}: source offsets {start}-{end} lie outside the article")
    stext = d.get("text", text[start:end])
    if stext != text[start:end]:
        raise BankFormatError(f"{where}: source text does not match the article at {start}-{end}")
    hl = d.get("highlight")
    highlight = None
    if isinstance(hl, Sequence) and len(hl) == 2 and all(isinstance(x, int) for x in hl):
        if start <= hl[0] <= hl[1] <= end:
            highlight = (hl[0], hl[1])
    return Source(start, end, stext, highlight)


def question_from_dict(d: Any, text: str, where: str = "question") -> Question:
    """Read one question; raise :class:`BankFormatError` saying what is wrong."""
    if not isinstance(d, Mapping):
        raise BankFormatError(f"{where}: not an object")
    where = f"question {d.get('id', where)!s}"
    qtype = _req(d, "type", str, where)
    if qtype not in TYPES:
        raise BankFormatError(f"{where}: unknown type {qtype!r}")
    prompt = _req(d, "prompt", str, where).strip()
    answer = _req(d, "answer", str, where)
    if not prompt or not answer.strip():
        raise BankFormatError(f"{where}: empty prompt or answer")
    choices = tuple(str(c) for c in d.get("choices") or [])
    if qtype in ("multiple_choice", "true_false") and list(choices).count(answer) != 1:
        raise BankFormatError(f"{where}: the answer is not exactly once among the choices")
    notes = []
    for n in d.get("choice_notes") or []:
        if isinstance(n, Mapping) and isinstance(n.get("choice"), str):
            src = n.get("source")
            notes.append(
                ChoiceNote(
                    n["choice"], str(n.get("note", "")), _source_from_dict(src, text, where) if src else None
                )
            )
    value = d.get("value")
    accepted = tuple(str(a) for a in d.get("accepted") or [])
    partial = _partial_from_dict(d.get("partial") or [], where)
    problem = check_partial(qtype, answer, accepted, choices, partial)
    if problem:
        raise BankFormatError(f"{where}: {problem}")
    return Question(
        id=str(d.get("id") or ""),
        kind=str(d.get("kind") or "other"),
        type=qtype,
        prompt=prompt,
        answer=answer,
        accepted=accepted,
        choices=choices,
        value=str(value) if value not in (None, "") else None,
        sources=tuple(_source_from_dict(s, text, where) for s in d.get("sources") or []),
        explanation=str(d.get("explanation") or ""),
        items=tuple(str(i) for i in d.get("items") or []),
        choice_notes=tuple(notes),
        fact_id=str(d.get("fact_id") or ""),
        difficulty=float(d.get("difficulty", 0.5) or 0.0),
        score=float(d.get("score", 0.0) or 0.0),
        tags=tuple(str(t) for t in d.get("tags") or []),
        partial=partial,
    )


def bank_from_dict(d: Any, *, strict: bool = True) -> tuple[Bank, list[str]]:
    """Read a ``quizbank/1`` document.

    Returns the bank and a list of problems with items that were skipped. With
    ``strict=True`` a bad question raises; with ``strict=False`` it is skipped and reported.
    """
    if not isinstance(d, Mapping) or d.get("format") != FORMAT:
        raise BankFormatError(f"not a {FORMAT} document (missing or wrong 'format')")
    art = _req(d, "article", Mapping, "bank")
    text = _req(art, "text", str, "article")
    published = art.get("published")
    article = ArticleInfo(
        title=art.get("title") if isinstance(art.get("title"), str) else None,
        published=published if isinstance(published, str) else None,
        text=text,
        source_name=art.get("source_name") if isinstance(art.get("source_name"), str) else None,
        title_generated=art.get("title_generated") is True,
    )
    raw = d.get("questions") or []
    if not isinstance(raw, list):
        raise BankFormatError("bank: 'questions' is not a list")
    questions: list[Question] = []
    problems: list[str] = []
    for i, q in enumerate(raw):
        try:
            questions.append(question_from_dict(q, text, f"question #{i + 1}"))
        except (BankFormatError, TypeError, ValueError) as exc:
            if strict:
                raise BankFormatError(str(exc)) from exc
            problems.append(str(exc))
    bank = Bank(
        article=article,
        questions=tuple(questions),
        generator=str(d.get("generator") or ""),
        warnings=tuple(str(w) for w in d.get("warnings") or []),
        empty_reason=d.get("empty_reason") if isinstance(d.get("empty_reason"), str) else None,
    )
    return bank, problems


__all__ = [
    "FORMAT",
    "KINDS",
    "TYPES",
    "TRUE",
    "FALSE",
    "BankFormatError",
    "Source",
    "ChoiceNote",
    "PartialCredit",
    "PARTIAL_TYPES",
    "check_partial",
    "Question",
    "ArticleInfo",
    "Dropped",
    "Bank",
    "bank_to_dict",
    "bank_from_dict",
    "question_to_dict",
    "question_from_dict",
    "field",
]
