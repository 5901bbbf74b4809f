"""Who said what: one short made-up article per construction, and the key a reader would see."""

from __future__ import annotations

from functools import cache

import pytest

import questions as qs
from tests.questions.helpers import describe, norm, shown


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
    "pronoun_gender": (
        "Harbour plan approved\n\n"
        "Councillor Mary Vance, the lawyer for fisherman Tom Ebbing, told reporters that her client "
        "would appeal against the harbour decision.\n\n"
        "\u201cTom Ebbing has fished this coast for forty years and knows every rock in it,\u201d she said "
        "in a statement. \u201cHe will take the ruling to the appeal court in Carlisle.\u201d"
    ),
    "reported_then_quote": (
        "Games firm looks to adults\n\n"
        "Peter Lund, the firm's sales director, said the company wanted more players in their forties. "
        "Anna Sorel said the studio would hire forty designers. \u201cWe will double the studio in Leeds "
        "by the end of the decade.\u201d"
    ),
    "colon_any_verb": (
        "Band plans new record\n\n"
        "\u201cWe want a number one single,\u201d singer Rob Tanner said. Guitarist Lena Marsh echoed "
        'those words: "We never want to be a tribute act playing the old hits in Blackpool."'
    ),
    "passive_agent_colon": (
        "Minister faces voters\n\n"
        "Teacher Ruth Hale said: \u201cWhere will the new pupils sit?\u201d Then came the question posed "
        'by retired miner Owen Pryce: "Who will pay for the pit village clinic in Ashdale?"'
    ),
    "pronoun_skips_name_in_quote": (
        "Burglar chased off\n\n"
        "The actor chased a burglar from his home in Kent on Sunday. Sergeant Colin Webb of Kent Police "
        "said a ladder had been used. \u201cThe intruder was seen off by Mr Ashdown, who chased him "
        "across the lawn,\u201d he said."
    ),
    "org_saying": (
        "Broadband plan welcomed\n\n"
        "Internet provider Fibrelink also backed the plans, saying \u201cwe will sign up the day the "
        "regulator approves them\u201d. Analyst Dora Finch said the plan was bold."
    ),
    "bland_quote": (
        "Club wins again\n\n"
        "\u201cWe're going to keep working hard,\u201d coach Dan Mercer said after the win over Redvale. "
        "Captain Amy Holt said: \u201cThe new stand at Kingsmead will hold nine thousand fans "
        "next season.\u201d"
    ),
    "institution": (
        "Border deal criticised\n\n"
        "Norway's foreign ministry said it saw the deal as \"a step backwards for the fishing "
        'communities" of the north. Minister Kari Lund said nothing.'
    ),
    "short_phrase_called": (
        "Referee row\n\n"
        'Manager Ross Kettle later accused striker Dean Alvar of "diving" and was fined. Mr Kettle '
        'backed a "yes" vote on video replays.'
    ),
    "stray_space_close": (
        "Letter to the court\n\n"
        'Senator Joan Rees wrote to the judge on Monday. "Who are we if we answer anger with anger? " '
        "she wrote in her letter."
    ),
    "section_title": (
        "Council backs new library\n\n"
        "The council voted for the plan on Tuesday, and the decision was welcomed across the town. "
        '"This library will open its doors to eleven thousand readers in Elmbridge."\n\n'
        "Funding Concerns\n\n"
        "The building will cost four million pounds, the council said."
    ),
    "object_not_speaker": (
        "Man held after raid\n\n"
        'Police arrested John Smedley in Leeds on Monday. "He was carrying a knife and two stolen '
        'passports from Dover," he said.'
    ),
    "two_subjects": (
        "Trade talks\n\n"
        'Ann Lee and Kate Roe met in Paris on Friday. "We agreed on tariffs for Chilean copper and '
        'steel," she said.'
    ),
    "appositive_name": (
        "Rail plan welcomed\n\n"
        'Transport consultants Railwise welcomed the plan, saying the operator had "listened to '
        'commuters in Kent at last".'
    ),
    "reduced_clause_colon": (
        "Minister questioned\n\n"
        'Farmer Gwen Price, from Powys, asked of the drought: "Who pays for the water when the wells '
        'run dry in August?"'
    ),
    "denied_being": (
        "Coach cleared\n\n"
        'Coach Harry Blaine denied being "a bully" at the Northfield academy, his lawyer said.'
    ),
    "unnamed_speaker": (
        "Factory to close\n\n"
        "Union leader Jim Carver said the closure was a blow. \u201cThe town will lose three hundred "
        "jobs at the Ferrybridge works,\u201d a company spokesman said."
    ),
    "curly_single_marks": (
        "Mayor opens bridge\n\n"
        "\u2018This bridge will carry ten thousand cyclists a day across the Tyne,\u2019 mayor "
        "Sophie Lang said on Friday."
    ),
    "stance_verb_phrase": (
        "Treaty vote called\n\n"
        "Senator Hugh Pell welcomed the premier\u2019s \u201ccourage in calling the vote\u201d on the treaty."
    ),
    "two_subjects_title": (
        "Regulator warns phone firms\n\n"
        "In a letter, PUC President Carla Brandt said that \u201closing the phone network for a week is "
        "not an inconvenience, it costs lives.\u201d"
    ),
}


@pytest.mark.parametrize(
    ("article", "quote", "speaker"),
    [
        # "she said" after a sentence naming a lawyer (subject) and her client: the lawyer
        ("pronoun_gender", "Tom Ebbing has fished this coast", "Mary Vance"),
        ("pronoun_gender", "He will take the ruling to the appeal court", "Mary Vance"),
        # a quote after "X said that ...": X, not the person quoted before
        ("reported_then_quote", "We will double the studio in Leeds", "Anna Sorel"),
        # "X echoed those words: "..."": X, whatever the verb
        ("colon_any_verb", "We never want to be a tribute act", "Lena Marsh"),
        # "the question posed by X: "..."": the agent
        ("passive_agent_colon", "Who will pay for the pit village clinic", "Owen Pryce"),
        # "he said" after a quote naming someone else: the officer named before the quote
        ("pronoun_skips_name_in_quote", "The intruder was seen off by", "Colin Webb"),
        # an organisation that backs a plan, "saying ..."
        ("org_saying", "we will sign up the day the regulator approves", "Fibrelink"),
        # quotes in curly single marks
        ("curly_single_marks", "This bridge will carry ten thousand cyclists", "Sophie Lang"),
        # a short phrase the subject of "welcomed" used
        ("stance_verb_phrase", "courage in calling the vote", "Hugh Pell"),
        # a named institution speaks
        ("institution", "a step backwards for the fishing", "Norway's foreign ministry"),
        # a single word a named person used
        ("short_phrase_called", "diving", "Ross Kettle"),
        # a closing mark after a stray space
        ("stray_space_close", "Who are we if we answer anger with anger?", "Joan Rees"),
        # "analysts X welcomed it, saying ...": the name in apposition
        ("appositive_name", "listened to commuters in Kent", "Railwise"),
        # "X, from Y, asked of Z: "..."": the name, however the parser hangs the verb (the
        # parser keeps "Farmer" in the name; the scorer and a reader accept it)
        ("reduced_clause_colon", "Who pays for the water when the wells", "Farmer Gwen Price"),
        # "PUC President Carla Brandt said": the person, not the organisation
        ("two_subjects_title", "losing the phone network for a week", "Carla Brandt"),
    ],
)
def test_speaker_key(article: str, quote: str, speaker: str) -> None:
    bank = bank_of(ARTICLES[article])
    keys = speaker_keys(bank, quote)
    assert keys == {speaker}, f"speakers:\n{describe(bank, 'speaker')}"


@pytest.mark.parametrize(
    ("article", "quote"),
    [
        # "a company spokesman said": nobody the article names, so nobody is asked about
        ("unnamed_speaker", "The town will lose three hundred jobs"),
        # "he said" after a sentence naming only the man arrested: the speaker is not him
        ("object_not_speaker", "He was carrying a knife"),
        # "she said" after two women named as subjects: either could have said it
        ("two_subjects", "We agreed on tariffs"),
        # a section title after the quote is no speaker
        ("section_title", "This library will open its doors"),
        # "denied being "a bully"": the word is someone else's
        ("denied_being", "a bully"),
        # a quoted label is no saying: a "yes" vote
        ("short_phrase_called", "yes"),
        # a quote that says nothing a reader could learn
        ("bland_quote", "keep working hard"),
    ],
)
def test_no_question_when_unsure(article: str, quote: str) -> None:
    bank = bank_of(ARTICLES[article])
    assert not speaker_keys(bank, quote), f"speakers:\n{describe(bank, 'speaker')}"


def test_sources_show_who_said_it() -> None:
    """The excerpt of a "she said" question also shows the sentence that names her."""
    bank = bank_of(ARTICLES["pronoun_gender"])
    found = [q for q in bank.questions if q.kind == "speaker" and "Tom Ebbing has fished" in q.prompt]
    assert found
    assert all(shown(q, "Councillor Mary Vance") for q in found if q.type != "true_false")


def test_no_invented_distractors() -> None:
    """Two people in the article: no multiple choice padded with made-up names."""
    bank = bank_of(ARTICLES["bland_quote"])
    asked = [q for q in bank.questions if q.kind == "speaker" and "Kingsmead" in q.prompt]
    assert any(q.type == "short_answer" and q.answer == "Amy Holt" for q in asked), describe(bank, "speaker")
    for q in asked:
        if q.type == "multiple_choice":
            assert set(q.choices) <= {"Amy Holt", "Dan Mercer"}


def test_quote_cloze_blanks_a_fact() -> None:
    """ "Complete what X said" blanks a name, a number or a key term, never a vague phrase."""
    bank = bank_of(ARTICLES["bland_quote"])
    clozes = [q for q in bank.questions if q.kind == "speaker" and q.type == "cloze"]
    assert clozes, describe(bank, "speaker")
    for q in clozes:
        assert "_____" in q.prompt
        assert q.answer in ("Kingsmead", "nine thousand", "next season", "The new stand", "new stand"), (
            q.answer
        )
