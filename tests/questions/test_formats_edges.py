"""Edge cases of the round trips: carriage returns, blanks in short answers, clozes with two blanks,
and partial credit in every format that has it."""

from __future__ import annotations

import pytest

from questions.bank import (
    ArticleInfo,
    Bank,
    BankFormatError,
    PartialCredit,
    Question,
    bank_from_dict,
    bank_to_dict,
)
from questions.formats import get_format

ROUND_TRIPS = ["json", "csv", "gift", "moodle-xml"]


def q(**fields: object) -> Question:
    base: dict[str, object] = {
        "id": "q1",
        "kind": "date",
        "type": "short_answer",
        "prompt": "When?",
        "answer": "June",
        "sources": (),
        "explanation": "",
    }
    return Question(**(base | fields))  # type: ignore[arg-type]


def bank_of(*questions: Question) -> Bank:
    return Bank(ArticleInfo(title="T", published=None, text=""), questions, generator="test/1")


def round_trip(name: str, question: Question) -> Question:
    fmt = get_format(name)
    result = fmt.import_(fmt.export_bytes(bank_of(question)))
    assert not result.errors and not result.skipped, (result.errors, result.skipped)
    (back,) = result.questions
    return back


CASES = {
    "a carriage return in a short answer": q(answer="line one\rline two", accepted=("a\r\nb",)),
    "a carriage return in a choice and the answer": q(
        type="multiple_choice", answer="May\r1", choices=("June", "May\r1", "July")
    ),
    "a short answer whose prompt has a run of ___": q(prompt="Fill in: the ___ sat on the mat. Who?"),
    "a short answer whose prompt has the blank": q(prompt="The _____ sat on the mat. Who?"),
    "a cloze with two blanks": q(type="cloze", prompt="The _____ sat on the _____.", answer="cat"),
    "a cloze with one blank at the end": q(type="cloze", prompt="The cat sat on the _____"),
    "a partly right choice": q(
        type="multiple_choice",
        answer="June",
        choices=("June", "July", "May"),
        partial=(PartialCredit("July", 0.5),),
    ),
    "partly right typed answers": q(
        accepted=("Jun",), partial=(PartialCredit("Julne", 0.8), PartialCredit("summer", 1 / 3))
    ),
    "a partly right cloze answer": q(
        type="cloze", prompt="It opened in _____ that year.", partial=(PartialCredit("summer", 0.25),)
    ),
}


@pytest.mark.parametrize("name", ROUND_TRIPS)
@pytest.mark.parametrize("case", list(CASES))
def test_round_trip_keeps_the_question(name: str, case: str) -> None:
    sent = CASES[case]
    back = round_trip(name, sent)
    assert (back.type, back.prompt, back.answer, back.accepted, back.choices) == (
        sent.type,
        sent.prompt,
        sent.answer,
        sent.accepted,
        sent.choices,
    )
    assert [(p.answer, round(p.credit, 5)) for p in back.partial] == [
        (p.answer, round(p.credit, 5)) for p in sent.partial
    ]


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"type": "true_false", "answer": "True", "choices": ["True", "False"]}, "only multiple-choice"),
        ({"type": "multiple_choice", "choices": ["June", "May"], "credit": 0.5, "on": "July"}, "not one of"),
        ({"credit": 1.0}, "less than 100%"),
        ({"credit": 0}, "more than 0%"),
        ({"on": "June"}, "already a right answer"),
        ({"credit": "half"}, "not a number"),
    ],
)
def test_the_bank_format_refuses_partial_credit_that_makes_no_sense(
    fields: dict[str, object], problem: str
) -> None:
    on, credit = fields.pop("on", "Julne"), fields.pop("credit", 0.5)
    question = (
        bank_to_dict(bank_of(q()))["questions"][0] | fields | {"partial": [{"answer": on, "credit": credit}]}
    )
    doc = bank_to_dict(bank_of()) | {"questions": [question]}
    with pytest.raises(BankFormatError, match=problem):
        bank_from_dict(doc)


def test_banks_without_partial_credit_are_written_as_before() -> None:
    assert "partial" not in bank_to_dict(bank_of(q()))["questions"][0]
    assert bank_to_dict(bank_of(q(partial=(PartialCredit("Jul", 0.5),))))["questions"][0]["partial"] == [
        {"answer": "Jul", "credit": 0.5}
    ]
