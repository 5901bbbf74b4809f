"""Text helpers shared by the builders: normalising, comparing and blanking answers."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

BLANK = "_____"
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "—": "-", "–": "-"})
STOPWORDS = frozenset(
    """a an the of in on at to for from by with and or but is are was were be been that this these
those it its as into than then so such any all no not do does did what which who whom when where why how would
could should will shall may might can s""".split()
)


@lru_cache(maxsize=65536)
def norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return re.sub(r"\s+", " ", text).strip().lower()


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", norm(text))


def content_words(text: str) -> list[str]:
    return [w for w in words(text) if w not in STOPWORDS]


def contains_words(needle: str, hay: str) -> bool:
    """True when ``needle`` stands in ``hay`` as whole words (case and quote style ignored)."""
    n, h = norm(needle), norm(hay)
    if not n or n not in h:  # the plain test first: most pairs share nothing
        return False
    return re.search(r"(?<![a-z0-9])" + re.escape(n) + r"(?![a-z0-9])", h) is not None


_DANGLING = frozenset("it them this these those he she they him her".split())
_NOT_AN_AIM = re.compile(r"^(?:want|wants|wanted|have to|has to|had to|need to|be able to)\b", re.I)


def fragment_demand(choice: str, answer: str) -> bool:
    """A demand choice that is no aim a party could have: a pronoun with nothing to refer to
    ("have it in spades"), a wish about wishing ("want to play games"), a verb with its object
    gone ("reduce to the role of …"), or a phrase of another shape than the key. The demand
    builder leaves such phrases out of its wrong choices, and the lint refuses them."""
    ws = re.findall(r"[A-Za-z'’-]+", choice)
    if not ws or _DANGLING & {w.lower() for w in ws} or _NOT_AN_AIM.match(choice):
        return True
    head, prep = (ws[0].lower(), ws[1].lower()) if len(ws) >= 2 else ("", "")
    if prep in ("to", "into", "onto") and head in ("reduce", "reduced", "turn"):
        return True
    # a noun-phrase key ("NATO's expansion") among verb phrases, or the reverse: told by the case
    # of a possessive or a capital at the start, the only shape a rule sees without a parser
    return _starts_with_name(choice) != _starts_with_name(answer)


def _starts_with_name(text: str) -> bool:
    first = text.split()[0] if text.split() else ""
    return first[:1].isupper() or first.lower() in ("the", "a", "an", "all") or "'s" in first or "’s" in first


def overlaps(a: str, b: str) -> bool:
    """Equal, or one contains the other (as the scorer and a student would see it)."""
    x, y = norm(a), norm(b)
    return x == y or x in y or y in x


@lru_cache(maxsize=65536)
def _content_set(text: str) -> frozenset[str]:
    return frozenset(content_words(text))


def similarity(a: str, b: str) -> float:
    """Share of content words in common (0..1), a cheap plausibility measure for distractors."""
    x, y = _content_set(a), _content_set(b)
    if not x or not y:
        return 0.0
    return len(x & y) / len(x | y)


def shorten(text: str, limit: int = 40) -> str:
    ws = text.split()
    if len(ws) <= limit:
        return text
    return " ".join(ws[:limit]) + " …"


def window(text: str, start: int, end: int, *, limit: int = 45) -> str:
    """At most ``limit`` words of ``text`` around [start, end), with ellipses where cut."""
    before = text[:start].split()
    after = text[end:].split()
    mid = text[start:end]
    if len(before) + len(after) + 1 <= limit:
        return text
    keep = (limit - 1) // 2
    b = before[-keep:]
    a = after[:keep]
    left = ("… " if len(b) < len(before) else "") + " ".join(b)
    right = " ".join(a) + (" …" if len(a) < len(after) else "")
    sep_l = " " if text[:start].endswith((" ", "\n")) else ""
    sep_r = " " if text[end:].startswith((" ", "\n")) else ""
    return f"{left}{sep_l}{mid}{sep_r}{right}".strip()


@lru_cache(maxsize=4096)
def predicate_quote(quote: str) -> bool:
    """The quoted words are a predicate with no subject: they start with a verb, an auxiliary, a
    "to" or a "not" ("corrected an injustice", "to be enjoined fairly", "could have given"), so
    that "Who said “…”?" asks about words that say nothing of what they were said of."""
    text = quote.strip().lstrip("\"“‘'(…. ")
    if not text[:1].islower() or len(text.split()) < 3:
        return False
    from questions.nlp import get_nlp  # the model only when a quotation needs it

    first = get_nlp()(text)[0]
    # "losing the network is …": a gerund is the subject of its own clause, not a predicate
    return (
        (first.pos_ in ("VERB", "AUX") and first.tag_ != "VBG") or first.tag_ == "TO" or first.dep_ == "neg"
    )
