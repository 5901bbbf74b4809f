"""Item quality a blind reviewer noticed: figures given away by a conversion in brackets, place
choices of the wrong level. Short made-up articles, one per construction."""

from __future__ import annotations

import pytest

import questions as qs
from questions.build.minor import comparable_figure

SPEED = (
    "Bypass speed limit to rise\n\n"
    "The speed limit on the Harrow bypass will rise to 55 mph (88.5 kph) next spring, the county council "
    "said on Monday. Drivers in Harrow have asked for the change for ten years."
)
PLACES = (
    "Ministers meet in Geneva\n\n"
    "Trade ministers from Norway and Chile met in Geneva on Tuesday to sign a fishing deal, the Norwegian "
    "ministry said.\n\n"
    "The talks had first been planned for Oslo, but were moved to Geneva after protests in Oslo.\n\n"
    "The deal lets Chilean boats fish off Norway for the first time, and Norwegian firms will build a plant "
    "in Valparaiso."
)


def bank(text: str) -> qs.Bank:
    return qs.generate_bank(qs.parse_article(text))


def test_a_conversion_in_brackets_does_not_give_a_figure_away() -> None:
    questions = [q for q in bank(SPEED).questions if q.kind == "number"]
    assert all("88.5" not in q.prompt for q in questions), [q.prompt for q in questions]


def test_places_are_asked_without_choices_of_another_level() -> None:
    places = [q for q in bank(PLACES).questions if q.kind == "place"]
    assert {q.answer for q in places} >= {"Geneva", "Norway"}, [(q.type, q.prompt) for q in places]
    assert all(q.type in ("cloze", "short_answer") for q in places), [(q.type, q.prompt) for q in places]


@pytest.mark.parametrize(
    ("choice", "answer", "fits"),
    [
        ("£12,000", "£15,000", True),
        ("5 metres", "4 metres", True),
        ("2", "£15,000", False),  # no unit, and far smaller
        ("£2", "£15,000", False),  # the unit, but not the size
        ("0800", "30", False),  # a phone prefix is no count
        ("30 years", "4 metres", False),
        ("27", "30,000", False),
    ],
)
def test_a_wrong_figure_shares_the_answers_unit_and_size(choice: str, answer: str, fits: bool) -> None:
    assert comparable_figure(choice, answer) is fits
