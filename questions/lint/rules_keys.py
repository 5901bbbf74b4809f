"""Rules on a question's key: a title or non-person as the key of a who-question, a name suffix
as an accepted answer, a role starting with a sentence adverb, a key its excerpts do not show.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from questions.bank import FALSE, Question, Source
from questions.build.text import (
    contains_words,
    overlaps,
    words,
)
from questions.extract.facts import trim_role
from questions.extract.people import ROLE_NOUNS
from questions.lint.common import Lint, _folded, _is_who, _role_text
from questions.lint.rules_choices import _not_a_person


def find_title_key(q: Question, lint: Lint) -> str | None:
    if not _is_who(q) or not q.answer.split():
        return None
    if q.answer.split()[-1].lower() in ROLE_NOUNS:
        return f"the key “{q.answer}” of a “who” question is a title, not a person's name"
    if q.kind == "role" and _not_a_person(q.answer, lint):  # a speaker may be an organisation
        return f"the key “{q.answer}” of a “who” question is not a person the article names"
    return None


NAME_SUFFIXES = frozenset("jr jr. sr sr. ii iii iv".split())


def _bad_accepted(a: str, answer: str) -> bool:
    """A suffix alone ("Jr"), or a first name with it ("James Jr" of "James Kennedy Jr")."""
    ws, first = a.lower().split(), answer.lower().split()[:1]
    return bool(ws) and ws[-1] in NAME_SUFFIXES and (len(ws) == 1 or (len(ws) == 2 and ws[:1] == first))


def find_bad_accepted(q: Question, lint: Lint) -> str | None:
    for a in q.accepted:
        if _bad_accepted(a, q.answer):
            return f"the accepted answer “{a}” is a name suffix, not a way of naming the person"
    return None


def mend_bad_accepted(q: Question, lint: Lint) -> Question | None:
    return replace(q, accepted=tuple(a for a in q.accepted if not _bad_accepted(a, q.answer)))


def find_role_adverb(q: Question, lint: Lint) -> str | None:
    role = _role_text(q)
    if role and trim_role(role) != role:
        return f"the role “{role}” starts with a word of the sentence, not of the role"
    return None


def mend_role_adverb(q: Question, lint: Lint) -> Question | None:
    role = _role_text(q)
    if not role:
        return None
    new = trim_role(role)
    if not new or len(new.split()) == 0:
        return None

    def fix(t: str) -> str:
        return t.replace(role, new)

    return replace(
        q,
        prompt=fix(q.prompt),
        answer=fix(q.answer),
        explanation=fix(q.explanation),
        choices=tuple(trim_role(c) if q.prompt.lower().startswith("how does") else c for c in q.choices),
        accepted=tuple(fix(a) for a in q.accepted),
    )


def _names(text: str, q: Question) -> tuple[int, int] | None:
    """Where ``text`` names the key: the key itself or a way of writing it (its surname, its first
    name), but not a short name that stands for someone else ("Osbourne" of "Sharon Osbourne"
    when the key is "Ozzy Osbourne")."""
    toks = q.answer.split()
    short = (toks[-1], toks[0]) if len(toks) >= 2 else ()
    for a in dict.fromkeys((q.answer, *q.accepted, *short)):
        if not a:
            continue
        for m in re.finditer(r"(?<![\w])" + re.escape(a) + r"(?![\w])", text):
            if a != q.answer and len(a.split()) == 1:
                before = re.search(r"(?:^|[\s(])([A-Z][a-z]+) $", text[: m.start()])
                after = re.match(r" ([A-Z][a-z]+)\b", text[m.end() :])
                other = [
                    g.group(1)
                    for g in (before, after)
                    if g and not contains_words(g.group(1), q.answer) and (g is after or g.start(1) > 0)
                ]
                if other:
                    continue  # another first name or surname: someone else
            return m.start(), m.end()
    return None


_SAID_BY = re.compile(r"^True or false\? According to the article, (?P<who>.+?) said “")
_GIVES = re.compile(r"the article gives (?P<who>.+?), not ")


def _keyed(q: Question) -> Question | None:
    """The question as one whose answer is the person it is about (a speaker's true/false
    statement is about the speaker the article gives), or None when it is not about a person."""
    if q.type == "true_false":
        said, gives = _SAID_BY.match(q.prompt), _GIVES.search(q.explanation)
        who = (gives.group("who") if gives else None) if q.answer == FALSE else (said and said.group("who"))
        return replace(q, answer=who, accepted=()) if q.kind == "speaker" and who else None
    if q.type == "list" or q.kind in ("demand", "date", "number"):
        return None
    return q


def find_unsupported_key(q: Question, lint: Lint) -> str | None:
    """The key (or a way of writing it) must stand in the question's own excerpts."""
    keyed = _keyed(q)
    if keyed is None:
        return None
    q = keyed
    if any(_names(s.text, q) for s in q.sources):
        return None
    # a quote attributed by a line of its own just after it ("Ann Lee, director of ..."), a line
    # that is not a sentence an excerpt may show
    if lint.text and q.sources:
        after = lint.text[q.sources[-1].end :]
        line = re.match(r"\s*\n\s*([^\n]{0,160})", after)
        if line and (hit := _names(line.group(1), q)) is not None and hit[0] <= 20:
            return None
    return f"the key “{q.answer}” does not stand in the question's excerpts, so nothing shows it is right"


#: how many sentences before (and after) its excerpt a person's name may stand to attribute it
ATTRIBUTION_REACH = 6


@lru_cache(maxsize=4096)
def _full_names_in(text: str, people: frozenset[str]) -> tuple[str, ...]:
    hay = _folded(text)
    full = (p for p in sorted(people) if len(p.split()) >= 2)
    return tuple(p for p in full if p.lower() in hay and contains_words(p, text))


def _other_person(text: str, q: Question, lint: Lint) -> bool:
    """``text`` names a person other than the key (by a full name of two words or more)."""
    key = set(words(q.answer))
    named = _full_names_in(text, lint.people)
    return any(not overlaps(p, q.answer) and not set(words(p)) <= key for p in named)


def mend_unsupported_key(q: Question, lint: Lint) -> Question | None:
    """Show the sentence that names the person, when it stands just before (or after) the excerpt."""
    keyed = _keyed(q)
    if q.kind not in ("speaker", "role") or not lint.sentences or not q.sources or keyed is None:
        return None
    asked, q = q, keyed
    first = q.sources[0]
    idx = next((i for i, (s, e) in enumerate(lint.sentences) if s <= first.start < e), None)
    if idx is None:
        return None
    order = [*range(idx - 1, max(idx - 1 - ATTRIBUTION_REACH, -1), -1), idx + 1]
    for i in order:
        if not 0 <= i < len(lint.sentences):
            continue
        s, e = lint.sentences[i]
        text = lint.text[s:e]
        where = _names(text, q)
        if where is None:
            if q.kind == "speaker" and i < idx and _other_person(text, q, lint):
                return None  # someone else is named closer to the quote: the key is not sure
            continue
        src = Source(s, e, text, (s + where[0], s + where[1]))
        srcs = (src, *q.sources) if s < first.start else (*q.sources, src)
        return replace(asked, sources=srcs)
    return None
