"""What a question's excerpts must show (issue 11): the words that attribute a quotation to its
speaker, the words that name a demand's party; and the wrong-key constructions behind them, each on
a short made-up article where the generator gets the key right or asks nothing."""

from __future__ import annotations

from functools import cache

import pytest

import questions as qs
from questions.bank import Question, Source
from questions.lint import Lint, check, mend_or_drop
from tests.questions.helpers import describe, norm, shown
from tests.questions.test_lint_keys import who_said

# --- the rules on a made-up text ------------------------------------------------------------------

TEXT = (
    "Board chairman Owen Tate spoke at the quay on Tuesday. "
    "He added that the crews would be offered new jobs. "
    '"Nobody will lose their job because of this."\n'
    "The Kelby council said it wanted a new bridge to the island."
)
SENTENCES = ((0, 54), (55, 106), (107, 152), (153, 214))
LINT = Lint(text=TEXT, people=frozenset({"Owen Tate", "Tate"}), sentences=SENTENCES)


def src(i: int) -> Source:
    s, e = SENTENCES[i]
    return Source(s, e, TEXT[s:e])


def mk(**kw: object) -> Question:
    base: dict[str, object] = dict(
        id="x0000000001",
        kind="speaker",
        type="short_answer",
        prompt="Who said “Nobody will lose their job because of this”?",
        answer="Owen Tate",
        sources=(src(0), src(2)),
        explanation="",
    )
    base.update(kw)
    return Question(**base)  # type: ignore[arg-type]


DEMAND = dict(
    kind="demand", prompt="What did Kelby council want, according to the article?", answer="a new bridge"
)

# rule name -> (a flawed question, the same question without the flaw)
SHOWN_CASES: dict[str, tuple[Question, Question]] = {
    # the quotation and the name, but not "He added" that joins them
    "attribution-hidden": (mk(), mk(sources=(src(0), src(1), src(2)))),
    "party-hidden": (
        mk(**DEMAND, sources=(Source(153, 214, TEXT[153:214].replace("Kelby", "local")),)),
        mk(**DEMAND, sources=(src(3),)),
    ),
}


@pytest.mark.parametrize("name", sorted(SHOWN_CASES))
def test_rule_fires_on_the_flaw_only(name: str) -> None:
    flawed, sound = SHOWN_CASES[name]
    assert name in {f.rule for f in check(flawed, LINT)}
    assert name not in {f.rule for f in check(sound, LINT)}


def test_the_attribution_is_added_to_the_excerpts() -> None:
    mended, flaw = mend_or_drop(mk(), LINT)
    assert flaw is None and mended is not None
    assert [s.text for s in mended.sources] == [TEXT[a:b] for a, b in SENTENCES[:3]]


def test_a_quotation_no_words_attribute_is_dropped() -> None:
    text = 'The ferry will stop in March. "Nobody will lose their job because of this." Owen Tate was there.'
    lint = Lint(text=text, people=frozenset({"Owen Tate"}), sentences=((0, 29), (30, 76), (77, 97)))
    q = mk(sources=(Source(30, 76, text[30:76]), Source(77, 97, text[77:97])))
    mended, flaw = mend_or_drop(q, lint)
    assert mended is None and flaw is not None and flaw.rule == "attribution-hidden"


# --- the generator on made-up articles ------------------------------------------------------------

ARTICLES = {
    "added": (
        "Ferry service to end\n\n"
        "The Kelby ferry will stop running in March, the harbour board said on Tuesday. "
        "Board chairman Owen Tate said the boats were too old to repair. "
        "He added that the crews would be offered jobs on the new "
        'bridge. "Nobody will lose their job because of this decision."\n\n'
        'Shopkeeper Lucy Marr opened a second shop on the quay last year. "Prices will rise for everyone in '
        'the town by the summer." Mayor Tom Reed said the council would pay for a bus service to the '
        "island.\n\n"
        "Ruth Pole, ex-head of planning at Kelby council, says the plan ignores the island's older residents."
    ),
    # "Ms Dune said" after the husband Carl Dune was named: never the husband
    "title": (
        "Singer's home burgled\n\n"
        "Singer Amy Dune was at home in Kent when burglars broke in on Sunday. Her husband Carl Dune chased "
        "them from the house. Police said the men fled in a blue van. Neighbours saw the van in the village "
        "earlier that night. A reward of £5,000 has been offered for the stolen rings. "
        '"I just ran down the stairs without thinking," Ms Dune said. She added she was glad that nobody had '
        'been hurt. "I wouldn\'t want anyone to get hurt over a few rings and a watch."'
    ),
}


@cache
def bank_of(name: str) -> qs.Bank:
    return qs.generate_bank(ARTICLES[name])


def test_a_speaker_question_shows_the_words_that_attribute_its_quote() -> None:
    bank = bank_of("added")
    asked = [q for q in bank.questions if q.kind == "speaker" and "Nobody will lose" in q.prompt]
    assert asked, describe(bank, "speaker")
    for q in asked:
        assert shown(q, "He added that the crews would be offered jobs"), q.sources
        assert shown(q, "Owen Tate"), q.sources
        starts = [s.start for s in q.sources]
        assert starts == sorted(starts), "excerpts out of the article's order"


def test_a_quote_nobody_is_said_to_say_is_not_asked() -> None:
    # no speech verb in its sentence or before it; the mayor is named only after it
    assert who_said(bank_of("added"), "Prices will rise for everyone in the town") == set()


@pytest.mark.parametrize(
    ("quote", "speakers"), [("I just ran down the stairs", {"Amy Dune"}), ("hurt over a few", {"Amy Dune"})]
)
def test_a_title_tells_namesakes_apart(quote: str, speakers: set[str]) -> None:
    bank = bank_of("title")
    assert who_said(bank, quote) <= speakers, describe(bank, "speaker")


def test_a_former_role_keeps_its_prefix() -> None:
    bank = bank_of("added")
    roles = [
        q
        for q in bank.questions
        if q.kind == "role" and "Ruth Pole" in (q.prompt, q.answer) or "Ruth Pole" in q.prompt
    ]
    asked = {norm(q.answer if q.prompt.startswith("How does") else q.prompt) for q in roles}
    assert not any(r == "head" or "“head”" in r for r in asked), asked
    assert all("ex-head" in r for r in asked), asked


PLANS = (
    "Striker sets out his plans\n\n"
    "Kelby Rovers striker Dan Okoro wants to stay at the club and win the league title next season. He is "
    "also determined to finish his degree in engineering. He has promised to open a football school in his "
    "home town of Ashdale. Okoro has urged the board to sign two new defenders in January. He is opposed to "
    "selling the club's training ground to a housing firm."
)


def test_a_demand_list_holds_one_doer_and_one_polarity() -> None:
    """What he wants to do is never listed with what he urges the board to do, nor with what he
    opposes."""
    bank = qs.generate_bank(PLANS)
    lists = [q for q in bank.questions if q.kind == "demand" and q.type == "list"]
    for q in lists:
        assert not {"sign two new defenders in January", "selling the club's training ground"} & set(
            q.items
        ), q.items


DEFEAT = (
    "Manager quits after defeat\n\n"
    "Kelby Rovers manager Sam Hale resigned on Monday after a fifth defeat in a row. Fans had gathered "
    'outside the ground on Sunday night to call for his exit. "We will keep working hard," captain Joe '
    'Pike said. "I would never want that," Pike added. "The board must appoint a new manager before the '
    'derby with Ashdale United on 12 March," Pike said.'
)


def test_a_weekday_of_a_background_clause_is_asked_once() -> None:
    bank = qs.generate_bank(DEFEAT)
    background = [q for q in bank.questions if q.kind == "date" and "Sunday" in q.answer]
    news = [q for q in bank.questions if q.kind == "date" and q.answer == "Monday"]
    assert len(background) <= 1, describe(bank, "date")
    assert news, describe(bank, "date")  # the story's own day is still asked
    assert not [
        q for q in bank.questions if q.kind == "date" and q.type == "true_false" and "day" in q.answer
    ]


def test_a_bland_quotation_is_not_built_on() -> None:
    bank = qs.generate_bank(DEFEAT)
    on = [
        q
        for q in bank.questions
        if q.kind == "speaker" and ("working hard" in q.prompt or "never want" in q.prompt)
    ]
    assert not [q for q in on if "working hard" in q.prompt], describe(bank, "speaker")
    assert all(q.type in ("multiple_choice", "short_answer") for q in on), describe(bank, "speaker")
    assert [q for q in bank.questions if q.kind == "speaker" and "appoint a new manager" in q.prompt]


SUMMIT = (
    "Leaders meet in Kelby\n\n"
    "French President Marc Dorel met Kelby Port Authority chairman Ana Ruiz in Kelby on Monday. The two "
    "leaders agreed to build a new ferry terminal by 2027 at a cost of 40 million euros."
)


def test_a_leaders_title_and_a_small_count_are_not_asked() -> None:
    bank = qs.generate_bank(SUMMIT)
    roles = {
        q.answer if q.prompt.startswith("How does") else q.prompt for q in bank.questions if q.kind == "role"
    }
    assert not [r for r in roles if "President" in r], roles
    assert not [q.prompt for q in bank.questions if q.kind == "number" and q.answer == "two"]
