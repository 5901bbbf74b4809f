"""Demand frames read with spaCy's ``DependencyMatcher`` from the pattern tables of
:mod:`questions.extract.demand_patterns`: a deadline a party sets for another to act ("set a
deadline of Friday for the council to reply"), a demand listed after a plan ("said they would take
steps, including calling for an inquiry"), what a named body's rules recommend ("the Port
Authority's guidelines recommend keeping ferries in harbour") and what a party recommends doing
("the panel recommended closing the school"). Each gives the same :class:`Found` records as
:mod:`questions.extract.demand_finders`.
"""

from __future__ import annotations

from functools import cache

from spacy.matcher import DependencyMatcher
from spacy.tokens import Token
from spacy.vocab import Vocab

from questions.extract.demand_finders import find
from questions.extract.demand_grammar import _neg, _subject
from questions.extract.demand_items import Found, _phrase, _text, _trim, view_to
from questions.extract.demand_patterns import (
    DEADLINE_NOUNS,
    DEADLINE_PATTERNS,
    DEADLINE_VERBS,
    INCLUDING_PATTERNS,
    INCLUDING_VERBS,
    RULE_NOUNS,
    RULE_PATTERNS,
    RULE_VERBS,
)

#: words that start a frame of this module
EXTRA_TRIGGERS = frozenset([*DEADLINE_NOUNS, *INCLUDING_VERBS, *RULE_VERBS, "view"])


@cache
def _matcher(vocab: Vocab) -> DependencyMatcher:
    matcher = DependencyMatcher(vocab)
    matcher.add("DEADLINE", DEADLINE_PATTERNS)
    matcher.add("INCLUDING", INCLUDING_PATTERNS)
    matcher.add("RULES", RULE_PATTERNS)
    return matcher


def _matches(tok: Token, label: str, at: int) -> list[list[Token]]:
    """The matches of one table in ``tok``'s sentence whose ``at``-th token is ``tok``."""
    sent = tok.sent
    key = tok.doc.vocab.strings[label]
    out = []
    for match_id, ids in _matcher(tok.doc.vocab)(sent):
        if match_id == key and sent[ids[at]].i == tok.i:
            out.append([sent[i] for i in ids])
    return out


def find_extra(tok: Token) -> list[Found]:
    """Every frame of this module that ``tok`` starts."""
    lemma = tok.lemma_.lower()
    if tok.pos_ == "NOUN" and lemma in DEADLINE_NOUNS:
        return _deadline(tok)
    if tok.tag_ == "VBG" and lemma in INCLUDING_VERBS and tok.dep_ == "pcomp":
        return _including(tok, lemma)
    if tok.pos_ == "VERB" and lemma in RULE_VERBS and not _neg(tok):
        return _rules(tok, lemma) or _recommend_doing(tok, lemma)
    if tok.lower_ == "view" and tok.dep_ == "pobj" and tok.head.lower_ == "with":
        return _view_to(tok.head)
    return []


def _view_to(with_: Token) -> list[Found]:
    """ "The trust will start dredging in May with a view to reopening the marina": what the party
    acts for is its aim, as with "in order to"; never after a passive, which names no one."""
    doing, verb = view_to(with_), with_.head
    if doing is None or verb.pos_ != "VERB" or _neg(verb) or with_.dep_ != "prep":
        return []
    if not any(c.dep_ == "nsubj" for c in verb.children):
        return []
    return [
        Found(
            with_, _subject(verb), "What did {party} aim at", "{party} aimed at", [_trim(list(doing.subtree))]
        )
    ]


def _deadline(noun: Token) -> list[Found]:
    for verb, _noun, clause, mark, _who, _to in _matches(noun, "DEADLINE", 1):
        if _neg(verb) or _neg(clause):
            continue
        # "a deadline of Friday": the date stands in the question, the clause is the answer
        of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        when = ""
        if of is not None and any(t.ent_type_ in ("DATE", "TIME") for t in of.subtree):
            when = " " + _text(list(of.subtree))
        toks = _trim([t for t in clause.subtree if t.i != mark.i and t.i > mark.i])
        said = DEADLINE_VERBS[verb.lemma_.lower()]
        head = noun.doc[noun.left_edge.i : noun.i + 1].text
        return [
            Found(
                noun,
                _subject(verb),
                "What did {party} " + said + " " + head + when + " for",
                "{party} set " + head + when + " for",
                [toks],
            )
        ]
    return []


def _including(act: Token, lemma: str) -> list[Found]:
    """ "X said they would take steps, including calling for an inquiry": asked as the plan is
    ("What did X say they would call for?"), by the party the plan's own frame finds."""
    for _act, _including_tok, plan in _matches(act, "INCLUDING", 0):
        how, where = INCLUDING_VERBS[lemma]
        if where == "for":
            prep = next((c for c in act.children if c.dep_ == "prep" and c.lower_ == "for"), None)
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
        else:
            obj = next((c for c in act.children if c.dep_ in ("dobj", "obj")), None)
        if obj is None or _neg(act):
            return []
        for frame in _plan_frames(plan):
            return [
                Found(
                    act,
                    frame.subject,
                    frame.ask[: -len(" do")] + " " + how,
                    frame.state + " " + how,
                    [_phrase(obj)],
                    addressee=frame.addressee,
                    obliged=frame.obliged,
                )
            ]
    return []


def _plan_frames(plan: Token) -> list[Found]:
    """The frames whose item is the verb phrase of ``plan`` (its trigger is the verb, an
    auxiliary of it, or the verb it is the infinitive of), asked as "What did X ... do"."""
    near = [plan, *(c for c in plan.children if c.dep_ == "aux"), plan.head]
    out = []
    for t in near:
        for frame in find(t):
            if (
                frame.subject is not None
                and not frame.against
                and frame.ask.endswith(" do")
                and any(plan in item for item in frame.items)
            ):
                out.append(frame)
    return out


def _rules(verb: Token, lemma: str) -> list[Found]:
    """ "the Port Authority's guidelines recommend keeping ferries in harbour"."""
    for _verb, rules, *rest in _matches(verb, "RULES", 0):
        owner = rest[-1]
        items = _recommended(verb)
        if not items:
            return []
        past = verb.tag_ == "VBD"
        do = "did" if past else "does" if rules.tag_ == "NN" else "do"
        said = lemma if not past else lemma + "ed"
        if not past and rules.tag_ == "NN":
            said += "s"
        return [
            Found(
                verb,
                owner,
                "What " + do + " {party}'s " + rules.text + " " + lemma,
                "{party}'s " + rules.text + " " + said,
                items,
            )
        ]
    return []


def _recommend_doing(verb: Token, lemma: str) -> list[Found]:
    """ "the panel recommended closing the school": a party's recommendation of an act."""
    subj = _subject(verb)
    if subj is None or subj.lemma_.lower() in RULE_NOUNS:
        return []
    doing = next((c for c in verb.children if c.dep_ == "xcomp" and c.tag_ == "VBG" and c.i > verb.i), None)
    if doing is None:
        return []
    ask = "What did {party} " + lemma if verb.tag_ == "VBD" else "What does {party} " + lemma
    return [Found(verb, subj, ask, "{party} " + lemma + "ed", [_trim(list(doing.subtree))])]


def _recommended(verb: Token) -> list[list[Token]]:
    """What a rule recommends: an act ("keeping ...") or a thing ("a rest day")."""
    for c in verb.children:
        if c.i > verb.i and (c.dep_ == "xcomp" and c.tag_ == "VBG" or c.dep_ in ("dobj", "obj")):
            return [_trim(list(c.subtree))]
    return []
