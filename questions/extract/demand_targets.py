"""Demand frames of targets, efforts, hopes and bids: "the firm did everything in its power to keep
the route open", "the firm is targeting 2,000 new passengers", "it set a target of 2,000 new
passengers", "the club hopes the council will approve the stand", "the firm is aiming for a record
summer", "the club is looking to sign a striker", "the firm made an offer of $5m for the depot",
"the firm bid to buy the depot", "the firm pledged $2m to repair the pier".

Each finder gives :class:`Found` records as :mod:`questions.extract.demand_finders` does; the party
is the subject of the verb the frame hangs on (or the noun's owner), resolved by
:class:`~questions.extract.demand_parties.Parties` (nobody when it is unclear).
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from questions.extract.antecedents import is_agent_noun
from questions.extract.demand_grammar import _neg, _reporter, _subject, _to_inf, is_duration, speculative
from questions.extract.demand_items import Found, _phrase, _text, _trim, object_items, vp_items
from questions.extract.demand_nouns import _owner
from questions.extract.demand_patterns import trigger_lemma

#: "did everything (in its power) to", "did all it could to": the pronoun the verb "do" takes
ALL_OUT_OBJECTS = frozenset({"everything", "all"})
#: "went to great lengths to": the noun of the "to" phrase of "go"
LENGTH_NOUNS = frozenset({"lengths"})
#: entity kinds of a figure a target names: "targeting 2,000 new passengers", "a target of 5%"
FIGURE_KINDS = frozenset({"CARDINAL", "MONEY", "PERCENT", "QUANTITY"})
#: nouns of a target with an "of" phrase naming a figure: "a target of 2,000 new passengers"
TARGET_NOUNS = frozenset({"target", "goal", "aim"})
#: nouns of plans that "would see" something happen: "the council's plans would see two libraries close"
TARGET_PLAN_NOUNS = frozenset({"plan", "proposal", "scheme", "deal", "blueprint"})
#: verbs a figure is offered or pledged with: "pledged $2m to repair the pier"
MONEY_VERBS = {
    "pledge": "pledged",
    "promise": "promised",
    "earmark": "earmarked",
    "commit": "committed",
    "offer": "offered",
    "allocate": "allocated",
}
#: verbs that make an offer or a bid of a noun: "made an offer of $5m for the depot"
OFFER_MAKING_VERBS = frozenset("make submit table put launch lodge".split())
#: modals of a clause a party hopes for: "hopes the council will approve the stand"
HOPE_MODALS = frozenset({"will", "would", "can", "could"})
#: verbs whose "for" phrase is what the party asks or competes for: "applied for planning permission"
FOR_ASK_VERBS: dict[str, tuple[str, str]] = {
    "apply": ("What did {party} apply for", "{party} applied for"),
    "bid": ("What did {party} bid for", "{party} bid for"),
    "clamour": ("What did {party} clamour for", "{party} clamoured for"),
    "clamor": ("What did {party} clamor for", "{party} clamored for"),
    "angle": ("What did {party} angle for", "{party} angled for"),
    "hanker": ("What did {party} hanker for", "{party} hankered for"),
    "long": ("What did {party} long for", "{party} longed for"),
}
#: verbs of longing with a to-infinitive: "the club longs to win the cup"
LONG_TO_VERBS: dict[str, tuple[str, str]] = {
    "long": ("What did {party} long to do", "{party} longed to"),
    "yearn": ("What did {party} yearn to do", "{party} yearned to"),
    "dream": ("What did {party} dream of", "{party} dreamed of"),
}
#: adjectives with "on" and a gerund: "keen on building a new depot"
ON_ADJECTIVES = frozenset({"keen", "intent", "bent"})
#: the words that start these frames
TARGET_TRIGGERS = (
    frozenset({"do", "go", "target", "hope", "aim", "look", "bid", "offer", "prepare", "set", "see"})
    | TARGET_NOUNS
    | set(MONEY_VERBS)
    | set(FOR_ASK_VERBS)
    | set(LONG_TO_VERBS)
    | ON_ADJECTIVES
    | {"welcome"}
)


def find_targets(tok: Token) -> list[Found]:
    """Every frame of this module that ``tok`` starts."""
    lemma = trigger_lemma(tok.lower_, tok.lemma_.lower(), tok.pos_)
    if tok.pos_ == "ADJ" and tok.lower_ in ON_ADJECTIVES:
        return _keen_on(tok)
    if tok.pos_ == "NOUN":
        if lemma in TARGET_NOUNS:
            return _target_of(tok, lemma)
        if lemma in ("offer", "bid"):
            return _offer_of(tok, lemma)
        return []
    if tok.pos_ != "VERB" or _neg(tok) or speculative(tok):
        return []
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children):
        return []  # "the ads were targeted at voters": the subject is the target
    out: list[Found] = []
    for finder in VERB_FINDERS.get(lemma, ()):
        out += finder(tok, lemma)
    return out


def _to_frame(verb: Token, lemma: str) -> list[Found]:
    """ "The club is looking to sign a striker", "the firm is preparing to cut 200 jobs", "the firm
    bid to buy the depot": what the party sets out to do (never "looking to be stronger", a
    forecast, nor "looks to the future", which has no infinitive)."""
    ask, state, progressive = TO_FRAMES[lemma]
    if progressive and verb.tag_ != "VBG":
        return []  # "the club looks to its captain": only "is looking to ..." sets out to do
    inf = _to_inf(verb)
    if inf is None or _neg(inf) or inf.lemma_ == "be":
        return []
    return [Found(verb, _subject(verb), ask, state, vp_items(inf))]


def _longing(verb: Token, lemma: str) -> list[Found]:
    """ "The club longs to win the cup", "the club dreams of winning the cup"."""
    if lemma == "dream":
        of = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        head = next((c for c in of.children if c.dep_ in ("pcomp", "pobj")), None) if of is not None else None
        if head is None or head.tag_ != "VBG":
            return []  # "dreamed of a white Christmas" may be a sleeper's dream: only a doing is an aim
        items = vp_items(head)
    else:
        inf = _to_inf(verb)
        if inf is None or _neg(inf):
            return []
        items = vp_items(inf)
    ask, state = LONG_TO_VERBS[lemma]
    return [Found(verb, _subject(verb), ask, state, items)]


def _would_welcome(verb: Token, _lemma: str) -> list[Found]:
    """ "The union would welcome talks with the board": a wish, with "would"."""
    if not any(c.dep_ == "aux" and c.lower_ in ("would", "'d") for c in verb.children):
        return []  # "welcomed the decision": a judgement of what was done
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "obj")), None)
    if obj is None or obj.pos_ not in ("NOUN", "PROPN") or obj.lower_ in ("it", "this", "that"):
        return []
    ask, state = "What would {party} welcome", "{party} would welcome"
    return [Found(verb, _subject(verb), ask, state, object_items(obj))]


def _asking_for(verb: Token, lemma: str) -> list[Found]:
    """ "The firm has applied for planning permission to build 200 homes": what it asks for."""
    prep = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "for"), None)
    if prep is None or is_duration(prep):
        return []
    head = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
    if head is None or head.pos_ not in ("NOUN", "PROPN", "VERB"):
        return []
    toks = [t for t in prep.subtree if t.i != prep.i]
    ask, state = FOR_ASK_VERBS[lemma]
    return [Found(verb, _subject(verb), ask, state, [_trim(toks)])]


def _sights_on(verb: Token, _lemma: str) -> list[Found]:
    """ "The firm has set its sights on a move into Asia": what it aims for."""
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "obj")), None)
    on = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "on"), None)
    what = next((c for c in on.children if c.dep_ in ("pobj", "pcomp")), None) if on is not None else None
    if obj is None or obj.lower_ != "sights" or what is None:
        return []
    return [
        Found(verb, _subject(verb), "What did {party} aim for", "{party} set its sights on", [_phrase(what)])
    ]


def _would_see(verb: Token, _lemma: str) -> list[Found]:
    """ "The council's plans would see two libraries close": what would happen under the owner's plans."""
    noun = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if noun is None or noun.pos_ != "NOUN" or noun.lemma_.lower() not in TARGET_PLAN_NOUNS:
        return []
    if not any(c.dep_ == "aux" and c.lower_ in ("would", "will") for c in verb.children):
        return []
    if _reporter(verb) is not None:
        return []  # "critics say the board's plans would see services cut": their reading
    if not any(c.dep_ == "poss" for c in noun.children) or (owner := _owner(noun)) is None:
        return []
    clause = next((c for c in verb.children if c.dep_ in ("ccomp", "xcomp", "dobj") and c.i > verb.i), None)
    if clause is None or _neg(clause):
        return []
    name = noun.text.lower()
    ask, state = "What would happen under {party}'s " + name, "{party}'s " + name + " would see"
    return [Found(verb, owner, ask, state, [_trim(list(clause.subtree))])]


def _keen_on(adj: Token) -> list[Found]:
    """ "The firm is keen on building a new depot": what it wants to do."""
    if adj.dep_ != "acomp" or _neg(adj.head) or _neg(adj):
        return []
    on = next((c for c in adj.children if c.dep_ == "prep" and c.lower_ == "on"), None)
    ger = (
        next((c for c in on.children if c.dep_ == "pcomp" and c.tag_ == "VBG"), None)
        if on is not None
        else None
    )
    if ger is None:
        return []
    low = adj.lower_
    return [
        Found(
            adj,
            _subject(adj.head),
            "What was {party} " + low + " on",
            "{party} was " + low + " on",
            vp_items(ger),
        )
    ]


def _money_for(verb: Token, lemma: str) -> list[Found]:
    """ "The firm has earmarked $5m for repairs to the depot": what the sum is for."""
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "obj")), None)
    prep = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "for"), None)
    what = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
    if obj is None or prep is None or what is None or what.pos_ != "NOUN" or is_duration(prep):
        return []
    amount = [t for t in obj.subtree]
    if not _is_sum(amount) or amount[-1].i + 1 != prep.i:
        return []
    sum_text = _text(amount)
    ask = "What did {party} " + lemma + " " + sum_text + " for"
    return [
        Found(
            verb,
            _subject(verb),
            ask,
            "{party} " + MONEY_VERBS[lemma] + " " + sum_text + " for",
            [_phrase(what)],
        )
    ]


def _all_out(verb: Token, lemma: str) -> list[Found]:
    """ "The band did everything in their power to ensure they stay on top", "the firm went to
    great lengths to keep the route open": what the party strove to do."""
    if lemma == "do":
        what = next((c for c in verb.children if c.dep_ in ("dobj", "obj")), None)
        if what is None or what.lower_ not in ALL_OUT_OBJECTS:
            return []
        said = "did everything to"
    else:
        to = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "to"), None)
        what = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
        if what is None or what.lower_ not in LENGTH_NOUNS:
            return []
        said = "went to great lengths to"
    inf = _to_inf(verb, ("advcl", "xcomp")) or _to_inf(what, ("acl", "relcl"))
    if inf is None or _neg(inf):
        return []
    return [Found(verb, _subject(verb), "What did {party} strive to do", "{party} " + said, vp_items(inf))]


#: words of a sum the small model leaves out of its MONEY entity: "$5m", "£2bn"
SUM_WORDS = frozenset({"m", "bn", "k", "million", "billion", "thousand", "mn"})


def _is_sum(toks: list[Token]) -> bool:
    """The tokens are one sum of money: "$5m", "£2 million", "5m euros"."""
    return (
        bool(toks)
        and all(t.ent_type_ == "MONEY" or t.tag_ == "$" or t.like_num or t.lower_ in SUM_WORDS for t in toks)
        and any(t.ent_type_ == "MONEY" or t.tag_ == "$" for t in toks)
    )


def _has_figure(tok: Token) -> bool:
    return any(t.ent_type_ in FIGURE_KINDS or t.like_num for t in tok.subtree)


def _targeting(verb: Token, _lemma: str) -> list[Found]:
    """ "The firm is targeting 2,000 new passengers a week": a figure it aims at (never "the ads
    targeted young voters", which names an audience, not a target)."""
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "obj")), None)
    if obj is None or obj.pos_ not in ("NOUN", "NUM") or not _has_figure(obj):
        return []
    ask, state = "What was {party} targeting", "{party} was targeting"
    return [Found(verb, _subject(verb), ask, state, [_trim(list(obj.subtree))])]


def _target_of(noun: Token, lemma: str) -> list[Found]:
    """ "The firm has set a target of 2,000 new passengers a week": the figure, asked as the
    target's owner's."""
    of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    what = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if what is None or what.pos_ not in ("NOUN", "NUM") or not _has_figure(what):
        return []
    owner = _owner(noun)
    if owner is None:
        return []
    ask, state = "What was {party}'s " + lemma, "{party}'s " + lemma + " was"
    return [Found(noun, owner, ask, state, [_trim(list(what.subtree))])]


def _hope_that(verb: Token, _lemma: str) -> list[Found]:
    """ "The club hopes the council will approve the new stand": what it hopes another party will
    do (not "hopes sales will rise", a forecast of no party's doing)."""
    clause = next((c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i and c.pos_ == "VERB"), None)
    if clause is None or not any(c.dep_ == "aux" and c.lower_ in HOPE_MODALS for c in clause.children):
        return []
    subj = next((c for c in clause.children if c.dep_ == "nsubj"), None)
    if subj is None or not (subj.pos_ == "PROPN" or subj.pos_ == "NOUN" and is_agent_noun(subj)):
        return []
    toks = [t for t in clause.subtree if not (t.dep_ == "mark" and t.head.i == clause.i)]
    return [Found(verb, _subject(verb), "What did {party} hope", "{party} hoped that", [_trim(toks)])]


def _aiming_for(verb: Token, _lemma: str) -> list[Found]:
    """ "The firm is aiming for a record summer": what it aims at."""
    prep = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "for"), None)
    what = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
    if what is None or prep is None or what.pos_ not in ("NOUN", "PROPN"):
        return []
    if is_duration(prep) and all(t.ent_type_ in ("DATE", "TIME") or t.dep_ == "det" for t in what.subtree):
        return []  # "aiming for next year": when, not what
    return [
        Found(verb, _subject(verb), "What was {party} aiming for", "{party} was aiming for", [_phrase(what)])
    ]


def _offer_of(noun: Token, lemma: str) -> list[Found]:
    """ "The firm made an offer of $5m for the depot": the figure and what it is for."""
    verb = noun.head
    if noun.dep_ not in ("dobj", "obj") or verb.lemma_.lower() not in OFFER_MAKING_VERBS or _neg(verb):
        return []
    of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is None or not _is_sum([t for t in of.subtree if t.i != of.i]):
        return []
    prep = next(
        (
            c
            for c in [*noun.children, *verb.children]
            if c.dep_ == "prep" and c.lower_ == "for" and c.i > of.i
        ),
        None,
    )
    if prep is None or prep.i != of.right_edge.i + 1:
        return []
    toks = [t for t in noun.doc[of.i + 1 : prep.right_edge.i + 1]]
    ask, state = (
        ("What did {party} offer", "{party} offered")
        if lemma == "offer"
        else (
            "What did {party} bid",
            "{party} bid",
        )
    )
    return [Found(noun, _subject(verb), ask, state, [_trim(toks)])]


def _money_to(verb: Token, lemma: str) -> list[Found]:
    """ "The firm pledged $2m to repair the pier": what the money is for, the sum in the prompt."""
    inf = _to_inf(verb, ("xcomp", "advcl"))
    if inf is None or _neg(inf):
        return []
    to = next((a for a in inf.children if a.tag_ == "TO"), None)
    if to is None:
        return []
    between = [t for t in verb.doc[verb.i + 1 : to.i]]
    if not _is_sum(between):
        return []
    amount = _text(between)
    ask = "What did {party} " + lemma + " " + amount + " to do"
    return [
        Found(
            verb, _subject(verb), ask, "{party} " + MONEY_VERBS[lemma] + " " + amount + " to", vp_items(inf)
        )
    ]


#: verbs with a to-infinitive the party sets out to do: lemma -> (question, statement, progressive only)
TO_FRAMES: dict[str, tuple[str, str, bool]] = {
    "look": ("What was {party} looking to do", "{party} was looking to", True),
    "prepare": ("What was {party} preparing to do", "{party} was preparing to", False),
    "bid": ("What did {party} bid to do", "{party} bid to", False),
}
#: the verb finders of this module by the lemma that starts them
VERB_FINDERS: dict[str, tuple[Callable[[Token, str], list[Found]], ...]] = {
    "do": (_all_out,),
    "go": (_all_out,),
    "target": (_targeting,),
    "hope": (_hope_that,),
    "aim": (_aiming_for,),
    "look": (_to_frame,),
    "prepare": (_to_frame,),
    "bid": (_to_frame, _asking_for),
    "set": (_sights_on,),
    "see": (_would_see,),
    "welcome": (_would_welcome,),
    **{v: (_money_to, _money_for) for v in MONEY_VERBS},
    **{v: (_asking_for,) for v in FOR_ASK_VERBS if v != "bid"},
    **{v: (_longing,) for v in LONG_TO_VERBS if v not in FOR_ASK_VERBS},
    "long": (_asking_for, _longing),
}
