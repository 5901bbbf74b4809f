"""Demand frames read off a noun: "its plan to cut fees", "plans by the firm to ...", "the union's
demand that ...", "the aim is to win", "a review aimed at ...", and what a party says is needed
("the guild said new funding was needed to keep the lighthouse open").

The party of a noun frame is its possessor, its "by" phrase, a name before it ("the Acme plan to
..."), or the subject of a verb that presents the noun as the subject's own ("the council
reiterated its desire to ..."). A possessive pronoun stands for that subject only when they agree
("its" and "their" for an organisation or a group, "his" and "her" for a person).
"""

from __future__ import annotations

from spacy.tokens import Token

from questions.extract.demand_grammar import _neg, _reporter, _subject, _to_inf
from questions.extract.demand_items import Found, _phrase, _trim, vp_items
from questions.extract.demand_patterns import AIMED_OWNER_VERBS, THAT_NOUNS, TO_NOUNS

#: verbs whose object a party presents as its own: "the firm unveiled plans to ..."
NOUN_OWNER_VERBS = frozenset(
    "unveil announce reiterate express outline present submit publish launch make have confirm repeat "
    "state reveal table detail renew voice restate set put signal".split()
)


def _noun(tok: Token, lemma: str) -> list[Found]:
    inf = _to_inf(tok, ("acl", "relcl"))
    if inf is None:
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        ger = next((c for c in of.children if c.dep_ == "pcomp" and c.tag_ == "VBG"), None) if of else None
        inf = ger
    if inf is None and tok.dep_ == "nsubj" and tok.head.lemma_ == "be":
        inf = _to_inf(tok.head)  # "our goal is to bring jobs to the town"
    if inf is None:
        return []
    party_tok = _owner(tok)
    if party_tok is None:
        return []
    ask, state = TO_NOUNS[lemma]
    inner = _to_inf(inf) if inf.lemma_ == "try" else None
    # "a move by the firm to try to force ...": the attempt adds nothing to what is wanted
    return [Found(tok, party_tok, ask, state, vp_items(inner or inf))]


def _that_noun(tok: Token, lemma: str) -> list[Found]:
    """ "his vow that Britain would leave the union": the clause, asked as the possessor's."""
    owner = tok.head if tok.dep_ in ("dobj", "obj") and tok.head.lemma_.lower() in NOUN_OWNER_VERBS else None
    clause = next(
        (
            c
            # "repeated his vow that ...": the parser may hang the clause on the verb
            for c in [*tok.children, *(owner.children if owner is not None else [])]
            if c.dep_ in ("acl", "ccomp")
            and c.i > tok.i
            and any(m.lower_ == "that" and m.dep_ == "mark" for m in c.children)
        ),
        None,
    )
    if clause is None or _neg(clause):
        return []
    party_tok = _owner(tok)
    if party_tok is None or party_tok.lower_ in ("its", "their"):
        return []
    toks = [
        t for t in clause.subtree if not (t.dep_ == "mark" and t.head.i == clause.i and t.lower_ == "that")
    ]
    ask, state = THAT_NOUNS[lemma]
    return [Found(tok, party_tok, ask, state, [_trim(toks)])]


def _aimed_at(tok: Token) -> list[Found]:
    """ "Ofcom is carrying out a review aimed at promoting competition": the aim of the noun, asked as
    the party's whose verb has the noun as object."""
    noun = tok.head
    at = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "at"), None)
    if at is None or noun.dep_ not in ("dobj", "obj") or noun.pos_ != "NOUN":
        return []
    if noun.head.lemma_.lower() not in AIMED_OWNER_VERBS or _neg(noun.head):
        return []
    ger = next((c for c in at.children if c.dep_ == "pcomp" and c.tag_ == "VBG"), None)
    obj = next((c for c in at.children if c.dep_ == "pobj"), None)
    if ger is not None:
        items = vp_items(ger)
    elif obj is not None and obj.pos_ == "NOUN":
        items = [_phrase(obj)]
    else:
        return []
    name = noun.lemma_.lower()
    return [
        Found(
            tok,
            _subject(noun.head),
            "What was {party}'s " + name + " aimed at",
            "{party}'s " + name + " was aimed at",
            items,
        )
    ]


def _goal(tok: Token, lemma: str) -> list[Found]:
    """ "Mr X said the challenge was to keep players", "the prize is tackling low turnout, he
    argues", "her aim is to win": what the noun names, asked as its possessor's or the sayer's."""
    if tok.dep_ != "nsubj":
        return []
    head = tok.head
    if head.lemma_ == "be" and not any(c.dep_ in ("acomp", "attr") for c in head.children):
        inf = _to_inf(head)
    elif head.tag_ == "VBG" and any(c.dep_ == "aux" and c.lemma_ == "be" for c in head.children):
        inf = head  # "the prize is tackling ...": the parser reads a progressive
    else:
        return []
    if inf is None or _neg(head) or _neg(inf):
        return []
    to = " to" if inf is not head else ""
    if any(c.dep_ in ("det", "poss") and c.lower_ in ("no", "its", "their") for c in tok.children):
        return []
    poss = next((c for c in tok.children if c.dep_ == "poss"), None)
    if poss is not None:
        ask, state = "What was {party}'s " + lemma, "{party}'s " + lemma + " was" + to
        return [Found(tok, poss, ask, state, vp_items(inf))]
    say = _reporter(head)
    if say is None or _neg(say) or any(c.dep_ not in ("det", "punct") for c in tok.children):
        return []
    ask, state = "What did {party} say the " + lemma + " was", "{party} said the " + lemma + " was" + to
    return [Found(tok, _subject(say), ask, state, vp_items(inf))]


#: possessive pronouns and the subjects they can stand for: an organisation or group, or a person
_POSS_OF_GROUP = frozenset({"its", "their"})
_POSS_OF_PERSON = {"his": "he", "her": "she"}
#: the kinds of name that may own a frame from before it: "the Acme plan to", "the CDC requirement
#: that" (not a place: "the Gaza plan" is a plan about Gaza, not Gaza's)
OWNER_NAME_KINDS = frozenset({"ORG", "PERSON"})


def _owner(noun: Token) -> Token | None:
    """The token naming whose plan, demand or aim ``noun`` is, or None when the text does not say.

    "its plan" (the possessor), "plans by the firm" (the "by" phrase), "the Acme plan" (a name
    before it), "the firm unveiled plans to ..." (the subject of a verb that presents the noun as
    the subject's own); "the council reiterated its desire" gives the council, the subject the
    possessive agrees with, rather than a bare "its" to resolve."""
    if any(c.dep_ == "det" and c.lower_ in ("no", "neither") for c in noun.children):
        return None  # "the firm has no plans to close the depot": no plan of anyone's
    poss = next((c for c in noun.children if c.dep_ == "poss"), None)
    presenter = (
        noun.head if noun.dep_ in ("dobj", "obj") and noun.head.lemma_.lower() in NOUN_OWNER_VERBS else None
    )
    if presenter is not None and _neg(presenter):
        return None  # "the club did not announce plans to ...": no plan of anyone's
    if poss is not None:
        subj = _subject(presenter) if presenter is not None else None
        if subj is not None and poss.pos_ == "PRON" and _agrees(poss, subj):
            return subj
        return poss
    by = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "by"), None)
    agent = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
    if agent is not None:
        return agent
    if presenter is not None:
        return _subject(presenter)
    return next(
        (
            c
            for c in noun.children
            if c.dep_ == "compound" and c.pos_ == "PROPN" and c.ent_type_ in OWNER_NAME_KINDS and c.i < noun.i
        ),
        None,
    )


def _agrees(poss: Token, subj: Token) -> bool:
    """A possessive pronoun can stand for the subject: "its"/"their" for a name that is not a
    person's or a plural noun, "his"/"her" for a person's name or the matching pronoun."""
    low = poss.lower_
    if low in _POSS_OF_GROUP:
        if subj.pos_ == "PRON":
            return subj.lower_ == ("it" if low == "its" else "they")
        return subj.ent_type_ != "PERSON" and (subj.pos_ == "PROPN" or subj.tag_ in ("NNS", "NN"))
    if low in _POSS_OF_PERSON:
        if subj.pos_ == "PRON":
            return subj.lower_ == _POSS_OF_PERSON[low]
        # a name's sex is not known: "his" is the subject's when the sentence names no one else
        named = {e.root.i for e in subj.sent.ents if e.label_ == "PERSON"}
        return subj.ent_type_ == "PERSON" and named <= {subj.i}
    return False


#: what is needed, as a word after "be": "was needed", "is necessary"
NEED_WORDS = frozenset("needed necessary required essential vital".split())


def find_needed(tok: Token) -> list[Found]:
    """ "The guild said new funding was still needed to keep the lighthouse open": what the sayer
    says is needed, with its purpose, asked "What did the guild say was needed?"."""
    if tok.lower_ not in NEED_WORDS or _neg(tok):
        return []
    if tok.tag_ == "VBN" and tok.dep_ == "ccomp":
        clause = tok
        subj = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
        if not any(c.dep_ == "auxpass" and c.lemma_ == "be" for c in tok.children):
            return []
    elif tok.dep_ == "acomp" and tok.head.lemma_ == "be" and tok.head.dep_ == "ccomp":
        clause = tok.head
        subj = next((c for c in clause.children if c.dep_ == "nsubj"), None)
    else:
        return []
    if subj is None or subj.pos_ not in ("NOUN", "PROPN") or _neg(clause) or subj.i > tok.i:
        return []
    if any(c.dep_ == "det" and c.lower_ in ("no", "neither") for c in subj.children):
        return []  # "no new funding was needed": nothing is
    if any(c.dep_ == "aux" and c.tag_ == "MD" for c in clause.children):
        return []  # "might be needed": a guess, not a demand
    say = _reporter(clause)
    if say is None or _neg(say):
        return []
    toks = list(subj.subtree)
    if any(t.dep_ in ("relcl", "acl") for t in toks) or len(toks) > 10:
        return []
    purpose = next(
        (
            c
            for c in tok.children
            if c.dep_ in ("advcl", "xcomp") and c.i > tok.i and any(a.tag_ == "TO" for a in c.children)
        ),
        None,
    )
    item = _trim(toks)
    if purpose is not None:
        # "new funding | was still needed | to keep the lighthouse open": what for belongs to the item
        item += _trim(list(purpose.subtree))
    return [
        Found(
            tok,
            _subject(say),
            "What did {party} say was needed",
            "{party} said there was a need for",
            [item],
        )
    ]
