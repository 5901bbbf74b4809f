"""Quotations: the direct quotes of an article, in straight or curly marks (one or several
sentences; a quote with its opening mark missing; a quote left open at the end of a paragraph
and continued in the next).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from questions.extract.people import SPEECH_VERBS
from questions.nlp import ParsedArticle

OPEN_MARKS = '"“'
CLOSE_MARKS = '"”'


@dataclass(slots=True)
class Quote:
    start: int  # the quoted words, without the marks
    end: int
    para: int
    open_ended: bool = False
    orphan: bool = False


def find_quotes(pa: ParsedArticle) -> list[Quote]:
    quotes: list[Quote] = []
    for p, block in enumerate(pa.blocks):
        if block.kind != "paragraph":
            continue
        # doubled single marks (‘‘ ’’) are double ones; the offsets stay the same
        text = pa.text[block.start : block.end].replace("‘‘", "“ ").replace("’’", "” ")
        open_at: int | None = None
        single = False  # the open quote is in single curly marks: ‘...’
        for i, ch in enumerate(text):
            prev = text[i - 1] if i else " "
            nxt = text[i + 1] if i + 1 < len(text) else " "
            if ch == "‘" and open_at is None and (prev.isspace() or prev in "([—–-:") and nxt.isalnum():
                open_at, single = i + 1, True
                continue
            if single:
                # an apostrophe ("don’t", "players’ union") is not a closing mark
                if ch == "’" and (prev in ",.!?" or nxt in ",.!?;:)—–") and i > (open_at or 0):
                    quotes.append(Quote(block.start + (open_at or 0), block.start + i, p))
                    open_at, single = None, False
                continue
            if ch not in OPEN_MARKS + CLOSE_MARKS:
                continue
            opener = ch == "“" or (ch == '"' and (prev.isspace() or prev in "([—–-:") and not nxt.isspace())
            closer = (
                ch == "”"
                or (ch == '"' and not prev.isspace() and (nxt.isspace() or nxt in ".,;:!?)—–-"))
                # `ourselves? " she wrote`: a stray space before the closing mark
                or (
                    ch == '"'
                    and open_at is not None
                    and prev.isspace()
                    and text[i - 2 : i - 1] in tuple(",.?!")
                    and re.match(r" [a-z]", text[i + 1 : i + 3]) is not None
                )
            )
            if open_at is None:
                if opener:
                    open_at = i + 1
                elif closer:
                    quotes.append(Quote(block.start, block.start + i, p, orphan=True))
            elif closer:
                if i > open_at:
                    end = open_at + len(text[open_at:i].rstrip())
                    quotes.append(Quote(block.start + open_at, block.start + end, p))
                open_at = None
            elif opener:
                # a new opening mark while a quote is open: news style reopens a quotation for
                # each new sentence or paragraph without closing the last one
                end = len(text[:i].rstrip())
                if end - open_at > 10:
                    quotes.append(Quote(block.start + open_at, block.start + end, p))
                open_at = i + 1
        if open_at is not None and len(text) - open_at > 10 and not single:
            quotes.append(Quote(block.start + open_at, block.end, p, open_ended=True))
    return quotes


def _tokens_in(doc: Doc, base: int, s: int, e: int) -> list[Token]:
    return [t for t in doc if s <= base + t.idx < e]


def _orphan_start(pa: ParsedArticle, q: Quote) -> int | None:
    """Where a quote whose opening mark is missing begins: its whole sentence when nothing in
    it reports speech before the mark ("This year's line-up is the best," said X), else the
    phrase that ends at the mark ("said that the letter offered a serious path" to ...)."""
    doc = pa.docs[q.para]
    base = pa.blocks[q.para].start
    before = [t for t in doc if base + t.idx + len(t) <= q.end]
    if not before:
        return None
    last = before[-1]
    sent = last.sent
    lead = [t for t in sent if t.i <= last.i]
    if (
        lead
        and not any(t.lemma_.lower() in SPEECH_VERBS or t.lower_ in ("that", "according") for t in lead)
        and len(lead) >= 4
    ):
        return base + lead[0].idx
    for chunk in doc.noun_chunks:
        if chunk.end - 1 == last.i or (chunk.start <= last.i < chunk.end):
            if len(chunk) >= 2:
                return base + chunk.start_char
    # a verb phrase: from the head of the phrase holding the last word
    head = last
    while head.head.i != head.i and head.head.i < last.i and head.dep_ not in ("ccomp", "xcomp", "dobj"):
        head = head.head
    start = min(t.idx for t in head.subtree)
    return base + start if base + start < q.end else None


def backfill_open_quotes(
    pa: ParsedArticle, quotes: list[Quote], speakers: dict[int, tuple[str, tuple[int, int]]]
) -> list[tuple[int, int]]:
    """A quote left open at the end of a paragraph goes on in the next one, which opens with a
    quotation mark again (the news convention): it has the speaker of that next quote. Returns
    the pairs (quote, the quote whose speaker it took)."""
    taken: list[tuple[int, int]] = []
    for n, q in enumerate(quotes):
        if n in speakers or not q.open_ended:
            continue
        for k in range(n + 1, len(quotes)):
            nxt = quotes[k]
            if nxt.para != q.para + 1:
                break
            if k in speakers:
                speakers[n] = speakers[k]
                taken.append((n, k))
                break
            if not nxt.open_ended:
                break
    return taken
