"""Demand frames: the many ways news reports what a party wants, plans, offers or requires.

:func:`extract_frames` runs the finders of :mod:`questions.extract.demand_finders` on every trigger
word; each reads one construction off spaCy's parse and gives the trigger's party (a token to
resolve), the question frame and statement from :mod:`questions.extract.demand_patterns`, and
the items (:mod:`questions.extract.demand_items`: one per coordinated verb phrase, "offered to cut
fees and open the library" gives two). :class:`~questions.extract.demand_parties.Parties` turns a
subject into a party name, resolving "he", "it", "they" and "the firm" to the one compatible party
named just before, and to nobody when two compete.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from questions.extract.demand_extra import EXTRA_TRIGGERS, find_extra
from questions.extract.demand_finders import TRIGGERS, find
from questions.extract.demand_headline import headline_demands
from questions.extract.demand_items import Found, _words
from questions.extract.demand_lists import extract_list_demands
from questions.extract.demand_more import MESSAGE_NOUNS
from questions.extract.demand_parties import FIRST_PERSON, UNNAMED_SPEAKER, Parties, is_agent_noun
from questions.extract.demand_patterns import trigger_lemma
from questions.extract.demand_plans import PLAN_TRIGGERS, find_plans, rebuilt, view_from
from questions.extract.demand_speech import SPEECH_TRIGGERS, own_wish, reported_group
from questions.extract.people import People
from questions.facts import Fact
from questions.nlp import ParsedArticle

#: the names other modules import from here
__all__ = ["UNNAMED_SPEAKER", "Parties", "extract_frames", "is_agent_noun"]

ALL_TRIGGERS = TRIGGERS | EXTRA_TRIGGERS | PLAN_TRIGGERS | SPEECH_TRIGGERS
CONDITION_MARKS = frozenset("if unless whether".split())
#: the words that start a purpose clause ("in order to", "so as to"), read as the verb "aim"
PURPOSE_MARKS = {"order": "aim", "as": "aim"}


def extract_frames(pa: ParsedArticle, people: People) -> tuple[list[Fact], set[tuple[int, int]], Parties]:
    """Demand facts of every frame, the (paragraph, token) of each trigger used, and the parties."""
    parties = Parties(pa, people)
    facts: list[Fact] = []
    used: set[tuple[int, int]] = set()
    seen: dict[str, set[str]] = {}
    first_at: dict[tuple[str, str], int] = {}  # (party, answer) -> index of its fact
    for sent in pa.sentences:
        base = pa.blocks[sent.para].start
        for tok in sent.span:
            if (
                trigger_lemma(tok.lower_, tok.lemma_.lower(), tok.pos_) not in ALL_TRIGGERS
                and tok.lower_ not in ALL_TRIGGERS
            ):
                continue
            for found in find(tok) + find_extra(tok) + find_plans(tok):
                if not found.fallback:
                    used.add((sent.para, found.trigger.i))
                if found.subject is None or found.subject.lower_ == "you" or _in_view(view_from(found, tok)):
                    continue
                per = None
                if parties.in_quote(tok, sent) and found.subject.lower_ not in FIRST_PERSON:
                    # "Russia is demanding ...," says a historian: asked as his reading, or not at all
                    speaker = parties.speaker(tok, sent)
                    per = speaker.name if speaker is not None else UNNAMED_SPEAKER
                if per is None and (cited := _cited_by(tok)) is not None:
                    # "The band did everything to ..., according to editor Ann Lee": her reading
                    who = parties.of(cited, sent)
                    per = who.name if who is not None else UNNAMED_SPEAKER
                if own_wish(found):  # '"It would be nice to ...," X said': X's own wish
                    party, per = parties.speaker(tok, sent) if parties.in_quote(tok, sent) else None, None
                else:
                    party = parties.of(found.subject, sent)
                if party is None and per is None and (told := reported_group(found, parties, sent)):
                    party, per = told  # "Patriots wanted ..., Mr Straw said": a group as he tells it
                if found.fallback and party is not None:
                    used.add((sent.para, found.trigger.i))
                if party is not None and per is not None and _bare(per) == _bare(party.name):
                    per = None  # '"The aim is to win," Smith said': his own word
                if party is None or (found.addressee and party.name.lower() == found.addressee.lower()):
                    continue
                addressee = found.addressee
                if addressee.lower() in ("him", "her"):
                    # "so I told him to leave": the one other person the sentence names before
                    addressee = parties.other_person(found.trigger, sent, party.name) or addressee
                if found.obliged is not None:
                    obliged = parties.of(found.obliged, sent)
                    if obliged is None or obliged.name == party.name:
                        continue
                    addressee = obliged.name if addressee else ""
                ev: tuple[tuple[int, int], ...] = ((sent.start, sent.end),)
                if party.named_at is not None:
                    ev += (party.named_at,)
                ask, state = found.ask, found.state
                if party.kind == "GROUP":  # "the miners were determined to ..."
                    ask = ask.replace("What was {party}", "What were {party}").replace(
                        " is {party}", " are {party}"
                    )
                    state = state.replace("{party} was", "{party} were").replace("{party} is", "{party} are")
                question = ask.format(party=party.name, to=addressee) + ", according to the article?"
                statement = state.format(party=party.name, to=addressee)
                for toks in found.items:
                    if len(toks) < 2 or len(toks) > 30:
                        continue
                    after = toks[-1].i + 1
                    nxt = toks[-1].doc[after] if after < len(toks[-1].doc) else None
                    if (
                        nxt is not None
                        and nxt.text not in ("[", "(")  # an aside in brackets after the item
                        and (nxt.pos_ in ("NOUN", "PROPN") or nxt.dep_ in ("dep", "compound"))
                    ):
                        continue  # cut inside a noun phrase: a fragment, not an item
                    if any(
                        t.lower_ in ("which", "that", "what") and t.dep_ in ("dobj", "pobj") for t in toks[:3]
                    ):
                        continue  # "which the firm hoped to double": the object is elsewhere
                    if not rebuilt(found) and any(
                        c.dep_ in ("dobj", "obj") and c.i < toks[0].i and c.tag_ in ("WDT", "WP")
                        for c in toks[0].children
                    ):
                        continue  # the same, when the parser leaves the pronoun out of the item
                    gap = next((n for n in range(1, len(toks)) if toks[n].i != toks[n - 1].i + 1), 0)
                    s, e = base + toks[gap].idx, base + toks[-1].idx + len(toks[-1])
                    if pa.article.is_masked(base + toks[0].idx, e):
                        continue
                    answer = _balanced(_words(toks).strip(' ,.;:"“”'))
                    if answer.lower() in seen.get(party.name, set()):
                        # said again elsewhere: that sentence is a source of the same question too
                        k = first_at.get((party.name, answer.lower()))
                        if k is not None and (sent.start, sent.end) not in facts[k].evidence:
                            if len(facts[k].evidence) < 3 and per == facts[k].per:
                                facts[k] = replace(
                                    facts[k], evidence=(*facts[k].evidence, (sent.start, sent.end))
                                )
                        continue
                    seen.setdefault(party.name, set()).add(answer.lower())
                    if party.name.lower() in answer.lower()[: len(party.name) + 1]:
                        continue
                    first_at[(party.name, answer.lower())] = len(facts)
                    facts.append(
                        Fact(
                            kind="demand",
                            answer=answer,
                            span=(s, e),
                            evidence=ev,
                            subject=party.name,
                            verb=_verb(found),
                            detail=statement,
                            question=question,
                            style="frame",
                            confidence=0.8,
                            per=per,
                        )
                    )
    for f in headline_demands(pa, parties):
        if f.subject is not None and f.answer.lower() not in seen.get(f.subject, set()):
            facts.append(f)  # said in the text too: asked from there
    return facts + extract_list_demands(pa, parties), used, parties


def _verb(found: Found) -> str:
    """The verb a question names the act by: "not want" and "refuse" stay apart from demands."""
    t = found.trigger
    lemma = trigger_lemma(t.lower_, t.lemma_.lower(), t.pos_)
    lemma = PURPOSE_MARKS.get(lemma, lemma)  # "in order to", "so as to": the party's aim
    if found.against and lemma in SPEECH_TRIGGERS:
        return "refuse"  # '"we won't ...," X said': a refusal, asked as one
    if found.against and lemma not in ("want", "refuse"):
        return "oppose"  # "urged the nation not to ...": what the party is against
    return ("not " + lemma if lemma == "want" else lemma) if found.against else lemma


def _cited_by(tok: Token) -> Token | None:
    """The one named in an "according to X" on the trigger or a verb it hangs from."""
    for x in (tok, *tok.ancestors):
        acc = next((c for c in x.children if c.lower_ == "according" and c.dep_ == "prep"), None)
        to = next((c for c in acc.children if c.lower_ == "to"), None) if acc is not None else None
        obj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
        if obj is not None:
            return obj
    return None


def _bare(name: str) -> str:
    """A party's name without the article a sentence gives it ("the Kelby Union")."""
    return name[4:] if name.lower().startswith("the ") else name


def _balanced(text: str) -> str:
    """Without a quotation mark whose partner the item cut off."""
    if text.count('"') % 2:
        text = text.replace('"', "")
    if text.count("“") != text.count("”"):
        text = text.replace("“", "").replace("”", "")
    return text


def _aside_of_name(verb: Token) -> bool:
    """ "The Riverside Union, which wants to raise pay, ...": a clause set off by a comma, whose
    subject is "which" or "who" standing for the name it follows, says what the named party does."""
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.lower_ not in ("which", "who") or verb.head.pos_ != "PROPN":
        return False
    # the name ends right before the comma: "the Riverside Union, which"
    return subj.i >= 2 and verb.doc[subj.i - 1].text == "," and subj.i - 2 == verb.head.i


#: verbs of a "call in which he said ..." clause: what follows is what he said, not a view of it
TOLD_VERBS = frozenset("say tell write add state warn".split())


def _said_in_which(verb: Token) -> bool:
    """ "a phone call ..., in which he said he'd ...", "a letter in which she wrote ...": a clause on
    a noun that reports what its own subject said."""
    return (
        verb.dep_ == "relcl"
        and verb.lemma_.lower() in TOLD_VERBS
        and any(c.dep_ == "nsubj" and c.tag_ not in ("WDT", "WP") for c in verb.children)
        and any(c.dep_ == "prep" and any(g.tag_ == "WDT" for g in c.children) for c in verb.children)
    )


def _message_saying(verb: Token) -> bool:
    """ "issued a statement warning that ...": what the statement says is its issuer's saying."""
    return (
        verb.dep_ == "acl" and verb.head.lemma_.lower() in MESSAGE_NOUNS and verb.lemma_.lower() in TOLD_VERBS
    )


def _in_view(tok: Token) -> bool:
    """The trigger stands in a clause that hangs on a noun ("the popular view that X is ready to
    ...") or in a condition ("if he wants to ...")."""
    x = tok
    while x.head.i != x.i:
        if x.dep_ in ("advcl", "ccomp") and any(
            c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for c in x.children
        ):
            return True
        if x.dep_ in ("acl", "relcl") and x.head.pos_ in ("NOUN", "PROPN") and x.i != tok.i:
            # "Jack Straw, who will back ...": the aside of a name says what the named party will do
            if tok.dep_ == "aux" and tok.head.i == x.i and _aside_of_name(x):
                return False
            if _said_in_which(x):
                return False  # what he said in the call is his, wherever the call's noun hangs
            if not _message_saying(x):
                return True
        if x.dep_ == "ccomp" and x.head.pos_ == "NOUN" and x.head.dep_ != "ROOT":
            return True  # "claims that it wanted to ... were false": a clause the parser hangs on a noun
        if (
            x.dep_ in ("acl", "relcl")
            and x.i == tok.i
            and tok.pos_ == "VERB"
            and tok.head.lower_ != "all"  # "all I want is ..."
            and not (tok.lemma_ == "aim" and tok.tag_ == "VBN")  # "a review aimed at ..."
            and tok.head.lemma_.lower() not in MESSAGE_NOUNS  # "in a letter calling for ..."
            and not _aside_of_name(tok)  # "the Riverside Union, which wants to ...": the union's
        ):
            return True
        x = x.head
    return False
