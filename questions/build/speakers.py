"""Speaker questions: who said a quotation, and completing what they said."""

from __future__ import annotations

from questions.build import distractors as dis
from questions.build.core import (
    Candidate,
    Context,
    make,
    people_pool,
    quote_of,
    stable_pick,
    true_false,
    who_questions,
)
from questions.build.text import BLANK, contains_words, shorten
from questions.facts import Fact


def build_speaker(ctx: Context, fact: Fact) -> list[Candidate]:
    out: list[Candidate] = []
    quote = quote_of(fact.detail or "")
    if not quote or any(contains_words(v, quote) for v in (fact.answer, *fact.accepted) if len(v) > 3):
        return out
    for f in ctx.of_kind("speaker"):
        if f.answer != fact.answer:
            ctx.notes.setdefault(
                f.answer, (f"{f.answer} is quoted elsewhere in the article, saying something else.", f)
            )
    person = ctx.people.get(fact.answer)
    role = f", {person.role}," if person and person.role else ""
    explanation = f"{fact.answer}{role} said: “{quote}”"
    wrong = dis.pick(fact.answer, dis.rank_by_similarity(fact.answer, people_pool(ctx, fact.answer)), k=3)
    prompt = f"Who said “{quote}”?"
    if fact.style == "post":
        prompt = f"Who posted “{quote}”?"
    out.extend(who_questions(ctx, fact, prompt, wrong, explanation))
    other = stable_pick(ctx, fact, [w for w in wrong if w not in dis.FALLBACK_PEOPLE])
    if other:
        t = f"According to the article, {fact.answer} said “{quote}”."
        f_stmt = f"According to the article, {other} said “{quote}”."
        if tf := true_false(ctx, fact, t, f_stmt, other, explanation):
            out.append(tf)
    # complete the quotation: blank its last content word group
    if fact.detail and len(fact.detail.split()) >= 6:
        out.extend(_quote_cloze(ctx, fact, explanation))
    return out


def _quote_cloze(ctx: Context, fact: Fact, explanation: str) -> list[Candidate]:
    doc_sent = ctx.pa.sentence_at(fact.item_spans[0][0]) if fact.item_spans else None
    if doc_sent is None:
        return []
    qs, qe = fact.item_spans[0]
    chunks = [c for c in doc_sent.span.noun_chunks if len(c) <= 4]
    base = ctx.pa.blocks[doc_sent.para].start
    for chunk in reversed(chunks):
        a, b = base + chunk.start_char, base + chunk.end_char
        if not (qs <= a and b <= qe) or chunk.root.pos_ == "PRON" or len(chunk.text) < 4:
            continue
        start = a + (4 if chunk.text.lower().startswith("the ") else 0)
        answer = ctx.text[start:b]
        sub = Fact(
            kind="speaker",
            answer=answer,
            span=(start, b),
            evidence=fact.evidence[:1],
            subject=fact.answer,
            detail=fact.detail,
            confidence=fact.confidence * 0.8,
        )
        words = ctx.text[qs:start] + BLANK + ctx.text[b:qe]
        if contains_words(answer, words):
            continue
        prompt = f"Complete what {fact.answer} said: “{shorten(words.strip(), 40)}”"
        return [make(ctx, sub, "cloze", prompt, answer, explanation, difficulty=0.7, variant="quote")]
    return []
