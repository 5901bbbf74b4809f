"""Party forms the resolver of :mod:`questions.extract.demand_parties` reads besides names,
pronouns and "the firm": a capitalised common plural that opens a sentence ("Midwives are
giving their time ..."), which the parser may take for a name."""

from __future__ import annotations

import re

from spacy.tokens import Token

from questions.extract.antecedents import Ties
from questions.extract.demand_grammar import _reporter, _subject
from questions.extract.demand_patterns import AGENT_ENDINGS, AGENT_NOUNS, SAY_VERBS
from questions.nlp import ParsedArticle, Sentence


def opening_plural(tok: Token, sent: Sentence, text: str) -> str | None:
    """ "Midwives are giving ...": the parser tags a common plural noun that opens a
    sentence as a proper noun; it names a group like "physicians" in mid-sentence would. Only a
    bare plural (no entity, no words of a name before it) whose lower-case form names people: a
    word of the list, or one of an agent's ending the article (``text``) also writes in lower case
    ("Rangers are ..." is a club's name when "rangers" is nowhere else)."""
    if tok.pos_ != "PROPN" or tok.tag_ != "NNPS" or tok.ent_type_ or tok.i != sent.span.start:
        return None
    if any(c.dep_ in ("compound", "det", "amod", "poss", "nmod") for c in tok.children):
        return None
    low = tok.lower_
    if not low.isalpha() or not low.endswith("s") or tok.text != low.capitalize():
        return None  # "NURSES", "McKinseys": not a common noun written with a capital
    if low in AGENT_NOUNS or (low.endswith(AGENT_ENDINGS) and re.search(rf"\b{low}\b", text)):
        return low
    return None


def cited(tok: Token) -> bool:
    """ "..., according to the board", "..., said a group of nurses" (which the parser may read as
    the object of "said"): the party a sentence cites is named there as a subject of saying is,
    and "they agreed" in the next sentence may stand for it."""
    head = tok.head
    if tok.dep_ == "pobj":
        return head.lower_ == "to" and head.head.lower_ == "according"
    return (
        tok.dep_ in ("dobj", "obj")
        and head.lemma_.lower() in SAY_VERBS
        and head.i < tok.i
        and head.i > 0
        and tok.doc[head.i - 1].text == ","
        # the sentence ends with the name (the parser may take a word before for the subject)
        and all(t.is_punct for t in tok.doc[tok.right_edge.i + 1 : tok.sent.end])
    )


def lead_party(
    pa: ParsedArticle, named: list[list[tuple[int, str, str]]], ties: Ties, noun: str, before: int
) -> tuple[str, str] | None:
    """ "Tidemark's hunger for a hit. Tidemark ... are clinging to their status as one of the
    biggest bands": "the band" that no sentence up to ``before`` introduces is the article's
    subject, when the headline names the one party the lead sentence has as subject, and the lead
    calls it by that noun (singular or plural). None when anything else could fit."""
    if not ties.none(noun, before) or not pa.sentences or not named or len(named[0]) != 1:
        return None
    _i, name, kind = named[0][0]
    if kind != "ORG" or not pa.article.title or name not in pa.article.title:
        return None
    if not any(t.pos_ == "NOUN" and t.lemma_.lower() == noun for t in pa.sentences[0].span):
        return None
    return name, kind


def named_sayer(tok: Token) -> bool:
    """ "Ada Crane asked for ..., saying she did not think ...": the pronoun is the subject of a
    clause that a person named by a name reports, and stands for her (as the resolver reads it)."""
    say = _reporter(tok.head) if tok.dep_ in ("nsubj", "nsubjpass") else None
    sayer = _subject(say) if say is not None else None
    return sayer is not None and sayer.i != tok.i and sayer.pos_ == "PROPN" and sayer.ent_type_ == "PERSON"
