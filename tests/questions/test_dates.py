"""Dates a quiz asks about: weekdays with and without a publication date, parts of the day, seasons,
"the end of", ranges, abbreviated months, a clock time before a weekday; and the question asked is
about the event the date belongs to, or only a cloze of the sentence."""

from __future__ import annotations

from functools import cache

import pytest

import questions as qs
from tests.questions.helpers import describe, norm, shown

TITLE = "Harbour town news\n\n"


@cache
def bank_of(text: str) -> qs.Bank:
    return qs.generate_bank(qs.parse_article(text))


def dates(bank: qs.Bank, evidence: str) -> list[qs.Question]:
    return [q for q in bank.questions if q.kind == "date" and shown(q, evidence)]


# one short made-up article per construction: (article, key, words of the sentence it is shown in)
@pytest.mark.parametrize(
    ("article", "key", "evidence"),
    [
        # a weekday with no publication date: the weekday itself is the key
        (
            "The Dunmore council voted on Wednesday to close the old ferry pier. Residents had asked "
            "for it to stay open.",
            "Wednesday",
            "voted on Wednesday",
        ),
        # a weekday and the part of the day, tagged TIME by the model
        (
            "On Sunday night, the Pellow family had been celebrating a wedding at the harbour inn. "
            "Nobody was hurt.",
            "Sunday night",
            "the Pellow family had been celebrating",
        ),
        (
            "The storm should ease by Thursday morning, allowing the ferry crews to return to work, "
            "said Tomas Renvik, the port's manager.",
            "Thursday morning",
            "The storm should ease",
        ),
        # a season and a year; "the end of" a month; "mid-" a month
        (
            "The minister, Alma Questel, has said the new bridge could open in spring 2027. Work "
            "starts soon.",
            "spring 2027",
            "could open in spring 2027",
        ),
        (
            "The health board recommends that all staff get a flu vaccine by the end of October. "
            "Clinics open daily.",
            "the end of October",
            "get a flu vaccine",
        ),
        (
            "The reservoir has not seen a drop of rain since mid-September, said Ida Marsh, the "
            "district's engineer.",
            "mid-September",
            "has not seen a drop of rain",
        ),
        # ranges
        (
            "The Kelby book fair, which moved to the town hall this year, runs from 6 to 9 March. "
            "Entry is free.",
            "6 to 9 March",
            "runs from 6 to 9 March",
        ),
        (
            "Greta Olson chaired the harbour trust in 2011-2016 before she moved to the coast "
            "guard. She still sails every week.",
            "2011-2016",
            "chaired the harbour trust",
        ),
        # two years in one DATE entity: one question each
        (
            "The Kelby ferry ran at a loss in 2017 and 2018, the harbour trust said. It now makes money.",
            "2018",
            "ran at a loss",
        ),
        # an abbreviated month
        (
            "In a Nov. 5 letter, the fishermen asked the council to reconsider the new mooring fees. "
            "The council has not replied.",
            "Nov. 5",
            "the fishermen asked the council",
        ),
        # a clock time before "on <weekday>"
        (
            "The fire at the Calloway boatyard started at 0300 GMT on Friday in the main shed. "
            "Two boats were lost.",
            "0300 GMT on Friday",
            "The fire at the Calloway boatyard",
        ),
        # "next" belongs to the date
        (
            "The Ravelin sailing club will hold its annual regatta next May, the club's secretary, "
            "Joan Peddle, said.",
            "next May",
            "annual regatta",
        ),
    ],
)
def test_date_is_asked(article: str, key: str, evidence: str) -> None:
    bank = bank_of(TITLE + article)
    found = [q for q in dates(bank, evidence) if norm(q.answer) == norm(key)]
    assert found, f"no date question answered {key!r}; dates:\n{describe(bank, 'date')}"
    for q in found:
        if q.type == "multiple_choice":
            # the wrong choices have the answer's shape ("the end of March", "spring 2026")
            assert len({len(c.split()) for c in q.choices}) == 1, q.choices


def test_weekday_with_a_publication_date_accepts_the_full_date() -> None:
    bank = bank_of(
        "date 2024-03-08\nThe Dunmore council voted on Wednesday to close the old ferry pier. "
        "Residents had asked for it to stay open."
    )
    found = [q for q in dates(bank, "voted on Wednesday") if q.answer == "Wednesday"]
    assert found, describe(bank, "date")
    assert all(q.value == "2024-03-06" for q in found)
    assert any("March 6" in q.accepted for q in found)


def test_weekday_question_reads_naturally() -> None:
    bank = bank_of(
        TITLE + "The Dunmore council voted on Wednesday to close the old ferry pier. Residents had "
        "asked for it to stay open."
    )
    # a weekday is asked once, by the question that reads best
    prompts = {q.prompt for q in dates(bank, "voted on Wednesday")}
    assert "On which day did the Dunmore council vote to close the old ferry pier?" in prompts


@pytest.mark.parametrize(
    ("article", "evidence", "bad"),
    [
        # the year of a later event named in a noun phrase dates that event, not the meetings
        (
            "Delegates from the fishing towns held meetings ahead of the 2031 quota session in "
            "Bergholt. They agreed on little.",
            "held meetings ahead of",
            "When did delegates",
        ),
        # a weekday of a background noun ("Tuesday's debate") is not the date of the posting
        (
            "The harbour trust posted a series of notices about the ferry during Tuesday's debate. "
            "It later removed them.",
            "posted a series of notices",
            "On which day did the harbour trust post",
        ),
        # two dates for one verb: "When did it rise?" has two answers
        (
            "The port's income would rise from less than 5m pounds in 2026 to almost 9m pounds by "
            "2032, a study by the Kelby trust found.",
            "The port's income would rise",
            "In which year would",
        ),
        # a subject that names nothing ("the first") makes no question
        (
            "Regattas are a new thing in Kelby: the first took place in 2019, and the town has held "
            "one every year since.",
            "the first took place",
            "In which year did the first",
        ),
    ],
)
def test_no_question_about_the_wrong_event(article: str, evidence: str, bad: str) -> None:
    bank = bank_of(TITLE + article)
    asked = [q.prompt for q in dates(bank, evidence) if q.type in ("multiple_choice", "short_answer")]
    assert not [p for p in asked if p.startswith(bad)], asked


def test_wire_dateline_is_not_the_subject() -> None:
    bank = bank_of(
        "Harbour trust accused of misleading visitors\n\nKELBY (AP) — The Kelby harbour trust was "
        "accused Wednesday of misleading visitors about the ferry timetable. The trust denied it."
    )
    prompts = [q.prompt for q in bank.questions if q.kind == "date"]
    assert prompts, describe(bank, "date")
    assert not [p for p in prompts if "KELBY" in p and not p.startswith(("Which", "Fill", "True"))], prompts


def test_a_length_of_time_does_not_accept_a_year() -> None:
    bank = bank_of(
        TITLE + "The Kelby ferry pier was rebuilt in December 2021. The old pier had closed two years "
        "before the rebuilding began."
    )
    for q in bank.questions:
        if q.kind == "date" and q.answer == "two years":
            assert not any(a.isdigit() for a in q.accepted), q.accepted


def test_every_source_matches_the_text_with_an_embedded_post() -> None:
    text = (
        TITLE + "The harbour master, Ines Varga, thanked the crews on Twitter Tuesday.\n\n"
        "Thank you to every crew who came out in the storm.\nYou kept the harbour safe.\n\n"
        "— Ines Varga (@inesvarga) March 3, 2026\n\n"
        "The crews had worked through the night."
    )
    bank = bank_of(text)
    for q in bank.questions:
        for s in q.sources:
            assert bank.article.text[s.start : s.end] == s.text, q.prompt
    post = [q for q in bank.questions if q.kind == "date" and q.answer == "March 3, 2026"]
    assert post and all(shown(q, "Thank you to every crew") for q in post), describe(bank, "date")


def test_a_date_of_the_same_sentence_is_no_wrong_choice() -> None:
    bank = bank_of(
        TITLE + "The port's income would rise from less than 5m pounds in 2026 to almost 9m pounds by "
        "2032, a study by the Kelby trust found."
    )
    for q in dates(bank, "The port's income would rise"):
        if q.type == "multiple_choice":
            other = {"2026", "2032"} - {q.answer}
            assert not other & set(q.choices), q.choices


def test_weekday_and_date_together() -> None:
    """ "on Tuesday, Nov. 5": one answer; the wrong choices' weekdays move with their dates; the
    question never holds half of the answer."""
    bank = bank_of(
        TITLE + "The Kelby council will vote on Tuesday, Nov. 5, on the new mooring fees. Fishermen "
        "oppose them."
    )
    found = [q for q in dates(bank, "will vote on") if q.answer == "Tuesday, Nov. 5"]
    assert found, describe(bank, "date")
    for q in found:
        assert "Nov. 5" in q.accepted
        assert "Nov. 5" not in q.prompt, q.prompt
        if q.type == "multiple_choice":
            assert "Friday, Nov. 8" in q.choices or "Tuesday, Nov. 12" in q.choices, q.choices
            assert "Tuesday, Nov. 8" not in q.choices
