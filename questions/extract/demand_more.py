"""More demand frames: steps a party takes, what it does not want or refuses (asked as such, never
among its demands), "what we must do is ...", "X was the party's aim", "in a letter calling for
...", and pleas to an unnamed "you". Each finder reads one construction off spaCy's parse, like
those of :mod:`questions.extract.demand_finders`, and gives the same :class:`Found` records.
"""

from __future__ import annotations

from functools import cache

from spacy.matcher import DependencyMatcher
from spacy.tokens import Token
from spacy.vocab import Vocab

from questions.extract.demand_grammar import _neg, _subject, _to_inf
from questions.extract.demand_items import Found, _phrase, inf_items, vp_items
from questions.extract.demand_patterns import (
    GOAL_NOUNS,
    OBLIGATION_MODALS,
    STEP_NOUNS,
    STEP_PATTERNS,
    UNWILLING_VERBS,
)

#: nouns of a written or spoken message: "In a letter calling for the meeting, the mayor said ..."
MESSAGE_NOUNS = frozenset("letter statement message speech post tweet interview note email report".split())

#: words that start a frame of this module
MORE_TRIGGERS = frozenset(
    [*STEP_NOUNS, *UNWILLING_VERBS, *OBLIGATION_MODALS, *GOAL_NOUNS, "call", "implore", "need", "have"]
    + ["order", "as"]
)


def find_more(tok: Token) -> list[Found]:
    """Every frame of this module that ``tok`` starts."""
    lemma = tok.lemma_.lower()
    out: list[Found] = []
    if tok.pos_ == "NOUN" and lemma in STEP_NOUNS and tok.dep_ in ("dobj", "obj"):
        out += _steps(tok)
    if tok.pos_ == "VERB" and lemma in UNWILLING_VERBS:
        out += _unwilling(tok, lemma)
    if tok.lower_ in OBLIGATION_MODALS and tok.dep_ == "aux" and tok.head.dep_ == "csubj":
        out += _modal_cleft(tok)
    if tok.pos_ == "NOUN" and lemma in GOAL_NOUNS and tok.dep_ == "attr":
        out += _goal_attr(tok, lemma)
    if lemma == "call" and tok.dep_ == "acl" and tok.tag_ == "VBG":
        out += _message_calling(tok)
    if lemma in ("need", "have") and tok.pos_ == "VERB" and tok.dep_ in ("ROOT", "conj"):
        out += _needs(tok, lemma)
    if tok.lower_ in ("order", "as"):
        out += _purpose(tok)
    return out


def _purpose(tok: Token) -> list[Found]:
    """ "The council will close the road in order to repair the bridge", "cut its fares so as to
    win back passengers": what the party acts for is its aim. Only these two markers, which say
    purpose and nothing else; never after a passive ("taxes will be cut in order to ..." names
    no one)."""
    if tok.lower_ == "order" and tok.dep_ == "pobj" and tok.head.lower_ == "in" and tok.head.dep_ == "prep":
        inf = next((c for c in tok.children if c.dep_ in ("acl", "relcl") and c.tag_ == "VB"), None)
        verb = tok.head.head
    elif tok.lower_ == "as" and tok.dep_ == "mark" and tok.i > 0 and tok.doc[tok.i - 1].lower_ == "so":
        inf, verb = tok.head, tok.head.head
        if inf.dep_ != "advcl" or inf.tag_ != "VB":
            return []
    else:
        return []
    if inf is None or not any(c.dep_ == "aux" and c.tag_ == "TO" for c in inf.children):
        return []
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if verb.pos_ != "VERB" or subj is None or _neg(verb) or _neg(inf):
        return []
    return [Found(tok, _subject(verb), "What did {party} aim to do", "{party} aimed to", vp_items(inf))]


def _needs(tok: Token, lemma: str) -> list[Found]:
    """ "Ofcom needs to return to regulation": what a named party needs or has to do (in a
    quotation, asked as the speaker's reading)."""
    inf, subj = _to_inf(tok), _subject(tok)
    if inf is None or subj is None or _neg(tok) or subj.head.i != tok.i:
        return []
    if subj.pos_ != "PROPN" or not subj.ent_type_:
        return []  # a named party only: "the answer needs to ..." is no one's
    aux = "does" if tok.tag_ in ("VBZ", "VBP") else "did"
    past = {"need": "needed", "have": "had"}[lemma]
    return [
        Found(
            tok,
            subj,
            "What " + aux + " {party} " + lemma + " to do",
            "{party} " + past + " to",
            inf_items(tok, inf),
        )
    ]


@cache
def _step_matcher(vocab: Vocab) -> DependencyMatcher:
    matcher = DependencyMatcher(vocab)
    matcher.add("STEPS", STEP_PATTERNS)
    return matcher


def _steps(tok: Token) -> list[Found]:
    """ "the firm is taking steps to cut its prices": what the steps are for (the patterns are
    the table ``STEP_PATTERNS``)."""
    take = tok.head
    if _neg(take):
        return []
    sent = tok.sent
    inf: Token | None = None
    for _id, ids in _step_matcher(tok.doc.vocab)(sent):
        if sent[ids[1]].i == tok.i:
            inf = sent[ids[2]]
            break
    if inf is None:
        return []
    noun = tok.doc[tok.left_edge.i : tok.i + 1].text
    if len(noun.split()) > 4:
        return []
    be = next((c for c in take.children if c.dep_ == "aux" and c.lemma_ == "be"), None)
    if be is not None and take.tag_ == "VBG":
        ask = "What " + be.lower_ + " {party} taking " + noun + " to do"
        state = "{party} " + be.lower_ + " taking " + noun + " to"
    else:
        ask, state = "What did {party} take " + noun + " to do", "{party} took " + noun + " to"
    return [Found(tok, _subject(take), ask, state, vp_items(inf))]


def _unwilling(tok: Token, lemma: str) -> list[Found]:
    """ "the board does not want to sell the ground", "the club refused to pay": what the party
    will not do, asked as such."""
    inf = _to_inf(tok)
    if inf is None:
        return []
    if lemma == "refuse":
        if _neg(tok):
            return []
        ask, state = "What did {party} refuse to do", "{party} refused to"
    else:
        if not any(c.dep_ == "neg" for c in tok.children):
            return []
        ask, state = "What did {party} not want to do", "{party} did not want to"
    return [Found(tok, _subject(tok), ask, state, vp_items(inf), against=True)]


def _modal_cleft(modal: Token) -> list[Found]:
    """ "what we must do is make the squad stronger": the speaker's, read off the quotation."""
    do = modal.head
    be = do.head
    subj = next((c for c in do.children if c.dep_ == "nsubj"), None)
    what = next((c for c in do.children if c.dep_ in ("dobj", "obj") and c.lower_ == "what"), None)
    if do.lemma_ != "do" or subj is None or what is None or subj.lower_ not in ("we", "i") or _neg(do):
        return []
    comp: Token | None = None
    if be.lemma_ == "be" and not _neg(be):
        comp = next((c for c in be.children if c.i > do.i and c.dep_ in ("xcomp", "ccomp", "attr")), None)
    elif any(c.dep_ == "aux" and c.lemma_ == "be" and c.i > do.i for c in be.children):
        comp = be  # "what we must do is build ...": the parser may make "is" the verb's auxiliary
    if comp is None or comp.pos_ not in ("VERB", "AUX"):
        return []
    low = modal.lower_
    return [
        Found(
            modal,
            subj,
            "What did {party} say " + subj.lower_ + " " + low + " do",
            "{party} said " + subj.lower_ + " " + low,
            vp_items(comp),
        )
    ]


def _goal_attr(tok: Token, lemma: str) -> list[Found]:
    """ "A stadium-filling sound was the band's aim": the subject, asked as the possessor's aim."""
    be = tok.head
    poss = next((c for c in tok.children if c.dep_ == "poss"), None)
    subj = next((c for c in be.children if c.dep_ == "nsubj" and c.i < tok.i), None)
    if be.lemma_ != "be" or poss is None or subj is None or _neg(be) or subj.pos_ not in ("NOUN", "PROPN"):
        return []
    if poss.lower_ in ("its", "their", "his", "her", "our", "my", "your"):
        return []  # whose, the pronoun does not say for sure
    return [Found(tok, poss, "What was {party}'s " + lemma, "{party}'s " + lemma + " was", [_phrase(subj)])]


def _message_calling(tok: Token) -> list[Found]:
    """ "In a letter calling for a public hearing, the mayor said ...": the one who writes."""
    noun = tok.head
    prep = noun.head
    if noun.lemma_.lower() not in MESSAGE_NOUNS or noun.dep_ != "pobj" or prep.lower_ != "in":
        return []
    verb = prep.head
    if prep.dep_ != "prep" or verb.pos_ != "VERB" or prep.i > verb.i:
        return []
    for_ = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "for"), None)
    obj = next((c for c in for_.children if c.dep_ == "pobj"), None) if for_ is not None else None
    if obj is None:
        return []
    return [Found(tok, _subject(verb), "What did {party} call for", "{party} called for", [_phrase(obj)])]


def first_person_want(tok: Token) -> list[Found]:
    """ "I want a fair hearing", "all I want to do is help the team", "what I want is a new deal":
    the speaker's own want, read off the quotation ("we" may speak for others: left alone)."""
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.lower_ != "i":
        return []
    obj = next((c for c in tok.children if c.dep_ in ("dobj", "obj")), None)
    inf = _to_inf(tok)
    cleft = (tok.dep_ == "relcl" and tok.head.lower_ == "all" and tok.head.dep_ == "nsubj") or (
        tok.dep_ == "csubj" and obj is not None and obj.lower_ == "what"
    )
    if cleft:
        be = tok.head.head if tok.dep_ == "relcl" else tok.head
        if be.lemma_ != "be" or _neg(be):
            return []
        comp = next((c for c in be.children if c.i > tok.i and c.dep_ in ("xcomp", "attr", "ccomp")), None)
        if comp is None:
            return []
        if inf is not None and inf.lemma_ == "do" and comp.pos_ in ("VERB", "AUX"):
            return [Found(tok, subj, "What did {party} want to do", "{party} wanted to", vp_items(comp))]
        if inf is None and comp.pos_ in ("NOUN", "PROPN"):
            return [Found(tok, subj, "What did {party} want", "{party} wanted", [_phrase(comp)])]
        return []
    if inf is None and obj is not None and obj.pos_ == "NOUN" and tok.dep_ in ("ROOT", "ccomp", "conj"):
        return [Found(tok, subj, "What did {party} want", "{party} wanted", [_phrase(obj)])]
    return []
