"""Dates: full, partial and relative, each tied to the event it dates and resolved to ISO.

"January 26" in an article published 2022-02-14 is 2022-01-26; "December" is the last
December before publication; "Wednesday" is the Wednesday nearest the last full date of its
paragraph (or the one before publication); "two years after <event dated December 2021>" is
2019; "post-1997" asks about 1997.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import cast

from spacy.tokens import Span, Token

from questions.extract.clauses import prep_phrase, wh_question
from questions.extract.date_mentions import _asks_one_date, date_mentions, dated_verb, masked_at
from questions.extract.date_resolution import (
    _DURATION,
    _LEAD,
    _PREFIX,
    RANGE_STYLES,
    RELATIONS,
    WEEKDAYS,
    _number,
    _shift,
    classify,
    resolve,
    split_affixes,
    tense_of,
)
from questions.facts import Fact
from questions.nlp import ParsedArticle

#: also imported from here by the question builders
__all__ = ["RANGE_STYLES", "WEEKDAYS", "classify", "extract_dates", "resolve", "split_affixes"]


def extract_dates(pa: ParsedArticle, **_: object) -> list[Fact]:
    pub = pa.article.published
    facts: list[Fact] = []
    for sent in pa.sentences:
        doc_sent = sent.span
        p = sent.para
        anchor_full: dt.date | None = None
        # the last full date earlier in the same paragraph anchors weekdays
        for prev in pa.sentences_of(p):
            if prev.index >= sent.index:
                break
            for f in facts:
                if prev.start <= f.span[0] < prev.end and f.value and len(f.value) == 10:
                    anchor_full = dt.date.fromisoformat(f.value)
        sentence_values: list[str] = []
        pending: list[
            tuple[Span, str, tuple[int, int], str, str | None, str | tuple[int, str, str] | None]
        ] = []
        for ent in date_mentions(doc_sent):
            s, e = pa.abs(p, ent)
            if pa.article.is_masked(s, e):
                continue
            raw = ent.text.strip()
            text = _LEAD.sub("", raw)
            lead = len(raw) - len(text)
            relation = ""
            pre, core, suf = split_affixes(text)
            if pre or suf:
                relation = "affix"
            else:
                prefix = _PREFIX.match(text)
                if prefix and classify(text[prefix.end() :]):
                    relation = prefix.group(0).lower().strip(" -")
                    lead += prefix.end()
                    text = text[prefix.end() :]
                core = text
            s2 = s + (pa.text[s:e].find(text) if text in pa.text[s:e] else lead)
            e2 = s2 + len(text)
            cls = classify(core)
            dur = _DURATION.match(text)
            if cls:
                style, m = cls
                value = resolve(style, m, pub, anchor_full, tense_of(ent))
                if style in ("month_day_year", "day_month_year", "iso") and value:
                    anchor_full = dt.date.fromisoformat(value)
                # a weekday with no publication date to resolve it is still a date to ask about
                pending.append((ent, text, (s2, e2), style, value, relation or None))
                if value:
                    sentence_values.append(value)
            elif dur:
                nxt = doc_sent.doc[ent.end] if ent.end < len(doc_sent.doc) else None
                word = (dur.group("rel") or (nxt.lower_ if nxt is not None else "")).lower()
                word = "later" if word == "on" else word
                sign = RELATIONS.get(word)
                n = _number(dur.group("n"))
                if sign is None or n is None:
                    continue
                pending.append(
                    (ent, text, (s2, e2), "duration", None, (n * sign, dur.group("unit").lower(), word))
                )
        for ent, text, span, style, value, rel in pending:
            if style == "duration":
                n_units, unit, word = cast("tuple[int, str, str]", rel)
                value = None
                if word == "ago":
                    # "three years ago": counted back from publication
                    value = _shift(pub.isoformat(), n_units, unit) if pub else None
                elif word in ("later", "earlier"):
                    # "Two weeks later": counted from the last date the article gave
                    before = [f.value for f in facts if f.value and f.span[0] < span[0]]
                    value = _shift(before[-1], n_units, unit) if before else None
                elif sentence_values:
                    # "two years after X": X happened two years before this sentence's date
                    value = _shift(sentence_values[0], -n_units, unit)
                if value and unit in ("year", "decade"):
                    value = value[:4]
            question = _event_question(ent, style, rel if isinstance(rel, str) else "")
            if question and not _asks_one_date(ent, [x[0] for x in pending], masked_at(pa, p)):
                question = None
            facts.append(
                Fact(
                    kind="date",
                    answer=text,
                    span=span,
                    evidence=((sent.start, sent.end),),
                    value=value,
                    question=question,
                    style=style,
                    detail=_event_text(ent),
                    confidence=0.6 if style in ("weekday", "duration") else 1.0,
                )
            )
    posted = _post_dates(pa)
    taken = {f.span for f in posted}
    return [f for f in facts if f.span not in taken] + posted


def _event_question(ent: Span, style: str, relation: str = "") -> str | None:
    if style == "duration" or style in RANGE_STYLES:
        return None
    # "2014 when Russia invaded Ukraine": the event is the relative clause
    for c in ent.root.children:
        if c.dep_ == "relcl" and any(t.lower_ == "when" for t in c.children):
            drop = {t.i for t in c.subtree if t.lower_ == "when"}
            return wh_question(c, drop, wh="When" if relation == "affix" else _wh(style))
    verb = dated_verb(ent)
    if verb is None:
        return None
    inside = {t.i for t in ent.root.subtree}
    if any(t.i not in inside for t in ent if not t.is_punct):
        return None  # "on Tuesday, Nov. 5": the parse splits the date in two
    drop = prep_phrase(list(ent)) | _bracketed(verb)
    if verb.i in drop:
        return None
    wh = _wh(style)
    if relation in ("post", "pre"):
        wh = {"post": "After which ", "pre": "Before which "}[relation] + wh.split()[-1]
    elif relation == "affix":
        wh = "When"
    elif relation and relation != "the":
        return None
    return wh_question(verb, drop, wh=wh)


def _bracketed(verb: Token) -> set[int]:
    """Token indices of the bracketed asides in a verb's clause ("5m euros (4m pounds)"): a
    question leaves them out, brackets and all."""
    out: set[int] = set()
    depth = 0
    for t in verb.sent:
        if t.text == "(":
            depth += 1
        if depth:
            out.add(t.i)
        if t.text == ")" and depth:
            depth -= 1
    return out


def _wh(style: str) -> str:
    return {
        "year": "In which year",
        "decade": "In which decade",
        "month": "In which month",
        "month_year": "In which month and year",
        "weekday": "On which day",
    }.get(style, "When")


def _event_text(ent: Span) -> str:
    return ent.sent.text.strip()


def _post_dates(pa: ParsedArticle) -> list[Fact]:
    """An embedded post's date: when the author posted it."""
    out = []
    pub = pa.article.published
    for post in pa.article.posts:
        if not post.date_text or post.date_start is None or post.date_end is None:
            continue
        cls = classify(post.date_text)
        if not cls:
            continue
        value = resolve(cls[0], cls[1], pub)
        body = pa.text[post.start : post.end].strip()
        first = re.split(r"(?<![A-Z]\.)(?<=[.!?])\s+", body)[0]
        f_end = post.start + len(first)
        author = (
            re.sub(r"^(?:[A-Z][a-z]+\s+)?(?=[A-Z][a-z]+\s+[A-Z])", "", post.author)
            if len(post.author.split()) > 2
            else post.author
        )
        snippet = first if len(first.split()) <= 18 else " ".join(first.split()[:14]) + " …"
        out.append(
            Fact(
                kind="date",
                answer=post.date_text,
                span=(post.date_start, post.date_end),
                evidence=(
                    (post.start, f_end),
                    (post.author_start - 2 if post.author_start >= 2 else post.author_start, post.date_end),
                ),
                value=value,
                question=f"When did {author} post “{snippet}”?",
                style=cls[0],
                detail=first,
                subject=author,
            )
        )
    return out
