"""Facts: what the extractors find and the question builders turn into questions."""

from __future__ import annotations

from dataclasses import dataclass

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Fact:
    """One askable fact, tied to the sentences that state it.

    ``span`` is where the answer stands in the article; ``evidence`` the sentence spans shown
    as the source excerpt (the first is the main one). ``question`` is a grammatical
    wh-question whose answer is ``answer``, when one could be built from the clause.
    """

    kind: str
    answer: str
    span: Span
    evidence: tuple[Span, ...]
    value: str | None = None
    question: str | None = None
    subject: str | None = None
    detail: str | None = None
    items: tuple[str, ...] = ()
    item_spans: tuple[Span, ...] = ()
    style: str = ""
    accepted: tuple[str, ...] = ()
    confidence: float = 1.0
    verb: str = ""
    #: whose reading this is, when the article gives it inside someone's quotation
    per: str | None = None
