"""Demand frames of aims, commitments, "for" clauses and threats: "in a bid to cut costs, the firm
will close two offices", "the firm is pressing ahead with plans to close the depot", "the firm said it
was committed to cutting delays", "the council called for the toll to be scrapped", "the union warned
it would strike unless pay is raised".

Each finder gives :class:`Found` records as :mod:`questions.extract.demand_finders` does; the party is
the subject of the verb the frame hangs on, resolved by
:class:`~questions.extract.demand_parties.Parties` (nobody when it is unclear).
"""

from __future__ import annotations

from spacy.tokens import Token

from questions.extract.demand_grammar import _neg, _subject, _to_inf
from questions.extract.demand_items import Found, _trim, object_items, vp_items
from questions.extract.demand_nouns import _owner
from questions.extract.demand_patterns import ADDRESSEE_PREPS, ADDRESSEE_VERBS, FUTURE_AUX, TO_NOUNS

#: "in a bid to", "in an effort to", "in an attempt to": the purpose of what the subject does
PURPOSE_NOUNS = frozenset("bid effort attempt drive push".split())
#: "pressing ahead with plans to": verbs that go on with a plan of their subject's
AHEAD_VERBS = frozenset("press push go forge move".split())
#: "committed to cutting delays": adjectives of a pledge with "to" and a gerund or a noun
COMMITTED = {"committed": ("What was {party} committed to", "{party} was committed to")}
#: verbs whose "for" clause is what the party wants: "called for the toll to be scrapped"
FOR_CLAUSE_VERBS: dict[str, tuple[str, str]] = {
    "call": ("What did {party} call for", "{party} called for"),
    "push": ("What did {party} push for", "{party} pushed for"),
    "press": ("What did {party} press for", "{party} pressed for"),
    "ask": ("What did {party} ask for", "{party} asked for"),
    "campaign": ("What did {party} campaign for", "{party} campaigned for"),
    "lobby": ("What did {party} lobby for", "{party} lobbied for"),
}
#: verbs of saying that make "it will ... unless ..." a threat, not a forecast
THREAT_SAY_VERBS = frozenset({"warn", "threaten"})
#: nouns of what a party wants whose list "include" gives: "the union's demands include a pay rise"
INCLUDE_NOUNS = frozenset(
    "plan proposal demand aim goal priority offer request target pledge promise".split()
)
#: verbs that take an empty "it": "it would rain", "it would take years"
IMPERSONAL_VERBS = frozenset("rain snow take cost mean seem happen matter help depend".split())
#: the words that start these frames
AIM_TRIGGERS = (
    PURPOSE_NOUNS
    | set(COMMITTED)
    | set(FOR_CLAUSE_VERBS)
    | FUTURE_AUX
    | set(TO_NOUNS)
    | {"include"}
    | set(ADDRESSEE_VERBS)
)


def find_aims(tok: Token) -> list[Found]:
    """Every aim, commitment, "for" clause or threat frame triggered by ``tok``."""
    lemma = tok.lemma_.lower()
    out: list[Found] = []
    if tok.pos_ == "NOUN" and lemma in PURPOSE_NOUNS:
        out += _in_a_bid(tok)
    if tok.pos_ == "NOUN" and lemma in TO_NOUNS:
        out += _ahead_with(tok, lemma)
    if tok.lower_ in COMMITTED:
        out += _committed(tok)
    if tok.pos_ == "VERB" and lemma in FOR_CLAUSE_VERBS:
        out += _for_clause(tok, lemma)
    if tok.lower_ in FUTURE_AUX and tok.dep_ == "aux":
        out += _threat(tok)
    if tok.pos_ == "VERB" and lemma == "include":
        out += _include(tok)
    if tok.pos_ == "VERB" and lemma in ADDRESSEE_VERBS and lemma not in ADDRESSEE_PREPS and tok.tag_ == "VBN":
        out += _urged_by(tok, lemma)
    return out


def _urged_by(verb: Token, lemma: str) -> list[Found]:
    """ "Harbour Ferries was urged by the council to close the depot": the "by" phrase's demand,
    asked "What did the council urge Harbour Ferries to do?" (never as Harbour Ferries' own)."""
    who = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    by = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    inf = _to_inf(verb)
    if who is None or by is None or inf is None or _neg(verb) or who.pos_ not in ("PROPN", "NOUN"):
        return []
    named = " ".join(t.text for t in who.subtree if t.i <= who.i)
    if len(named.split()) > 6:
        return []
    ask, state = ADDRESSEE_VERBS[lemma]
    return [Found(verb, by, ask, state, vp_items(inf), addressee=named, obliged=who)]


def _include(verb: Token) -> list[Found]:
    """ "The union's demands include a pay rise and shorter shifts", "Harbour Ferries' plans include
    cutting fares and opening a new route": one item per thing listed, asked as the owner's."""
    noun = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if noun is None or noun.pos_ != "NOUN" or noun.lemma_.lower() not in INCLUDE_NOUNS or _neg(verb):
        return []
    owner = _owner(noun)
    if owner is None:
        return []
    ger = next((c for c in verb.children if c.dep_ == "xcomp" and c.tag_ == "VBG"), None)
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "obj") and c.pos_ == "NOUN"), None)
    if ger is not None:
        items = vp_items(ger)
    elif obj is not None:
        items = object_items(obj)
    else:
        return []
    name = noun.text.lower()
    ask, state = "What did {party}'s " + name + " include", "{party}'s " + name + " included"
    return [Found(verb, owner, ask, state, items)]


def _in_a_bid(noun: Token) -> list[Found]:
    """ "In a bid to cut costs, the firm will close two offices": the firm's aim."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ != "in" or prep.dep_ != "prep":
        return []
    verb = prep.head
    if verb.pos_ != "VERB" or _neg(verb):
        return []
    if not any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in noun.children):
        return []  # "in the bid to host the games": a bid named before, not this verb's purpose
    inf = _to_inf(noun, ("acl", "relcl"))
    if inf is None:
        return []
    return [Found(noun, _subject(verb), "What did {party} aim to do", "{party} aimed to", vp_items(inf))]


def _ahead_with(noun: Token, lemma: str) -> list[Found]:
    """ "The firm is pressing ahead with plans to close the depot": the subject's plan."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ != "with" or any(c.dep_ == "poss" for c in noun.children):
        return []
    verb = prep.head
    if verb.lemma_.lower() not in AHEAD_VERBS or _neg(verb):
        return []
    if not any(c.lower_ == "ahead" for c in verb.children):
        return []
    inf = _to_inf(noun, ("acl", "relcl"))
    if inf is None:
        return []
    ask, state = TO_NOUNS[lemma]
    return [Found(noun, _subject(verb), ask, state, vp_items(inf))]


def _committed(tok: Token) -> list[Found]:
    """ "The firm said it was committed to cutting delays": what it is committed to."""
    if tok.dep_ != "acomp" or _neg(tok.head) or _neg(tok):
        return []
    to = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "to"), None)
    if to is None:
        return []
    ger = next((c for c in to.children if c.dep_ == "pcomp" and c.tag_ == "VBG"), None)
    obj = next((c for c in to.children if c.dep_ == "pobj" and c.pos_ == "NOUN"), None)
    if ger is not None:
        items = vp_items(ger)
    elif obj is not None:
        items = [_trim(list(obj.subtree))]
    else:
        return []
    ask, state = COMMITTED[tok.lower_]
    return [Found(tok, _subject(tok.head), ask, state, items)]


def _for_clause(verb: Token, lemma: str) -> list[Found]:
    """ "The council called for the toll to be scrapped": the parser reads "for" as the mark of a
    clause; the clause is what the council wants."""
    if _neg(verb):
        return []
    clause = next(
        (
            c
            for c in verb.children
            if c.dep_ == "advcl"
            and c.i > verb.i
            and any(m.dep_ == "mark" and m.lower_ == "for" for m in c.children)
            and any(a.tag_ == "TO" for a in c.children)
            and any(s.dep_ in ("nsubj", "nsubjpass") for s in c.children)
        ),
        None,
    )
    if clause is None or _neg(clause):
        return []
    toks = [t for t in clause.subtree if not (t.dep_ == "mark" and t.head.i == clause.i)]
    ask, state = FOR_CLAUSE_VERBS[lemma]
    return [Found(verb, _subject(verb), ask, state, [_trim(toks)])]


def _threat(aux: Token) -> list[Found]:
    """ "The union warned it would strike unless pay is raised": a threat with its condition, asked
    "What did the union warn it would do?" (a forecast with "if" told by a verb of saying is not)."""
    verb = aux.head
    if aux.i > verb.i or _neg(verb) or verb.pos_ != "VERB":
        return []
    say = verb.head if verb.dep_ == "ccomp" else None
    subj = _subject(verb)
    if say is None or subj is None or _neg(say) or say.lemma_.lower() not in THREAT_SAY_VERBS:
        return []
    if subj.lower_ not in ("it", "they", "we") or subj.head.i != verb.i:
        return []
    sayer = _subject(say)
    if subj.lower_ == "it" and (
        sayer is None
        or sayer.ent_type_ != "ORG"  # "Mr Reed warned it would strike": which "it" is not said
        or verb.lemma_.lower() in IMPERSONAL_VERBS  # "warned it would take years unless ..."
    ):
        return []
    if not any(
        c.dep_ == "advcl" and any(m.lower_ in ("if", "unless") and m.dep_ == "mark" for m in c.children)
        for c in verb.children
    ):
        return []  # without a condition, "warned it would ..." is read by the plan finder
    pron = subj.lower_
    toks = [t for t in verb.subtree if t.i >= verb.i]
    return [
        Found(
            aux,
            sayer,
            "What did {party} " + say.lemma_.lower() + " " + pron + " would do",
            "{party} " + ("warned" if say.lemma_.lower() == "warn" else "threatened") + " " + pron + " would",
            [_trim(toks)],
        )
    ]
