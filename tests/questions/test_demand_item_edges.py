"""The items of a demand: one per coordinated verb even when the small model tags a bare verb as a
past tense ("reopen the market and cut the rents"), without the speaker's "too" or "as well", and
never a duration read as what is asked for ("asked for a second time").

Each article is short and made up; the assertions are the keys a reader of the quiz would see.
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
def demand_keys(text: str) -> tuple[str, ...]:
    bank = qs.generate_bank(text + "\n\n" + FILLER)
    return tuple(norm(q.answer) for q in bank.questions if q.kind == "demand" and q.type != "list")


CUT_AND = '"We want the council to reopen the market and cut the rents," said Tom Reed, the guild chair.'
PUT_AND = "Harbour Ferries plans to repaint the old pier and put new benches on the quay."
TOO = '"We would like to see a new car park too," said Tom Reed, the chair of the Kelby Traders Guild.'
AS_WELL_AS = "Harbour Ferries wants to build a harbour wall as well as a new pier."


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        (CUT_AND, {"reopen the market", "cut the rents"}),
        (PUT_AND, {"repaint the old pier", "put new benches on the quay"}),
        (TOO, {"see a new car park"}),
        (AS_WELL_AS, {"build a harbour wall", "build a new pier"}),
    ],
)
def test_each_item_is_its_own_whole_key(text: str, keys: set[str]) -> None:
    assert keys <= set(demand_keys(text)), demand_keys(text)


def test_a_duration_is_never_asked_as_what_a_party_asked_for() -> None:
    keys = demand_keys("Tom Reed asked for a second time whether the rents would rise.")
    assert "a second time" not in keys, keys


@pytest.mark.parametrize(
    ("text", "false_key"),
    [
        ("The Kelby Traders Guild urged the council not to close the market.", "close the market"),
        ("The Kelby Traders Guild would like the council not to close the market.", "close the market"),
        ("Harbour Ferries offered not to raise fares.", "raise fares"),
        ("In a bid not to lose passengers, Harbour Ferries will cut fares.", "lose passengers"),
        ("Harbour Ferries wants to cut fares and not close the depot.", "close the depot"),
    ],
)
def test_a_negated_item_is_never_asked_without_its_not(text: str, false_key: str) -> None:
    # the key would be the opposite of what the party wants, unless the prompt asks what it is against
    bank = qs.generate_bank(text + "\n\n" + FILLER)
    wrong = [
        q.prompt
        for q in bank.questions
        if q.kind == "demand" and norm(false_key) in norm(q.answer) and " not " not in f" {q.prompt} "
    ]
    assert not wrong, wrong
