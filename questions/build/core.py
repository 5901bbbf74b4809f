"""The pieces every question builder shares: the build context, candidates, ids, sources,
and the multiple-choice, true/false and cloze shapes.

Randomness comes from ``ctx.rng`` (seeded from the fact's words), so the same article gives the
same bank.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from questions.bank import FALSE, TRUE, ChoiceNote, Question, Source
from questions.build.text import BLANK, norm, shorten, window
from questions.extract.people import People
from questions.facts import Fact
from questions.nlp import ParsedArticle

KIND_WEIGHT = {"date": 1.0, "speaker": 1.0, "demand": 1.0, "role": 0.8, "place": 0.55, "number": 0.55}
TYPE_WEIGHT = {"multiple_choice": 1.0, "short_answer": 0.9, "list": 0.9, "cloze": 0.8, "true_false": 0.7}
LIST_JOIN = "; "


@dataclass(slots=True)
class Candidate:
    question: Question
    fact: Fact
    problem: str | None = None
    #: the fact is worth one question: the pipeline keeps the best-ranked that passes the rules
    once: bool = False


@dataclass(slots=True)
class Context:
    pa: ParsedArticle
    people: People
    facts: list[Fact]
    rng_seed: str
    notes: dict[str, tuple[str, Fact]] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.pa.text

    def rng(self, *parts: str) -> random.Random:
        """A generator seeded from ``parts`` alone: stable across runs and machines, and, since
        the parts name a fact by its words, unchanged by edits elsewhere in the article (a
        regenerated bank keeps each question as it was)."""
        h = hashlib.sha256("|".join(parts).encode()).hexdigest()
        return random.Random(int(h[:16], 16))

    def of_kind(self, kind: str) -> list[Fact]:
        return [f for f in self.facts if f.kind == kind]


def question_id(fact: Fact, qtype: str, text: str, variant: str = "") -> str:
    """Stable across runs and across small edits elsewhere in the article: built from the
    fact's words and its sentence, not from offsets."""
    key = "|".join(
        (
            fact.kind,
            qtype,
            norm(fact.answer),
            norm(fact.subject or ""),
            norm(sentence_of(text, fact)),
            variant,
        )
    )
    return fact.kind[:1] + hashlib.sha1(key.encode()).hexdigest()[:11]


def sentence_of(text: str, fact: Fact) -> str:
    s, e = fact.evidence[0]
    return text[s:e]


def sources(text: str, fact: Fact) -> tuple[Source, ...]:
    out = []
    for s, e in fact.evidence:
        hl = fact.span if s <= fact.span[0] and fact.span[1] <= e else None
        if hl is None and fact.item_spans:
            a, b = fact.item_spans[0]
            hl = (a, b) if s <= a and b <= e else None
        out.append(Source(s, e, text[s:e], hl))
    if fact.kind == "speaker":
        # in the article's order: a quote read before the words that attribute it looks like the
        # next person named said it
        out.sort(key=lambda src: src.start)
    return tuple(out)


def source_of(text: str, fact: Fact) -> Source:
    s, e = fact.evidence[0]
    hl = fact.span if s <= fact.span[0] and fact.span[1] <= e else None
    return Source(s, e, text[s:e], hl)


def make(
    ctx: Context,
    fact: Fact,
    qtype: str,
    prompt: str,
    answer: str,
    explanation: str,
    *,
    choices: Sequence[str] = (),
    accepted: Sequence[str] = (),
    items: Sequence[str] = (),
    notes: Sequence[ChoiceNote] = (),
    variant: str = "",
    difficulty: float = 0.5,
    bonus: float = 0.0,
) -> Candidate:
    qid = question_id(fact, qtype, ctx.text, variant)
    if choices:
        rng = ctx.rng("choices", qid)
        choices = list(choices)
        if qtype == "true_false":
            choices = [TRUE, FALSE]
        else:
            rng.shuffle(choices)
    if qtype in ("short_answer", "cloze") and fact.kind in ("speaker", "role") and answer == fact.answer:
        accepted = [*accepted, *surname_of(ctx, answer)]
    score = KIND_WEIGHT.get(fact.kind, 0.5) * TYPE_WEIGHT[qtype] * fact.confidence + bonus
    q = Question(
        id=qid,
        kind=fact.kind,
        type=qtype,
        prompt=prompt,
        answer=answer,
        sources=sources(ctx.text, fact),
        explanation=explanation,
        accepted=tuple(dict.fromkeys(a for a in accepted if a and a != answer)),
        choices=tuple(choices),
        value=fact.value if fact.kind in ("date", "number") else None,
        items=tuple(items),
        choice_notes=tuple(notes),
        fact_id=question_id(fact, "fact", ctx.text),
        difficulty=difficulty,
        score=round(score, 4),
        tags=(fact.kind,),
    )
    return Candidate(q, fact)


NAME_SUFFIXES = frozenset("jr jr. sr sr. ii iii iv".split())


def surname_of(ctx: Context, name: str) -> list[str]:
    """A person's surname, as an accepted answer ("Lee" for "Ann Lee"), unless someone else of the
    article shares it (then only the full name tells them apart)."""
    words = [w for w in name.split() if w.lower() not in NAME_SUFFIXES]
    if len(words) < 2 or not all(w[:1].isupper() for w in words) or name not in ctx.people.persons:
        return []
    last = words[-1].strip(",")
    others = [p for p in ctx.people.persons if p != name and last in p.split()]
    others += [o for o in ctx.people.orgs if last in o.split()]
    return [] if others else [last]


def cloze_prompt(ctx: Context, fact: Fact, *, lead: str = "Fill in the blank") -> str | None:
    s, e = fact.evidence[0]
    a, b = fact.span
    if not (s <= a < b <= e):
        return None
    sent = ctx.text[s:e]
    blanked = sent[: a - s] + BLANK + sent[b - s :]
    if fact.kind == "number":
        # "55 mph (88.5 kph)": a conversion in brackets gives the figure away
        blanked = re.sub(r"\s*\((?![^()]*_____)[^()]*\d[^()]*\)", "", blanked)
    i = blanked.find(BLANK)
    text = window(blanked, i, i + len(BLANK), limit=40)
    text = re.sub(r"\s+", " ", text).strip()
    return f"{lead}: “{text}”"


def notes_for(ctx: Context, choices: Sequence[str], answer: str) -> list[ChoiceNote]:
    """Why each wrong choice is wrong, where the article says what that choice goes with."""
    out = []
    for c in choices:
        if c == answer or c not in ctx.notes:
            continue
        label, other = ctx.notes[c]
        out.append(ChoiceNote(c, label, source_of(ctx.text, other)))
    return out


def true_false(
    ctx: Context,
    fact: Fact,
    statement_true: str,
    statement_false: str | None,
    wrong: str | None,
    explanation: str,
) -> Candidate | None:
    """A true/false question; which way it goes is decided by the article's seeded generator."""
    rng = ctx.rng("tf", question_id(fact, "true_false", ctx.text))
    truth = statement_false is None or rng.random() < 0.5
    if truth:
        prompt, answer = f"True or false? {statement_true}", TRUE
        why = explanation
    else:
        prompt, answer = f"True or false? {statement_false}", FALSE
        why = f"False: the article gives {fact.answer}, not {wrong}. {explanation}"
    # the id names which way the statement goes, so an id never changes its answer
    return make(
        ctx, fact, "true_false", prompt, answer, why, choices=(TRUE, FALSE), difficulty=0.25, variant=answer
    )


def stable_pick(ctx: Context, fact: Fact, candidates: Sequence[str]) -> str | None:
    """One candidate for a false statement, chosen by a hash of the fact and the candidate, so
    that a regenerated bank keeps the same statement unless the article gains a better match."""
    key = question_id(fact, "true_false", ctx.text)
    best = min(candidates, key=lambda c: hashlib.sha1(f"{key}|{norm(c)}".encode()).hexdigest(), default=None)
    return best


def substitute(ctx: Context, fact: Fact, replacement: str) -> str | None:
    """The fact's sentence with the answer replaced, as a statement."""
    s, e = fact.evidence[0]
    a, b = fact.span
    if not (s <= a < b <= e):
        return None
    sent = ctx.text[s:e]
    out = sent[: a - s] + replacement + sent[b - s :]
    out = shorten(re.sub(r"\s+", " ", out).strip(), 45)
    return f"According to the article: “{out}”"


def multiple_choice(
    ctx: Context,
    fact: Fact,
    prompt: str,
    answer: str,
    wrong: Sequence[str],
    explanation: str,
    *,
    variant: str = "",
    accepted: Sequence[str] = (),
) -> Candidate | None:
    if len(wrong) < 2:
        # recorded, so the CLI and the review queue can say why there is no such question
        c = make(
            ctx,
            fact,
            "multiple_choice",
            prompt,
            answer,
            explanation,
            choices=[answer, *wrong],
            variant=variant,
            accepted=accepted,
        )
        c.problem = f"too few distractors of the same type ({len(wrong)}; at least 2)"
        return c
    choices = [answer, *wrong[:3]]
    difficulty = 0.4 + 0.1 * sum(1 for w in wrong[:3] if w in ctx.notes) - 0.1 * (len(wrong) < 3)
    return make(
        ctx,
        fact,
        "multiple_choice",
        prompt,
        answer,
        explanation,
        choices=choices,
        notes=notes_for(ctx, choices, answer),
        variant=variant,
        difficulty=difficulty,
        accepted=accepted,
    )


def who_questions(
    ctx: Context, fact: Fact, prompt: str, wrong: Sequence[str], explanation: str, *, variant: str = ""
) -> list[Candidate]:
    """ "Who ...?" as multiple choice (when there are wrong people enough) and as short answer."""
    mc = multiple_choice(
        ctx, fact, prompt, fact.answer, wrong, explanation, accepted=fact.accepted, variant=variant
    )
    sa = make(
        ctx,
        fact,
        "short_answer",
        prompt,
        fact.answer,
        explanation,
        accepted=fact.accepted,
        difficulty=0.6,
        variant=variant,
    )
    return [c for c in (mc, sa) if c is not None]


def quote_of(text: str, limit: int = 30) -> str:
    return shorten(text.strip().strip('"“”'), limit)


def with_score(q: Question, bonus: float) -> Question:
    """The question with ``bonus`` added to its rank score."""
    return replace(q, score=round(q.score + bonus, 4))


def people_pool(ctx: Context, exclude: str) -> list[str]:
    speakers = [f.answer for f in ctx.of_kind("speaker")]
    persons = [
        p.name for p in sorted(ctx.people.persons.values(), key=lambda p: -len(p.mentions)) if p.confident
    ]
    others = [p.name for p in ctx.people.persons.values() if not p.confident]
    pool = list(dict.fromkeys(speakers + persons + others))
    same_surname = exclude.split()[-1]
    # the article's own people only: an invented name is ruled out by a student at once
    return [p for p in pool if p != exclude and not p.endswith(same_surname)]
