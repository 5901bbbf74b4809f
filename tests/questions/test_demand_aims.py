"""Demand frames of aims, commitments, "for" clauses and threats: "in a bid to ...", "pressing ahead
with plans to ...", "committed to ...", "called for the toll to be scrapped", "warned it would strike
unless ...", "the union's demands include a pay rise and shorter shifts".

Each article is short and made up; the assertions are what a reader of the quiz would notice: the
question asked, its key, and that a forecast, a dropped plan or a pronoun nobody can resolve is
never asked as a demand.
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


IN_A_BID = "In a bid to cut costs, Harbour Ferries will close two ticket offices."
IN_AN_EFFORT = "Harbour Ferries will close two ticket offices in an effort to win back commuters."
PRESSING_AHEAD = "Harbour Ferries is pressing ahead with plans to close the old depot."
COMMITTED = "Harbour Ferries said it was committed to cutting delays on the island route."
CALLED_FOR_CLAUSE = "The Kelby Council called for the toll to be scrapped."
WARNED_UNLESS = "The Ferry Workers Union has warned it will strike unless pay is raised."
URGED_BY = "Harbour Ferries was urged by the Kelby Council to close the depot."
INCLUDE_GERUNDS = "Harbour Ferries' plans include cutting fares and opening a new route."
INCLUDE_NOUNS = "The Ferry Workers Union's demands include a pay rise and shorter shifts."
THREATENED_IF = "The Ferry Workers Union threatened that they would strike if the depot closed."


@pytest.mark.parametrize(
    ("text", "prompt_start", "answer"),
    [
        (IN_A_BID, "What did Harbour Ferries aim to do", "cut costs"),
        (IN_AN_EFFORT, "What did Harbour Ferries aim to do", "win back commuters"),
        (PRESSING_AHEAD, "What did Harbour Ferries plan to do", "close the old depot"),
        (COMMITTED, "What was Harbour Ferries committed to", "cutting delays on the island route"),
        (CALLED_FOR_CLAUSE, "What did the Kelby Council call for", "the toll to be scrapped"),
        (WARNED_UNLESS, "What did the Ferry Workers Union warn it would do", "strike unless pay is raised"),
        (
            THREATENED_IF,
            "What did the Ferry Workers Union threaten they would do",
            "strike if the depot closed",
        ),
    ],
)
def test_the_aim_or_threat_is_asked_of_its_party(text: str, prompt_start: str, answer: str) -> None:
    assert asked(text, prompt_start, answer), [(q.prompt, q.answer) for q in demand_questions(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Harbour Ferries has scrapped plans to close the old depot.",  # a dropped plan
        "The plans include a new pier.",  # nobody's plans
        "Harbour Ferries is not committed to cutting fares.",
        "Mr Tom Reed warned that it would rain if the wind turned.",  # a forecast, "it" is no party
        "The Ferry Workers Union warned it would take years unless the law changed.",
        "Mr Tom Reed warned that Harbour Ferries would lose money if fares rose.",  # a forecast
        # only possible: nothing offered or sought yet
        "Harbour Ferries could offer to pay for the repairs.",
        "Harbour Ferries might seek to close the depot.",
        "Harbour Ferries may demand a new pier.",
        # the subject of a passive is asked, it asks for nothing
        "Harbour Ferries is required to close the depot.",
        "Harbour Ferries was asked to close the depot.",
    ],
)
def test_a_forecast_a_dropped_plan_or_a_passive_subject_is_not_asked_as_a_demand(text: str) -> None:
    assert demand_questions(text) == (), [(q.prompt, q.answer) for q in demand_questions(text)]


def test_who_was_urged_is_never_asked_as_the_one_who_urged() -> None:
    prompts = [q.prompt for q in demand_questions(URGED_BY)]
    assert not any(p.startswith("What did Harbour Ferries") for p in prompts), prompts
