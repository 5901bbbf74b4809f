"""Demand frames of wishes, insistence and conditions: "the council would like to see more police",
"the council would like the ferry company to run a night service", "the union insisted that the
depot must stay open", "the union will only call off the strike if the company raises pay".

Each finder reads one construction off spaCy's parse and gives a :class:`Found` record, as the
finders of :mod:`questions.extract.demand_finders` do; the party is the verb's subject, resolved
by :class:`~questions.extract.demand_parties.Parties` (nobody when it is unclear).
"""

from __future__ import annotations

from spacy.tokens import Token

from questions.extract.demand_grammar import _neg, _reporter, _subject, _to_inf
from questions.extract.demand_items import Found, _text, _trim, vp_items

#: "would like to", "would love to": a wish, asked with the verb the text uses
WISH_VERBS = frozenset({"like", "love"})
#: "will only ... if", "would only ... if": a condition the party sets
CONDITION_AUX = frozenset({"will", "would", "'ll", "'d"})
#: modals that make a clause after "insist that" a demand, not a claim ("insisted that he was innocent")
INSIST_MODALS = frozenset({"must", "should"})
#: the words that start these frames
WISH_TRIGGERS = WISH_VERBS | {"insist", "only"}


def find_wishes(tok: Token) -> list[Found]:
    """Every wish, insistence or condition frame triggered by ``tok``."""
    if tok.lower_ == "only":
        return _only_if(tok)
    if tok.pos_ != "VERB" or _neg(tok):
        return []
    lemma = tok.lemma_.lower()
    if lemma in WISH_VERBS:
        return _would_like(tok, lemma)
    if lemma == "insist":
        return _insist_that(tok)
    return []


def _would_like(tok: Token, lemma: str) -> list[Found]:
    """ "The council would like to see more police": what it would like to do, or, with an
    addressee, what it would like them to do ("would like Harbour Ferries to run a night service")."""
    if not any(c.dep_ == "aux" and c.lower_ in ("would", "'d") for c in tok.children):
        return []  # "likes to sail": a habit, not a wish
    inf = _to_inf(tok, ("xcomp", "ccomp"))
    if inf is None:
        return []
    who = next((c for c in tok.children if c.dep_ in ("dobj", "obj") and c.i < inf.i), None)
    if who is None and inf.dep_ == "ccomp":
        who = next((c for c in inf.children if c.dep_ == "nsubj" and c.i < inf.i), None)
    subj = _subject(tok)
    if subj is not None and subj.pos_ != "PRON" and _reporter(tok) is not None:
        return []  # "Mr Reed said the council would like ...": his report of another's wish
    if who is None and subj is not None and subj.lower_ == "we":
        # '"We would like to ...," said X': the speaker's group, asked as he put it
        ask, state = (
            "What did {party} say we would " + lemma + " to do",
            "{party} said we would " + lemma + " to",
        )
        return [Found(tok, subj, ask, state, vp_items(inf))]
    if who is None:
        ask, state = "What would {party} " + lemma + " to do", "{party} would " + lemma + " to"
        return [Found(tok, _subject(tok), ask, state, vp_items(inf))]
    if who.pos_ not in ("PROPN", "NOUN") or who.lower_ in ("you", "us", "me"):
        return []
    named = _text([t for t in who.subtree if t.i < inf.i])
    if not named or len(named.split()) > 6:
        return []
    ask, state = "What would {party} " + lemma + " {to} to do", "{party} would " + lemma + " {to} to"
    return [Found(tok, _subject(tok), ask, state, vp_items(inf), addressee=named, obliged=who)]


def _insist_that(tok: Token) -> list[Found]:
    """ "The council insisted that the bridge must be repaired before winter": the clause, when a
    modal of obligation makes it a demand."""
    clause = next((c for c in tok.children if c.dep_ == "ccomp" and c.i > tok.i), None)
    if clause is None or _neg(clause):
        return []
    if not any(c.dep_ == "aux" and c.lower_ in INSIST_MODALS for c in clause.children):
        return []
    toks = [t for t in clause.subtree if not (t.dep_ == "mark" and t.head.i == clause.i)]
    return [Found(tok, _subject(tok), "What did {party} insist", "{party} insisted that", [_trim(toks)])]


def _only_if(only: Token) -> list[Found]:
    """ "The union will only call off the strike if the company raises pay": the condition, asked
    "On what condition would the union call off the strike?"."""
    verb = only.head
    if only.dep_ != "advmod" or verb.pos_ != "VERB" or only.i > verb.i or _neg(verb):
        return []
    if not any(c.dep_ == "aux" and c.lower_ in CONDITION_AUX for c in verb.children):
        return []
    cond = next(
        (
            c
            for c in verb.children
            if c.dep_ == "advcl"
            and c.i > verb.i
            and any(m.dep_ == "mark" and m.lower_ == "if" for m in c.children)
        ),
        None,
    )
    if cond is None or _neg(cond):
        return []
    subj = _subject(verb)
    if subj is None:
        return []
    drop = {t.i for t in cond.subtree} | {t.i for t in subj.subtree}
    action = [
        t
        for t in verb.subtree
        if t.i not in drop and t.i >= verb.i and not (t.dep_ == "punct" and t.head.i == verb.i)
    ]
    if not action or any(t.dep_ in ("advcl", "ccomp") for t in action):
        return []
    what = _text(action).replace("{", "").replace("}", "")
    if len(what.split()) > 10:
        return []
    item = _trim([t for t in cond.subtree if not (t.dep_ == "mark" and t.head.i == cond.i)])
    return [
        Found(
            only,
            subj,
            "On what condition would {party} " + what,
            "{party} would " + what + " only if",
            [item],
        )
    ]
