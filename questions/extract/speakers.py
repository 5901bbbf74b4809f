"""Speakers: who said what.

Finds direct quotations in straight or curly marks (one or several sentences; a quote with
its opening mark missing; a quote left open at the end of a paragraph and continued in the
next), and attributes each: "X said", "said X", "according to X", "X said in a
statement", a bare name after the closing mark or on the next line, "X said:" before it, a
pronoun resolved to the last person named, and the author of an embedded post.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from questions.extract.people import SPEECH_VERBS, People, clean_name, is_role_word, strip_honorific
from questions.facts import Fact
from questions.nlp import ParsedArticle, ent_span

OPEN_MARKS = '"“'
CLOSE_MARKS = '"”'
_TRAILING_NAME = re.compile(r"^[\s,]*(?P<who>(?:[A-Za-z][\w.'’-]*\s+){0,6}[A-Z][\w.'’-]+)\s*[.]?\s*$")
_NAME_AT_END = re.compile(r"(?P<name>(?:[A-Z][\w'’.-]+\s+){1,3}[A-Z][\w'’.-]+)\s*$")
_PRONOUNS = {"he", "she", "they", "i", "we", "him", "her"}


#: a quotation attributed to someone the article does not name
UNKNOWN: tuple[str, tuple[int, int]] = ("", (0, 0))


@dataclass(slots=True)
class Quote:
    start: int  # the quoted words, without the marks
    end: int
    para: int
    open_ended: bool = False
    orphan: bool = False


def find_quotes(pa: ParsedArticle) -> list[Quote]:
    quotes: list[Quote] = []
    for p, block in enumerate(pa.blocks):
        if block.kind != "paragraph":
            continue
        text = pa.text[block.start : block.end]
        open_at: int | None = None
        for i, ch in enumerate(text):
            if ch not in OPEN_MARKS + CLOSE_MARKS:
                continue
            prev = text[i - 1] if i else " "
            nxt = text[i + 1] if i + 1 < len(text) else " "
            opener = ch == "“" or (ch == '"' and (prev.isspace() or prev in "([—–-:") and not nxt.isspace())
            closer = ch == "”" or (
                ch == '"' and not prev.isspace() and (nxt.isspace() or nxt in ".,;:!?)—–-")
            )
            if open_at is None:
                if opener:
                    open_at = i + 1
                elif closer:
                    quotes.append(Quote(block.start, block.start + i, p, orphan=True))
            elif closer:
                if i > open_at:
                    quotes.append(Quote(block.start + open_at, block.start + i, p))
                open_at = None
            elif opener:
                # a new opening mark while a quote is open: news style reopens a quotation for
                # each new sentence or paragraph without closing the last one
                end = len(text[:i].rstrip())
                if end - open_at > 10:
                    quotes.append(Quote(block.start + open_at, block.start + end, p))
                open_at = i + 1
        if open_at is not None and len(text) - open_at > 10:
            quotes.append(Quote(block.start + open_at, block.end, p, open_ended=True))
    return quotes


def _tokens_in(doc, base: int, s: int, e: int):
    return [t for t in doc if s <= base + t.idx < e]


def _orphan_start(pa: ParsedArticle, q: Quote) -> int | None:
    """Where a quote whose opening mark is missing begins: its whole sentence when nothing in
    it reports speech before the mark ("This year's line-up is the best," said X), else the
    phrase that ends at the mark ("said that the letter offered a serious path" to ...)."""
    doc = pa.docs[q.para]
    base = pa.blocks[q.para].start
    before = [t for t in doc if base + t.idx + len(t) <= q.end]
    if not before:
        return None
    last = before[-1]
    sent = last.sent
    lead = [t for t in sent if t.i <= last.i]
    if (
        lead
        and not any(t.lemma_.lower() in SPEECH_VERBS or t.lower_ in ("that", "according") for t in lead)
        and len(lead) >= 4
    ):
        return base + lead[0].idx
    for chunk in doc.noun_chunks:
        if chunk.end - 1 == last.i or (chunk.start <= last.i < chunk.end):
            if len(chunk) >= 2:
                return base + chunk.start_char
    # a verb phrase: from the head of the phrase holding the last word
    head = last
    while head.head.i != head.i and head.head.i < last.i and head.dep_ not in ("ccomp", "xcomp", "dobj"):
        head = head.head
    start = min(t.idx for t in head.subtree)
    return base + start if base + start < q.end else None


class SpeakerFinder:
    def __init__(self, pa: ParsedArticle, people: People):
        self.pa = pa
        self.people = people

    def name_of(self, token, pos: int | None = None) -> str | None:
        """The person (or organisation) a subject token names."""
        span = ent_span(token)
        text = (
            span.text
            if span is not None
            else " ".join(t.text for t in token.subtree if t.pos_ == "PROPN" or t.i == token.i)
        )
        full = self.people.resolve_at(text, pos) if pos is not None else self.people.resolve(text)
        if full:
            return full
        if (
            span is not None
            and span.label_ in ("ORG", "GPE", "NORP")
            and clean_name(span.text) not in self.people.publications
        ):
            return clean_name(span.text)
        return None

    def last_person_before(self, pos: int) -> str | None:
        best, where = None, -1
        for name, person in self.people.persons.items():
            if not person.confident:
                continue
            for s, _e in person.mentions:
                if where < s < pos:
                    best, where = name, s
        return best

    def attribute_in_sentence(self, sent, q_start: int, q_end: int) -> tuple[str, tuple[int, int]] | None:
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
        # a speech verb outside the quote, with a subject
        verbs = [t for t in outside if t.lemma_.lower() in SPEECH_VERBS and t.pos_ in ("VERB", "AUX")]

        # prefer the verb whose clause holds the quote, then the nearest one before it
        def holds(v) -> bool:
            return any(q_start <= base + x.idx < q_end for x in v.subtree)

        verbs.sort(key=lambda v: (not holds(v), abs(base + v.idx - q_start)))
        for v in verbs:
            subj = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")]
            # "Wenger refused to bite back, saying only: ...": the subject of the clause it hangs from
            up = v
            for _ in range(3):
                if subj or up.dep_ not in ("conj", "advcl", "xcomp", "ccomp") or up.head.i == up.i:
                    break
                up = up.head
                subj = [c for c in up.children if c.dep_ in ("nsubj", "nsubjpass")]
            for s in subj:
                if s.lower_ in _PRONOUNS:
                    last = self.last_person_before(base + s.idx)
                    if last:
                        return last, (base + s.idx, base + s.idx + len(s))
                    continue
                who = self._person_in(s)
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

    def _by_role(self, token) -> str | None:
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
        return hits.pop() if len(hits) == 1 else None

    def _person_in(self, token) -> tuple[str, tuple[int, int]] | None:
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
        if not name:
            return None
        sub = list(token.subtree)
        # highlight the name itself, not the whole phrase
        names = [t for t in sub if t.pos_ == "PROPN"] or [token]
        s = base + min(t.idx for t in names)
        e = base + max(t.idx + len(t) for t in names)
        return name, (s, e)

    def trailing_name(self, q: Quote) -> tuple[str, tuple[int, int]] | None:
        """A name right after the closing mark, with no verb: `,” Health Secretary Jane Doe`."""
        block = self.pa.blocks[q.para]
        after = self.pa.text[q.end + 1 : block.end]
        m = _TRAILING_NAME.match(after)
        if not m or any(w.lower() in SPEECH_VERBS for w in m.group("who").split()):
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
            found = self._name_in_text(head, block.end + m.start("line") + m.group("line").find(head))
            if found:
                return found
        return self._name_in_text(
            line, block.end + m.start("line") + (len(m.group("line")) - len(m.group("line").lstrip()))
        )

    def _name_in_text(self, text: str, offset: int) -> tuple[str, tuple[int, int]] | None:
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
        full = self.people.resolve(name) or (strip_honorific(name) if len(toks) >= 2 else None)
        if not full:
            return None
        i = self.pa.text.find(name, offset)
        if i < 0:
            return None
        return full, (i, i + len(name))


def extract_speakers(pa: ParsedArticle, *, people: People, **_: object) -> list[Fact]:
    finder = SpeakerFinder(pa, people)
    quotes = find_quotes(pa)
    found: dict[int, tuple[str, tuple[int, int]]] = {}
    spans: dict[int, tuple[int, str, list]] = {}
    last_speaker: tuple[str, tuple[int, int]] | None = None
    last_para = -2
    for n, q in enumerate(quotes):
        start = q.start
        if q.orphan:
            s0 = _orphan_start(pa, q)
            if s0 is None:
                continue
            start = s0
        text = pa.text[start : q.end].strip().rstrip(",;: ")
        n_words = len(re.findall(r"\w+", text))
        if n_words < 2 or pa.article.is_masked(start, q.end):
            continue
        sents = [s for s in pa.sentences if s.para == q.para and s.start < q.end + 1 and s.end > start]
        spans[n] = (start, text, sents)
        who = None
        for s in sents:
            who = finder.attribute_in_sentence(s, start, q.end)
            if who:
                break
        if who is None:
            who = finder.trailing_name(q) or (finder.next_line_name(q) if not q.open_ended else None)
        if who is None and sents:
            # "He said:" in the sentence before
            prev = [s for s in pa.sentences if s.index == sents[0].index - 1 and s.para == q.para]
            if prev and prev[0].text.rstrip().endswith(":"):
                who = finder.attribute_in_sentence(prev[0], start, q.end)
        if (
            who is None
            and not q.open_ended
            and last_speaker is not None
            and q.para in (last_para, last_para + 1)
            and n_words >= 4
        ):
            # a quote continued in the same or the next paragraph, by the last speaker
            who = last_speaker
        if who == UNKNOWN:
            last_speaker = None
            continue
        if who is not None:
            found[n] = who
            last_speaker, last_para = who, q.para
    _backfill_open_quotes(pa, quotes, found)
    facts: list[Fact] = []
    for n in sorted(found):
        if n not in spans:
            continue
        start, text, sents = spans[n]
        name, where = found[n]
        if len(re.findall(r"\w+", text)) < 4 and not people.is_person(name):
            continue  # short scare quotes from organisations are not sayings
        end_q = start + len(text)
        evidence_start = min([s.start for s in sents] or [start])
        evidence_end = max([s.end for s in sents] or [end_q])
        evidence = [(evidence_start, max(evidence_end, end_q))]
        if not (evidence[0][0] <= where[0] and where[1] <= evidence[0][1]) and not pa.article.is_masked(
            *where
        ):
            sent = pa.sentence_at(where[0])
            if sent is not None:
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
                accepted=tuple(people.variants(name)),
                style="person" if person else "org",
                confidence=1.0 if person else 0.7,
            )
        )
    facts.extend(_posts(pa, people))
    return facts


def _backfill_open_quotes(
    pa: ParsedArticle, quotes: list[Quote], speakers: dict[int, tuple[str, tuple[int, int]]]
) -> None:
    """A quote left open at the end of a paragraph goes on in the next one, which opens with a
    quotation mark again (the news convention): it has the speaker of that next quote."""
    for n, q in enumerate(quotes):
        if n in speakers or not q.open_ended:
            continue
        for k in range(n + 1, len(quotes)):
            nxt = quotes[k]
            if nxt.para != q.para + 1:
                break
            if k in speakers:
                speakers[n] = speakers[k]
                break
            if not nxt.open_ended:
                break


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
        out.append(
            Fact(
                kind="speaker",
                answer=name,
                span=where,
                evidence=((b0, post.date_end or post.author_end),),
                subject=name,
                detail=body,
                item_spans=((b0, b0 + len(body)),),
                accepted=tuple(people.variants(name)),
                style="person",
                confidence=0.9,
            )
        )
    return out
