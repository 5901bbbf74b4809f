"""A party's second aim asked by the same question as its first: the prompt says which one it sets
aside ("What else … other than …?"), and a typed answer accepts every aim the question asks.

Short made-up articles; the assertions are what a reader of the quiz sees: the prompt, its key and
what is accepted.
"""

from __future__ import annotations

import questions as qs
from tests.questions.helpers import norm
from tests.questions.test_demand_prompts import demand_questions

#: two offers of one verb in one sentence, in the present perfect
TWO_OFFERS = (
    "The Marlow Rail Company has offered to cut night fares and extend the harbour route, its chairman "
    "said on Monday."
)
#: the first aim holds a pronoun: named in another prompt, it is quoted as the article's words
POINTED = (
    "Ravi Castell told the Kelby Rovers players to leave them alone and focus on the cup, after the row.\n\n"
    "The club later said it had nothing to add."
)


def demands(text: str) -> tuple[qs.Question, ...]:
    return tuple(q for q in demand_questions(text) if q.type != "list")


def test_a_second_aim_is_asked_with_the_first_set_aside() -> None:
    asked = {norm(q.answer): q for q in demands(TWO_OFFERS)}
    second = asked.get("extend the harbour route")
    assert second is not None, [q.prompt for q in demands(TWO_OFFERS)]
    # the tense of the sentence's verb, said once for both items ("has offered to cut … and extend")
    assert second.prompt.startswith(
        "What else has the Marlow Rail Company offered to do other than cut night fares"
    ), second.prompt
    # the aim the prompt sets aside is not an answer to it
    assert "cut night fares" not in map(norm, second.accepted)


def test_a_typed_answer_accepts_every_aim_its_question_asks() -> None:
    first = next(q for q in demands(TWO_OFFERS) if norm(q.answer) == "cut night fares")
    assert first.prompt.startswith("What has the Marlow Rail Company offered to do"), first.prompt
    if first.type == "short_answer":
        assert "extend the harbour route" in map(norm, first.accepted), first.accepted
    else:
        assert not any(norm(c) == "extend the harbour route" for c in first.choices), first.choices


def test_no_bare_what_else() -> None:
    for text in (TWO_OFFERS, POINTED):
        for q in demands(text):
            assert "else" not in q.prompt or "other than" in q.prompt, q.prompt


def test_an_aim_with_a_pronoun_is_named_in_quotes() -> None:
    asked = [q.prompt for q in demands(POINTED)]
    assert any("other than “leave them alone”" in p for p in asked), asked
    assert not any("other than leave them alone" in p for p in asked), asked


def test_an_auxiliary_after_an_apposition_keeps_its_tense() -> None:
    text = (
        "The doctors, members of a new group called Harbour Health, have offered to run a flu clinic at the "
        "Kelby ferry terminal."
    )
    asked = [q.prompt for q in demands(text) if norm(q.answer).startswith("run a flu clinic")]
    assert asked and all(p.startswith("What have the doctors offered to do") for p in asked), asked


def test_a_plural_party_in_the_present_is_asked_in_the_present() -> None:
    text = "The Kelby Bay residents want to reopen the old ferry pier before the summer."
    asked = [q.prompt for q in demands(text) if "reopen the old ferry pier" in norm(q.answer)]
    assert asked and all(" did " not in p for p in asked), asked


def test_a_choice_of_more_than_twenty_words_is_cut_to_its_action() -> None:
    text = (
        "The Marlow Rail Company has offered to run a late night train for nurses at no cost to the "
        "council from the old Kelby Bay station on the harbour side of the town every weekend.\n\n"
        "The firm also said it would raise more money from friends and sponsors. Workers repaired the old "
        "sea wall in March. The mayor opened the new library in the town centre. Engineers checked the "
        "bridge over the river."
    )
    asked = [q for q in demands(text) if q.type == "multiple_choice" and "late night train" in q.answer]
    assert asked, [q.prompt for q in demands(text)]
    for q in asked:
        assert len(q.answer.split()) <= 20, q.answer
        assert any("every weekend" in a for a in q.accepted), q.accepted
