"""Speakers named by an office, and demands reported as speech or obligation.

Each article is short and made up; the assertions are what a reader of the quiz would notice: the
question asked and its key, or that nothing is asked.
"""

from __future__ import annotations

from functools import cache

import questions as qs
from tests.questions.helpers import norm

FILLER = (
    "The announcement came at a busy time for the region, where several projects are under way.\n\n"
    "Local businesses said they were watching the situation closely and would comment later."
)


@cache
def questions_of(text: str) -> tuple[qs.Question, ...]:
    return qs.generate_bank(text + "\n\n" + FILLER).questions


def keys(text: str, kind: str, prompt_part: str) -> set[str]:
    return {
        q.answer
        for q in questions_of(text)
        if q.kind == kind
        and q.type in ("multiple_choice", "short_answer")
        and norm(prompt_part) in norm(q.prompt)
    }


OFFICE = (
    "Fishing quota rejected\n\n"
    "The fishing quota for the northern coast was set on Monday by the ministry in Kelby.\n\n"
    "The Northland Regional Commissioner for Coastal Fisheries said the quota did "
    '"not protect a single fishing family on the northern coast".'
)


def test_an_office_named_with_its_for_phrase_is_the_whole_speaker() -> None:
    assert keys(OFFICE, "speaker", "not protect a single fishing family") == {
        "Northland Regional Commissioner for Coastal Fisheries"
    }


def test_an_office_has_no_surname_to_type() -> None:
    # "Fisheries" or "Northland Fisheries" typed as the answer would be graded right, and is no one
    typed = [
        q
        for q in questions_of(OFFICE)
        if q.kind == "speaker" and q.type == "short_answer" and "single fishing family" in q.prompt
    ]
    assert typed, [q.prompt for q in questions_of(OFFICE)]
    for q in typed:
        assert not {"Fisheries", "Coastal Fisheries", "Northland Fisheries"} & set(q.accepted), q.accepted


THEY_SHOULD = (
    "Ferry fares to rise\n\n"
    "Harbour Ferries will raise its fares on the island route in May.\n\n"
    'The Kelby Traders Guild said: "If the company thinks the route loses money, they should just '
    'ask us whether we want a cheaper boat."'
)


def test_a_third_person_obligation_is_not_asked_as_the_speakers_own() -> None:
    # "they" is the company: "What did the Guild say they should do" would read as the Guild's own duty
    asked = [q for q in questions_of(THEY_SHOULD) if q.kind == "demand"]
    assert not any("ask us whether" in q.answer or "ask us whether" in q.prompt for q in asked), [
        (q.prompt, q.answer) for q in asked
    ]


WE_WILL = (
    "Depot to open on Sundays\n\n"
    "Kelby Buses met drivers on Tuesday to discuss the new timetable.\n\n"
    '"We will open the depot on Sundays and add two night routes," Kelby Buses director Tom Reed said.'
)
WE_WONT = (
    "Power cuts go on\n\n"
    "Harbour Power cut supply to 4,000 homes on Monday as strong winds hit the coast.\n\n"
    "The cuts have been hard on families, but at the moment \u201cwe won\u2019t gamble with public "
    "safety,\u201d Harbour Power chief Anna Sorel said."
)
WE_WILL_FORECAST = (
    "Rovers confident\n\n"
    "Kelby Rovers play Harbour Town on Saturday.\n\n"
    '"We will be fine and we will see what happens," Rovers manager Tom Reed said.'
)


def _demands(text: str) -> dict[str, str]:
    return {q.prompt: q.answer for q in questions_of(text) if q.kind == "demand" and q.type == "short_answer"}


def test_a_plan_the_speaker_announces_for_his_side_is_asked_without_we() -> None:
    asked = _demands(WE_WILL)
    answers = {norm(a) for p, a in asked.items() if p.startswith("What did Tom Reed say would be done")}
    assert "open the depot on sundays" in answers, asked
    assert not any(" we " in p for p in asked), asked


def test_a_refusal_is_asked_as_one() -> None:
    asked = _demands(WE_WONT)
    assert [norm(a) for p, a in asked.items() if "would not be done" in p] == ["gamble with public safety"], (
        asked
    )
    assert not any(
        "gamble" in a.lower() for p, a in asked.items() if "would not" not in p and "refuse" not in p
    ), asked


def test_a_forecast_with_we_will_is_not_asked() -> None:
    assert not _demands(WE_WILL_FORECAST)


GROUP_TOLD = (
    "Harbour vote\n\n"
    "The Kelby council will vote on the harbour plan in March.\n\n"
    "Locals by tradition wanted the harbour to be open at night and free for small boats, "
    "Mayor Tom Reed said."
)
GROUP_UNTOLD = (
    "Harbour vote\n\n"
    "The Kelby council will vote on the harbour plan in March.\n\n"
    "Locals by tradition wanted the harbour to be open at night and free for small boats."
)
WILL_BACK = (
    "Harbour vote\n\n"
    "The Kelby council will vote on the harbour plan in March.\n\n"
    '"This plan keeps the fleet at home," said Councillor Anna Sorel, who, along with the rest of '
    'the council, will back a "yes" vote.'
)


def test_a_group_in_a_clause_a_named_speaker_reports_is_asked_as_his_reading() -> None:
    asked = _demands(GROUP_TOLD)
    want = [a for p, a in asked.items() if p.startswith("According to Tom Reed, what did locals want")]
    assert want and norm(want[0]).startswith("be open at night"), asked


def test_a_bare_noun_group_nobody_reports_is_not_a_party() -> None:
    assert not any("locals" in p.lower() for p in _demands(GROUP_UNTOLD)), _demands(GROUP_UNTOLD)


def test_the_side_a_named_party_will_take_is_asked() -> None:
    asked = _demands(WILL_BACK)
    assert [norm(a) for p, a in asked.items() if "Anna Sorel back" in p] == ['a "yes" vote'], asked


IN_WHICH = (
    "Caller charged\n\n"
    "Kelby police charged a local man on Friday over threats to the town council.\n\n"
    "Tom Reed was charged over a phone call to the council office, in which he said he\u2019d burn down "
    "the town hall."
)


def test_a_plan_told_in_a_call_in_which_he_said_it_is_asked() -> None:
    asked = _demands(IN_WHICH)
    got = [norm(a) for p, a in asked.items() if p.startswith("What did Tom Reed say he would do")]
    assert got == ["burn down the town hall"], asked


NOT_TO = (
    "Storm warning\n\n"
    "Heavy rain is expected across Kelby on Friday.\n\n"
    "Mayor Tom Reed urged residents not to drive on the coast road and told schools to close early."
)


def test_what_a_party_urges_others_not_to_do_is_asked_with_its_not() -> None:
    asked = _demands(NOT_TO)
    assert norm(asked.get("What did Tom Reed urge residents not to do, according to the article?", "")) == (
        "drive on the coast road"
    ), asked
    assert not any("drive" in a and " not " not in p for p, a in asked.items()), asked


LETTER = (
    "Ferry firm cuts routes\n\n"
    "Harbour Ferries will stop two island routes in March, the company announced on Monday.\n\n"
    "The Kelby Chamber of Commerce criticised the move. In an open letter to the firm, the chamber said "
    'the cuts would "cut the islands off from the mainland for most of the winter".\n\n'
    '"Nobody on the islands was asked about this," says the letter, signed by twelve shop owners.'
)
TWO_LETTERS = LETTER.replace(
    '"Nobody on',
    "Mayor Tom Reed said in a letter to the firm that he would fight the cuts.\n\n" + '"Nobody on',
)


def test_an_organisation_named_by_a_word_of_its_name_speaks() -> None:
    assert keys(LETTER, "speaker", "cut the islands off from the mainland") == {"Kelby Chamber of Commerce"}


def test_the_letter_speaks_for_its_one_author() -> None:
    assert keys(LETTER, "speaker", "Nobody on the islands was asked") == {"Kelby Chamber of Commerce"}


def test_a_letter_of_two_possible_authors_is_nobody_s() -> None:
    assert not keys(TWO_LETTERS, "speaker", "Nobody on the islands was asked")


NEEDS = (
    "Bridge row\n\n"
    "The Kelby council closed the old bridge on Monday after an inspection.\n\n"
    '"It is time for the council to listen to the people of Kelby," said Anna Sorel, a shop owner.\n\n'
    '"What we need is a new bridge and a proper bus service," said Mark Lind, a harbour pilot.\n\n'
    '"We need a temporary footbridge by Christmas," said Tom Reed.\n\n'
    '"Do we need a second ferry?" asked Tom Reed.'
)


def test_what_a_speaker_says_is_needed_or_time_for_is_asked() -> None:
    asked = _demands(NEEDS)
    assert norm(
        asked.get("What did Anna Sorel say it was time for the council to do, according to the article?", "")
    ) == ("listen to the people of kelby"), asked
    lind = {norm(a) for p, a in asked.items() if "Mark Lind say was needed" in p}
    assert lind == {"a new bridge", "a proper bus service"}, asked
    reed = {norm(a) for p, a in asked.items() if "Tom Reed say was needed" in p}
    assert reed == {"a temporary footbridge"}, asked


NICE = (
    "Rovers chase signings\n\n"
    "Kelby Rovers lost 2-0 at home on Saturday.\n\n"
    '"We were not good enough," said Rovers captain Tom Reed. "It would certainly be nice to see a '
    'few new faces in January to freshen things up."\n\n'
    "It would be nice to see the ground full again, the club's website said."
)


def test_a_wish_a_speaker_voices_with_it_would_be_nice_is_his() -> None:
    asked = _demands(NICE)
    got = [norm(a) for p, a in asked.items() if p.startswith("What did Tom Reed say it would be nice to do")]
    assert got == ["see a few new faces in january to freshen things up"], asked
    assert not any("ground full" in a for a in asked.values()), asked


ACCORDING = (
    "Ferry row\n\n"
    "Harbour Ferries voted on Monday to close the island route in March.\n\n"
    "According to the Kelby Traders Guild, Harbour Ferries must keep the route open until a new boat "
    "is found.\n\n"
    "Anna Sorel said that Harbour Ferries should not close the route before the summer."
)


def test_an_obligation_according_to_a_party_and_a_negated_one_are_asked_as_such() -> None:
    asked = _demands(ACCORDING)
    assert norm(asked.get("According to the Kelby Traders Guild, what must Harbour Ferries do?", "")) == (
        "keep the route open until a new boat is found"
    ), asked
    assert norm(asked.get("According to Anna Sorel, what should Harbour Ferries not do?", "")) == (
        "close the route before the summer"
    ), asked
    assert not any("close the route" in a for p, a in asked.items() if " not " not in p), asked


PROMISED = (
    "Harbour vote\n\n"
    "Mayor Tom Reed opened the new quay on Monday, but had already made it clear the harbour plan "
    "would be put to residents in a vote.\n\n"
    "Anna Sorel said the old quay would be closed for good."
)


def test_what_a_party_made_clear_would_happen_is_asked_but_not_a_forecast() -> None:
    asked = _demands(PROMISED)
    assert norm(asked.get("What did Tom Reed make clear would happen, according to the article?", "")) == (
        "the harbour plan would be put to residents in a vote"
    ), asked
    assert not any("old quay" in a for a in asked.values()), asked


def test_whom_a_party_will_support_is_no_side_it_takes() -> None:
    text = WILL_BACK + "\n\nThe Kelby council will support local fishermen with a new fund."
    assert not any("fishermen" in a for a in _demands(text).values()), _demands(text)


VITAL = (
    "Bridge row\n\n"
    "The Kelby council closed the old bridge on Monday after an inspection.\n\n"
    '"It is vital that the council reopens the bridge before winter," said Tom Reed.\n\n'
    "Anna Sorel said it was essential to build a temporary footbridge.\n\n"
    '"It is important to remember that the bridge is 200 years old," said Mark Lind.'
)


def test_what_a_party_says_is_vital_or_essential_is_asked_but_not_a_remark() -> None:
    asked = _demands(VITAL)
    assert norm(asked.get("What did Tom Reed say was vital, according to the article?", "")) == (
        "the council reopens the bridge before winter"
    ), asked
    assert norm(
        asked.get("What did Anna Sorel say it was essential to do, according to the article?", "")
    ) == ("build a temporary footbridge"), asked
    assert not any("remember" in a or "200 years" in a for a in asked.values()), asked


BROKEN = (
    "Old campaigner\n\n"
    "Former mayor Tom Reed looked back on his first election on Monday.\n\n"
    'In his memoirs he says his rival preferred posters to meetings. "She wanted to look like a mayor. I\n\n'
    "was\n\n"
    'the mayor and I wanted a proper fight in every street," says Mr Reed.'
)


def test_a_quotation_cut_by_stray_paragraph_breaks_is_one_quotation() -> None:
    assert keys(
        BROKEN, "speaker", "She wanted to look like a mayor. I was the mayor and I wanted a proper fight"
    ) == {"Tom Reed"}


ENTITLED = (
    "Ferry row\n\n"
    "Harbour Ferries cut its winter timetable on Monday.\n\n"
    "The Kelby Chamber of Commerce issued a statement warning that \u201cislanders are entitled to a daily "
    "crossing at a fair price.\u201d\n\n"
    "Passengers are entitled to a refund."
)


def test_what_a_party_says_others_are_entitled_to_is_its_reading() -> None:
    asked = _demands(ENTITLED)
    assert norm(
        asked.get("According to the Kelby Chamber of Commerce, what are islanders entitled to?", "")
    ) == ("a daily crossing at a fair price"), asked
    assert not any("refund" in a for a in asked.values()), asked


GOING_TO = (
    "Depot row\n\n"
    "Kelby Buses met drivers on Tuesday to discuss the new timetable.\n\n"
    '"We are going to open the depot on Sundays and hire ten drivers," said Tom Reed, its director.\n\n'
    '"We\'re going to see what happens," said Anna Sorel.'
)


def test_a_plan_told_with_we_are_going_to_is_asked_but_not_a_wait_and_see() -> None:
    asked = _demands(GOING_TO)
    got = {norm(a) for p, a in asked.items() if "Tom Reed say would be done" in p}
    assert got == {"open the depot on sundays", "hire ten drivers"}, asked
    assert not any("Anna Sorel" in p for p in asked), asked


ISSUED = (
    "Ferry row\n\n"
    "The Kelby Chamber of Commerce met ferry operators on Monday.\n\n"
    "Anna Sorel wrote a letter warning that Harbour Ferries must repair the pier.\n\n"
    "Tom Reed read out a statement saying that Harbour Ferries should close the bridge."
)


def test_what_a_letter_says_is_its_writer_s_but_not_its_reader_s() -> None:
    asked = _demands(ISSUED)
    assert (
        norm(asked.get("According to Anna Sorel, what must Harbour Ferries do?", "")) == "repair the pier"
    ), asked
    assert not any("Tom Reed" in p or "bridge" in a for p, a in asked.items()), asked
