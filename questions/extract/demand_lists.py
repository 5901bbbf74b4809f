"""Bulleted or numbered lists of demands: a line such as "The union's demands are:" or "The group
calls for:" followed by lines that start with a bullet or a number; each line is an item of the
party that owns the list (the noun's possessor, the verb's subject, or the one party named just
before, when only one is).
"""

from __future__ import annotations

import re

from questions.extract.demand_grammar import _subject
from questions.extract.demand_parties import Parties
from questions.facts import Fact
from questions.nlp import ParsedArticle, Sentence

#: nouns that head a list of what a party wants: "The demands are:", "Its proposals include:"
LIST_NOUNS: dict[str, str] = {
    "demand": "demands",
    "call": "calls",
    "proposal": "proposals",
    "request": "requests",
    "aim": "aims",
    "goal": "goals",
    "plan": "plans",
    "condition": "conditions",
    "priority": "priorities",
    "pledge": "pledges",
    "promise": "promises",
    "recommendation": "recommendations",
}
#: verbs that introduce such a list: "The group calls for:"
LIST_VERBS: dict[str, str] = {
    "demand": "demand",
    "call": "call for",
    "propose": "propose",
    "want": "want",
    "urge": "urge",
    "recommend": "recommend",
    "request": "request",
    "pledge": "pledge",
    "promise": "promise",
}
BULLET = re.compile(r"^\s*(?:[-•*–—▪●]|\(?\d{1,2}[.)]|\(?[a-h]\))\s+")


def extract_list_demands(pa: ParsedArticle, parties: Parties) -> list[Fact]:
    """One demand fact per bulleted or numbered line after a line that introduces demands."""
    facts: list[Fact] = []
    last_of_para: dict[int, Sentence] = {}
    for sent in pa.sentences:
        last_of_para[sent.para] = sent
    for para, lead in sorted(last_of_para.items()):
        if not lead.text.rstrip().endswith(":"):
            continue
        found = _owner(lead, parties)
        if found is None:
            continue
        party, what = found
        n = para + 1
        while n < len(pa.blocks) and pa.blocks[n].kind == "paragraph":
            blk = pa.blocks[n]
            line = pa.text[blk.start : blk.end]
            m = BULLET.match(line)
            if m is None:
                break
            start = blk.start + m.end()
            item = line[m.end() :].rstrip().rstrip(";.,").rstrip()
            if item.lower().endswith((" and", " or")):
                item = item.rsplit(" ", 1)[0].rstrip(";,")
            if 2 <= len(item.split()) <= 30 and not pa.article.is_masked(start, start + len(item)):
                facts.append(
                    Fact(
                        kind="demand",
                        answer=item[:1].lower() + item[1:] if item[1:2].islower() else item,
                        span=(start, start + len(item)),
                        evidence=((lead.start, lead.end), (blk.start, blk.end)),
                        subject=party,
                        verb="demand",
                        detail=f"{party}'s {what} included",
                        question=f"What was one of {party}'s {what}, according to the article?",
                        style="frame",
                        confidence=0.8,
                    )
                )
            n += 1
    return facts


def _owner(lead: Sentence, parties: Parties) -> tuple[str, str] | None:
    """The party whose list the line introduces, and what the list is ("demands")."""
    span = lead.span
    for tok in span:
        lemma = tok.lemma_.lower()
        if tok.pos_ == "NOUN" and lemma in LIST_NOUNS and tok.dep_ in ("nsubj", "attr", "dobj"):
            poss = next((c for c in tok.children if c.dep_ == "poss"), None)
            if poss is not None:
                p = parties.of(poss, lead)
                return (p.name, LIST_NOUNS[lemma]) if p is not None else None
            if any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
                # "The demands are:": the one party named just before, when only one is
                name = _only_party_before(lead, parties)
                return (name, LIST_NOUNS[lemma]) if name is not None else None
            return None
        if tok.pos_ == "VERB" and lemma in LIST_VERBS and tok.dep_ == "ROOT":
            subj = _subject(tok)
            p = parties.of(subj, lead) if subj is not None else None
            return (p.name, "demands") if p is not None else None
    return None


def _only_party_before(lead: Sentence, parties: Parties) -> str | None:
    """The one party the lead line and the sentence before it name (subject or not), or None."""
    sents = [lead]
    if lead.index > 0 and parties.pa.sentences[lead.index - 1].para == lead.para:
        sents.insert(0, parties.pa.sentences[lead.index - 1])
    names = set()
    for sent in sents:
        for ent in sent.span.ents:
            if ent.label_ in ("PERSON", "ORG", "GPE", "NORP"):
                p = parties.of(ent.root, sent)
                names.add(p.name if p is not None else ent.text)
    return names.pop() if len(names) == 1 else None
