"""What the article-based generator tests compare: text as a reader sees it, not byte for byte."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import cache

import questions as qs


def norm(text: str) -> str:
    """Curly quotes straightened, spaces collapsed, end punctuation dropped, lower case."""
    text = unicodedata.normalize("NFKC", text).translate(str.maketrans({"“": '"', "”": '"', "’": "'"}))
    return re.sub(r"\s+", " ", text).strip().strip(".,;").lower()


def shown(q: qs.Question, words: str) -> bool:
    """The words stand in one of the question's source excerpts."""
    return any(norm(words) in norm(s.text) for s in q.sources)


def describe(bank: qs.Bank, kind: str) -> str:
    """The bank's questions of one kind, one per line, for an assertion's message."""
    return "\n".join(
        f"  {q.type}: {q.prompt[:90]!r} -> {q.answer!r} ({q.value})" for q in bank.questions if q.kind == kind
    )


def excerpt(text: str, spans: Sequence[tuple[int, int]], i: int, highlight: str | None = None) -> qs.Source:
    """Sentence ``i`` of a made-up article as a question's excerpt, ``highlight`` marked in it."""
    s, e = spans[i]
    h = None
    if highlight is not None:
        a = text.index(highlight, s)
        h = (a, a + len(highlight))
    return qs.Source(s, e, text[s:e], h)


#: two sentences after a one-line article, so that the generator has a text to work on
DEMAND_FILLER = (
    "The announcement came at a busy time for the region, where several projects are under way.\n\n"
    "Local businesses said they were watching the situation closely and would comment later."
)


@cache
def demand_questions(text: str) -> tuple[qs.Question, ...]:
    """The demand questions of a short made-up article, with :data:`DEMAND_FILLER` after it."""
    bank = qs.generate_bank(text + "\n\n" + DEMAND_FILLER)
    return tuple(q for q in bank.questions if q.kind == "demand")


def demand_asked(text: str, prompt_start: str, answer: str) -> bool:
    """A demand question starts so and has the answer as its key or as one of its items."""
    return any(
        q.prompt.startswith(prompt_start)
        and (norm(q.answer) == norm(answer) or norm(answer) in map(norm, q.items))
        for q in demand_questions(text)
    )


def demand_listed(text: str) -> list[tuple[str, str]]:
    """(prompt, key) of each demand question, for an assertion's message."""
    return [(q.prompt, q.answer) for q in demand_questions(text)]
