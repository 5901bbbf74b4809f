"""Distractors: wrong choices of the same type as the answer, most plausible first.

Candidates come from the same article (they are what a student who skimmed would confuse);
dates and numbers may also be shifted from the answer, at its grain and in its unit. When there
are too few, a question offers three choices or is asked as short answer. A distractor never equals or
contains the answer, nor is contained in it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from questions.build.text import norm, overlaps, similarity

MONTH_NAMES = [m for m in calendar.month_name if m]
WEEKDAY_NAMES = list(calendar.day_name)
NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty"
).split()


def pick(answer: str, candidates: Iterable[str], *, k: int = 3, exclude: Sequence[str] = ()) -> list[str]:
    """The first ``k`` candidates that are distinct from each other and from the answer."""
    out: list[str] = []
    for c in candidates:
        c = c.strip()
        if (
            not c
            or overlaps(c, answer)
            or any(overlaps(c, x) for x in out)
            or any(overlaps(c, x) for x in exclude)
        ):
            continue
        out.append(c)
        if len(out) == k:
            break
    return out


def rank_by_similarity(answer: str, candidates: Iterable[str]) -> list[str]:
    """Most plausible first: similar length and shared words, then the article's order."""
    cands = list(dict.fromkeys(candidates))
    alen = len(answer.split())

    def key(item: tuple[int, str]) -> tuple[float, int]:
        i, c = item
        shape = -abs(len(c.split()) - alen) / max(alen, 1)
        return (-(similarity(answer, c) + shape * 0.5), i)

    return [c for _, c in sorted(enumerate(cands), key=key)]


# --- dates --------------------------------------------------------------------------------


def format_date(value: str, style: str, like: str = "") -> str | None:
    """Write an ISO value in the style of the answer ("December 2021", "January 26", ...)."""
    try:
        y = int(value[:4])
        m = int(value[5:7]) if len(value) >= 7 else None
        d = int(value[8:10]) if len(value) >= 10 else None
    except ValueError:
        return None
    mon = MONTH_NAMES[m - 1] if m else None
    if (
        like
        and mon
        and re.match(r"^[A-Z][a-z]{2}\.?\s", like)
        and like.split()[0].rstrip(".") not in MONTH_NAMES
    ):
        mon = mon[:3] + ("." if "." in like.split()[0] else "")
    if style == "year":
        return f"{y}"
    if style == "decade":
        return f"{y // 10 * 10}s"
    if style == "month" and mon:
        return mon
    if style == "month_year" and mon:
        return f"{mon} {y}"
    if style == "month_day" and mon and d:
        return f"{mon} {d}"
    if style == "day_month" and mon and d:
        return f"{d} {mon}"
    if style == "month_day_year" and mon and d:
        return f"{mon} {d}, {y}"
    if style == "day_month_year" and mon and d:
        return f"{d} {mon} {y}"
    if style == "iso" and d:
        return value
    if style == "weekday" and d:
        return dt.date(y, m or 1, d).strftime("%A")
    return None


def _value_from_text(answer: str, style: str) -> str | None:
    """A stand-in ISO value for a date with no year (no publication date known)."""
    from questions.extract.dates import classify, resolve

    cls = classify(answer)
    if not cls:
        return None
    return resolve(cls[0], cls[1], dt.date(2001, 12, 31))


def date_candidates(
    answer: str, value: str | None, style: str, article_values: Sequence[str], rng: random.Random
) -> list[str]:
    if style == "weekday":
        i = WEEKDAY_NAMES.index(answer.capitalize()) if answer.capitalize() in WEEKDAY_NAMES else 0
        return [WEEKDAY_NAMES[(i + k) % 7] for k in (1, -1, 2, -2, 3)]
    if style == "duration":
        return duration_candidates(answer)
    value = value or _value_from_text(answer, style)
    if not value:
        return []
    out: list[str] = []
    # the article's own dates, at the answer's granularity
    for v in article_values:
        if len(v) < len(value) and style not in ("year", "decade", "month_year", "month"):
            continue
        txt = format_date(v, style, answer)
        if txt and not overlaps(txt, answer):
            out.append(txt)
    out = rank_near(value, out, style)
    # then dates near the answer
    y = int(value[:4])
    shifts: list[str] = []
    if style in ("year", "decade"):
        step = 10 if style == "decade" else 1
        shifts = [str(y + k * step) for k in (-1, 1, -2, 2, -3, 3, -5, 5)]
    elif style in ("month", "month_year") and len(value) >= 7:
        m0 = y * 12 + int(value[5:7]) - 1
        shifts = [f"{(m0 + k) // 12:04d}-{(m0 + k) % 12 + 1:02d}" for k in (-2, 2, -1, 1, 3, -3, 12, -12, 6)]
    elif len(value) >= 10:
        d0 = dt.date.fromisoformat(value[:10])
        deltas = [7, -7, 3, -3, 14, -10, 30, -30, 365, -365]
        shifts = [(d0 + dt.timedelta(days=k)).isoformat() for k in deltas]
    for v in shifts:
        txt = format_date(v, style, answer)
        if txt:
            out.append(txt)
    return out


def rank_near(value: str, texts: list[str], style: str) -> list[str]:
    return list(dict.fromkeys(texts))


def duration_candidates(answer: str) -> list[str]:
    m = re.match(r"^(?P<n>\d+|[a-z]+)\s+(?P<unit>\w+?)(?P<s>s?)$", answer.strip(), re.I)
    if not m:
        return []
    n_txt, unit = m.group("n"), m.group("unit")
    n = (
        int(n_txt)
        if n_txt.isdigit()
        else (NUMBER_WORDS.index(n_txt.lower()) if n_txt.lower() in NUMBER_WORDS else None)
    )
    if n is None:
        return []
    out = []
    for k in (n + 1, n - 1, n + 2, n * 2, n + 3, n + 5):
        if k <= 0 or k == n:
            continue
        word = str(k) if n_txt.isdigit() or k >= len(NUMBER_WORDS) else NUMBER_WORDS[k]
        if n_txt[:1].isupper():
            word = word.capitalize()
        out.append(f"{word} {unit}{'s' if k != 1 else ''}")
    return out


# --- numbers ------------------------------------------------------------------------------


def number_candidates(answer: str, article_numbers: Sequence[str]) -> list[str]:
    from questions.extract.facts import parse_number

    n = parse_number(answer)
    out = [x for x in article_numbers if parse_number(x) is not None and _same_number_style(x, answer)]
    if n is None:
        return out
    is_word = not re.search(r"\d", answer)
    opts: list[float] = []
    if n == int(n) and n < 20:
        opts = [n + 1, n - 1, n + 2, n + 3, n * 2, n - 2]
    else:
        opts = [n * 1.5, n * 0.5, n * 2, n * 0.75, n * 1.25, n + 10, n - 5]
    for v in opts:
        if v <= 0 or v == n:
            continue
        v = round(v) if n == int(n) else round(v, 1)
        if is_word and v < len(NUMBER_WORDS) and v == int(v):
            txt = NUMBER_WORDS[int(v)]
            if answer[:1].isupper():
                txt = txt.capitalize()
        else:
            txt = _format_like(v, answer)
        if v == 1 and re.search(r"\d\s+[a-z]+s\b", txt):
            continue  # "1 inches": a plural unit fits no single one
        out.append(txt)
    return out


_SCALES = ("thousand", "million", "billion", "trillion", "bn", "m", "k", "%", "percent", "per cent")


@lru_cache(maxsize=4096)
def number_unit(text: str) -> tuple[bool, str, str, str]:
    """What a figure counts in: digits or words, its currency, its scale, its unit word."""
    t = text.lower()
    currency = "".join(ch for ch in t if ch in "£$€¥")
    ws = re.findall(r"[a-z%]+", t)
    scale = next((w for w in ws if w in _SCALES), "")
    if "%" in t:
        scale = "%"
    from questions.extract.facts import parse_number

    unit = next((w for w in reversed(ws) if w not in _SCALES and parse_number(w) is None), "")
    return bool(re.search(r"\d", t)), currency, scale, unit


def _same_number_style(a: str, b: str) -> bool:
    """The same unit: digits for digits, pounds for pounds, millions for millions, km for km."""
    return number_unit(a) == number_unit(b)


def _format_like(v: float, like: str) -> str:
    m = re.match(r"^(?P<pre>[^\d]*)(?P<num>[\d,.]+)(?P<post>.*)$", like)
    if m:
        # "12 million" is parsed as 12e6: write the figure back in the answer's scale
        from questions.extract.facts import parse_number

        whole, shown = parse_number(like), float(m.group("num").replace(",", "") or 0)
        if whole and shown and whole != shown:
            v = v / (whole / shown)
            v = round(v) if v == int(v) else round(v, 1)
    num = f"{int(v):,}" if v == int(v) else f"{v:,.1f}"
    if m and "," not in m.group("num"):
        num = num.replace(",", "")
    if not m:
        return num
    return f"{m.group('pre')}{num}{m.group('post')}"


def same(a: str, b: str) -> bool:
    return norm(a) == norm(b)
