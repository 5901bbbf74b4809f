"""Hypothesis feeds the generator random text: it either raises ArticleError or gives a bank
whose every excerpt is an exact slice of the article and whose choices hold the answer once."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import questions as qs

SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)

WORDS = st.sampled_from(
    [
        "The",
        "council",
        "said",
        "demanded",
        "wants",
        "proposed",
        "Mayor",
        "Ruth",
        "Penrose",
        "Ukraine",
        "NATO",
        "on",
        "in",
        "January",
        "26",
        "2014",
        "Tuesday",
        "last",
        "two",
        "years",
        "after",
        "according",
        "to",
        "Furthermore,",
        "they",
        "also",
        "called",
        "for",
        "a",
        "new",
        "bridge",
        "\u2014",
        "(@handle)",
        "(Image: AP)",
        "date",
        "2022-02-14",
        "3 March 2021",
        "post-1997",
        '"',
        "\u201c",
        "\u201d",
        "'",
        ":",
        ".",
        ",",
        "?",
        "\n",
        "\n\n",
        "\u00e9",
        "\u0416",
        "\U0001f600",
        "\t",
        "\u200b",
    ]
)
NEWSY = st.lists(WORDS, min_size=0, max_size=80).map(lambda ws: " ".join(ws))
ANY_TEXT = st.text(max_size=400)


def check(text: str) -> None:
    try:
        bank = qs.generate_bank(text)
    except qs.ArticleError as exc:
        assert str(exc).strip()
        return
    article = bank.article.text
    assert bank.questions or bank.empty_reason
    for q in bank.questions:
        assert q.sources
        for s in q.sources:
            assert 0 <= s.start < s.end <= len(article)
            assert article[s.start : s.end] == s.text
            if s.highlight:
                assert s.start <= s.highlight[0] <= s.highlight[1] <= s.end
        if q.type in ("multiple_choice", "true_false"):
            assert q.choices.count(q.answer) == 1
            assert len(set(q.choices)) == len(q.choices)


@SETTINGS
@given(ANY_TEXT)
def test_random_unicode(text: str) -> None:
    check(text)


@SETTINGS
@given(NEWSY)
def test_random_mixes_of_news_words_quotes_and_dates(text: str) -> None:
    check(text)


@SETTINGS
@given(st.lists(st.tuples(NEWSY, st.sampled_from(["\n", "\n\n", "\r\n", " "])), max_size=6))
def test_random_paragraphs(parts: list[tuple[str, str]]) -> None:
    check("".join(words + sep for words, sep in parts))
