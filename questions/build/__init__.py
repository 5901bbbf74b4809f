"""Question builders: facts in, candidate questions out, one builder per kind.

Every builder overgenerates (multiple choice, true/false, cloze, short answer, list); the
pipeline then validates, ranks and drops, keeping the reason for every drop. Randomness
comes from ``ctx.rng`` (seeded from the article), so the same article gives the same bank.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from questions.bank import FALSE, TRUE, ChoiceNote, Question, Source
from questions.build import distractors as dis
from questions.build.text import BLANK, contains_words, norm, overlaps, shorten, window
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


# --- shared pieces ------------------------------------------------------------------------


def question_id(fact: Fact, qtype: str, text: str, variant: str = "") -> str:
    """Stable across runs and across small edits elsewhere in the article: built from the
    fact's words and its sentence, not from offsets."""
    key = "|".join(
        (fact.kind, qtype, norm(fact.answer), norm(fact.subject or ""), norm(_sentence(text, fact)), variant)
    )
    return fact.kind[:1] + hashlib.sha1(key.encode()).hexdigest()[:11]


def _sentence(text: str, fact: Fact) -> str:
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


def cloze_prompt(ctx: Context, fact: Fact, *, lead: str = "Fill in the blank") -> str | None:
    s, e = fact.evidence[0]
    a, b = fact.span
    if not (s <= a < b <= e):
        return None
    sent = ctx.text[s:e]
    blanked = sent[: a - s] + BLANK + sent[b - s :]
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
    if len(wrong) < 3:
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
        c.problem = f"too few distractors of the same type ({len(wrong)} of 3)"
        return c
    choices = [answer, *wrong[:3]]
    difficulty = 0.4 + 0.1 * sum(1 for w in wrong[:3] if w in ctx.notes)
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
    ctx: Context, fact: Fact, prompt: str, wrong: Sequence[str], explanation: str
) -> list[Candidate]:
    """ "Who ...?" as multiple choice (when there are wrong people enough) and as short answer."""
    mc = multiple_choice(ctx, fact, prompt, fact.answer, wrong, explanation, accepted=fact.accepted)
    sa = make(
        ctx, fact, "short_answer", prompt, fact.answer, explanation, accepted=fact.accepted, difficulty=0.6
    )
    return [c for c in (mc, sa) if c is not None]


def quote_of(text: str, limit: int = 30) -> str:
    return shorten(text.strip().strip('"“”'), limit)


# --- dates --------------------------------------------------------------------------------


def build_date(ctx: Context, fact: Fact) -> list[Candidate]:
    out: list[Candidate] = []
    others = [f for f in ctx.of_kind("date") if f is not fact and f.value]
    for f in others:
        ctx.notes.setdefault(f.answer, (f"{f.answer} is a different date in the article.", f))
    values = [f.value for f in others if f.value]
    wrong = dis.pick(
        fact.answer,
        dis.date_candidates(fact.answer, fact.value, fact.style, values, ctx.rng("dates", fact.answer)),
        k=3,
    )
    val = f" ({fact.value})" if fact.value and fact.value != fact.answer else ""
    excerpt = shorten(_sentence(ctx.text, fact), 40)
    explanation = f"The article dates this to {fact.answer}{val}: “{excerpt}”"
    accepted = [fact.value] if fact.value else []
    accepted += _date_variants(fact)
    lead = (
        "What length of time completes this sentence from the article"
        if fact.style == "duration"
        else "Which date completes this sentence from the article"
    )
    prompt = fact.question or cloze_prompt(ctx, fact, lead=lead)
    bonus = 0.1 if fact.question else 0.0
    if prompt:
        if c := multiple_choice(ctx, fact, prompt, fact.answer, wrong, explanation, accepted=accepted):
            c.question = _with_score(c.question, bonus)
            out.append(c)
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
        out.append(make(ctx, fact, "cloze", cp, fact.answer, explanation, accepted=accepted, difficulty=0.6))
    # the false statement takes a date near the answer, not another of the article's dates, so
    # that it stays the same when the article gains a date elsewhere
    near = dis.pick(
        fact.answer, dis.date_candidates(fact.answer, fact.value, fact.style, (), ctx.rng("tf")), k=1
    )
    if near:
        t = substitute(ctx, fact, fact.answer)
        f_stmt = substitute(ctx, fact, near[0])
        if t and f_stmt and (tf := true_false(ctx, fact, t, f_stmt, near[0], explanation)):
            out.append(tf)
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


def _with_score(q: Question, bonus: float) -> Question:
    from dataclasses import replace

    return replace(q, score=round(q.score + bonus, 4))


# --- speakers -----------------------------------------------------------------------------


def _people_pool(ctx: Context, exclude: str) -> list[str]:
    speakers = [f.answer for f in ctx.of_kind("speaker")]
    persons = [
        p.name for p in sorted(ctx.people.persons.values(), key=lambda p: -len(p.mentions)) if p.confident
    ]
    others = [p.name for p in ctx.people.persons.values() if not p.confident]
    pool = list(dict.fromkeys(speakers + persons + others))
    same_surname = exclude.split()[-1]
    pool = [p for p in pool if p != exclude and not p.endswith(same_surname)]
    # the article's own people first; generic names only to make up three choices
    fallback = [
        p
        for p in dis.fallback(dis.FALLBACK_PEOPLE, ctx.rng("people", exclude), exclude)
        if not any(p.split()[-1] == q.split()[-1] for q in pool + [exclude])
    ]
    return pool + fallback


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
    wrong = dis.pick(fact.answer, dis.rank_by_similarity(fact.answer, _people_pool(ctx, fact.answer)), k=3)
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


# --- demands ------------------------------------------------------------------------------


def _past(verb: str) -> str:
    irregular = {
        "seek": "sought",
        "push for": "pushed for",
        "press for": "pressed for",
        "call for": "called for",
        "ask for": "asked for",
        "rule out": "ruled out",
        "insist on": "insisted on",
        "opposed": "opposed",
    }
    if verb in irregular:
        return irregular[verb]
    return verb + ("d" if verb.endswith("e") else "ed")


def _demand_prompt(fact: Fact, used: set[str]) -> str:
    party, verb, between = fact.subject or "the party", fact.verb, (fact.detail or "").strip()
    if fact.verb == "opposed":
        base = f"What was {party} opposed to, according to the article?"
        alt = f"What else was {party} opposed to, according to the article?"
    elif between and between.split()[-1] == "to":
        base = f"What did {party} {verb} {between} do, according to the article?"
        alt = f"What else did {party} {verb} {between} do, according to the article?"
    else:
        head = f"{verb} {between}".strip()
        base = f"What did {party} {head}, according to the article?"
        alt = f"What else did {party} {head}, according to the article?"
    for p in (
        base,
        alt,
        f"Which of these was also among {party}'s demands?",
        f"Which of these was one more of {party}'s demands?",
    ):
        if norm(p) not in used:
            used.add(norm(p))
            return p
    return f"{base} ({len(used)})"


def _demand_statement(party: str, fact: Fact) -> str:
    between = (fact.detail or "").strip()
    verb = _past(fact.verb)
    if fact.verb == "opposed":
        return f"{party} was opposed to {fact.answer}"
    if fact.style == "to":
        return f"{party} {verb} {between or 'to'} {fact.answer}"
    if fact.style == "need":
        return f"{party} {verb} {between} {fact.answer}"
    return f"{party} {verb} {fact.answer}"


def _other_party(ctx: Context, party: str, facts: list[Fact], fact: Fact) -> str | None:
    """Another party of the article, for a false statement: other demanding parties first."""
    # a party that demands nothing in the article: swapping two demanding parties (a leader
    # and the country he leads) would make a "false" statement a reader could call true
    demanding = {f.subject for f in facts if f.subject}
    others = sorted(ctx.people.orgs) + [p.name for p in ctx.people.persons.values() if p.confident]
    items = " ".join(f.answer for f in facts)
    # nor anyone named near the party's demands: the union's own leader, the minister's ministry
    near = " ".join(_paragraph_around(ctx, f.evidence[0][0]) for f in facts if f.subject == party)
    fitting = [
        o
        for o in others
        if (
            o
            and o not in demanding
            and not overlaps(o, party)
            and not contains_words(o, items)
            and not contains_words(o.split()[-1], party)
            and not contains_words(o.split()[-1], near)
        )
    ]
    chosen = stable_pick(ctx, fact, fitting)
    return ctx.people.org_display.get(chosen, chosen) if chosen else None


def _paragraph_around(ctx: Context, pos: int) -> str:
    """The text of the paragraph holding ``pos`` and of its neighbours."""
    blocks = ctx.pa.blocks
    for n, b in enumerate(blocks):
        if b.start <= pos < b.end:
            lo, hi = max(0, n - 1), min(len(blocks) - 1, n + 1)
            return ctx.text[blocks[lo].start : blocks[hi].end]
    return ""


def _action_phrases(ctx: Context, exclude: Sequence[str]) -> list[str]:
    """Verb and noun phrases from the article that are not demands: plausible wrong choices."""
    out = []
    for sent in ctx.pa.sentences:
        for tok in sent.span:
            if (
                tok.pos_ == "VERB"
                and tok.dep_ in ("ROOT", "conj", "xcomp")
                and tok.lemma_ not in ("say", "be")
            ):
                objs = [c for c in tok.children if c.dep_ in ("dobj", "xcomp", "prep")]
                if not objs:
                    continue
                toks = [tok] + [t for o in objs for t in o.subtree]
                toks.sort(key=lambda t: t.i)
                if toks[-1].i - toks[0].i + 1 != len(toks) or not 4 <= len(toks) <= 14:
                    continue
                first = tok.lemma_ if tok.tag_ in ("VBD", "VBZ", "VBP", "VBN") else tok.text
                phrase = (first + tok.whitespace_ + "".join(t.text_with_ws for t in toks[1:])).strip(
                    ' ,.;:"“”'
                )
                if any(overlaps(phrase, x) for x in exclude) or '"' in phrase or "“" in phrase:
                    continue
                out.append(phrase)
    return out


def build_demands(ctx: Context, facts: list[Fact]) -> list[Candidate]:
    out: list[Candidate] = []
    by_party: dict[str, list[Fact]] = {}
    for f in facts:
        by_party.setdefault(f.subject or "", []).append(f)
    all_items = [f.answer for f in facts]
    used: set[str] = set()
    for party, items in by_party.items():
        own = [f.answer for f in items]
        foreign = [f.answer for f in facts if f.subject != party]
        pool = (
            _action_phrases(ctx, all_items)
            + dis.rank_by_similarity(own[0], foreign)
            + dis.fallback(dis.FALLBACK_DEMANDS, ctx.rng("demands", party), own[0])
        )
        for f in facts:
            if f.subject != party:
                # notes are shared by every question offering this choice: no word of this party
                note = f"The article says this of {f.subject}, who {_past(f.verb)} it."
                ctx.notes.setdefault(f.answer, (note, f))
        for fact in items:
            ranked = dis.rank_by_similarity(fact.answer, pool)
            wrong = dis.pick(fact.answer, ranked, k=3, exclude=own)
            excerpt = shorten(_sentence(ctx.text, fact), 40)
            explanation = f"The article reports that {_demand_statement(party, fact)}: “{excerpt}”"
            prompt = _demand_prompt(fact, used)
            if c := multiple_choice(ctx, fact, prompt, fact.answer, wrong, explanation):
                out.append(c)
            other = _other_party(ctx, party, facts, fact)
            t = f"According to the article, {_demand_statement(party, fact)}."
            f_stmt = f"According to the article, {_demand_statement(other, fact)}." if other else None
            if tf := true_false(ctx, fact, t, f_stmt, other, explanation):
                out.append(tf)
        if len(items) >= 3:
            out.extend(_demand_lists(ctx, party, items, pool))
    return out


def _demand_lists(ctx: Context, party: str, items: list[Fact], pool: list[str]) -> list[Candidate]:
    out = []
    own = [f.answer for f in items]
    first = items[0]
    group = Fact(
        kind="demand",
        answer=LIST_JOIN.join(own),
        span=first.span,
        evidence=tuple(dict.fromkeys(e for f in items for e in f.evidence)),
        subject=party,
        verb=first.verb,
        items=tuple(own),
        confidence=min(f.confidence for f in items),
    )
    explanation = f"The article lists these demands by {party}: " + LIST_JOIN.join(own) + "."
    out.append(
        make(
            ctx,
            group,
            "list",
            f"Name the demands of {party} reported in the article ({len(own)}).",
            LIST_JOIN.join(own),
            explanation,
            items=own,
            accepted=own,
            difficulty=0.8,
        )
    )
    odd = dis.pick(own[0], pool, k=1, exclude=own)
    if odd:
        choices = [odd[0], *own[:3]]
        out.append(
            make(
                ctx,
                group,
                "multiple_choice",
                f"Which of these was NOT among the demands of {party}?",
                odd[0],
                f"“{odd[0]}” is not one of {party}'s demands. " + explanation,
                choices=choices,
                variant="not",
                difficulty=0.6,
            )
        )
    return out


# --- roles, places, numbers ---------------------------------------------------------------


def build_role(ctx: Context, fact: Fact) -> list[Candidate]:
    out: list[Candidate] = []
    role = fact.detail or ""
    article_role = role if role[:1].isupper() and not role.split()[0].isupper() else role
    excerpt = shorten(_sentence(ctx.text, fact), 40)
    explanation = f"The article calls {fact.answer} “{role}”: “{excerpt}”"
    for f in ctx.of_kind("role"):
        if f is not fact:
            ctx.notes.setdefault(f.answer, (f"The article calls {f.answer} “{f.detail}”.", f))
    pool = [f.answer for f in ctx.of_kind("role") if f is not fact] + _people_pool(ctx, fact.answer)
    wrong = dis.pick(fact.answer, pool, k=3)
    prompt = f"Who is described in the article as “{article_role}”?"
    if contains_words(fact.answer.split()[-1], prompt):
        return out
    out.extend(who_questions(ctx, fact, prompt, wrong, explanation))
    roles = [f.detail or "" for f in ctx.of_kind("role") if f is not fact]
    wrong_roles = dis.pick(role, roles + dis.fallback(dis.FALLBACK_ROLES, ctx.rng("roles", role), role), k=3)
    if len(wrong_roles) >= 3:
        rp = f"How does the article describe {fact.answer}?"
        out.append(
            make(
                ctx,
                fact,
                "multiple_choice",
                rp,
                role,
                explanation,
                choices=[role, *wrong_roles],
                variant="role",
                difficulty=0.4,
            )
        )
    other = stable_pick(ctx, fact, [w for w in wrong if w not in dis.FALLBACK_PEOPLE])
    if other:
        t = f"The article describes {fact.answer} as “{role}”."
        f_stmt = f"The article describes {other} as “{role}”."
        if tf := true_false(ctx, fact, t, f_stmt, other, explanation):
            out.append(tf)
    return out


def build_place(ctx: Context, fact: Fact) -> list[Candidate]:
    out: list[Candidate] = []
    places = [f.answer for f in ctx.of_kind("place") if f is not fact]
    places += sorted(ctx.people.places)
    if fact.style == "pair":
        singles = [p for p in dict.fromkeys(places) if " and " not in p]
        rng = ctx.rng("pairs", fact.answer)
        fb = dis.fallback(dis.FALLBACK_PLACES, rng, fact.answer)
        singles = [p for p in singles + fb if not any(overlaps(p, x) for x in fact.answer.split(" and "))]
        candidates = [f"{singles[i]} and {singles[i + 1]}" for i in range(0, len(singles) - 1, 2)]
    else:
        candidates = [p for p in dict.fromkeys(places) if " and " not in p]
        candidates += dis.fallback(dis.FALLBACK_PLACES, ctx.rng("places", fact.answer), fact.answer)
    wrong = dis.pick(fact.answer, candidates, k=3)
    excerpt = shorten(_sentence(ctx.text, fact), 40)
    explanation = f"The article names {fact.answer}: “{excerpt}”"
    prompt = fact.question or cloze_prompt(
        ctx, fact, lead="Which place completes this sentence from the article"
    )
    if prompt and (c := multiple_choice(ctx, fact, prompt, fact.answer, wrong, explanation)):
        out.append(c)
    if cp := cloze_prompt(ctx, fact):
        out.append(make(ctx, fact, "cloze", cp, fact.answer, explanation, difficulty=0.6))
    return out


def build_number(ctx: Context, fact: Fact) -> list[Candidate]:
    out: list[Candidate] = []
    nums = [f.answer for f in ctx.of_kind("number") if f is not fact]
    wrong = dis.pick(fact.answer, dis.number_candidates(fact.answer, nums), k=3)
    excerpt = shorten(_sentence(ctx.text, fact), 40)
    explanation = f"The article gives the figure {fact.answer}: “{excerpt}”"
    prompt = cloze_prompt(ctx, fact, lead="Which figure completes this sentence from the article")
    if prompt and (c := multiple_choice(ctx, fact, prompt, fact.answer, wrong, explanation)):
        out.append(c)
    if cp := cloze_prompt(ctx, fact):
        accepted = [fact.value] if fact.value else []
        out.append(make(ctx, fact, "cloze", cp, fact.answer, explanation, accepted=accepted, difficulty=0.6))
    return out


Builder = Callable[[Context, Fact], list[Candidate]]

#: kind -> builder of one fact's questions. A new kind is one function and one line here.
BUILDERS: dict[str, Builder] = {
    "date": build_date,
    "speaker": build_speaker,
    "role": build_role,
    "place": build_place,
    "number": build_number,
}
#: kinds whose facts are built together (list questions need every item of a party)
GROUP_BUILDERS: dict[str, Callable[[Context, list[Fact]], list[Candidate]]] = {
    "demand": build_demands,
}


def build_all(ctx: Context) -> list[Candidate]:
    out: list[Candidate] = []
    for fact in ctx.facts:
        builder = BUILDERS.get(fact.kind)
        if builder is not None:
            out.extend(builder(ctx, fact))
    for kind, group_builder in GROUP_BUILDERS.items():
        out.extend(group_builder(ctx, ctx.of_kind(kind)))
    return out
