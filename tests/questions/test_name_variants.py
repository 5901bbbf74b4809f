"""How a typed name is accepted: a person by the surname too, an organisation only by its whole
name (with or without "the") or the acronym the article gives it, never by a word of it alone
("Roads" is no way of writing "Coalition for Safer Roads"). Made-up articles."""

from __future__ import annotations

from functools import cache

import questions as qs
from quizapp.library.grading import grade
from tests.questions.helpers import describe

ARTICLE = (
    "Harbour shops fear long roadworks\n\n"
    "The Riverside Council voted on Tuesday to delay a plan for new bus lanes on the high street.\n\n"
    '"Every month of roadworks keeps customers away from the shops of our members," said the '
    "Harbour Traders Association.\n\n"
    "The HTA has 300 members, most of them small family businesses near the harbour.\n\n"
    '"The council has ignored the families who walk these streets to school every single day," '
    "said the Coalition for Safer Roads.\n\n"
    "Maria Delgado, the council's transport director, said: "
    '"We will publish a revised plan for the high street within six months."\n\n'
    "Tom Becker, a shop owner on the high street, said: "
    '"Nobody asked the people who actually run businesses here what they needed."\n'
)

ORGS = ("Harbour Traders Association", "Coalition for Safer Roads")


@cache
def bank() -> qs.Bank:
    return qs.generate_bank(ARTICLE, kinds=["speaker"])


def typed(words: str) -> qs.Question:
    """The short-answer "Who said ...?" question on the quotation holding these words."""
    asked = [q for q in bank().questions if q.type == "short_answer" and words in q.prompt]
    assert len(asked) == 1, describe(bank(), "speaker")
    return asked[0]


def test_an_organisation_is_not_accepted_by_its_last_words() -> None:
    q = typed("walk these streets")
    assert q.answer == "Coalition for Safer Roads"
    for short in ("Roads", "Safer Roads", "Coalition Roads", "Coalition"):
        assert not grade(q, short).correct, (short, q.accepted)
    assert grade(q, "the Coalition for Safer Roads").correct


def test_an_organisation_is_accepted_by_the_acronym_the_article_gives_it() -> None:
    q = typed("keeps customers away")
    assert q.answer == "Harbour Traders Association"
    assert grade(q, "HTA").correct
    for short in ("Association", "Traders Association", "Harbour Association"):
        assert not grade(q, short).correct, (short, q.accepted)


def test_a_person_is_still_accepted_by_the_surname() -> None:
    q = typed("revised plan")
    assert q.answer == "Maria Delgado"
    assert grade(q, "Delgado").correct
    assert not grade(q, "Becker").correct


def test_no_statement_names_an_organisation_by_a_word_of_it() -> None:
    """A true/false statement names a speaker whole: never "Roads said …" as if a person."""
    said = [
        q.prompt.split("According to the article, ", 1)[1].split(" said ", 1)[0]
        for q in bank().questions
        if q.type == "true_false" and " said " in q.prompt
    ]
    assert said, describe(bank(), "speaker")
    allowed = {"Maria Delgado", "Tom Becker", *ORGS, *(f"the {o}" for o in ORGS)}
    assert set(said) <= allowed, said
