"""Speakers named by an office, and demands reported as speech or obligation.

Each article is short and made up; the assertions are what a reader of the quiz would notice: the
question asked and its key, or that nothing is asked.
"""

from __future__ import annotations

from functools import cache

import questions as qs
from tests.questions.helpers import norm

FILLER = (
    "The announcement came at a busy time for the region, where several projects are under way.\n\n"
    "Local businesses said they were watching the situation closely and would comment later."
)


@cache
def questions_of(text: str) -> tuple[qs.Question, ...]:
    return qs.generate_bank(text + "\n\n" + FILLER).questions


def keys(text: str, kind: str, prompt_part: str) -> set[str]:
    return {
        q.answer
        for q in questions_of(text)
        if q.kind == kind
        and q.type in ("multiple_choice", "short_answer")
        and norm(prompt_part) in norm(q.prompt)
    }


OFFICE = (
    "Fishing quota rejected\n\n"
    "The fishing quota for the northern coast was set on Monday by the ministry in Kelby.\n\n"
    "The Northland Regional Commissioner for Coastal Fisheries said the quota did "
    '"not protect a single fishing family on the northern coast".'
)


def test_an_office_named_with_its_for_phrase_is_the_whole_speaker() -> None:
    assert keys(OFFICE, "speaker", "not protect a single fishing family") == {
        "Northland Regional Commissioner for Coastal Fisheries"
    }


THEY_SHOULD = (
    "Ferry fares to rise\n\n"
    "Harbour Ferries will raise its fares on the island route in May.\n\n"
    'The Kelby Traders Guild said: "If the company thinks the route loses money, they should just '
    'ask us whether we want a cheaper boat."'
)


def test_a_pronoun_obligation_is_asked_with_the_pronoun_as_said() -> None:
    prompts = {
        q.prompt: q.answer
        for q in questions_of(THEY_SHOULD)
        if q.kind == "demand" and q.type == "short_answer"
    }
    asked = [
        a for p, a in prompts.items() if p.startswith("What did the Kelby Traders Guild say they should do")
    ]
    assert asked and norm(asked[0]).startswith("ask us whether we want a cheaper boat"), prompts
    assert not any(p.startswith("According to Kelby Traders Guild") for p in prompts), prompts
