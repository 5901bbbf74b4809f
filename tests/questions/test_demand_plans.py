"""Demand frames of plans, aims, offers and talks: a relative clause ("revenues, which the firm
hoped to double"), gerunds listed after a plan's object, a focus for a time, time given to a
purpose, talks about something and a reward offered for something.

Each article is short and made up; the assertions are what a reader of the quiz would notice: the
question asked, its key, and that nothing is asked when the party is not sure.
"""

from __future__ import annotations

import pytest

from tests.questions.helpers import demand_asked as asked
from tests.questions.helpers import demand_listed as shown
from tests.questions.helpers import demand_questions

RELATIVE_ON_DATE = (
    "Harbour Ferries carried more people than ever last year. "
    "Its profits were $3m in 2004, which Harbour Ferries hoped to double by 2009."
)
RELATIVE_ON_FIGURE = "Harbour Ferries reported revenues of $3bn, which it hoped to double by 2009."
RELATIVE_ON_NOUN = "Harbour Ferries sold the old depot, which it plans to turn into a museum."
INCLUDE_GERUNDS = "The Kelby Council's plans include a new bridge, freezing rents and cutting taxes."
FOCUS = "Harbour Ferries has said the focus for the coming year is to attract more tourists."
GIVING_TIME = "Local doctors gave their time to run the island clinic."
IN_TALKS = "Harbour Ferries is in advanced talks over a night service to Kelby."
REWARD = "Harbour Ferries has offered a reward of $5,000 for information leading to a conviction."
REWARD_PASSIVE = "A reward has been offered by Harbour Ferries for information about the fire."


@pytest.mark.parametrize(
    ("text", "prompt_start", "answer"),
    [
        (RELATIVE_ON_DATE, "What did Harbour Ferries hope to do", "double profits by 2009"),
        (RELATIVE_ON_NOUN, "What did Harbour Ferries plan to do", "turn the old depot into a museum"),
        (RELATIVE_ON_FIGURE, "What did Harbour Ferries hope to do", "double revenues of $3bn by 2009"),
        (INCLUDE_GERUNDS, "What", "freezing rents"),
        (INCLUDE_GERUNDS, "What", "cutting taxes"),
        (FOCUS, "What did Harbour Ferries say the focus for the coming year was", "attract more tourists"),
        (GIVING_TIME, "What did local doctors give time to do", "run the island clinic"),
        (IN_TALKS, "What was Harbour Ferries in talks about", "a night service to Kelby"),
        (REWARD, "What did Harbour Ferries offer a reward for", "information leading to a conviction"),
        (REWARD_PASSIVE, "What did Harbour Ferries offer a reward for", "information about the fire"),
    ],
)
def test_the_plan_aim_or_offer_is_asked_of_its_party(text: str, prompt_start: str, answer: str) -> None:
    assert asked(text, prompt_start, answer), shown(text)


@pytest.mark.parametrize(
    "text",
    [
        # a noun in the relative clause may be another party than the one named before
        "Harbour Ferries sold the old depot, which the council plans to turn into a museum.",
        "Harbour Ferries sold the old depot, which it does not plan to turn into a museum.",
        # the parser hangs "which" on the nearest noun, the squad, where the writer meant the sum
        "Chairman Tom Bell has pledged £3m to strengthen the squad, which he hopes to double next year.",
        # what "which" stands for is not said: 300 staff, or the year
        "Harbour Ferries had 300 staff in 2004, which it hoped to double by 2009.",
        "Harbour Ferries is not in talks over a night service to Kelby.",
        "Harbour Ferries was in talks with Kelby over the weekend.",  # when, not what about
        "A reward has been offered for information leading to a conviction.",  # nobody's reward
        "Local doctors could give their time to run the island clinic.",
    ],
)
def test_nothing_is_asked_when_the_party_or_the_plan_is_unsure(text: str) -> None:
    assert not any(
        "museum" in a or "Kelby" in a or "conviction" in a or "clinic" in a or "double" in a or "weekend" in a
        for _, a in shown(text)
    ), shown(text)


def test_a_relative_plan_is_never_asked_of_the_seller() -> None:
    text = "Harbour Ferries sold the old depot, which the council plans to turn into a museum."
    assert not any(p.startswith("What did Harbour Ferries plan") for p, _ in shown(text)), shown(text)


LENGTHS = "Harbour Ferries went to great lengths to keep the island route open."
TARGETING = "Harbour Ferries is targeting 2,000 new passengers a week."
TARGET_OF = "Harbour Ferries has set a target of 2,000 new passengers a week by 2010."
HOPES_THAT = "Kelby United hopes the council will approve the new stand."
AIMING_FOR = "Kelby United is aiming for a place in the cup final."
LOOKING_TO = "Kelby United are looking to sign a new striker in January."
OFFER_OF = "Harbour Ferries made an offer of $5m for the old depot."
BID_TO = "Harbour Ferries bid to buy the old depot last year."
PLEDGED_SUM = "Acme Ferries pledged £2 million to repair the pier."


@pytest.mark.parametrize(
    ("text", "prompt_start", "answer"),
    [
        (LENGTHS, "What did Harbour Ferries strive to do", "keep the island route open"),
        (TARGETING, "What was Harbour Ferries targeting", "2,000 new passengers a week"),
        (TARGET_OF, "What was Harbour Ferries' target", "2,000 new passengers a week"),
        (HOPES_THAT, "What does Kelby United hope", "the council will approve the new stand"),
        (AIMING_FOR, "What was Kelby United aiming for", "a place in the cup final"),
        (LOOKING_TO, "What was Kelby United looking to do", "sign a new striker in January"),
        (OFFER_OF, "What did Harbour Ferries offer", "$5m for the old depot"),
        (BID_TO, "What did Harbour Ferries bid to do", "buy the old depot last year"),
        (PLEDGED_SUM, "What did Acme Ferries pledge £2 million to do", "repair the pier"),
    ],
)
def test_the_target_effort_hope_or_bid_is_asked_of_its_party(
    text: str, prompt_start: str, answer: str
) -> None:
    assert asked(text, prompt_start, answer), shown(text)


@pytest.mark.parametrize(
    "text",
    [
        "The campaign targeted young voters in the north.",  # an audience, not a target
        "Harbour Ferries was the target of 20 complaints last year.",  # nobody's target
        "Kelby United hopes sales will rise next year.",  # a forecast of no party's doing
        "Kelby United are looking to be stronger next season.",
        "Harbour Ferries is aiming for next year.",  # when, not what
        "Harbour Ferries did not go to great lengths to keep the island route open.",
    ],
)
def test_an_audience_a_forecast_or_a_date_is_not_asked_as_a_target(text: str) -> None:
    assert demand_questions(text) == (), shown(text)


WHICH_INCLUDE = (
    "The Kelby Council unveiled proposals which include closing two libraries and cutting bus subsidies."
)
INCLUDING = "The Kelby Council unveiled proposals, including closing two libraries and cutting bus subsidies."
DRAWN_UP = "The Kelby Council has drawn up plans to close two libraries."
CAME_UP_WITH = "The Kelby Council has come up with a plan to save the library."
FLOATED = "The Kelby Council floated the idea of closing two libraries."
UNDER_PLANS = "Under the Kelby Council's plans, two libraries would close and bus fares would rise."
OFFER_OF_NOUN = "The Kelby Council's offer of free parking was rejected."
OWNED_DEMAND = "The Ferry Workers Union's demand for a 5% pay rise was rejected by Harbour Ferries."


@pytest.mark.parametrize(
    ("text", "prompt_start", "answer"),
    [
        (WHICH_INCLUDE, "What did the Kelby Council's proposals include", "closing two libraries"),
        (WHICH_INCLUDE, "What else did the Kelby Council's proposals include", "cutting bus subsidies"),
        (INCLUDING, "What did the Kelby Council's proposals include", "closing two libraries"),
        (INCLUDING, "What else did the Kelby Council's proposals include", "cutting bus subsidies"),
        (DRAWN_UP, "What did the Kelby Council plan to do", "close two libraries"),
        (CAME_UP_WITH, "What did the Kelby Council plan to do", "save the library"),
        (FLOATED, "What did the Kelby Council suggest", "closing two libraries"),
        (UNDER_PLANS, "What would happen under the Kelby Council's plans", "two libraries would close"),
        (UNDER_PLANS, "What else would happen under the Kelby Council's plans", "bus fares would rise"),
        (OFFER_OF_NOUN, "What did the Kelby Council offer", "free parking"),
        (OWNED_DEMAND, "What did the Ferry Workers Union demand", "a 5% pay rise"),
    ],
)
def test_a_proposal_named_by_a_noun_is_asked_of_its_owner(text: str, prompt_start: str, answer: str) -> None:
    assert asked(text, prompt_start, answer), shown(text)


@pytest.mark.parametrize(
    "text",
    [
        "Under the plans, two libraries would close.",  # whose plans, the sentence does not say
        "The proposals include closing two libraries.",  # nobody's proposals
        "The Kelby Council has not drawn up plans to close two libraries.",
        "The Kelby Council has drawn up no plans to close two libraries.",
        # a relative clause inside a claim or a condition is no one's plan
        "He denied claims that the Kelby Council unveiled proposals which include closing two libraries.",
        "If Harbour Ferries buys the depot, which it hopes to sell by May, it will make a profit.",
    ],
)
def test_a_proposal_of_nobody_or_denied_is_not_asked(text: str) -> None:
    assert demand_questions(text) == (), shown(text)


def test_a_relative_plan_on_a_sentence_opening_noun_is_not_asked_with_a_broken_article() -> None:
    text = "The depot, which Harbour Ferries plans to close, employs 40 people."
    assert not any(a in ("close The depot", "close depot") for _, a in shown(text)), shown(text)


@pytest.mark.parametrize(
    ("text", "prompt_start", "answer"),
    [
        (
            "Acme Foods is preparing to cut 200 jobs at the depot.",
            "What was Acme Foods preparing to do",
            "cut 200 jobs at the depot",
        ),
        (
            "Acme Foods has applied for planning permission to build 200 homes.",
            "What did Acme Foods apply for",
            "planning permission to build 200 homes",
        ),
        (
            "Acme Foods has earmarked $5m for repairs to the depot.",
            "What did Acme Foods earmark $5m for",
            "repairs to the depot",
        ),
        (
            "The Kelby Council's plans would see two libraries close.",
            "What would happen under the Kelby Council's plans",
            "two libraries close",
        ),
        (
            "Acme Foods has set its sights on a move into the Asian market.",
            "What did Acme Foods aim for",
            "a move into the Asian market",
        ),
        (
            "Acme Foods is keen on building a new depot.",
            "What was Acme Foods keen on",
            "building a new depot",
        ),
    ],
)
def test_preparations_applications_and_sums_are_asked_of_their_party(
    text: str, prompt_start: str, answer: str
) -> None:
    assert asked(text, prompt_start, answer), shown(text)


@pytest.mark.parametrize(
    "text",
    [
        "Acme Foods is not keen on building a new depot.",
        "Acme Foods has applied for a second time.",  # how often, not what for
        "The plans would see two libraries close.",  # nobody's plans
        # a critic's reading of the plans, not the plans' own words
        "Critics say the Kelby Council's plans would see two libraries close.",
        "Critics say that under the Kelby Council's plans, two libraries would close.",
    ],
)
def test_a_refusal_a_duration_or_nobodys_plan_is_not_asked(text: str) -> None:
    assert demand_questions(text) == (), shown(text)


@pytest.mark.parametrize(
    ("text", "prompt_start", "answer"),
    [
        (
            "Kelby United fans are clamouring for a new manager.",
            "What did Kelby United fans clamour for",
            "a new manager",
        ),
        (
            "Kelby United dreams of winning the cup again.",
            "What did Kelby United dream of",
            "winning the cup again",
        ),
        (
            "The Ferry Workers Union would welcome talks with the board.",
            "What would the Ferry Workers Union welcome",
            "talks with the board",
        ),
    ],
)
def test_longings_and_wishes_are_asked_of_their_party(text: str, prompt_start: str, answer: str) -> None:
    assert asked(text, prompt_start, answer), shown(text)


def test_welcoming_what_was_done_is_not_a_wish() -> None:
    text = "The Ferry Workers Union welcomed the decision of the board."
    assert demand_questions(text) == (), shown(text)


def test_what_we_strove_for_is_not_asked_as_the_speakers_own() -> None:
    text = '"We have done everything we can to keep the libraries open," council leader Ann Grey said.'
    assert not any(a == "keep the libraries open" for _, a in shown(text)), shown(text)
