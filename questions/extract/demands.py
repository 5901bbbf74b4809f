"""Demands: what a party demands, wants, proposes, insists on, rules out or opposes.

Each demand is split into items. A sentence that continues the list ("Furthermore, it also
emphasized the need to ...", "In addition, ...") is attributed to the same party; a
pronoun subject resolves to the last party named.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from questions.extract.clauses import render
from questions.extract.demand_frames import UNNAMED_SPEAKER, extract_frames, is_agent_noun
from questions.extract.demand_grammar import aside_subject, is_duration, object_controlled, speculative
from questions.extract.people import People, clean_name, is_role_word
from questions.facts import Fact
from questions.nlp import ParsedArticle, ent_span

#: verb lemma -> how a question names the act
DEMAND_VERBS = {
    "demand": "demand",
    "want": "want",
    "propose": "propose",
    "insist": "insist on",
    "oppose": "oppose",
    "urge": "urge",
    "seek": "seek",
    "request": "request",
    "require": "require",
    "call": "call for",
    "push": "push for",
    "press": "press for",
    "reject": "reject",
    "protest": "protest",
    "rule": "rule out",
    "ask": "ask for",
    "emphasize": "emphasize",
    "emphasise": "emphasise",
    "stress": "stress",
}
NEED_NOUNS = {"need", "necessity", "importance"}
CONTINUATION = re.compile(
    r"^\s*(?:furthermore|in addition|additionally|moreover|also|besides|it also|"
    r"they also|he also|she also|beyond that|on top of that)\b",
    re.I,
)
SUBJECT_PRONOUNS = {"it", "they", "he", "she", "this"}


def _party_of(token: Token, pa: ParsedArticle, people: People) -> str | None:
    ent = ent_span(token)
    if ent is not None and ent.label_ in ("PERSON", "ORG", "GPE", "NORP"):
        name = clean_name(ent.text)
        if _shared_surname(people, name):
            return None
        return people.resolve(name) or people.org_display.get(name) or name
    if token.pos_ == "PROPN" and token.text[:1].isupper() and not is_role_word(token.text):
        # "Harbour Traders Guild": compounds of compounds are the name too
        toks = sorted(
            [t for t in token.subtree if t.i < token.i and _compound_of(t, token) and t.pos_ == "PROPN"]
            + [token],
            key=lambda t: t.i,
        )
        name = clean_name(" ".join(t.text for t in toks))
        return None if _shared_surname(people, name) else people.resolve(name) or name
    if token.pos_ == "NOUN" and token.lemma_.lower() not in NOT_PARTIES and is_agent_noun(token):
        # a group named by a noun phrase: "residents", "the supporters' trust", "organisers of the festival"
        toks = [
            t
            for t in token.subtree
            if t.dep_ not in ("relcl", "acl", "appos", "punct") and not _in_clause(t, token)
        ]
        if 1 <= len(toks) <= 7 and toks[-1].i - toks[0].i + 1 == len(toks):
            text = "".join(t.text_with_ws for t in toks).strip()
            return text[:1].lower() + text[1:] if toks[0].pos_ == "DET" or toks[0].pos_ == "NOUN" else text
    return None


def _shared_surname(people: People, name: str) -> bool:
    """ "Harlow" when the article names a Patrick and a Peter Harlow: which one is not known."""
    return people.resolve(name) is None and sum(p.split()[-1] == name for p in people.persons) > 1


def _compound_of(t: Token, top: Token) -> bool:
    while t.i != top.i:
        if t.dep_ != "compound":
            return False
        t = t.head
    return True


#: nouns that are not parties that can demand anything
NOT_PARTIES = frozenset(
    "plan report study proposal document letter deal law bill rule policy move decision "
    "idea statement survey poll data figure analysis research it thing way forecast".split()
)


def _in_clause(t: Token, top: Token) -> bool:
    x = t
    while x.i != top.i and x.head.i != x.i:
        if x.dep_ in ("relcl", "acl", "appos"):
            return True
        x = x.head
    return False


def _subject(verb: Token) -> Token | None:
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            return c
    if object_controlled(verb):
        return None  # "X ..., leading 12 nations to order ...": the nations order, not X
    if verb.dep_ in ("conj", "xcomp") and verb.head.pos_ in ("VERB", "AUX", "ADJ"):
        return _subject(verb.head)
    if verb.dep_ == "acl":
        return aside_subject(verb)
    return None


def _items(verb: Token) -> list[tuple[int, int, str]]:
    """(first token, last token + 1, how) of each item the verb asks for."""
    lemma = verb.lemma_.lower()
    children = list(verb.children)
    obj = next((c for c in children if c.dep_ in ("dobj", "obj")), None)
    xcomp = next((c for c in children if c.dep_ in ("xcomp", "ccomp") and c.i > verb.i), None)
    if lemma in ("emphasize", "emphasise", "stress") or (
        obj is not None and obj.lemma_.lower() in NEED_NOUNS
    ):
        if obj is None or obj.lemma_.lower() not in NEED_NOUNS:
            return []
        inner = next((c for c in obj.children if c.dep_ in ("acl", "relcl", "prep")), None)
        if inner is None:
            return []
        toks = [t for t in inner.subtree if not (t.tag_ == "TO" and t.i == inner.left_edge.i)]
        if inner.dep_ == "prep":
            toks = [t for t in toks if t.i != inner.i]
        return [(min(t.i for t in toks), max(t.i for t in toks) + 1, "need")] if toks else []
    if lemma == "insist" and not any(c.dep_ == "prep" and c.lower_ == "on" for c in children):
        return []
    if lemma == "rule" and not any(c.dep_ == "prt" and c.lower_ == "out" for c in children):
        return []
    if lemma == "call" and obj is not None:
        return []  # "X called the plan misguided" is a judgement, not a demand
    if lemma in ("push", "press") and obj is not None and xcomp is None:
        return []  # "pressing the boundaries"
    if lemma in ("call", "push", "press", "ask") and obj is None:
        prep = next((c for c in children if c.dep_ == "prep" and c.lower_ == "for"), None)
        if prep is None or is_duration(prep):
            return []  # "asked for a second time whether ...": how often, not what is asked for
        toks = [t for t in prep.subtree if t.i != prep.i]
        return [(min(t.i for t in toks), max(t.i for t in toks) + 1, "for")] if toks else []
    if obj is not None and xcomp is not None and xcomp.i > obj.i:
        # "wanted NATO to withdraw troops"
        return [(obj.left_edge.i, xcomp.right_edge.i + 1, "obj_to")]
    if obj is not None:
        # "wants lighter regulation, as well as the removal of the threat": the parser hangs the
        # second object on the verb
        also = [
            c
            for c in children
            if c.dep_ == "conj"
            and c.pos_ == "NOUN"
            and c.i > obj.i
            and any(
                x.dep_ == "cc" and x.lower_ == "as" and x.i < c.i and x.nbor(-1).lower_ == "well"
                for x in children
            )
        ]
        return _split_objects(obj) + [(c.left_edge.i, _phrase_end(c), "obj") for c in also[:1]]
    if xcomp is not None:
        sub = list(xcomp.subtree)
        how = (
            "to" if sub and sub[0].tag_ == "TO" else ("that" if sub and sub[0].lower_ == "that" else "obj_to")
        )
        toks = [t for t in sub if not (t.tag_ == "TO" and t.i == xcomp.left_edge.i)]
        # "wanted to ensure ruling out ...": the light verb adds nothing to the item
        if (
            toks
            and toks[0].lemma_.lower() in ("ensure", "see", "make")
            and len(toks) > 3
            and toks[1].pos_ in ("VERB", "NOUN", "DET", "ADJ")
        ):
            toks = toks[1:]
        return [(min(t.i for t in toks), max(t.i for t in toks) + 1, how)] if toks else []
    prep = next((c for c in children if c.dep_ == "prep" and c.lower_ in ("to", "on", "for")), None)
    if prep is not None:
        toks = [t for t in prep.subtree if t.i != prep.i]
        return [(min(t.i for t in toks), _phrase_end(prep), "prep")] if toks else []
    return []


def _split_objects(obj: Token) -> list[tuple[int, int, str]]:
    """ "a pay rise, shorter hours and a pension" -> three items."""
    conjs = []
    c = obj
    while True:
        nxt = next((x for x in c.children if x.dep_ == "conj" and x.pos_ in ("NOUN", "PROPN")), None)
        if nxt is None:
            break
        conjs.append(nxt)
        c = nxt
    if not conjs:
        return [(obj.left_edge.i, _phrase_end(obj), "obj")]
    heads = [obj, *conjs]
    out = []
    for n, h in enumerate(heads):
        start = h.left_edge.i if n == 0 else min(t.i for t in h.subtree if t.dep_ not in ("cc", "punct"))
        # a head's own phrase ends where the next conjunct's begins
        stop = heads[n + 1].left_edge.i if n + 1 < len(heads) else _phrase_end(h)
        toks = [
            t
            for t in h.doc[start:stop]
            if not (t.dep_ in ("cc", "punct") and t.head.i in {x.i for x in heads})
        ]
        while toks and (toks[-1].dep_ in ("cc",) or toks[-1].is_punct):
            toks.pop()
        if toks:
            out.append((toks[0].i, toks[-1].i + 1, "obj"))
    return out


def _phrase_end(tok: Token) -> int:
    """End of a phrase, stopping before a comma that starts a loosely attached addition."""
    end = tok.right_edge.i + 1
    for t in tok.subtree:
        if t.i > tok.i and t.text == "," and t.head.i == tok.i:
            return t.i
    return end


def extract_demands(pa: ParsedArticle, *, people: People, **_: object) -> list[Fact]:
    facts, used, parties = extract_frames(pa, people)
    last_party: dict[int, str] = {}
    for sent in pa.sentences:
        span = sent.span
        base = pa.blocks[sent.para].start
        for tok in span:
            lemma = tok.lemma_.lower()
            is_opposed = tok.lower_ == "opposed" and any(
                c.dep_ == "prep" and c.lower_ == "to" for c in tok.children
            )
            if lemma not in DEMAND_VERBS and not is_opposed or (sent.para, tok.i) in used:
                continue
            if tok.pos_ not in ("VERB", "ADJ", "AUX") or any(c.dep_ == "neg" for c in tok.children):
                continue
            if speculative(tok):
                continue  # "might seek to close the depot": only possible
            if not is_opposed and any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children):
                continue  # "was urged by the council to ...", "is required to ...": the subject is asked
            if tok.dep_ in ("amod", "compound") or tok.tag_ == "VBG" and tok.dep_ not in ("ROOT", "conj"):
                continue
            subj = _subject(tok)
            if is_opposed and subj is None and tok.head.lemma_ == "be":
                subj = _subject(tok.head)
            party, named_at = None, None
            if subj is not None:
                # "it", or "the union" / "the bloc" in a sentence that goes on with the same party
                previous = last_party.get(sent.para) or last_party.get(sent.para - 1)
                refers_back = subj.lower_ in SUBJECT_PRONOUNS or (
                    subj.pos_ == "NOUN"
                    and any(c.lower_ == "the" for c in subj.children)
                    and previous is not None
                    and subj.lemma_.lower()
                    in previous.lower()  # "the college" after "the Royal College of ..."
                )
                if refers_back:
                    # only a party already making demands: a stray "he" is not enough to guess
                    party = last_party.get(sent.para) or last_party.get(sent.para - 1)
                    if (other := parties.of(subj, sent)) is not None:
                        # the one party of the pronoun's kind named just before: that sentence is a source
                        party, named_at = other.name, other.named_at
                else:
                    party = _party_of(subj, pa, people)
            if party is None:
                continue
            if subj is not None and subj.lower_ in ("i", "we", "you"):
                continue
            per = None
            if parties.in_quote(tok, sent):
                # a demand told inside someone's quotation is asked as that speaker's reading
                speaker = parties.speaker(tok, sent)
                per = UNNAMED_SPEAKER if speaker is None else None if speaker.name == party else speaker.name
            for a, b, how in _items(tok) if not is_opposed else _opposed_items(tok):
                b = _extend_right(tok, b)
                toks = _trim_loose_ends([t for t in span.doc[a:b]])
                while toks and (toks[-1].is_punct or toks[-1].dep_ in ("cc",)):
                    toks.pop()
                while toks and toks[0].is_punct:
                    toks.pop(0)
                if len(toks) < 2:
                    continue
                s, e = base + toks[0].idx, base + toks[-1].idx + len(toks[-1])
                item = pa.text[s:e]
                if len(item.split()) > 30 or pa.article.is_masked(s, e):
                    continue
                verb_label = "opposed" if is_opposed else DEMAND_VERBS[lemma]
                # the words between the verb and the item frame the question ("the need to", "to")
                between = (
                    render(span.doc[tok.i + 1 : toks[0].i])
                    if toks[0].i > tok.i + 1 and how in ("need", "to")
                    else ""
                )
                facts.append(
                    Fact(
                        kind="demand",
                        answer=item.strip(' ,.;:"“”'),
                        span=(s, e),
                        evidence=((sent.start, sent.end),) + ((named_at,) if named_at else ()),
                        subject=party,
                        verb=verb_label,
                        detail=between,
                        style=how,
                        confidence=0.9
                        if lemma in ("want", "demand", "propose", "insist") or is_opposed
                        else 0.7,
                        value="continued" if CONTINUATION.match(sent.text) else None,
                        per=per,
                    )
                )
                last_party[sent.para] = party
    return _dedupe(facts)


_PLACE_PREPS = frozenset(
    "through in at on to from across near within around into over of for along during".split()
)


def _extend_right(verb: Token, end: int) -> int:
    """Phrases the parser hung on the verb that belong to the item right before them:
    "demanded an open-top bus parade | through the city centre", "permits | next to the park"."""
    doc = verb.doc
    while end < len(doc):
        t = doc[end]
        if t.head.i != verb.i or t.dep_ not in ("prep", "advmod", "npadvmod"):
            break
        if t.dep_ == "prep" and t.lower_ not in _PLACE_PREPS:
            break
        if t.dep_ != "prep" and not any(c.dep_ == "prep" for c in t.children):
            break
        dated = [x.i for x in t.subtree if x.ent_type_ in ("DATE", "TIME")]
        if dated:
            # "compassion | during his sentencing | in a letter on Tuesday": up to the phrase with the date
            inner = [
                y.left_edge.i
                for y in t.subtree
                if y.i != t.i
                and y.dep_ in ("prep", "acl", "relcl")
                and y.left_edge.i <= dated[0] <= y.right_edge.i
            ]
            if inner and min(inner) > t.i + 1 and t.dep_ == "prep":
                end = min(inner)
            break
        end = t.right_edge.i + 1
    return end


_LOOSE = frozenset("which who whom while whereas despite although though as but because prompting".split())


def _trim_loose_ends(toks: list[Token]) -> list[Token]:
    """Cut an item before a comma that starts a loosely attached addition
    ("cutting three routes, prompting anger in the villages")."""
    for n, t in enumerate(toks):
        if t.text in (",", ";", "—", "–") and n + 1 < len(toks):
            nxt = toks[n + 1]
            if nxt.tag_ == "VBG" or nxt.lower_ in _LOOSE:
                return toks[:n]
    return toks


def _opposed_items(tok: Token) -> list[tuple[int, int, str]]:
    prep = next(c for c in tok.children if c.dep_ == "prep" and c.lower_ == "to")
    objs = [c for c in prep.children if c.dep_ == "pobj"]
    if not objs:
        return []
    obj = objs[0]
    return [(obj.left_edge.i, _phrase_end(obj), "opposed")]


def _dedupe(facts: list[Fact]) -> list[Fact]:
    out: list[Fact] = []
    for f in facts:
        if any(g.span[0] <= f.span[0] and f.span[1] <= g.span[1] and g.subject == f.subject for g in out):
            continue
        out = [
            g
            for g in out
            if not (f.span[0] <= g.span[0] and g.span[1] <= f.span[1] and g.subject == f.subject)
        ]
        out.append(f)
    return out
