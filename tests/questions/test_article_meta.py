"""The article's metadata: the dateline is metadata, not the first paragraph; a wire dateline is
masked; a long headline is the title; an untitled article gets a generated title, marked so."""

from __future__ import annotations

import pytest

import questions as qs

BODY = (
    "The Kelby harbour trust voted on Tuesday to rebuild the ferry pier. The Kelby harbour trust said "
    "the work would start in May.\n\nIda Marsh, the trust's engineer, said the Kelby harbour trust "
    "had waited for years. Ida Marsh will lead the work with the Dunmore council."
)


def test_a_dateline_on_the_first_line_is_a_block_of_its_own() -> None:
    article = qs.parse_article("date 2024-03-08 " + BODY)
    assert article.published is not None and article.published.isoformat() == "2024-03-08"
    first, second = article.blocks[:2]
    assert (first.kind, article.text[first.start : first.end]) == ("dateline", "date 2024-03-08")
    assert second.kind == "paragraph" and article.text[second.start :].startswith("The Kelby harbour trust")


@pytest.mark.parametrize(
    ("opening", "masked", "published"),
    [
        ("KELBY (AP) — ", "KELBY (AP) —", None),
        ("PORT ELLEN, March 8, 2024 (Reuters) - ", "PORT ELLEN, March 8, 2024 (Reuters) -", "2024-03-08"),
        ("WASHINGTON — ", "WASHINGTON —", None),
    ],
)
def test_a_wire_dateline_is_masked(opening: str, masked: str, published: str | None) -> None:
    article = qs.parse_article("Harbour trust votes to rebuild pier\n\n" + opening + BODY)
    start = article.text.index(masked)
    assert article.is_masked(start, start + len(masked))
    assert not article.is_masked(start + len(masked) + 1, start + len(masked) + 10)
    assert (article.published.isoformat() if article.published else None) == published


def test_a_long_headline_on_the_first_line_is_the_title() -> None:
    headline = "Kelby harbour trust set to rebuild the old ferry pier after years of storms and repairs"
    article = qs.parse_article(headline + "\n\n" + BODY)
    assert article.title == headline


def test_an_untitled_article_gets_a_generated_title() -> None:
    bank = qs.generate_bank(qs.parse_article(BODY))
    assert bank.article.title_generated is True
    assert bank.article.title and "Kelby" in bank.article.title
    assert len(bank.article.title) <= 70
    d = qs.bank_to_dict(bank)
    assert d["article"]["title_generated"] is True
    loaded, _problems = qs.bank_from_dict(d)
    assert loaded.article.title_generated is True


def test_a_titled_article_keeps_its_title_and_old_banks_load() -> None:
    bank = qs.generate_bank(qs.parse_article("Harbour trust votes to rebuild pier\n\n" + BODY))
    assert bank.article.title == "Harbour trust votes to rebuild pier"
    assert bank.article.title_generated is False
    d = qs.bank_to_dict(bank)
    assert "title_generated" not in d["article"]
    loaded, _problems = qs.bank_from_dict(d)
    assert loaded.article.title_generated is False
