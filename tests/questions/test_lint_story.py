"""The flaw rules of questions/lint/rules_story.py, each on a flawed question and a sound one,
on a short made-up article; and what each mend leaves."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from questions.bank import Question, Source
from questions.lint import Lint, check, mend_or_drop
from tests.questions.helpers import excerpt

SENTENCES_TEXT = [
    "Rock star Ann Lee, the singer of the band Kelby Five, spoke on Monday.",
    '"I acted on impulse," Lee said.',
    "Her husband Tom Lee, chief executive of Lee Records, said nothing.",
    "Analyst Maya Stone said the album Blue Harbour would sell well.",
    'Council chief executive Ben Cole denied being "a bully" at work.',
    '"A literate town," insisted Ms Stone, "will prosper."',
    'According to historian Ruth Hale, "the council is demanding a new toll bridge."',
    "The ferry firm wants a new ferry and a bigger car park.",
    "Kelby Council opened a new ferry pier last year.",
]
TEXT = " ".join(SENTENCES_TEXT)
SPANS = tuple((TEXT.index(s), TEXT.index(s) + len(s)) for s in SENTENCES_TEXT)
PEOPLE = frozenset(
    {
        "Ann Lee",
        "Tom Lee",
        "Lee",
        "Maya Stone",
        "Stone",
        "Ben Cole",
        "Cole",
        "Ruth Hale",
        "Hale",
        "Lee Records",
    }
)
LINT = Lint(text=TEXT, people=PEOPLE, sentences=SPANS)


def src(i: int, highlight: str | None = None) -> Source:
    return excerpt(TEXT, SPANS, i, highlight)


def mk(**kw: object) -> Question:
    base: dict[str, object] = dict(
        id="s0000000001",
        kind="speaker",
        type="multiple_choice",
        prompt="Who said “I acted on impulse”?",
        answer="Ann Lee",
        choices=("Ann Lee", "Maya Stone", "Ben Cole", "Ruth Hale"),
        sources=(src(0, "Ann Lee"), src(1)),
        explanation="",
    )
    base.update(kw)
    return Question(**base)  # type: ignore[arg-type]


def demand(**kw: object) -> Question:
    base: dict[str, object] = dict(
        kind="demand",
        prompt="According to Ruth Hale, what was the council demanding?",
        answer="a new toll bridge",
        choices=("a new toll bridge", "a new ferry", "a bigger car park"),
        sources=(src(6),),
    )
    base.update(kw)
    return mk(**base)


def number(choices: tuple[str, ...], answer: str = "one million") -> Question:
    return mk(
        kind="number",
        prompt="Which figure completes this sentence from the article: “It sold _____ copies.”",
        answer=answer,
        choices=choices,
        sources=(src(3),),
    )


CHIEF = dict(kind="role", prompt="Who is described in the article as “chief executive”?", answer="Tom Lee")

# rule name -> (a flawed question, the same question without the flaw)
STORY_CASES: dict[str, tuple[Question, Question]] = {
    "negative-stem": (
        demand(prompt="Which of these was NOT among what the council demanded?", answer="a new ferry"),
        demand(),
    ),
    "quoted-fact": (
        demand(prompt="What was the council demanding, according to the article?"),
        demand(),
    ),
    "no-speech-verb": (
        mk(prompt="Who said “a bully”?", answer="Ben Cole", sources=(src(4, "Ben Cole"),)),
        mk(),
    ),
    "attribution-gap": (
        mk(sources=(src(0, "Ann Lee"), src(3))),
        mk(),
    ),
    "cut-quote": (
        mk(prompt="Who said “A literate town”?", answer="Maya Stone", sources=(src(3, "Maya Stone"), src(5))),
        mk(),
    ),
    "shared-surname": (
        mk(choices=("Ann Lee", "Tom Lee", "Maya Stone", "Ben Cole")),
        mk(),
    ),
    "role-also-right": (
        mk(**CHIEF, choices=("Tom Lee", "Ben Cole", "Maya Stone", "Ruth Hale"), sources=(src(2, "Tom Lee"),)),
        mk(**CHIEF, choices=("Tom Lee", "Maya Stone", "Ruth Hale"), sources=(src(2, "Tom Lee"),)),
    ),
    "not-a-named-person": (
        mk(choices=("Ann Lee", "Blue Harbour", "Maya Stone", "Ben Cole")),
        mk(),
    ),
    "role-of-a-non-person": (
        mk(
            kind="role",
            type="true_false",
            prompt="True or false? The article describes Lee Records as “Analyst”.",
            answer="False",
            choices=("True", "False"),
            sources=(src(3),),
        ),
        mk(
            kind="role",
            type="true_false",
            prompt="True or false? The article describes Tom Lee as “Analyst”.",
            answer="False",
            choices=("True", "False"),
            sources=(src(3),),
        ),
    ),
    "fragment-demand": (
        demand(choices=("a new toll bridge", "have it in spades", "a new ferry", "a bigger car park")),
        demand(),
    ),
    "off-scale-figure": (
        number(("one million", "two", "three million", "five million")),
        number(("one million", "two million", "three million", "five million")),
    ),
    "long-blank": (
        mk(
            kind="place",
            type="cloze",
            prompt="Fill in the blank: “Analyst Maya Stone said _____.”",
            answer="the album Blue Harbour would sell well in every town",
            choices=(),
        ),
        mk(
            kind="place",
            type="cloze",
            prompt="Fill in the blank: “The band _____.”",
            answer="Kelby Five",
            choices=(),
        ),
    ),
    "party-choice": (
        demand(
            prompt="According to Ruth Hale, what did Kelby Council demand?",
            choices=("a new toll bridge", "a new ferry pier", "a new ferry", "a bigger car park"),
        ),
        demand(
            prompt="According to Ruth Hale, what did Kelby Council demand?",
            choices=("a new toll bridge", "a new ferry", "a bigger car park"),
        ),
    ),
    "converted-figure": (
        replace(
            number(("88.5", "44.2", "132.8"), answer="88.5"),
            prompt="Which figure completes this sentence from the article: “winds of 55 mph (_____ kph).”",
        ),
        replace(
            number(("88.5", "44.2", "132.8"), answer="88.5"),
            prompt="Which figure completes this sentence from the article: “winds of _____ kph.”",
        ),
    ),
    "long-list": (
        demand(type="list", items=tuple(f"item {n}" for n in range(7)), choices=(), answer="items"),
        demand(type="list", items=("a new ferry", "a bigger car park"), choices=(), answer="items"),
    ),
    "double-comma": (
        mk(kind="date", prompt="On which day did Ann Lee,, the singer, speak?", answer="Monday", choices=()),
        mk(kind="date", prompt="On which day did Ann Lee, the singer, speak?", answer="Monday", choices=()),
    ),
}


@pytest.mark.parametrize("name", sorted(STORY_CASES))
def test_rule_fires_on_the_flaw_only(name: str) -> None:
    flawed, sound = STORY_CASES[name]
    assert name in {f.rule for f in check(flawed, LINT)}
    assert name not in {f.rule for f in check(sound, LINT)}


@pytest.mark.parametrize(
    ("name", "expect"),
    [
        # the namesake gone, three choices left
        ("shared-surname", lambda q: q.choices == ("Ann Lee", "Maya Stone", "Ben Cole")),
        # the other chief executive gone: only one right choice
        ("role-also-right", lambda q: "Ben Cole" not in q.choices and q.type == "multiple_choice"),
        # the album is no person
        ("not-a-named-person", lambda q: "Blue Harbour" not in q.choices),
        # the fragment gone
        ("fragment-demand", lambda q: q.choices == ("a new toll bridge", "a new ferry", "a bigger car park")),
        # what the article says the council did is no wrong choice for what it wants
        ("party-choice", lambda q: "a new ferry pier" not in q.choices and len(q.choices) == 3),
        # the sentences between the speaker's name and the quotation shown too
        ("attribution-gap", lambda q: [s.text for s in q.sources] == SENTENCES_TEXT[:4]),
        # a figure of the key's size only
        ("off-scale-figure", lambda q: q.choices == ("one million", "three million", "five million")),
        ("double-comma", lambda q: q.prompt == "On which day did Ann Lee, the singer, speak?"),
    ],
)
def test_mends(name: str, expect: Callable[[Question], bool]) -> None:
    mended, flaw = mend_or_drop(STORY_CASES[name][0], LINT)
    assert flaw is None and mended is not None
    assert expect(mended)
    assert name not in {f.rule for f in check(mended, LINT)}


@pytest.mark.parametrize(
    "name",
    [
        "negative-stem",
        "quoted-fact",
        "no-speech-verb",
        "cut-quote",
        "role-of-a-non-person",
        "long-blank",
        "converted-figure",
        "long-list",
    ],
)
def test_drops_keep_their_reason(name: str) -> None:
    mended, flaw = mend_or_drop(STORY_CASES[name][0], LINT)
    assert mended is None and flaw is not None and flaw.rule == name and flaw.reason


def test_a_speaker_named_by_a_shared_surname_is_shown_in_full() -> None:
    # "Lee said": Ann or Tom? The sentence before names Ann Lee in full and no other Lee
    q = mk(sources=(src(1),))
    assert "shared-surname" in {f.rule for f in check(q, LINT)}
    mended, flaw = mend_or_drop(q, LINT)
    assert flaw is None and mended is not None
    assert [s.text for s in mended.sources] == [SENTENCES_TEXT[0], SENTENCES_TEXT[1]]


def test_a_speaker_named_by_surname_after_a_namesake_is_dropped() -> None:
    # Tom Lee is named between Ann Lee's sentence and "Lee said": nothing shows which Lee it is
    text = " ".join([SENTENCES_TEXT[0], SENTENCES_TEXT[2], SENTENCES_TEXT[1]])
    spans = tuple(
        (text.index(s), text.index(s) + len(s))
        for s in (SENTENCES_TEXT[0], SENTENCES_TEXT[2], SENTENCES_TEXT[1])
    )
    lint = Lint(text=text, people=PEOPLE, sentences=spans)
    s, e = spans[2]
    q = mk(sources=(Source(s, e, text[s:e]),))
    mended, flaw = mend_or_drop(q, lint)
    assert mended is None and flaw is not None and flaw.rule == "shared-surname"


def test_according_to_a_quotation_is_said_only_of_one() -> None:
    plain = 'Council chief executive Ben Cole denied being "a bully" at work.'
    q = demand(
        prompt="According to a quotation in the article, what did Ben Cole deny being?",
        answer="a bully at work",
        choices=(),
        type="short_answer",
        sources=(src(4),),
    )
    assert plain in TEXT
    mended, flaw = mend_or_drop(q, LINT)
    assert flaw is None and mended is not None
    assert mended.prompt == "According to the article, what did Ben Cole deny being?"


def test_a_quotation_says_whose_view_it_is() -> None:
    q = demand(prompt="According to a quotation in the article, what was the council demanding?")
    assert "quoted-fact" in {f.rule for f in check(q, LINT)}
    mended, flaw = mend_or_drop(q, LINT)
    assert flaw is None and mended is not None
    assert mended.prompt == "According to Ruth Hale, what was the council demanding?"


def test_the_second_half_of_a_split_quotation_is_cut_too() -> None:
    q = mk(prompt="Who said “will prosper”?", answer="Maya Stone", sources=(src(3, "Maya Stone"), src(5)))
    assert "cut-quote" in {f.rule for f in check(q, LINT)}
