"""How demand questions name their party and their tense: as the article does.

Each article is short and made up; the assertions are what a reader of the quiz would notice: the
prompt's wording ("the US", "What will … offer to do?"), and that hearsay is never asked as the
party's own want.
"""

from __future__ import annotations

from functools import cache

import questions as qs
from questions.build.demand_prompts import tidy_party
from tests.questions.helpers import norm

FILLER = (
    "The announcement came at a busy time for the region, where several projects are under way.\n\n"
    "Local businesses said they were watching the situation closely and would comment later."
)


@cache
def demand_questions(text: str) -> tuple[qs.Question, ...]:
    bank = qs.generate_bank("Harbour news\n\n" + text + "\n\n" + FILLER)
    return tuple(q for q in bank.questions if q.kind == "demand")


def prompts(text: str, answer: str) -> list[str]:
    return [q.prompt for q in demand_questions(text) if norm(answer) in norm(q.answer)]


def test_a_name_the_article_writes_with_the_keeps_it() -> None:
    text = "The US has called for a review of the crossing's safety rules."
    asked = prompts(text, "a review of the crossing's safety rules")
    assert asked and all("the US" in p for p in asked), asked
    assert not any(" US " in p.replace("the US", "") for p in asked), asked


def test_a_name_the_article_writes_bare_stays_bare() -> None:
    text = "Harbour Ferries wants to sell two of its older boats."
    asked = prompts(text, "sell two of its older boats")
    assert asked and all("the Harbour Ferries" not in p for p in asked), asked


def test_will_offer_is_asked_in_the_future() -> None:
    text = "Harbour Ferries will offer to cut fares for island residents from next month."
    asked = prompts(text, "cut fares for island residents")
    assert asked and all(p.startswith("What will Harbour Ferries offer to do") for p in asked), asked


def test_has_called_for_is_asked_in_the_perfect() -> None:
    text = "The Kelby Council has called for a review of the crossing's safety rules."
    asked = prompts(text, "a review of the crossing's safety rules")
    assert asked and all(p.startswith("What has the Kelby Council called for") for p in asked), asked


def test_wants_is_asked_in_the_present() -> None:
    text = "The Kelby Council wants to repair the old pier before the summer."
    asked = prompts(text, "repair the old pier")
    assert asked and all(p.startswith("What does the Kelby Council want to do") for p in asked), asked


def test_hearsay_is_not_asked_as_the_party_s_want() -> None:
    text = "Harbour Ferries is said to want to sell two of its older boats, people close to the firm say."
    assert prompts(text, "sell two of its older boats") == []


def test_a_possessive_is_not_part_of_the_party_s_name() -> None:
    text = "Kelby Rovers' bid to buy the harbour stadium was rejected by the council on Monday."
    asked = prompts(text, "buy the harbour stadium")
    assert all("Rovers'" not in p and "Rovers’" not in p for p in asked), asked


def test_a_plural_name_takes_an_apostrophe_alone() -> None:
    text = (
        "Harbour Ferries wants to sell two of its older boats. Harbour Ferries also wants to close the "
        "night service. Harbour Ferries wants to open a new route to Kelby Island. Harbour Ferries wants "
        "to raise the price of a season ticket.\n\nThe council built a new car park near the quay last "
        "year. Workers repaired the old sea wall in March. The mayor opened the new library in town."
    )
    asked = [q.prompt for q in demand_questions(text)]
    assert asked and not any("Ferries's" in p for p in asked), asked
    # each later item is asked as what else it wants, other than one named: no "also among its aims"
    assert any("other than" in p for p in asked), asked
    said = tidy_party(text, "Harbour Ferries", "Which of these was also among Harbour Ferries's aims?")
    assert said == "Which of these was also among Harbour Ferries' aims?"


def test_the_speaker_s_we_is_not_left_in_the_prompt() -> None:
    text = '"We must cut the fares for island families," said Maria Lopez, the head of the Kelby Council.'
    asked = [q.prompt for q in demand_questions(text)]
    assert asked and not any(" we " in p for p in asked), asked
