"""Speaker questions: who said a quotation, and completing what they said."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from spacy.tokens import Token

from questions.build import distractors as dis
from questions.build.core import (
    Candidate,
    Context,
    make,
    question_id,
    quote_of,
    stable_pick,
    true_false,
    who_questions,
)
from questions.build.text import BLANK, contains_words, predicate_quote, window
from questions.extract.people import HONORIFICS, is_role_word
from questions.facts import Fact

#: head nouns too vague to be the blank of "Complete what X said" ("a way", "this man")
GENERIC_NOUNS = frozenset(
    """way thing things something anything everything nothing lot lots man men woman women people
    person time times day year years bit kind sort part place case fact point issue matter question
    one ones stuff situation story game""".split()
)
#: parts of speech that make a quotation say something a reader could be asked about
CONTENT_POS = ("NOUN", "PROPN", "NUM", "ADJ")
#: more sentences than this between the words naming the speaker and the quotation ("He added:",
#: then quotation after quotation) make a chain a reader must follow: asked once, not four ways
CHAIN_LIMIT = 3
#: a quoted phrase of at most this many words is asked once
SHORT_PHRASE = 4
#: a quoted phrase of at most this many words is asked with the words of its sentence around it
CONTEXT_PHRASE = 7
#: the speech verb before a quoted phrase, and its "that": what follows is what was said
_SAID = re.compile(
    r"\b(?P<verb>said|says|saying|added|adding|admitted|insisted|warned|warning|described|describing|accused|accusing|called|calling"
    r"|told(?=\s+[A-Z]))(?:\s+that)?\s+"
)
#: words of an estimate before a figure ("about 80%", "more than 300")
_HEDGE = re.compile(
    r"(?:about|around|nearly|almost|roughly|some|approximately|more than|less than|over|under|up to)"
    r"\s+(?=\S*\d)",
    re.I,
)
#: how the prompt asks by the verb before a quoted phrase ("Who warned of …?", "Who described the plan
#: as …?"); a verb of speech is asked "Who said …?"
_ASKED_AS = {
    "warned": "warned",
    "warning": "warned",
    "described": "described",
    "describing": "described",
    "accused": "accused",
    "accusing": "accused",
    "called": "called",
    "calling": "called",
    "told": "told",
}
#: where the words after a quoted phrase stop: punctuation, a new clause, a dash
_CLAUSE_END = re.compile(r"[,.;:!?(\[\"“”]|\s[-–—]\s|\s(?:which|who|and|but|while|as|after|before|because)\b")
#: the most words of the article's own taken on either side of a quoted phrase
MAX_CONTEXT_WORDS = 16

#: what a blank in "Complete what X said" may be: a figure or a person's name, never the wording
#: of the quotation ("isolated and weak in _____" is answered by the sentence, not the story)
QUOTE_BLANKS = ("CARDINAL", "MONEY", "PERCENT", "QUANTITY", "PERSON")


def build_speaker(ctx: Context, fact: Fact) -> list[Candidate]:
    out: list[Candidate] = []
    quote = quote_of(fact.detail or "")
    if not quote or any(contains_words(v, quote) for v in (fact.answer, *fact.accepted) if len(v) > 3):
        return out
    if not _says_something(ctx, fact):
        return out
    bland = not _specific(ctx, fact)
    for f in ctx.of_kind("speaker"):
        if f.answer != fact.answer:
            ctx.notes.setdefault(
                f.answer, (f"{f.answer} is quoted elsewhere in the article, saying something else.", f)
            )
    person = ctx.people.get(fact.answer)
    role = f", {person.role}," if person and person.role else ""
    explanation = f"{fact.answer}{role} said: “{quote}”"
    wrong = dis.pick(fact.answer, dis.rank_by_similarity(fact.answer, _speaker_pool(ctx, fact)), k=3)
    prompt = f"Who said “{quote}”?"
    if not _whole_sentence(ctx, fact) and (len(quote.split()) <= CONTEXT_PHRASE or predicate_quote(quote)):
        # "Who said he was “very moved” by the announcement?", not "Who said “very moved”?"; a
        # predicate of any length with what it was said of ("Who said the council has “cut …”?"),
        # which the lint refuses to ask bare
        prompt = in_context(ctx, fact, quote) or prompt
    if fact.style == "post":
        prompt = f"Who posted “{quote}”?"
    # two phrases of one speaker in one sentence ("sounded "fair" and "balanced"") would share an
    # id: the later ones carry their words in it
    twins = [
        f for f in ctx.of_kind("speaker") if f.answer == fact.answer and f.evidence[:1] == fact.evidence[:1]
    ]
    variant = "" if not twins or twins[0] is fact else quote
    who = who_questions(ctx, fact, prompt, wrong, explanation, variant=variant)
    for c in who if variant else []:
        c.question = replace(c.question, fact_id=question_id(fact, "fact", ctx.text, variant))
    if len(fact.evidence) > CHAIN_LIMIT or (
        not _whole_sentence(ctx, fact) and len(quote.split()) <= SHORT_PHRASE
    ):
        # the quotation is told through a chain of excerpts, or is a phrase of a few words
        # ("seems straightforward"): the one question that ranks first, not two on the same words
        for c in who:
            c.once = True
        return who
    out.extend(who)
    if bland or not _whole_sentence(ctx, fact):
        # a quotation that says nothing specific is asked who said it, and not built on (no
        # true/false on it, no blank in it); nor is a fragment ("another measure contradicting"),
        # whose true/false or blank tests the wording of a phrase, not who said what
        return out
    other = stable_pick(ctx, fact, wrong)
    if other:
        stop = "" if quote.endswith((".", "!", "?", "…")) else "."  # never “….”.
        t = f"According to the article, {fact.answer} said “{quote}”{stop}"
        f_stmt = f"According to the article, {other} said “{quote}”{stop}"
        if tf := true_false(ctx, fact, t, f_stmt, other, explanation):
            out.append(tf)
    # complete the quotation: blank a name, a number or a key term of it (a quotation split by
    # its attribution, "A … will come.", is asked whole, never blanked in one half)
    if fact.detail and len(fact.detail.split()) >= 6 and len(fact.item_spans) == 1:
        out.extend(_quote_cloze(ctx, fact, explanation))
    return out


def _whole_sentence(ctx: Context, fact: Fact) -> bool:
    """The quotation is a sentence of its own, not a phrase quoted inside the article's sentence
    ("reflected a “British vision for Europe”": a word of the article's sentence runs into it)."""
    words = (fact.detail or "").strip().lstrip("\"“‘'(…. ")
    if not (words[:1].isupper() or words[:1].isdigit()):
        return False
    if fact.item_spans and not words.rstrip("\"”’' ").endswith((".", "?", "!")):
        before = ctx.text[: fact.item_spans[0][0]].rstrip("\"“‘' ")
        return not before[-1:].isalnum()
    return True


def _speaker_pool(ctx: Context, fact: Fact) -> list[str]:
    """Wrong speakers: other parties of the article of the same kind (people for a person,
    organisations for an organisation), never one the quotation names, never an invented one."""
    is_person = ctx.people.is_person(fact.answer)
    speakers = [f.answer for f in ctx.of_kind("speaker") if ctx.people.is_person(f.answer) == is_person]
    if is_person:
        persons = sorted(ctx.people.persons.values(), key=lambda p: -len(p.mentions))
        # a name met once, with no role and no words of its own, is as likely a title ("games
        # such as John Madden") as a person: no wrong choice beside people who speak
        others = [p.name for p in persons if p.confident and (p.roles or len(p.mentions) > 1)]
    else:
        others = sorted(ctx.people.org_display.get(o, o) for o in ctx.people.orgs)
    quote = fact.detail or ""
    own = _name_words(fact.answer)
    return [
        p
        for p in dict.fromkeys(speakers + others)
        if p != fact.answer
        # "Customs and Border Protection" is no wrong choice for "CBP"
        and p not in fact.accepted
        # "Patrick Carlineo Jr" is no wrong choice for "Pat Carlineo"
        and not (_name_words(p) & own)
        # "Prime Minister" is a title, not a party: no name ends in a role word
        and not (is_person and is_role_word(p.split()[-1]))
        and (is_person or not ctx.people.is_person(p))
        and not any(contains_words(v, quote) for v in ctx.people.variants(p) if len(v) > 3)
    ]


@lru_cache(maxsize=16384)
def _name_words(name: str) -> frozenset[str]:
    return frozenset(
        {
            w.lower().strip(".,")
            for w in name.split()
            if len(w.strip(".,")) > 2 and w.lower().strip(".,") not in HONORIFICS | {"jr", "sr", "rep", "the"}
        }
    )


def _quote_tokens(ctx: Context, fact: Fact) -> list[Token] | None:
    """The parsed words of a fact's quotation, or None when they cannot be found."""
    if not fact.item_spans:
        return None
    qs, qe = fact.item_spans[0]
    sent = ctx.pa.sentence_at(qs)
    if sent is None:
        return None
    base = ctx.pa.blocks[sent.para].start
    return [t for t in sent.span.doc if qs <= base + t.idx < qe]


def _says_something(ctx: Context, fact: Fact) -> bool:
    """A quotation worth asking about has a noun, a name, a number or an adjective, or is long,
    a question or a denial: "we're going to keep working hard" is none of these."""
    toks = _quote_tokens(ctx, fact)
    if toks is None:
        return True
    words = [t for t in toks if not t.is_punct]
    return (
        not words
        or len(words) > 8
        or any(t.pos_ in CONTENT_POS or t.dep_ == "neg" or t.text == "?" for t in toks)
        # one loaded word a party used: accused him of "cheating"
        or (len(words) == 1 and words[0].tag_ == "VBG")
    )


def _specific(ctx: Context, fact: Fact) -> bool:
    """A quotation with a name, a number or a noun that says what it is about (or long, or a
    question): "I wouldn't want anyone to get hurt" and "very moved" are asked who said them, but
    not built on."""
    toks = _quote_tokens(ctx, fact)
    if toks is None:
        return True
    words = [t for t in toks if not t.is_punct]
    if not words or len(words) > 8:
        return True
    return (
        any(
            t.pos_ in ("PROPN", "NUM") or (t.pos_ == "NOUN" and t.lemma_.lower() not in GENERIC_NOUNS)
            for t in toks
        )
        or (any(t.pos_ == "ADJ" for t in toks) and len(words) >= 3)
        or "?" in (t.text for t in toks)
    )


def _blank_worthy(chunk) -> bool:  # type: ignore[no-untyped-def]
    """A name, a number, a place or a key term: not a pronoun, a determiner phrase or a vague noun."""
    if any(t.pos_ in ("PROPN", "NUM") or t.ent_type_ for t in chunk):
        return True
    root = chunk.root
    if root.pos_ != "NOUN" or root.lemma_.lower() in GENERIC_NOUNS:
        return False
    if any(t.lower_ in ("this", "that", "these", "those", "it") for t in chunk):
        return False
    # "the biggest pastime", "real equality": a noun with something said about it; a bare
    # noun only when long and with no "a" or "my" in front ("an attempt", "my business")
    if any(t.pos_ in ("ADJ", "NOUN") and t.i != root.i for t in chunk):
        return True
    return len(root.text) >= 7 and not any(t.lower_ in ("a", "an") or t.dep_ == "poss" for t in chunk)


def _quote_cloze(ctx: Context, fact: Fact, explanation: str) -> list[Candidate]:
    doc_sent = ctx.pa.sentence_at(fact.item_spans[0][0]) if fact.item_spans else None
    if doc_sent is None:
        return []
    qs, qe = fact.item_spans[0]
    ents = [e for e in doc_sent.span.ents if e.label_ in QUOTE_BLANKS and len(e) <= 4]
    base = ctx.pa.blocks[doc_sent.para].start
    for chunk in reversed(ents):
        a, b = base + chunk.start_char, base + chunk.end_char
        if not (qs <= a and b <= qe) or chunk.root.pos_ == "PRON":
            continue
        if chunk.label_ == "PERSON" and (len(chunk.text) < 4 or len(chunk) < 2):
            continue  # "I said to _____": a first name alone is the quotation's wording
        if not _blank_worthy(chunk) or (
            chunk.label_ != "PERSON" and len(chunk) < 2 and not any(c.isdigit() for c in chunk.text)
        ):
            # "for two more seasons": a small count in words is the quotation's wording
            continue
        start = a + (4 if chunk.text.lower().startswith("the ") else 0)
        # "At about _____ of GDP": a hedge stays in the sentence, the figure is what is typed
        start += len(m.group(0)) if (m := _HEDGE.match(ctx.text[start:b])) else 0
        answer = ctx.text[start:b]
        sub = Fact(
            kind="speaker",
            answer=answer,
            span=(start, b),
            evidence=fact.evidence,
            subject=fact.answer,
            detail=fact.detail,
            confidence=fact.confidence * 0.8,
        )
        words = ctx.text[qs:start] + BLANK + ctx.text[b:qe]
        if contains_words(answer, words):
            continue
        # a long quotation is cut around its blank, so the blank stays in sight
        at = words.index(BLANK)
        shown = window(words.strip(), at - (len(words) - len(words.lstrip())), at + len(BLANK), limit=40)
        prompt = f"Complete what {fact.answer} said: “{shown}”"
        return [make(ctx, sub, "cloze", prompt, answer, explanation, difficulty=0.7, variant="quote")]
    return []


def in_context(ctx: Context, fact: Fact, quote: str) -> str | None:
    """ "Who said he was “very moved” by the announcement?": a quoted phrase asked with the words of
    its sentence from the speech verb to the end of its clause, so that the student reads what it was
    said of. None when no speech verb stands shortly before it, or the words name the speaker."""
    if not fact.item_spans:
        return None
    a, b = fact.item_spans[0]
    sent = next(((s, e) for s, e in fact.evidence if s <= a and b <= e), None)
    if sent is None:
        return None
    before = ctx.text[sent[0] : a]
    verbs = list(_SAID.finditer(before))
    if verbs:
        lead, asked = before[verbs[-1].end() :], _ASKED_AS.get(verbs[-1].group("verb"), "said")
    elif predicate_quote(quote):
        # "The council has “cut …”, she said": the subject the predicate is said of, the words of
        # its clause before it ("…, in case of war the bloc would have to “seek …”")
        lead, asked = re.split(r"[,;:()]", before)[-1].strip(), "said"
        if not lead or re.search(r"\b(?:he|she|his|her|him|it|its|they|them|their|who|which)\b", lead, re.I):
            return None  # "She expressed anger at the person who …": whose words, said of whom?
        if re.match(r"(?:The|A|An) ", lead):
            lead = lead[0].lower() + lead[1:]
    else:
        return None
    # "said in a letter to the firms that their service was …": what was said starts after "that"
    lead = lead.rsplit(" that ", 1)[-1]
    after = ctx.text[b : sent[1]]
    after = after[1:] if after[:1] in "\"”’'" else after
    stop = _CLAUSE_END.search(after)
    tail = after[: stop.start()] if stop else after
    lead, tail = lead.strip().rstrip("\"“‘'").rstrip(), tail.rstrip()
    if predicate_quote(quote) and (
        len(lead.split()) + len(tail.split()) > MAX_CONTEXT_WORDS or (stop and stop.group(0)[:1].isspace())
    ):
        # a predicate needs its subject, not the phrase after it, least of all one cut at a word
        # ("in Eastern | and Central European flank")
        tail = ""
    if len(lead.split()) + len(tail.split()) > MAX_CONTEXT_WORDS or not (
        lead or tail.strip() or asked == "warned"
    ):
        return None
    if any(q in lead + tail for q in '"“”'):
        return None
    own_it = bool(verbs) and lead == "it" and not ctx.people.is_person(fact.answer)
    if not own_it and re.match(
        r"(?:it|its|they|them|their|we|us|our|i|me|my|you|your|this|that|him)\b", lead, re.I
    ):
        return None  # "Who said it viewed …": whose "it"? (only "he", "she", "his", "her" is the one asked)
    said = f"{lead} “{quote}”{tail}".strip()
    names = [fact.answer, *fact.accepted, *fact.answer.split()]
    if any(len(n) > 2 and contains_words(n, said) for n in names):
        return None
    return f"Who {asked} {said}?"
