"""Demand frames read off a noun or a need: "reiterated its desire to ...", "the Trust requirement
that ...", "said new funding was needed to ...", "must change or be split", and long items asked by
their core.

Each article is short and made up; the assertions are what a reader of the quiz would notice: the
question asked, its key, and that nothing is asked whose party the text does not make certain.
"""

from __future__ import annotations

from functools import cache

import pytest

import questions as qs
from tests.questions.helpers import norm

FILLER = (
    "The announcement came at a busy time for the region, where several projects are under way.\n\n"
    "Local businesses said they were watching the situation closely and would comment later."
)


@cache
def demand_questions(text: str) -> tuple[qs.Question, ...]:
    bank = qs.generate_bank(text + "\n\n" + FILLER)
    return tuple(q for q in bank.questions if q.kind == "demand")


def asked(text: str, prompt_start: str, answer: str) -> bool:
    return any(
        q.prompt.startswith(prompt_start)
        and (norm(q.answer) == norm(answer) or norm(answer) in map(norm, q.items))
        for q in demand_questions(text)
    )


NEEDED = "The Harbour Traders Guild said new funding was still needed to keep the old lighthouse open."
NECESSARY = "The Ferry Workers Union said that more night staff were necessary."
OWN_DESIRE = "Portlow Council has reiterated its desire to rebuild the sea wall and widen the harbour road."
AMBITION_OF = "Portlow Council restated its ambition of reopening the fish market."
HIS_WISH = "Tom Reed repeated his wish to sail the harbour."
NAMED_REQUIREMENT = "The ferry manual notes the Harbour Trust requirement that boats be insured for storms."
OR_SPLIT = "Mr Tom Reed said Portlow Council must change or be split into two."
LONG_PLAN = (
    "The Marlow Rail Company also unveiled plans to cut the price of its most popular weekly season ticket "
    "by about 8% from April on routes with the most commuters."
)


@pytest.mark.parametrize(
    ("text", "prompt_start", "answer"),
    [
        (
            NEEDED,
            "What did the Harbour Traders Guild say was needed",
            "new funding to keep the old lighthouse open",
        ),
        (NECESSARY, "What did the Ferry Workers Union say was needed", "more night staff"),
        (OWN_DESIRE, "What did Portlow Council want to do", "rebuild the sea wall"),
        (OWN_DESIRE, "What else did Portlow Council want to do", "widen the harbour road"),
        (AMBITION_OF, "What was Portlow Council's ambition", "reopening the fish market"),
        (HIS_WISH, "What did Tom Reed want to do", "sail the harbour"),
        (NAMED_REQUIREMENT, "What did the Harbour Trust require", "boats be insured for storms"),
        (OR_SPLIT, "According to Tom Reed, what must Portlow Council do", "change or be split into two"),
        (
            LONG_PLAN,
            "What did the Marlow Rail Company plan to do",
            "cut the price of its most popular weekly season ticket",
        ),
    ],
)
def test_the_demand_is_asked_of_its_party(text: str, prompt_start: str, answer: str) -> None:
    got = [(q.prompt, q.answer) for q in demand_questions(text)]
    assert asked(text, prompt_start, answer), got


def test_a_long_item_asked_by_its_core_accepts_the_whole_item() -> None:
    q = next(q for q in demand_questions(LONG_PLAN) if q.answer.startswith("cut the price"))
    assert q.type == "short_answer"
    assert any(a.endswith("on routes with the most commuters") for a in q.accepted)


def test_an_alternative_is_never_asked_as_a_demand_of_its_own() -> None:
    # "must change or be split": "be split into two" alone is not what Mr Reed said the council must do
    assert not any(norm(q.answer) == "be split into two" for q in demand_questions(OR_SPLIT))


@pytest.mark.parametrize(
    "text",
    [
        # the plan is not announced: nobody's plan
        "The Kelby Rovers club did not announce plans to sell the ground.",
        # a guess, not a demand
        "Ms Ada Hale said extra police might be needed at the match.",
        "Portlow Council said new funding was not needed.",
        "Portlow Council said no new funding was needed.",
        # no plan at all: a key "close the depot" would be false
        "Harbour Ferries has no plans to close the depot.",
        "Harbour Ferries said it had no intention of closing the depot.",
        # a clause of a noun the sentence calls false
        "Harbour Ferries said claims that it wanted to close the depot were false.",
        # "her" is Anna Pike's wish, or another woman's: not Tom Reed's
        "Anna Pike said Tom Reed had repeated her wish to sail the harbour.",
    ],
)
def test_nothing_is_asked_when_the_party_or_the_wish_is_not_certain(text: str) -> None:
    assert demand_questions(text) == (), [(q.prompt, q.answer) for q in demand_questions(text)]
