"""What every format shares: the import result, decoding, ids, excerpts and feedback as HTML.

Feedback is written as a small, fixed HTML shape so that our own exports read back exactly::

    <p class="explanation">…</p>
    <blockquote class="excerpt" data-start="120" data-end="190">… <mark>answer</mark> …</blockquote>

Files from elsewhere have other HTML; their feedback is read as text (tags dropped) into the
explanation, and their excerpts, if any, are found in the article by their words.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser

from questions.bank import ArticleInfo, Bank, Question, Source

#: The blank of a cloze prompt as GIFT and Moodle write it ("missing word" format).
BLANK = "_____"
BLANK_RE = re.compile(r"(?<!_)_{3,}(?!_)")

#: How a list question's answer joins its items when a format gives only the items back.
LIST_JOIN = "; "

#: Kind given to questions read from files that do not say.
UNKNOWN_KIND = "other"


@dataclass(frozen=True, slots=True)
class Skipped:
    """An item of an imported file that was not read, and why (in words for a teacher)."""

    item: str
    reason: str

    def __str__(self) -> str:
        return f"{self.item}: {self.reason}"


@dataclass(frozen=True, slots=True)
class ImportResult:
    """The questions read from a file, the items skipped, and problems with the file as a whole.

    ``errors`` holds file-level problems (not valid XML, unreadable encoding); questions read
    before the problem are still in ``questions``. ``bank`` is set by formats that carry a whole
    bank (``quizbank/1`` JSON), so nothing of it is lost.
    """

    questions: tuple[Question, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    bank: Bank | None = None

    @property
    def ok(self) -> bool:
        """True when the whole file was read: no file-level error and nothing skipped."""
        return not self.errors and not self.skipped

    def to_bank(self, article: ArticleInfo | None = None, *, generator: str = "import") -> Bank:
        """The questions as a bank over ``article`` (the file's own bank when it carried one)."""
        if self.bank is not None and article is None:
            return self.bank
        if article is None:
            article = ArticleInfo(title=None, published=None, text="")
        return Bank(article=article, questions=self.questions, generator=generator, warnings=self.warnings)


@dataclass(slots=True)
class ResultBuilder:
    """Collects an import as it goes; :meth:`result` freezes it."""

    questions: list[Question] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    _ids: set[str] = field(default_factory=set)

    def add(self, q: Question) -> None:
        self.questions.append(unique_id(q, self._ids))

    def skip(self, item: str, reason: str) -> None:
        self.skipped.append(Skipped(item, reason))

    def result(self, bank: Bank | None = None) -> ImportResult:
        return ImportResult(
            tuple(self.questions),
            tuple(self.skipped),
            tuple(self.errors),
            tuple(dict.fromkeys(self.warnings)),
            bank,
        )


def unique_id(q: Question, seen: set[str]) -> Question:
    """Give ``q`` an id if it has none, and make it unique among ``seen``."""
    from dataclasses import replace

    qid = q.id.strip() or "imported-" + hashlib.sha256(f"{q.prompt}\x1f{q.answer}".encode()).hexdigest()[:12]
    base, n = qid, 2
    while qid in seen:
        qid = f"{base}-{n}"
        n += 1
    seen.add(qid)
    return q if qid == q.id else replace(q, id=qid)


def decode(data: bytes | str, *, newlines: bool = True) -> tuple[str, list[str]]:
    """Text of an uploaded file: UTF-8 (BOM or not), UTF-16 with a BOM, else Windows-1252.

    Never raises; a guess is reported as a warning. Newlines are normalised to ``\\n`` unless
    ``newlines=False`` (CSV, whose reader tells a line end from a return inside a quoted cell).
    """
    warnings: list[str] = []
    if isinstance(data, str):
        text = data.removeprefix("\ufeff")
    elif data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        text = data.decode("utf-16", errors="replace")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
            warnings.append(
                "The file is not valid UTF-8; it was read as Windows-1252. Check quotes and accents."
            )
    if not newlines:
        return text, warnings
    return text.replace("\r\n", "\n").replace("\r", "\n"), warnings


def looks_binary(text: str) -> bool:
    """True for text with many control characters (a binary file, or one in an unknown encoding)."""
    sample = text[:4096]
    if not sample:
        return False
    bad = sum(1 for c in sample if (ord(c) < 32 and c not in "\t\n\f") or c == "\ufffd")
    return bad / len(sample) > 0.1


# --- excerpts and feedback ---------------------------------------------------------------


def esc(text: str) -> str:
    """Text as HTML element content: ``& < >`` escaped, and ``\r`` as a character reference so
    that no line-based format (GIFT) or XML parser turns it into a newline."""
    return html.escape(text, quote=False).replace("\r", "&#13;")


def credit_of(percent: float) -> float:
    """A Moodle answer weight (a percentage) as a share of the point, kept to 5 decimals like the
    bank format: 33.33333% is 0.33333."""
    return round(percent / 100, 5)


def part_marks(q: Question) -> str:
    """The answers worth part of the point, for a reader: "July (50%), Jul (33%)"."""
    return ", ".join(f"{p.answer} ({p.credit:.0%})" for p in q.partial)


def excerpt_html(source: Source, *, with_offsets: bool = True) -> str:
    """The excerpt, escaped, with the answer wrapped in ``<mark>`` where it stands."""
    text = source.text
    if source.highlight is not None:
        a, b = source.highlight[0] - source.start, source.highlight[1] - source.start
        body = f"{esc(text[:a])}<mark>{esc(text[a:b])}</mark>{esc(text[b:])}"
    else:
        body = esc(text)
    attrs = f' data-start="{source.start}" data-end="{source.end}"' if with_offsets else ""
    return f'<blockquote class="excerpt"{attrs}>{body}</blockquote>'


def feedback_html(explanation: str, sources: Iterable[Source]) -> str:
    """The explanation and excerpts as HTML; every piece of text is escaped."""
    parts = []
    if explanation:
        parts.append(f'<p class="explanation">{esc(explanation)}</p>')
    parts.extend(excerpt_html(s) for s in sources)
    return "".join(parts)


@dataclass(frozen=True, slots=True)
class ExcerptRef:
    """An excerpt as a file gives it: its words, maybe its offsets, maybe the highlight within it."""

    text: str
    start: int | None = None
    highlight: tuple[int, int] | None = None  # relative to the excerpt


class _FeedbackParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.explanation: list[str] = []
        self.other: list[str] = []
        self.excerpts: list[ExcerptRef] = []
        self._in: str | None = None
        self._buf: list[str] = []
        self._start: int | None = None
        self._mark: list[int] = []
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        cls = a.get("class") or ""
        if self._in is None and tag == "p" and cls == "explanation":
            self._in, self._buf = "explanation", []
        elif self._in is None and tag == "blockquote" and cls == "excerpt":
            self._in, self._buf, self._mark = "excerpt", [], []
            start = a.get("data-start") or ""
            self._start = int(start) if start.isdigit() else None
        elif self._in == "excerpt" and tag == "mark":
            self._mark.append(len("".join(self._buf)))
        elif self._in is None and tag in ("p", "br", "div", "li"):
            self.other.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self._in == "explanation" and tag == "p":
            self.explanation.append("".join(self._buf))
            self._in = None
        elif self._in == "excerpt" and tag == "mark":
            self._mark.append(len("".join(self._buf)))
        elif self._in == "excerpt" and tag == "blockquote":
            text = "".join(self._buf)
            hl = (self._mark[0], self._mark[1]) if len(self._mark) == 2 else None
            self.excerpts.append(ExcerptRef(text, self._start, hl))
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in is None:
            self.other.append(data)
        else:
            self._buf.append(data)


def parse_feedback(text: str, *, is_html: bool) -> tuple[str, list[ExcerptRef]]:
    """Explanation and excerpts from feedback written by :func:`feedback_html` or by anyone else."""
    if not text.strip():
        return "", []
    if not is_html:
        return text.strip(), []
    p = _FeedbackParser()
    try:
        p.feed(text)
        p.close()
    except (ValueError, AssertionError):  # HTMLParser is lenient; this is belt and braces
        return html_to_text(text), []
    explanation = "\n\n".join(p.explanation)
    other = re.sub(r"[ \t]+", " ", "".join(p.other)).strip()
    if other:
        other = re.sub(r"\s*\n\s*", "\n", other)
        explanation = f"{explanation}\n\n{other}" if explanation else other
    return explanation, p.excerpts


def html_to_text(text: str) -> str:
    """Plain text of an HTML snippet from another tool: tags dropped, entities decoded.

    Text with no tags at all (what our own exports write) is only unescaped, so it reads back
    exactly, spaces and newlines included.
    """
    if "<" not in text:
        return html.unescape(text)
    out: list[str] = []

    class _Text(HTMLParser):
        def handle_data(self, data: str) -> None:
            out.append(data)

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in ("br", "p", "div", "li"):
                out.append(" ")

    parser = _Text(convert_charrefs=True)
    parser.feed(text)
    parser.close()
    return re.sub(r"\s+", " ", "".join(out)).strip()


#: Moodle's text formats, by the names GIFT markers (``[html]``) and Moodle XML (``format=``) give them
TEXT_FORMATS = {
    "html": "html",
    "moodle": "moodle",
    "moodle_auto_format": "moodle",
    "plain": "plain",
    "plain_text": "plain",
    "markdown": "markdown",
}


def markdown_html(text: str) -> str:
    """Markdown as Moodle renders it, to HTML (CommonMark, by markdown-it-py)."""
    from markdown_it import MarkdownIt

    html_out: str = MarkdownIt("commonmark").render(text)
    return html_out


def as_html(text: str, fmt: str) -> tuple[str, bool]:
    """Text in one of Moodle's formats as what it shows: HTML for ``html``, ``moodle`` (its
    auto-format, HTML where a tag is a tag) and ``markdown`` (rendered); ``plain`` stays text.
    Returns the text and whether it is HTML."""
    if fmt == "markdown":
        return markdown_html(text), True
    return text, fmt != "plain"


def text_in_format(text: str, fmt: str) -> str:
    """The plain text a reader sees of ``text`` written in Moodle format ``fmt``."""
    shown, is_html = as_html(text, fmt)
    return html_to_text(shown).strip() if is_html else shown


def locate_sources(
    refs: Sequence[ExcerptRef], article_text: str | None, answer: str = ""
) -> tuple[tuple[Source, ...], list[str]]:
    """Turn excerpts read from a file into :class:`Source` objects over the article.

    Without the article text nothing can be checked, so no sources are kept. An excerpt is
    taken at its recorded offsets when the article says the same there, else at its first
    occurrence; one not found is dropped with a warning.
    """
    if not refs or not article_text:
        return (), []
    sources: list[Source] = []
    warnings: list[str] = []
    for ref in refs:
        if not ref.text:
            continue
        start = ref.start
        if start is None or article_text[start : start + len(ref.text)] != ref.text:
            start = article_text.find(ref.text)
        if start < 0:
            warnings.append(f"an excerpt is not in the article and was dropped: {ref.text[:60]!r}")
            continue
        end = start + len(ref.text)
        highlight: tuple[int, int] | None = None
        if ref.highlight is not None and 0 <= ref.highlight[0] <= ref.highlight[1] <= len(ref.text):
            highlight = (start + ref.highlight[0], start + ref.highlight[1])
        elif answer:
            at = ref.text.find(answer)
            if at >= 0:
                highlight = (start + at, start + at + len(answer))
        sources.append(Source(start, end, ref.text, highlight))
    return tuple(sources), warnings


def refs_of(sources: Iterable[Source]) -> list[ExcerptRef]:
    """Sources as excerpt references (used by formats that store the words and offsets)."""
    return [
        ExcerptRef(
            s.text, s.start, (s.highlight[0] - s.start, s.highlight[1] - s.start) if s.highlight else None
        )
        for s in sources
    ]


def wildcard_escape(answer: str) -> str:
    """A short answer as Moodle matches it, where ``*`` is a wildcard and ``\\*`` a star."""
    return answer.replace("*", "\\*")


def wildcard_unescape(answer: str) -> str | None:
    """Undo :func:`wildcard_escape`; None when the answer has a real wildcard (a bare ``*``)."""
    if re.search(r"(?<!\\)\*", answer):
        return None
    return answer.replace("\\*", "*")


def fraction_percent(n: int) -> str:
    """100/n as Moodle writes grade fractions (five decimals, trailing zeros dropped)."""
    return f"{100 / n:.5f}".rstrip("0").rstrip(".")


#: Moodle accepts only these answer grades (as percentages): 100/n for n in 1..10 and 20.
MOODLE_SPLITS = (*range(1, 11), 20)
