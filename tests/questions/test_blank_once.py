"""One blank is one question: a date blanked by "Which date completes this sentence …?" is not blanked
again as a typed cloze; and a place inside someone's quotation that runs on over sentences is not
asked. Short made-up articles; the assertions are what a reader of the quiz sees."""

from __future__ import annotations

import questions as qs

FILLER = (
    "The announcement came at a busy time for the region, where several projects are under way.\n\n"
    "Local businesses said they were watching the situation closely and would comment later."
)


def test_a_date_blank_is_asked_once() -> None:
    text = "Harbour news\n\nBy 2030, one in four Kelby homes will be heated by the sea.\n\n" + FILLER
    bank = qs.generate_bank(text)
    blanks = [q for q in bank.questions if q.kind == "date" and q.answer == "2030" and "_____" in q.prompt]
    assert len(blanks) == 1, [(q.type, q.prompt) for q in blanks]


def test_a_place_in_a_quotation_that_runs_on_is_not_asked() -> None:
    text = (
        "Harbour news\n\n"
        'Ann Pellow spoke to reporters on Monday. "We worked for everything. I came from Kelby Bay '
        'and I earned it," she said.\n\n' + FILLER
    )
    bank = qs.generate_bank(text)
    assert not [q.prompt for q in bank.questions if q.kind == "place" and q.answer == "Kelby Bay"]


def test_a_date_of_a_side_event_is_asked_once() -> None:
    for sentence, year in (
        ("The singer said he could have met the fate of Tom Pell, who was robbed at home in 1999.", "1999"),
        ("Kelby Ferries now carries more cars than Harbour Lines - which in 2004 carried a million.", "2004"),
        ("The ferry was first sailed in the 1967 Harbour Regatta, the club says.", "1967"),
    ):
        bank = qs.generate_bank("Harbour news\n\n" + sentence + "\n\n" + FILLER)
        dated = [q for q in bank.questions if q.kind == "date" and q.answer == year]
        assert len(dated) <= 1, [(q.type, q.prompt) for q in dated]


def test_a_date_in_a_quotation_is_asked_as_the_speaker_s_claim() -> None:
    text = (
        "Harbour news\n\n"
        "The ferry trade will grow, said Ana Velt, the head of Kelby Ferries. "
        '"Night crossings will get into their stride in 2026, will be really big in 2027 and will be about '
        'families," said Ms Velt.\n\n' + FILLER
    )
    bank = qs.generate_bank(text)
    asked = [q.prompt for q in bank.questions if q.kind == "date" and q.answer in ("2026", "2027")]
    assert any(p.startswith("According to Ana Velt, in which year") for p in asked), asked
    for p in asked:
        assert p.startswith(("According to Ana Velt", "Which date completes", "Fill in the blank")), p


def test_no_wrong_figure_of_one_with_a_plural_unit() -> None:
    from questions.build.distractors import number_candidates

    assert "1 inches" not in number_candidates("2 inches", [])
    assert "3 inches" in number_candidates("2 inches", [])
