"""Dates: full, partial and relative, each tied to the event it dates and resolved to ISO.

"January 26" in an article published 2022-02-14 is 2022-01-26; "December" is the last
December before publication; "Wednesday" is the Wednesday nearest the last full date of its
paragraph (or the one before publication); "two years after <event dated December 2021>" is
2019; "post-1997" asks about 1997.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from questions.extract.clauses import governing_verb, prep_phrase, subject_of, wh_question
from questions.facts import Fact
from questions.nlp import ParsedArticle

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


def _nearest(options, pub, tense, *, key):  # type: ignore[no-untyped-def]
    """The option nearest ``pub``, on or before it for the past, on or after it for the future."""
    if tense == "past":
        options = [o for o in options if key(o) <= pub] or options
    elif tense == "future":
        options = [o for o in options if key(o) >= pub] or options

    def distance(o):  # type: ignore[no-untyped-def]
        k = key(o)
        if isinstance(k, dt.date):
            return abs((k - pub).days)
        return abs((k[0] * 12 + k[1]) - (pub[0] * 12 + pub[1]))

    return min(options, key=lambda o: (distance(o), key(o)))


_FUTURE_AUX = {"will", "shall", "'ll", "wo"}
_PAST_AUX = {"had", "did", "was", "were"}


def tense_of(ent) -> str | None:  # type: ignore[no-untyped-def]
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


def extract_dates(pa: ParsedArticle, **_: object) -> list[Fact]:
    pub = pa.article.published
    facts: list[Fact] = []
    for sent in pa.sentences:
        doc_sent = sent.span
        p = sent.para
        anchor_full: dt.date | None = None
        # the last full date earlier in the same paragraph anchors weekdays
        for prev in pa.sentences_of(p):
            if prev.index >= sent.index:
                break
            for f in facts:
                if prev.start <= f.span[0] < prev.end and f.value and len(f.value) == 10:
                    anchor_full = dt.date.fromisoformat(f.value)
        sentence_values: list[str] = []
        pending: list[tuple] = []
        for ent in date_mentions(doc_sent):
            s, e = pa.abs(p, ent)
            if pa.article.is_masked(s, e):
                continue
            raw = ent.text.strip()
            text = _LEAD.sub("", raw)
            lead = len(raw) - len(text)
            relation = ""
            pre, core, suf = split_affixes(text)
            if pre or suf:
                relation = "affix"
            else:
                prefix = _PREFIX.match(text)
                if prefix and classify(text[prefix.end() :]):
                    relation = prefix.group(0).lower().strip(" -")
                    lead += prefix.end()
                    text = text[prefix.end() :]
                core = text
            s2 = s + (pa.text[s:e].find(text) if text in pa.text[s:e] else lead)
            e2 = s2 + len(text)
            cls = classify(core)
            dur = _DURATION.match(text)
            if cls:
                style, m = cls
                value = resolve(style, m, pub, anchor_full, tense_of(ent))
                if style in ("month_day_year", "day_month_year", "iso") and value:
                    anchor_full = dt.date.fromisoformat(value)
                # a weekday with no publication date to resolve it is still a date to ask about
                pending.append((ent, text, (s2, e2), style, value, relation or None))
                if value:
                    sentence_values.append(value)
            elif dur:
                nxt = doc_sent.doc[ent.end] if ent.end < len(doc_sent.doc) else None
                word = (dur.group("rel") or (nxt.lower_ if nxt is not None else "")).lower()
                word = "later" if word == "on" else word
                rel = RELATIONS.get(word)
                n = _number(dur.group("n"))
                if rel is None or n is None:
                    continue
                pending.append(
                    (ent, text, (s2, e2), "duration", None, (n * rel, dur.group("unit").lower(), word))
                )
        for ent, text, span, style, value, rel in pending:
            if style == "duration":
                n_units, unit, word = rel
                value = None
                if word == "ago":
                    # "three years ago": counted back from publication
                    value = _shift(pub.isoformat(), n_units, unit) if pub else None
                elif word in ("later", "earlier"):
                    # "Two weeks later": counted from the last date the article gave
                    before = [f.value for f in facts if f.value and f.span[0] < span[0]]
                    value = _shift(before[-1], n_units, unit) if before else None
                elif sentence_values:
                    # "two years after X": X happened two years before this sentence's date
                    value = _shift(sentence_values[0], -n_units, unit)
                if value and unit in ("year", "decade"):
                    value = value[:4]
            question = _event_question(ent, style, rel if isinstance(rel, str) else "")
            if question and not _asks_one_date(ent, [x[0] for x in pending], masked_at(pa, p)):
                question = None
            facts.append(
                Fact(
                    kind="date",
                    answer=text,
                    span=span,
                    evidence=((sent.start, sent.end),),
                    value=value,
                    question=question,
                    style=style,
                    detail=_event_text(ent),
                    confidence=0.6 if style in ("weekday", "duration") else 1.0,
                )
            )
    posted = _post_dates(pa)
    taken = {f.span for f in posted}
    return [f for f in facts if f.span not in taken] + posted


_MON_NC = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.|Feb\.|Mar\.|Apr\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
)
_EXPLICIT = re.compile(
    rf"\b(?:{_MON_NC}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MON_NC},?\s+\d{{4}}"
    rf"|{_MON_NC},?\s+\d{{4}}|{_MON_NC}\s+\d{{1,2}}(?:st|nd|rd|th)?(?![\d,])|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MON_NC})(?!\w)"
)
_WEEKDAY_IN = re.compile(
    r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b(?:\s+(?:morning|afternoon|evening|night)\b)?"
)
_YEAR_IN = re.compile(r"(?<![\w£$€-])(?:1[5-9]\d\d|20\d\d)(?![\w%])")


#: entity labels that may hold a date: a weekday in a TIME ("Sunday night"), a year in an EVENT
#: ("the 2012 Olympics")
_DATE_LABELS = ("DATE", "TIME", "EVENT")
_PART_OF_DAY = {"morning", "afternoon", "evening", "night"}


def _is_date_text(text: str) -> bool:
    text = _LEAD.sub("", text.strip())
    pre = _PREFIX.match(text)
    core = text[pre.end() :] if pre and classify(text[pre.end() :]) else text
    return bool(classify(core) or _DURATION.match(core) or classify(split_affixes(core)[1]))


def date_mentions(sent):
    """DATE entities, narrowed to the date inside them ("the summer of 2019" -> 2019), plus
    explicit dates the model did not tag, a weekday in a TIME entity and a year in an EVENT."""
    doc = sent.doc
    out = []
    taken: list[tuple[int, int]] = []
    for ent in sent.ents:
        if ent.label_ not in _DATE_LABELS:
            continue
        if _is_date_text(ent.text) and (ent.label_ == "DATE" or not _DURATION.match(ent.text.strip())):
            # "Thursday" + "morning" (tagged apart): the part of the day belongs to the answer
            if ent.end < len(doc) and doc[ent.end].lower_ in _PART_OF_DAY and classify(ent.text.strip()):
                ent = doc[ent.start : ent.end + 1]
            out.append(ent)
            taken.append((ent.start_char, ent.end_char))
            continue
        # every date inside: "2017 and 2018", "the summer of 2019", "Twitter Friday"
        found = list(_EXPLICIT.finditer(ent.text)) or list(_YEAR_IN.finditer(ent.text))
        if not found and ent.label_ != "EVENT":
            found = list(_WEEKDAY_IN.finditer(ent.text))
        for m in found:
            sub = doc.char_span(ent.start_char + m.start(), ent.start_char + m.end(), alignment_mode="expand")
            if sub is not None:
                out.append(sub)
                taken.append((sub.start_char, sub.end_char))
    for m in _EXPLICIT.finditer(sent.text):
        a, b = sent.start_char + m.start(), sent.start_char + m.end()
        if any(x < b and a < y for x, y in taken):
            continue
        sub = doc.char_span(a, b, alignment_mode="expand")
        if sub is not None:
            out.append(sub)
            taken.append((a, b))
    return sorted((_with_clock_time(sent, x) for x in out), key=lambda x: x.start_char)


def _with_clock_time(sent, span):  # type: ignore[no-untyped-def]
    """ "at 0300 GMT on Friday": the clock time belongs to the weekday's answer."""
    if not _WEEKDAY_IN.match(span.text):
        return span
    m = _CLOCK_BEFORE.search(sent.doc.text[sent.start_char : span.start_char])
    if m is None:
        return span
    wider = sent.doc.char_span(sent.start_char + m.start(), span.end_char)
    return wider if wider is not None else span


_CLOCK_BEFORE = re.compile(rf"(?<!\S){_CLOCK}\s+on\s+$", re.I)


#: how a date stands in its clause when it dates the clause's own verb: "on Monday", "Monday",
#: "in 2004"; a date inside a noun phrase ("the 2030 session", "Tuesday's debate") dates that noun
_DIRECT_DEPS = ("npadvmod", "advmod", "tmod", "obl", "dobj", "attr", "nsubj", "nsubjpass")


def dated_verb(ent):  # type: ignore[no-untyped-def]
    """The verb whose event the date dates, in the parse, or None when the date belongs to a noun
    ("meetings ahead of the 2030 session", "during Tuesday's debate")."""
    root = ent.root
    head = root.head
    if root.dep_ == "pobj" and head.dep_ in ("prep", "agent"):
        # "on Monday", "at 0300 GMT on Friday", "by the end of March"
        target = head.head
    elif root.dep_ in _DIRECT_DEPS or root.dep_ == "ROOT":
        target = head if root.dep_ != "ROOT" else root
    else:
        return None
    if target.pos_ in ("VERB", "AUX") and target.dep_ not in ("aux", "auxpass"):
        return target
    # "was set to begin ... Wednesday", "due on Monday": an adjective or particle of its verb
    if (
        target.pos_ in ("ADJ", "ADP")
        and target.head.pos_ in ("VERB", "AUX")
        and target.dep_
        in (
            "acomp",
            "prt",
            "advmod",
        )
    ):
        return target.head
    return None


def masked_at(pa: ParsedArticle, para: int):  # type: ignore[no-untyped-def]
    """token -> True when it stands in a masked span (a wire dateline "LONDON (AP) —", a credit)."""

    def masked(t) -> bool:  # type: ignore[no-untyped-def]
        s, e = pa.abs(para, t)
        return pa.article.is_masked(s, e)

    return masked


def _asks_one_date(ent, mentions, masked) -> bool:  # type: ignore[no-untyped-def]
    """The wh-question of a date is safe to ask: its verb is dated by this date alone ("rose from
    5m in 2026 to 9m by 2032" has two answers), its subject is not a wire dateline, and the
    parse of its clause holds together ("flooded the road on Friday and more was forecast Saturday":
    "more" parsed as a verb's conjunct leaves "forecast" with the wrong subject)."""
    verb = dated_verb(ent)
    if verb is None:
        return True  # the relative-clause question ("2014, when ...") dates that clause alone
    if any(m is not ent and m.sent == ent.sent and dated_verb(m) == verb for m in mentions):
        return False
    subj = subject_of(verb)
    if subj is not None and any(masked(t) for t in subj.subtree):
        return False
    if subj is not None and subj.pos_ in ("ADJ", "NUM", "DET"):
        return False  # "the first was held in 2019": the first what?
    base = verb.head if verb.dep_ == "conj" else verb
    return not any(c.dep_ == "conj" and c.pos_ not in ("VERB", "AUX") for c in base.children)


def _event_question(ent, style: str, relation: str = "") -> str | None:
    if style == "duration" or style in RANGE_STYLES:
        return None
    # "2014 when Russia invaded Ukraine": the event is the relative clause
    for c in ent.root.children:
        if c.dep_ == "relcl" and any(t.lower_ == "when" for t in c.children):
            drop = {t.i for t in c.subtree if t.lower_ == "when"}
            return wh_question(c, drop, wh="When" if relation == "affix" else _wh(style))
    verb = dated_verb(ent)
    if verb is None:
        return None
    inside = {t.i for t in ent.root.subtree}
    if any(t.i not in inside for t in ent if not t.is_punct):
        return None  # "on Tuesday, Nov. 5": the parse splits the date in two
    drop = prep_phrase(list(ent)) | _bracketed(verb)
    if verb.i in drop:
        return None
    wh = _wh(style)
    if relation in ("post", "pre"):
        wh = {"post": "After which ", "pre": "Before which "}[relation] + wh.split()[-1]
    elif relation == "affix":
        wh = "When"
    elif relation and relation != "the":
        return None
    return wh_question(verb, drop, wh=wh)


def _bracketed(verb) -> set[int]:  # type: ignore[no-untyped-def]
    """Token indices of the bracketed asides in a verb's clause ("5m euros (4m pounds)"): a
    question leaves them out, brackets and all."""
    out: set[int] = set()
    depth = 0
    for t in verb.sent:
        if t.text == "(":
            depth += 1
        if depth:
            out.add(t.i)
        if t.text == ")" and depth:
            depth -= 1
    return out


def _wh(style: str) -> str:
    return {
        "year": "In which year",
        "decade": "In which decade",
        "month": "In which month",
        "month_year": "In which month and year",
        "weekday": "On which day",
    }.get(style, "When")


def _event_text(ent) -> str:
    return ent.sent.text.strip()


def _post_dates(pa: ParsedArticle) -> list[Fact]:
    """An embedded post's date: when the author posted it."""
    out = []
    pub = pa.article.published
    for post in pa.article.posts:
        if not post.date_text or post.date_start is None or post.date_end is None:
            continue
        cls = classify(post.date_text)
        if not cls:
            continue
        value = resolve(cls[0], cls[1], pub)
        body = pa.text[post.start : post.end].strip()
        first = re.split(r"(?<![A-Z]\.)(?<=[.!?])\s+", body)[0]
        f_end = post.start + len(first)
        author = (
            re.sub(r"^(?:[A-Z][a-z]+\s+)?(?=[A-Z][a-z]+\s+[A-Z])", "", post.author)
            if len(post.author.split()) > 2
            else post.author
        )
        snippet = first if len(first.split()) <= 18 else " ".join(first.split()[:14]) + " …"
        out.append(
            Fact(
                kind="date",
                answer=post.date_text,
                span=(post.date_start, post.date_end),
                evidence=(
                    (post.start, f_end),
                    (post.author_start - 2 if post.author_start >= 2 else post.author_start, post.date_end),
                ),
                value=value,
                question=f"When did {author} post “{snippet}”?",
                style=cls[0],
                detail=first,
                subject=author,
            )
        )
    return out
