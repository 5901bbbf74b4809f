"""Article ingestion: bytes or text in, an :class:`Article` with its structure out.

The article text is kept as it was given (newlines normalised, outer blank space trimmed),
so every excerpt shown to a user is an exact slice of ``Article.text``. Structure that must
never become a question (the dateline, the title, section headings, photo credits) is
recorded as :class:`Block` spans rather than removed. (The one exception is a headline that states
a named party's plan, "Acme to close two plants": see ``questions/extract/demand_headline.py``.)
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from questions.archives import ArchiveError, check_zip

#: The largest article accepted, in bytes of the uploaded file.
MAX_BYTES = 2 * 1024 * 1024

SUPPORTED = (".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf")


class ArticleError(ValueError):
    """An article that cannot be read; the message is written for the user."""


@dataclass(frozen=True, slots=True)
class Block:
    """One line-level block of the article: a paragraph, a heading, a credit, ..."""

    start: int
    end: int
    kind: str  # "paragraph" | "heading" | "title" | "dateline" | "credit" | "post"


@dataclass(frozen=True, slots=True)
class Post:
    """An embedded social-media post: ``text — Author (@handle) Month D, YYYY``."""

    start: int  # the post's own words
    end: int
    author: str
    author_start: int
    author_end: int
    handle: str
    date_text: str | None
    date_start: int | None
    date_end: int | None


@dataclass(frozen=True, slots=True)
class Article:
    text: str
    title: str | None = None
    published: dt.date | None = None
    blocks: tuple[Block, ...] = ()
    #: spans inside paragraphs that are not statements (inline photo credits, datelines)
    masked: tuple[tuple[int, int], ...] = ()
    posts: tuple[Post, ...] = ()
    warnings: tuple[str, ...] = field(default=())
    source_name: str | None = None

    def paragraphs(self) -> Iterator[Block]:
        """The blocks that may hold questions: paragraphs and posts."""
        return (b for b in self.blocks if b.kind in ("paragraph", "post"))

    def is_masked(self, start: int, end: int) -> bool:
        """True when [start, end) overlaps a span that must never become a question."""
        for a, b in self.masked:
            if a < end and start < b:
                return True
        for blk in self.blocks:
            if blk.kind not in ("paragraph", "post") and blk.start < end and start < blk.end:
                return True
        return False


# --- decoding -----------------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, list[str]]:
    """Decode UTF-8 (with or without BOM), falling back to Windows-1252 with a warning."""
    if len(data) > MAX_BYTES:
        raise ArticleError(
            f"The article is {len(data) / 1048576:.1f} MB; the largest accepted is {MAX_BYTES // 1048576} MB."
        )
    if _looks_binary(data):
        raise ArticleError(
            "This file is not text (it looks like binary data). Upload a .txt, .md, .html, "
            ".docx or .pdf article."
        )
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    warnings = ["The file is not valid UTF-8; it was read as Windows-1252. Check quotes and accents."]
    if text.count("\ufffd") > max(3, len(text) // 100):
        raise ArticleError("The file's text encoding could not be recognised (not UTF-8 or Windows-1252).")
    return text, warnings


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls / len(sample) > 0.05


def _check_text(text: str) -> str:
    if len(text.encode("utf-8", errors="replace")) > MAX_BYTES:
        raise ArticleError(f"The article is longer than {MAX_BYTES // 1048576} MB.")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    # control characters other than newline and tab never belong in an article
    text = "".join(c if c in "\n\t" or unicodedata.category(c) != "Cc" else " " for c in text)
    text = text.strip()
    if not text:
        raise ArticleError("The article is empty: paste or upload some text.")
    if not re.search(r"\w", text):
        raise ArticleError("The article has no words in it.")
    return text


# --- other formats to text ----------------------------------------------------------------


def html_to_text(html: str) -> tuple[str, str | None, str | None, str | None]:
    """Main text, title, date (ISO) and site name of an HTML page, with trafilatura."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
    )
    if doc is None:
        raise ArticleError("No article text was found in this HTML page.")
    text = getattr(doc, "text", None) or ""
    if not text.strip():
        raise ArticleError("No article text was found in this HTML page.")
    return text, getattr(doc, "title", None), getattr(doc, "date", None), getattr(doc, "sitename", None)


def markdown_to_text(md: str) -> tuple[str, str | None]:
    """Plain paragraphs of a Markdown document, and its first level-1 heading as the title."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(md)
    lines: list[str] = []
    title = None
    heading_level = 0
    for tok in tokens:
        if tok.type == "heading_open":
            heading_level = int(tok.tag[1:])
        elif tok.type == "heading_close":
            heading_level = 0
        elif tok.type == "inline":
            words = "".join(
                c.content
                if c.type in ("text", "code_inline")
                else (" " if c.type in ("softbreak", "hardbreak") else "")
                for c in tok.children or []
            ).strip()
            if not words:
                continue
            if heading_level == 1 and title is None and not lines:
                title = words
            lines.append(words)
    return "\n\n".join(lines), title


def docx_to_text(data: bytes) -> tuple[str, str | None]:
    try:
        import docx
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ArticleError("Reading .docx needs python-docx: pip install python-docx") from exc
    try:
        check_zip(data, what=".docx file")  # before python-docx expands anything
    except ArchiveError as exc:
        raise ArticleError(str(exc)) from exc
    try:
        document = docx.Document(BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on a bad file
        raise ArticleError("This .docx file could not be opened; is it a Word document?") from exc
    paras = [p.text.strip() for p in document.paragraphs if p.text.strip()]
    title = document.core_properties.title or None
    return "\n\n".join(paras), title


def pdf_to_text(data: bytes) -> tuple[str, str | None]:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ArticleError("Reading .pdf needs pypdf: pip install pypdf") from exc
    import logging

    # pypdf logs damage it works around ("EOF marker not found"); the user gets one clear message
    logging.getLogger("pypdf").setLevel(logging.ERROR + 10)
    try:
        reader = PdfReader(BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
        title = reader.metadata.title if reader.metadata else None
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ArticleError("This PDF could not be read.") from exc
    text = "\n\n".join(pages)
    # PDF text comes as hard-wrapped lines: join wrapped lines, keep blank-line paragraphs
    text = re.sub(r"(?<![\n.!?:\"”])\n(?!\n)", " ", text)
    if not text.strip():
        raise ArticleError("This PDF has no text layer (is it a scan?).")
    return text, title or None


def read_article(source: str | Path | bytes, *, filename: str | None = None) -> Article:
    """Read an article from a path or from the bytes of an upload named ``filename``."""
    if isinstance(source, (str, Path)) and not isinstance(source, bytes):
        path = Path(source)
        try:
            if path.stat().st_size > MAX_BYTES:
                raise ArticleError(f"The article is larger than {MAX_BYTES // 1048576} MB.")
            data = path.read_bytes()
        except OSError as exc:
            raise ArticleError(f"Cannot read {path}: {exc.strerror or exc}") from exc
        filename = filename or path.name
    else:
        data = bytes(source)
    suffix = Path(filename or "article.txt").suffix.lower() or ".txt"
    if suffix not in SUPPORTED:
        raise ArticleError(f"Files of type {suffix} are not supported; use {', '.join(SUPPORTED)}.")
    if len(data) > MAX_BYTES:
        raise ArticleError(
            f"The article is {len(data) / 1048576:.1f} MB; the largest accepted is {MAX_BYTES // 1048576} MB."
        )
    if not data.strip():
        raise ArticleError("The file is empty.")
    title = published = site = None
    warnings: list[str] = []
    if suffix == ".docx":
        text, title = docx_to_text(data)
    elif suffix == ".pdf":
        text, title = pdf_to_text(data)
    else:
        text, warnings = decode(data)
        if suffix in (".html", ".htm"):
            text, title, published, site = html_to_text(text)
        elif suffix in (".md", ".markdown"):
            text, title = markdown_to_text(text)
    return parse_article(text, title=title, published=published, source_name=site, warnings=warnings)


# --- structure ----------------------------------------------------------------------------

_DATELINE = re.compile(
    r"^\s*(?:(?:date|published|posted|(?:last\s+)?updated|last\s+modified|dateline)\s*:?\s*)?"
    r"(?P<date>\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2})?\S*)?\s*",
    re.IGNORECASE | re.MULTILINE,
)
_WORDY_DATELINE = re.compile(
    r"^[ \t]*(?:(?i:published|posted|(?:last\s+)?updated|last\s+modified|date)\s*:?\s*)?(?P<date>"
    r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
    r"(?:\d{1,2}\s+[A-Z][a-z]+\.?\s+\d{4}|[A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4}))\s*(?:\n|$|[-–—|]\s*)",
    re.MULTILINE,
)
_CREDIT = re.compile(
    r"\((?:image|photo|picture|photograph|pic|credit|video|source|graphic)s?\s*(?:credit)?\s*:\s*[^()\n]{1,80}\)"
    r"|\((?:AP|AFP|Reuters|Getty Images|EPA|PA)(?:\s+Photo)?\)",
    re.IGNORECASE,
)
_CREDIT_LINE = re.compile(
    r"^(?:\(?\s*(?:image|photo|picture|photograph|credit|getty images|video|image caption|media caption|"
    r"image source)\b[^\n]{0,120}\)?|\([^()\n]{1,60}\)"
    r"|[A-Z][A-Za-z .&/]{1,40}/(?:Getty Images|AP|AFP|Reuters|EPA))$",
    re.IGNORECASE,
)
_POST = re.compile(
    r"\s*[—–-]{1,2}\s*(?P<author>[^\n()—–]{2,80}?)\s*\((?P<handle>@\w{1,30})\)"
    r"(?:\s+(?P<date>[A-Z][a-z]+\.?\s+\d{1,2},\s+\d{4}))?\s*$"
)
#: a wire story's dateline opening its first paragraph: "LONDON (AP) — ", "SAN FRANCISCO, Nov. 20
#: (Reuters) - ", "WASHINGTON — "
_WIRE_PLACE = r"[A-Z][A-Z.'’]+(?:[ -][A-Z][A-Z.'’]+){0,3}"
_WIRE_DATE = r"[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?"
_WIRE_AGENCY = r"\((?:AP|Reuters|AFP|UPI|dpa|Bloomberg|CNN)\)"
_WIRE_DATELINE = re.compile(
    rf"^{_WIRE_PLACE}(?:,\s*(?P<date>{_WIRE_DATE}))?\s*(?:{_WIRE_AGENCY})?\s*[—–]"
    rf"|^{_WIRE_PLACE},?\s*(?:(?P<date2>{_WIRE_DATE})\s*)?{_WIRE_AGENCY}\s*[-—–]"
)
_CLOSING = tuple(".!:;,\"”’')…")


def _lines(text: str) -> Iterator[tuple[int, int]]:
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        # trim blank space so spans hold only the words
        s = len(line) - len(line.lstrip())
        e = len(line.rstrip())
        if e > s:
            yield start + s, start + e


def _word_count(s: str) -> int:
    return len(re.findall(r"\w+(?:[-'’]\w+)*", s))


def _is_heading(line: str) -> bool:
    words = _word_count(line)
    if words == 0 or words > 12:
        return False
    if line.endswith("?"):
        return words <= 14
    if line.startswith(('"', "“", "'", "‘")):
        return False
    if line.endswith(("'", "’", '"', "”")) and not re.search(r"[.,!?;:]['’\"”]$", line):
        # a headline ending in a quoted word: "Casual gaming to 'take off'"
        return sum(line.count(q) for q in "'‘\"“") >= 2 or "‘" in line or "“" in line
    return not line.endswith(_CLOSING)


def _is_long_title(text: str, start: int, end: int) -> bool:
    """A headline of up to 20 words on the article's first line, a blank line under it: "Pacific Gas
    & Electric Co. set to begin shutting off power to some 375,000 people"."""
    line = text[start:end]
    return (
        _word_count(line) <= 20
        and not line.endswith(_CLOSING)
        and not line.startswith(('"', "“"))
        and text[end : end + 2] == "\n\n"
    )


def parse_article(
    text: str,
    *,
    title: str | None = None,
    published: str | dt.date | None = None,
    source_name: str | None = None,
    warnings: list[str] | tuple[str, ...] = (),
) -> Article:
    """Find the structure of an article's text: dateline, title, headings, credits, posts."""
    text = _check_text(text)
    warn = list(warnings)
    pub = _to_date(published)
    masked: list[tuple[int, int]] = []

    dateline_span = None
    # a dateline opens the text, or stands on one of the first lines (after a title)
    for start, _end in list(_lines(text))[:3]:
        m = _DATELINE.match(text, start) or _WORDY_DATELINE.match(text, start)
        if (
            m
            and start > 0
            and not re.match(r"\s*(?:published|posted|updated|date)", text[start:], re.I)
            and text[m.end("date") : _end].strip()
        ):
            m = None  # a later line that merely starts with a date is a sentence, not a dateline
        if m:
            d = _to_date(m.group("date"))
            if d is not None:
                pub = pub or d
                # the whole dateline, a time after the date included
                dateline_span = (m.start("date"), m.end())
                # the label in front ("date ", "Published: ") belongs to the dateline too
                masked.append((start, m.end("date")))
                break

    blocks: list[Block] = []
    posts: list[Post] = []
    lines = list(_lines(text))
    for i, (s, e) in enumerate(lines):
        if dateline_span and s <= dateline_span[0] < e:
            if _word_count(text[dateline_span[1] : e]) == 0:
                blocks.append(Block(s, e, "dateline"))
                continue
            # "date 2022-02-14 Russian aggression ...": the dateline is metadata, a block of its
            # own; the words after it are the first paragraph
            blocks.append(Block(s, len(text[: dateline_span[1]].rstrip()), "dateline"))
            s = dateline_span[1] + len(text[dateline_span[1] : e]) - len(text[dateline_span[1] : e].lstrip())
        line = text[s:e]
        if (
            _CREDIT_LINE.match(line)
            and (_word_count(line) <= 8 or line.startswith("("))
            and not line.endswith(".")
        ):
            blocks.append(Block(s, e, "credit"))
            continue
        pm = _POST.search(line)
        if pm and pm.group("handle"):
            post_start, post_end = s, s + pm.start()
            if not _word_count(text[s:post_end]):
                # a signature line of its own ("— Name (@handle) Month D, YYYY"): the post is the
                # run of lines just before it
                post_start, post_end = _post_body(text, blocks, s)
                if post_end <= post_start:
                    post_start = post_end = s
            posts.append(
                Post(
                    start=post_start,
                    end=post_end,
                    author=pm.group("author").strip(),
                    author_start=s + pm.start("author"),
                    author_end=s + pm.end("author"),
                    handle=pm.group("handle"),
                    date_text=pm.group("date"),
                    date_start=s + pm.start("date") if pm.group("date") else None,
                    date_end=s + pm.end("date") if pm.group("date") else None,
                )
            )
            blocks.append(Block(s, e, "post"))
            continue
        first = not blocks or all(b.kind in ("dateline", "credit") for b in blocks)
        if (
            first
            and title is None
            and i + 1 < len(lines)
            and (_is_heading(line) or _is_long_title(text, s, e))
        ):
            title = line
            blocks.append(Block(s, e, "title"))
            continue
        if title is not None and line == title.strip() and first:
            blocks.append(Block(s, e, "title"))
            continue
        if _is_heading(line):
            blocks.append(Block(s, e, "heading"))
            continue
        if not any(b.kind == "paragraph" for b in blocks) and (wm := _WIRE_DATELINE.match(line)):
            # the place and agency are no part of the first sentence's statement
            masked.append((s, s + wm.end()))
            wire_date = wm.group("date") or wm.group("date2")
            if pub is None and wire_date and re.search(r"\d{4}$", wire_date):
                pub = _to_date(wire_date)
        blocks.append(Block(s, e, "paragraph"))
        for cm in _CREDIT.finditer(line):
            masked.append((s + cm.start(), s + cm.end()))
    if pub is None:
        warn.append("No publication date was found; dates such as 'January 26' are left without a year.")
    return Article(
        text=text,
        title=title,
        published=pub,
        blocks=tuple(blocks),
        masked=tuple(masked),
        posts=tuple(posts),
        warnings=tuple(warn),
        source_name=source_name,
    )


def _post_body(text: str, blocks: list[Block], signature: int) -> tuple[int, int]:
    """The span of the lines above a post's signature line, made posts instead of paragraphs: the
    run of lines with no blank line between them, right above the signature (one blank line
    allowed before it)."""
    run: list[int] = []
    gap_limit = 2  # the signature may stand after one blank line
    pos = signature
    for n in range(len(blocks) - 1, -1, -1):
        b = blocks[n]
        gap = text[b.end : pos]
        if b.kind != "paragraph" or gap.strip() or gap.count("\n") > gap_limit:
            break
        run.append(n)
        pos, gap_limit = b.start, 1
    if not run:
        return signature, signature
    for n in run:
        blocks[n] = Block(blocks[n].start, blocks[n].end, "post")
    return blocks[run[-1]].start, blocks[run[0]].end


def _to_date(value: str | dt.date | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    value = value.strip()
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        pass
    import dateparser

    parsed = dateparser.parse(value, languages=["en"], settings={"STRICT_PARSING": True})
    return parsed.date() if parsed else None
