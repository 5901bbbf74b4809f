"""Speakers: who said what.

Finds direct quotations in straight or curly marks (one or several sentences; a quote with
its opening mark missing; a quote left open at the end of a paragraph and continued in the
next), and attributes each: "X said", "said X", "according to X", "X said in a
statement", a bare name after the closing mark or on the next line, "X said:" before it, a
pronoun resolved to the last person named, and the author of an embedded post.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from questions.extract.people import ORG_TAILS, SPEECH_VERBS, People, is_role_word, strip_honorific
from questions.extract.quotes import Quote, _orphan_start, backfill_open_quotes, find_quotes
from questions.extract.speaker_forms import (
    expansions,
    governing_verb,
    join_broken_paragraphs,
    join_split_quotes,
    passive_agents,
    with_phrase_speaker,
)
from questions.extract.speaker_names import _PRONOUN_GENDER, _PRONOUNS, SpeakerNames
from questions.facts import Fact
from questions.nlp import ParsedArticle, Sentence

#: also imported from here by the demand extractor
__all__ = ["extract_speakers", "find_quotes"]

_TRAILING_NAME = re.compile(r"^[\s,]*(?P<who>(?:[A-Za-z][\w.'’-]*\s+){0,6}[A-Z][\w.'’-]+)\s*[.]?\s*$")
_NAME_AT_END = re.compile(r"(?P<name>(?:[A-Z][\w'’.-]+\s+){1,3}[A-Z][\w'’.-]+)\s*$")
#: verbs whose subject takes a stand on the words it quotes ("X welcomed Y's "courage"")
STANCE_VERBS = frozenset(
    """welcome praise hail criticise criticize condemn attack slam blast dismiss brand label
    describe call dub accuse question pledge vow promise warn""".split()
)

#: a quotation attributed to someone the article does not name
UNKNOWN: tuple[str, tuple[int, int]] = ("", (0, 0))


class SpeakerFinder(SpeakerNames):
    """Attributes each quote to its speaker.

    ``context`` is the sentence before a quote that :meth:`from_context` took its speaker from,
    so the question can show it: the attribution is part of the evidence.
    """

    context: Sentence | None = None

    def stance(self, sent: Sentence, q_start: int, q_end: int) -> tuple[str, tuple[int, int]] | None:
        """ "X welcomed Y's "courage"", "X pledged "decisive action"": the one named party of the
        sentence, when its verb takes a stand on the quoted words."""
        subjects, _unnamed, _others = self.salient(sent)
        names = {x[0] for x in subjects}
        base = self.pa.blocks[sent.para].start
        governs = governing_verb(self.pa, sent, q_start, q_end)
        for t in sent.span:
            verb = t.head
            if (
                t.dep_ == "nsubj"
                and verb.lemma_.lower() in STANCE_VERBS
                and not self.in_quote(base + t.idx)
                and any(q_start <= base + x.idx < q_end for x in verb.subtree)
            ):
                if (
                    governs is not None
                    and governs.i != verb.i
                    and governs.lemma_.lower() in SPEECH_VERBS | STANCE_VERBS
                ):
                    # "X criticised Y for calling it "a disaster"": the words are Y's
                    return None
                who = self._person_in(t)
                # the one party named, or the subject of the verb the quoted words hang from
                if who and (names == {who[0]} or (governs is not None and governs.i == verb.i)):
                    return who
        return None

    def from_context(self, sent: Sentence, q_start: int, q_end: int) -> tuple[str, tuple[int, int]] | None:
        """A quote with no attribution of its own: the speaker of the sentence before, when that
        sentence quotes someone or reports what one named party said, and no one else is named
        in its own sentence or in between."""
        subjects, unnamed, others = self.salient(sent)
        base = self.pa.blocks[sent.para].start
        for t in sent.span:
            # "a club official is quoted as saying": someone the article does not name; a
            # definite description ("the club's boss") refers back to the party named before
            if (
                t.dep_ in ("nsubj", "nsubjpass")
                and t.pos_ == "NOUN"
                and not self.in_quote(base + t.idx)
                and any(q_start <= base + x.idx < q_end for x in t.head.subtree)
                and not any(c.lower_ == "the" or c.dep_ == "poss" for c in t.children)
            ):
                return None
        # "She expressed her anger at the person who "…"": a pronoun subject that refers to the
        # speaker of the sentence before agrees with it, and the quote is that speaker's
        own = {name for name, _w, _sp, g in subjects if g}
        if len(own) != 1 or len(own) != len(subjects) or others - own:
            own = set()
            if subjects or others:
                return None
        if unnamed:
            return None
        for prev in self._before(sent):
            subjects, unnamed, others = self.salient(prev)
            if unnamed or self._unresolved_speaker(prev):
                return None
            speakers = {name: where for name, where, speech, _g in subjects if speech}
            if len(speakers) == 1 and (not own or own == set(speakers)):
                self.context = prev
                return next(iter(speakers.items()))
            if own:
                return None
            if speakers or subjects or others:
                return None
        return None

    def _unresolved_speaker(self, sent: Sentence) -> bool:
        """ "She added she was glad …" where "she" fits no one named before: whoever spoke last
        before that sentence is not the speaker of the quote after it."""
        base = self.pa.blocks[sent.para].start
        return any(
            t.dep_ == "nsubj"
            and t.lower_ in _PRONOUN_GENDER
            and t.head.lemma_.lower() in SPEECH_VERBS
            and not self.in_quote(base + t.idx)
            and self.resolve_pronoun(t, base + t.idx) is None
            for t in sent.span
        )

    def colon_lead(self, sent: Sentence, q_start: int) -> tuple[str, tuple[int, int]] | None:
        """ "X echoed those sentiments: "..."", "the question posed by X: "..."": a clause ending
        in a colon right before the quote introduces it, whatever its verb."""
        lead = self.pa.text[sent.start : max(sent.start, q_start - 1)].rstrip()
        if not lead.endswith(":"):
            return None
        base = self.pa.blocks[sent.para].start
        before = [t for t in sent.span if base + t.idx < q_start - 1 and not t.is_space]
        if len(before) < 3 or before[-1].text != ":":
            return None
        last = before[-2]
        if last.pos_ == "PROPN":
            head = last
            while head.dep_ in ("compound", "flat", "appos") and head.head.i != head.i:
                head = head.head
            if head.dep_ == "pobj" and head.head.dep_ == "agent":
                return self._person_in(head) or UNKNOWN
        verb = last
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        if verb.dep_ == "acl" and verb.head.pos_ == "PROPN" and verb.i > verb.head.i:
            # "Writer Neil Doe, from Kent, asked: "..."" parsed as a phrase on the name
            return self._person_in(verb.head) or UNKNOWN
        for _ in range(3):
            subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subj or verb.dep_ not in ("conj", "advcl", "xcomp", "ccomp") or verb.head.i == verb.i:
                break
            verb = verb.head
        for s in subj:
            if s.lower_ in _PRONOUN_GENDER:
                return self.resolve_pronoun(s, base + s.idx) or UNKNOWN
            return self._person_in(s) or UNKNOWN
        return None

    def attribute_in_sentence(
        self, sent: Sentence, q_start: int, q_end: int
    ) -> tuple[str, tuple[int, int]] | None:
        base = self.pa.blocks[sent.para].start
        outside = [t for t in sent.span if not (q_start <= base + t.idx < q_end)]
        # "according to X"
        for t in outside:
            if t.lower_ == "according" and t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ == "to":
                objs = [c for c in t.doc[t.i + 1].children if c.dep_ == "pobj"]
                for o in objs:
                    who = self._person_in(o)
                    if who:
                        return who
        # "with X warning of "…"", "with X marching up to him, saying "…""
        with_name = with_phrase_speaker(self.pa, sent, q_start)
        if with_name is not None:
            return self._person_in(with_name) or UNKNOWN
        # a speech verb outside the quote, with a subject
        verbs = [t for t in outside if t.lemma_.lower() in SPEECH_VERBS and t.pos_ in ("VERB", "AUX")]

        # prefer the verb whose clause holds the quote, then the nearest one before it
        def holds(v: Token) -> bool:
            return any(q_start <= base + x.idx < q_end for x in v.subtree)

        verbs.sort(key=lambda v: (not holds(v), abs(base + v.idx - q_start)))
        for v in verbs:
            # "described by X as "…"": the agent of a passive verb of speech
            subj = (passive_agents(v) if holds(v) else []) or _subjects(v)
            # "Wenger refused to bite back, saying only: ...": the subject of the clause it hangs from
            up = v
            for _ in range(3):
                if subj or up.dep_ not in ("conj", "advcl", "xcomp", "ccomp", "acl") or up.head.i == up.i:
                    break
                # "X backed the plan, saying ...": through the noun the phrase hangs from
                up = up.head.head if up.dep_ == "acl" and up.head.dep_ in ("dobj", "attr") else up.head
                subj = _subjects(up)
            if (
                v.tag_ == "VBG"
                and up.dep_ == "ccomp"
                and up.head.lemma_.lower() in SPEECH_VERBS
                and all(s.pos_ == "NOUN" and self._person_in(s) is None for s in subj)
            ):
                # "He said the plan sounded fair, adding …": the one who said, not "the plan"
                subj = _subjects(up.head)
            for s in subj:
                if any(c.dep_ == "conj" and c.pos_ == "PROPN" for c in s.children):
                    # "Ann Lee and Bob Roe said": two speakers, and no telling whose words
                    return UNKNOWN if holds(v) else None
                if s.lower_ in _PRONOUNS:
                    last = self.resolve_pronoun(s, base + s.idx)
                    if last:
                        return last
                    if holds(v):
                        return UNKNOWN
                    continue
                # "Telecom analysts Ovum welcomed it, saying ...": the name in apposition
                named = [c for c in s.children if c.dep_ == "appos" and c.pos_ == "PROPN"]
                who = self._person_in(s) or (
                    self._person_in(named[0]) if s.pos_ == "NOUN" and named else None
                )
                if who:
                    return who
                if s.pos_ in ("NOUN", "PROPN") and holds(v):
                    # said by someone the article names only by description ("the Arsenal boss"):
                    # not the last speaker, and not anyone else
                    return UNKNOWN
            # "said X" with the subject after the verb, parsed as an object
            for c in v.children:
                if c.i > v.i and c.dep_ in ("dobj", "attr", "npadvmod", "appos") and c.pos_ == "PROPN":
                    who = self._person_in(c)
                    if who:
                        return who
        return None

    def trailing_name(self, q: Quote) -> tuple[str, tuple[int, int]] | None:
        """A name right after the closing mark, with no verb: `,” Health Secretary Jane Doe`."""
        block = self.pa.blocks[q.para]
        after = self.pa.text[q.end + 1 : block.end]
        m = _TRAILING_NAME.match(after)
        # a speech verb makes it a clause; a capitalised "State" is a title, not a verb
        if not m or any(w in SPEECH_VERBS for w in m.group("who").split()):
            return None
        return self._name_in_text(m.group("who"), q.end + 1 + m.start("who"))

    def next_line_name(self, q: Quote) -> tuple[str, tuple[int, int]] | None:
        """A line after the quote's paragraph that is just a name (and role)."""
        block = self.pa.blocks[q.para]
        rest = self.pa.text[block.end :]
        m = re.match(r"\s*\n(?P<line>[^\n]{3,120})(?:\n|$)", rest)
        if not m:
            return None
        line = m.group("line").strip()
        if line.endswith((".", "?", "!", '"', "”")) or len(line.split()) > 14:
            return None
        # "Professor Alan Hughes, director of the Royal Observatory": the name comes first
        head = line.split(",")[0].strip()
        if head != line:
            # a signature line: name, then role
            found = self._name_in_text(
                head, block.end + m.start("line") + m.group("line").find(head), signature=True
            )
            if found:
                return found
        return self._name_in_text(
            line, block.end + m.start("line") + (len(m.group("line")) - len(m.group("line").lstrip()))
        )

    def _name_in_text(
        self, text: str, offset: int, *, signature: bool = False
    ) -> tuple[str, tuple[int, int]] | None:
        m = _NAME_AT_END.search(text.strip(" ,.—–-"))
        if not m:
            return None
        raw = m.group("name")
        toks = raw.split()
        # drop role words in front of the name ("Secretary Jane Doe")
        while len(toks) > 2 and is_role_word(toks[0]):
            toks = toks[1:]
        while len(toks) > 1 and is_role_word(toks[0]) and self.people.resolve(" ".join(toks[1:])):
            toks = toks[1:]
        name = " ".join(toks)
        full = self.people.resolve(name)
        for k in range(1, len(toks) - 1):
            # "Transport Secretary Jane Holm": the known name at its end
            if full:
                break
            full = self.people.resolve(" ".join(toks[k:]))
            if full:
                name = " ".join(toks[k:])
        i = self.pa.text.find(name, offset)
        if i < 0:
            return None
        if not full and len(toks) >= 2 and (signature or not self.pa.article.is_masked(i, i + len(name))):
            # a name the article gives nowhere else: only in a signature line or when the parser
            # tags it as one, so a section title ("Funding Concerns") is never a speaker
            if signature or any(
                s <= i and i + len(name) <= e and label == "PERSON"
                for s, e, _t, label, _p in self.pa.entities
            ):
                full = strip_honorific(name)
        if not full:
            return None
        return full, (i, i + len(name))


def extract_speakers(pa: ParsedArticle, *, people: People, **_: object) -> list[Fact]:
    quotes = find_quotes(pa)
    finder = SpeakerFinder(pa, people, quotes)
    found: dict[int, tuple[str, tuple[int, int]]] = {}
    spans: dict[int, tuple[int, str, list[Sentence]]] = {}
    #: the sentence that attributes a quote, when it is not the quote's own ("He said:" before it)
    attributed_in: dict[int, tuple[int, int]] = {}
    direct: set[int] = set()
    for n, q in enumerate(quotes):
        start = q.start
        if q.orphan:
            s0 = _orphan_start(pa, q)
            if s0 is None:
                continue
            start = s0
        text = pa.text[start : q.end].strip().rstrip(",;: ")
        n_words = len(re.findall(r"\w+", text))
        if n_words < 1 or pa.article.is_masked(start, q.end):
            continue
        sents = [s for s in pa.sentences if s.para == q.para and s.start < q.end + 1 and s.end > start]
        spans[n] = (start, text, sents)
        who = None
        for s in sents:
            who = finder.attribute_in_sentence(s, start, q.end)
            if who:
                break
        if who is None and sents:
            who = finder.colon_lead(sents[0], start)
        if who is None and sents:
            who = finder.stance(sents[0], start, q.end)
        if n_words < 4 and sents and _is_label(pa, sents[0], start, q.end):
            continue
        if n_words < 4 and re.search(r"\bbeing\s+\W?$", pa.text[max(0, start - 12) : start]):
            continue  # "denied being "a bully"": someone else's word, not the subject's
        if who is not None and who != UNKNOWN:
            # said in so many words: a short phrase of a party counts ("called it "cheating"")
            direct.add(n)
        elif n_words < 2:
            continue
        if who is None:
            who = finder.trailing_name(q) or (finder.next_line_name(q) if not q.open_ended else None)
        if who is None and sents:
            # "He said:" in the sentence before
            prev = [s for s in pa.sentences if s.index == sents[0].index - 1 and s.para == q.para]
            if prev and prev[0].text.rstrip().endswith(":"):
                who = finder.attribute_in_sentence(prev[0], start, q.end)
                if who is not None:
                    attributed_in[n] = (prev[0].start, prev[0].end)
        if who is None and not q.open_ended and sents and n_words >= 4:
            # a quote that goes on from the sentence before, or follows what its speaker said
            finder.context = None
            who = finder.from_context(sents[0], start, q.end)
            if who is not None and finder.context is not None:
                attributed_in[n] = (finder.context.start, finder.context.end)
        if who is None or who == UNKNOWN:
            continue
        found[n] = who
        for s in sents:
            finder.said[s.index] = who
    for n, k in backfill_open_quotes(pa, quotes, found):
        # the quote goes on in the next paragraph: the attribution is the one of that paragraph
        if k in attributed_in:
            attributed_in[n] = attributed_in[k]
        elif k in spans and spans[k][2]:
            attributed_in[n] = (spans[k][2][0].start, spans[k][2][-1].end)
    facts: list[Fact] = []
    for n in sorted(found):
        if n not in spans:
            continue
        start, text, sents = spans[n]
        name, where = found[n]
        if len(re.findall(r"\w+", text)) < 4 and not people.is_person(name) and n not in direct:
            continue  # short scare quotes near an organisation are not its sayings
        end_q = start + len(text)
        evidence_start = min([s.start for s in sents] or [start])
        evidence_end = max([s.end for s in sents] or [end_q])
        evidence = [(evidence_start, max(evidence_end, end_q))]
        # the words that attribute the quote ("He added:", "said Mr Lee" before it) and the name
        # a pronoun there stands for: a reader checks the key in the excerpts alone
        said_in = attributed_in.get(n)
        if said_in is not None and not (evidence[0][0] <= said_in[0] < evidence[0][1]):
            evidence.append(said_in)
        if not any(a <= where[0] and where[1] <= b for a, b in evidence) and not pa.article.is_masked(*where):
            sent = pa.sentence_at(where[0])
            own = pa.sentence_at(evidence[0][0])
            if sent is not None and own is not None and _near_before(sent, own, text):
                # "X said … He said it sounded "fair"": a short phrase is shown with its name
                evidence[0] = (sent.start, evidence[0][1])
            elif sent is not None:
                evidence.append((sent.start, sent.end))
        person = people.get(name)
        facts.append(
            Fact(
                kind="speaker",
                answer=name,
                span=where,
                evidence=tuple(evidence),
                subject=name,
                detail=text,
                item_spans=((start, end_q),),
                accepted=(*people.variants(name), *expansions(name, people.orgs)),
                style="person" if person else "org",
                confidence=1.0 if person else 0.7,
            )
        )
    facts = join_broken_paragraphs(pa, quotes, join_split_quotes(pa, quotes, facts))
    facts.extend(_posts(pa, people))
    return facts


def _near_before(named: Sentence, own: Sentence, quote: str) -> bool:
    """The sentence that names the speaker of a short quoted phrase is at most two before it,
    in its paragraph."""
    return named.para == own.para and 0 < own.index - named.index <= 2 and len(re.findall(r"\w+", quote)) < 4


def _subjects(verb: Token) -> list[Token]:
    """The subjects of a verb; when the parser gives two ("CPUC President Jane Doe said",
    "consultants Railwise welcomed"), the person first, then a name, then a noun."""
    return sorted(
        (c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")),
        key=lambda c: (c.ent_type_ != "PERSON", c.pos_ != "PROPN"),
    )


def _is_label(pa: ParsedArticle, sent: Sentence, start: int, end: int) -> bool:
    """A short quote that only qualifies a noun outside it (a "yes" vote, the "green" tax) is
    a label, not words someone said."""
    base = pa.blocks[sent.para].start
    inside = [t for t in sent.span if start <= base + t.idx < end]
    ids = {t.i for t in inside}
    tops = [t for t in inside if t.head.i not in ids]
    return bool(tops) and all(
        t.dep_ in ("amod", "compound", "nmod") and t.head.pos_ in ("NOUN", "PROPN") for t in tops
    )


def _posts(pa: ParsedArticle, people: People) -> list[Fact]:
    out = []
    for post in pa.article.posts:
        body = pa.text[post.start : post.end].strip()
        if len(body.split()) < 3:
            continue
        toks = post.author.split()
        while len(toks) > 2 and is_role_word(toks[0]):
            toks = toks[1:]
        name = people.resolve(" ".join(toks)) or " ".join(toks)
        s = pa.text.find(" ".join(toks), post.author_start)
        where = (s, s + len(" ".join(toks))) if s >= 0 else (post.author_start, post.author_end)
        b0 = post.start + (len(pa.text[post.start : post.end]) - len(pa.text[post.start : post.end].lstrip()))
        # a post's author is written like a person unless the article knows it as an organisation
        person = name not in people.orgs and name.split()[-1].lower() not in ORG_TAILS
        out.append(
            Fact(
                kind="speaker",
                answer=name,
                span=where,
                evidence=((b0, post.date_end or post.author_end),),
                subject=name,
                detail=body,
                item_spans=((b0, b0 + len(body)),),
                accepted=tuple(people.variants(name, person=person)),
                style="person",
                confidence=0.9,
            )
        )
    return out
