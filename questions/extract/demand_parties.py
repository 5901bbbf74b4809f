"""Who a demand frame belongs to: :class:`Parties` turns a subject into a party name, resolving
"he", "it", "they" and "the firm" to the one compatible party named just before, and to nobody
when two compete (the token tests the finders share are in :mod:`questions.extract.demand_grammar`)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Token

from questions.extract.antecedents import (
    Genders,
    Ties,
    after_place_prep,
    possessor_subject,
    pronoun_gender,
    same_person,
    tie_nouns,
    title_gender,
)
from questions.extract.antecedents import is_agent_noun as is_agent_noun  # the finders import it from here
from questions.extract.demand_grammar import _neg, _reporter, _subject
from questions.extract.demand_patterns import GENERIC_ORG_NOUNS, PRONOUN_KINDS, SAY_VERBS
from questions.extract.memo import speaker_facts
from questions.extract.party_forms import cited, lead_party, named_sayer, opening_plural
from questions.extract.people import ORG_TAILS, People, clean_name, is_role_word
from questions.extract.person_variants import full_person, one_person_names, person_first
from questions.extract.quote_antecedents import quoted_antecedent
from questions.extract.speakers import find_quotes
from questions.nlp import ParsedArticle, Sentence, ent_span

#: nouns that are not parties that can want anything
NOT_PARTIES = frozenset(
    "plan report study proposal document letter deal law bill rule policy move decision idea statement "
    "survey poll data figure analysis research thing way people one".split()
)
PARTY_LABELS = ("PERSON", "ORG", "GPE", "NORP")
#: whose reading a demand told in a quotation is, when the article does not say who speaks
UNNAMED_SPEAKER = "a quotation in the article"
#: nouns of a group named by its members: "a group of physicians", "members of the union"
COLLECTIVE_NOUNS = frozenset("group coalition alliance association members panel team body union".split())
FIRST_PERSON = frozenset("i we my our".split())
#: one who speaks for an organisation: "a spokesman for the firm", "an Acme spokeswoman"
SPOKES_NOUNS = frozenset("spokesman spokeswoman spokesperson".split())


@dataclass(frozen=True, slots=True)
class Party:
    name: str
    kind: str  # PERSON, ORG or GROUP
    named_at: tuple[int, int] | None = None  # the sentence that names it, when not the demand's own


class Parties:
    """Party names of one article, with pronoun and "the firm" resolution by rule."""

    def __init__(self, pa: ParsedArticle, people: People):
        self.pa, self.people, self.same = pa, people, one_person_names(people)
        self.quoted = [(q.start, q.end) for q in find_quotes(pa)]
        #: quotations with the one who says them: "we" and "I" in them are the speaker
        self.said: list[tuple[int, int, Party]] = []
        starts = [x.start for x in pa.sentences]

        def sentence_at(pos: int) -> Sentence | None:
            k = bisect_right(starts, pos) - 1
            return pa.sentences[k] if k >= 0 and pos < pa.sentences[k].end else None

        by_pronoun: list[tuple[tuple[int, int, Party], Sentence, int]] = []
        #: quotations reopened after one of the same speaker ("... to me. "As captain ...")
        runs_on: list[tuple[int, int, str]] = []
        for f in speaker_facts(pa, people=people):
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
                post = next((x for x in pa.article.posts if x.start <= q0 < x.end), None)
                if post is not None and post.author_start <= f.span[0] < post.author_end:
                    # an embedded post is its signature's author's own words
                    name = re.sub(r"^[\s—–-]+", "", f.subject)  # the signature dash is no part of the name
                    self.said.append((q0, f.item_spans[0][1], Party(name, "PERSON", None)))
                    continue
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
                    q1, tail = f.item_spans[0][1], pa.blocks[last.para].start
                    after = next(
                        (
                            t
                            for t in last.span
                            if t.lower_ in ("he", "she")
                            and tail + t.idx >= q1
                            and t.dep_ == "nsubj"
                            and t.head.lemma_.lower() in SAY_VERBS
                        ),
                        None,
                    )
                    if pron is not None and f.style == "person":
                        said = (q0, f.item_spans[0][1], Party(f.subject, "PERSON", (first.start, first.end)))
                        by_pronoun.append((said, first, base + pron.idx))
                    elif after is not None and f.style == "person":
                        # '"...," he added': the pronoun after the quotation, when its rule agrees
                        said = (q0, q1, Party(f.subject, "PERSON", (last.start, last.end)))
                        by_pronoun.append((said, last, tail + after.idx))
                    if pron is None:
                        runs_on.append((q0, f.item_spans[0][1], f.subject))
                    continue  # otherwise named outside the quotation's sentences: not sure enough
                at = (where.start, where.end) if where is not None else None
                kind = "PERSON" if f.style == "person" else "ORG"
                said = (f.item_spans[0][0], f.item_spans[0][1], Party(f.subject, kind, at))
                if f.subject.split()[-1] not in pa.text[f.span[0] : f.span[1]]:
                    # given by a pronoun ("she added"): taken only when the rule below agrees
                    by_pronoun.append((said, where, f.span[0]))
                    continue
                self.said.append(said)
        #: who the article calls "he" and "she", and what "the group" stands for (read in order)
        self.genders, self.ties = Genders(), Ties()
        for sent in pa.sentences:
            for e in sent.span.ents:
                if e.label_ == "PERSON" and (g := title_gender(e)) and (p := self._named(e.root)) is not None:
                    self.genders.add(p.name, g)
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
                    if e.label_ == "PERSON"
                    and (p := self._named(e.root)) is not None
                    # a place the parser takes for a person ("stay at Anfield") is no rival for "he"
                    and not after_place_prep(e)
                ]
            )
            self.named.append([])
            for tok in sent.span:
                if (tok.dep_ in ("nsubj", "nsubjpass") or cited(tok)) and not _two_parties(tok):
                    p = self.of(tok, sent)
                    if p is not None:
                        self.named[-1].append((tok.i, p.name, p.kind))
                        self._learn(tok, sent, p)
                    elif tok.pos_ == "PROPN" and tok.ent_type_ in ("", "PERSON") and tok.text[:1].isupper():
                        # "Carlineo was arrested ... he said": a name the article's people miss
                        # still competes for "he" and "she"
                        self.persons[-1].append((tok.i, "?" + tok.text, "PERSON"))
            tie_nouns(self.ties, sent, self.named[sent.index], self._named, GENERIC_ORG_NOUNS)
        for (a, b, party), where, pos in by_pronoun:
            base = pa.blocks[where.para].start
            pron = next((t for t in where.span if base + t.idx == pos), None)
            if pron is None or pron.lower_ not in ("he", "she") or self.in_quote(pron, where):
                continue
            back = self._back(where, pron.i, frozenset({"PERSON"}), gender=pronoun_gender(pron))
            if back is not None and same_person(back.name, party.name):
                # the quotation's speaker by the pronoun, named where the pronoun's rule finds him
                self.said.append((a, b, Party(party.name, party.kind, back.named_at or party.named_at)))
        self.said.sort(key=lambda x: (x[0], x[1]))
        for a, b, name in runs_on:
            if any(x[0] == a for x in self.said):
                continue  # given by its "he added" already
            # the quotation just before it (none between) is the same speaker's, a paragraph away at most
            k = bisect_right(self.quoted, (a, -1)) - 1
            prev = next((x for x in self.said if k >= 0 and x[0] == self.quoted[k][0]), None)
            if prev is not None and prev[2].name == name and a - prev[1] < 300:
                self.said.append((a, b, prev[2]))
        for a, b in self.quoted:
            if any(x[0] <= a < x[1] for x in self.said):
                continue
            org = self._spokesman(a, b, sentence_at)
            if org is not None:
                self.said.append((a, b, org))
        self.said.sort(key=lambda x: (x[0], x[1]))

    def _spokesman(self, a: int, b: int, sentence_at: Callable[[int], Sentence | None]) -> Party | None:
        """ "... ," a spokesman for Torvane Energy said / an Acme spokeswoman said: the quotation
        is the organisation's (a spokesman whom the sentence does not tie to one is nobody's)."""
        sent = sentence_at(max(a, b - 1))
        if sent is None:
            return None
        base = self.pa.blocks[sent.para].start
        for tok in sent.span:
            if tok.lemma_.lower() not in SPOKES_NOUNS or tok.dep_ != "nsubj" or a <= base + tok.idx < b:
                continue
            if tok.head.lemma_.lower() not in SAY_VERBS or _neg(tok.head):
                return None
            owner = next(
                (c for c in tok.children if c.dep_ in ("compound", "poss") and c.ent_type_ == "ORG"), None
            )
            if owner is None:
                prep = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "for"), None)
                owner = (
                    next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
                )
            party = self._named(owner) if owner is not None and owner.ent_type_ == "ORG" else None
            return (
                Party(party.name, "ORG", (sent.start, sent.end))
                if party is not None and party.kind == "ORG"
                else None
            )
        return None

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
        return full_person(self.people, self.same, name)

    def _named(self, tok: Token) -> Party | None:
        p = self._named_raw(tok)
        if p is not None and p.name.endswith(("'s", "’s")):
            # "the Brenford Council's aim": the entity may take the possessive in
            return Party(p.name[:-2].rstrip(), p.kind, p.named_at)
        return p

    def _named_raw(self, tok: Token) -> Party | None:
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
            person = self._person(name)
            if person is not None and person_first(ent.label_, name, person):
                return Party(person, "PERSON")  # "Crane asked ...": Rep. Ada Crane, whatever else
            if name in self.people.orgs or name in self.people.org_display or words[-1].lower() in ORG_TAILS:
                return Party(self.people.org_display.get(name, name), "ORG")
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
            return self.speaker(tok, sent) or self._sayer_outside(tok, sent)
        if (low in PRONOUN_KINDS or tok.tag_ == "PRP$") and self.in_quote(tok, sent):
            return Party(*q) if (q := quoted_antecedent(self, tok, sent)) else None  # named in the quote
        if low in PRONOUN_KINDS:
            kinds = PRONOUN_KINDS[low]
            if sayer is not None and sayer.i != tok.i:
                # "the firm said it would ...": the one who speaks, when of the pronoun's kind
                p = self.of(sayer, sent)
                return p if p is not None and p.kind in kinds else None
            return self._back(sent, tok.i, kinds, gender=pronoun_gender(tok))
        if tok.tag_ == "PRP$" and low in ("its", "their"):
            # "the council unveiled its plans": the clause's subject, when of the pronoun's kind
            kinds = PRONOUN_KINDS["it" if low == "its" else "they"]
            subj, rival = possessor_subject(tok, kinds)
            if rival:
                return None
            found = self.of(subj, sent) if subj is not None else self._back(sent, tok.i, kinds)
            return found if found is not None and found.kind in kinds else None
        if tok.tag_ == "PRP$":
            return (
                self._back(sent, tok.i, PRONOUN_KINDS["he"], gender=pronoun_gender(tok))
                if low != "my"
                else None
            )
        named = self._named(tok)
        if named is None:
            # "video game giant Electronic Arts (EA)": the name in apposition
            appos = next((c for c in tok.children if c.dep_ == "appos"), None)
            named = self._named(appos) if appos is not None else None
        if named is not None:
            return named
        if (plural := opening_plural(tok, sent, self.pa.text)) is not None:
            return Party(plural, "GROUP")  # "Midwives are giving ...": a common noun
        if tok.pos_ != "NOUN" or tok.lemma_.lower() in NOT_PARTIES:
            return None
        dets = [c for c in tok.children if c.dep_ == "det"]
        if tok.tag_ == "NN" and is_role_word(tok.text) and tok.lemma_.lower() not in GENERIC_ORG_NOUNS:
            # "the 24-year-old midfielder", "the minister": the one person named just before
            person = frozenset({"PERSON"})
            return self._back(sent, tok.i, person) if dets and dets[0].lower_ == "the" else None
        if tok.lemma_.lower() in GENERIC_ORG_NOUNS and dets and dets[0].lower_ == "the":
            # "the firm": the organisation named just before (not the one reporting what it must do)
            exclude = self.of(sayer, sent) if sayer is not None and sayer.i != tok.i else None
            back = self._back(sent, tok.i, frozenset({"ORG"}), exclude.name if exclude else None)
            if back is None and sayer is not None and sayer.i != tok.i:
                back = self._sayers_org(sayer, tok, sent)
            if back is None and not self._competes(sent, tok.i, frozenset({"ORG"})):
                back = self._tied(tok, sent)
            noun, words = tok.lemma_.lower(), (back.name.lower().split() if back else [])
            if back is not None and noun not in words:
                if any(noun in n.lower().split() for n in self.people.orgs):
                    return None  # "the union" after the Nurses Union and a board: the union's, maybe
                if any(c.dep_ == "compound" and c.lower_ not in words for c in tok.children):
                    back = None  # "the island council" after a ferry firm: a body of its own
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

    def _sayers_org(self, sayer: Token, tok: Token, sent: Sentence) -> Party | None:
        """ "Jan Bolz, EA's vice president, said the firm was working to ...": the one organisation
        the sentence names, in the sayer's own description. Not for what "the firm" must do: a
        regulator's director may say what another firm must do."""
        verb = tok.head
        if verb.lemma_.lower() in ("have", "need") or any(
            c.dep_ == "aux" and c.lower_ in ("must", "should") for c in verb.children
        ):
            return None
        appos = [c for c in sayer.children if c.dep_ == "appos"]
        orgs = {
            p.name
            for e in sent.span.ents
            if e.label_ == "ORG" and (p := self._named(e.root)) is not None and p.kind == "ORG"
        }
        if len(orgs) != 1 or not appos:
            return None
        name = orgs.pop()
        inside = any(
            t.ent_type_ == "ORG" and (p := self._named(t)) is not None and p.name == name
            for a in appos
            for t in a.subtree
        )
        return Party(name, "ORG") if inside else None

    def _sayer_outside(self, tok: Token, sent: Sentence) -> Party | None:
        """ "We implore you ...," the physicians stated: for "we" or "I" in a quotation, the one
        subject of a verb of saying outside it, in the same sentence, when it names a party."""
        if not self.in_quote(tok, sent):
            return None
        found = {
            p.name: p
            for t in sent.span
            if t.lemma_.lower() in SAY_VERBS | {"state"}
            and t.pos_ == "VERB"
            and not self.in_quote(t, sent)
            and (subj := _subject(t)) is not None
            and subj.lower_ not in FIRST_PERSON | PRONOUN_KINDS.keys()
            and not self.in_quote(subj, sent)
            and (p := self.of(subj, sent)) is not None
        }
        return next(iter(found.values())) if len(found) == 1 else None

    def other_person(self, tok: Token, sent: Sentence, party: str) -> str | None:
        """The one person other than ``party`` the sentence names before ``tok``: whom "him" or
        "her" stands for in "X was insulting my staff, so I told him to ..."; None when not one."""
        if sent.index >= len(self.persons):
            return None
        names = {n for i, n, _kind in self.persons[sent.index] if i < tok.i and n != party}
        name = names.pop() if len(names) == 1 else None
        return name if name is not None and not name.startswith("?") else None

    def _learn(self, tok: Token, sent: Sentence, party: Party) -> None:
        """The gender of the one person a "he" or "she" stands for without the genders learned, or
        of the person named who reports the pronoun's clause ("X asked ..., saying she ...")."""
        if party.kind == "PERSON" and tok.lower_ in ("he", "she"):
            alone = self._back(sent, tok.i, frozenset({"PERSON"}))
            if (alone is not None and alone.name == party.name) or named_sayer(tok):
                self.genders.add(party.name, pronoun_gender(tok))

    def _tied(self, tok: Token, sent: Sentence) -> Party | None:
        """ "The group had set a deadline": the one party the article introduced as "a group of
        physicians" (or "Acme, the retailer") before this sentence."""
        if (tied := self.ties.of(tok.lemma_.lower(), sent.index)) is None:
            # "the band" no sentence introduces: the article's subject, when the lead says so
            lead = lead_party(self.pa, self.named, self.ties, tok.lemma_.lower(), sent.index)
            return Party(*lead, (self.pa.sentences[0].start, self.pa.sentences[0].end)) if lead else None
        at = self.pa.sentences[tied[2]]
        return Party(tied[0], tied[1], None if at.index == sent.index else (at.start, at.end))

    def _competes(self, sent: Sentence, before: int, kinds: frozenset[str]) -> bool:
        """A party of a compatible kind is the subject of a clause just before (where "the firm"
        stands for it, or for none when two compete, not for a party introduced long before)."""
        for k in range(sent.index, max(-1, sent.index - 3), -1):
            if self.pa.sentences[k].para < sent.para - 1 or k >= len(self.named):
                break
            if any(kind in kinds and (k < sent.index or i < before) for i, _n, kind in self.named[k]):
                return True
        return False

    def _back(
        self,
        sent: Sentence,
        before: int,
        kinds: frozenset[str],
        exclude: str | None = None,
        gender: str | None = None,
    ) -> Party | None:
        """The one party of a compatible kind named nearest before: in this sentence, else in one
        of the two before it (same or previous paragraph); None when two compete. A person the
        article calls by the other gender than ``gender`` ("she" for Mr Smith) does not compete."""
        for k in range(sent.index, max(-1, sent.index - 3), -1):
            other = self.pa.sentences[k]
            if other.para < sent.para - 1:
                break
            if k >= len(self.named):
                continue
            mentions = self.named[k] + (self.persons[k] if kinds == {"PERSON"} else [])
            if not self.in_quote(sent.span.doc[before], sent):
                # a name inside a quotation competes with one outside, but is never taken alone
                # ("I" and "we" in a quotation are its speaker, named outside)
                doc = other.span.doc
                mentions = [
                    (
                        i,
                        "?" + n if doc[i].lower_ not in FIRST_PERSON and self.in_quote(doc[i], other) else n,
                        kd,
                    )
                    for i, n, kd in mentions
                ]
            cands = [
                (n, kind)
                for i, n, kind in mentions
                if kind in kinds
                and (k < sent.index or i < before)
                and n != exclude
                and not (kind == "PERSON" and self.genders.other(n, gender))
            ]
            names = {n for n, _kind in cands}
            if len(names) > 1 or any(n.startswith("?") for n in names):
                return None  # two compete, or one the article's people do not know
            if names:
                name = names.pop()
                return Party(name, cands[0][1], None if k == sent.index else (other.start, other.end))
        return None


def _two_parties(tok: Token) -> bool:
    """ "Smith and Jones": a subject with a conjunct outside its own name ("Pacific Gas & Electric
    Co." is one name the parser may split at the ampersand)."""
    ent = ent_span(tok)
    return any(c.dep_ == "conj" and (ent is None or not ent.start <= c.i < ent.end) for c in tok.children)
