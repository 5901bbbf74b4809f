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
    Question,
    Source,
    bank_from_dict,
    bank_to_dict,
)
from questions.pipeline import GENERATOR_VERSION, generate_bank

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
    "Question",
    "Source",
    "bank_from_dict",
    "bank_to_dict",
    "GENERATOR_VERSION",
    "generate_bank",
]
