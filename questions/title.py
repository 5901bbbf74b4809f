"""A short title for an article that has none, from the names it is about.

The title is marked as generated (``ArticleInfo.title_generated``) so that a teacher knows to
check it: "Russia, NATO and Ukraine" for an untitled article about the three.
"""

from __future__ import annotations

import re
from collections import Counter

from questions.nlp import ParsedArticle

#: entity labels that name what an article is about
SUBJECT_LABELS = ("PERSON", "ORG", "GPE", "EVENT", "LAW")
#: a mention in the first paragraph counts this many times (the lead names the story's subjects)
LEAD_WEIGHT = 3
MAX_NAMES = 3
MAX_CHARS = 70


def generated_title(pa: ParsedArticle) -> str | None:
    """Up to three of the names mentioned most (the lead counts more), or None when the article
    names nothing twice."""
    counts: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    for p, doc in enumerate(pa.docs):
        for ent in doc.ents:
            if ent.label_ not in SUBJECT_LABELS:
                continue
            name = ent.text.strip().removeprefix("the ").removeprefix("The ").strip()
            if not name or not name[0].isupper():
                continue
            s, _e = pa.abs(p, ent)
            if pa.article.is_masked(s, s + len(ent.text)):
                continue
            counts[name] += LEAD_WEIGHT if p == 0 else 1
            first_seen.setdefault(name, s)
    # a surname mentioned alone counts for the full name ("Putin" -> "Vladimir Putin")
    for name in list(counts):
        fuller = [n for n in counts if n != name and n.endswith(" " + name)]
        if fuller:
            full = max(fuller, key=lambda n: counts[n])
            counts[full] += counts.pop(name)
    ranked = sorted(
        (n for n, c in counts.items() if c >= 2), key=lambda n: (-counts[n], first_seen.get(n, 0), n)
    )
    names: list[str] = []
    for n in ranked:
        if any(n in m or m in n or _initials(n) == m or _initials(m) == n for m in names):
            continue
        if len(", ".join([*names, n])) > MAX_CHARS:
            break
        names.append(n)
        if len(names) == MAX_NAMES:
            break
    if not names:
        return None
    names = [_with_article(n, pa.text) for n in names]
    title = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return title[0].upper() + title[1:]


def _initials(name: str) -> str:
    """ "United States" -> "US": a name and its acronym are one subject."""
    return "".join(w[0] for w in name.split() if w[:1].isupper())


def _with_article(name: str, text: str) -> str:
    """ "US" -> "the US" when the article mostly writes it so."""
    with_the = len(re.findall(rf"\bthe {re.escape(name)}\b", text))
    return f"the {name}" if with_the * 2 > len(re.findall(rf"\b{re.escape(name)}\b", text)) else name
