"""Rules on what a question's excerpts must show for a reader to check its key: the words that
attribute a quotation to its speaker, and the words that name the party of a demand.

A speaker question's quotation is attributed in its own sentence ("…," she said), or by the
sentences before it that the excerpts also show ("He added:" then the quotation; a quotation that
goes on from one attributed just before). A demand question names its party in an excerpt.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace
from functools import lru_cache

from questions.bank import Question, Source
from questions.build.text import BLANK, STOPWORDS, contains_words, words
from questions.lint.common import Lint
from questions.lint.rules_keys import _keyed
from questions.lint.rules_people import SPEECH

#: words that make the quoted words someone's own (the speech verbs, and "expressed her anger at …")
SAYING = SPEECH | frozenset("express expresses expressed voice voiced voices".split())
#: how many sentences back the words that attribute a quotation (or name a party) may stand
SHOWN_REACH = 6
_OPENERS = "“"
_CLOSERS = "”"


@lru_cache(maxsize=512)
def _outside_quotes(text: str) -> str:
    """The words of a paragraph (or sentence) outside its quotation marks, others blanked; a
    quotation reopened without being closed (the news convention) runs on."""
    out, inside = [], False
    for i, ch in enumerate(text):
        prev = text[i - 1] if i else " "
        nxt = text[i + 1] if i + 1 < len(text) else " "
        # a mark after a space opens a quotation even when one is open: news style reopens a
        # quotation for each sentence without closing the last one
        if ch in _OPENERS or (ch == '"' and (prev.isspace() or prev in "([—–-:") and not nxt.isspace()):
            inside = True
            out.append(" ")
            continue
        if ch in _CLOSERS or (ch == '"' and inside):
            inside = False
            out.append(" ")
            continue
        out.append(" " if inside else ch)
    return "".join(out)


def _paragraph(text: str, at: int) -> tuple[int, int]:
    a = text.rfind("\n", 0, at) + 1
    b = text.find("\n", at)
    return a, len(text) if b < 0 else b


def _said_in(lint: Lint, a: int, b: int) -> str:
    """What the sentence [a, b) says outside quotation marks, read in its paragraph."""
    pa, pb = _paragraph(lint.text, a)
    return _outside_quotes(lint.text[pa:pb])[a - pa : b - pa]


def _attributes(outside: str, q: Question) -> bool:
    """Words outside the quotes that attribute it: a speech verb, a colon that introduces it, or
    the speaker's name right by it (",” Ann Lee, mayor")."""
    ws = set(words(outside))
    if ws & SAYING or outside.rstrip().endswith(":"):
        return True
    return any(w in ws for w in words(q.answer) if len(w) > 2 and w not in STOPWORDS)


def _someone_else(outside: str, q: Question, lint: Lint) -> bool:
    """The attributing words name another person and not the key: "Ann Lee said the plan was
    sound." before a quotation keyed to Tom Reed."""
    key = {w for w in words(q.answer) if len(w) > 2}
    if key & set(words(outside)):
        return False
    return any(
        len(p.split()) >= 2 and not key & set(words(p)) and contains_words(p, outside) for p in lint.people
    )


def _name_words(q: Question) -> set[str]:
    return {w for w in words(q.answer) if len(w) > 2 and w not in STOPWORDS}


def _quote_words(q: Question) -> str | None:
    m = re.search(r"“(.+)”", q.prompt)
    if q.kind != "speaker" or not m or q.prompt.startswith("Who posted"):
        return None
    parts = [p.strip(" .,;:?!") for p in re.split(re.escape(BLANK) + r"|…", m.group(1))]
    longest = max(parts, key=len, default="")
    return longest if len(longest) >= 8 else None


def _sentence_index(lint: Lint, at: int) -> int | None:
    starts = [a for a, _b in lint.sentences]
    i = bisect.bisect_right(starts, at) - 1
    return i if 0 <= i < len(lint.sentences) and at < lint.sentences[i][1] else None


def _attribution(q: Question, lint: Lint) -> tuple[int | None, list[int]]:
    """The sentence that attributes a speaker question's quotation (None when none does within
    reach) and the sentences from it to the quotation that the excerpts do not show."""
    quote = _quote_words(q)
    if quote is None:
        return None, []
    said = " ".join(words(quote))
    src = next((s for s in q.sources if said in " ".join(words(s.text))), None)
    i = _sentence_index(lint, src.start) if src is not None else None
    if src is None or i is None:
        return NOT_SEEN, []  # no excerpt shows the quotation: a matter for other rules
    if _attributes(src.text.replace(quote, " "), q) and not set(words(quote)) >= _name_words(q):
        # an excerpt that holds the quotation beside its speaker's name (a post and its author)
        return i, []
    if _signed(q, lint, _paragraph(lint.text, src.start)[1]) is not None:
        # a signature line: a line of metadata, which an excerpt never shows (it is no sentence)
        return i, []
    missing: list[int] = []
    for k in range(i, max(i - SHOWN_REACH, -1), -1):
        a, b = lint.sentences[k]
        outside = _said_in(lint, a, b)
        if k != i and not any(s.start <= a < s.end for s in q.sources):
            missing.append(k)
        if _attributes(outside, q):
            return (None, []) if _someone_else(outside, q, lint) else (k, missing)
        if re.search(r"\w", outside):
            return None, []  # the article's own words between: the quotation is not attributed
    return None, []


#: the quotation is in none of the excerpts
NOT_SEEN = -1


def _signed(q: Question, lint: Lint, end: int) -> tuple[int, int] | None:
    """A line of its own right after the quotation's paragraph that names the speaker ("Professor
    Ann Lee, director of the Kelby Observatory"): the span of that line."""
    m = re.match(r"[ \t]*\n[ \t]*([^\n]{3,160})", lint.text[end:])
    if not m:
        return None
    line = m.group(1).rstrip()
    if len(line.split()) > 20 or line.endswith((".", "?", "!", '"', "”")):
        return None
    if not _name_words(q) & set(words(line.split(",")[0])):
        return None
    return end + m.start(1), end + m.start(1) + len(line)


_COMPLETE = re.compile(r"^Complete what (?P<who>.+?) said: “")


def _speaker_keyed(q: Question) -> Question:
    """The question with the speaker as its answer (a true/false statement's real speaker, the
    name in "Complete what X said")."""
    m = _COMPLETE.match(q.prompt)
    if m and q.kind == "speaker":
        return replace(q, answer=m.group("who"), accepted=())
    return _keyed(q) or q


def find_attribution_hidden(q: Question, lint: Lint) -> str | None:
    q = _speaker_keyed(q)
    if not lint.text or not lint.sentences or _quote_words(q) is None:
        return None
    at, missing = _attribution(q, lint)
    if at == NOT_SEEN:
        return None
    if at is None:
        return (
            "no excerpt shows who said the quotation: it is attributed by no speech verb or speaker near it"
        )
    if missing:
        return "the excerpts show the quotation but not the words that attribute it to its speaker"
    return None


def mend_attribution_hidden(q: Question, lint: Lint) -> Question | None:
    at, missing = _attribution(_speaker_keyed(q), lint)
    if at is None or at == NOT_SEEN:
        return None
    added = [Source(a, b, lint.text[a:b]) for a, b in (lint.sentences[k] for k in missing)]
    return replace(q, sources=tuple(sorted((*q.sources, *added), key=lambda s: s.start)))


# --- the party of a demand -----------------------------------------------------------------------

_PARTY = re.compile(
    r"^(?:According to [^,]+, )?(?:What (?:else )?(?:did|was|is|were|does) "
    r"|Which of these was (?:also |one more )?(?:among |of |NOT among (?:what |the demands of )?)"
    r"|Name (?:what |the demands of ))"
    r"(?P<party>.+)$",
    re.I,
)
_LOWER_LEAD = re.compile(r"^(?:the |a |an )?(?P<noun>[a-z][\w-]*(?: [a-z][\w-]*)?)")


def _party_words(q: Question) -> list[str]:
    """The words of a demand question that name its party: the capitalised run after "What did"
    ("Steven Gerrard", "PG&E"), or the noun of "the doctors"."""
    if q.kind != "demand":
        return []
    m = _PARTY.match(q.prompt)
    if not m:
        return []
    rest = m.group("party")
    rest = re.sub(r"^(?:more of |one more of |also among |one of |another of |some of )", "", rest)
    caps = re.match(r"(?:(?:the |Rep\. |Sen\. )?(?:[A-Z][\w&.'’-]*\s?)+)", rest)
    if caps and re.search(r"[A-Z]", caps.group(0)):
        name = re.sub(r"['’]s$", "", caps.group(0).strip())
        return [
            w for w in name.split() if w[:1].isupper() and w.lower().strip(".") not in ("rep", "sen", "the")
        ]
    low = _LOWER_LEAD.match(rest)
    return [low.group("noun").split()[0]] if low else []


def _names_party(text: str, party: list[str]) -> bool:
    return any(contains_words(w, text) for w in party)


def _party_sentence(q: Question, lint: Lint, party: list[str]) -> int | None:
    if not q.sources:
        return None
    i = _sentence_index(lint, q.sources[0].start)
    if i is None:
        return None
    found = _sentence_index(lint, q.sources[-1].start)
    last: int = i if found is None else found
    # before the excerpts, nearest first; then the line or two after (a post's author)
    order: list[int] = [*range(i - 1, max(i - 1 - SHOWN_REACH, -1), -1), last + 1, last + 2]
    for k in order:
        if not 0 <= k < len(lint.sentences):
            continue
        a, b = lint.sentences[k]
        if _names_party(_said_in(lint, a, b), party):
            return k
    return None


def find_party_hidden(q: Question, lint: Lint) -> str | None:
    party = _party_words(q)
    if not party or any(_names_party(s.text, party) for s in q.sources):
        return None
    return f"no excerpt names “{' '.join(party)}”, whose demand the question asks about"


def _signature(q: Question, lint: Lint, party: list[str]) -> tuple[int, int] | None:
    """A short line just after the excerpts that names the party: a post's author ("— Ann Lee
    (@annlee) May 2, 2019")."""
    at = max(s.end for s in q.sources)
    for m in re.finditer(r"\n[ \t]*([^\n]+)", lint.text[at : at + 600]):
        line = m.group(1).strip()
        if len(line.split()) <= 20 and line[:1] in "—–-" and _names_party(line, party):
            start = at + m.start(1)
            return start, start + len(m.group(1).rstrip())
    return None


def mend_party_hidden(q: Question, lint: Lint) -> Question | None:
    party = _party_words(q)
    k = _party_sentence(q, lint, party) if lint.sentences else None
    span = lint.sentences[k] if k is not None else (_signature(q, lint, party) if q.sources else None)
    if span is None:
        return None
    a, b = span
    return replace(
        q, sources=tuple(sorted((Source(a, b, lint.text[a:b]), *q.sources), key=lambda s: s.start))
    )
