"""Date resolution: what a date mention's text is (its style) and the ISO date it stands for,
given the article's publication date, the tense of its event and an anchoring full date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from typing import TypeVar

from spacy.tokens import Span

from questions.extract.clauses import governing_verb

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen "
        "seventeen eighteen nineteen twenty".split()
    )
}
NUMBER_WORDS.update({"a": 1, "an": 1, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100})

_MON = (
    r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
    r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "month_day_year",
        re.compile(rf"^{_MON}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})$", re.I),
    ),
    (
        "day_month_year",
        re.compile(rf"^(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON},?\s+(?P<year>\d{{4}})$", re.I),
    ),
    ("month_year", re.compile(rf"^{_MON},?\s+(?:of\s+)?(?P<year>\d{{4}})$", re.I)),
    ("month_day", re.compile(rf"^{_MON}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?$", re.I)),
    ("day_month", re.compile(rf"^(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON}$", re.I)),
    ("month", re.compile(rf"^{_MON}$", re.I)),
    ("year", re.compile(r"^(?P<year>1[5-9]\d\d|20\d\d)$")),
    ("decade", re.compile(r"^(?:the\s+)?(?P<year>1[5-9]\d0|20\d0)s$", re.I)),
    ("weekday", re.compile(r"^(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$", re.I)),
    ("iso", re.compile(r"^(?P<year>\d{4})-(?P<m>\d{2})-(?P<day>\d{2})$")),
    # ranges: "6 to 9 January", "March 3-5", "2007-2013", "1979-80"; the value is where they end
    (
        "day_range",
        re.compile(
            rf"^(?P<d1>\d{{1,2}})\s*(?:-|–|to)\s*(?P<day>\d{{1,2}})\s+{_MON}(?:,?\s+(?P<year>\d{{4}}))?$",
            re.I,
        ),
    ),
    (
        "day_range",
        re.compile(
            rf"^{_MON}\s+(?P<d1>\d{{1,2}})\s*(?:-|–|to)\s*(?P<day>\d{{1,2}})(?:,?\s+(?P<year>\d{{4}}))?$",
            re.I,
        ),
    ),
    (
        "year_range",
        re.compile(r"^(?P<y1>1[5-9]\d\d|20\d\d)\s*(?:-|–|to)\s*(?P<year>1[5-9]\d\d|20\d\d|\d\d)$"),
    ),
]
RANGE_STYLES = ("day_range", "year_range")
#: a clock time before "on <weekday>": "0400 GMT", "10am", "4:30 p.m. ET", "noon"
_CLOCK = (
    r"(?:\d{1,2}(?:[:.]\d{2})?\s*[ap]\.?m\.?|\d{1,2}[:.]\d{2}|\d{4}\s*(?:GMT|BST|UTC|hrs)|noon|midnight)"
    r"(?:\s*(?:GMT|BST|UTC|[ECMP][SD]?T)\b)?"
)
#: words around a date that belong to the answer ("the end of October", "spring 2006",
#: "next May", "mid-September", "Sunday night"): the question asks for the whole phrase
KEPT_PREFIX = re.compile(
    r"^(?:(?:the\s+)?(?:early|late|mid)(?:-|\s+)|(?:the\s+)?(?:end|start|beginning|middle|turn)\s+of\s+(?:the\s+)?"
    rf"|{_CLOCK}\s+on\s+"
    r"|(?:last|this|next|coming)\s+|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+(?=(?-i:[A-Z0-9]))|(?:the\s+)?(?:spring|summer|autumn|fall|winter)\s+(?:of\s+)?)",
    re.I,
)
KEPT_SUFFIX = re.compile(r"\s+(?:morning|afternoon|evening|night)$", re.I)
_DURATION = re.compile(
    r"^(?P<n>\d+|[a-z]+)\s+(?P<unit>year|month|week|day|decade)s?(?:\s+(?P<rel>later|earlier|ago|on))?$", re.I
)
_PREFIX = re.compile(r"^(?:(?:pre|post)-|the\s+)", re.I)
_LEAD = re.compile(r"^(?:on|in|since|by|from|until|till|during|at|before|after)\s+", re.I)


def split_affixes(text: str) -> tuple[str, str, str]:
    """(prefix, core date, suffix) of a date answer: "the end of October" -> ("the end of ", "October",
    "")."""
    pre = KEPT_PREFIX.match(text)
    p = pre.group(0) if pre else ""
    rest = text[len(p) :]
    suf = KEPT_SUFFIX.search(rest)
    x = suf.group(0) if suf and classify(rest[: suf.start()]) else ""
    core = rest[: len(rest) - len(x)]
    if not classify(core):
        return "", text, ""
    return p, core, x


RELATIONS = {"after": 1, "later": 1, "before": -1, "earlier": -1, "ago": -1, "prior": -1}


def classify(text: str) -> tuple[str, re.Match[str]] | None:
    for style, pat in PATTERNS:
        m = pat.match(text)
        if m:
            return style, m
    return None


def _month(m: re.Match[str]) -> int:
    return MONTHS[m.group("mon").lower().rstrip(".")[:3] if m.group("mon").lower()[:4] != "sept" else "sept"]


def resolve(
    style: str, m: re.Match[str], pub: dt.date | None, anchor: dt.date | None = None, tense: str | None = None
) -> str | None:
    """The ISO value (YYYY, YYYY-MM or YYYY-MM-DD) of a matched date, where the text allows.

    A date without a year takes the year that puts it nearest the publication date, on the
    side its verb's tense says ("was sent in December" is the December before; "will vote on
    December 7" the one after)."""
    try:
        if style == "year_range":
            y1, y2 = m.group("y1"), m.group("year")
            return y1[:2] + y2 if len(y2) == 2 else y2
        if style == "day_range":
            if m.group("year"):
                return dt.date(int(m.group("year")), _month(m), int(m.group("day"))).isoformat()
            style = "month_day"
        if style in ("month_day_year", "day_month_year"):
            return dt.date(int(m.group("year")), _month(m), int(m.group("day"))).isoformat()
        if style == "iso":
            return dt.date(int(m.group("year")), int(m.group("m")), int(m.group("day"))).isoformat()
        if style == "month_year":
            return f"{int(m.group('year')):04d}-{_month(m):02d}"
        if style in ("year", "decade"):
            return m.group("year")
        if style in ("month_day", "day_month") and pub:
            mon, day = _month(m), int(m.group("day"))
            options = []
            for y in (pub.year - 1, pub.year, pub.year + 1):
                try:
                    options.append(dt.date(y, mon, day))
                except ValueError:  # 29 February
                    continue
            return _nearest(options, pub, tense, key=lambda d: d).isoformat()
        if style == "month" and pub:
            mon = _month(m)
            months = [(y, mon) for y in (pub.year - 1, pub.year, pub.year + 1)]
            y, mo = _nearest(months, (pub.year, pub.month), tense, key=lambda x: x)
            return f"{y:04d}-{mo:02d}"
        if style == "weekday":
            wd = WEEKDAYS[m.group("wd").lower()]
            if anchor is not None:
                options = [anchor + dt.timedelta(days=k) for k in range(-6, 7)]
                options = [d for d in options if d.weekday() == wd]
                return min(options, key=lambda d: (abs((d - anchor).days), d)).isoformat()
            if pub is not None:
                if tense == "future":
                    ahead = (wd - pub.weekday()) % 7 or 7
                    return (pub + dt.timedelta(days=ahead)).isoformat()
                back = (pub.weekday() - wd) % 7
                return (pub - dt.timedelta(days=back)).isoformat()
    except ValueError:
        return None
    return None


#: what _nearest chooses among: dates, or (year, month) pairs
_Option = TypeVar("_Option", dt.date, tuple[int, int])


def _nearest(
    options: list[_Option], pub: _Option, tense: str | None, *, key: Callable[[_Option], _Option]
) -> _Option:
    """The option nearest ``pub``, on or before it for the past, on or after it for the future."""
    if tense == "past":
        options = [o for o in options if key(o) <= pub] or options
    elif tense == "future":
        options = [o for o in options if key(o) >= pub] or options

    def distance(o: _Option) -> int:
        k = key(o)
        if isinstance(k, dt.date):
            return abs((k - pub).days)
        return abs((k[0] * 12 + k[1]) - (pub[0] * 12 + pub[1]))

    return min(options, key=lambda o: (distance(o), key(o)))


_FUTURE_AUX = {"will", "shall", "'ll", "wo"}
_PAST_AUX = {"had", "did", "was", "were"}


def tense_of(ent: Span) -> str | None:
    """ "past", "future" or None (unknown: take the nearest date) for the event a date dates."""
    low = ent.text.lower()
    if re.match(r"^(?:last|previous)\b", low):
        return "past"
    if re.match(r"^(?:next|coming|upcoming)\b", low):
        return "future"
    verb = governing_verb(ent.root)
    if verb is None:
        return None
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if aux & _FUTURE_AUX or (verb.lower_ == "going" and any(c.dep_ == "xcomp" for c in verb.children)):
        return "future"
    if any(
        c.lower_ in ("due", "set", "expected", "scheduled") and c.dep_ in ("acomp", "oprd", "xcomp")
        for c in verb.children
    ) or verb.lower_ in ("due", "scheduled", "expected"):
        return "future"
    if aux & _PAST_AUX or (verb.tag_ == "VBD" and not aux):
        return "past"
    return None


def _shift(value: str, n: int, unit: str) -> str | None:
    year = int(value[:4])
    if unit in ("year", "decade"):
        return f"{year + n * (10 if unit == 'decade' else 1):04d}"
    if len(value) >= 7:
        month = year * 12 + int(value[5:7]) - 1 + (n if unit == "month" else 0)
        if unit == "month":
            return f"{month // 12:04d}-{month % 12 + 1:02d}"
        if len(value) == 10:
            d = dt.date.fromisoformat(value) + dt.timedelta(days=n * (7 if unit == "week" else 1))
            return d.isoformat()
    return None


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word.lower())
