"""questions: turn a news article into an explained question bank.

A pure library (no Flask, SQLAlchemy or WTForms). The public API::

    from questions import read_article, parse_article, generate_bank, bank_to_dict

    article = read_article(path_or_bytes, filename="story.html")   # -> Article
    bank = generate_bank(article)                                    # -> Bank
    json_ready = bank_to_dict(bank)                                  # quizbank/1

``generate_bank`` also accepts plain text. Bad input raises :class:`ArticleError` with a
message fit to show a user; an article with nothing to ask gives an empty bank whose
``empty_reason`` says why.
"""

from typing import TYPE_CHECKING, Any

from questions.article import MAX_BYTES, Article, ArticleError, parse_article, read_article
from questions.bank import (
    FORMAT,
    KINDS,
    TYPES,
    ArticleInfo,
    Bank,
    BankFormatError,
    ChoiceNote,
    Dropped,
    PartialCredit,
    Question,
    Source,
    bank_from_dict,
    bank_to_dict,
)

if TYPE_CHECKING:
    from questions.pipeline import GENERATOR_VERSION, generate_bank


def __getattr__(name: str) -> Any:
    """The generator (and spaCy with it) is imported on first use, so that reading and writing
    files (``python -m questions export``, the formats) does not pay for loading it."""
    if name in ("GENERATOR_VERSION", "generate_bank"):
        from questions import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'questions' has no attribute {name!r}")


__all__ = [
    "MAX_BYTES",
    "Article",
    "ArticleError",
    "parse_article",
    "read_article",
    "FORMAT",
    "KINDS",
    "TYPES",
    "ArticleInfo",
    "Bank",
    "BankFormatError",
    "ChoiceNote",
    "Dropped",
    "PartialCredit",
    "Question",
    "Source",
    "bank_from_dict",
    "bank_to_dict",
    "GENERATOR_VERSION",
    "generate_bank",
]
