"""The article reader and source excerpts: how an excerpt and its highlighted answer are shown.

Excerpts with questions are marked in the article; each gets an ``id`` so a link
(``/bank/3/article#x120-245``) scrolls to it and CSS ``:target`` highlights it, with no JavaScript.
Overlapping excerpts are merged into one mark, and every excerpt's link points at the mark holding it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import questions as qs
from questions.article import Block as ArticleBlock

#: block kinds from questions.parse_article, as the reader shows them
_BLOCK_TAGS = {
    "title": "h2",
    "heading": "h2",
    "paragraph": "p",
    "post": "blockquote",
    "dateline": "p",
    "credit": "p",
}


@dataclass(frozen=True)
class Segment:
    text: str
    #: the id of the excerpt mark this text belongs to, if any
    anchor: str | None = None
    #: the mark's first piece carries the id; a mark cut by a paragraph break continues without it
    first: bool = False
    questions: int = 0
    #: not part of the story: a dateline or a photo credit inside a paragraph
    muted: bool = False


@dataclass(frozen=True)
class Block:
    kind: str
    tag: str
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class ExcerptPart:
    text: str
    highlighted: bool


def excerpt_parts(source: qs.Source) -> list[ExcerptPart]:
    """The excerpt split around its answer highlight (absolute offsets inside [start, end])."""
    hl = source.highlight
    if hl is None or not (source.start <= hl[0] < hl[1] <= source.end):
        return [ExcerptPart(source.text, False)]
    a, b = hl[0] - source.start, hl[1] - source.start
    parts = [
        ExcerptPart(source.text[:a], False),
        ExcerptPart(source.text[a:b], True),
        ExcerptPart(source.text[b:], False),
    ]
    return [p for p in parts if p.text]


def merged_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """Overlapping excerpt spans merged: (start, end, how many excerpts)."""
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if e <= s:
            continue
        if out and s < out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
            out[-1][2] += 1
        else:
            out.append([s, e, 1])
    return [(s, e, n) for s, e, n in out]


def anchor_id(start: int, end: int) -> str:
    return f"x{start}-{end}"


def anchor_for(source: qs.Source, merged: list[tuple[int, int, int]]) -> str:
    """The id of the reader's mark that holds ``source``."""
    for s, e, _ in merged:
        if s <= source.start and source.end <= e:
            return anchor_id(s, e)
    return anchor_id(source.start, source.end)


def question_spans(questions: Iterable[qs.Question]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for q in questions:
        spans.extend((s.start, s.end) for s in q.sources)
        spans.extend((n.source.start, n.source.end) for n in q.choice_notes if n.source)
    return spans


def question_count_per_span(
    questions: Iterable[qs.Question], merged: list[tuple[int, int, int]]
) -> dict[str, int]:
    counts: dict[str, int] = {}
    for q in questions:
        anchors = {anchor_for(s, merged) for s in q.sources}
        for a in anchors:
            counts[a] = counts.get(a, 0) + 1
    return counts


def article_blocks(text: str, questions: Iterable[qs.Question]) -> list[Block]:
    """The article as blocks of text, the excerpts with questions marked."""
    qlist = list(questions)
    merged = merged_spans(question_spans(qlist))
    counts = question_count_per_span(qlist, merged)
    article = qs.parse_article(text) if text.strip() else None
    blocks = article.blocks if article else ()
    if not blocks:
        blocks = (_whole(text),)
    out: list[Block] = []
    started: set[str] = set()
    for blk in blocks:
        if blk.kind == "dateline":
            # metadata ("date 2022-02-14"), shown as the article's date, not as a line of the story
            continue
        segs: list[Segment] = []
        pos = blk.start
        for s, e, _n in merged:
            if e <= blk.start or s >= blk.end:
                continue
            a, b = max(s, blk.start), min(e, blk.end)
            if a > pos:
                segs.append(Segment(text[pos:a]))
            anchor = anchor_id(s, e)
            segs.append(Segment(text[a:b], anchor, anchor not in started, counts.get(anchor, 0)))
            started.add(anchor)
            pos = b
        if pos < blk.end:
            segs.append(Segment(text[pos : blk.end]))
        masked = article.masked if article else ()
        out.append(Block(blk.kind, _BLOCK_TAGS.get(blk.kind, "p"), tuple(_mute(segs, blk.start, masked))))
    return out


def _mute(segments: list[Segment], start: int, masked: tuple[tuple[int, int], ...]) -> list[Segment]:
    """Split plain segments around the article's masked spans (datelines, inline credits)."""
    if not masked:
        return segments
    out: list[Segment] = []
    pos = start
    for seg in segments:
        seg_start, seg_end = pos, pos + len(seg.text)
        pos = seg_end
        if seg.anchor:
            out.append(seg)
            continue
        cut = seg_start
        for a, b in sorted(masked):
            a, b = max(a, cut), min(b, seg_end)
            if a >= b:
                continue
            if a > cut:
                out.append(Segment(seg.text[cut - seg_start : a - seg_start]))
            out.append(Segment(seg.text[a - seg_start : b - seg_start], muted=True))
            cut = b
        if cut < seg_end:
            out.append(Segment(seg.text[cut - seg_start :]))
    return out


def _whole(text: str) -> ArticleBlock:
    return ArticleBlock(0, len(text), "paragraph")


@dataclass(frozen=True)
class ExcerptView:
    parts: list[ExcerptPart]
    anchor: str
