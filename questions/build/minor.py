"""Role, place and number questions: the facts that support the promised kinds."""

from __future__ import annotations

import re
from functools import lru_cache

from questions.build import distractors as dis
from questions.build.core import (
    Candidate,
    Context,
    cloze_prompt,
    make,
    multiple_choice,
    people_pool,
    sentence_of,
    stable_pick,
    true_false,
    who_questions,
)
from questions.build.text import contains_words, shorten
from questions.facts import Fact

#: words that end the "of ..." phrase completing a role: the sentence's own verb or clause
_ROLE_TAIL_END = re.compile(
    r"\s(?:said|says|say|told|tells|added|adds|warned|wrote|writes|who|which|that|whose|has|have|had|"
    r"is|was|were|are|will|would|could|can|and said|believes|thinks|argued|argues|insisted|explained)\b"
)
#: words at most in the phrase that completes a role ("of the IMF's European Department")
ROLE_TAIL_WORDS = 7


def whole_role(text: str, fact: Fact) -> str | None:
    """The role as the article gives it, with the organisation it is held in: "assistant
    director" read in "assistant director of the IMF's European Department" is the whole phrase,
    "partner" in "Ann Lee's partner" is "Ann Lee's partner". None when the role runs on too long
    to be asked whole (a role cut short names no one's job)."""
    role = (fact.detail or "").strip()
    s, e = fact.evidence[0]
    sentence = text[s:e]
    hits = [m.start() for m in re.finditer(re.escape(role), sentence)] if role else []
    if not hits:
        return role or None
    at = min(hits, key=lambda h: abs(s + h - fact.span[0]))
    before, after = sentence[:at], sentence[at + len(role) :]
    m = re.match(r"\s+(?:of|at|for)\s+[^,;:()\"“”—–]+", after)
    if m:
        tail = m.group(0)
        cut = _ROLE_TAIL_END.search(tail)
        tail = (tail[: cut.start()] if cut else tail).rstrip(" .")
        if len(tail.split()) > ROLE_TAIL_WORDS + 1:
            return None
        role += tail
    owner = re.search(r"((?:[A-Z][\w&.-]*\s){1,4})?[A-Z][\w&.-]*['’]s\s$", before)
    if owner and not re.match(r"[A-Z][\w&.-]*['’]s\s", role):
        role = owner.group(0) + role
    return role


def build_role(ctx: Context, fact: Fact) -> list[Candidate]:
    out: list[Candidate] = []
    role = whole_role(ctx.text, fact) or ""
    if not role:
        return out
    article_role = role if role[:1].isupper() and not role.split()[0].isupper() else role
    excerpt = shorten(sentence_of(ctx.text, fact), 40)
    explanation = f"The article calls {fact.answer} “{role}”: “{excerpt}”"
    for f in ctx.of_kind("role"):
        if f is not fact:
            ctx.notes.setdefault(f.answer, (f"The article calls {f.answer} “{whole_role(ctx.text, f)}”.", f))
    pool = [f.answer for f in ctx.of_kind("role") if f is not fact] + people_pool(ctx, fact.answer)
    wrong = dis.pick(fact.answer, pool, k=3)
    prompt = f"Who is described in the article as “{article_role}”?"
    if contains_words(fact.answer.split()[-1], prompt):
        return out
    out.extend(who_questions(ctx, fact, prompt, wrong, explanation))
    # the article's own roles only, most like the answer first
    # never a role that names the person asked about ("Ann Lee's partner" for Ann Lee)
    own = fact.answer.split()[-1]
    roles = [
        r
        for f in ctx.of_kind("role")
        if f is not fact and (r := whole_role(ctx.text, f)) and not contains_words(own, r)
    ]
    wrong_roles = dis.pick(role, dis.rank_by_similarity(role, roles), k=3)
    rp = f"How does the article describe {fact.answer}?"
    if len(wrong_roles) >= 2:
        choices = [role, *wrong_roles]
        out.append(
            make(
                ctx,
                fact,
                "multiple_choice",
                rp,
                role,
                explanation,
                choices=choices,
                variant="role",
                difficulty=0.4,
            )
        )
    elif len(role.split()) <= 4:
        # too few roles in the article to choose from: typed, never padded with invented ones
        out.append(make(ctx, fact, "short_answer", rp, role, explanation, variant="role", difficulty=0.6))
    other = stable_pick(ctx, fact, wrong)
    if other:
        t = f"The article describes {fact.answer} as “{role}”."
        f_stmt = f"The article describes {other} as “{role}”."
        if tf := true_false(ctx, fact, t, f_stmt, other, explanation):
            out.append(tf)
    return out


_PLACE_PREPOSITIONS = r"(?:in|at|from|to|near|across|throughout|outside|inside)"


@lru_cache(maxsize=4096)
def used_as_place(text: str, name: str, *, also: str = "") -> bool:
    """The article uses the name as a place ("in Dublin"), not only as a title or a word
    the parser took for one ("their album, War"); ``also`` adds prepositions ("of")."""
    preps = _PLACE_PREPOSITIONS[:-1] + (f"|{also})" if also else ")")
    pattern = rf"\b{preps}\s+(?:the\s+)?{re.escape(name)}\b"
    return re.search(pattern, text) is not None


def in_quotation(text: str, at: int) -> bool:
    """``at`` stands inside a quotation its paragraph opened before it and has not closed ("… she
    said. "We worked for it. I came from Brixton."": Brixton is in her words)."""
    para = text[text.rfind("\n", 0, at) + 1 : at]
    return para.count('"') % 2 == 1 or para.count("“") > para.count("”")


def build_place(ctx: Context, fact: Fact) -> list[Candidate]:
    """A place as a cloze (and a short answer where the clause gives a "Where …?" question).

    No multiple choice: without a gazetteer the parse cannot tell a city from a country, and a
    wrong choice of another level ("Los Angeles" beside countries) is one a student rules out at
    once."""
    out: list[Candidate] = []
    if not used_as_place(ctx.text, fact.answer.split(" and ")[0], also="of"):
        return out  # a title or a word the parser took for a place ("their album, War")
    if sentence_of(ctx.text, fact).lstrip()[:1] in "\"“‘'" or in_quotation(ctx.text, fact.span[0]):
        return out  # a place in someone's quotation, shown without who said it, is no story fact
    excerpt = shorten(sentence_of(ctx.text, fact), 40)
    explanation = f"The article names {fact.answer}: “{excerpt}”"
    # ranked as the multiple choice they replace would have been (the kinds' order stays)
    bonus = 0.1
    if fact.question:
        out.append(
            make(
                ctx,
                fact,
                "short_answer",
                fact.question,
                fact.answer,
                explanation,
                difficulty=0.6,
                bonus=bonus,
            )
        )
    if cp := cloze_prompt(ctx, fact):
        out.append(make(ctx, fact, "cloze", cp, fact.answer, explanation, difficulty=0.6, bonus=bonus))
    return out


_FIGURE = re.compile(r"\d[\d,]*(?:\.\d+)?")


def comparable_figure(choice: str, answer: str) -> bool:
    """The same unit (the words around the figure) and a size within five times the answer's."""
    mc, ma = _FIGURE.search(choice), _FIGURE.search(answer)
    if mc is None or ma is None:
        return True  # a figure in words: number_candidates keeps those alike already
    unit_c = (choice[: mc.start()] + choice[mc.end() :]).strip().lower()
    unit_a = (answer[: ma.start()] + answer[ma.end() :]).strip().lower()
    vc, va = float(mc.group().replace(",", "")), float(ma.group().replace(",", ""))
    if unit_c != unit_a or mc.group().startswith("0") != ma.group().startswith("0"):
        return False
    return va == 0 or 0.2 <= vc / va <= 5


def build_number(ctx: Context, fact: Fact) -> list[Candidate]:
    out: list[Candidate] = []
    s, _e = fact.evidence[0]
    if (
        fact.answer[:1].isupper()
        and fact.span[0] > s
        and not ctx.text[s : fact.span[0]].rstrip().endswith(":")
    ):
        return out  # a number word with a capital inside a sentence is a name ("on Five television")
    before, after = ctx.text[s : fact.span[0]], ctx.text[fact.span[1] : _e]
    if (
        re.search(r"\d[\d ]*$", before)  # a telephone number's last group ("0800 555 111")
        or before.count("(") > before.count(")")  # a conversion in brackets ("(pounds 1.65bn)")
        or re.match(r"\W*(?:he|she|they|it|its|his|her|their)\b", ctx.text[s:_e], re.I)
        or re.search(r",[”\"]? (?:he|she|they) (?:said|says|added)\W*$", after)
    ):
        return out  # a figure nobody would test, or one whose sentence leaves "he" unresolved
    nums = [f.answer for f in ctx.of_kind("number") if f is not fact]
    candidates = [c for c in dis.number_candidates(fact.answer, nums) if comparable_figure(c, fact.answer)]
    wrong = dis.pick(fact.answer, candidates, k=3)
    excerpt = shorten(sentence_of(ctx.text, fact), 40)
    explanation = f"The article gives the figure {fact.answer}: “{excerpt}”"
    prompt = cloze_prompt(ctx, fact, lead="Which figure completes this sentence from the article")
    # a choice of another unit or size ("30", "0800" for a height of 4 metres) is ruled out at once
    if (
        prompt
        and len(wrong) >= 2
        and (c := multiple_choice(ctx, fact, prompt, fact.answer, wrong, explanation))
    ):
        out.append(c)
    if cp := cloze_prompt(ctx, fact):
        accepted = [fact.value] if fact.value else []
        out.append(make(ctx, fact, "cloze", cp, fact.answer, explanation, accepted=accepted, difficulty=0.6))
    return out
