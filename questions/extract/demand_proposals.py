"""Demand frames of proposals and offers named by a noun: "the council unveiled proposals which
include closing two libraries and cutting bus subsidies", "proposals, including ...", "the council
has drawn up plans to close two libraries", "floated the idea of closing two libraries", "under the
council's plans, two libraries would close", "the council's offer of free parking", "the union's
demand for a pay rise was rejected".

The party is the noun's owner (:func:`questions.extract.demand_nouns._owner`: its possessor, its
"by" phrase, or the subject of a verb that presents it) or the subject of the verb that draws the
plan up, resolved by :class:`~questions.extract.demand_parties.Parties` (nobody when it is unclear).
"""

from __future__ import annotations

from spacy.tokens import Token

from questions.extract.demand_aims import INCLUDE_NOUNS
from questions.extract.demand_grammar import _neg, _reporter, _subject, _to_inf, is_duration, speculative
from questions.extract.demand_items import Found, _trim, object_items, vp_items
from questions.extract.demand_nouns import _owner
from questions.extract.demand_patterns import FOR_NOUNS

#: verbs (with their particle) that draw a plan up: "drew up plans to", "floated the idea of"
DRAWING_VERBS: dict[str, str | None] = {
    "draw": "up",
    "come": "up",
    "float": None,
    "hatch": None,
    "devise": None,
    "draft": None,
}
#: nouns a drawn-up plan is named by, and how a question asks about it
DRAWN_NOUNS: dict[str, tuple[str, str]] = {
    "plan": ("What did {party} plan to do", "{party} planned to"),
    "proposal": ("What did {party} propose to do", "{party} proposed to"),
    "scheme": ("What did {party} plan to do", "{party} planned to"),
    "idea": ("What did {party} suggest", "{party} suggested"),
}
#: nouns of a plan under which something would happen: "under the council's plans, ..."
UNDER_NOUNS = frozenset({"plan", "proposal", "scheme", "blueprint"})
#: modals of what would happen under a plan
UNDER_MODALS = frozenset({"would", "will", "could"})
#: nouns with an "of" phrase naming what is offered or promised: "the council's offer of free parking"
OF_NOUNS: dict[str, tuple[str, str]] = {
    "offer": ("What did {party} offer", "{party} offered"),
    "promise": ("What did {party} promise", "{party} promised"),
    "pledge": ("What did {party} pledge", "{party} pledged"),
}
#: the words that start these frames
PROPOSAL_TRIGGERS = (
    INCLUDE_NOUNS | set(DRAWN_NOUNS) | UNDER_NOUNS | set(OF_NOUNS) | set(FOR_NOUNS) | {"include"}
)


def find_proposals(tok: Token) -> list[Found]:
    """Every frame of this module that ``tok`` starts."""
    lemma = tok.lemma_.lower()
    out: list[Found] = []
    if tok.pos_ == "VERB" and lemma == "include":
        out += _which_include(tok)
    if tok.pos_ != "NOUN":
        return out
    if lemma in INCLUDE_NOUNS:
        out += _including(tok)
    if lemma in DRAWN_NOUNS:
        out += _drawn_up(tok, lemma)
    if lemma in UNDER_NOUNS:
        out += _under(tok)
    if lemma in OF_NOUNS:
        out += _offer_of(tok, lemma)
    if lemma in FOR_NOUNS:
        out += _owned_call_for(tok, lemma)
    return out


def gerund_items(first: Token) -> list[list[Token]]:
    """ "closing two libraries and cutting bus subsidies": one item per gerund, whether the parser
    makes the second a conjunct of the first or of its object."""
    heads = [first]
    for t in first.subtree:
        if t.dep_ == "conj" and t.tag_ == "VBG" and t.i > first.i:
            heads.append(t)
    items = []
    for n, h in enumerate(heads):
        stop = heads[n + 1].i if n + 1 < len(heads) else h.right_edge.i + 1
        toks = [t for t in first.doc[h.i : stop] if not (t.dep_ == "cc" and t.i > h.i)]
        items.append(_trim(toks))
    return items


def _listed(head: Token) -> list[list[Token]] | None:
    """The items a list after "include" or "including" gives: gerunds or nouns."""
    if head.tag_ == "VBG":
        return gerund_items(head)
    if head.pos_ == "NOUN":
        return object_items(head)
    return None


def _include_frame(noun: Token) -> tuple[str, str]:
    name = noun.text.lower()
    return "What did {party}'s " + name + " include", "{party}'s " + name + " included"


def _which_include(verb: Token) -> list[Found]:
    """ "The council unveiled proposals which include closing two libraries": the relative
    clause lists the noun's items; the frame's trigger is the relative pronoun (see
    :func:`questions.extract.demand_plans.rebuilt`)."""
    rel = next((c for c in verb.children if c.dep_ == "nsubj" and c.tag_ == "WDT"), None)
    noun = verb.head
    if rel is None or verb.dep_ != "relcl" or noun.pos_ != "NOUN" or _neg(verb):
        return []
    if noun.lemma_.lower() not in INCLUDE_NOUNS:
        return []
    head = next((c for c in verb.children if c.dep_ in ("xcomp", "dobj", "obj") and c.i > verb.i), None)
    items = _listed(head) if head is not None else None
    owner = _owner(noun)
    if not items or owner is None:
        return []
    ask, state = _include_frame(noun)
    return [Found(rel, owner, ask, state, items)]


def _including(noun: Token) -> list[Found]:
    """ "The council unveiled proposals, including closing two libraries and cutting subsidies"."""
    prep = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "including"), None)
    if prep is None:
        return []
    head = next((c for c in prep.children if c.dep_ in ("pcomp", "pobj")), None)
    items = _listed(head) if head is not None else None
    owner = _owner(noun)
    if not items or owner is None:
        return []
    ask, state = _include_frame(noun)
    return [Found(noun, owner, ask, state, items)]


def _drawn_up(noun: Token, lemma: str) -> list[Found]:
    """ "The council has drawn up plans to close two libraries", "came up with a plan to save the
    library", "floated the idea of closing two libraries": the subject's plan."""
    verb = noun.head
    if noun.dep_ == "pobj" and verb.lower_ == "with":
        verb = verb.head  # "came up with a plan to ..."
    elif noun.dep_ not in ("dobj", "obj"):
        return []
    vlemma = verb.lemma_.lower()
    if vlemma not in DRAWING_VERBS or _neg(verb) or speculative(verb):
        return []
    particle = DRAWING_VERBS[vlemma]
    if particle is not None and not any(c.dep_ == "prt" and c.lower_ == particle for c in verb.children):
        return []
    if any(c.dep_ == "det" and c.lower_ in ("no", "neither") for c in noun.children):
        return []
    if lemma == "idea":
        of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        ger = next((c for c in of.children if c.dep_ == "pcomp" and c.tag_ == "VBG"), None) if of else None
        items = gerund_items(ger) if ger is not None else []
    else:
        inf = _to_inf(noun, ("acl", "relcl"))
        items = vp_items(inf) if inf is not None and not _neg(inf) else []
    if not items:
        return []
    ask, state = DRAWN_NOUNS[lemma]
    return [Found(noun, _subject(verb), ask, state, items)]


def _under(noun: Token) -> list[Found]:
    """ "Under the council's plans, two libraries would close and bus fares would rise": what would
    happen under the owner's plan, one clause per item."""
    prep = noun.head
    verb = prep.head
    if noun.dep_ != "pobj" or prep.lower_ != "under" or verb.pos_ != "VERB" or prep.i > verb.i:
        return []
    if _reporter(verb) is not None:
        return []  # "critics say that under the board's plans, wards would close": their reading
    if not any(c.dep_ == "poss" for c in noun.children) and not any(
        c.dep_ == "prep" and c.lower_ == "by" for c in noun.children
    ):
        return []  # "under the plans": whose, the sentence does not say
    owner = _owner(noun)
    if owner is None:
        return []
    clauses = [verb] + [c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"]
    items = []
    for clause in clauses:
        if not any(c.dep_ == "aux" and c.lower_ in UNDER_MODALS for c in clause.children):
            continue
        if not any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children):
            continue
        drop = {t.i for t in prep.subtree} | {
            t.i for c in clause.children if c.dep_ in ("conj", "cc") or c.i < prep.i for t in c.subtree
        }
        toks = [t for t in clause.subtree if t.i not in drop]
        items.append(_trim(toks))
    if not items:
        return []
    name = noun.text.lower()
    return [
        Found(
            noun,
            owner,
            "What would happen under {party}'s " + name,
            "under {party}'s " + name + ",",
            items,
        )
    ]


def _offer_of(noun: Token, lemma: str) -> list[Found]:
    """ "The council's offer of free parking was rejected": what the possessor offered."""
    poss = next((c for c in noun.children if c.dep_ == "poss"), None)
    of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    what = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if poss is None or what is None or what.pos_ != "NOUN":
        return []
    ask, state = OF_NOUNS[lemma]
    return [Found(noun, _owner(noun), ask, state, object_items(what))]


def _owned_call_for(noun: Token, lemma: str) -> list[Found]:
    """ "The union's demand for a pay rise was rejected": what the possessor called for (a noun
    that is a verb's object is read by :mod:`questions.extract.demand_finders`)."""
    if noun.dep_ in ("dobj", "obj") or not any(c.dep_ == "poss" for c in noun.children):
        return []
    prep = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "for"), None)
    what = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
    if prep is None or what is None or is_duration(prep) or what.pos_ not in ("NOUN", "PROPN"):
        return []
    ask, state = FOR_NOUNS[lemma]
    return [Found(noun, _owner(noun), ask, state, object_items(what))]
