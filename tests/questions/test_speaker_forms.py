"""Who said what, in the less direct constructions of news writing: a quotation split by its
attribution, a "with X saying" phrase, the agent of a passive verb of speech, a stance verb in a
sentence that names others, and short phrases given by a pronoun. One made-up article each."""

from __future__ import annotations

from functools import cache

import pytest

import questions as qs
from tests.questions.helpers import describe, norm


@cache
def bank_of(text: str) -> qs.Bank:
    return qs.generate_bank(text, kinds=["speaker"])


def speaker_keys(bank: qs.Bank, words: str) -> set[str]:
    """The keys of the "Who said ...?" questions whose prompt holds these words."""
    return {
        q.answer
        for q in bank.questions
        if q.kind == "speaker"
        and q.type in ("multiple_choice", "short_answer")
        and norm(words) in norm(q.prompt)
    }


ARTICLES = {
    "split_quote": (
        "Ports plan praised\n\n"
        "Trade minister Lena Varga spoke in Gdansk on Monday, where dock workers cheered the plan. "
        '"A trained and healthy workforce," insisted Ms Varga, "will repay every penny of the '
        'investment." Shipping firms were less sure.'
    ),
    "with_warning": (
        "Tariff plan criticised\n\n"
        "Shipping firms attacked the new tariffs on Tuesday, with union leader Tomas Brill warning "
        'of "serious harm to small exporters". Minister Ewa Lind defended them.'
    ),
    "with_action_saying": (
        "Minister heckled\n\n"
        "Minister Ewa Lind visited the harbour on Friday. The trouble began during the questions, with "
        "fisherman Karl Dorn walking up to the stage, saying \u201cMinister, that plan will empty our "
        "harbour\u201d as officials watched."
    ),
    "with_two_people": (
        "Talks end\n\n"
        "Minister Ewa Lind left the talks early, with Ann Lee and Bob Roe saying \u201cthe offer "
        "to the dockers is simply not good enough\u201d."
    ),
    "passive_agent": (
        "Brooch stolen\n\n"
        "Minister Ewa Lind reported the theft on Monday. A silver brooch taken from her office was "
        'described by councillor Helen Marsh as "the finest piece of work in the town".'
    ),
    "stance_other_agent": (
        "Manager fined\n\n"
        'Manager Ivo Brand accused the rival club of "cheating" and was warned by the Football '
        "League. Striker Pat Rudd said nothing."
    ),
    "pronoun_short_phrases": (
        "Referendum wording\n\n"
        "Green leader Nora Quill said she expected a vote on the harbour in spring. She said the "
        'wording sounded "fair" and "clear", adding it would let voters "weigh both sides of the '
        'argument properly". Mayor Tom Hale did not comment.'
    ),
    "group_by_apposition": (
        "Nurses offer free checks\n\n"
        "The nurses, members of a new group Nurses for Safer Wards, have offered to run free heart "
        "checks at the Millbrook shelter.\n\n"
        "Mayor Tom Hale has not replied.\n\n"
        '"Winter is coming and we cannot wait for the council to act," the nurses stated.'
    ),
    "two_groups_by_apposition": (
        "Nurses divided\n\n"
        "The nurses, members of a new group Nurses for Safer Wards, want free checks. Other nurses, "
        "members of the Royal Ward Union, oppose the plan.\n\n"
        '"Winter is coming and we cannot wait for the council to act," the nurses stated.'
    ),
    "org_by_noun": (
        "Ferry fares to rise\n\n"
        "Northern Sea Lines (NSL) runs the island route. Mayor Tom Hale met the board of Harbour Trust "
        "on Friday.\n\n"
        "In May, NSL announced that it would raise fares on the island route. The company said in a "
        'statement that "fuel now costs twice what it did a year ago on every crossing".'
    ),
    "paper_by_noun": (
        "Mayor silent on date\n\n"
        "In an interview with the Daily Courier, Mayor Tom Hale refused to name a date for the vote. "
        'The paper said the mayor "dodged the question twice".'
    ),
    "fans_of_a_club": (
        "Fans angry\n\n"
        "The fans, supporters of Redvale Rovers, marched to the ground on Saturday. Rovers did not "
        'comment.\n\n"We want our club back from the owners," the fans said.'
    ),
    "org_then_other_union": (
        "Pay talks fail\n\n"
        "In May, Harbour Ferries walked out of its talks with the union over pay. The union said in "
        'a statement that "the offer was an insult to every crew member".'
    ),
    "it_said": (
        "Ferry news\n\n"
        "Harbour Ferries reported a loss of four million pounds on Monday. It said the island route "
        '"has never made money in a single winter".\n\n'
        "The regulator criticised Island Lines over its timetable. It said the company had "
        '"let down every commuter on the coast".'
    ),
    "stance_over_other_speech": (
        "Row over harbour\n\n"
        "Mayor Tom Smith criticised councillor Ann Jones for calling the harbour plan "
        '"a disaster for the town". The council meets on Friday.'
    ),
    "org_by_noun_two_orgs": (
        "Ferry fares to rise\n\n"
        "In May, Harbour Ferries and Island Lines announced higher fares on the island route. The "
        'company said in a statement that "fuel now costs twice what it did a year ago on every '
        'crossing".'
    ),
}


@pytest.mark.parametrize(
    ("article", "quote", "speaker"),
    [
        # a quotation split by "insisted X": asked whole, with both halves
        ("split_quote", "A trained and healthy workforce … will repay every penny", "Lena Varga"),
        # "with X warning of "…"": the person of the with-phrase
        ("with_warning", "serious harm to small exporters", "Tomas Brill"),
        # "with X walking up to the stage, saying "…"": the person who walked up
        ("with_action_saying", "Minister, that plan will empty our harbour", "Karl Dorn"),
        # "described by X as "…"": the agent, not the brooch
        ("passive_agent", "the finest piece of work in the town", "Helen Marsh"),
        # "X accused Y of "cheating" and was warned by Z": X, whose verb governs the word
        ("stance_other_agent", "cheating", "Ivo Brand"),
        # "She said it sounded "fair" and "clear", adding …": each phrase, shown with her name
        ("pronoun_short_phrases", "fair", "Nora Quill"),
        ("pronoun_short_phrases", "clear", "Nora Quill"),
        # "the nurses stated", after "The nurses, members of a new group X, ...": the group
        ("group_by_apposition", "Winter is coming and we cannot wait", "Nurses for Safer Wards"),
        # "Harbour Ferries reported a loss. It said …": the organisation that was the subject
        ("it_said", "has never made money in a single winter", "Harbour Ferries"),
        # "in an interview with the Daily Courier, … The paper said": the publication
        ("paper_by_noun", "dodged the question twice", "Daily Courier"),
    ],
)
def test_speaker_key(article: str, quote: str, speaker: str) -> None:
    bank = bank_of(ARTICLES[article])
    keys = speaker_keys(bank, quote)
    assert keys == {speaker}, f"speakers:\n{describe(bank, 'speaker')}"


def test_a_bare_predicate_quote_is_hers_or_not_asked() -> None:
    """'adding it would let voters "weigh both sides ..."': a verb-led fragment has no context a
    prompt can carry, so it may go unasked (the quote-fragment rule); asked, it is hers."""
    bank = bank_of(ARTICLES["pronoun_short_phrases"])
    assert speaker_keys(bank, "weigh both sides of the argument") <= {"Nora Quill"}, describe(bank, "speaker")
    assert not any(q.prompt.startswith("Who said “weigh") for q in bank.questions), describe(bank, "speaker")


def test_split_quote_halves_are_not_asked_alone() -> None:
    """Neither half of a split quotation is a question of its own: each stops mid-sentence."""
    bank = bank_of(ARTICLES["split_quote"])
    prompts = [q.prompt for q in bank.questions if q.kind == "speaker"]
    assert not any("workforce”" in p or "“will repay" in p for p in prompts), prompts


def test_two_people_in_the_with_phrase_ask_nothing() -> None:
    """ "with Ann Lee and Bob Roe saying "…"": either could have said it."""
    bank = bank_of(ARTICLES["with_two_people"])
    assert not speaker_keys(bank, "the offer to the dockers"), describe(bank, "speaker")


def test_short_phrase_shows_the_name_its_pronoun_stands_for() -> None:
    """The excerpt of "Who said the wording sounded “fair”?" holds the sentence that names Nora Quill."""
    bank = bank_of(ARTICLES["pronoun_short_phrases"])
    asked = [q for q in bank.questions if q.kind == "speaker" and q.prompt.endswith("“fair”?")]
    assert asked, describe(bank, "speaker")
    assert all(any("Nora Quill" in s.text and '"fair"' in s.text for s in q.sources) for q in asked)


def test_two_groups_in_apposition_ask_nothing() -> None:
    """ "the nurses" after two groups of nurses were named: either could have said it."""
    bank = bank_of(ARTICLES["two_groups_by_apposition"])
    assert not speaker_keys(bank, "Winter is coming"), describe(bank, "speaker")


def test_group_question_shows_where_it_is_named() -> None:
    """The excerpt of a quotation of "the nurses" shows the sentence that names their group."""
    bank = bank_of(ARTICLES["group_by_apposition"])
    asked = [q for q in bank.questions if q.kind == "speaker" and "Winter is coming" in q.prompt]
    assert asked, describe(bank, "speaker")
    assert all(any("Nurses for Safer Wards" in s.text for s in q.sources) for q in asked)


def test_the_company_is_the_one_organisation_named_just_before() -> None:
    """ "NSL announced …. The company said "…"": NSL, accepted also by the full name its initials
    stand for, which is never a wrong choice."""
    bank = bank_of(ARTICLES["org_by_noun"])
    asked = [
        q
        for q in bank.questions
        if q.kind == "speaker"
        and "fuel now costs twice" in q.prompt
        and q.type in ("multiple_choice", "short_answer")
    ]
    assert asked and {q.answer for q in asked} == {"NSL"}, describe(bank, "speaker")
    for q in asked:
        assert "Northern Sea Lines" in q.accepted
        assert "Northern Sea Lines" not in q.choices


def test_the_company_after_two_organisations_asks_nothing() -> None:
    bank = bank_of(ARTICLES["org_by_noun_two_orgs"])
    assert not speaker_keys(bank, "fuel now costs twice"), describe(bank, "speaker")


def test_stance_verb_does_not_take_words_another_verb_of_speech_governs() -> None:
    """ "X criticised Y for calling it "a disaster"": the words are Y's, never X's."""
    bank = bank_of(ARTICLES["stance_over_other_speech"])
    assert "Tom Smith" not in speaker_keys(bank, "a disaster for the town"), describe(bank, "speaker")


def test_supporters_of_a_club_are_not_the_club() -> None:
    """ "The fans, supporters of Redvale Rovers, …": the fans' words are not the club's."""
    bank = bank_of(ARTICLES["fans_of_a_club"])
    assert not speaker_keys(bank, "We want our club back"), describe(bank, "speaker")


def test_the_union_after_a_company_and_a_union_asks_nothing() -> None:
    """ "Harbour Ferries walked out of its talks with the union. The union said": not the firm."""
    bank = bank_of(ARTICLES["org_then_other_union"])
    assert "Harbour Ferries" not in speaker_keys(bank, "the offer was an insult"), describe(bank, "speaker")


def test_it_said_after_a_sentence_whose_subject_is_no_organisation_asks_nothing() -> None:
    """ "The regulator criticised Island Lines. It said …": "it" is the regulator, not the firm."""
    bank = bank_of(ARTICLES["it_said"])
    assert not speaker_keys(bank, "let down every commuter"), describe(bank, "speaker")
