"""People's names as typed: display names and classroom nicknames.

NFKC folds compatibility forms (fullwidth letters, ligatures, superscripts) into the plain letters they
show; format and control characters (right-to-left overrides such as U+202E, zero-width spaces and
joiners) are refused, since they change how a name and the text after it are shown without being seen.
Two names are the same when their *skeletons* are: each character replaced by the Latin letter it
looks like (from Unicode's confusables data, via confusable-homoglyphs), then case-folded, so
"Anna" and Cyrillic "Аnna" cannot sit side by side in a session.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from confusable_homoglyphs import confusables

#: control, format (bidi controls, zero-width characters), surrogate, private-use and unassigned
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
INVISIBLE_MESSAGE = "A name cannot contain control or invisible characters."


def normalise_name(raw: str | None) -> str:
    """NFKC, single spaces, no spaces at the ends."""
    return " ".join(unicodedata.normalize("NFKC", raw or "").split())


def has_invisible(text: str) -> bool:
    return any(unicodedata.category(c) in INVISIBLE_CATEGORIES for c in text)


def name_problem(raw: str | None) -> str | None:
    """Why a display name is refused, worded for the user; None when acceptable (empty is acceptable:
    the caller picks a default)."""
    if has_invisible(unicodedata.normalize("NFKC", raw or "")):
        return INVISIBLE_MESSAGE
    return None


@cache
def _looks_like(char: str) -> str:
    found = confusables.is_confusable(char, preferred_aliases=["latin"], greedy=False)
    if found and found[0].get("homoglyphs"):
        return str(found[0]["homoglyphs"][0]["c"])
    return char


def skeleton(name: str) -> str:
    """The name as it looks: each character replaced by the Latin character it is confused with, case-
    folded. Equal skeletons mean two names a reader cannot tell apart."""
    text = normalise_name(name)
    return "".join(c if c.isascii() else _looks_like(c) for c in text).casefold()
