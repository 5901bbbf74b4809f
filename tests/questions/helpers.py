"""What the article-based generator tests compare: text as a reader sees it, not byte for byte."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

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
