"""The finders of demand frames: each reads one construction off spaCy's parse and gives the
trigger's party (a token to resolve), the question frame and statement from
:mod:`questions.extract.demand_patterns`, and the items (see :mod:`questions.extract.demand_items`).
"""

from __future__ import annotations

from spacy.tokens import Token

from questions.extract.demand_aims import AIM_TRIGGERS, find_aims
from questions.extract.demand_grammar import _neg, _reporter, _subject, _to_inf, is_duration, speculative
from questions.extract.demand_items import (
    Found,
    _listed_object,
    _phrase,
    _text,
    _trim,
    _with_purpose,
    inf_items,
    object_items,
    vp_items,
)
from questions.extract.demand_more import MORE_TRIGGERS, find_more, first_person_want
from questions.extract.demand_nouns import (
    NEED_WORDS,
    NOUN_OWNER_VERBS,
    _aimed_at,
    _goal,
    _noun,
    _that_noun,
    find_needed,
)
from questions.extract.demand_parties import is_agent_noun
from questions.extract.demand_patterns import (
    ADDRESSEE_PREPS,
    ADDRESSEE_VERBS,
    DATIVE_VERBS,
    FOR_NOUNS,
    FOR_VERBS,
    FUTURE_AUX,
    GENERIC_ORG_NOUNS,
    GOAL_NOUNS,
    OBJECT_VERBS,
    OBLIGATION_MODALS,
    PARTY_ADDRESSEE_VERBS,
    PASSIVE_VERBS,
    PLEA_VERBS,
    PRONOUN_KINDS,
    PURPOSE_TO_VERBS,
    THAT_NOUNS,
    TO_ADJECTIVES,
    TO_NOUNS,
    TO_VERBS,
    trigger_lemma,
)
from questions.extract.demand_speech import CONTRACTED_WOULD, find_speech, not_to, teller_of
from questions.extract.demand_wishes import WISH_TRIGGERS, WISH_VERBS, find_wishes

#: every word that can start a frame: other tokens are not looked at
TRIGGERS = frozenset(
    [
        *ADDRESSEE_VERBS,
        *TO_VERBS,
        *FOR_VERBS,
        *TO_ADJECTIVES,
        *TO_NOUNS,
        *FOR_NOUNS,
        *OBJECT_VERBS,
        *GOAL_NOUNS,
        *PASSIVE_VERBS,
        *THAT_NOUNS,
    ]
    + [
        *FUTURE_AUX,
        *OBLIGATION_MODALS,
        "be",
        "have",
        "need",
        *MORE_TRIGGERS,
        *NEED_WORDS,
        *WISH_TRIGGERS,
        *AIM_TRIGGERS,
    ]
)


def find(tok: Token) -> list[Found]:
    """Every demand frame triggered by ``tok``."""
    low = tok.lower_
    lemma = trigger_lemma(low, tok.lemma_.lower(), tok.pos_)
    out: list[Found] = []
    if tok.pos_ == "VERB" and speculative(tok):
        return []  # "the firm could offer to pay": it has offered nothing
    if tok.pos_ == "VERB" and not _neg(tok):
        if lemma in ADDRESSEE_VERBS:
            out += _addressee(tok, lemma)
        if lemma == "want" and not out:
            out += first_person_want(tok)
        if lemma in TO_VERBS and not out and not any(c.dep_ in ("dobj", "obj") for c in tok.children):
            # "was working to give ...": the parser reads a purpose clause after these verbs
            inf = _to_inf(tok, ("xcomp", "advcl") if lemma in PURPOSE_TO_VERBS else ("xcomp",))
            if inf is not None:
                ask, state = TO_VERBS[lemma]
                out.append(Found(tok, _subject(tok), ask, state, inf_items(tok, inf)))
        if lemma in FOR_VERBS:
            prep = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "for"), None)
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
            if obj is not None and prep is not None and not is_duration(prep):
                ask, state = FOR_VERBS[lemma]
                out.append(Found(tok, _subject(tok), ask, state, [_with_purpose(tok, _phrase(obj))]))
    if (
        low in TO_ADJECTIVES
        and (tok.dep_ == "acomp" or tok.tag_ == "VBN" and tok.dep_ == "ROOT")
        and not _neg(tok.head)
    ):
        inf = _to_inf(tok)
        if inf is not None:
            ask, state = TO_ADJECTIVES[low]
            subj = _subject(tok.head) if tok.dep_ == "acomp" else _subject(tok)
            if not (low == "set" and inf.lemma_ == "be"):  # "set to be bigger" foretells, wants nothing
                out.append(Found(tok, subj, ask, state, vp_items(inf)))
    if tok.pos_ == "NOUN" and lemma in TO_NOUNS:
        out += _noun(tok, lemma)
    if tok.pos_ == "NOUN" and lemma in GOAL_NOUNS and not out:
        out += _goal(tok, lemma)
    if tok.pos_ == "NOUN" and lemma in THAT_NOUNS and not out:
        out += _that_noun(tok, lemma)
    if lemma == "aim" and tok.tag_ == "VBN" and tok.dep_ == "acl":
        out += _aimed_at(tok)
    if tok.pos_ == "NOUN" and lemma in FOR_NOUNS and tok.dep_ in ("dobj", "obj"):
        # "put up an appeal for witnesses", "renewed its call for a ban"
        prep = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "for"), None)
        obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
        if (
            obj is not None
            and not _neg(tok.head)
            and tok.head.lemma_.lower() in NOUN_OWNER_VERBS | {"issue", "put"}
        ):
            ask, state = FOR_NOUNS[lemma]
            poss = next((c for c in tok.children if c.dep_ == "poss"), None)
            out.append(Found(tok, poss or _subject(tok.head), ask, state, [_phrase(obj)]))
    if (
        low in FUTURE_AUX | OBLIGATION_MODALS or low in CONTRACTED_WOULD and tok.tag_ == "MD"
    ) and tok.dep_ == "aux":
        out += _reported(tok)
    if (
        lemma in ("have", "need")
        and tok.pos_ == "VERB"
        and not _neg(tok)
        and (rep := _reporter(tok)) is not None
    ):
        # "Mr X said video game firms had to work more closely with celebrities"
        inf, subj = _to_inf(tok), _subject(tok)
        if inf is not None and subj is not None and subj.pos_ != "PRON" and subj.head.i == tok.i:
            who = tok.doc[subj.left_edge.i : subj.i + 1].text
            if len(who.split()) <= 6:
                out.append(
                    Found(
                        tok,
                        _subject(rep),
                        "According to {party}, what did {to} " + lemma + " to do",
                        "{party} said {to} " + ("had" if lemma == "have" else "needed") + " to",
                        vp_items(inf),
                        addressee=who,
                        obliged=subj,
                    )
                )
    if low in OBLIGATION_MODALS and tok.dep_ == "aux" and tok.head.pos_ == "VERB":
        subj = _subject(tok.head)
        if (
            subj is not None
            and subj.lower_ in ("we", "i")
            and not _neg(tok.head)
            and subj.head.i == tok.head.i
        ):
            # "We must apply a system of compassion": the speaker's, read off the quotation
            out.append(
                Found(
                    tok,
                    subj,
                    "What did {party} say " + subj.lower_ + " " + low + " do",
                    "{party} said " + subj.lower_ + " " + low,
                    vp_items(tok.head),
                )
            )
    clause = next((c for c in tok.children if c.dep_ == "ccomp" and c.i > tok.i), None)
    if tok.pos_ == "VERB" and lemma == "recommend" and clause is not None and not _neg(tok):
        # "the agency recommends all adults get a vaccine": the whole clause
        ask, state = OBJECT_VERBS[lemma]
        first = min(t.i for t in clause.subtree)
        obj = next((c for c in tok.children if c.dep_ in ("dobj", "obj") and c.i < clause.i), None)
        first = obj.left_edge.i if obj is not None else first  # "recommends all adults | get ..."
        toks = [t for t in tok.doc[first : clause.right_edge.i + 1] if t.dep_ != "mark" or t.i != first]
        out.append(Found(tok, _subject(tok), ask, state, [_trim(toks)]))
    elif tok.pos_ == "VERB" and lemma in OBJECT_VERBS and not _neg(tok) and _to_inf(tok) is None:
        obj = next((c for c in tok.children if c.dep_ in ("dobj", "obj")), None)
        dative = next((c for c in tok.children if c.dep_ == "dative"), None)
        if obj is not None and obj.pos_ in ("NOUN", "PROPN") and dative is None:
            ask, state = OBJECT_VERBS[lemma]
            # "offered lower fares, a faster ferry and a new pier": the parser may read a list
            # as several objects of the verb
            more = [c for c in tok.children if c.i > obj.i and _listed_object(c, obj)]
            items = [i for o in (obj, *more) for i in object_items(o)]
            out.append(Found(tok, _subject(tok), ask, state, items))
        elif (
            obj is not None
            and obj.pos_ == "NOUN"
            and dative is not None
            and lemma in DATIVE_VERBS
            and not any(c.dep_ == "aux" and c.lower_ in UNSURE_MODALS for c in tok.children)
        ):
            # "the firm offered staff a pay rise and extra leave": what, with whom it was offered to
            to = _phrase(dative)
            if 0 < len(to) <= 5 and to[-1].i == dative.i and dative.pos_ in ("NOUN", "PROPN"):
                ask, state = DATIVE_VERBS[lemma]
                out.append(Found(tok, _subject(tok), ask, state, object_items(obj), addressee=_text(to)))
    if tok.pos_ == "VERB" and lemma in PASSIVE_VERBS and tok.tag_ == "VBN" and not _neg(tok):
        out += _passive(tok, lemma)
    if lemma == "be" and tok.dep_ in ("ROOT", "ccomp") and not _neg(tok):
        # "the group is to set up a new fund"
        inf = _to_inf(tok)
        subj = _subject(tok)
        if (
            inf is not None
            and subj is not None
            and not any(c.dep_ in ("acomp", "attr") for c in tok.children)
        ):
            if subj.pos_ in ("PROPN", "PRON") or subj.lemma_.lower() in GENERIC_ORG_NOUNS:
                out.append(Found(tok, subj, "What is {party} to do", "{party} is to", vp_items(inf)))
    return out + find_more(tok) + find_needed(tok) + find_wishes(tok) + find_aims(tok) + find_speech(tok)


#: modals of what a party must or may do, not of what it offers: "the firm must offer rivals ..."
UNSURE_MODALS = frozenset("must should could may might can".split())


def _passive(tok: Token, lemma: str) -> list[Found]:
    """ "A new bypass is planned by the council": the party is the "by" phrase, what it plans the
    subject (never a passive whose subject is who is offered something: "staff were offered ...")."""
    subj = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
    agent = next((c for c in tok.children if c.dep_ == "agent"), None)
    by = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    if subj is None or by is None or subj.pos_ != "NOUN" or subj.i > tok.i:
        return []
    if any(c.dep_ in ("dobj", "obj", "dative", "xcomp", "ccomp") for c in tok.children):
        return []
    ask, state = PASSIVE_VERBS[lemma]
    return [Found(tok, by, ask, state, object_items(subj))]


def _addressee(tok: Token, lemma: str) -> list[Found]:
    prep_word = ADDRESSEE_PREPS.get(lemma)
    who: Token | None = None
    inf: Token | None = None
    if prep_word is None:
        who = next((c for c in tok.children if c.dep_ in ("dobj", "obj")), None)
        inf = _to_inf(tok, ("xcomp", "ccomp"))
        if who is None and inf is not None and inf.dep_ == "ccomp":
            # "wanted the club to prove ...": the parser makes the club the subject of "prove"
            who = next((c for c in inf.children if c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN")), None)
    else:
        prep = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == prep_word), None)
        if prep is not None:
            who = next((c for c in prep.children if c.dep_ == "pobj"), None)
            inf = (
                _to_inf(tok, ("xcomp", "advcl"))
                or (who is not None and _to_inf(who, ("acl", "relcl")))
                or None
            )
        else:
            prep = None
        if prep is None or inf is None:
            # "pleaded with the minister to reconsider": "with" taken for the mark of a clause
            adv = next(
                (
                    c
                    for c in tok.children
                    if c.dep_ == "advcl"
                    and any(m.dep_ == "mark" and m.lower_ == prep_word for m in c.children)
                ),
                None,
            )
            if adv is not None and any(a.tag_ == "TO" for a in adv.children):
                inf, who = adv, next((c for c in adv.children if c.dep_ == "nsubj"), None)
        if prep is not None:
            pcomp = next((c for c in prep.children if c.dep_ == "pcomp"), None)
            if pcomp is not None and any(a.tag_ == "TO" for a in pcomp.children):
                # "pleaded with the minister to reconsider": the parser makes the minister its subject
                inf = pcomp
                who = next((c for c in pcomp.children if c.dep_ == "nsubj"), who)
    if who is not None and who.lower_ == "you" and inf is not None and who.i < inf.i and lemma in PLEA_VERBS:
        # "We implore you to allow ...": a plea to whoever the letter or speech is for
        ask, state = ADDRESSEE_VERBS[lemma]
        return [Found(tok, _subject(tok), ask, state, vp_items(inf), addressee="those addressed")]
    if who is None or inf is None or who.i > inf.i or who.lower_ in ("you", "us", "me", "yourself"):
        return []
    if who.pos_ == "PRON" and who.lower_ not in ("him", "her", "them", "it"):
        return []
    if lemma in PARTY_ADDRESSEE_VERBS and not (
        who.pos_ in ("PROPN", "PRON") or who.lemma_.lower() in GENERIC_ORG_NOUNS or is_agent_noun(who)
    ):
        return []  # "ordered 40 new buses to replace the fleet": a purpose, not an order to anyone
    ask, state = ADDRESSEE_VERBS[lemma]
    addressee = tok.doc[who.left_edge.i : min(who.right_edge.i + 1, inf.i)].text.strip(" ,")
    if addressee.endswith(" to"):
        addressee = addressee[:-3]
    if len(addressee.split()) > 8:
        return []
    fallback = inf.dep_ == "ccomp" and who.dep_ == "nsubj"
    if _neg(inf):
        # "urged the nation not to respond ...": what the party asks the other not to do, asked as such
        return [not_to(tok, ask, state, inf, addressee)]
    return [Found(tok, _subject(tok), ask, state, vp_items(inf), addressee=addressee, fallback=fallback)]


def _reported(aux: Token) -> list[Found]:
    """ "X said it would close two plants" (a plan) and "X said the firm must pay" (an obligation)."""
    verb = aux.head
    if _neg(verb) or verb.lemma_.lower() in ("be", "have", *WISH_VERBS) or aux.i > verb.i:
        # "said it would like to ...": a wish, read by demand_wishes
        return []
    say = _reporter(verb)
    subj = _subject(verb)
    if say is None or subj is None or _neg(say):
        return []
    modal = "would" if aux.lower_ in CONTRACTED_WOULD else aux.lower_
    if modal in FUTURE_AUX and (
        any(c.dep_ == "auxpass" for c in verb.children)
        or any(
            c.dep_ == "advcl" and any(m.lower_ in ("if", "unless") for m in c.children) for c in verb.children
        )
    ):
        return []  # "Britain will be isolated", "if we reject it, ...": a forecast or a condition, no plan
    if modal in FUTURE_AUX and subj.pos_ == "PROPN" and subj.head.i == verb.i:
        # "Mr X said Britain would hold a poll": the plan as X tells it, when Britain is a party
        named = _text([t for t in subj.subtree if t.i <= subj.i])
        if len(named.split()) > 6:
            return []
        return [
            Found(
                aux,
                teller_of(say),
                "What did {party} say {to} would do",
                "{party} said {to} would",
                vp_items(verb),
                addressee=named,
                obliged=subj,
            )
        ]
    if modal in FUTURE_AUX:
        if subj.lower_ not in PRONOUN_KINDS or subj.head.i != verb.i:
            return []
        pron = subj.lower_
        # the pronoun is kept as the speaker said it ("What did X say it would do?"), and the party is
        # the speaker: "The council said it would ..." is the council's plan, whatever an "it" of the
        # paragraph before would resolve to
        who = teller_of(say)
        if who is None:
            return []
        return [
            Found(
                aux,
                who,
                "What did {party} say " + pron + " would do",
                "{party} said " + pron + " would",
                vp_items(verb),
            )
        ]
    if subj.lower_ == "we" and subj.head.i == verb.i and subj.dep_ == "nsubj":
        # '"We should ...," X said': his side's own obligation; a "they" or "he" in the prompt would
        # read as the party itself ("What did the Guild say they should do"), so it is not asked
        pron = subj.lower_
        ask = "What did {party} say " + pron + " " + modal + " do"
        return [Found(aux, teller_of(say), ask, "{party} said " + pron + " " + modal, vp_items(verb))]
    if subj.pos_ == "PRON" or subj.head.i != verb.i:
        return []
    named = _text(list(subj.subtree))
    if len(named.split()) > 8:
        return []
    if subj.dep_ == "nsubjpass":
        clause = [t for t in verb.subtree if t.i >= subj.left_edge.i]
        return [
            Found(
                aux,
                teller_of(say),
                "According to {party}, what " + modal + " happen",
                "{party} said that",
                [_trim(clause)],
                obliged=subj,
            )
        ]
    return [
        Found(
            aux,
            teller_of(say),
            "According to {party}, what " + modal + " {to} do",
            "{party} said {to} " + modal,
            vp_items(verb),
            addressee=named,
            obliged=subj,
        )
    ]
