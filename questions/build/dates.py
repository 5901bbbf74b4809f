"""Date questions: which date, as multiple choice, short answer, cloze and true/false."""

from __future__ import annotations

import calendar
import datetime as dt
import random
import re
from collections.abc import Sequence
from dataclasses import replace

from questions.build import distractors as dis
from questions.build.core import (
    Candidate,
    Context,
    cloze_prompt,
    make,
    multiple_choice,
    sentence_of,
    substitute,
    true_false,
    with_score,
)
from questions.build.text import shorten
from questions.extract.dates import RANGE_STYLES, WEEKDAYS, classify, resolve, split_affixes
from questions.facts import Fact


def build_date(ctx: Context, fact: Fact) -> list[Candidate]:
    out: list[Candidate] = []
    others = [f for f in ctx.of_kind("date") if f is not fact and f.value]
    for f in others:
        ctx.notes.setdefault(f.answer, (f"{f.answer} is a different date in the article.", f))
    values = [f.value for f in others if f.value]
    # a date the sentence itself gives ("from 5m in 2026 to 9m by 2032") is no wrong choice for it
    sentence = sentence_of(ctx.text, fact)
    wrong = dis.pick(
        fact.answer,
        [c for c in _candidates(fact, values, ctx.rng("dates", fact.answer)) if not _stands_in(c, sentence)],
        k=3,
    )
    val = f" ({fact.value})" if fact.value and fact.value != fact.answer else ""
    excerpt = shorten(sentence_of(ctx.text, fact), 40)
    explanation = f"The article dates this to {fact.answer}{val}: “{excerpt}”"
    # "two years" is not answered by "2019": a length of time's value is no answer to its blank
    accepted = [fact.value] if fact.value and fact.style != "duration" else []
    accepted += _date_variants(fact)
    pre, core, _suf = split_affixes(fact.answer)
    if pre.strip(" ,").lower() in ("last", "this", "next", "coming", *WEEKDAYS):
        # "Last Tuesday": "Tuesday" names the same day, and "Tuesday, Nov. 5" is Nov. 5
        accepted.append(core)
    lead = (
        "What length of time completes this sentence from the article"
        if fact.style == "duration"
        else "Which day completes this sentence from the article"
        if fact.style == "weekday"
        else "Which date completes this sentence from the article"
    )
    question = fact.question
    if question and _quoted(sentence):
        # "In which year will casual games be really big?" of someone's quotation is their claim:
        # asked as theirs, or as the blank of the sentence that shows the quotation marks
        who = _quoted_by(ctx, fact)
        question = f"According to {who}, {question[:1].lower()}{question[1:]}" if who else None
        fact = replace(fact, question=question)
    prompt = question or cloze_prompt(ctx, fact, lead=lead)
    bonus = 0.1 if fact.question else 0.0
    if prompt:
        if c := multiple_choice(ctx, fact, prompt, fact.answer, wrong, explanation, accepted=accepted):
            c.question = with_score(c.question, bonus)
            out.append(c)
    if _weekday(fact):
        # a day of the week ("on Thursday", "by Thursday morning") is worth one question, not
        # four: a blank or a true/false on it tests the sentence's wording more than the story
        return out or [
            make(ctx, fact, "cloze", cp, fact.answer, explanation, accepted=accepted, difficulty=0.6)
            for cp in [cloze_prompt(ctx, fact)]
            if cp
        ]
    if fact.question:
        out.append(
            make(
                ctx,
                fact,
                "short_answer",
                fact.question,
                fact.answer,
                explanation,
                accepted=accepted,
                difficulty=0.7,
                bonus=bonus,
            )
        )
    if cp := cloze_prompt(ctx, fact):
        cloze = make(ctx, fact, "cloze", cp, fact.answer, explanation, accepted=accepted, difficulty=0.6)
        if out and not fact.question:
            # a multiple choice that already blanks the sentence ("Which date completes this
            # sentence …") is that blank: the same blank typed is the same question twice, so
            # only the better-ranked of the two that the checker keeps is asked
            out[0].once = cloze.once = True
        out.append(cloze)
    # the false statement takes a date near the answer, not another of the article's dates, so
    # that it stays the same when the article gains a date elsewhere
    near = dis.pick(fact.answer, _candidates(fact, (), ctx.rng("tf")), k=1)
    quoted = _quoted(sentence)
    # a sentence in someone's quotation is their claim: "According to the article: …" on it would
    # give the claim as the article's fact; and a sentence that opens on "He" or "His" would be
    # copied with the pronoun unresolved; "On Monday night …" for "On Sunday night …" tests no fact
    if near and fact.style != "weekday" and not quoted and not _pronoun_led(sentence):
        t = substitute(ctx, fact, fact.answer)
        f_stmt = substitute(ctx, fact, near[0])
        if t and f_stmt and (tf := true_false(ctx, fact, t, f_stmt, near[0], explanation)):
            out.append(tf)
    if quoted or _side_clause(ctx.text, fact):
        # a date in a sentence of someone's quotation is their claim, and one in a clause hung on a
        # noun ("Disney - which in 2004 reported …", "Harrison, who was stabbed in 1999") dates a
        # side event: asked once, not three ways
        for c in out:
            c.once = True
    return out


#: words that open a clause hung on a noun before a date in it: what it dates is a side event
_SIDE_OPENERS = re.compile(r"(?:,|\s[-–—])\s+(?:who|which|whose)\s|\s(?:when|where)\s")


def _side_clause(text: str, fact: Fact) -> bool:
    """The date stands in a relative clause ("…, who was stabbed in 1999", "… - which in 2004
    reported …") or names an event ("the 1967 Six-Day War")."""
    s = fact.evidence[0][0] if fact.evidence else fact.span[0]
    before = text[s : fact.span[0]]
    after = text[fact.span[1] : fact.span[1] + 8]
    # a year that names an event ("the 1967 Six-Day War", "1985's Live Aid") dates that event
    named = re.match(r"['’]s\s+[A-Z]", after) or (before.endswith("the ") and re.match(r"\s+[A-Z]", after))
    return _SIDE_OPENERS.search(before) is not None or bool(named)


def _quoted_by(ctx: Context, fact: Fact) -> str | None:
    """Who the article says spoke the quotation that holds the date (one speaker only)."""
    who = {
        f.answer
        for f in ctx.of_kind("speaker")
        if any(s <= fact.span[0] and fact.span[1] <= e for s, e in f.evidence)
    }
    return next(iter(who)) if len(who) == 1 else None


#: words that open a sentence on someone the sentence itself does not name
_PRONOUN_OPENERS = frozenset("he she they it his her their its we our i my".split())


def _quoted(sentence: str) -> bool:
    """The sentence is (or opens) someone's quotation."""
    return sentence.lstrip()[:1] in "\"“‘'"


def _pronoun_led(sentence: str) -> bool:
    first = re.match(r"\W*(\w+)", sentence)
    return first is not None and first.group(1).lower() in _PRONOUN_OPENERS


def _weekday(fact: Fact) -> bool:
    """The date is a day of the week, alone or with a part of the day ("Thursday morning")."""
    first = fact.answer.split()[0].strip(",").lower() if fact.answer.split() else ""
    return fact.style == "weekday" or (first in WEEKDAYS and not re.search(r"\d", fact.answer))


def _candidates(fact: Fact, values: Sequence[str], rng: random.Random) -> list[str]:
    """Wrong dates in the answer's own shape: "the end of October" -> "the end of March"."""
    if fact.style in RANGE_STYLES:
        return _range_candidates(fact.answer)
    pre, core, suf = split_affixes(fact.answer)
    found = dis.date_candidates(core, fact.value, fact.style, values, rng)
    if pre.strip(" ,").lower() in WEEKDAYS:
        # "Tuesday, Nov. 5" -> "Tuesday, Nov. 12", "Friday, Nov. 8": the weekday moves with the date
        return [w for c in found if (w := _with_weekday(pre, core, c))]
    return [f"{pre}{c}{suf}" for c in found]


def _with_weekday(pre: str, core: str, other: str) -> str | None:
    here, there = _day_of(core), _day_of(other)
    if here is None or there is None:
        return None
    names = list(calendar.day_name)
    wd = names[(WEEKDAYS[pre.strip(" ,").lower()] + (there - here).days) % 7]
    return f"{wd}{pre[len(pre.strip(' ,')) :]}{other}"


def _day_of(text: str) -> dt.date | None:
    """The date a day-and-month text names, in a fixed reference year (only differences count)."""
    cls = classify(text)
    value = resolve(cls[0], cls[1], dt.date(2001, 6, 30)) if cls else None
    return dt.date.fromisoformat(value) if value and len(value) == 10 else None


def _stands_in(words: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(words)}(?!\w)", text, re.I) is not None


def _range_candidates(answer: str) -> list[str]:
    """ "6 to 9 January" -> "5 to 8 January", ...; "2007-2013" -> "2006-2012", ...: the range moved."""
    out = []
    for k in (1, -1, 2, -2, 3, -3):

        def moved(m: re.Match[str], k: int = k) -> str:
            n = int(m.group(0)) + k
            return f"{n:0{len(m.group(0))}d}"

        text = re.sub(r"\d+", moved, answer)
        if all(1 <= int(n) <= 31 or len(n) == 4 for n in re.findall(r"\d+", text)) and "-" not in text[:1]:
            out.append(text)
    return out


def _date_variants(fact: Fact) -> list[str]:
    v = fact.value
    if not v or len(v) < 10:
        return []
    out = []
    for style in ("month_day", "day_month", "month_day_year", "day_month_year"):
        txt = dis.format_date(v, style)
        if txt:
            out.append(txt)
    return out
