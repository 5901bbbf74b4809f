"""Extractions that several extractors need, made once per parsed article.

The demand finders read the speaker facts (whose are the quotations a demand is told in); the
pipeline asks for the same facts as questions. Both get them from :func:`speaker_facts`, which
runs the speaker extractor once per article and people.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from questions.extract.people import People
from questions.extract.speakers import extract_speakers
from questions.facts import Fact
from questions.nlp import ParsedArticle

_SPEAKERS: WeakKeyDictionary[ParsedArticle, tuple[People, list[Fact]]] = WeakKeyDictionary()


def speaker_facts(pa: ParsedArticle, *, people: People, **_: object) -> list[Fact]:
    """``extract_speakers(pa, people=people)``, remembered while ``pa`` lives."""
    hit = _SPEAKERS.get(pa)
    if hit is None or hit[0] is not people:
        hit = (people, extract_speakers(pa, people=people))
        _SPEAKERS[pa] = hit
    return list(hit[1])
