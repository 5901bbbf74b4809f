"""Who wants it: a demand's party found through "he", "she" and "the group", and never guessed.

Each article is short and made up. A party is resolved only when one fits: a title or an earlier
"he"/"she" tells a person's gender, "the group" stands for the one group the article introduced
so; two that fit, or a name said only inside a quotation, leave the demand unasked.
"""

from __future__ import annotations

import pytest

from tests.questions.test_demands import asked, demand_questions

#: two persons in the sentence before "He": the title says which one is a man
TITLES = (
    "Depot row in Kelby\n\n"
    "Mrs Sarah Jones met Mr Tom Bell at the bus depot on Monday. He wants to close the depot by June."
)
NO_TITLES = (
    "Depot row in Kelby\n\n"
    "Sarah Jones met Tom Bell at the bus depot on Monday. He wants to close the depot by June."
)
#: "he" told of Bell before: "She" is then the other person
LEARNED = (
    "Depot row in Kelby\n\n"
    "Tom Bell said he would fight the closure of the bus depot.\n\n"
    "Ada Crane wrote to Tom Bell on Monday. "
    'She added, "We must keep the depot open for the night buses."'
)
GROUP = (
    "Nurses write to the board\n\n"
    "A group of nurses wrote to the Kelby health board on Monday about the night ward.\n\n"
    "The ward has twelve beds. It was opened in 1998 and has been busy every winter since.\n\n"
    "The group had set a deadline of Friday for the board to reply before going to the press."
)
TWO_GROUPS = GROUP.replace(
    "about the night ward.\n\n", "about the night ward. A group of doctors wrote the same day.\n\n"
)
OPERATOR = (
    "Ferry timetable\n\n"
    "Harbour Ferries, the island's ferry operator, sails four times a day.\n\n"
    "The crossing takes forty minutes. Tickets cost six pounds.\n\n"
    "The operator wants to add a night crossing before the summer."
)
TWO_OPERATORS = OPERATOR.replace(
    "sails four times a day.", "sails four times a day. Kelby Boats, a rival operator, sails twice."
)
#: "the regulator" is an organisation's, even with a group the subject in between
REGULATOR = (
    "Broadband review\n\n"
    "Ofcom, the media regulator, has opened a review of prices.\n\n"
    "Customers have complained for years. Prices rose twice last year.\n\n"
    "The regulator wants to cut prices for rural customers."
)
#: "It" after another party was named is that party's, not the one that made the last demand
IT_AFTER_OTHER = (
    "Ward row\n\n"
    "The Harbour Nurses Union demanded a pay rise for night staff. The Kelby Health Board met on Monday. "
    "It demanded cuts to the night ward."
)
#: a name said only inside a quotation is not whom "she" stands for
QUOTED_NAME = (
    "Depot row in Kelby\n\n"
    '"Tom Bell has done nothing for the drivers," she said on Monday. '
    "She wants the council to replace the depot manager."
)

#: "its" and "their" are the clause's subject's, unless another party stands between them
ITS_PLANS = (
    "Library cuts\n\nThe Kelby Council unveiled its plans to close two libraries and sell the old depot."
)
THEIR_CALL = "Pay row\n\nNurses at Kelby Hospital renewed their call for a five per cent pay rise."
ITS_RIVAL = "Ferry row\n\nThe Kelby Council urged the operator to accept its offer to repair the pier."


@pytest.mark.parametrize(
    ("text", "prompt_start", "answer"),
    [
        (TITLES, "What did Tom Bell want to do", "close the depot by June"),
        (LEARNED, "What did Ada Crane say must be done", "keep the depot open for the night buses"),
        (
            GROUP,
            "What did a group of nurses set a deadline of Friday for",
            "the board to reply before going to the press",
        ),
        (OPERATOR, "What did Harbour Ferries want to do", "add a night crossing before the summer"),
        (REGULATOR, "What did Ofcom want to do", "cut prices for rural customers"),
        (IT_AFTER_OTHER, "What did the Kelby Health Board demand", "cuts to the night ward"),
        (ITS_PLANS, "What did the Kelby Council plan to do", "close two libraries"),
        (ITS_PLANS, "What else did the Kelby Council plan to do", "sell the old depot"),
        (THEIR_CALL, "What did nurses", "a five per cent pay rise"),
    ],
)
def test_the_party_is_found_through_the_one_antecedent(text: str, prompt_start: str, answer: str) -> None:
    assert asked(text, prompt_start, answer), [q.prompt + " -> " + q.answer for q in demand_questions(text)]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (NO_TITLES, "close the depot"),  # Ada Crane or Tom Bell: no telling
        (TWO_GROUPS, "the board to reply"),  # the nurses' group or the doctors'
        (TWO_OPERATORS, "night crossing"),  # Harbour Ferries or Kelby Boats
        (QUOTED_NAME, "replace the depot manager"),  # not Tom Bell's demand
        (ITS_RIVAL, "offer to do"),
        (
            IT_AFTER_OTHER.replace("It demanded", "The union demanded"),
            "Kelby Health Board demand",
        ),  # the council's offer or the operator's
    ],
)
def test_no_demand_is_asked_when_its_party_is_unsure(text: str, words: str) -> None:
    for q in demand_questions(text):
        shown = " ".join([q.prompt, q.answer, *q.items])
        assert words not in shown, q.prompt + " -> " + q.answer


def test_an_infinitive_done_by_the_object_is_not_the_subjects_demand() -> None:
    # "leading 12 nations to order ...": the nations order their citizens out, not Acmeland
    text = (
        "Troops\n\nAs of now, Acmeland continues to grow its troops, leading at least 12 nations, including "
        'Norway and Peru, to order their citizens to fly out "immediately."\n'
    )
    prompts = [q.prompt for q in demand_questions(text)]
    assert not any("Acmeland" in p for p in prompts), prompts


#: a common plural that opens a sentence is capitalised; the parser may take it for a name
OPENING_PLURAL = (
    "Clinic for migrants\n\n"
    "The doctors raised money to pay for the vaccines. "
    "Physicians are volunteering their time to provide the shots, said Ada Crane, a family doctor in Kelby."
)


def test_a_capitalised_plural_opening_a_sentence_is_a_group() -> None:
    text = OPENING_PLURAL
    assert asked(text, "What did physicians volunteer time to do", "provide the shots"), [
        q.prompt + " -> " + q.answer for q in demand_questions(text)
    ]


#: "they" stands for the party a sentence cites ("according to the panel", ", said a panel of ...")
CITED = (
    "Games outlook\n\n"
    "Games for casual players will sell well next year, which suits small studios, said a panel of experts. "
    "They were speaking before a trade show in Kelby.\n\n"
    "Card games and puzzles are the most played titles on phones.\n\n"
    "With more people online, casual gaming is set to grow in 2005, according to the panel. "
    "The focus for the coming year should be about attracting new developers into the field, they agreed."
)


def test_they_is_the_party_the_sentence_before_cites() -> None:
    assert asked(
        CITED,
        "What did a panel of experts say the focus for the coming year should be",
        "attracting new developers into the field",
    ), [q.prompt + " -> " + q.answer for q in demand_questions(CITED)]


#: "Patrick Harlow Jr.", "Pat Harlow" and "Patrick W. Harlow" are one man: "Harlow" is he
VARIANTS = (
    "Threat case\n\n"
    "Patrick Harlow Jr., 55, pleaded guilty on Monday in Kelby.\n\n"
    '"Pat Harlow regrets the calls," his lawyer said.\n\n'
    "Harlow was arrested in April after a call in which he said he would burn down the town hall.\n\n"
    "A judge will sentence Patrick W. Harlow in May."
)


def test_written_variants_of_one_name_are_one_person() -> None:
    assert asked(VARIANTS, "What did Patrick Harlow Jr say he would do", "burn down the town hall"), [
        q.prompt + " -> " + q.answer for q in demand_questions(VARIANTS)
    ]
    # Peter is not a short form of Patrick: two Harlows, and "Harlow" is neither
    two = VARIANTS.replace("Pat Harlow", "Peter Harlow")
    assert not any("burn down" in q.answer for q in demand_questions(two))


#: "the band" the article never ties to a name: its subject, named in the headline and as the
#: lead's subject, and called one of the "bands" there
LEAD_BAND = (
    "Tidemark's hunger for a hit\n\n"
    "Tidemark, who have won two awards for their single Harbour Song, are clinging to their status as "
    "one of the most popular bands in Kelby.\n\n"
    "The music must be catchy and the shows loud. Fans queue for hours outside the halls.\n\n"
    "Their new album comes ten years after the schoolfriends got together in Kelby.\n\n"
    "The band have worked hard to stay at the top of the charts, according to the critic Ada Crane."
)


@pytest.mark.parametrize(
    ("text", "party"),
    [
        (LEAD_BAND, "Tidemark"),
        (LEAD_BAND.replace("Tidemark's hunger", "A hunger"), None),  # the headline does not name it
        (LEAD_BAND.replace("popular bands", "popular acts"), None),  # the lead does not call it a band
        # another band came in: "the band" is not the lead's
        (LEAD_BAND.replace("Fans queue", "A band from Marlow played first. Fans queue"), None),
        # a noun that only describes brings no other band in
        (LEAD_BAND.replace("Fans queue", "Critics see them as a loud band. Fans queue"), "Tidemark"),
    ],
)
def test_the_band_is_the_articles_subject_only_when_the_lead_says_so(text: str, party: str | None) -> None:
    found = [q for q in demand_questions(text) if q.answer == "stay at the top of the charts"]
    assert ["Tidemark" in q.prompt for q in found] == ([True] if party else [False] * len(found))


#: "X ..., saying she ...": the article calls X "she", so "He" is the other person
SAYING_SHE = (
    "Depot row in Kelby\n\n"
    "Sarah Jones asked the staff of Tom Bell for calm on Friday, saying she expected a deal within days.\n\n"
    "Sarah Jones met Tom Bell at the bus depot on Monday. He wants to close the depot by June."
)
#: what he said in a call is his, even where the parser hangs "in which" on a noun of another clause
CALL = (
    "Threat case\n\n"
    "A Kelby man pleaded guilty to threatening Rep. Ada Crane on Monday.\n\n"
    "Tom Harlow, 55, could face ten years in prison.\n\n"
    "Harlow was arrested in April for a call he reportedly made to Crane's office, in which he said he'd "
    "burn down the town hall."
)


@pytest.mark.parametrize(
    ("text", "prompt_start", "answer"),
    [
        (SAYING_SHE, "What did Tom Bell want to do", "close the depot by June"),
        (CALL, "What did Tom Harlow say he would do", "burn down the town hall"),
    ],
)
def test_a_reported_she_and_a_call_in_which_he_said(text: str, prompt_start: str, answer: str) -> None:
    assert asked(text, prompt_start, answer), [q.prompt + " -> " + q.answer for q in demand_questions(text)]
