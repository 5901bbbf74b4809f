"""Demand frames: the many ways news reports what a party wants, plans, offers or requires.

Each finder reads one construction off spaCy's parse and gives the trigger's party (a token to
resolve), the question frame and statement from :mod:`questions.extract.demand_patterns`, and
the items (one per coordinated verb phrase: "offered to cut fees and open the library" gives
two). :class:`Parties` turns a subject into a party name, resolving "he", "it", "they" and "the
firm" to the one compatible party named just before, and to nobody when two compete.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, replace
from typing import Any

from questions.extract.demand_patterns import (
    ADDRESSEE_PREPS,
    ADDRESSEE_VERBS,
    AGENT_ENDINGS,
    AGENT_NOUNS,
    AIMED_OWNER_VERBS,
    FOR_NOUNS,
    FOR_VERBS,
    FUTURE_AUX,
    GENERIC_ORG_NOUNS,
    GOAL_NOUNS,
    OBJECT_VERBS,
    OBLIGATION_MODALS,
    PRONOUN_KINDS,
    PURPOSE_TO_VERBS,
    SAY_VERBS,
    THAT_NOUNS,
    TO_ADJECTIVES,
    TO_NOUNS,
    TO_VERBS,
)
from questions.extract.people import ORG_TAILS, People, clean_name, is_role_word
from questions.extract.speakers import extract_speakers, find_quotes
from questions.facts import Fact
from questions.nlp import ParsedArticle, Sentence, ent_span

Token = Any  # spacy.tokens.Token

#: verbs whose object a party presents as its own: "the firm unveiled plans to ..."
NOUN_OWNER_VERBS = frozenset(
    "unveil announce reiterate express outline present submit publish launch make have confirm repeat "
    "state reveal table detail renew voice restate set put signal".split()
)
#: nouns that are not parties that can want anything
NOT_PARTIES = frozenset(
    "plan report study proposal document letter deal law bill rule policy move decision idea statement "
    "survey poll data figure analysis research thing way people one".split()
)
PARTY_LABELS = ("PERSON", "ORG", "GPE", "NORP")
#: words that end an item: a comma before them starts a loosely attached addition
#: whose reading a demand told in a quotation is, when the article does not say who speaks
UNNAMED_SPEAKER = "a quotation in the article"
#: nouns of a group named by its members: "a group of physicians", "members of the union"
COLLECTIVE_NOUNS = frozenset("group coalition alliance association members panel team body union".split())
FIRST_PERSON = frozenset("i we my our".split())
CONDITION_MARKS = frozenset("if unless whether".split())
LOOSE = frozenset("which who whom while whereas despite although though as but because prompting".split())


@dataclass(frozen=True, slots=True)
class Party:
    name: str
    kind: str  # PERSON, ORG or GROUP
    named_at: tuple[int, int] | None = None  # the sentence that names it, when not the demand's own


@dataclass(frozen=True, slots=True)
class Found:
    trigger: Token
    subject: Token | None  # the token naming the party
    ask: str
    state: str
    items: list[list[Token]]
    addressee: str = ""
    obliged: Token | None = None  # who must do it, in "X said the firm must ...": a party too
    #: left to the older reader of demand verbs (demands.py) when the party is unclear here
    fallback: bool = False


class Parties:
    """Party names of one article, with pronoun and "the firm" resolution by rule."""

    def __init__(self, pa: ParsedArticle, people: People):
        self.pa, self.people = pa, people
        self.quoted = [(q.start, q.end) for q in find_quotes(pa)]
        #: quotations with the one who says them: "we" and "I" in them are the speaker
        self.said: list[tuple[int, int, Party]] = []
        starts = [x.start for x in pa.sentences]

        def sentence_at(pos: int) -> Sentence | None:
            k = bisect_right(starts, pos) - 1
            return pa.sentences[k] if k >= 0 and pos < pa.sentences[k].end else None

        by_pronoun: list[tuple[tuple[int, int, Party], Sentence, int]] = []
        for f in extract_speakers(pa, people=people):
            if f.kind == "speaker" and f.item_spans and f.subject:
                q0 = f.item_spans[0][0]
                lead = sentence_at(max(0, q0 - 2))
                base = pa.blocks[lead.para].start if lead is not None else 0
                if lead is not None and any(
                    e.label_ == "PERSON"
                    and base + e.start_char < q0
                    and (people.resolve(e.text) or e.text) != f.subject
                    for e in lead.span.ents
                ):
                    continue  # "Drummer X echoed that: ..." read as someone else's quote
                where = sentence_at(f.span[0])
                first, last = sentence_at(q0), sentence_at(max(q0, f.item_spans[0][1] - 1))
                if first is None or last is None or where is None:
                    continue
                if not first.index <= where.index <= last.index:
                    # the speaker finder names the person where she was named; the quotation's own
                    # sentence may give her by a pronoun ("She added, ..."): the rule below must agree
                    base = pa.blocks[first.para].start
                    pron = next(
                        (t for t in first.span if t.lower_ in ("he", "she") and base + t.idx < q0), None
                    )
                    if pron is not None and f.style == "person":
                        said = (q0, f.item_spans[0][1], Party(f.subject, "PERSON", (first.start, first.end)))
                        by_pronoun.append((said, first, base + pron.idx))
                    continue  # otherwise named outside the quotation's sentences: not sure enough
                at = (where.start, where.end) if where is not None else None
                kind = "PERSON" if f.style == "person" else "ORG"
                said = (f.item_spans[0][0], f.item_spans[0][1], Party(f.subject, kind, at))
                if f.subject.split()[-1] not in pa.text[f.span[0] : f.span[1]]:
                    # given by a pronoun ("she added"): taken only when the rule below agrees
                    by_pronoun.append((said, where, f.span[0]))
                    continue
                self.said.append(said)
        #: per sentence: the parties its clauses have as subject, in order, with their kind; a
        #: subject that is a pronoun or "the firm" is resolved in turn, so chains carry on
        self.named: list[list[tuple[int, str, str]]] = []
        #: per sentence: every person it names, subject or not ("X met Y. He wants ..." is unclear)
        self.persons: list[list[tuple[int, str, str]]] = []
        for sent in pa.sentences:
            self.persons.append(
                [
                    # a name the parser takes for a person competes for "he"/"she" even when the
                    # article's other uses make it an organisation's ("Smith's office")
                    (e.start, p.name, "PERSON")
                    for e in sent.span.ents
                    if e.label_ == "PERSON" and (p := self._named(e.root)) is not None
                ]
            )
            self.named.append([])
            for tok in sent.span:
                if tok.dep_ in ("nsubj", "nsubjpass") and not _two_parties(tok):
                    p = self.of(tok, sent)
                    if p is not None:
                        self.named[-1].append((tok.i, p.name, p.kind))
        for (a, b, party), where, pos in by_pronoun:
            base = pa.blocks[where.para].start
            pron = next((t for t in where.span if base + t.idx == pos), None)
            if pron is None or pron.lower_ not in ("he", "she") or self.in_quote(pron, where):
                continue
            back = self._back(where, pron.i, frozenset({"PERSON"}))
            if back is not None and back.name == party.name:
                # the quotation's speaker by the pronoun, named where the pronoun's rule finds him
                self.said.append((a, b, Party(party.name, party.kind, back.named_at or party.named_at)))
        self.said.sort(key=lambda x: (x[0], x[1]))

    def speaker(self, tok: Token, sent: Sentence) -> Party | None:
        """Who says the quotation a token stands in, when the article tells."""
        pos = self.pa.blocks[sent.para].start + tok.idx
        for a, b, party in self.said:
            if a <= pos < b:
                if party.named_at is not None and party.named_at[0] <= pos < party.named_at[1]:
                    return Party(party.name, party.kind)
                return party
        return None

    def in_quote(self, tok: Token, sent: Sentence) -> bool:
        """The token stands in a quotation (the speakers' reading of quotation marks)."""
        pos = self.pa.blocks[sent.para].start + tok.idx
        k = bisect_right(self.quoted, (pos, float("inf"))) - 1  # quotations are in text order
        return k >= 0 and self.quoted[k][0] <= pos < self.quoted[k][1]

    def _person(self, name: str) -> str | None:
        """A known person's full name, also behind a title the article puts first ("Striker X Y")."""
        words = name.split()
        for k in range(len(words) - 1):
            found = self.people.resolve(" ".join(words[k:]))
            if found:
                return found
        return self.people.resolve(name) if len(words) == 1 else None

    def _named(self, tok: Token) -> Party | None:
        if tok.i > 0 and tok.doc[tok.i - 1].text == "(":
            return None  # "(AP)" in a dateline
        ent = ent_span(tok)
        if ent is not None and ent.label_ in PARTY_LABELS:
            words = ent.text.split()
            while len(words) > 1 and (is_role_word(words[0]) or words[0][:1].islower()):
                words = words[1:]  # "Striker Marco Kovac", "regulator Ofwat"
            name = clean_name(" ".join(words))
            if not name or name.lower() in PRONOUN_KINDS or (name.isupper() and " " in name):
                return None  # "SAN FRANCISCO (AP) —" is a dateline
            if name in self.people.orgs or name in self.people.org_display or words[-1].lower() in ORG_TAILS:
                return Party(self.people.org_display.get(name, name), "ORG")
            person = self._person(name)
            if person is not None or ent.label_ == "PERSON":
                return Party(person or name, "PERSON")
            return Party(self.people.org_display.get(name, name), "ORG")
        if tok.pos_ == "PROPN" and tok.text[:1].isupper() and not is_role_word(tok.text):
            toks = sorted(
                [t for t in tok.children if t.dep_ == "compound" and t.pos_ == "PROPN"] + [tok],
                key=lambda t: t.i,
            )
            name = clean_name(" ".join(t.text for t in toks))
            person = self._person(name)
            if person:
                return Party(person, "PERSON")
            if name in self.people.orgs or name in self.people.org_display:
                return Party(self.people.org_display.get(name, name), "ORG")
            return None
        return None

    def of(self, tok: Token, sent: Sentence) -> Party | None:
        """The party a subject token names, or None when it is not clear."""
        low = tok.lower_
        if _two_parties(tok):
            return None  # "Smith and Jones": two parties
        if tok.i > 0 and tok.doc[tok.i - 1].text == "(":
            return None  # "(AP)" in a dateline
        say = _reporter(tok.head) if tok.dep_ in ("nsubj", "nsubjpass") else None
        sayer = _subject(say) if say is not None else None
        if low in FIRST_PERSON:
            return self.speaker(tok, sent)
        if (low in PRONOUN_KINDS or tok.tag_ == "PRP$") and self.in_quote(tok, sent):
            return None  # inside a quotation "he" is the speaker's, not the article's
        if low in PRONOUN_KINDS:
            kinds = PRONOUN_KINDS[low]
            if sayer is not None and sayer.i != tok.i:
                # "the firm said it would ...": the one who speaks, when of the pronoun's kind
                p = self.of(sayer, sent)
                return p if p is not None and p.kind in kinds else None
            return self._back(sent, tok.i, kinds)
        if tok.tag_ == "PRP$":
            return self._back(sent, tok.i, PRONOUN_KINDS["he"]) if low in ("his", "her") else None
        named = self._named(tok)
        if named is None:
            # "video game giant Electronic Arts (EA)": the name in apposition
            appos = next((c for c in tok.children if c.dep_ == "appos"), None)
            named = self._named(appos) if appos is not None else None
        if named is not None:
            return named
        if tok.pos_ != "NOUN" or tok.lemma_.lower() in NOT_PARTIES:
            return None
        dets = [c for c in tok.children if c.dep_ == "det"]
        if tok.tag_ == "NN" and is_role_word(tok.text):
            # "the 24-year-old midfielder", "the minister": the one person named just before
            return (
                self._back(sent, tok.i, frozenset({"PERSON"})) if dets and dets[0].lower_ == "the" else None
            )
        if tok.lemma_.lower() in GENERIC_ORG_NOUNS and dets and dets[0].lower_ == "the":
            # "the firm": the organisation named just before (not the one reporting what it must do)
            exclude = self.of(sayer, sent) if sayer is not None and sayer.i != tok.i else None
            back = self._back(sent, tok.i, frozenset({"ORG"}), exclude.name if exclude else None)
            if back is not None or tok.lemma_.lower() not in ("government", "council", "board"):
                return back
        if not is_agent_noun(tok):
            return None
        # a group named by a noun phrase: "residents", "consumer advocates", "the doctors"
        toks = [t for t in tok.subtree if t.dep_ not in ("relcl", "acl", "appos", "punct") and t.i <= tok.i]
        toks = [t for t in toks if t.i >= tok.left_edge.i]
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        if of is not None and tok.lemma_.lower() in COLLECTIVE_NOUNS and of.right_edge.i - of.i <= 4:
            toks += list(tok.doc[of.i : of.right_edge.i + 1])  # "a group of physicians"
        if not 1 <= len(toks) <= 8 or toks[-1].i - toks[0].i + 1 != len(toks):
            return None
        text = "".join(t.text_with_ws for t in toks).strip()
        if toks[0].pos_ in ("DET", "NOUN", "ADJ"):
            text = text[:1].lower() + text[1:]
        return Party(text, "GROUP")

    def _back(
        self, sent: Sentence, before: int, kinds: frozenset[str], exclude: str | None = None
    ) -> Party | None:
        """The one party of a compatible kind named nearest before: in this sentence, else in one
        of the two before it (same or previous paragraph); None when two compete."""
        for k in range(sent.index, max(-1, sent.index - 3), -1):
            other = self.pa.sentences[k]
            if other.para < sent.para - 1:
                break
            if k >= len(self.named):
                continue
            mentions = self.named[k] + (self.persons[k] if kinds == {"PERSON"} else [])
            cands = [
                (n, kind)
                for i, n, kind in mentions
                if kind in kinds and (k < sent.index or i < before) and n != exclude
            ]
            names = {n for n, _kind in cands}
            if len(names) > 1:
                return None
            if names:
                name = names.pop()
                return Party(name, cands[0][1], None if k == sent.index else (other.start, other.end))
        return None


def _two_parties(tok: Token) -> bool:
    """ "Smith and Jones": a subject with a conjunct outside its own name ("Pacific Gas & Electric
    Co." is one name the parser may split at the ampersand)."""
    ent = ent_span(tok)
    return any(c.dep_ == "conj" and (ent is None or not ent.start <= c.i < ent.end) for c in tok.children)


def is_agent_noun(tok: Token) -> bool:
    """A noun that names people or a body that can want something: "residents", "the mayor",
    "consumer advocates", "the union" (not "those songs", "forecasts")."""
    lemma = tok.lemma_.lower()
    if (
        lemma in GENERIC_ORG_NOUNS
        or lemma in AGENT_NOUNS
        or tok.lower_ in AGENT_NOUNS
        or is_role_word(tok.text)
    ):
        return True
    return tok.tag_ == "NNS" and tok.lower_.endswith(AGENT_ENDINGS)


# --- the finders ----------------------------------------------------------------------------


def _neg(tok: Token) -> bool:
    return any(c.dep_ == "neg" or c.lower_ in ("never", "no") and c.dep_ == "advmod" for c in tok.children)


def _subject(verb: Token) -> Token | None:
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if subjects:
        # "SAN FRANCISCO (AP) — Acme Co. was set to ...": the parser may take a dateline for a
        # second subject; the one nearest before the verb is the clause's
        before = [c for c in subjects if c.i < verb.i]
        subj = before[-1] if len(subjects) > 1 and before else subjects[0]
        return _past_dateline(subj)
    if verb.dep_ in ("conj", "xcomp") and verb.head.pos_ in ("VERB", "AUX", "ADJ"):
        return _subject(verb.head)
    if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.lower_ == "by":
        return _subject(verb.head.head)  # "moved to ... by offering to cut prices"
    if verb.dep_ == "acomp":
        return _subject(verb.head)
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
    ]
    + [*FUTURE_AUX, *OBLIGATION_MODALS, "be"]
)


def find(tok: Token) -> list[Found]:
    """Every demand frame triggered by ``tok``."""
    lemma, low = tok.lemma_.lower(), tok.lower_
    out: list[Found] = []
    if tok.pos_ == "VERB" and not _neg(tok):
        if lemma in ADDRESSEE_VERBS:
            out += _addressee(tok, lemma)
        if lemma == "want" and not out:
            out += _first_person_want(tok)
        if lemma in TO_VERBS and not out and not any(c.dep_ in ("dobj", "obj") for c in tok.children):
            # "was working to give ...": the parser reads a purpose clause after these verbs
            inf = _to_inf(tok, ("xcomp", "advcl") if lemma in PURPOSE_TO_VERBS else ("xcomp",))
            if inf is not None:
                ask, state = TO_VERBS[lemma]
                out.append(Found(tok, _subject(tok), ask, state, vp_items(inf)))
        if lemma in FOR_VERBS:
            prep = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "for"), None)
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
            if obj is not None:
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
    if low in FUTURE_AUX | OBLIGATION_MODALS and tok.dep_ == "aux":
        out += _reported(tok)
    if lemma in ("have", "need") and tok.pos_ == "VERB" and not _neg(tok) and _reporter(tok) is not None:
        # "Mr X said video game firms had to work more closely with celebrities"
        inf, subj = _to_inf(tok), _subject(tok)
        if inf is not None and subj is not None and subj.pos_ != "PRON" and subj.head.i == tok.i:
            who = tok.doc[subj.left_edge.i : subj.i + 1].text
            if len(who.split()) <= 6:
                out.append(
                    Found(
                        tok,
                        _subject(_reporter(tok)),
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
        if (
            obj is not None
            and obj.pos_ in ("NOUN", "PROPN")
            and not any(c.dep_ == "dative" for c in tok.children)
        ):
            ask, state = OBJECT_VERBS[lemma]
            out.append(Found(tok, _subject(tok), ask, state, [_phrase(obj)]))
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
    return out


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
    if who is None or inf is None or who.i > inf.i or who.lower_ in ("you", "us", "me", "yourself"):
        return []
    if who.pos_ == "PRON" and who.lower_ not in ("him", "her", "them", "it"):
        return []
    ask, state = ADDRESSEE_VERBS[lemma]
    addressee = tok.doc[who.left_edge.i : min(who.right_edge.i + 1, inf.i)].text.strip(" ,")
    if addressee.endswith(" to"):
        addressee = addressee[:-3]
    if len(addressee.split()) > 8:
        return []
    fallback = inf.dep_ == "ccomp" and who.dep_ == "nsubj"
    return [Found(tok, _subject(tok), ask, state, vp_items(inf), addressee=addressee, fallback=fallback)]


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
    party_tok: Token | None = next((c for c in tok.children if c.dep_ == "poss"), None)
    if party_tok is None:
        by = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "by"), None)
        party_tok = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
    if party_tok is None and tok.dep_ in ("dobj", "obj") and tok.head.lemma_.lower() in NOUN_OWNER_VERBS:
        if _neg(tok.head):
            return []
        party_tok = _subject(tok.head)
    if party_tok is None:
        return []
    ask, state = TO_NOUNS[lemma]
    return [Found(tok, party_tok, ask, state, vp_items(inf))]


def _first_person_want(tok: Token) -> list[Found]:
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
    party_tok: Token | None = next((c for c in tok.children if c.dep_ == "poss"), None)
    if party_tok is None:
        by = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "by"), None)
        party_tok = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
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


def _reported(aux: Token) -> list[Found]:
    """ "X said it would close two plants" (a plan) and "X said the firm must pay" (an obligation)."""
    verb = aux.head
    if _neg(verb) or verb.lemma_.lower() in ("be", "have") or aux.i > verb.i:
        return []
    say = _reporter(verb)
    subj = _subject(verb)
    if say is None or subj is None or _neg(say):
        return []
    modal = aux.lower_
    if modal in FUTURE_AUX:
        if subj.lower_ not in PRONOUN_KINDS or subj.head.i != verb.i:
            return []
        pron = subj.lower_
        # "they" is kept as the speaker said it: "What did X say they would do?" is true whoever they are
        who = _subject(say) if pron == "they" else subj
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
    if subj.pos_ == "PRON" or subj.head.i != verb.i:
        return []
    who = _text(list(subj.subtree))
    if len(who.split()) > 8:
        return []
    if subj.dep_ == "nsubjpass":
        clause = [t for t in verb.subtree if t.i >= subj.left_edge.i]
        return [
            Found(
                aux,
                _subject(say),
                "According to {party}, what " + modal + " happen",
                "{party} said that",
                [_trim(clause)],
                obliged=subj,
            )
        ]
    return [
        Found(
            aux,
            _subject(say),
            "According to {party}, what " + modal + " {to} do",
            "{party} said {to} " + modal,
            vp_items(verb),
            addressee=who,
            obliged=subj,
        )
    ]


# --- items --------------------------------------------------------------------------------


def vp_items(verb: Token) -> list[list[Token]]:
    """The verb phrases a to-infinitive or a clause gives, one per coordinated verb:
    "to cut fees and open the library" -> [cut fees], [open the library]."""
    heads = [verb]
    c = verb
    while True:
        nxt = next(
            (x for x in c.children if x.dep_ == "conj" and x.pos_ == "VERB" and x.tag_ == verb.tag_), None
        )
        if nxt is None:
            break
        heads.append(nxt)
        c = nxt
    skip = {h.i for h in heads}
    out = []
    for n, h in enumerate(heads):
        drop: set[int] = set()
        for ch in h.children:
            if (
                ch.i in skip
                or ch.dep_ in ("nsubj", "nsubjpass", "aux", "neg", "mark", "cc")
                or (ch.dep_ in ("advmod", "punct") and ch.i < h.i)
                or _loose_clause(ch)
            ):
                drop |= {t.i for t in ch.subtree}
        if n == 0:
            # the other conjuncts' subtrees are inside the first head's
            for other in heads[1:]:
                drop |= {t.i for t in other.subtree}
        toks = [t for t in h.subtree if t.i not in drop and (t.i >= h.i or t.dep_ in ("auxpass",))]
        toks = _trim(toks)
        for part in _split_bare_verbs(toks):
            out.extend(_split_objects(h, part))
    return [t for t in out if t]


def _split_objects(verb: Token, toks: list[Token]) -> list[list[Token]]:
    """ "offer operators lower prices, faster services and open access" -> "offer operators lower
    prices", "offer operators faster services", "offer operators open access"."""
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "obj")), None)
    if obj is None or verb not in toks:
        return [toks]
    heads = [obj]
    while (
        nxt := next((x for x in heads[-1].children if x.dep_ == "conj" and x.pos_ == "NOUN"), None)
    ) is not None:
        heads.append(nxt)
    if len(heads) < 2 or any(t.dep_ == "preconj" or t.lower_ in ("between", "both") for t in obj.subtree):
        return [toks]
    ids = {t.i for t in toks}
    prefix = [t for t in toks if t.i < obj.left_edge.i]
    out = []
    for n, h in enumerate(heads):
        start = h.left_edge.i if n == 0 else min(t.i for t in h.subtree if t.dep_ not in ("cc", "punct"))
        stop = heads[n + 1].left_edge.i if n + 1 < len(heads) else h.right_edge.i + 1
        part = [t for t in verb.doc[start:stop] if t.i in ids]
        while part and (part[-1].is_punct or part[-1].dep_ == "cc"):
            part.pop()
        if not part:
            return [toks]
        out.append(prefix + part)
    # what follows the last object ("... to rivals") belongs to every item only when it is short
    return out


def _loose_clause(tok: Token) -> bool:
    """ "because Arsenal have not written": a reason or concession, not part of what is wanted."""
    return tok.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in LOOSE | {"since"} for c in tok.children
    )


def _split_bare_verbs(toks: list[Token]) -> list[list[Token]]:
    """A list the parser did not see: "stay at the club and win titles" (win under club)."""
    for n, t in enumerate(toks):
        if (
            0 < n < len(toks) - 1
            and t.lower_ in ("and", "or")
            and toks[n + 1].tag_ == "VB"
            and toks[0].tag_ == "VB"
        ):
            nxt = toks[n + 1]
            if len(toks) - n > 2 and nxt.head.tag_ != "VB":
                a = toks[:n]
                while a and (a[-1].is_punct or a[-1].dep_ == "cc"):
                    a.pop()
                return [a, *_split_bare_verbs(toks[n + 1 :])]
    return [toks]


def _phrase(obj: Token) -> list[Token]:
    end = obj.right_edge.i + 1
    for t in obj.subtree:
        if t.i > obj.i and t.text == "," and t.head.i == obj.i:
            end = t.i
            break
    return _trim([t for t in obj.doc[obj.left_edge.i : end]])


def _with_purpose(verb: Token, toks: list[Token]) -> list[Token]:
    """ "hope for funding | to help pay the cost": a purpose the parser hung on the verb."""
    if not toks:
        return toks
    nxt = toks[-1].i + 1
    doc = verb.doc
    if nxt < len(doc) and doc[nxt].tag_ == "TO":
        purpose = next(
            (c for c in verb.children if c.dep_ in ("advcl", "xcomp") and c.left_edge.i == nxt), None
        )
        if purpose is not None:
            return _trim(toks + list(doc[nxt : purpose.right_edge.i + 1]))
    return toks


def _trim(toks: list[Token]) -> list[Token]:
    """Contiguous tokens up to a loosely attached addition, without stray punctuation."""
    if not toks:
        return []
    toks = sorted(toks, key=lambda t: t.i)
    run = [toks[0]]
    for t in toks[1:]:
        if t.i != run[-1].i + 1:
            break
        run.append(t)
    for n, t in enumerate(run):
        if t.text in ("-", "—", "–") and n and run[n - 1].whitespace_:
            run = run[:n]  # " - with a separate board - ": an aside between dashes
            break
        if n >= 3 and t.dep_ == "mark" and t.lower_ in LOOSE | {"since"} and t.head.dep_ == "advcl":
            run = run[:n]  # "... counties | as the region faces fire weather": a reason, not the item
            break
        if t.text in (",", ";", "—", "–", "(", ":") and n + 1 < len(run):
            nxt = run[n + 1]
            if nxt.tag_ == "VBG" or nxt.lower_ in LOOSE or t.text in (";", ":", "("):
                run = run[:n]
                break
    for n, t in enumerate(run[:-2]):
        if t.dep_ == "prep" and run[n + 1].like_num and run[n + 2].like_num:
            run = run[:n]  # "on 0845 8 505 505": a phone number
            break
    while run and (run[-1].is_punct or run[-1].dep_ == "cc"):
        run.pop()
    while run and run[0].is_punct:
        run.pop(0)
    return run


def _words(toks: list[Token]) -> str:
    """The text of the tokens, a single space where a stretch was left out."""
    out = ""
    for n, t in enumerate(toks):
        if n and t.i != toks[n - 1].i + 1 and not out.endswith(" "):
            out += " "
        out += t.text_with_ws
    return out.strip()


def _text(toks: list[Token]) -> str:
    toks = sorted(toks, key=lambda t: t.i)
    return "".join(t.text_with_ws for t in toks).strip()


# --- facts --------------------------------------------------------------------------------


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
            if tok.lemma_.lower() not in TRIGGERS and tok.lower_ not in TRIGGERS:
                continue
            for found in find(tok):
                if not found.fallback:
                    used.add((sent.para, found.trigger.i))
                if found.subject is None or found.subject.lower_ == "you" or _in_view(tok):
                    continue
                per = None
                if parties.in_quote(tok, sent) and found.subject.lower_ not in FIRST_PERSON:
                    # "Russia is demanding ...," says a historian: asked as his reading, or not at all
                    speaker = parties.speaker(tok, sent)
                    per = speaker.name if speaker is not None else UNNAMED_SPEAKER
                party = parties.of(found.subject, sent)
                if found.fallback and party is not None:
                    used.add((sent.para, found.trigger.i))
                if party is not None and per == party.name:
                    per = None  # '"The aim is to win," Smith said': his own word
                if party is None or (found.addressee and party.name.lower() == found.addressee.lower()):
                    continue
                addressee = found.addressee
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
                    if nxt is not None and (nxt.pos_ in ("NOUN", "PROPN") or nxt.dep_ in ("dep", "compound")):
                        continue  # cut inside a noun phrase: a fragment, not an item
                    if any(
                        t.lower_ in ("which", "that", "what") and t.dep_ in ("dobj", "pobj") for t in toks[:3]
                    ):
                        continue  # "which the firm hoped to double": the object is elsewhere
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
                            verb=found.trigger.lemma_.lower(),
                            detail=statement,
                            question=question,
                            style="frame",
                            confidence=0.8,
                            per=per,
                        )
                    )
    return facts, used, parties


def _balanced(text: str) -> str:
    """Without a quotation mark whose partner the item cut off."""
    if text.count('"') % 2:
        text = text.replace('"', "")
    if text.count("“") != text.count("”"):
        text = text.replace("“", "").replace("”", "")
    return text


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
            return True
        if (
            x.dep_ in ("acl", "relcl")
            and x.i == tok.i
            and tok.pos_ == "VERB"
            and tok.head.lower_ != "all"  # "all I want is ..."
            and not (tok.lemma_ == "aim" and tok.tag_ == "VBN")  # "a review aimed at ..."
        ):
            return True
        x = x.head
    return False
