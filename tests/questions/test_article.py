"""Article ingestion: formats, encodings, datelines, titles, and the structure that never becomes a
question (headings, photo credits), with embedded social posts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import questions as qs

BODY = (
    "The mayor of Ashford Vale opened the new river bridge on 3 March 2021, two years after the old one "
    "collapsed in a storm.\n\n"
    "\u201cThis bridge joins our two towns again,\u201d said Mayor Ruth Penrose. "
    "Engineers said the bridge would carry 9,000 vehicles a day.\n"
)

HTML = """<!doctype html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Bridge reopens after storm | Vale Courier</title>
<meta property="og:title" content="Bridge reopens after storm">
<meta property="article:published_time" content="2021-03-04T09:30:00Z">
<meta property="og:site_name" content="Vale Courier">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<article>
<h1>Bridge reopens after storm</h1>
<p>The mayor of Ashford Vale opened the new river bridge on 3 March 2021, two years after the old one
collapsed in a storm that flooded the valley and cut the two towns off from each other for weeks.</p>
<p>&ldquo;This bridge joins our two towns again,&rdquo; said Mayor Ruth Penrose, who cut the ribbon in front
of several hundred residents and schoolchildren who had gathered on both banks of the river.</p>
<p>Engineers said the bridge would carry 9,000 vehicles a day and was designed to survive a flood twice as
high as the one that destroyed the old crossing.</p>
</article>
<footer><p>Copyright Vale Courier. All rights reserved. Cookie settings.
Subscribe to our newsletter.</p></footer>
</body></html>
"""

MARKDOWN = (
    "# Bridge reopens after storm\n\n"
    "The mayor of *Ashford Vale* opened the new river bridge on **3 March 2021**, "
    "two years after the old one collapsed in a storm.\n\n"
    "## Reaction\n\n"
    "\u201cThis bridge joins our two towns again,\u201d said [Mayor Ruth Penrose](https://example.org/penrose).\n"
)


@pytest.mark.parametrize(
    ("filename", "data", "title", "published", "has", "lacks"),
    [
        (
            "bridge.txt",
            ("Bridge reopens after storm\n\n" + BODY).encode(),
            "Bridge reopens after storm",
            None,
            ["said Mayor Ruth Penrose"],
            [],
        ),
        (
            "bridge.md",
            MARKDOWN.encode(),
            "Bridge reopens after storm",
            None,
            ["opened the new river bridge on 3 March 2021", "said Mayor Ruth Penrose."],
            ["**", "*Ashford", "](", "#"],
        ),
        (
            "bridge.html",
            HTML.encode(),
            "Bridge reopens after storm",
            "2021-03-04",
            [
                "opened the new river bridge on 3 March 2021",
                "\u201cThis bridge joins our two towns again,\u201d",
            ],
            ["<p>", "&ldquo;", "Cookie settings", "Subscribe to our newsletter"],
        ),
    ],
    ids=["txt", "md", "html"],
)
def test_formats_give_the_article_text(
    filename: str, data: bytes, title: str, published: str | None, has: list[str], lacks: list[str]
) -> None:
    article = qs.read_article(data, filename=filename)

    assert article.title == title
    assert (article.published.isoformat() if article.published else None) == published
    for words in has:
        assert words in article.text
    for junk in lacks:
        assert junk not in article.text


def test_a_path_is_read_like_its_bytes(tmp_path: Path) -> None:
    path = tmp_path / "bridge.md"
    path.write_bytes(MARKDOWN.encode())

    assert qs.read_article(path).text == qs.read_article(MARKDOWN.encode(), filename="bridge.md").text


@pytest.mark.parametrize(
    ("data", "warned"),
    [
        (BODY.encode("utf-8"), False),
        (b"\xef\xbb\xbf" + BODY.encode("utf-8"), False),
        (BODY.encode("cp1252"), True),
    ],
    ids=["utf-8", "utf-8-bom", "windows-1252"],
)
def test_encodings(data: bytes, warned: bool) -> None:
    article = qs.read_article(data, filename="bridge.txt")

    assert article.text == BODY.strip()  # curly quotes right, no BOM character left
    assert article.text.startswith("The mayor")
    assert any("Windows-1252" in w for w in article.warnings) is warned


def test_windows_1252_warning_reaches_the_bank() -> None:
    bank = qs.generate_bank(qs.read_article(BODY.encode("cp1252"), filename="bridge.txt"))

    assert any("Windows-1252" in w for w in bank.warnings)


PARA = "\n\nThe mayor opened the new bridge on Monday, officials said. Hundreds of people walked across it."


@pytest.mark.parametrize(
    ("first_line", "published"),
    [
        ("date 2022-02-14", "2022-02-14"),
        ("2023-06-14", "2023-06-14"),
        ("Date: 2023-06-14", "2023-06-14"),
        ("published: 14 June 2023", "2023-06-14"),
        ("14 June 2023", "2023-06-14"),
        ("June 14, 2023", "2023-06-14"),
        ("Wednesday, 14 June 2023", "2023-06-14"),
        ("Published: 14 June 2023", "2023-06-14"),
        ("PUBLISHED 14 June 2023", "2023-06-14"),
        ("Posted June 14, 2023 -", "2023-06-14"),
    ],
)
def test_datelines_give_the_publication_date_and_are_not_the_title(first_line: str, published: str) -> None:
    article = qs.parse_article(first_line + PARA)

    assert article.published is not None and article.published.isoformat() == published
    assert article.title is None
    assert article.blocks[0].kind == "dateline"


def test_dateline_on_the_first_line_of_text_is_masked(seed_article: qs.Article, seed_bank: qs.Bank) -> None:
    """The seed starts ``date 2022-02-14 Russian aggression ...``: the date is not a statement."""
    assert seed_article.published is not None and seed_article.published.isoformat() == "2022-02-14"
    dateline_end = seed_article.text.index("2022-02-14") + len("2022-02-14")
    assert seed_article.is_masked(0, dateline_end)
    assert not any(
        q.kind == "date" and q.value == "2022-02-14" and q.sources[0].start < dateline_end
        for q in seed_bank.questions
    )


def test_a_dateline_after_the_title() -> None:
    article = qs.parse_article("Bridge reopens after storm\nPublished: 14 June 2023" + PARA)

    assert article.title == "Bridge reopens after storm"
    assert article.published is not None and article.published.isoformat() == "2023-06-14"
    assert [b.kind for b in article.blocks[:3]] == ["title", "dateline", "paragraph"]


def test_a_publication_date_given_by_the_caller_wins() -> None:
    article = qs.parse_article("2023-06-14" + PARA, published="2020-01-01")

    assert article.published is not None and article.published.isoformat() == "2020-01-01"


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Bridge reopens after storm" + PARA, "Bridge reopens after storm"),
        ("date 2021-03-04\nBridge reopens after storm" + PARA, "Bridge reopens after storm"),
        ("Is the new bridge safe?" + PARA, "Is the new bridge safe?"),
        (PARA.strip(), None),
        ("The mayor opened the new bridge on Monday, officials said.", None),
    ],
    ids=["first-line", "after-dateline", "question-title", "no-title", "one-sentence"],
)
def test_title_detection(text: str, title: str | None) -> None:
    assert qs.parse_article(text).title == title


STRUCTURED = """date 2021-03-10
Harbour City end ten-year wait for cup

Harbour City Rovers won the Northern Cup on 3 March 2021 after a late goal from Marcus Delaney.

Delaney scores late winner

"I have dreamed about a night like this," Marcus Delaney said after the final whistle.

(Image: PA)

What happens next?

The club said on Tuesday that the squad would parade the trophy through the city on Sunday.

Fans gathered outside the stadium. (Photo: Getty Images) Many stayed until midnight.
"""


@pytest.fixture(scope="module")
def structured() -> tuple[qs.Article, qs.Bank]:
    article = qs.parse_article(STRUCTURED)
    return article, qs.generate_bank(article)


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("date 2021-03-10", "dateline"),
        ("Harbour City end ten-year wait for cup", "title"),
        ("Delaney scores late winner", "heading"),
        ("(Image: PA)", "credit"),
        ("What happens next?", "heading"),
        ("Fans gathered outside the stadium. (Photo: Getty Images) Many stayed until midnight.", "paragraph"),
    ],
)
def test_structure_of_the_article(structured: tuple[qs.Article, qs.Bank], line: str, kind: str) -> None:
    article, _ = structured
    start = article.text.index(line)
    block = next(b for b in article.blocks if b.start == start)
    assert (article.text[block.start : block.end], block.kind) == (line, kind)


@pytest.mark.parametrize(
    "words",
    [
        "Delaney scores late winner",
        "(Image: PA)",
        "What happens next?",
        "(Photo: Getty Images)",
        "Harbour City end ten-year wait for cup",
        "2021-03-10",
    ],
)
def test_headings_titles_and_credits_never_become_question_sources(
    structured: tuple[qs.Article, qs.Bank], words: str
) -> None:
    article, bank = structured
    start = article.text.index(words)
    end = start + len(words)
    assert bank.questions, "the article has facts to ask about"
    assert article.is_masked(start, end)
    for q in bank.questions:
        for s in q.sources:
            assert not (s.start < end and start < s.end), f"{q.prompt!r} is sourced from {words!r}"
        assert words not in q.prompt
        assert not any(words in c for c in q.choices)


def test_the_structured_article_still_asks_about_its_statements(
    structured: tuple[qs.Article, qs.Bank],
) -> None:
    _, bank = structured
    assert any(q.kind == "date" and q.value == "2021-03-03" for q in bank.questions)
    assert any(q.kind == "speaker" and q.answer == "Marcus Delaney" for q in bank.questions)


POST = (
    "I spoke with the mayor today about the flood defences. Work starts next month. "
    "\u2014 Jane Holt (@JaneHoltMP) February 12, 2022"
)


@pytest.mark.parametrize(
    ("line", "author", "handle", "date_text", "words"),
    [
        (POST, "Jane Holt", "@JaneHoltMP", "February 12, 2022", "Work starts next month."),
        (
            "Proud of our volunteers tonight. - River Trust (@RiverTrust)",
            "River Trust",
            "@RiverTrust",
            None,
            "Proud of our volunteers tonight.",
        ),
    ],
)
def test_embedded_posts(line: str, author: str, handle: str, date_text: str | None, words: str) -> None:
    text = "date 2022-02-14\n\nThe council met on Friday to discuss the flood defences.\n\n" + line
    article = qs.parse_article(text)

    [post] = article.posts
    assert (post.author, post.handle, post.date_text) == (author, handle, date_text)
    assert article.text[post.start : post.end].rstrip().endswith(words)
    assert article.text[post.author_start : post.author_end] == author
    if date_text:
        assert post.date_start is not None and post.date_end is not None
        assert article.text[post.date_start : post.date_end] == date_text


def test_an_embedded_post_is_asked_about_with_its_author_and_date() -> None:
    text = "date 2022-02-14\n\nThe council met on Friday to discuss the flood defences.\n\n" + POST
    bank = qs.generate_bank(qs.parse_article(text))

    assert any(
        q.kind == "speaker" and q.answer == "Jane Holt" and "flood defences" in q.sources[0].text
        for q in bank.questions
    )
    assert any(q.kind == "date" and q.value == "2022-02-12" for q in bank.questions)
    assert not any("@JaneHoltMP" in q.answer for q in bank.questions)


def test_every_source_is_an_exact_slice_of_the_article(
    structured: tuple[qs.Article, qs.Bank],
    seed_article: qs.Article,
    seed_bank: qs.Bank,
    bank_problems: Callable[..., list[str]],
) -> None:
    article, bank = structured
    for a, b in ((article, bank), (seed_article, seed_bank)):
        assert b.article.text == a.text
        sources = [s for q in b.questions for s in q.sources]
        assert sources
        assert all(s.text == a.text[s.start : s.end] for s in sources)
        assert bank_problems(b, a) == []


def test_the_soundness_check_catches_what_a_user_would_notice(
    seed_article: qs.Article, seed_bank: qs.Bank, bank_problems: Callable[..., list[str]]
) -> None:
    """Guards ``bank_problems``, which most tests here rely on."""
    from dataclasses import replace

    mc = next(q for q in seed_bank.questions if q.type == "multiple_choice")
    src = mc.sources[0]
    broken = [
        replace(mc, sources=(replace(src, start=src.start + 1),)),
        replace(mc, choices=(*mc.choices[:3], mc.answer))
        if mc.choices[3] != mc.answer
        else replace(mc, choices=(mc.answer, *mc.choices[1:])),
        replace(mc, prompt=f"Is it {mc.answer}?"),
        replace(mc, sources=(replace(src, start=0, end=10, text=seed_article.text[:10], highlight=None),)),
    ]
    for question in broken:
        assert bank_problems(seed_bank.with_questions([question]), seed_article), question
