"""Whom "he", "she" or "they" stands for inside a quotation, read from that quotation alone.

Inside a quotation a pronoun is the speaker's, not the article's: it is resolved only to the one
compatible party the same quotation names before it, and to nobody otherwise.

- "he"/"she": the one person the quotation names before the pronoun ("I was sure Sam Ketteridge
  wanted to stay. He wants to win the cup," said Ann Lark: Sam Ketteridge), unless the article
  calls that person by the other gender;
- "they": the one organisation whose name is plural ("Kelby Rovers have a young squad. They are
  determined to win the league."), or the one group of people ("the nurses"), the quotation
  names before it.

Never the speaker, never a name from another quotation or from the article's own sentences, and
nothing when a second name, a role ("the manager") or a group noun competes: a wrong party is
worse than no question.
"""

from __future__ import annotations

from typing import Protocol

from spacy.tokens import Token

from questions.extract.antecedents import Genders, Named, is_agent_noun, pronoun_gender, same_person
from questions.extract.demand_patterns import AGENT_NOUNS, GENERIC_ORG_NOUNS
from questions.extract.people import is_role_word
from questions.nlp import ParsedArticle, Sentence

#: the party found: (name, kind, the sentence that names it when not the pronoun's own)
Found = tuple[str, str, tuple[int, int] | None]


class Reader(Protocol):
    """What :class:`questions.extract.demand_parties.Parties` knows of the article."""

    pa: ParsedArticle
    quoted: list[tuple[int, int]]
    genders: Genders

    def _named(self, tok: Token) -> Named | None: ...
    def of(self, tok: Token, sent: Sentence) -> Named | None: ...
    def speaker(self, tok: Token, sent: Sentence) -> Named | None: ...


_PARTY_LABELS = ("PERSON", "ORG", "GPE", "NORP")
#: verbs that say their plural subject is plural: "Kelby Rovers have", "the Rovers are"
_PLURAL_VERBS = frozenset("are were have".split())


def quoted_antecedent(parties: Reader, tok: Token, sent: Sentence) -> Found | None:
    """The one party the pronoun ``tok`` (in a quotation) stands for, named before it in the same
    quotation; None when none, two, or the speaker would fit."""
    low = tok.lower_
    if low not in ("he", "she", "they") or tok.dep_ not in ("nsubj", "nsubjpass"):
        return None
    pa = parties.pa
    pos = pa.blocks[sent.para].start + tok.idx
    quote = next(((a, b) for a, b in parties.quoted if a <= pos < b), None)
    if quote is None:
        return None
    lead = pa.text[: quote[0]].rstrip(" \"“‘'").rstrip(" ")
    if lead and lead[-1] not in ":,.\n":
        return None  # a fragment quoted inside the article's sentence: its "they" may be outside
    gender = pronoun_gender(tok)
    found: dict[str, tuple[str, tuple[int, int] | None]] = {}
    for other in pa.sentences:
        if other.end <= quote[0] or other.start > pos or other.para != sent.para:
            continue  # one paragraph: the parse of another is another document
        base = pa.blocks[other.para].start
        at = None if other.index == sent.index else (other.start, other.end)
        seen: set[int] = set()
        for e in other.span.ents:
            if not quote[0] <= base + e.start_char < pos:
                continue
            seen.update(range(e.start, e.end))
            if e.label_ not in _PARTY_LABELS:
                continue
            p = parties._named(e.root)
            if p is None:
                return None  # a name the article's parties do not read: it may be the one
            if low == "they":
                if p.kind != "ORG" or not _plural(e.root):
                    return None  # "Acme" is "it"; persons, places, peoples may be whom it stands for
                found[p.name] = ("ORG", at)
            elif p.kind == "PERSON":
                if parties.genders.other(p.name, gender):
                    continue
                found[p.name] = ("PERSON", at)
        for t in other.span:
            if t.i in seen or not quote[0] <= base + t.idx < pos or t.i == tok.i:
                continue
            if t.pos_ == "PROPN" and t.text[:1].isupper():
                return None  # a name the parser did not label: it may be the one
            if low == "they" and t.lower_ in ("they", "them", "their"):
                return None  # an earlier "they" the quotation does not name: the same, maybe
            if t.pos_ != "NOUN" or t.dep_ in ("attr", "appos"):
                continue  # "Sam is a fine player": what the name is, no rival to it
            if low == "they" and t.tag_ == "NNS":
                group = parties.of(t, other) if _people_noun(t) else None
                if group is None or group.kind != "GROUP":
                    return None  # "threats", "knees": any plural thing may be what "they" are
                found[group.name] = ("GROUP", at)
            elif is_agent_noun(t) or is_role_word(t.text) or t.lemma_.lower() in GENERIC_ORG_NOUNS:
                return None  # "the manager", "the club", "the fans": they may be whom it stands for
    if len(found) != 1:
        return None
    name, (kind, at) = next(iter(found.items()))
    speaker = parties.speaker(tok, sent)
    if speaker is not None and same_person(speaker.name, name):
        return None  # the speaker talking of herself, or a reading that is not sure
    return name, kind, at


def _people_noun(tok: Token) -> bool:
    """A noun of people or of a body by its word, not by its ending: "nurses", "the unions"."""
    lemma = tok.lemma_.lower()
    return tok.lower_ in AGENT_NOUNS or lemma in GENERIC_ORG_NOUNS or is_role_word(lemma)


def _plural(tok: Token) -> bool:
    """An organisation's name the quotation treats as plural: "Kelby Rovers have", "the Rovers"."""
    if tok.tag_ == "NNPS":
        return True
    if tok.dep_ != "nsubj":
        return False
    verbs = [tok.head, *(c for c in tok.head.children if c.dep_ in ("aux", "auxpass"))]
    return any(v.tag_ == "VBP" or v.lower_ in _PLURAL_VERBS for v in verbs)
