"""Demand questions: what a party demands, built per party so that list questions see every item."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Span, Token

from questions.build import distractors as dis
from questions.build.core import (
    LIST_JOIN,
    Candidate,
    Context,
    make,
    multiple_choice,
    sentence_of,
)
from questions.build.demand_prompts import (
    AGAINST,
    demand_prompt,
    demand_statement,
    lead_item,
    past_tense,
    siblings_of,
    tensed,
    tidy_party,
    unplural,
    words_before,
)
from questions.build.text import fragment_demand, norm, shorten
from questions.extract.demand_finders import TRIGGERS as DEMAND_TRIGGERS
from questions.extract.demand_patterns import trigger_lemma
from questions.extract.people import SPEECH_VERBS
from questions.facts import Fact

#: verbs of thinking, perceiving and having: what they head is not an action a party could want
#: ("have several things in common")
STATE_VERBS = frozenset(
    "know think believe feel see hear seem appear consider understand remember have".split()
)
#: nouns of saying or wanting: a phrase about them ("dub its demands a bluff", "maintain its
#: warnings") speaks of what a party says or wants, not an action it could be asked to want
SAID_NOUNS = frozenset(
    "demand warning call request statement comment remark claim message plea appeal proposal".split()
)
#: complements that finish a verb's phrase: left out, the phrase is cut ("dub X | 'a bluff'")
COMPLEMENTS = frozenset({"oprd", "ccomp", "dative", "acomp", "attr"})


def _someone_wants(verb: Token) -> bool:
    """The verb is what a demand word says someone wants, plans or must do ("wants to repair
    the pier", "plans to cut fees and open its network"), whether or not a finder read it."""
    t = verb
    while t.dep_ in ("xcomp", "conj", "ccomp") and t.head is not t:
        t = t.head
        if trigger_lemma(t.lower_, t.lemma_, t.pos_) in DEMAND_TRIGGERS:
            return True
    return False


#: tags of a finite verb or a modal
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})


def _action_phrases(ctx: Context, exclude: Sequence[str]) -> list[str]:
    """Verb and noun phrases from the article that are not demands: plausible wrong choices."""
    out = []
    excluded = [norm(x) for x in exclude]
    for sent in ctx.pa.sentences:
        for tok in sent.span:
            if (
                tok.pos_ == "VERB"
                and tok.dep_ in ("ROOT", "conj", "xcomp")
                and tok.lemma_ not in ("say", "be")
            ):
                objs = [c for c in tok.children if c.dep_ in ("dobj", "xcomp", "prep")]
                # an action done to something, as a demand is: "open its network", not "come after
                # the talks" (a verb and its phrase) nor "know to be cold" (a state of mind)
                if not any(c.dep_ == "dobj" for c in objs) or tok.lemma_ in STATE_VERBS:
                    continue
                if _someone_wants(tok):
                    continue  # "also wants to repair the pier": a demand a finder missed, no wrong choice
                toks = [tok] + [t for o in objs for t in o.subtree]
                toks.sort(key=lambda t: t.i)
                if toks[-1].i - toks[0].i + 1 != len(toks) or not 4 <= len(toks) <= 14:
                    continue
                if any(t.tag_ in FINITE_TAGS for t in toks[1:]):
                    continue  # a clause inside ("27 titles which sold ..."): not one action
                if not _whole_action(tok, toks, sent.span):
                    continue
                first = tok.lemma_ if tok.tag_ in ("VBD", "VBZ", "VBP", "VBN") else tok.text
                phrase = (first + tok.whitespace_ + "".join(t.text_with_ws for t in toks[1:])).strip(
                    ' ,.;:"“”'
                )
                if '"' in phrase or "“" in phrase or _overlaps_any(norm(phrase), excluded):
                    continue
                out.append(phrase)
    return out


def _whole_action(verb: Token, toks: Sequence[Token], sent: Span) -> bool:
    """The phrase is one whole action: its verb's complements all inside it ("dub the plan"
    without "a bluff" is cut), not stopped in the middle of a noun group ("above age | 6
    months"), its object a thing rather than a bare number ("number one"), not about what
    someone says or wants, and not the article speaking to its reader ("Follow us on ...")."""
    inside = {t.i for t in toks}
    if any(c.dep_ in COMPLEMENTS and c.i not in inside for c in verb.children):
        return False
    if any(c.dep_ == "conj" and c.pos_ not in ("VERB", "AUX") and c.i not in inside for c in verb.children):
        return False  # "number one in the UK | and 12 in the US": the coordination goes on
    after = toks[-1].i + 1
    if after < sent.end and sent.doc[after].pos_ in ("NUM", "NOUN", "PROPN"):
        return False
    if any(c.dep_ == "dobj" and c.pos_ == "NUM" for c in verb.children):
        return False
    if any(t.lemma_.lower() in SAID_NOUNS and t.pos_ == "NOUN" for t in toks):
        return False
    if verb.lemma_.lower() in SPEECH_VERBS:
        return False
    return verb.i != sent.start  # an imperative opening its sentence addresses the reader


def _overlaps_any(phrase: str, normed: Sequence[str]) -> bool:
    """:func:`overlaps` of a normalised phrase with any of the normalised texts."""
    return any(phrase == x or phrase in x or x in phrase for x in normed)


def _same_form(phrase: str, answer: str) -> bool:
    """A wrong choice reads like the answer: an "-ing" phrase only beside an "-ing" answer."""
    first_p, first_a = phrase.split()[0].lower(), answer.split()[0].lower()
    return first_p.endswith("ing") == first_a.endswith("ing")


def _one_name(ctx: Context, facts: list[Fact]) -> list[Fact]:
    """A party the article writes two ways ("Electronic Arts" and its acronym "EA") is one party,
    named as most of its items name it: two lists that each claim to be all it wanted would each
    leave out the other's items."""
    count: dict[str, int] = {}
    for f in facts:
        if f.subject:
            count[f.subject] = count.get(f.subject, 0) + 1
    rename: dict[str, str] = {}
    for name in sorted(count):
        same = [o for o in ctx.people.org_variants(name) if o in count and o != name]
        if len(same) == 1:
            best = max((name, same[0]), key=lambda n: (count[n], len(n)))
            if best != name:
                rename[name] = best
    return [_renamed(f, rename[f.subject]) if f.subject in rename else f for f in facts]


def _renamed(fact: Fact, name: str) -> Fact:
    """The fact with its party named ``name`` wherever its wording names the party."""
    old = re.compile(r"(?<![A-Za-z0-9])" + re.escape(fact.subject or "") + r"(?![A-Za-z0-9])")
    question = old.sub(name, fact.question) if fact.question else fact.question
    detail = old.sub(name, fact.detail) if fact.detail else fact.detail
    return replace(fact, subject=name, question=question, detail=detail)


def build_demands(ctx: Context, facts: list[Fact]) -> list[Candidate]:
    out: list[Candidate] = []
    all_items = [f.answer for f in facts]
    used: set[str] = set()
    if not facts:
        return out
    facts = _one_name(ctx, [_unpossessed(f) for f in facts if not _hearsay(ctx.text, f)])
    by_party: dict[str, list[Fact]] = {}
    for f in facts:
        by_party.setdefault(f.subject or "", []).append(f)
    # wrong choices are the article's other actions, never another party's demands: two
    # parties may want the same thing (a country and its leader), and never invented ones
    pool = _action_phrases(ctx, all_items)
    for party, items in by_party.items():
        own = [f.answer for f in items]
        for f in facts:
            if f.subject != party:
                # notes are shared by every question offering this choice: no word of this party
                note = (
                    f"The article says {f.detail} {f.answer}."
                    if f.style == "frame"
                    else f"The article says this of {f.subject}, who {past_tense(f.verb)} it."
                )
                ctx.notes.setdefault(f.answer, (note, f))
        siblings = siblings_of(items)
        short = {f.answer: cut for f in items if (cut := _core(ctx, f))}
        for n, fact in enumerate(items):
            # a phrase the lint would refuse ("make submissions during this phase": "this" points
            # nowhere) is left out here, so that another takes its place rather than the question
            # losing a choice
            alike = [p for p in pool if _same_form(p, fact.answer)]
            fair = [p for p in alike if not fragment_demand(p, fact.answer)]
            wrong = dis.pick(fact.answer, dis.rank_by_similarity(fact.answer, fair), k=3, exclude=own)
            core = _core(ctx, fact) if len(fact.answer.split()) > MAX_TYPED_DEMAND_WORDS else None
            if len(wrong) < 2 and len(fact.answer.split()) > MAX_TYPED_DEMAND_WORDS and core is None:
                # too long to type and no shorter core: offered with the other choices all the
                # same, which the lint, refusing them, turns into a blank in the item's sentence
                wrong = dis.pick(fact.answer, dis.rank_by_similarity(fact.answer, alike), k=3, exclude=own)
            excerpt = shorten(sentence_of(ctx.text, fact), 40)
            explanation = f"The article reports that {demand_statement(party, fact)}: “{excerpt}”"
            asked, named = demand_prompt(fact, used, siblings[n], short, typed=len(wrong) < 2)
            prompt = tidy_party(
                ctx.text, party, tensed(ctx.text, lead_item(fact, siblings[n]), unplural(asked))
            )
            # a choice of more than twenty words beside choices of six is found by its length: the
            # action without the phrase that says where or despite what, the whole item accepted
            shown = (
                (_core(ctx, fact) or _short_choice(ctx, fact))
                if len(fact.answer.split()) > MAX_CHOICE_WORDS
                else None
            )
            if (
                len(wrong) >= 2
                and shown
                and (
                    c := multiple_choice(
                        ctx, fact, prompt, shown, wrong, explanation, accepted=(fact.answer,)
                    )
                )
            ):
                out.append(c)
            elif len(wrong) >= 2 and (
                c := multiple_choice(ctx, fact, prompt, fact.answer, wrong, explanation)
            ):
                out.append(c)
            else:
                # too few of the article's own actions to choose from (or none that make fair
                # choices): asked to be written
                # no choices to pick from: "(According to X,) which of these was also among …" asks what
                prompt = re.sub(r"\b([Ww])hich of these ", r"\1hat ", prompt)
                # too long to type: the action without the phrases that say when, where or how
                # much ("cut prices of its broadband product | by 8% from April"), the whole item
                # accepted too
                key = core or fact.answer
                # every other item the same question asks is right too ("What did X offer to do?" of
                # "offered to cut fares and open a cafe"), save the one the prompt sets aside
                also = [s.answer for s in siblings[n] if s.answer != named]
                accepted = tuple(dict.fromkeys([*((fact.answer,) if key != fact.answer else ()), *also]))
                out.append(
                    make(
                        ctx, fact, "short_answer", prompt, key, explanation, accepted=accepted, difficulty=0.7
                    )
                )
            # no true/false: its false version named another party, and a party linked to the
            # right one (a minister for his country) makes "false" a key a reader can dispute
        # a list is of the party's own aims, of one doer and one polarity: not what someone's
        # quotation says it must do, nor what it says another party must do ("According to the
        # regulator, what must the firm do?")
        groups: dict[str, list[Fact]] = {}
        for f in items:
            if _wanted(f) and f.per is None and not (f.question or "").startswith("According to"):
                groups.setdefault(_doer(f), []).append(f)
        wanted = max(groups.values(), key=len, default=[])
        if len(wanted) >= 3:
            out.extend(_demand_lists(ctx, party, wanted, pool))
    return out


#: the longest demand a student is asked to type (the lint's limit for demands)
MAX_TYPED_DEMAND_WORDS = 16
#: the fewest words a shortened item keeps: the action and what it acts on
MIN_CORE_WORDS = 6


def _core(ctx: Context, fact: Fact) -> str | None:
    """A long item up to the first phrase or condition its verb takes after the object, when what is left is
    short enough to type and long enough to say what is wanted: "cut the wholesale prices of its
    broadband product" of "... | by about 8% from April in areas of high demand". Only a phrase
    hung on the verb is cut: "reduce the number of children in poverty" keeps "in poverty"."""
    sent = ctx.pa.sentence_at(fact.span[0])
    if sent is None:
        return None
    base = ctx.pa.blocks[sent.para].start
    toks = [t for t in sent.span if fact.span[0] <= base + t.idx and base + t.idx + len(t) <= fact.span[1]]
    if not toks or toks[0].pos_ != "VERB":
        return None
    verb = toks[0]
    cut = next(
        (n for n, t in enumerate(toks) if n >= MIN_CORE_WORDS and _adjunct_of(t, verb)),
        None,
    )
    if cut is None:
        return None
    core = ctx.text[fact.span[0] : base + toks[cut - 1].idx + len(toks[cut - 1])].strip(" ,;:")
    return core if MIN_CORE_WORDS <= len(core.split()) <= MAX_TYPED_DEMAND_WORDS else None


#: the longest demand offered as a choice
MAX_CHOICE_WORDS = 20
#: the fewest words a choice cut short keeps
MIN_CHOICE_WORDS = 4


def _short_choice(ctx: Context, fact: Fact) -> str | None:
    """A long item up to the last phrase hung on one of its verbs that leaves it short enough to
    choose: "stage a mobile flu clinic | at no cost …", "reconsider its decision not to vaccinate
    migrants | despite …"."""
    sent = ctx.pa.sentence_at(fact.span[0])
    if sent is None:
        return None
    base = ctx.pa.blocks[sent.para].start
    toks = [t for t in sent.span if fact.span[0] <= base + t.idx and base + t.idx + len(t) <= fact.span[1]]
    cuts = [
        n
        for n, t in enumerate(toks)
        if MIN_CHOICE_WORDS <= n <= MAX_TYPED_DEMAND_WORDS
        and t.dep_ == "prep"
        and t.head.pos_ == "VERB"
        and t.head in toks[:n]
        and t.lower_ not in ("to", "of", "for")
    ]
    if not cuts:
        return None
    last = toks[cuts[-1] - 1]
    short = ctx.text[fact.span[0] : base + last.idx + len(last)].strip(" ,;:")
    return short if MIN_CHOICE_WORDS <= len(short.split()) <= MAX_TYPED_DEMAND_WORDS else None


def _adjunct_of(tok: Token, verb: Token) -> bool:
    """``tok`` starts a phrase or a condition hung on ``verb``: "| from April", "| if consumers are
    to see the benefits"."""
    if tok.dep_ == "prep":
        return tok.head.i == verb.i
    return tok.dep_ == "mark" and tok.head.dep_ == "advcl" and tok.head.head.i == verb.i


#: words of a demand's frame that make it what the party is against ("wanted it not to", "warned
#: against")
_NEGATIONS = frozenset("not n't never no against without".split())
#: words of a frame that name who is to act, when it is not the party ("urged the board to",
#: "said we must", "told Wenger to")
_OTHER_DOER = frozenset("the a an his her their its our my your us him them we you they it".split())


def _wanted(f: Fact) -> bool:
    """The party wants it (not what it opposes, refuses or wants not to happen)."""
    frame = (f.detail or "").replace(f.subject or "", " ").lower().replace("n't", " n't")
    return f.verb not in AGAINST and not (_NEGATIONS & set(frame.split()))


def _doer(f: Fact) -> str:
    """Who is to do what a demand asks: "" for the party itself ("wanted to stay"), else the
    words that name the other ("the club" of "wanted the club to prove …"). A list question asks
    only items of one doer: what a player wants to do beside what he wants the board to do reads
    as one list of his plans."""
    frame = (f.detail or "").replace(f.subject or "", " ").split()
    named = [w for w in frame[1:] if w.lower() in _OTHER_DOER or w[:1].isupper()]
    return " ".join(named).lower()


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
    party = tidy_party(ctx.text, party, party)
    out.append(
        make(
            ctx,
            group,
            "list",
            f"Name what {party} wanted, planned or offered, according to the article ({len(own)})."
            if any(f.style == "frame" for f in items)
            else f"Name the demands of {party} reported in the article ({len(own)}).",
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
                f"Which of these was NOT among what {party} wanted, planned or offered?"
                if any(f.style == "frame" for f in items)
                else f"Which of these was NOT among the demands of {party}?",
                odd[0],
                f"“{odd[0]}” is not one of {party}'s demands. " + explanation,
                choices=choices,
                variant="not",
                difficulty=0.6,
            )
        )
    return out


#: words that report what others say or think a party wants: "is said to want to sell", asked not at all
_HEARSAY = re.compile(
    r"\b(?:is|are|was|were|be|been|being)\s+(?:widely\s+|also\s+)?(?:said|reported|thought|believed|"
    r"understood|rumou?red|alleged|claimed|expected|tipped|likely|unlikely)\s+to\b",
    re.I,
)


def _hearsay(text: str, fact: Fact) -> bool:
    """The article says others say (or expect) the party wants it: "The firm is said to want to sell
    two boats". Whether the party wants it is not reported, so no question asks it."""
    return _HEARSAY.search(words_before(text, fact)) is not None


def _unpossessed(fact: Fact) -> Fact:
    """A party read off a possessive ("Kelby Rovers' bid to buy …", "the firm's plan to …") named
    without its possessive mark."""
    party = fact.subject or ""
    bare = re.sub(r"(?:['’]s|['’])$", "", party)
    if bare == party or not bare:
        return fact
    return replace(
        fact,
        subject=bare,
        question=fact.question.replace(party, bare) if fact.question else fact.question,
        detail=fact.detail.replace(party, bare) if fact.detail else fact.detail,
    )
