"""Cues for what "he", "she" and "the group" stand for, read off the article itself.

Two small records that :class:`questions.extract.demand_parties.Parties` keeps while it reads the
article in order, so that a pronoun is resolved only when one party fits:

- :class:`Genders`: who the article calls "he" and who "she". A person's gender is known from a
  title before the name ("Mr", "Mrs", "Sir", "Ms") or from a "he"/"she" that the rule of one
  candidate already gave that person; a person the article gives both is of no known gender.
  "Carlineo ... he told police ...  Omar asked for compassion. She added, ..." then gives "she"
  to Omar, where two persons named just before would otherwise compete.
- :class:`Ties`: which party a definite noun such as "the group" or "the firm" stands for, from
  where the article introduced it: "a group of physicians ... The group had set a deadline",
  "Acme, the retailer, ... the retailer", "telecoms firm BT ... the firm". A noun tied to two
  parties stands for neither.

Written by hand: coreferee 1.5 accepts spaCy 3.8, but its English model is not on PyPI (its
installer downloads it at run time), and spacy-experimental's coreference needs a transformer model.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Protocol

from spacy.strings import get_string_id
from spacy.tokens import Span, Token

from questions.extract.demand_grammar import _subject
from questions.extract.demand_patterns import AGENT_ENDINGS, AGENT_NOUNS, GENERIC_ORG_NOUNS
from questions.extract.people import is_role_word
from questions.nlp import Sentence, ent_span

#: entity labels of organisations, places and peoples: rivals of "its" and "their"
_ORG_LABELS = ("ORG", "GPE", "NORP")

#: titles that say a person is a man or a woman: "Mr Straw", "Mrs Hutchings"
TITLE_GENDERS = {
    **dict.fromkeys("mr mister sir lord".split(), "Masc"),
    **dict.fromkeys("mrs ms miss lady dame madam".split(), "Fem"),
}


def pronoun_gender(tok: Token) -> str | None:
    """ "Masc" for he/his/him, "Fem" for she/her, from spaCy's morphology; None otherwise."""
    found = tok.morph.to_dict().get("Gender")
    return found if found in ("Masc", "Fem") else None


def title_gender(ent: Span) -> str | None:
    """The gender a title in or just before a person's name gives: "Mr Blair", "Mrs Jones"."""
    first = ent[0].lower_.rstrip(".")
    if first in TITLE_GENDERS:
        return TITLE_GENDERS[first]
    if ent.start > 0:
        return TITLE_GENDERS.get(ent.doc[ent.start - 1].lower_.rstrip("."))
    return None


class Named(Protocol):
    """A party as :class:`questions.extract.demand_parties.Party` gives it."""

    @property
    def name(self) -> str: ...
    @property
    def kind(self) -> str: ...


class Genders:
    """The gender the article gives each person, by full name; unknown when it gives both."""

    def __init__(self) -> None:
        self._seen: dict[str, set[str]] = {}

    def add(self, name: str, gender: str | None) -> None:
        if gender is not None:
            self._seen.setdefault(name, set()).add(gender)

    def of(self, name: str) -> str | None:
        seen = self._seen.get(name, set())
        return next(iter(seen)) if len(seen) == 1 else None

    def other(self, name: str, gender: str | None) -> bool:
        """The person is known to be of the other gender than the pronoun's."""
        known = self.of(name)
        return gender is not None and known is not None and known != gender


class Ties:
    """Definite nouns ("the group", "the firm") tied to the one party the article introduced by them."""

    def __init__(self) -> None:
        #: noun -> (name, kind, index of the sentence that ties them), in the article's order
        self._tied: dict[str, list[tuple[str, str, int]]] = {}

    def add(self, noun: str, name: str, kind: str, sentence: int) -> None:
        self._tied.setdefault(noun, []).append((name, kind, sentence))

    def none(self, noun: str, before: int) -> bool:
        """No sentence up to ``before`` introduces a party by the noun (not even an unknown one)."""
        return not any(t[2] <= before for t in self._tied.get(noun, []))

    def of(self, noun: str, before: int) -> tuple[str, str, int] | None:
        """(name, kind, sentence index) of the one party tied to the noun up to sentence
        ``before``, where it was first tied; None when none is, or two are."""
        ties = [t for t in self._tied.get(noun, []) if t[2] <= before]
        if not ties or len({t[0] for t in ties}) != 1 or ties[0][0] == "?":
            return None  # none, two, or one the article's parties do not include
        return ties[0]


def after_place_prep(ent: Span) -> bool:
    """A name after "at" or "in": a place more often than a person ("stay at Anfield")."""
    return ent.start > 0 and ent.doc[ent.start - 1].lower_ in ("at", "in")


def same_person(a: str, b: str) -> bool:
    """ "Omar" and "Rep. Ilhan Omar": one person's names, the one ending the other."""
    return a == b or a.endswith(" " + b) or b.endswith(" " + a)


def introduced_noun(ent: Span, nouns: frozenset[str]) -> Token | None:
    """The generic noun that introduces a name: "Acme, the retailer", "the chain Bigco, a
    supermarket group", "telecoms firm BT"; None when there is none."""
    for tok in ent:
        for c in tok.children:
            if c.dep_ == "appos" and c.lemma_.lower() in nouns and c.tag_ == "NN" and c.i >= ent.end:
                return c
            if (
                c.dep_ in ("compound", "amod")
                and c.lower_ in nouns
                and c.i == ent.start - 1
                and c.text.islower()
            ):
                return c  # "telecoms firm BT": the parser may read "firm" as the name's modifier
    top = ent.root
    if top.dep_ == "appos" and top.head.lemma_.lower() in nouns and top.head.tag_ == "NN":
        return top.head  # "the retailer, Acme,"
    return None


@lru_cache(maxsize=8)
def _ids(nouns: frozenset[str]) -> frozenset[int]:
    """The string ids of the nouns, to pick their tokens out without reading each token's text."""
    return frozenset(get_string_id(n) for n in nouns)


def introduces(tok: Token, nouns: frozenset[str]) -> bool:
    """A generic noun that brings a party in: "a group of nurses", "Acme, the retailer"; not one that
    describes ("thought of as a veteran band", "an image as a political band")."""
    return (
        tok.lemma_.lower() in nouns
        and tok.tag_ == "NN"
        and not (tok.dep_ == "pobj" and tok.head.lower_ == "as")
        and (tok.dep_ == "appos" or any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in tok.children))
    )


def tie_nouns(
    ties: Ties,
    sent: Sentence,
    subjects: list[tuple[int, str, str]],
    named: Callable[[Token], Named | None],
    nouns: frozenset[str],
) -> None:
    """Record what each noun of ``nouns`` that introduces a party in the sentence ties to: "a group
    of nurses" (a subject, as ``subjects`` resolved it), "Acme, the retailer" (a name, as ``named``
    reads it); one that introduces no party the article knows ties its noun to nobody."""
    tied: set[int] = set()
    for e in sent.span.ents:
        if e.label_ == "ORG" and (noun := introduced_noun(e, nouns)) is not None:
            p = named(e.root)
            ties.add(
                noun.lemma_.lower(), p.name if p is not None and p.kind == "ORG" else "?", "ORG", sent.index
            )
            tied.add(noun.i)
    doc = sent.span.doc
    for i, name, kind in subjects:
        if kind == "GROUP" and introduces(doc[i], nouns):
            ties.add(doc[i].lemma_.lower(), name, kind, sent.index)
            tied.add(i)
    ids = _ids(nouns)
    for tok in sent.span:
        if tok.lower in ids and tok.i not in tied and introduces(tok, nouns):
            ties.add(tok.lemma_.lower(), "?", "?", sent.index)


def possessor_subject(tok: Token, kinds: frozenset[str]) -> tuple[Token | None, bool]:
    """Whom "its" or "their" (``tok``) binds to: the subject of the nearest clause around it that
    it does not stand in ("the council unveiled its plans", "the union said that its demand had
    been ignored"), and whether a rival stands between them ("urged the board to accept its
    offer": the council's or the board's?). (None, False) when no clause around has a subject."""
    x = tok.head
    while x.head.i != x.i:
        x = x.head
        if x.pos_ not in ("VERB", "AUX"):
            continue
        subj = _subject(x)
        if subj is None or subj.left_edge.i <= tok.i <= subj.right_edge.i:
            continue  # "its aim is to ...": the pronoun stands in the subject itself
        if subj.i > tok.i:
            return None, True
        own = ent_span(subj)
        # after the subject's own phrase ("nurses at Kelby Hospital renewed their call")
        between = tok.doc[max(own.end if own is not None else 0, subj.right_edge.i + 1) : tok.i]
        rival = any(
            t.ent_type_ in _ORG_LABELS
            or t.pos_ == "PRON"
            and t.lower_ in ("it", "they", "them")
            or t.pos_ == "PROPN"
            and t.text[:1].isupper()
            or t.pos_ == "NOUN"
            and t.lemma_.lower() in GENERIC_ORG_NOUNS
            or t.pos_ == "NOUN"
            and "GROUP" in kinds
            and is_agent_noun(t)
            for t in between
        )
        return subj, rival
    return None, False


def is_agent_noun(tok: Token) -> bool:
    """A noun that names people or a body that can want something: "residents", "the mayor",
    "consumer advocates", "the union" (not "those songs", "forecasts")."""
    lemma = tok.lemma_.lower()
    if (
        lemma in GENERIC_ORG_NOUNS
        or lemma in AGENT_NOUNS
        or tok.lower_ in AGENT_NOUNS
        or is_role_word(tok.text)
    ):
        return True
    return tok.tag_ == "NNS" and tok.lower_.endswith(AGENT_ENDINGS)
