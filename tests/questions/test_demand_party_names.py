"""A party the article writes two ways (its name and its acronym) is asked about as one party.

Made-up article; the assertions are what a student would notice: a list that says it holds all the
party wanted must not leave out what the article reports under the party's other name.
"""

from __future__ import annotations

from functools import cache

import questions as qs

ACRONYM = (
    "Ferry firm sets out its plans\n\n"
    "Harbour Ferries Group (HFG) says it wants to become the biggest ferry operator on the coast.\n\n"
    "Harbour Ferries Group also wants to compete with the rail companies on the island routes.\n\n"
    "HFG plans to double its fleet by 2030, its chief executive Mara Quell said on Tuesday.\n\n"
    "HFG also plans to open a new terminal in Porthwen and to cut fares for students.\n\n"
    "The island council said it would study the plans before its next meeting."
)


@cache
def bank() -> tuple[qs.Question, ...]:
    return qs.generate_bank(ACRONYM).questions


def test_one_party_under_two_names_is_asked_under_one() -> None:
    demands = [q for q in bank() if q.kind == "demand"]
    assert demands, [q.prompt for q in bank()]
    named_long = [q.prompt for q in demands if "Harbour Ferries Group" in q.prompt]
    named_short = [q.prompt for q in demands if "HFG" in q.prompt]
    assert not (named_long and named_short), (named_long, named_short)


def test_no_list_leaves_out_what_the_party_wanted_under_its_other_name() -> None:
    for q in bank():
        if q.kind == "demand" and q.type == "list":
            items = q.answer if isinstance(q.answer, str) else " | ".join(q.answer)
            assert "biggest ferry operator" in items and "double its fleet" in items, (q.prompt, items)


def test_a_plan_said_with_it_is_the_speakers_own() -> None:
    # "The island council said it would study the plans": the council's, not the ferry firm's
    studied = [q for q in bank() if q.kind == "demand" and "study the plans" in str(q.answer)]
    for q in studied:
        assert "island council" in q.prompt, q.prompt


CITED = (
    "Library hours cut in Kelby\n\n"
    "The Kelby Library Trust cut its opening hours on Saturday, its chairman Tom Beck said.\n\n"
    "The trust has gone to great lengths to keep the branches open, according to local historian "
    "Ann Lorrimer.\n\n"
    "Tickets for the autumn concerts go on sale next week, the organisers said."
)


def test_an_aim_told_according_to_someone_is_asked_as_their_reading() -> None:
    asked = [
        q
        for q in qs.generate_bank(CITED).questions
        if q.kind == "demand" and "branches open" in str(q.answer)
    ]
    assert asked, [q.prompt for q in qs.generate_bank(CITED).questions]
    for q in asked:
        assert q.prompt.startswith("According to Ann Lorrimer"), q.prompt
