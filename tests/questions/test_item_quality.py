"""Flaw classes a blind judge marked down (issue 11): roles cut short, weekdays and pronoun-led
sentences asked four ways, true/false on a quoted phrase, blanks in a quotation's wording, chains
of excerpts, a capitalised number word taken for a figure. One short made-up article each."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

import questions as qs
from questions.build import Candidate
from questions.facts import Fact
from questions.pipeline import select
from tests.questions.helpers import describe


@cache
def bank(text: str) -> qs.Bank:
    return qs.generate_bank(qs.parse_article(text))


ROLES = (
    "Harbour fund opens\n\n"
    "Mara Voss, assistant director of the Kelby Harbour Trust, said the fund would open in May. "
    "Tom Ebbing, managing director of Ebbing Boats said that repairs would start soon. "
    "The mayor thanked singer Ann Lark's partner Dev Moss for a gift. "
    "Jo Ruiz, chief engineer at Kelby Port, said the pier was unsafe."
)


def test_a_role_is_asked_with_where_it_is_held() -> None:
    roles = [q for q in bank(ROLES).questions if q.kind == "role"]
    shown = {q.answer for q in roles} | {c for q in roles for c in q.choices} | {q.prompt for q in roles}
    text = " ".join(shown)
    assert "assistant director of the Kelby Harbour Trust" in text, describe(bank(ROLES), "role")
    assert "managing director of Ebbing Boats" in text
    # never "managing director of Ebbing Boats said that …": the phrase stops at the verb
    assert "Boats said" not in text
    for q in roles:
        for c in (q.answer, *q.choices):
            assert c not in ("assistant director", "managing director", "chief engineer"), q.prompt


def test_a_role_never_names_the_person_asked_about() -> None:
    for q in bank(ROLES).questions:
        if q.kind == "role" and q.prompt.startswith("How does the article describe Ann Lark"):
            assert not any("Ann Lark's" in c for c in q.choices), q.choices


WEEKDAY = (
    "Ferry pier to close\n\n"
    "The Dunmore council voted on Wednesday to close the old ferry pier. "
    "Repairs would have cost 2 million pounds, the council said. "
    "He said the pier would shut in March. "
    "The weather should ease by Thursday morning, the harbour master said."
)


def test_a_weekday_is_asked_once() -> None:
    b = bank(WEEKDAY)
    for day in ("Wednesday", "Thursday morning"):
        asked = [q for q in b.questions if q.kind == "date" and q.answer == day]
        assert len(asked) <= 1, describe(b, "date")
    assert any(q.kind == "date" and q.answer == "Wednesday" for q in b.questions), describe(b, "date")


def test_no_true_false_on_a_sentence_opening_on_a_pronoun() -> None:
    """ "True or false? According to the article: “He said the pier …”" leaves "he" unresolved."""
    b = bank(WEEKDAY)
    march = [q for q in b.questions if q.kind == "date" and q.answer == "March"]
    assert march, describe(b, "date")
    assert not any(q.type == "true_false" and "He said" in q.prompt for q in b.questions)


def test_no_true_false_on_a_sentence_of_a_quotation() -> None:
    """A quoted sentence is someone's claim, not the article's fact."""
    b = bank(
        "Pier vote\n\n"
        'Councillor Ann Lee said the pier would close. "The repairs will start in March 2027," she said.'
    )
    assert not any(q.type == "true_false" and "repairs will start" in q.prompt for q in b.questions), (
        describe(b, "date")
    )


QUOTES = (
    "Mill plan rejected\n\n"
    "Councillor Ruth Hale called the mill plan \u201can expensive folly\u201d on Monday.\n\n"
    "\u201cThe town cannot pay 40 million pounds for a mill nobody wants,\u201d said Councillor Ruth Hale. "
    "\u201cIf we build it, Kelby will be poorer for a decade,\u201d she added.\n\n"
    "Developer Sam Price said the mill would bring jobs. "
    "\u201cWe will hire 300 people in the first year,\u201d Mr Price said."
)


def test_no_true_false_or_blank_on_a_quoted_phrase() -> None:
    b = bank(QUOTES)
    on_phrase = [q for q in b.questions if q.kind == "speaker" and "expensive folly" in q.prompt]
    assert all(q.type in ("multiple_choice", "short_answer") for q in on_phrase), describe(b, "speaker")


def test_a_quotation_blank_is_a_figure_or_a_name_not_its_wording() -> None:
    b = bank(QUOTES)
    blanks = [q for q in b.questions if q.kind == "speaker" and q.type == "cloze"]
    assert all(any(ch.isdigit() for ch in q.answer) or q.answer[:1].isupper() for q in blanks), describe(
        b, "speaker"
    )
    assert not any(q.answer in ("mill", "a decade", "jobs", "the first year") for q in blanks)


def test_a_quotation_read_through_a_chain_of_excerpts_is_asked_once() -> None:
    """Its excerpts run over four sentences ("He added:", then quotation after quotation): the
    best-ranked question on it is kept, the others are dropped with their reason."""
    asked = [q for q in bank(QUOTES).questions if q.kind == "speaker" and "hire 300" in q.prompt]
    assert len(asked) >= 2, describe(bank(QUOTES), "speaker")
    src = asked[0].sources[0]
    chain = (src, src, src, src)
    fact = Fact(kind="speaker", answer="Sam Price", span=(0, 1), evidence=((0, 1),))
    # a blank in the quotation is a fact of its own (another fact id), and still the same quotation
    cands = [Candidate(replace(q, sources=chain, fact_id=f"f{i}"), fact) for i, q in enumerate(asked)]
    kept, dropped = select(cands)
    assert len(kept) == 1
    assert kept[0].score == max(q.score for q in asked)
    assert any("chain of excerpts" in d.reason for d in dropped), dropped
    # a short excerpt keeps every version
    kept, _ = select([Candidate(replace(q, fact_id="f1"), fact) for q in asked])
    assert len(kept) == len(asked)


CHANNEL = (
    "Minister faces voters\n\n"
    "The minister answered questions on Five television throughout Wednesday. "
    "She met 40 voters in Leeds and promised 12 new schools."
)


def test_a_capitalised_number_word_inside_a_sentence_is_a_name() -> None:
    b = bank(CHANNEL)
    assert not any(q.kind == "number" and q.answer == "Five" for q in b.questions), describe(b, "number")


FIGURES = (
    "Museum theft\n\n"
    "Thieves took 14 paintings from the Kelby museum on Monday, police said. "
    "Police asked for help on 0800 555 111. "
    "The paintings were insured for dollars 3m (pounds 2.4m) in total. "
    "He said 40 officers were searching the town."
)


def test_no_figure_of_a_phone_number_a_conversion_or_an_unresolved_sentence() -> None:
    b = bank(FIGURES)
    numbers = {q.answer for q in b.questions if q.kind == "number"}
    assert not numbers & {"111", "2.4m", "pounds 2.4m", "40"}, describe(b, "number")


TITLES = (
    "Games firm grows\n\n"
    "Kelby Games publishes titles such as Max Power and versions of films such as Jane Doyle. "
    "Chief executive Ann Lee said: \u201cWe will sell 20 million games this year.\u201d "
    "Sales director Tom Reed said: \u201cOur games are played in 40 countries.\u201d "
    "Analyst Sue Park said: \u201cThe firm has doubled its sales in three years.\u201d "
    "Ann Lee added that the firm would hire 200 staff, and Tom Reed agreed."
)


def test_a_name_met_once_with_no_role_is_no_wrong_speaker() -> None:
    b = bank(TITLES)
    choices = {c for q in b.questions if q.kind == "speaker" for c in q.choices}
    assert choices, describe(b, "speaker")
    assert not choices & {"Max Power", "Jane Doyle"}, choices


def test_a_short_quoted_phrase_is_asked_once() -> None:
    """ "Who said “an expensive folly”?" as multiple choice or short answer, not both."""
    b = bank(TITLES + " Analyst Sue Park said the new games were \u201ca bold step\u201d for the firm.")
    asked = [q for q in b.questions if q.kind == "speaker" and "a bold step" in q.prompt]
    assert len(asked) == 1, describe(b, "speaker")
    assert "Sue Park" in asked[0].answer


def test_a_date_in_someone_s_quotation_is_asked_once() -> None:
    b = bank(
        "Pier vote\n\n"
        "Councillor Ann Lee said the pier would close for a year.\n\n"
        '"The repairs will start in March 2027 and the pier will open again in April 2028," she said.'
    )
    for day in ("March 2027", "April 2028"):
        asked = [q for q in b.questions if q.kind == "date" and q.answer == day]
        assert len(asked) <= 1, describe(b, "date")
    assert any(q.kind == "date" for q in b.questions), describe(b, "date")


def test_a_quoted_phrase_with_a_capital_is_still_a_phrase() -> None:
    """ "reflected a “British vision for Europe”": no true/false on the phrase."""
    b = bank(
        "Treaty row\n\n"
        'Jack Straw, who argues the treaty reflected a "British vision for Europe", said the vote could be '
        "held in spring. Michael Ancram said the plan was weak. Charles Kennedy said: \u201cWe will vote yes "
        "on the treaty.\u201d Neil Hale said: \u201cWe will vote no on the treaty.\u201d"
    )
    asked = [q for q in b.questions if q.kind == "speaker" and "British vision" in q.prompt]
    assert asked, describe(b, "speaker")
    assert all(q.type in ("multiple_choice", "short_answer") for q in asked), describe(b, "speaker")


def test_a_first_name_alone_is_no_blank_in_a_quotation() -> None:
    b = bank(
        "Captain stays\n\n"
        "Coach Rafa Moreno said: \u201cI said to Steven that I was sure he wanted to stay at the club.\u201d "
        "Steven Gale agreed a new deal on Friday."
    )
    assert not any(q.type == "cloze" and q.answer == "Steven" for q in b.questions), describe(b, "speaker")
