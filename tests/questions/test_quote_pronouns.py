"""Whom "he", "she" and "they" stand for inside a quotation: only the one compatible party the
same quotation names before them, never the speaker, never a name from outside the quotation.

Each article is short and made up; a demand whose party is unsure is not asked at all.
"""

from __future__ import annotations

import pytest

from tests.questions.test_demands import asked, demand_questions

#: the one person the quotation names before "he"
HE_SAME_SENTENCE = (
    'Club news\n\n"Sam Ketteridge is a fine player and he wants to win the cup," said Ann Lark on Monday.'
)
HE_NEXT_SENTENCE = (
    "Club news\n\n"
    '"I was sure Sam Ketteridge wanted to stay. He is keen to win the cup," said Ann Lark on Monday.'
)
#: a club the quotation treats as plural ("have"), then "they"
THEY_CLUB = (
    "Cup race\n\n"
    "Coach Tom Bell spoke on Saturday. "
    'He said: "Kelby United have lost only once this season. They are determined to win the league."'
)
#: a group of people the quotation names, then "they"
THEY_GROUP = (
    'Ward row\n\n"The nurses have waited long enough. They want a pay rise before the winter," said Ann Lark.'
)


@pytest.mark.parametrize(
    ("text", "prompt_start", "answer"),
    [
        (HE_SAME_SENTENCE, "According to Ann Lark, what does Sam Ketteridge want to do", "win the cup"),
        (HE_NEXT_SENTENCE, "According to Ann Lark, what was Sam Ketteridge keen to do", "win the cup"),
        (THEY_CLUB, "According to Tom Bell, what was Kelby United determined to do", "win the league"),
        (THEY_GROUP, "According to Ann Lark, what did the nurses want", "a pay rise before the winter"),
    ],
)
def test_a_pronoun_in_a_quotation_is_the_one_party_the_quotation_names(
    text: str, prompt_start: str, answer: str
) -> None:
    assert asked(text, prompt_start, answer), [q.prompt + " -> " + q.answer for q in demand_questions(text)]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        # nobody named in the quotation: "he" is not the speaker, nor anyone outside
        ('Club news\n\n"I was sure he wanted to stay," said Ann Lark.', "stay"),
        (
            "Club news\n\nSam Ketteridge joined in May. "
            '"He is keen to win the cup," said Ann Lark on Monday.',
            "win the cup",
        ),
        # the name is in the quotation before: another quotation's names are not this one's
        (
            'Club news\n\n"I was sure Sam Ketteridge would stay," said Ann Lark. '
            '"He is keen to win the cup."',
            "win the cup",
        ),
        # two persons, or a person and a role, in the quotation
        (
            'Club news\n\n"Sam Ketteridge talked to Tom Bell and he wants to win the cup," said Ann Lark.',
            "win the cup",
        ),
        (
            'Club news\n\n"Sam Ketteridge talked to the manager and he wants to win the cup," said Ann Lark.',
            "win the cup",
        ),
        # the speaker named in her own quotation is not whom "she" stands for
        (
            'Club news\n\n"Ann Lark is a fine player and she wants to win the cup," said Ann Lark.',
            "win the cup",
        ),
        # the article calls him "Mr": not whom "she" stands for
        (
            "Club news\n\nMr Sam Ketteridge joined in May. "
            '"Sam Ketteridge is a fine player and she wants to win the cup," said Ann Lark.',
            "win the cup",
        ),
        # "they" with nobody in the quotation, or with a club and its fans
        (
            'Cup race\n\nCoach Tom Bell spoke on Saturday. He said: "They are determined to win the league."',
            "win the league",
        ),
        (
            "Cup race\n\nCoach Tom Bell spoke on Saturday. "
            'He said: "Kelby United and their fans have waited years. '
            'They are determined to win the league."',
            "win the league",
        ),
        # two groups, or a fragment quoted inside the article's own sentence
        (
            'Ward row\n\n"The nurses have written to the managers. They want a pay rise," said Ann Lark.',
            "pay rise",
        ),
        (
            "Ward row\n\nAnn Lark said the board must listen to staff who "
            '"are tired of the nurses and now they want a pay rise."',
            "pay rise",
        ),
        # "Acme" is "it": "they" is someone else
        (
            'Shop row\n\n"Acme has a new boss. They want to close the depot," said Ann Lark.',
            "close the depot",
        ),
    ],
)
def test_no_party_is_read_into_a_quotation_when_unsure(text: str, words: str) -> None:
    for q in demand_questions(text):
        shown = " ".join([q.prompt, q.answer, *q.items])
        assert words not in shown, q.prompt + " -> " + q.answer
