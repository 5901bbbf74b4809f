"""Ten real BBC articles the generator was not written for: it copes, and its banks are sound."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

import questions as qs

ARTICLES = Path(__file__).resolve().parents[3] / "shared" / "articles"
NAMES = sorted(p.name for p in ARTICLES.glob("bbc_*.txt")) if ARTICLES.is_dir() else []
Banks = Callable[[Path], tuple[qs.Article, qs.Bank]]

pytestmark = pytest.mark.skipif(
    not NAMES, reason=f"the BBC articles are not beside the repository ({ARTICLES})"
)


def test_all_ten_are_there() -> None:
    assert len(NAMES) == 10


@pytest.mark.parametrize("name", NAMES)
def test_bank_of_a_real_article(
    article_bank: Banks, scorer: ModuleType, bank_problems: Callable[..., list[str]], name: str
) -> None:
    article, bank = article_bank(ARTICLES / name)
    data = qs.bank_to_dict(bank)

    assert scorer.defects(data, {}) == []
    assert bank_problems(bank, article) == []
    assert len(bank.questions) >= 5, bank.empty_reason
    assert {q.kind for q in bank.questions} & {"date", "speaker", "demand"}
    # the first line is the title: it is asked about only as a headline that states a named
    # party's plan or wish ("EA to take on film and TV giants"), with the whole title as the source
    title_end = article.text.index("\n")
    assert all(
        s.start > title_end or (q.kind == "demand" and (s.start, s.end) == (0, title_end))
        for q in bank.questions
        for s in q.sources
    )


@pytest.mark.parametrize("name", [n for n in NAMES if n != "bbc_tech_170.txt"])
def test_the_first_line_is_the_title(article_bank: Banks, name: str) -> None:
    article, bank = article_bank(ARTICLES / name)
    first_line = article.text.split("\n", 1)[0]
    assert article.title == bank.article.title == first_line
    assert article.blocks[0].kind == "title"


@pytest.mark.parametrize("name", NAMES)
def test_the_same_article_gives_the_same_bank(article_bank: Banks, name: str) -> None:
    article, first = article_bank(ARTICLES / name)
    again = qs.generate_bank(qs.read_article(ARTICLES / name))

    assert [q.id for q in again.questions] == [q.id for q in first.questions]
    assert again == first
    assert len({q.id for q in first.questions}) == len(first.questions)
