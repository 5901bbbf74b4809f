"""Grading answers, tolerantly: case, accents, punctuation, word order of dates, small typos and the
bank's accepted variants. Numbers must match exactly: "2015" is not a typo of "2014".

Pure functions of a :class:`questions.Question` and the response; no database, no Flask.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

import questions as qs

#: the most characters a typed answer may have; the form says so too
MAX_RESPONSE = 300
MAX_LIST_RESPONSE = 2000

_ARTICLES = ("the ", "a ", "an ")
_STOPWORDS = frozenset(
    "a an the of to in on for from and or with by at as its it is be that this their his her our "
    "all any be was were are".split()
)
_NUMBER_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "thousand": 1000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
}
_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for name in names
}


@dataclass(frozen=True)
class Grade:
    """How an answer was judged. ``credit`` is 0..1; a list question earns a share per item."""

    correct: bool
    credit: float
    #: accepted although not exactly right (a small typo, a surname alone, another date format)
    near: bool = False
    #: for a list question, the items named and the items missed
    matched: tuple[str, ...] = ()
    missed: tuple[str, ...] = ()
    note: str | None = None
    extra: dict[str, object] = field(default_factory=dict)

    def to_detail(self) -> dict[str, object]:
        return {
            "near": self.near,
            "matched": list(self.matched),
            "missed": list(self.missed),
            "note": self.note,
        }


def normalise(text: str) -> str:
    """Lower case, no accents, punctuation as spaces, single spaces, no leading article."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.casefold().replace("’", "'").replace("'s ", " ").replace("'", "")
    text = re.sub(r"[^\w]+", " ", text).strip()
    text = re.sub(r"\s+", " ", text)
    for article in _ARTICLES:
        if text.startswith(article) and len(text) > len(article):
            text = text[len(article) :]
            break
    return text


def _numbers_to_digits(text: str) -> str:
    """ "twelve" -> "12", "twenty one" -> "21": people type numbers either way."""
    out: list[str] = []
    total: int | None = None
    for word in text.split():
        value = _NUMBER_WORDS.get(word)
        if value is None:
            if total is not None:
                out.append(str(total))
                total = None
            out.append(word)
            continue
        if total is None:
            total = value
        elif value in (100, 1000, 1_000_000, 1_000_000_000):
            total *= value
        else:
            total += value
    if total is not None:
        out.append(str(total))
    return " ".join(out)


def _digits(text: str) -> list[str]:
    return re.findall(r"\d+", text)


def _date_parts(text: str) -> tuple[int | None, int | None, int | None]:
    """(year, month, day) named in a short date such as "January 26", "26 Jan 2022" or "2014"."""
    year = month = day = None
    for word in normalise(text).split():
        if word in _MONTHS and month is None:
            month = _MONTHS[word]
        elif word.isascii() and word.isdigit():
            n = int(word.lstrip("0") or "0")
            if len(word) == 4 and 1000 <= n <= 2999:
                year = n
            elif 1 <= n <= 31 and day is None:
                day = n
        elif re.fullmatch(r"\d{1,2}(st|nd|rd|th)", word):
            day = int(re.sub(r"\D", "", word))
    iso = re.search(r"(\d{4})-(\d{2})(?:-(\d{2}))?", text)
    if iso:
        year, month = int(iso.group(1)), int(iso.group(2))
        day = int(iso.group(3)) if iso.group(3) else None
    return year, month, day


def _same_date(response: str, target: str) -> bool:
    want = _date_parts(target)
    got = _date_parts(response)
    if want == (None, None, None):
        return False
    # every part the answer names must be given and equal; a year the answer leaves out may be given
    return all(w is None or w == g for w, g in zip(want, got, strict=True)) and all(
        g is not None for w, g in zip(want, got, strict=True) if w is not None
    )


def _typo_budget(length: int) -> int:
    if length < 4:
        return 0
    if length <= 6:
        return 1
    if length <= 14:
        return 2
    return 3


def _close(response: str, target: str) -> bool:
    """Equal but for a small typo, with every number exactly as in the target."""
    if _digits(response) != _digits(target):
        return False
    letters_r = re.sub(r"\d+", "#", response)
    letters_t = re.sub(r"\d+", "#", target)
    return Levenshtein.distance(letters_r, letters_t) <= _typo_budget(len(letters_t))


#: words that make a name an organisation's, not a person's ("Coalition for Safer Roads",
#: "Harbour Traders Association")
_ORG_WORDS = frozenset(
    """for of and & the on in against without association agency alliance authority bank board
    campaign charity club coalition college commission committee company corporation council court
    department federation foundation fund government group inc institute league ltd ministry movement
    network office organisation organization parliament party plc police press school service society
    trust union university""".split()
)


def _person_like(name: str) -> bool:
    """The name reads like a person's: no word of it is one organisations' names are made of."""
    return not any(w.lower().strip(".,") in _ORG_WORDS for w in name.split())


def match_typed(response: str, targets: list[str], *, kind: str = "") -> tuple[bool, bool]:
    """(accepted, near): is the typed ``response`` one of ``targets``, allowing for the usual slips?"""
    resp = _numbers_to_digits(normalise(response))
    if not resp:
        return False, False
    norm_targets = [_numbers_to_digits(normalise(t)) for t in targets if t and t.strip()]
    if resp in norm_targets:
        return True, False
    if kind == "date" and any(_same_date(response, t) for t in targets):
        return True, True
    if any(_close(resp, t) for t in norm_targets):
        return True, True
    if kind == "number" and any(t.isdigit() and _digits(resp) == [t] for t in norm_targets):
        return True, True  # "12 nations" for "12"
    if kind == "speaker":
        # a surname alone names a speaker well enough: "Stoltenberg" for "Jens Stoltenberg"; but
        # no word of an organisation names it ("Roads" for "Coalition for Safer Roads")
        for t in (t for t in targets if _person_like(t)):
            words = _numbers_to_digits(normalise(t)).split()
            if len(words) >= 2 and len(words[-1]) >= 4 and _close(resp, words[-1]):
                return True, True
    return False, False


def _content_words(text: str) -> list[str]:
    return [w for w in _numbers_to_digits(normalise(text)).split() if w not in _STOPWORDS and len(w) > 1]


def item_score(part: str, item: str) -> float:
    """How well a typed ``part`` names a list ``item``: the share of the item's key words present."""
    words = _content_words(item)
    said = _content_words(part)
    if not words or not said:
        return 0.0
    if fuzz.ratio(" ".join(said), " ".join(words)) >= 85:
        return 1.0
    found = 0
    for w in words:
        budget = _typo_budget(len(w))
        if any(
            s == w
            or (not w.isdigit() and Levenshtein.distance(s, w) <= min(budget, 1))
            or (len(w) >= 6 and (s.startswith(w[:5]) and w.startswith(s[:5])))
            for s in said
        ):
            found += 1
    return found / len(words)


def _needed(n_words: int) -> float:
    """The share of an item's key words an answer must name to count."""
    if n_words <= 2:
        return 1.0 if n_words == 1 else 0.5
    need = math.ceil(0.5 * n_words) if n_words <= 4 else math.ceil(0.4 * n_words)
    return need / n_words


def split_items(response: str) -> list[str]:
    """The parts of a list answer: one per line, or separated by semicolons, or else by commas."""
    parts = [p.strip(" -•*\t") for p in re.split(r"[\n;]+", response)]
    parts = [p for p in parts if p]
    if len(parts) == 1 and "," in parts[0]:
        parts = [p.strip() for p in parts[0].split(",") if p.strip()]
    return parts


def grade_list(question: qs.Question, response: str) -> Grade:
    items = list(question.items) or [question.answer]
    parts = split_items(response)
    # best pairs first, each part naming at most one item
    pairs = sorted(
        ((item_score(p, it), i, j) for i, it in enumerate(items) for j, p in enumerate(parts)), reverse=True
    )
    used_items: set[int] = set()
    used_parts: set[int] = set()
    for score, i, j in pairs:
        if i in used_items or j in used_parts:
            continue
        if score >= _needed(len(_content_words(items[i]))) - 1e-9:
            used_items.add(i)
            used_parts.add(j)
    matched = tuple(items[i] for i in sorted(used_items))
    missed = tuple(it for i, it in enumerate(items) if i not in used_items)
    credit = len(matched) / len(items)
    return Grade(
        correct=not missed,
        credit=credit,
        matched=matched,
        missed=missed,
        note=f"{len(matched)} of {len(items)} named" if items else None,
    )


def grade(question: qs.Question, response: str) -> Grade:
    """Judge ``response`` to ``question``."""
    response = (response or "").strip()
    if question.type == "list":
        return grade_list(question, response)
    credit = {p.answer: p.credit for p in question.partial}
    if question.choices and question.type in ("multiple_choice", "true_false"):
        right = response == question.answer or (
            question.type == "true_false" and response.casefold() == question.answer.casefold()
        )
        return Grade(correct=right, credit=1.0) if right else _partly(credit.get(response, 0.0))
    if question.choices and response in question.choices:
        right = response == question.answer
        return Grade(correct=right, credit=1.0) if right else _partly(credit.get(response, 0.0))
    targets = [question.answer, *question.accepted]
    if question.value and question.kind in ("number", "date"):
        targets.append(question.value)
    ok, near = match_typed(response, targets, kind=question.kind)
    if not ok:
        # the best of the answers worth part of the point that this response matches, as tolerantly
        worth = [
            p.credit for p in question.partial if match_typed(response, [p.answer], kind=question.kind)[0]
        ]
        if worth:
            return _partly(max(worth))
    return Grade(
        correct=ok,
        credit=1.0 if ok else 0.0,
        near=near,
        note="Accepted, though not written exactly as in the article." if near else None,
    )


def _partly(credit: float) -> Grade:
    """A wrong answer, or one the question gives part of the point for (``credit`` between 0 and 1)."""
    if credit <= 0:
        return Grade(correct=False, credit=0.0)
    return Grade(correct=False, credit=credit, note=f"This answer earns {credit:.0%} of the point.")
