"""Placeholder while the generator is written: returns an empty bank."""
from __future__ import annotations

from questions.article import Article, parse_article
from questions.bank import ArticleInfo, Bank

GENERATOR_VERSION = "0"


def generate_bank(article: Article | str, *, progress=None) -> Bank:
    if isinstance(article, str):
        article = parse_article(article)
    return Bank(ArticleInfo(article.title, article.published.isoformat() if article.published else None,
                            article.text), (), GENERATOR_VERSION, empty_reason="generator not written yet")
