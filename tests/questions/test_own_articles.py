"""Articles the generator has never seen: six short news stories of our own (sport, business,
science, local politics, health, culture) with other quote, date and demand styles.

Each row names a fact a teacher would ask about, and the test looks for a question of the right
kind whose answer (and ISO value, for dates) is right and whose source excerpt holds the evidence.
Prompts are not compared word for word: only what a user would notice.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import questions as qs
from tests.questions.helpers import describe, norm, shown

ARTICLES = Path(__file__).resolve().parent / "articles"
SPORT = "sport_cup_final.txt"
BUSINESS = "business_dairy_deal.txt"
SCIENCE = "science_comet.txt"
LOCAL = "local_bus_routes.txt"
HEALTH = "health_gp_surgery.txt"
CULTURE = "culture_folk_festival.txt"

Banks = Callable[[Path], tuple[qs.Article, qs.Bank]]


@pytest.mark.parametrize(
    ("article", "title", "published"),
    [
        (SPORT, "Harbour City end ten-year wait for Northern Cup", "2021-03-12"),
        (BUSINESS, "Northwind Foods agrees £1.2bn takeover of Greenfield Dairy", "2023-06-14"),
        (CULTURE, "Folk festival organisers rule out move from city park", "2022-08-02"),
        (SCIENCE, "Amateur astronomers spot new comet over Scotland", "2024-09-20"),
        (LOCAL, "Council plans to cut village bus routes", "2022-11-18"),
        (HEALTH, "Nurses call for more staff as town's GP surgery struggles", "2023-05-22"),
    ],
)
def test_title_and_publication_date(article_bank: Banks, article: str, title: str, published: str) -> None:
    art, bank = article_bank(ARTICLES / article)
    assert (art.title, bank.article.title) == (title, title)
    assert bank.article.published == published


@pytest.mark.parametrize("article", (SPORT, BUSINESS, LOCAL, HEALTH, CULTURE))
def test_bank_is_sound(article_bank: Banks, bank_problems: Callable[..., list[str]], article: str) -> None:
    art, bank = article_bank(ARTICLES / article)
    kinds = bank.by_kind()
    assert bank.empty_reason is None
    assert kinds.get("date", 0) >= 2 and kinds.get("speaker", 0) >= 2, kinds
    assert bank_problems(bank, art) == []


@pytest.mark.parametrize(
    ("article", "answer", "value", "evidence"),
    [
        (SPORT, "3 March 2021", "2021-03-03", "Harbour City Rovers won the Northern Cup on 3 March 2021"),
        (SPORT, "2019", "2019", "The club last reached the final in 2019"),
        (BUSINESS, "1952", "1952", "Greenfield was founded in 1952"),
        (BUSINESS, "March 3", "2023-03-03", "The two boards first discussed a merger on March 3"),
        (
            SCIENCE,
            "12 September 2024",
            "2024-09-12",
            "photographed the faint object from a field near Aviemore",
        ),
        (SCIENCE, "Thursday", "2024-09-19", "the Royal Astronomical Society said on Thursday"),
        (SCIENCE, "1763", "1763", "The comet last passed the Sun in 1763"),
        (LOCAL, "2016", "2016", "the same routes were saved once before, in 2016"),
        (LOCAL, "last Tuesday", "2022-11-15", "A consultation closed last Tuesday"),
        (LOCAL, "1975", "1975", "who has lived in Little Hembury since 1975"),
        (HEALTH, "9 May 2023", "2023-05-09", "according to a report published by the local health board"),
        (HEALTH, "2022", "2022", "The surgery lost three of its seven doctors in 2022"),
        (CULTURE, "1987", "1987", "The festival, which began in 1987"),
        (CULTURE, "July", "2022-07", "drew 40,000 visitors over three days in July"),
    ],
)
def test_dates(article_bank: Banks, article: str, answer: str, value: str, evidence: str) -> None:
    _, bank = article_bank(ARTICLES / article)
    found = [
        q
        for q in bank.questions
        if q.kind == "date" and norm(q.answer) == norm(answer) and shown(q, evidence)
    ]
    assert found, f"no date question answered {answer!r} on {evidence!r}; dates:\n{describe(bank, 'date')}"
    assert {q.value for q in found} == {value}
    assert any(q.type == "multiple_choice" for q in found)


@pytest.mark.parametrize(
    ("article", "speaker", "quote"),
    [
        # "X said" after, with only the surname: the answer is the full name used elsewhere
        (SPORT, "Elena Kowalski", "We never stopped believing"),
        # "X said:" before
        (SPORT, "Tom Ashworth", "one mistake cost us the cup"),
        (BUSINESS, "Sarah Okafor", "This deal secures a future for hundreds of family farms"),
        # "according to X"
        (BUSINESS, "James Whitfield", "the price is high but the logic is sound"),
        (SCIENCE, "Isla Morrison", "It is the most exciting night of my life"),
        # curly quotes, a quote closed and reopened after "Holloway said"
        (LOCAL, "Margaret Holloway", "We cannot keep running buses"),
        (LOCAL, "Margaret Holloway", "The minibus will reach more people"),
        (LOCAL, "Dorothy Pratt", "My mother relies on that bus"),
        (HEALTH, "Helen Carter", "Every morning the phone lines are full"),
        (HEALTH, "Samuel Osei", "young doctors are choosing the cities"),
        # "X said in a statement that ... "quote""
        (CULTURE, "Naomi Fletcher", "is part of the festival's identity"),
        # "Writing for <publication>, X said": the publication is not the speaker
        (CULTURE, "Owen Price", "blown out of proportion"),
        # "Fletcher added" after two quotes, the second one closed and reopened
        (CULTURE, "Naomi Fletcher", "We want to be good neighbours"),
        (CULTURE, "Naomi Fletcher", "But the festival stays where it is"),
    ],
)
def test_speakers(article_bank: Banks, article: str, speaker: str, quote: str) -> None:
    _, bank = article_bank(ARTICLES / article)
    found = [q for q in bank.questions if q.kind == "speaker" and q.type != "true_false" and shown(q, quote)]
    assert found, f"no speaker question on {quote!r}; speakers:\n{describe(bank, 'speaker')}"
    assert {q.answer for q in found if q.type != "cloze"} == {speaker}
    assert any(speaker.split()[-1] in q.accepted for q in found if q.type == "short_answer")


@pytest.mark.parametrize(
    ("article", "party", "item", "evidence"),
    [
        (
            BUSINESS,
            "Food Workers Union",
            "a written guarantee that no jobs would be lost for three years",
            "The Food Workers Union demanded a written guarantee",
        ),
        (
            BUSINESS,
            "Food Workers Union",
            "a pay rise of 5% for factory staff",
            "The union also called for a pay rise",
        ),
        # "Furthermore, they also called for ...": the same party
        (
            BUSINESS,
            "Food Workers Union",
            "an independent review of the Greenfield pension scheme",
            "Furthermore, they also called for",
        ),
        (
            LOCAL,
            "Ashford Vale District Council",
            "replacing the routes with a dial-a-ride minibus service from April 2023",
            "The council proposed",
        ),
        (
            HEALTH,
            "Royal College of Nursing",
            "two extra nurse practitioners for the surgery",
            "The Royal College of Nursing demanded",
        ),
        # "The college also wants ...": the same party, named by a definite noun
        (
            HEALTH,
            "Royal College of Nursing",
            "the health board to pay for a locum doctor until a permanent partner is found",
            "The college also wants",
        ),
    ],
)
def test_demands(article_bank: Banks, article: str, party: str, item: str, evidence: str) -> None:
    _, bank = article_bank(ARTICLES / article)
    found = [
        q
        for q in bank.questions
        if q.kind == "demand"
        and (norm(q.answer) == norm(item) or norm(item) in map(norm, q.items))
        and shown(q, evidence)
    ]
    assert found, f"no demand question answered {item!r}; demands:\n{describe(bank, 'demand')}"
    asked = [q for q in found if q.type in ("multiple_choice", "short_answer", "list")]
    assert asked and all(party in q.prompt for q in asked), [q.prompt for q in found]


@pytest.mark.parametrize(
    ("article", "person", "role"),
    [
        (SPORT, "Elena Kowalski", "Rovers manager"),
        (SPORT, "Tom Ashworth", "Kingsbridge captain"),
        (BUSINESS, "Sarah Okafor", "Northwind chief executive"),
        (BUSINESS, "James Whitfield", "analyst"),
        (LOCAL, "Margaret Holloway", "Council leader"),
        (LOCAL, "Raj Mehta", "Opposition councillor"),
        (CULTURE, "Naomi Fletcher", "Festival director"),
    ],
)
def test_roles(article_bank: Banks, article: str, person: str, role: str) -> None:
    _, bank = article_bank(ARTICLES / article)
    described = [q for q in bank.questions if q.kind == "role" and person in q.prompt]
    assert any(norm(q.answer) == norm(role) for q in described), describe(bank, "role")
    assert any(
        q.answer == person and role.lower() in q.prompt.lower() for q in bank.questions if q.kind == "role"
    )
    assert not any(
        q.answer in ("Dr", "Mr", "Mrs", "Ms", "Professor") for q in bank.questions if q.kind == "role"
    )
