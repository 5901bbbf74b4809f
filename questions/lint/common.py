"""What every lint rule shares: the word lists, :class:`Flaw`, :class:`Lint` (what the article
tells a rule), :class:`Rule`, and the helpers that mend a question (a choice fewer, asked as
short answer or as a cloze).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from questions.bank import Question
from questions.build.text import (
    BLANK,
    norm,
    overlaps,
    window,
    words,
)

#: a blank holding only these (with determiners) tests wording, not the story ("in a way")
GENERIC_NOUNS = frozenset(
    """way thing things man woman men women people person one ones lot lots kind sort part place point
case fact matter issue question day days time times year years something anything everything nothing
someone anyone everyone stuff situation moment end side idea bit reason""".split()
)
DETERMINERS = frozenset(
    "a an the this that these those his her its their our my your some any such another every each".split()
)
#: words of a choice that name an organisation or a thing, not a person
ORG_WORDS = frozenset(
    """party ministry council committee company corporation inc ltd plc office department agency
association union court government bank university police army commission parliament group club
league federation institute foundation authority board service services team
capital partners holdings securities investments research media energy airlines motors""".split()
)
#: a figure written in words ("nine thousand fans") is a number worth testing
NUMBER_WORDS = frozenset(
    """two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty
hundred hundreds thousand thousands million millions billion billions dozen dozens half""".split()
)
PRONOUNS = frozenset("he she it they him her them his its their hers theirs".split())
#: possessives resolve to a name or a "the ..." earlier in the same prompt ("Did Ann Lee sell her farm?")
POSSESSIVES = frozenset("his her its their".split())
#: words after an object "her" ("put her on the spot", "asked her to"); before a noun it is a possessive
OBJECT_FOLLOWERS = frozenset(
    "on to in at for with from by off out up down as that and or about into".split() + [""]
)
#: "X said it would …": the pronoun after a reporting verb is the subject named before it
REPORTING_VERBS = frozenset(
    "say said says claim claims claimed announce announced promise promised "
    "warn warned threaten threatened".split()
)
#: prompts whose own words (outside the quotes) must name who or what they ask about
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")
_DOUBLED = re.compile(r"(?<![.?!])([.?!])([”\"’')\]]?)\s*[.?!](?![.?!])")
MAX_TF_WORDS = 30
MIN_QUOTE_WORDS = 1
#: a quote shorter than this is asked only where its own sentence names who said it
SHORT_QUOTE_WORDS = 4
WHO_PROMPT = re.compile(r"^(?:who\b|which person\b)", re.I)


@dataclass(frozen=True, slots=True)
class Flaw:
    """One flaw found in a question: the rule's name and why it matters here."""

    rule: str
    reason: str


@dataclass(frozen=True, slots=True)
class Lint:
    """What the article tells the rules; empty for a question checked on its own."""

    text: str = ""
    #: every way the article names a person ("Ann Lee", "Lee")
    people: frozenset[str] = frozenset()
    #: sentence spans of the article, for the excerpt of a wrong choice's note
    sentences: tuple[tuple[int, int], ...] = ()


Finder = Callable[[Question, Lint], str | None]
Mender = Callable[[Question, Lint], Question | None]


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    looks_for: str
    find: Finder
    #: how the rule mends a question; a rule without one drops it
    mend: Mender | None = None

    @property
    def fix(self) -> str:
        return "drop" if self.mend is None else "mend"


# --- helpers --------------------------------------------------------------------------------------


def _locate(hay: str, needle: str) -> tuple[int, int] | None:
    """Where ``needle`` stands in ``hay`` (quote style, case and spacing ignored)."""
    if not needle.strip():
        return None
    parts = [re.escape(p) for p in needle.translate(_STRAIGHT).split()]
    pat = r"(?<![\w])" + r"\s+".join(parts) + r"(?![\w])"
    m = re.search(pat, hay.translate(_STRAIGHT), re.I)
    return (m.start(), m.end()) if m else None


_STRAIGHT = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


def _wrong(q: Question) -> list[str]:
    return [c for c in q.choices if c != q.answer]


#: a short answer longer than this is not one a student can type; a demand is answered in the
#: student's own words, so it may be longer
MAX_TYPED_WORDS = 8
MAX_TYPED_WORDS_BY_KIND = {"demand": 16}


def max_typed_words(kind: str) -> int:
    return MAX_TYPED_WORDS_BY_KIND.get(kind, MAX_TYPED_WORDS)


#: a blank longer than this is a phrase to copy, not a fact to recall; a demand, written in the
#: student's own words and scored for its gist, may be longer
MAX_BLANK_WORDS = 8
MAX_BLANK_WORDS_BY_KIND = {"demand": 20}


def max_blank_words(kind: str) -> int:
    return MAX_BLANK_WORDS_BY_KIND.get(kind, MAX_BLANK_WORDS)


def as_short_answer(q: Question) -> Question | None:
    """A multiple-choice question with too few honest choices, asked as short answer instead."""
    if len(q.answer.split()) > max_typed_words(q.kind) or BLANK in q.prompt:
        return None
    qid = q.id[:1] + hashlib.sha1(f"{q.id}|short_answer".encode()).hexdigest()[:11]
    return replace(q, id=qid, type="short_answer", choices=(), choice_notes=())


def as_cloze(q: Question) -> Question | None:
    """A multiple-choice question with too few honest choices and a long answer, asked as a blank
    in its own sentence, where the excerpt highlights the answer."""
    src = q.sources[0] if q.sources else None
    if src is None or src.highlight is None or BLANK in q.prompt:
        return None
    if len(q.answer.split()) > max_blank_words(q.kind):
        return None
    a, b = src.highlight[0] - src.start, src.highlight[1] - src.start
    if norm(src.text[a:b]) != norm(q.answer):
        return None
    blanked = src.text[:a] + BLANK + src.text[b:]
    i = blanked.find(BLANK)
    text = re.sub(r"\s+", " ", window(blanked, i, i + len(BLANK), limit=40)).strip()
    qid = q.id[:1] + hashlib.sha1(f"{q.id}|cloze".encode()).hexdigest()[:11]
    prompt = f"Fill in the blank: “{text}”"
    return replace(q, id=qid, type="cloze", prompt=prompt, choices=(), choice_notes=())


def _without(q: Question, bad: Sequence[str]) -> Question | None:
    """The multiple-choice question without the ``bad`` choices, if three choices remain, else
    as short answer."""
    if q.type != "multiple_choice":
        return None
    keep = tuple(c for c in q.choices if c == q.answer or c not in bad)
    if q.answer not in keep:
        return None
    if len(keep) < 3:
        return as_short_answer(q) or as_cloze(q)
    notes = tuple(n for n in q.choice_notes if n.choice in keep)
    return replace(q, choices=keep, choice_notes=notes)


def _is_who(q: Question) -> bool:
    return bool(WHO_PROMPT.match(q.prompt)) and q.kind in ("speaker", "role")


def _blank_answer(q: Question) -> bool:
    return q.type == "cloze" or (q.type == "multiple_choice" and BLANK in q.prompt)


def _statement(q: Question) -> str:
    return re.sub(r"^True or false\?\s*", "", q.prompt)


def _role_text(q: Question) -> str | None:
    """The role a role question is about: its answer ("How does ...?") or its quoted words."""
    if q.kind != "role":
        return None
    if q.prompt.lower().startswith("how does"):
        return q.answer
    m = re.search(r"“([^”]+)”", q.prompt)
    return m.group(1) if m else None


def _acronym(text: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w'’-]*", text) if w[0].isupper())


def is_alias(choice: str, answer: str, accepted: Sequence[str] = ()) -> bool:
    """A choice that is another way of writing the answer ("UK" for "United Kingdom")."""
    if overlaps(choice, answer) or any(norm(choice) == norm(a) for a in accepted):
        return True
    c, a = re.sub(r"[.\s]", "", choice), re.sub(r"[.\s]", "", answer)
    for short, long in ((c, answer), (a, choice)):
        if 2 <= len(short) <= 6 and short.isupper() and len(long.split()) >= 2:
            if short == _acronym(re.sub(r"^the\s+", "", long, flags=re.I)):
                return True
    return False


# --- the rules: find (and mend) -------------------------------------------------------------------


@lru_cache(maxsize=8)
def _stems(text: str) -> frozenset[str]:
    return frozenset(w[:5] for w in words(text))


@lru_cache(maxsize=8)
def _folded(text: str) -> str:
    """The text with straight quotes, in lower case: same length, for a fast ``find``."""
    return text.translate(_STRAIGHT).lower()
