"""Each wrong-key construction of issue 11 on a short made-up article: the generator gets the key
right or asks nothing about it (constructions tested elsewhere are named in the table's comments)."""

from __future__ import annotations

from functools import cache

import pytest

import questions as qs
from tests.questions.helpers import describe, norm

ARTICLES = {
    # "... was rejected by X, who said: "..."": X, not the speaker of the next paragraph
    "attributed_before": (
        "Harbour plan rejected\n\n"
        'The harbour plan was rejected by councillor Ruth Hale, who said: "The town cannot pay for a '
        'marina of that size in Kelby."\n\n'
        "Mayor Tom Reed said the council would meet again in May. "
        '"We will find the money somewhere," he said.'
    ),
    # a headline in title case is no speaker
    "headline": (
        "Rail Strike Looms\n\n"
        '"Trains will stop on every line into Kelby from Monday," union leader Jo Bright said.'
    ),
    # a firm's statement after an analyst's sentence: the firm (or nobody), never the analyst
    "firm_after_analyst": (
        "Dairy firm cuts jobs\n\n"
        "Analyst Dora Finch of Kelby Capital said the cuts were expected. \u201cWe will close the Ashdale "
        "creamery in March and move its work to Leeds,\u201d the firm said in a statement."
    ),
    # a drummer's words about the singer: the drummer
    "drummer_singer": (
        "Band splits\n\n"
        "Singer Rob Tanner has left the Kelby Five. The band's drummer, Lena Marsh, said: \u201cRob told "
        "us by text on a Sunday night, and that was that.\u201d"
    ),
    # a lawyer's words about her client: the lawyer
    "lawyer_client": (
        "Fisherman to appeal\n\n"
        "Solicitor Mary Vance, who acts for fisherman Tom Ebbing, spoke outside the court in Carlisle. "
        "\u201cMy client will take this ruling to the appeal court before the summer,\u201d she said."
    ),
    # a police officer's words about the singer they describe: the officer
    "officer_singer": (
        "Singer's home burgled\n\n"
        "Singer Amy Dune was away when her house in Kent was burgled on Sunday. Inspector Colin Webb of "
        "Kent Police said a ladder had been used. \u201cThe burglar was seen by Ms Dune's neighbour, who "
        "called us at once,\u201d he said."
    ),
}


@cache
def bank_of(text: str) -> qs.Bank:
    return qs.generate_bank(text)


def who_said(bank: qs.Bank, words: str) -> set[str]:
    """Every person a speaker question gives as the one who said these words (true/false included)."""
    out = set()
    for q in bank.questions:
        if q.kind != "speaker" or norm(words).split()[-1] not in norm(q.prompt):
            continue
        if q.type == "cloze":
            out.add(q.prompt.removeprefix("Complete what ").split(" said:", 1)[0])
        elif q.type == "true_false":
            said = q.prompt.split("According to the article, ", 1)[-1].split(" said ", 1)[0]
            if q.answer == "True":
                out.add(said)
        else:
            out.add(q.answer)
    return out


@pytest.mark.parametrize(
    ("article", "quote", "speakers"),
    [
        ("attributed_before", "The town cannot pay for a marina", {"Ruth Hale"}),
        ("attributed_before", "We will find the money somewhere", {"Tom Reed"}),
        ("headline", "Trains will stop on every line", {"Jo Bright"}),
        ("firm_after_analyst", "We will close the Ashdale creamery", set()),
        ("drummer_singer", "Rob told us by text", {"Lena Marsh"}),
        ("lawyer_client", "My client will take this ruling", {"Mary Vance"}),
        ("officer_singer", "The burglar was seen by", {"Colin Webb"}),
    ],
)
def test_the_key_is_the_speaker_or_nothing_is_asked(article: str, quote: str, speakers: set[str]) -> None:
    bank = bank_of(ARTICLES[article])
    found = who_said(bank, quote)
    assert found <= speakers, f"speakers:\n{describe(bank, 'speaker')}"


def test_no_headline_words_as_a_choice() -> None:
    bank = bank_of(ARTICLES["headline"])
    offered = {c for q in bank.questions for c in (*q.choices, q.answer)}
    assert not {"Rail Strike Looms", "Rail Strike", "Strike Looms"} & offered


def test_a_role_is_asked_of_people_only() -> None:
    # "Analyst Dora Finch of Kelby Capital": the firm is not described as the analyst
    bank = bank_of(ARTICLES["firm_after_analyst"])
    assert not [q.prompt for q in bank.questions if q.kind == "role" and "Kelby Capital" in q.prompt]


# Tested elsewhere on articles of their own: a question posed by one member of the public given to
# another (test_speakers "passive_agent_colon"), a headline or section title as speaker
# ("section_title"), "X calls Y misguided" as a demand and a commentator's characterisation as the
# article's fact (test_demands), a later event's year as the date (test_dates "ahead of"), a year
# accepted for "two years" (test_dates).
