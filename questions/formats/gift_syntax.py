"""GIFT's syntax, shared by its writer and reader: escaping as Moodle's ``qformat_gift`` does it
(``\\~ \\= \\# \\{ \\} \\:``, ``\\\\`` for a backslash, ``\\n`` for a newline), answer weights, and
finding the unescaped special characters that split a question."""

from __future__ import annotations

from questions.formats._common import esc

SPECIAL = "~=#{}:"
_ESCAPES = {"\\": "\\\\", "\n": "\\n", **{c: "\\" + c for c in SPECIAL}}


def escape(text: str) -> str:
    """Escape GIFT's special characters, backslashes and newlines."""
    return "".join(_ESCAPES.get(c, c) for c in text)


def unescape(text: str) -> str:
    """Undo :func:`escape`; an unknown escape such as ``\\a`` is kept as written (as Moodle does)."""
    out: list[str] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            if nxt in SPECIAL or nxt == "\\":
                out.append(nxt)
                i += 2
                continue
            if nxt == "n":
                out.append("\n")
                i += 2
                continue
        out.append(c)
        i += 1
    return "".join(out)


def html_text(text: str) -> str:
    r"""Text for an ``[html]`` GIFT question: HTML-escaped, then GIFT-escaped.

    ``\r`` is written as a character reference so it cannot split a line, and a leading ``%``
    so that it is not read as an answer weight.
    """
    body = esc(text)
    if body.startswith("%"):
        body = "&#37;" + body[1:]
    return escape(body)


def percent(credit: float) -> str:
    """A share of the point as a GIFT weight: 0.5 → "50", 1/3 → "33.33333" (as Moodle writes them)."""
    return f"{credit * 100:.5f}".rstrip("0").rstrip(".")


def find(s: str, target: str, start: int = 0) -> int:
    """Index of the first unescaped ``target`` at or after ``start``, or -1."""
    i = start
    while i < len(s):
        if s[i] == "\\":
            i += 2
            continue
        if s.startswith(target, i):
            return i
        i += 1
    return -1


def rfind(s: str, target: str) -> int:
    found, i = -1, 0
    while True:
        at = find(s, target, i)
        if at < 0:
            return found
        found, i = at, at + 1


def split_answers(s: str) -> list[tuple[str, str]]:
    """Split an answer block at unescaped ``~`` and ``=`` into (marker, rest) pairs."""
    out: list[tuple[str, str]] = []
    marker, cur, i = "", [], 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            cur.append(s[i : i + 2])
            i += 2
            continue
        if c in "~=":
            if marker or "".join(cur).strip():
                out.append((marker, "".join(cur)))
            marker, cur = c, []
        else:
            cur.append(c)
        i += 1
    if marker or "".join(cur).strip():
        out.append((marker, "".join(cur)))
    return out
