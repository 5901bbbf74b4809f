"""More ways news writing gives who said a quotation, beside "X said" (see speakers.py).

- "…, with Foreign Minister Jan Ode warning of "grave harm"" and "with Ann Lee marching up to
  him, saying "…"": the person of a "with" phrase whose participle reports speech;
- "a ring described by Ann as "…"", "was called "a farce" by X": the agent of a passive verb
  of speech;
- "X accused Y of "cheating" and was fined": the subject of the stance verb that governs the
  quoted words, whoever else the sentence names;
- ""A fair deal," insisted X, "will come."": one quotation split by its attribution, asked
  as one saying.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from spacy.tokens import Token

from questions.extract.people import SPEECH_VERBS, acronym_of, is_role_word
from questions.extract.quotes import Quote
from questions.facts import Fact
from questions.nlp import ParsedArticle, Sentence

#: between "with" and the name: role words and the like ("with Jordan's Foreign Minister")
_LEAD_DEPS = ("compound", "amod", "det", "poss", "case", "nmod", "flat")
#: the attribution between the halves of a split quotation: ", insisted Mr Lee, " (no sentence end)
_SPLIT_GAP = re.compile(r'^[,]?["”’]?\s*,?\s*[^".!?“”\n]{3,60},\s*["“‘]$')


def speech_participle(t: Token) -> bool:
    """ "saying", "adding", "warning": an -ing form of a verb of speech, however it is tagged."""
    w = t.lower_
    if not w.endswith("ing") or len(w) < 6:
        return False
    stem = w[:-3]
    return (
        t.lemma_.lower() in SPEECH_VERBS
        or stem in SPEECH_VERBS
        or stem + "e" in SPEECH_VERBS
        or (len(stem) > 3 and stem[-1] == stem[-2] and stem[:-1] in SPEECH_VERBS)
    )


def quote_tokens(pa: ParsedArticle, sent: Sentence, q_start: int, q_end: int) -> list[Token]:
    base = pa.blocks[sent.para].start
    return [t for t in sent.span if q_start <= base + t.idx < q_end]


def governing_verb(pa: ParsedArticle, sent: Sentence, q_start: int, q_end: int) -> Token | None:
    """The verb outside the quotation that its words hang from ("accused X of "cheating"")."""
    inside = quote_tokens(pa, sent, q_start, q_end)
    ids = {t.i for t in inside}
    tops = {t.head.i for t in inside if t.head.i not in ids}
    if len(tops) != 1:
        return None
    head: Token = sent.span.doc[tops.pop()]
    for _ in range(4):
        if head.pos_ in ("VERB", "AUX"):
            return head
        if head.head.i == head.i or head.dep_ not in ("prep", "pobj", "pcomp", "dobj"):
            return None
        head = head.head
    return None


def passive_agents(verb: Token) -> list[Token]:
    """The names after "by" of a passive verb: "described by Ann as", "called … by the council"."""
    return [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]


def with_phrase_speaker(pa: ParsedArticle, sent: Sentence, q_start: int) -> Token | None:
    """The name of a "with" phrase that introduces the quotation: "with X warning of "…"",
    "with X saying "…"", "with X marching up to him, saying "…"". The name must be the only
    party of the phrase, and nothing but a few words and a comma lie between it and the verb
    of speech right before the quotation."""
    base = pa.blocks[sent.para].start
    toks = [t for t in sent.span if not t.is_space]
    k = next((n for n, t in enumerate(toks) if base + t.idx >= q_start - 1), None)
    if k is None:
        return None
    # the verb of speech, right before the opening mark ("saying "", "warning of "")
    before = [t for t in toks[max(0, k - 3) : k] if t.text not in ('"', "“", "‘", "'")]
    said = next((t for t in reversed(before) if speech_participle(t)), None)
    if said is None or any(t.i > said.i and t.lower_ not in ("of", "that", ",", ":") for t in before):
        return None
    w = next((t for t in reversed(toks) if t.i < said.i and t.lower_ == "with"), None)
    if w is None or said.i - w.i > 14:
        return None
    phrase = [t for t in toks if w.i < t.i < said.i]
    if any(t.text in '"“”‘' or (t.tag_ in ("VBD", "VBZ", "VBP", "MD")) for t in phrase):
        return None
    names = [t for t in phrase if t.ent_type_ in ("PERSON", "ORG") and t.ent_iob_ == "B"]
    if len(names) != 1:
        return None
    name = names[0]
    end = name.i
    while end + 1 < said.i and sent.span.doc[end + 1].ent_iob_ == "I":
        end += 1
    lead = [t for t in phrase if t.i < name.i]
    if any(not (t.dep_ in _LEAD_DEPS or is_role_word(t.text) or t.ent_type_ == "NORP") for t in lead):
        return None
    rest = [t for t in phrase if t.i > end]
    if rest:
        # "marching up to him, saying": one action of the name's own, then a comma
        if rest[0].tag_ != "VBG" or rest[-1].text != "," or len(rest) > 8:
            return None
    found: Token = sent.span.doc[end]
    return found


@dataclass(slots=True)
class SplitQuote:
    first: int  # index of the first half in the quotes list
    second: int


def split_quotes(pa: ParsedArticle, quotes: list[Quote]) -> list[SplitQuote]:
    """Quotations split by their attribution in the middle of a sentence: ""A fair deal,"
    insisted X, "will come."" (the first half ends on a comma, the second goes on in lower case)."""
    out = []
    for n in range(len(quotes) - 1):
        a, b = quotes[n], quotes[n + 1]
        if a.para != b.para or a.orphan or b.orphan or a.open_ended:
            continue
        first = pa.text[a.start : a.end].rstrip()
        gap = pa.text[a.end : b.start]
        second = pa.text[b.start : b.end]
        if not (first.endswith(",") or gap.startswith(",")) or not second[:1].islower():
            continue
        if _SPLIT_GAP.match(gap):
            out.append(SplitQuote(n, n + 1))
    return out


def join_split_quotes(pa: ParsedArticle, quotes: list[Quote], facts: list[Fact]) -> list[Fact]:
    """The two halves of a split quotation, given to one speaker, as one fact: "A fair deal …
    will come." (each half alone stops mid-sentence, which no question may ask)."""
    at = {f.item_spans[0][0]: k for k, f in enumerate(facts) if f.item_spans}
    drop: set[int] = set()
    for pair in split_quotes(pa, quotes):
        a, b = at.get(quotes[pair.first].start), at.get(quotes[pair.second].start)
        if a is None or b is None or a in drop or b in drop:
            continue
        fa, fb = facts[a], facts[b]
        if fa.answer != fb.answer:
            continue
        s0, e0 = fa.evidence[0]
        s1, e1 = fb.evidence[0]
        extra = [e for e in (*fa.evidence[1:], *fb.evidence[1:]) if not (min(s0, s1) <= e[0] < max(e0, e1))]
        facts[a] = replace(
            fa,
            detail=f"{(fa.detail or '').rstrip(' ,')} … {fb.detail or ''}",
            item_spans=(fa.item_spans[0], fb.item_spans[0]),
            evidence=((min(s0, s1), max(e0, e1)), *dict.fromkeys(extra)),
            confidence=min(fa.confidence, fb.confidence),
        )
        drop.add(b)
    return [f for k, f in enumerate(facts) if k not in drop]


def join_broken_paragraphs(pa: ParsedArticle, quotes: list[Quote], facts: list[Fact]) -> list[Fact]:
    """A quotation cut by stray paragraph breaks in mid-sentence ("... prime minister. I" / "was" /
    "prime minister and I wanted ...," says X), both parts given to one speaker, as one fact whose
    words run across the breaks."""
    at = {f.item_spans[0][1]: k for k, f in enumerate(facts) if f.item_spans}
    drop: set[int] = set()
    for a, b in zip(quotes, quotes[1:], strict=False):
        first, second = pa.text[a.start : a.end], pa.text[b.start : b.end]
        gap = pa.text[a.end : b.start]
        if not (a.open_ended and b.orphan and 0 < b.para - a.para <= 2 and first[-1:].isalpha()):
            continue
        if not second[:1].islower() or len(gap.split()) > 3 or any(c in gap for c in '.!?"“”'):
            continue  # not one sentence broken up: a new paragraph of its own
        ka, kb = at.get(a.end), at.get(b.end) or at.get(b.end - 1)
        if ka is None or kb is None or ka == kb or facts[ka].answer != facts[kb].answer:
            continue
        fa, fb = facts[ka], facts[kb]
        s0, e1 = fa.item_spans[0][0], fb.item_spans[-1][1]
        facts[ka] = replace(
            fa,
            detail=" ".join(pa.text[s0:e1].split()),
            # the excerpts stop at the breaks: the stray line between them reads as a heading
            item_spans=(fa.item_spans[0], fb.item_spans[0]),
            evidence=(fa.evidence[0], fb.evidence[0]),
            confidence=min(fa.confidence, fb.confidence),
        )
        drop.add(kb)
    return [f for k, f in enumerate(facts) if k not in drop]


def proper_name(head: Token) -> tuple[int, int] | None:
    """The proper name a proper noun heads, with its capitalised "of"/"for" parts ("Doctors for
    Camp Closure", "Friends of the Earth"), without what stands in apposition to it."""
    if head.pos_ != "PROPN":
        return None
    while (
        head.dep_ == "pobj"
        and head.head.lower_ in ("of", "for")
        and head.head.head.i == head.head.i - 1
        and head.head.head.text[:1].isupper()
        and not head.head.head.is_sent_start
    ):
        head = head.head.head  # "Doctors for Camp Closure": from the capitalised word before "for"
    keep = {head.i}
    todo = [head]
    while todo:
        t = todo.pop()
        for c in t.children:
            if c.dep_ in ("compound", "flat") and c.pos_ == "PROPN":
                keep.add(c.i)
                todo.append(c)
            elif c.dep_ == "prep" and c.lower_ in ("of", "for") and c.i > t.i:
                objs = [g for g in c.children if g.dep_ == "pobj" and g.pos_ == "PROPN"]
                if len(objs) == 1:
                    keep |= {c.i, objs[0].i}
                    todo.append(objs[0])
                    the = [g for g in objs[0].children if g.dep_ == "det" and g.lower_ == "the"]
                    keep |= {g.i for g in the}
    a, b = min(keep), max(keep)
    if b - a + 1 != len(keep) or not head.doc[a].text[:1].isupper():
        return None  # not one unbroken name
    return head.doc[a].idx, head.doc[b].idx + len(head.doc[b])


#: the appositions that make a common noun a group's: "members of X", "a group X", "part of X"
MEMBER_NOUNS = frozenset("member group part organisation organization coalition campaign alliance".split())
#: noun lemma -> (where the noun stands, the name, the name's span) for "the doctors, members of X"
Appositions = dict[str, list[tuple[int, str, tuple[int, int]]]]


def apposition_index(pa: ParsedArticle) -> Appositions:
    """Every common noun of the article with the one proper name given in apposition to it:
    "The doctors, members of the group Doctors for Camp Closure, D4CC, ..." -> doctor."""
    out: Appositions = {}
    for sent in pa.sentences:
        base = pa.blocks[sent.para].start
        for t in sent.span:
            if t.pos_ != "NOUN":
                continue
            found: dict[str, tuple[int, int]] = {}
            apps = [c for c in t.children if c.dep_ == "appos"]
            nxt = t.doc[t.i + 2] if t.i + 2 < len(t.doc) else None
            if nxt is not None and t.nbor(1).text == "," and nxt.dep_ == t.dep_ and nxt.head.i == t.head.i:
                apps.append(nxt)  # "The nurses, members of X, have …" parsed as two subjects
            for app in apps:
                if app.lemma_.lower() not in MEMBER_NOUNS and app.pos_ != "PROPN":
                    continue  # "the fans, supporters of Arsenal": not a group that speaks as one
                heads = [x for x in app.subtree if x.pos_ == "PROPN" and x.dep_ in ("pobj", "appos")]
                heads += [app] if app.pos_ == "PROPN" else []
                # a person or a place is no group ("relatives of Ann Lee", "residents of Leeds")
                heads = [h for h in heads if h.ent_type_ not in ("PERSON", "GPE", "LOC", "NORP")]
                for at in (proper_name(h) for h in heads):
                    name = pa.text[base + at[0] : base + at[1]] if at else ""
                    # an acronym in apposition to the name is the same party
                    if at and not (name.isupper() and len(name) <= 6):
                        found.setdefault(name, (base + at[0], base + at[1]))
            # "Camp Closure" inside "Doctors for Camp Closure" is the same name
            spans = list(found.values())
            whole = [
                (n, w)
                for n, w in found.items()
                if not any(o != w and o[0] <= w[0] and w[1] <= o[1] for o in spans)
            ]
            if len(whole) == 1:
                out.setdefault(t.lemma_, []).append((base + t.idx, *whole[0]))
    return out


def named_by_apposition(index: Appositions, token: Token, pos: int) -> tuple[str, tuple[int, int]] | None:
    """ "the doctors said" -> the group an earlier sentence named in apposition to "the
    doctors" ("The doctors, members of the group Doctors for Camp Closure, ..."), when it named
    only one."""
    if token.pos_ != "NOUN" or [c.lower_ for c in token.children if c.dep_ != "punct"] != ["the"]:
        return None
    names = {name: at for where, name, at in index.get(token.lemma_, []) if where <= pos}
    return next(iter(names.items())) if len(names) == 1 else None


#: common nouns news uses for an organisation it has just named ("the company said")
ORG_NOUNS = frozenset(
    """company firm group agency union organisation organization association charity regulator
    watchdog ministry department authority commission committee council board airline carrier
    retailer broadcaster manufacturer operator insurer lender bank club""".split()
)


def expansions(name: str, orgs: set[str]) -> tuple[str, ...]:
    """The full names an acronym stands for in the article: "CBP" -> "Customs and Border
    Protection", when exactly one organisation of the article has those initials."""
    if not (name.isupper() and 2 <= len(name) <= 6 and name.isalpha()):
        return ()
    full = [o for o in orgs if o != name and len(o.split()) > 1 and acronym_of(o) == name]
    return (full[0],) if len(full) == 1 else ()


def orgs_in(pa: ParsedArticle, sent: Sentence, publications: set[str]) -> dict[str, tuple[int, int]] | None:
    """The organisations a sentence names, or None when it also names a person."""
    base = pa.blocks[sent.para].start
    out: dict[str, tuple[int, int]] = {}
    for ent in sent.span.ents:
        if ent.label_ == "PERSON":
            return None
        if ent.label_ == "ORG":
            name = re.sub(r"^(?:the|The)\s+", "", ent.text).strip(" ,.;:")
            if name and name not in publications:
                out.setdefault(name, (base + ent.end_char - len(name), base + ent.end_char))
    return out


def org_by_noun(
    pa: ParsedArticle, token: Token, own: Sentence, prev: Sentence | None, publications: set[str]
) -> tuple[str, tuple[int, int]] | None:
    """ "the agency said" -> the one organisation the sentence before names ("In August, CBP
    announced …. At the time, the agency said …"), when that sentence names no person and no
    other organisation, and the noun's own sentence names none before it; "it said" -> the
    organisation that is the subject of the sentence before."""
    if prev is None or prev.para < own.para - 1:
        return None
    if token.lower_ == "it" and token.dep_ == "nsubj" and token.head.lemma_.lower() in SPEECH_VERBS:
        # "Acme reported a loss. It said …": the organisation that is the subject before
        found = orgs_in(pa, prev, publications)
        subject = [t for t in prev.span if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT"]
        if found is None or len(found) != 1 or len(subject) != 1 or subject[0].ent_type_ != "ORG":
            return None
        return next(iter(found.items()))
    paper = token.lemma_.lower() in ("paper", "newspaper")
    found = orgs_in(pa, prev, publications)
    # "The Kelby Chamber of Commerce criticised it. ... the chamber said": a word of the name (not its first)
    own_noun = found is not None and len(found) == 1 and token.lower_ in next(iter(found)).lower().split()[1:]
    if (
        token.pos_ != "NOUN"
        or token.tag_ != "NN"
        or not (paper or own_noun or token.lemma_.lower() in ORG_NOUNS)
    ):
        return None
    if [c.lower_ for c in token.children if c.dep_ != "punct"] != ["the"]:
        return None
    if paper:
        # "in an interview with the Financial Times, … The paper said": the one publication named
        base = pa.blocks[prev.para].start
        named = {
            n: (base + e.end_char - len(n), base + e.end_char)
            for e in prev.span.ents
            if (n := re.sub(r"^(?:the|The)\s+", "", e.text)) in publications
        }
        return next(iter(named.items())) if len(named) == 1 else None
    if any(t.lemma_ == token.lemma_ and not t.ent_type_ for t in prev.span):
        return None  # "Acme met the union. The union said": another party of that noun
    lead = [e for e in own.span.ents if e.end <= token.i and e.label_ in ("PERSON", "ORG")]
    if lead or found is None or len(found) != 1:
        return None
    return next(iter(found.items()))
