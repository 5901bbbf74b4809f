"""Demand frames of plans, aims, offers and talks that the other finders leave out: a relative
clause ("revenues of $3bn, which the firm hoped to double by 2009"), a list of plans that goes on
with gerunds ("the council's plans include a new bridge, freezing rents and cutting taxes"), a
focus or priority for a time ("the focus for the coming year should be about attracting
visitors, they agreed"), time given to a purpose ("volunteers are giving their time to repair the
pier"), talks about something ("the firm was in advanced talks over a new route") and a reward
offered for something ("the firm offered a reward for information leading to a conviction").

Each finder gives :class:`Found` records as :mod:`questions.extract.demand_finders` does; the party
is a named subject or one :class:`~questions.extract.demand_parties.Parties` resolves (nobody when
it is unclear).
"""

from __future__ import annotations

from spacy.tokens import Token

from questions.extract.demand_aims import INCLUDE_NOUNS
from questions.extract.demand_grammar import _neg, _reporter, _subject, _to_inf, speculative
from questions.extract.demand_items import Found, _text, _trim, vp_items
from questions.extract.demand_nouns import _owner
from questions.extract.demand_patterns import PRONOUN_KINDS, TO_VERBS, trigger_lemma
from questions.extract.demand_proposals import PROPOSAL_TRIGGERS, find_proposals, gerund_items
from questions.extract.demand_targets import TARGET_TRIGGERS, find_targets

#: verbs of a relative clause whose object is the noun the clause hangs on: "revenues, which the
#: firm hoped to double"
RELATIVE_AIM_VERBS = frozenset("hope plan aim want intend promise pledge vow seek".split())
#: relative pronouns that can be the object of the clause's infinitive
RELATIVE_PRONOUNS = frozenset({"which", "that"})
#: entity kinds of a word the parser may take for the antecedent that is only a date or a figure
#: ("revenues were $3bn in 2004, which ...")
NOT_ANTECEDENT_KINDS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"})
#: the roles of a noun in the main clause that a relative clause after it can be about
MAIN_ROLES = frozenset({"nsubj", "nsubjpass", "dobj", "obj", "attr"})
#: nouns of a focus or priority that a "for" phrase of time may follow: "the focus for next year"
SCOPE_NOUNS = frozenset("focus priority aim goal target task challenge objective".split())
#: verbs of a shared conclusion that report a focus as a verb of saying does: "..., they agreed"
AGREE_VERBS = frozenset({"agree", "conclude"})
#: verbs with "their time" as object and a purpose: "volunteers gave their time to repair the pier"
TIME_VERBS = {"volunteer": "volunteered", "give": "gave", "donate": "donated", "offer": "offered"}
#: nouns of talks a party is in: "in talks over a new route", "in advanced stages of discussions"
TALK_NOUNS = frozenset("talk discussion negotiation".split())
#: what the talks are about
TALK_PREPS = frozenset("about over on".split())
#: the words that start these frames
PLAN_TRIGGERS = (
    RELATIVE_PRONOUNS
    | SCOPE_NOUNS
    | set(TIME_VERBS)
    | TALK_NOUNS
    | {"include", "reward"}
    | TARGET_TRIGGERS
    | PROPOSAL_TRIGGERS
)


def find_plans(tok: Token) -> list[Found]:
    """Every frame of this module, :mod:`questions.extract.demand_targets` and
    :mod:`questions.extract.demand_proposals` that ``tok`` starts. A "we", "us" or "our" party is left
    out ('"We have done everything to ...," she said': what her group strove for, not she alone)."""
    return [
        f
        for f in _find(tok) + find_targets(tok) + find_proposals(tok)
        if f.subject is None or f.subject.lower_ not in ("we", "us", "our")
    ]


def _find(tok: Token) -> list[Found]:
    lemma = tok.lemma_.lower()
    if tok.lower_ in RELATIVE_PRONOUNS and tok.tag_ == "WDT":
        return _relative(tok)
    if tok.pos_ == "VERB" and lemma == "include":
        return _include_gerunds(tok)
    if tok.pos_ == "NOUN" and lemma in SCOPE_NOUNS:
        return _scoped_goal(tok, lemma)
    if tok.pos_ == "VERB" and lemma in TIME_VERBS:
        return _giving_time(tok, lemma)
    if tok.pos_ == "NOUN" and lemma in TALK_NOUNS:
        return _in_talks(tok)
    if tok.pos_ == "NOUN" and lemma == "reward":
        return _reward(tok)
    return []


def rebuilt(found: Found) -> bool:
    """The frame is read off a relative clause on purpose, its trigger the relative pronoun: the
    item rebuilt with its antecedent in the pronoun's place ("double its revenues"), or the
    clause listing what a plan includes. The clause is the frame itself, not a view hung on a noun."""
    return found.trigger.tag_ == "WDT" and found.trigger.lower_ in RELATIVE_PRONOUNS


def view_from(found: Found, tok: Token) -> Token:
    """The token whose place in the sentence says whether a frame is only a view or a condition
    ("the claim that ...", "if ..."): the trigger, or for a frame read off a relative clause the
    word the clause hangs on (the clause itself hangs on a noun by design)."""
    if not rebuilt(found):
        return tok
    x = found.trigger
    while x.dep_ != "relcl" and x.head.i != x.i:
        x = x.head
    return x.head


def _relative(rel: Token) -> list[Found]:
    """ "Its revenues were $3bn in 2004, which Acme hoped to double by 2009": what Acme hoped to do,
    with the antecedent in the pronoun's place ("double its revenues by 2009")."""
    inf = rel.head
    verb = inf.head
    if rel.dep_ not in ("dobj", "obj") or inf.dep_ != "xcomp" or rel.i > inf.i:
        return []
    if verb.dep_ != "relcl" or trigger_lemma(verb.lower_, verb.lemma_.lower(), verb.pos_) not in (
        RELATIVE_AIM_VERBS
    ):
        return []
    if _neg(verb) or _neg(inf) or speculative(verb) or not any(a.tag_ == "TO" for a in inf.children):
        return []
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None or not (subj.pos_ == "PROPN" or subj.lower_ in PRONOUN_KINDS):
        return []  # "which the council plans to ...": a noun may stand for another party named before
    antecedent = _antecedent(verb.head)
    if antecedent is None:
        return []
    rest = [t for t in inf.subtree if t.i > inf.i and t.i != rel.i]
    if any(t.dep_ in ("dobj", "obj") and t.head.i == inf.i for t in rest):
        return []  # "which the firm hoped to use to cut costs": the pronoun is not what is done
    lemma = trigger_lemma(verb.lower_, verb.lemma_.lower(), verb.pos_)
    ask, state = TO_VERBS[lemma]
    return [Found(rel, subj, ask, state, [[inf, *antecedent, *_trim(rest)]])]


def _antecedent(head: Token) -> list[Token] | None:
    """The noun phrase a relative pronoun stands for, or None when the text leaves it unclear.
    The parser may hang the clause on a date or a figure right before it ("revenues were $3bn in
    2004, which ..."): then the antecedent is the subject of that "be" clause. Only a subject or
    object of the sentence's main verb: in "pledged $3m to strengthen the squad, which he hopes to
    double" the parser takes the squad, the nearest noun, for what the writer meant by the sum."""
    noun = _main_antecedent(head)
    if noun is None:
        return None
    if head.i != noun.i and head.dep_ == "pobj" and head.head.lower_ == "of":
        # "revenues of $3bn, which ...": the noun with its figure
        if head.i - noun.left_edge.i + 1 > 8:
            return None
        return _without_capital(list(noun.doc[noun.left_edge.i : head.i + 1]))
    toks = [t for t in noun.subtree if t.i <= noun.i]
    if len(toks) > 6 or toks[-1].i - toks[0].i + 1 != len(toks):
        return None
    return _without_capital(toks)


def _main_antecedent(head: Token) -> Token | None:
    noun: Token | None = None
    if head.pos_ == "NOUN" and head.ent_type_ not in NOT_ANTECEDENT_KINDS:
        noun = head
    elif head.ent_type_ in NOT_ANTECEDENT_KINDS and head.dep_ == "pobj" and head.head.lower_ == "of":
        noun = head.head.head  # "revenues of $3bn, which ..."
    elif head.ent_type_ in NOT_ANTECEDENT_KINDS:
        be = head.head.head if head.dep_ == "pobj" else head.head
        if be.lemma_ != "be" or not any(c.dep_ == "attr" for c in be.children):
            return None
        noun = next((c for c in be.children if c.dep_ == "nsubj" and c.pos_ == "NOUN"), None)
    if noun is None or noun.pos_ != "NOUN" or noun.dep_ not in MAIN_ROLES or noun.head.dep_ != "ROOT":
        return None
    return noun


def _without_capital(toks: list[Token]) -> list[Token] | None:
    """The antecedent as it can stand after a verb: "Its revenues were ..." gives "revenues";
    "The depot, which ..." gives nothing (neither "close The depot" nor "close depot")."""
    first = toks[0]
    if first.i == first.sent.start and first.text[:1].isupper() and first.pos_ in ("DET", "PRON"):
        if first.tag_ != "PRP$":
            return None
        toks = toks[1:]
    return toks or None


def _include_gerunds(verb: Token) -> list[Found]:
    """ "The council's plans include a new bridge, freezing rents and cutting taxes": the gerunds
    after the listed object, one item each (the object is asked by the include frame of
    :mod:`questions.extract.demand_aims`)."""
    noun = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "obj")), None)
    if noun is None or obj is None or noun.pos_ != "NOUN" or _neg(verb):
        return []
    if noun.lemma_.lower() not in INCLUDE_NOUNS:
        return []
    first = next(
        (c for c in verb.children if c.dep_ in ("advcl", "conj") and c.tag_ == "VBG" and c.i > obj.i), None
    )
    if first is None or verb.doc[first.i - 1].text != ",":
        return []
    owner = _owner(noun)
    if owner is None:
        return []
    items = gerund_items(first)
    name = noun.text.lower()
    return [
        Found(
            verb, owner, "What did {party}'s " + name + " include", "{party}'s " + name + " included", items
        )
    ]


def _scoped_goal(noun: Token, lemma: str) -> list[Found]:
    """ "The focus for the coming year should be about attracting visitors, they agreed": what the
    sayers said the focus is, the noun asked with its "for" phrase of time."""
    be = noun.head
    if noun.dep_ != "nsubj" or be.lemma_ != "be" or _neg(be):
        return []
    extra = [c for c in noun.children if c.dep_ not in ("det", "punct")]
    dated = [c for c in extra if c.dep_ == "prep" and c.lower_ == "for" and _is_time(c)]
    if len(extra) != 1 or not dated or not any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children):
        return []
    if any(c.dep_ in ("acomp", "attr") for c in be.children):
        return []
    about = next((c for c in be.children if c.dep_ == "prep" and c.lower_ == "about" and c.i > be.i), None)
    ger = next((c for c in about.children if c.dep_ == "pcomp" and c.tag_ == "VBG"), None) if about else None
    target = ger or _to_inf(be)
    say = _reporter(be) or (be.head if be.dep_ == "ccomp" and be.head.lemma_ in AGREE_VERBS else None)
    if target is None or say is None or _neg(say) or _neg(target):
        return []
    modal = next((c.lower_ for c in be.children if c.dep_ == "aux" and c.lower_ == "should"), None)
    named = _text(list(noun.subtree))
    named = named[:1].lower() + named[1:]  # "The focus for the coming year" opening the sentence
    was = "should be" if modal else "was"
    to = " about" if ger is not None else " to"
    return [
        Found(
            noun,
            _subject(say),
            "What did {party} say " + named + " " + was,
            "{party} said " + named + " " + was + to,
            vp_items(target),
        )
    ]


def _is_time(prep: Token) -> bool:
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    return obj is not None and obj.ent_type_ == "DATE" and len(list(obj.subtree)) <= 5


def _giving_time(verb: Token, lemma: str) -> list[Found]:
    """ "Volunteers are giving their time to repair the pier": what the time is given for."""
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "obj")), None)
    if obj is None or obj.lower_ != "time" or _neg(verb) or speculative(verb):
        return []
    poss = next((c for c in obj.children if c.dep_ == "poss"), None)
    if poss is None or poss.lower_ not in ("their", "his", "her", "its") or len(list(obj.children)) != 1:
        return []
    inf = _to_inf(verb, ("advcl", "xcomp")) or _to_inf(obj, ("acl", "relcl"))
    if inf is None or _neg(inf):
        return []
    ask = "What did {party} " + lemma + " time to do"  # "their" in a prompt would not say whose
    state = "{party} " + TIME_VERBS[lemma] + " " + poss.lower_ + " time to"
    return [Found(verb, _subject(verb), ask, state, vp_items(inf))]


def _in_talks(noun: Token) -> list[Found]:
    """ "The firm was in advanced talks over a new route": what the talks are about."""
    if noun.tag_ != "NNS" or noun.dep_ != "pobj":
        return []
    prep = noun.head
    if prep.lower_ == "of" and prep.head.lemma_.lower() == "stage" and prep.head.dep_ == "pobj":
        prep = prep.head.head  # "in advanced stages of discussions over ..."
    be = prep.head
    if prep.lower_ != "in" or be.lemma_ != "be" or _neg(be) or speculative(be):
        return []
    about = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ in TALK_PREPS), None)
    what = next((c for c in about.children if c.dep_ == "pobj"), None) if about is not None else None
    if what is None or what.pos_ not in ("NOUN", "PROPN") or what.ent_type_ in ("DATE", "TIME"):
        return []  # "in talks over the weekend": when, not what about
    item = _trim(list(what.subtree))
    return [
        Found(noun, _subject(be), "What was {party} in talks about", "{party} was in talks about", [item])
    ]


def _reward(noun: Token) -> list[Found]:
    """ "The firm offered a reward for information leading to a conviction": what it is offered for."""
    verb = noun.head
    if verb.lemma_.lower() != "offer" or verb.pos_ != "VERB" or _neg(verb) or speculative(verb):
        return []
    if noun.dep_ in ("dobj", "obj"):
        party = _subject(verb)
    elif noun.dep_ == "nsubjpass":
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        party = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    else:
        return []
    prep = next(
        (
            c
            for c in [*noun.children, *verb.children]
            if c.dep_ == "prep" and c.lower_ == "for" and c.i > noun.i
        ),
        None,
    )
    what = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
    if what is None or what.pos_ != "NOUN":
        return []
    item = _trim(list(what.subtree))
    return [Found(noun, party, "What did {party} offer a reward for", "{party} offered a reward for", [item])]
