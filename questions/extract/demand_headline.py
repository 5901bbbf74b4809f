"""A headline that says what a named party is to do or wants: "Acme to close two plants" (the
party plans to close them), "Acme's plan to close two plants". The title is no sentence of the
article's text, so it is parsed on its own; the party must be one the article names in its text.
"""

from __future__ import annotations

from functools import cache

from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from questions.extract.demand_items import _text, _trim
from questions.extract.demand_parties import Parties
from questions.extract.demand_patterns import HEADLINE_PATTERNS, TO_NOUNS, TO_VERBS
from questions.extract.people import clean_name, is_role_word
from questions.facts import Fact
from questions.nlp import ParsedArticle, get_nlp


@cache
def _matcher(vocab: Vocab) -> Matcher:
    matcher = Matcher(vocab)
    for label, patterns in HEADLINE_PATTERNS.items():
        matcher.add(label, patterns)
    return matcher


def headline_demands(pa: ParsedArticle, parties: Parties) -> list[Fact]:
    """The demand a title states, as the one fact of its kind the title gives."""
    title = next((b for b in pa.article.blocks if b.kind == "title"), None)
    if title is None:
        return []
    text = pa.article.text[title.start : title.end]
    if len(text.split()) > 14:
        return []
    doc = get_nlp()(text)
    for match_id, start, end in sorted(_matcher(doc.vocab)(doc), key=lambda m: -m[2]):
        if start != 0:
            continue  # the party opens the headline
        fact = _fact(pa, parties, doc, doc.vocab.strings[match_id], end, title.start)
        if fact is not None:
            return [fact]
    return []


def _fact(pa: ParsedArticle, parties: Parties, doc: Doc, label: str, end: int, base: int) -> Fact | None:
    verb = doc[end - 1]
    name_end = end - 2 if label == "PLAN" else end - 4
    words = [t.text for t in doc[:name_end]]
    while len(words) > 1 and is_role_word(words[0]):
        words = words[1:]  # "Mayor Jane Cole to quit"
    name = clean_name(" ".join(words))
    party = _known(parties, name)
    if party is None:
        return None
    item = _trim(list(doc[verb.i :]))
    if len(item) < 2:
        return None
    if label == "PLAN":
        ask, state = TO_VERBS["plan"]
        how = "plan"
    else:
        how = doc[end - 3].lemma_.lower()
        ask, state = TO_NOUNS[how]
    s, e = base + item[0].idx, base + item[-1].idx + len(item[-1])
    return Fact(
        kind="demand",
        answer=_text(item).strip(' ,.;:"“”'),
        span=(s, e),
        evidence=((base, base + len(doc.text)),),
        subject=party,
        verb=how,
        detail=state.format(party=party),
        question=ask.format(party=party) + ", according to the article?",
        style="frame",
        confidence=0.8,
    )


def _known(parties: Parties, name: str) -> str | None:
    """The party's name as the article's text gives it, or None when the text never names it."""
    people = parties.people
    if name in people.org_display:
        return people.org_display[name]
    if name in people.orgs:
        return name
    return parties._person(name)  # a surname two people share names neither
