"""Speaker names: the person (or organisation) a token names, the persons a sentence is about,
and the person a "he"/"she" stands for.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator

from spacy.tokens import Token

from questions.extract.people import SPEECH_VERBS, People, clean_name, is_role_word, office_end
from questions.extract.quotes import Quote
from questions.extract.speaker_forms import Appositions, apposition_index, named_by_apposition, org_by_noun
from questions.nlp import ParsedArticle, Sentence, ent_span

#: what a party writes or issues: "says the letter" is its author speaking
MESSAGE_NOUNS = frozenset("letter statement".split())

_PRONOUNS = {"he", "she", "they", "i", "we", "him", "her"}
_PRONOUN_GENDER = {"he": "m", "him": "m", "she": "f", "her": "f"}
#: honorifics that tell a person's gender, for "he"/"she"
GENDERED_TITLES = {
    "mr": "m",
    "sir": "m",
    "lord": "m",
    "mrs": "f",
    "ms": "f",
    "miss": "f",
    "dame": "f",
    "lady": "f",
}
#: head nouns of institutions that speak when the article names whose they are
#: ("Russia's foreign ministry said", "the French embassy said")
INSTITUTIONS = frozenset(
    """ministry department office embassy government agency commission council court police
    army military cabinet parliament regulator union league presidency""".split()
)
GENDERED_WORDS = {
    **{w: "m" for w in "husband father son brother man actor king chairman spokesman boyfriend".split()},
    **{w: "f" for w in "wife mother daughter sister woman actress queen chairwoman spokeswoman".split()},
}
_HONORIFIC_BEFORE = re.compile(r"\b(Mr|Sir|Lord|Mrs|Ms|Miss|Dame|Lady)\.?\s+$")


class SpeakerNames:
    """Who the tokens and pronouns of an article name, outside its quotes."""

    def __init__(self, pa: ParsedArticle, people: People, quotes: list[Quote] | None = None):
        self.pa = pa
        self.people = people
        self.quoted = sorted((q.start, q.end) for q in quotes or [])
        self._quote_starts = [a for a, _b in self.quoted]
        #: every mention of a person outside quotes, as (start, name), in text order
        self.mentions = sorted(
            (st, name)
            for name, person in people.persons.items()
            for st, _e in person.mentions
            if not self.in_quote(st)
        )
        self._mention_starts = [st for st, _n in self.mentions]
        #: sentence index -> the speaker of what that sentence quotes or reports
        self.said: dict[int, tuple[str, tuple[int, int]]] = {}
        self._pronouns: dict[int, tuple[str, tuple[int, int]] | None] = {}
        self._genders: dict[str, str] = {}
        self._appositions: Appositions | None = None

    def name_of(self, token: Token, pos: int | None = None) -> str | None:
        """The person (or organisation) a subject token names."""
        span = ent_span(token)
        text = (
            span.text
            if span is not None
            else " ".join(t.text for t in token.subtree if t.pos_ == "PROPN" or t.i == token.i)
        )
        full = self.people.resolve_at(text, pos) if pos is not None else self.people.resolve(text)
        if full:
            return self._by_title(full, token)
        # "Brighton nurse Jane Doe": the run of name words that ends at the token
        run = [token]
        while (
            run[0].i > 0 and run[0].nbor(-1).pos_ == "PROPN" and run[0].nbor(-1).dep_ in ("compound", "flat")
        ):
            run.insert(0, run[0].nbor(-1))
        short = " ".join(t.text for t in run)
        if (end := office_end(token.doc, token.i + 1)) > token.i + 1:
            # "the UN High Commissioner for Human Rights": the office's whole name
            short = " ".join(t.text for t in token.doc[run[0].i : end])
        if short != text:
            full = self.people.resolve_at(short, pos) if pos is not None else self.people.resolve(short)
            if full:
                return full
        if (
            span is not None
            and span.label_ in ("ORG", "GPE", "NORP")
            and clean_name(span.text) not in self.people.publications
        ):
            return clean_name(span.text)
        if (
            (span is None or span.label_ in ("LOC", "FAC", "PRODUCT"))
            and token.pos_ == "PROPN"
            and token.dep_ in ("nsubj", "appos")
            and not any(is_role_word(t.text) for t in run)
            and clean_name(short) not in self.people.publications
            and short[:1].isupper()
        ):
            # a party the parser did not tag ("provider Plus.net also backed it, saying ...")
            return clean_name(short)
        if token.pos_ in ("NOUN", "PROPN") and token.lemma_.lower() in INSTITUTIONS:
            # "Russia's foreign ministry", "the French foreign ministry": a named institution
            mods = [t for t in token.subtree if t.i < token.i]
            if any(t.ent_type_ in ("GPE", "NORP", "ORG") for t in mods) and all(
                t.dep_ in ("poss", "case", "amod", "compound", "det") for t in mods if t.head.i == token.i
            ):
                words = [t for t in mods if not (t.dep_ == "det" and t.head.i == token.i)]
                return clean_name(("".join(t.text_with_ws for t in words) + token.text).strip())
        return None

    def _by_title(self, full: str, token: Token) -> str | None:
        """ "Ms Dune said" is not the husband Carl Dune last named: the title's gender picks the
        one namesake it fits, or nobody."""
        title = next(
            (t.lower_.strip(".") for t in token.subtree if t.lower_.strip(".") in GENDERED_TITLES), None
        )
        if title is None:
            i = token.i
            while (
                i > 0
                and token.doc[i - 1].pos_ == "PROPN"
                and token.doc[i - 1].lower_.strip(".") not in GENDERED_TITLES
            ):
                i -= 1
            before = token.doc[i - 1].lower_.strip(".") if i > 0 else ""
            title = before if before in GENDERED_TITLES else None
        if title is None or self.gender(full) in ("", GENDERED_TITLES[title]):
            return full
        surname = full.split()[-1]
        fits = [
            n
            for n in self.people.persons
            if n != full and n.split()[-1] == surname and self.gender(n) in ("", GENDERED_TITLES[title])
        ]
        return fits[0] if len(fits) == 1 else None

    def in_quote(self, pos: int) -> bool:
        k = bisect_right(self._quote_starts, pos) - 1
        # quotes do not nest, but an orphan may overlap the one before: look at two
        return any(a <= pos < b for a, b in self.quoted[max(0, k - 1) : k + 1])

    def mentioned(self, start: int, end: int) -> list[tuple[int, str]]:
        """The persons named outside quotes in [start, end), in text order."""
        return self.mentions[
            bisect_left(self._mention_starts, start) : bisect_left(self._mention_starts, end)
        ]

    def gender(self, name: str) -> str:
        """ "m", "f" or "" (unknown), from the honorifics the article writes before the name."""
        if name not in self._genders:
            person = self.people.persons.get(name)
            found = set()
            for s, _e in person.mentions if person else []:
                m = _HONORIFIC_BEFORE.search(self.pa.text[max(0, s - 8) : s])
                if m:
                    found.add(GENDERED_TITLES[m.group(1).lower()])
                # "her husband Carl Dune": a gendered noun right before the name
                word = re.search(r"\b(\w+)\s+$", self.pa.text[max(0, s - 16) : s])
                if word and word.group(1).lower() in GENDERED_WORDS:
                    found.add(GENDERED_WORDS[word.group(1).lower()])
            for role, _rs, _ss in person.roles if person else []:
                found |= {GENDERED_WORDS[w] for w in role.lower().split() if w in GENDERED_WORDS}
            self._genders[name] = found.pop() if len(found) == 1 else ""
        return self._genders[name]

    def _fits(self, name: str, gender: str) -> bool:
        g = self.gender(name)
        return self.people.is_person(name) and (not g or g == gender)

    def salient(
        self, sent: Sentence, before: int | None = None
    ) -> tuple[list[tuple[str, tuple[int, int], bool, str]], bool, set[str]]:
        """Who a sentence is about, outside its quotes and before ``before``: the named
        subjects (with whether their verb reports speech), whether an unnamed one reports
        speech ("a spokesman said"), and the persons it names in other places."""
        base = self.pa.blocks[sent.para].start
        subjects: list[tuple[str, tuple[int, int], bool, str]] = []
        unnamed = False
        known = self.said.get(sent.index)
        if known is not None and (before is None or known[1][0] < before):
            subjects.append((known[0], known[1], True, ""))
        for t in sent.span:
            pos = base + t.idx
            if (before is not None and pos >= before) or self.in_quote(pos):
                continue
            agent = t.dep_ == "pobj" and t.head.dep_ == "agent"
            # "Ann Lee and Kate Roe met": both are subjects
            joint = t.dep_ == "conj" and t.head.dep_ in ("nsubj", "nsubjpass")
            if t.dep_ not in ("nsubj", "nsubjpass") and not agent and not joint:
                continue
            verb = t.head.head if joint else t.head
            speech = verb.lemma_.lower() in SPEECH_VERBS | {"speak", "talk"}
            if t.lower_ in _PRONOUN_GENDER:
                who = self.resolve_pronoun(t, pos)
            else:
                who = self._person_in(t)
            if who:
                subjects.append((who[0], who[1], speech, _PRONOUN_GENDER.get(t.lower_, "")))
            elif speech and t.pos_ == "NOUN":
                unnamed = True
        others = {name for _s, name in self.mentioned(sent.start, before if before is not None else sent.end)}
        return subjects, unnamed, others

    def _addressed(self, sent: Sentence, pos: int) -> bool:
        """The name at ``pos`` is the one spoken to ("put to X", "asked X"), not one acted on
        ("police arrested X")."""
        base = self.pa.blocks[sent.para].start
        for t in sent.span:
            if base + t.idx == pos:
                head = t
                while head.dep_ in ("compound", "flat") and head.head.i != head.i:
                    head = head.head
                return (head.dep_ == "pobj" and head.head.lower_ in ("to", "with")) or (
                    head.dep_ in ("dobj", "dative")
                    and head.head.lemma_.lower() in ("ask", "question", "interview")
                )
        return False

    def _before(self, sent: Sentence, limit: int = 4) -> Iterator[Sentence]:
        """The sentences before ``sent``, nearest first, in its paragraph and the two before."""
        for k in range(sent.index - 1, max(-1, sent.index - 1 - limit), -1):
            prev = self.pa.sentences[k]
            if prev.para < sent.para - 2:
                return
            yield prev

    def resolve_pronoun(self, token: Token, pos: int) -> tuple[str, tuple[int, int]] | None:
        """ "he"/"she" -> the person the nearest sentence that names a fitting person has as
        its subject; nothing when two fit, when only an unnamed speaker or a person in
        another role fits, or when the pronoun carries no gender."""
        if pos in self._pronouns:
            return self._pronouns[pos]
        self._pronouns[pos] = None  # no loops
        gender = _PRONOUN_GENDER.get(token.lower_, "")
        sent = self.pa.sentence_at(pos)
        found: tuple[str, tuple[int, int]] | None = None
        if gender and sent is not None:
            for s, before in [(sent, pos), *((p, None) for p in self._before(sent))]:
                subjects, unnamed, others = self.salient(s, before)
                fits = {
                    name: where
                    for name, where, _sp, g in subjects
                    if self._fits(name, gender) and g in ("", gender)
                }
                if unnamed or len(fits) > 1:
                    break
                if len(fits) == 1:
                    found = next(iter(fits.items()))
                    break
                named = sorted(n for n in others if self._fits(n, gender))
                if len(named) > 1:
                    named = [n for n in named if self.people.persons[n].confident]
                if named:
                    # named only as an object ("the charges were put to X. ... he said")
                    if (
                        len(named) == 1
                        and s.index == sent.index - 1
                        and not any(self._fits(x[0], gender) for x in subjects)
                    ):
                        person = self.people.persons[named[0]]
                        at = next(m for m in person.mentions if s.start <= m[0] < s.end)
                        if self._addressed(s, at[0]):
                            found = named[0], at
                    break
        if found is not None and not self.gender(found[0]):
            self._genders[found[0]] = gender
        self._pronouns[pos] = found
        return found

    def _by_role(self, token: Token) -> str | None:
        """ "the Arsenal boss" -> the one person the article gives that role."""
        if token.pos_ != "NOUN" or not any(c.lower_ == "the" for c in token.children):
            return None
        words = [t.lower_ for t in token.subtree if t.dep_ not in ("det", "punct") and t.i <= token.i]
        if not words:
            return None
        phrase = " ".join(words)
        hits = {
            p.name
            for p in self.people.persons.values()
            for role, _s, _e in p.roles
            if role.lower() == phrase or role.lower().endswith(" " + phrase)
        }
        if len(hits) != 1:
            return None
        # "the singer" names the person of that role only when that person is the last one named
        name = hits.pop()
        para = next(p for p, doc in enumerate(self.pa.docs) if doc is token.doc)
        pos = self.pa.blocks[para].start + token.idx
        mentions = self.mentioned(0, pos)
        return name if mentions and mentions[-1][1] == name else None

    def _person_in(self, token: Token) -> tuple[str, tuple[int, int]] | None:
        para = None
        for p, doc in enumerate(self.pa.docs):
            if doc is token.doc:
                para = p
                break
        if para is None:
            return None
        base = self.pa.blocks[para].start
        name = self.name_of(token, base + token.idx)
        if not name:
            name = self._by_role(token)
            if name:
                return name, (base + token.left_edge.idx, base + token.idx + len(token))
            if self._appositions is None:
                self._appositions = apposition_index(self.pa)
            # "the doctors said", after "The doctors, members of the group X, ..."
            by_name = named_by_apposition(self._appositions, token, base + token.idx)
            sent = self.pa.sentence_at(base + token.idx)
            if by_name is None and sent is not None and sent.index > 0:
                # "CBP announced …. At the time, the agency said …"
                prev = self.pa.sentences[sent.index - 1]
                found = org_by_noun(self.pa, token, sent, prev, self.people.publications)
                return found or self._author_of(token, sent)
            return by_name
        if not name:
            return None
        sub = list(token.subtree)
        # highlight the name itself, not the whole phrase
        names = [t for t in sub if t.pos_ == "PROPN"] or [token]
        s = base + min(t.idx for t in names)
        e = base + max(t.idx + len(t) for t in names)
        return name, (s, e)

    def _author_of(self, token: Token, sent: Sentence) -> tuple[str, tuple[int, int]] | None:
        """ "says the letter": the one party an earlier sentence says spoke in a letter ("In an open
        letter to the firm, the guild said ..."); nobody when two did, or none."""
        if token.lemma_.lower() not in MESSAGE_NOUNS or not any(c.lower_ == "the" for c in token.children):
            return None
        authors: dict[str, tuple[int, int]] = {}
        for prev in self.pa.sentences[: sent.index]:
            for t in prev.span:
                if t.lemma_ != token.lemma_ or t.dep_ != "pobj" or t.head.lower_ != "in":
                    continue
                verb = t.head.head
                subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
                if verb.pos_ != "VERB" or verb.lemma_.lower() not in SPEECH_VERBS or subj is None:
                    continue
                who = self._person_in(subj) if subj.pos_ in ("NOUN", "PROPN") else None
                if who is None:
                    return None  # written by someone the article does not name here: not sure
                authors.setdefault(who[0], who[1])
        return next(iter(authors.items())) if len(authors) == 1 else None
