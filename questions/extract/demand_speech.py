"""Demand frames read off what a speaker says of the group he speaks for: '"We will open the depot
on Sundays," Smith said', '"we won't roll the dice on safety," the chief executive said'.

The clause must be what the verb of saying reports (its direct object clause), so the speaker is
sure; the speaker's "we" names nobody a question shows, so the question asks what he said would be
done ("What did Smith say would be done?"), and a refusal as one ("... would not be done?"), never
among what the party wants.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from questions.extract.antecedents import is_agent_noun
from questions.extract.demand_grammar import _neg, _reporter, _subject, _to_inf
from questions.extract.demand_items import Found, _trim, inf_items, object_items, vp_items
from questions.extract.demand_patterns import ADDRESSEE_VERBS, FOR_VERBS, OBJECT_VERBS, TO_VERBS

#: the auxiliaries of a plan or a refusal ("will", "'ll", the "wo" of "won't"); "would" is a wish
#: or a condition ("we would welcome ...") and is left to other finders
PLAN_AUX = frozenset({"will", "'ll", "wo"})
#: verbs whose "we will ..." foretells or perceives rather than sets out to do
NOT_PLANS = frozenset(
    "be have see know find hear feel think seem wait remember miss lose win need get become happen "
    "look like love hope want try".split()
)

if TYPE_CHECKING:
    from questions.extract.demand_parties import Parties, Party
    from questions.nlp import Sentence

#: "he'd put ...": the contracted "would" of a reported plan or threat (read by the finder of "would")
CONTRACTED_WOULD = frozenset({"'d", "’d"})
#: "it would be nice to see ...": the speaker's wish, in a quotation
NICE_WORDS = frozenset("nice good great lovely wonderful helpful".split())
#: "it is vital that the council ...": what must be done, in the speaker's words
VITAL_WORDS = frozenset("important vital essential crucial necessary imperative".split())
#: "it is important to note that ...": a remark, not something to be done
REMARK_VERBS = frozenset(
    "remember note say understand recognise recognize point stress emphasise emphasize realise "
    "realize acknowledge add mention".split()
)
SPEECH_TRIGGERS = PLAN_AUX | CONTRACTED_WOULD | NICE_WORDS | VITAL_WORDS | {"time", "entitled", "be"}
#: "we will ask the mayor to ...", "we will offer ...": the demand verb's own finder asks it
OWN_FRAMES = frozenset([*ADDRESSEE_VERBS, *FOR_VERBS, *OBJECT_VERBS, *TO_VERBS])


def find_speech(tok: Token) -> list[Found]:
    """Every speech frame triggered by ``tok``."""
    if _asked(tok):
        return []  # '"Do we need a new bridge?"', '"Will we open on Sundays?"': a question, no demand
    if tok.lower_ in PLAN_AUX | {"would"} and tok.dep_ == "aux" and _promised_by(tok.head) is not None:
        return _promised(tok)
    if tok.lower_ in PLAN_AUX and tok.dep_ == "aux":
        return _will_back(tok) if tok.head.lemma_.lower() in BACK_VERBS else _we_will(tok)
    if tok.lower_ in ("are", "'re", "’re") and tok.dep_ == "aux" and tok.head.lower_ == "going":
        return _we_will(tok)
    if tok.lemma_.lower() == "need" and tok.pos_ == "VERB":
        return _we_need(tok)
    if tok.lower_ == "time" and tok.dep_ == "attr":
        return _time_for(tok)
    if tok.lower_ in NICE_WORDS | VITAL_WORDS and tok.dep_ == "acomp":
        return _it_is(tok)
    if tok.lower_ in ("must", "should") and tok.dep_ == "aux" and tok.i < tok.head.i:
        return _obliged(tok)
    if tok.lower_ == "entitled" and tok.tag_ == "VBN":
        return _entitled(tok)
    return []


#: what a party writes or issues: "issued a statement warning that ..." is its own saying
WRITTEN_NOUNS = frozenset("statement letter".split())
#: the verbs by which a party puts out what it writes (not "read out", "received")
ISSUE_VERBS = frozenset("issue write send release publish sign".split())


def teller_of(say: Token) -> Token | None:
    """Who says what a verb of saying reports: its subject, or for "issued a statement warning that
    ...", "wrote a letter saying ...", the subject of the verb that puts the statement out."""
    noun = say.head
    if say.dep_ == "acl" and noun.lemma_.lower() in WRITTEN_NOUNS and noun.dep_ == "dobj":
        return _subject(noun.head) if noun.head.lemma_.lower() in ISSUE_VERBS else None
    return _subject(say)


def _entitled(verb: Token) -> list[Found]:
    """ "the Commission issued a statement warning that voters are entitled to transparency from
    campaigners": what a party says others have a right to, asked as that party's reading."""
    who = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    aux = next((c for c in verb.children if c.dep_ == "auxpass"), None)
    to = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "to"), None)
    obj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    say = _reporter(verb)
    if who is None or aux is None or obj is None or say is None or _neg(verb) or _neg(say):
        return []
    teller = teller_of(say)
    named = " ".join(t.text for t in who.subtree if t.text not in ('"', "“", "”"))
    if teller is None or who.pos_ == "PRON" or len(named.split()) > 6:
        return []
    ask = "According to {party}, what " + aux.lower_ + " {to} entitled to"
    return [
        Found(
            verb,
            teller,
            ask,
            "{party} said {to} " + aux.lower_ + " entitled to",
            [_trim(list(obj.subtree))],
            addressee=named,
        )
    ]


def _according_to(verb: Token) -> Token | None:
    """The party of "according to X" on the verb ("the firm must pay, according to the union")."""
    acc = next((c for c in verb.children if c.lower_ == "according" and c.dep_ == "prep"), None)
    to = next((c for c in acc.children if c.lower_ == "to"), None) if acc is not None else None
    obj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    return obj if obj is not None and obj.pos_ == "PROPN" else None


def _obliged(aux: Token) -> list[Found]:
    """ "According to the union, the firm must pay" (the older finder reads "X said the firm must")
    and "X said the firm should not close the library" (what the firm should not do, asked as such)."""
    verb, modal = aux.head, aux.lower_
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if verb.pos_ != "VERB" or subj is None or subj.pos_ == "PRON" or verb.lemma_.lower() in ("be", "have"):
        return []
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children):
        return []
    say = _reporter(verb)
    teller = teller_of(say) if say is not None and not _neg(say) else _according_to(verb)
    named = " ".join(t.text for t in subj.subtree)
    if teller is None or len(named.split()) > 8 or (say is not None and not _neg(verb)):
        return []  # "X said the firm must pay": read by the finder of reported modals
    if _neg(verb):
        ask, state = (
            "According to {party}, what " + modal + " {to} not do",
            "{party} said {to} " + modal + " not",
        )
        return [Found(aux, teller, ask, state, [_refused(verb)], addressee=named, obliged=subj, against=True)]
    ask, state = "According to {party}, what " + modal + " {to} do", "{party} said {to} " + modal
    return [Found(aux, teller, ask, state, vp_items(verb), addressee=named, obliged=subj)]


def own_wish(found: Found) -> bool:
    """The frame is the wish of whoever speaks the quotation it stands in ("It would be nice to ...")."""
    words = NICE_WORDS | VITAL_WORDS
    return found.trigger.lower_ in words and found.subject is not None and found.subject.lower_ == "it"


def _it_is(adj: Token) -> list[Found]:
    """'"It would certainly be nice to see a few new faces in January"' (the speaker's wish), '"It is
    vital that the council reopens the bridge," said X', 'X said it was essential to build a
    footbridge': what the party says should be done."""
    be, low = adj.head, adj.lower_
    subj = next((c for c in be.children if c.dep_ in ("nsubj", "expl") and c.lower_ == "it"), None)
    would = any(c.dep_ == "aux" and c.lower_ in ("would", "'d", "’d") for c in be.children)
    if be.lemma_ != "be" or subj is None or _neg(be) or (low in NICE_WORDS and not would):
        return []  # "it is good to be back": a feeling, not a wish
    kids = [*be.children, *adj.children]
    inf = next((c for c in kids if c.dep_ == "xcomp" and c.tag_ == "VB"), None)
    inf = inf if inf is not None and any(c.tag_ == "TO" for c in inf.children) else None
    that = next((c for c in kids if c.dep_ == "ccomp" and any(m.lower_ == "that" for m in c.children)), None)
    say = _reporter(be)
    teller = teller_of(say) if say is not None and not _neg(say) else subj
    mood = "would be" if would else "was"
    if inf is not None and not _neg(inf) and inf.lemma_.lower() not in REMARK_VERBS:
        ask, state = f"What did {{party}} say it {mood} {low} to do", f"{{party}} said it {mood} {low} to"
        return [Found(adj, teller, ask, state, vp_items(inf))]
    if that is not None and not _neg(that) and low in VITAL_WORDS:
        clause = _trim([t for t in that.subtree if t.dep_ != "mark" or t.head.i != that.i])
        return [
            Found(
                adj,
                teller,
                f"What did {{party}} say {mood} {low}",
                f"{{party}} said it {mood} {low} that",
                [clause],
            )
        ]
    return []


def _we_need(need: Token) -> list[Found]:
    """'"We need a footbridge by Christmas," X said', '"What we need is a new bridge"', '"we need to
    act now"': what the speaker says his side needs (asked as what was needed: "we" names nobody
    a question shows)."""
    subj = next((c for c in need.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.lower_ not in ("we", "i") or _neg(need):
        return []
    ask, state = "What did {party} say was needed", "{party} said they needed"
    obj = next((c for c in need.children if c.dep_ in ("dobj", "obj")), None)
    if need.dep_ == "csubj" and obj is not None and obj.lower_ == "what":
        be = need.head  # "what we need is a new bridge and a bus service"
        comp = next((c for c in be.children if c.dep_ == "attr" and c.i > need.i), None)
        if be.lemma_ != "be" or _neg(be) or comp is None or comp.pos_ not in ("NOUN", "PROPN"):
            return []
        return [Found(need, subj, ask, state, object_items(comp))]
    inf = _to_inf(need)
    if inf is not None and obj is None:
        return [
            Found(need, subj, "What did {party} say needed to be done", state + " to", inf_items(need, inf))
        ]
    if obj is not None and obj.pos_ == "NOUN" and need.dep_ in ("ROOT", "ccomp", "conj"):
        return [Found(need, subj, ask, state, object_items(obj))]
    return []


def _time_for(time: Token) -> list[Found]:
    """'"It is time for the council to listen to the people," said X': what X says the other
    should do now; the speaker must be the subject of the verb of saying that reports the clause."""
    be = time.head
    inf = next((c for c in time.children if c.dep_ in ("relcl", "acl") and c.tag_ == "VB"), None)
    if be.lemma_ != "be" or _neg(be) or inf is None or not any(c.tag_ == "TO" for c in inf.children):
        return []
    if not any(c.dep_ in ("nsubj", "expl") and c.lower_ == "it" for c in be.children) or _neg(inf):
        return []
    say = _reporter(be)
    if say is None or _neg(say):
        return []
    who = next((c for c in inf.children if c.dep_ == "nsubj"), None)
    named = " ".join(t.text for t in who.subtree) if who is not None else ""
    if who is not None and (who.pos_ == "PRON" or len(named.split()) > 6):
        return []
    ask = (
        "What did {party} say it was time for {to} to do"
        if named
        else "What did {party} say it was time to do"
    )
    state = "{party} said it was time for {to} to" if named else "{party} said it was time to"
    return [Found(time, teller_of(say), ask, state, vp_items(inf), addressee=named)]


#: verbs of the side a party says it will take: "X will back a "yes" vote"
BACK_VERBS = {
    "back": ("What will {party} back", "{party} will back"),
    "support": ("What will {party} support", "{party} will support"),
}


def _will_back(aux: Token) -> list[Found]:
    """ "the minister, who will back a "yes" vote": the side a party will take (what it has backed
    is a decision taken, not asked)."""
    verb = aux.head
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "obj")), None)
    subj = _subject(verb)
    if obj is None or subj is None or _neg(verb) or aux.i > verb.i or subj.lower_ in ("we", "i", "you"):
        return []
    if obj.pos_ in ("PRON", "PROPN") or is_agent_noun(obj) or obj.lower_.endswith(("men", "people")):
        return []  # "will support farmers", "will back Smith": whom it helps, not a side it takes
    if any(
        c.dep_ == "advcl" and any(m.lower_ in ("if", "unless") for m in c.children) for c in verb.children
    ):
        return []
    ask, state = BACK_VERBS[verb.lemma_.lower()]
    return [Found(aux, subj, ask, state, [_trim(list(obj.subtree))])]


def _we_will(aux: Token) -> list[Found]:
    verb = top = aux.head
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if verb.lower_ == "going" and aux.lemma_ == "be":
        # "we are going to open the depot": the plan is the to-infinitive of "going"
        inf = _to_inf(verb)
        if inf is None or _neg(verb) or any(c.dep_ in ("nsubj", "nsubjpass") for c in inf.children):
            return []
        verb = inf
    if (
        subj is None
        or subj.lower_ != "we"
        or aux.i > verb.i
        or verb.pos_ != "VERB"
        or verb.lemma_.lower() in NOT_PLANS | OWN_FRAMES
        or any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
        or any(
            c.dep_ == "advcl" and any(m.lower_ in ("if", "unless") for m in c.children) for c in verb.children
        )
    ):
        return []  # "we will be fine", "we will see", "if they refuse, we will ...": no plan to ask
    say = _reporter(top)
    if say is None or _neg(say):
        return []
    if _neg(verb):
        ask, state = "What did {party} say would not be done", "{party} said they would not"
        return [Found(aux, subj, ask, state, [_refused(verb)], against=True)]
    items = [i for i in vp_items(verb) if _whole(verb, i)]
    return [Found(aux, subj, "What did {party} say would be done", "{party} said they would", items)]


def _whole(verb: Token, item: list[Token]) -> bool:
    """The item holds the verb's object and complement, and no words the quotation left out ("we
    will ask... the court | (ICC) to open ..." is a fragment)."""
    end = item[-1].i if item else -1
    return (
        bool(item)
        and not any(t.text in ("...", "…") or t.text.startswith("..") for t in item)
        and not any(c.dep_ in ("dobj", "xcomp", "ccomp", "dative") and c.i > end for c in verb.children)
    )


def _refused(verb: Token) -> list[Token]:
    """What "we won't ..." refuses, without its "not" (the frame says it): the verb and what follows
    it in its phrase, up to a clause or a list the verb goes on with."""
    drop = {
        t.i
        for c in verb.children
        if c.dep_ in ("neg", "conj", "cc", "advcl", "punct", "mark") or c.i < verb.i
        for t in c.subtree
    }
    return _trim([t for t in verb.subtree if t.i >= verb.i and t.i not in drop])


#: verbs only a party can do: their subject is a group of people even when the noun is not known as one
WILL_VERBS = frozenset("want wish hope demand urge ask call".split())


def reported_group(found: Found, parties: Parties, sent: Sentence) -> tuple[Party, str] | None:
    """ "Patriots by definition wanted the UK to be ..., Mr Straw said": a group named by a bare
    plural noun, in a clause a named party reports, is that party's reading (asked "According to
    Jack Straw, what did patriots want ...?"); the group's name is the noun with its modifiers."""
    from questions.extract.demand_parties import Party

    subj, verb = found.subject, found.trigger
    if (
        subj is None
        or subj.tag_ != "NNS"
        or subj.dep_ != "nsubj"
        or subj.head.i != verb.i
        or subj.ent_type_
        or verb.lemma_.lower() not in WILL_VERBS
        or parties.in_quote(verb, sent)
        or any(c.dep_ in ("det", "poss", "nummod", "relcl", "acl") for c in subj.children)
    ):
        return None
    say = _reporter(verb)
    sayer = teller_of(say) if say is not None else None
    teller = parties.of(sayer, sent) if sayer is not None and sayer.pos_ == "PROPN" else None
    if teller is None or teller.kind not in ("PERSON", "ORG"):
        return None
    words = sorted([c for c in subj.lefts if c.dep_ in ("amod", "compound")] + [subj], key=lambda t: t.i)
    name = " ".join(t.text for t in words)
    if words[0].is_sent_start and words[0].pos_ in ("NOUN", "ADJ") and not words[0].text.isupper():
        name = name[:1].lower() + name[1:]  # capitalised only as the sentence's first word
    return Party(name, "GROUP"), teller.name


def not_to(verb: Token, ask: str, state: str, inf: Token, addressee: str) -> Found:
    """ "X urged the nation not to respond to threats with retribution": "What did X urge the nation
    not to do?", whose answer is the act without its "not" (the frame says it)."""
    ask, state = ask.replace("{to} to do", "{to} not to do"), state.replace("{to} to", "{to} not to")
    return Found(verb, _subject(verb), ask, state, [_refused(inf)], addressee=addressee, against=True)


def _asked(tok: Token) -> bool:
    """The token stands in a question: the first end mark after it is a question mark."""
    end = next((t for t in tok.doc[tok.i :] if t.text in (".", "!", "?")), None)
    return end is not None and end.text == "?"


#: verbs of a commitment: "X promised the road would be repaired" (after "said", a forecast)
PROMISE_VERBS = frozenset("promise pledge vow guarantee insist".split())


def _promised_by(verb: Token) -> Token | None:
    """The verb of promising whose clause ``verb`` is ("promised [the road would be repaired]", "had
    made it clear [the issue would be put to voters]")."""
    head = verb.head
    if verb.dep_ == "ccomp" and head.lemma_.lower() in PROMISE_VERBS:
        return head
    if (
        verb.dep_ in ("ccomp", "advcl")
        and head.lower_ == "clear"
        and head.head.lemma_.lower() == "make"
        and any(c.lower_ == "it" for c in head.children)
    ):
        return head.head
    return None


def _promised(aux: Token) -> list[Found]:
    """ "Mr Blair had made it clear the issue would be put to voters in a referendum": what the party
    committed to, the whole clause (its passive names no one else to do it)."""
    verb = aux.head
    promise = _promised_by(verb)
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if promise is None or subj is None or _neg(verb) or _neg(promise) or subj.pos_ == "PRON":
        return []
    if not any(c.dep_ == "auxpass" for c in verb.children):
        return []  # "X promised the firm would pay": read by the finder of reported plans
    clause = _trim([t for t in verb.subtree if t.i >= subj.left_edge.i])
    if promise.lemma_.lower() == "make":
        ask, state = "What did {party} make clear would happen", "{party} made clear that"
    else:
        ask, state = f"What did {{party}} {promise.lemma_.lower()} would happen", "{party} said that"
    return [Found(aux, _subject(promise), ask, state, [clause])]
