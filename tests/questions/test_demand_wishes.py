"""Demand frames of wishes, insistence, conditions and offers of help: "would like to see ...",
"would like X to ...", "insisted that ... must ...", "will only ... if ...", "volunteered to ...".

Each article is short and made up; the assertions are what a reader of the quiz would notice: the
question asked, its key, and that a claim, a habit or a refusal is never asked as a demand.
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


WOULD_LIKE = "The Kelby Council would like to see more police on the streets."
SAID_IT_WOULD_LIKE = "The Kelby Council said it would like to see more police on the streets."
WOULD_LIKE_OTHER = "The Kelby Council would like Harbour Ferries to run a night service."
WE_WOULD_LIKE = (
    '"We would like to see more police on the streets," said Tom Reed, the chair of the Kelby Traders Guild.'
)
WOULD_LOVE = '"I would love to play for Kelby Rovers," said Tom Reed.'
INSIST_MUST = "The Kelby Council insisted that the bridge must be repaired before winter."
ONLY_IF = "The Ferry Workers Union will only call off the strike if Harbour Ferries raises pay."
VOLUNTEER = "The Ferry Workers Union volunteered to run the night ferry."


@pytest.mark.parametrize(
    ("text", "prompt_start", "answer"),
    [
        (WOULD_LIKE, "What would the Kelby Council like to do", "see more police on the streets"),
        (SAID_IT_WOULD_LIKE, "What would the Kelby Council like to do", "see more police on the streets"),
        (WOULD_LIKE_OTHER, "What would the Kelby Council like Harbour Ferries to do", "run a night service"),
        (WE_WOULD_LIKE, "What did Tom Reed say was wanted", "see more police on the streets"),
        (WOULD_LOVE, "What would Tom Reed love to do", "play for Kelby Rovers"),
        (INSIST_MUST, "What did the Kelby Council insist", "the bridge must be repaired before winter"),
        (
            ONLY_IF,
            "On what condition would the Ferry Workers Union call off the strike",
            "Harbour Ferries raises pay",
        ),
        (VOLUNTEER, "What did the Ferry Workers Union volunteer to do", "run the night ferry"),
    ],
)
def test_the_wish_or_condition_is_asked_of_its_party(text: str, prompt_start: str, answer: str) -> None:
    assert asked(text, prompt_start, answer), [(q.prompt, q.answer) for q in demand_questions(text)]


def test_a_wish_is_never_asked_as_a_plan_that_begins_with_like() -> None:
    # "said it would like to see ...": not "What did the council say it would do? → like to see ..."
    assert not any(norm(q.answer).startswith("like to") for q in demand_questions(SAID_IT_WOULD_LIKE))


@pytest.mark.parametrize(
    "text",
    [
        "Mr Tom Reed insisted that he was innocent.",  # a claim, not a demand
        "Tom Reed likes to sail the harbour.",  # a habit, not a wish
        "The Ferry Workers Union would not like to see the depot closed.",  # against, not a wish
        # another's report of the council's wish: not asked as the council's own
        "Mr Tom Reed said the Kelby Council would like to see more police on the streets.",
    ],
)
def test_a_claim_a_habit_or_a_refusal_is_not_asked_as_a_wish(text: str) -> None:
    assert demand_questions(text) == (), [(q.prompt, q.answer) for q in demand_questions(text)]
