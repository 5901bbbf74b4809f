"""Other facts worth asking: roles (who holds which office), places and numbers."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from questions.extract.clauses import governing_verb, prep_phrase, wh_question
from questions.extract.people import ROLE_NOUNS, People
from questions.facts import Fact
from questions.nlp import ParsedArticle

_WORD_NUMBERS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen "
        "seventeen eighteen nineteen twenty".split()
    )
}
_WORD_NUMBERS.update(
    {
        "thirty": 30,
        "forty": 40,
        "fifty": 50,
        "sixty": 60,
        "seventy": 70,
        "eighty": 80,
        "ninety": 90,
        "hundred": 100,
        "dozen": 12,
    }
)
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "m": 1e6, "bn": 1e9, "k": 1e3}
_QUALIFIER = re.compile(
    r"^(?:at least|at most|about|around|almost|nearly|more than|less than|fewer than|over|"
    r"under|some|roughly|approximately|up to|only|just)\s+",
    re.I,
)


#: words a sentence starts with that are not part of a role ("Earlier Foreign Minister ...")
SENTENCE_ADVERBS = frozenset(
    """earlier later however meanwhile also now then but and so yet still previously recently
currently already today yesterday formerly separately instead""".split()
)


#: a head of state's or government's title, with at most a place or nationality before it
_LEADER = re.compile(
    r"^(?P<place>(?:[A-Z][\w.'’-]*\s+){0,2})"
    r"(?:[Pp]resident|[Pp]rime [Mm]inister|[Kk]ing|[Qq]ueen|[Pp]ope|[Cc]hancellor)$"
)


def trim_role(role: str) -> str:
    """A role without the sentence adverb or the dash it was picked up with."""
    ws = role.strip(" -–—,;:").split()
    while len(ws) > 1 and ws[0].lower().strip(",") in SENTENCE_ADVERBS:
        ws = ws[1:]
    return " ".join(ws).strip(" -–—,;:")


def is_role(role: str) -> bool:
    """A role names an office or a trade ("Jordanian" alone, a nationality, does not)."""
    ws = role.split()
    return any(w.lower() in ROLE_NOUNS or w.islower() for w in re.split(r"[\s-]+", role)) and bool(ws)


@lru_cache(maxsize=16384)
def parse_number(text: str) -> float | None:
    t = _QUALIFIER.sub("", text.strip().lower())
    m = re.match(
        r"^[£$€]?\s*(?P<n>\d[\d,]*(?:\.\d+)?)\s*(?P<scale>thousand|million|billion|trillion|bn|m|k)?\b", t
    )
    if m:
        n = float(m.group("n").replace(",", ""))
        return n * _SCALE.get(m.group("scale") or "", 1)
    first = t.split()[0] if t.split() else ""
    return float(_WORD_NUMBERS[first]) if first in _WORD_NUMBERS else None


def extract_roles(pa: ParsedArticle, *, people: People, **_: object) -> list[Fact]:
    facts = []
    places = {text for _s, _e, text, label, _p in pa.entities if label in ("GPE", "NORP")}
    role_count = Counter(trim_role(r[0]).lower() for p in people.persons.values() for r in p.roles[:1])
    for person in people.persons.values():
        if not person.roles:
            continue
        role, role_span, sent_span = person.roles[0]
        role = trim_role(role)
        if role_count[role.lower()] > 1 or len(role.split()) > 8:
            continue  # "Who is the minister?" needs one answer
        if not is_role(role) or person.name.split()[-1].lower() in ROLE_NOUNS:
            continue  # a nationality is not a role; a title is not a name
        leader = _LEADER.match(role)
        if leader and (not leader.group("place") or leader.group("place").strip() in places):
            continue  # "US President", "Prime Minister": a title a student knows already
        # the person's name in the same sentence, before the role ("Priya Raman, an astronomer")
        # or after it ("historian Francois Thom")
        span = None
        sentence = pa.text[sent_span[0] : sent_span[1]]
        for variant in (person.name, person.name.split()[-1]):
            hits = [m.start() for m in re.finditer(re.escape(variant), sentence)]
            if hits:
                # the mention nearest the role
                k = min(hits, key=lambda h: abs(sent_span[0] + h - role_span[0]))
                span = (sent_span[0] + k, sent_span[0] + k + len(variant))
                break
        if span is None:
            continue
        facts.append(
            Fact(
                kind="role",
                answer=person.name,
                span=span,
                evidence=(sent_span,),
                subject=person.name,
                detail=role,
                accepted=tuple(people.variants(person.name)),
                style="person",
                confidence=0.9,
            )
        )
    return facts


def extract_places(pa: ParsedArticle, *, people: People, **_: object) -> list[Fact]:
    counts = Counter(e[2] for e in pa.entities if e[3] in ("GPE", "LOC", "FAC"))
    facts = []
    for p, doc in enumerate(pa.docs):
        ents = [e for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC")]
        skip_until = -1
        for n, ent in enumerate(ents):
            if ent.start < skip_until:
                continue
            s, e = pa.abs(p, ent)
            if pa.article.is_masked(s, e) or people.is_person(ent.text):
                continue
            # an adjective-like use ("US President", "Russian capital") is not a place to ask about
            if (
                ent.root.dep_ in ("compound", "amod", "poss", "nmod")
                or ent.root.head.pos_ == "PROPN"
                and ent.root.dep_ != "pobj"
            ):
                continue
            if counts[ent.text] > 3:
                continue  # the article's main subject is not a fact worth asking
            end_tok = ent.end
            # "Romania and Poland": a coordinated pair is one answer
            if n + 1 < len(ents) and ents[n + 1].start == ent.end + 1 and doc[ent.end].lower_ == "and":
                end_tok = ents[n + 1].end
                skip_until = end_tok
            span_doc = doc[ent.start : end_tok]
            s, e = pa.abs(p, span_doc)
            answer = pa.text[s:e]
            if answer.lower().startswith("the "):
                s += 4
                answer = pa.text[s:e]
            sent = pa.sentence_at(s)
            if sent is None:
                continue
            question = None
            verb = governing_verb(ent.root)
            if (
                verb is not None
                and ent.root.head.lower_ in ("in", "at", "to", "from")
                and ent.root.dep_ == "pobj"
                and ent.root.head.head.i == verb.i
            ):
                question = wh_question(verb, prep_phrase(list(span_doc)), wh="Where")
            facts.append(
                Fact(
                    kind="place",
                    answer=answer,
                    span=(s, e),
                    evidence=((sent.start, sent.end),),
                    question=question,
                    style="pair" if end_tok != ent.end else ent.label_,
                    confidence=0.6,
                )
            )
    return facts


def extract_numbers(pa: ParsedArticle, **_: object) -> list[Fact]:
    facts = []
    for p, doc in enumerate(pa.docs):
        for ent in doc.ents:
            if ent.label_ not in ("CARDINAL", "MONEY", "PERCENT", "QUANTITY"):
                continue
            s, e = pa.abs(p, ent)
            if pa.article.is_masked(s, e):
                continue
            text = pa.text[s:e]
            q = _QUALIFIER.match(text)
            if q:
                s += q.end()
                text = pa.text[s:e]
            value = parse_number(text)
            if (
                value is None
                or text.lower() in ("one", "a", "an")
                or re.fullmatch(r"1[5-9]\d\d|20\d\d", text)
            ):
                continue
            # a number inside a quote or a name ("Formula One") is not a fact to test
            if ent.root.dep_ == "compound" and ent.root.head.pos_ == "PROPN":
                continue
            sent = pa.sentence_at(s)
            if sent is None:
                continue
            facts.append(
                Fact(
                    kind="number",
                    answer=text,
                    span=(s, e),
                    evidence=((sent.start, sent.end),),
                    value=f"{value:g}",
                    style=ent.label_,
                    confidence=0.6,
                )
            )
    return facts
