"""Token tests the demand finders share: negation, a verb's subject (through conjuncts, asides and
datelines), a to-infinitive, the verb of saying that reports a clause.
"""

from __future__ import annotations

from spacy.tokens import Token

from questions.extract.demand_patterns import SAY_VERBS


def _neg(tok: Token) -> bool:
    return any(c.dep_ == "neg" or c.lower_ in ("never", "no") and c.dep_ == "advmod" for c in tok.children)


def object_controlled(verb: Token) -> bool:
    """ "leading 12 nations to order their citizens out", "asked the mayor to call for ...": a
    to-infinitive whose head verb has an object before it is done by that object, not by the head's
    subject; the party is not the sentence's subject (nothing is asked on that subject's behalf)."""
    return verb.dep_ == "xcomp" and any(
        c.dep_ in ("dobj", "obj") and c.i < verb.i for c in verb.head.children
    )


def _subject(verb: Token) -> Token | None:
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if subjects:
        # "SAN FRANCISCO (AP) — Acme Co. was set to ...": the parser may take a dateline for a
        # second subject; the one nearest before the verb is the clause's
        before = [c for c in subjects if c.i < verb.i]
        subj = before[-1] if len(subjects) > 1 and before else subjects[0]
        if subj.tag_ in ("WDT", "WP") and verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN"):
            return verb.head  # "the union, which wants to ...": the noun the clause is about
        return _past_dateline(subj)
    if object_controlled(verb):
        return None  # "X ..., leading 12 nations to order ...": the nations order, not X
    if verb.dep_ in ("conj", "xcomp") and verb.head.pos_ in ("VERB", "AUX", "ADJ"):
        return _subject(_main_of_conjunct(verb) or verb.head)
    if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.lower_ == "by":
        return _subject(verb.head.head)  # "moved to ... by offering to cut prices"
    if verb.dep_ == "acomp":
        return _subject(verb.head)
    if verb.dep_ == "advcl" and verb.tag_ == "VBG" and not any(c.dep_ == "mark" for c in verb.children):
        return _subject(verb.head)  # "Mr X refused to be drawn, saying ...": the main clause's subject
    return aside_subject(verb)


def _main_of_conjunct(verb: Token) -> Token | None:
    """ "Police think the pair were driving a van, and are keen to ...": the parser may hang "are"
    on the reported verb; a present-tense conjunct of a past reported clause, agreeing with the
    main verb, belongs to the main verb (its subject is the police, not the pair)."""
    head = verb.head
    if verb.dep_ != "conj" or head.dep_ != "ccomp" or verb.tag_ not in ("VBP", "VBZ"):
        return None
    past = head.tag_ == "VBD" or any(c.dep_ == "aux" and c.tag_ == "VBD" for c in head.children)
    main = head.head
    return main if past and main.tag_ == verb.tag_ and main.i < head.i else None


def aside_subject(verb: Token) -> Token | None:
    """ "The Authority - which ... - called for ...": after a long aside the parser may hang the verb
    on its subject as a clause; the subject is that noun."""
    if (
        verb.dep_ == "acl"
        and verb.tag_ in ("VBD", "VBN")
        and verb.head.dep_ == "ROOT"
        and verb.head.pos_ in ("PROPN", "NOUN")
        and verb.doc[verb.i - 1].text in ("-", "—", "–", ")")
    ):
        return verb.head
    return None


def _past_dateline(subj: Token) -> Token | None:
    """ "MILLTOWN (AP) — Acme Co. was set to ...": the parser may make the dateline the subject and
    the company its conjunct; the company is the subject, the dateline never is."""
    doc = subj.doc
    if not (subj.text.isupper() and len(subj.text) > 1 and subj.i + 1 < len(doc)):
        return subj
    k = subj.i + 1
    if doc[k].text == "(":  # "(AP)", "(Reuters)"
        close = next((t.i for t in doc[k : k + 4] if t.text == ")"), None)
        k = close + 1 if close is not None else k
    if k >= len(doc) or doc[k].text not in ("—", "–", "-", "--"):
        return subj
    return next((c for c in subj.children if c.dep_ == "conj" and c.i > subj.i), None)


def _to_inf(tok: Token, deps: tuple[str, ...] = ("xcomp",)) -> Token | None:
    """A to-infinitive child of ``tok``: "offered | to cut ..."."""
    for c in tok.children:
        if c.dep_ in deps and c.i > tok.i and c.pos_ in ("VERB", "AUX"):
            if any(a.tag_ == "TO" and a.dep_ == "aux" for a in c.children):
                return c
    return None


def _reporter(verb: Token) -> Token | None:
    """The verb of saying whose reported clause holds ``verb`` ("X said [the firm must ...]")."""
    x = verb
    while x.dep_ in ("conj",) and x.head.i != x.i:
        x = x.head
    if x.dep_ == "ccomp" and x.head.lemma_.lower() in SAY_VERBS:
        return x.head
    return None


#: nouns of a "for" phrase that says how long or how often, not what is wanted
DURATION_NOUNS = frozenset(
    "time times while moment year years month months week weeks day days decade".split()
)


def is_duration(prep: Token) -> bool:
    """ "for a second time", "for years", "for two weeks": the "for" phrase is a duration."""
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    return obj is not None and (obj.lower_ in DURATION_NOUNS or obj.ent_type_ in ("DATE", "TIME"))


#: modals of what may or might happen: "the firm could offer to pay" offers nothing yet
SPECULATIVE_MODALS = frozenset({"could", "might", "may"})


def speculative(tok: Token) -> bool:
    """The verb is only possible ("could offer to pay", "might seek to close"): no demand of anyone's."""
    return any(c.dep_ == "aux" and c.lower_ in SPECULATIVE_MODALS for c in tok.children)
