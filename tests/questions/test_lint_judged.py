"""The flaw rules of questions/lint/rules_judged.py (flaws blind judges found in banks the other rules
passed), each on a flawed question and a sound one, on a short made-up article; and what each mend
leaves."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from questions.bank import Question, Source
from questions.lint import Lint, check, mend_or_drop
from tests.questions.helpers import excerpt

SENTENCES_TEXT = [
    "Former Harbour League Secretary-General Ada Quill met Harbour League Chief Ivo Brandt on Monday.",
    "Sharon Pell said the ferry was late, and her husband Ozzy Pell agreed.",
    "The ferry firm cut power to some 375,000 homes in 18 northern counties.",
    "Puzzle games attracted 90% of 18 to 24-year-old riders, and the band had its 12th top 10 hit.",
    "Fares rose from 5 to 8 pounds.",
    "The sides meet again at Kelby Park on 1 February.",
    "Guests included singer Ozzy Pell, and the singer left early.",
]
TEXT = " ".join(SENTENCES_TEXT)
SPANS = tuple((TEXT.index(s), TEXT.index(s) + len(s)) for s in SENTENCES_TEXT)
LINT = Lint(
    text=TEXT,
    people=frozenset({"Ada Quill", "Quill", "Ivo Brandt", "Brandt", "Sharon Pell", "Ozzy Pell", "Pell"}),
    sentences=SPANS,
)


def src(i: int, highlight: str | None = None) -> Source:
    return excerpt(TEXT, SPANS, i, highlight)


def mk(**kw: object) -> Question:
    base: dict[str, object] = dict(
        id="x0000000001",
        kind="number",
        type="multiple_choice",
        prompt="",
        answer="",
        sources=(src(0),),
        explanation="",
    )
    base.update(kw)
    return Question(**base)  # type: ignore[arg-type]


ROLE_MC = mk(
    kind="role",
    prompt="How does the article describe Ada Quill?",
    answer="Former Harbour League Secretary-General",
    choices=(
        "Former Harbour League Secretary-General",
        "Harbour League Chief",
        "harbour pilot",
        "ferry captain",
    ),
    sources=(src(0, "Former Harbour League Secretary-General"),),
)
COUNT_MC = mk(
    prompt="Which figure completes this sentence from the article: “The ferry firm cut power to some 375,000 "
    "homes in _____ northern counties.”",
    answer="18",
    choices=("18", "17", "19", "88.5"),
    sources=(src(2, "18"),),
)
RANGE_MC = mk(
    prompt="Which figure completes this sentence from the article: “Puzzle games attracted 90% of _____ to "
    "24-year-old riders.”",
    answer="18",
    choices=("18", "17", "19", "20"),
    sources=(src(3, "18"),),
)
SHORT_WHO = mk(
    kind="speaker",
    type="short_answer",
    prompt="Who said the ferry was late?",
    answer="Sharon Pell",
    accepted=("Pell",),
    choices=(),
    sources=(src(1, "Sharon Pell"),),
)
VAGUE = mk(
    kind="date",
    prompt="When do the sides meet again at Kelby Park?",
    answer="1 February",
    choices=("1 February", "8 February", "25 January", "15 February"),
    sources=(src(5, "1 February"),),
)

JUDGED_CASES: dict[str, tuple[Question, Question]] = {
    "role-synonym": (
        ROLE_MC,
        replace(
            ROLE_MC, choices=("Former Harbour League Secretary-General", "harbour pilot", "ferry captain")
        ),
    ),
    "fraction-for-count": (COUNT_MC, replace(COUNT_MC, choices=("18", "17", "19", "20"))),
    "wording-figure": (
        RANGE_MC,
        replace(
            RANGE_MC,
            prompt="Which figure completes this sentence from the article: “Puzzle games attracted _____ of "
            "18 to 24-year-old riders.”",
            answer="90%",
            choices=("90%", "80%", "70%", "60%"),
        ),
    ),
    "surname-accepted": (SHORT_WHO, replace(SHORT_WHO, answer="Ivo Brandt", accepted=("Brandt",))),
    "vague-subject": (VAGUE, replace(VAGUE, prompt="When does Kelby Rovers meet Harbour Town again?")),
    "generic-role": (
        mk(
            kind="role",
            type="short_answer",
            prompt="Who is described in the article as “singer”?",
            answer="Ozzy Pell",
            choices=(),
            sources=(src(6, "singer"),),
        ),
        replace(
            ROLE_MC,
            prompt="Who is described in the article as “Former Harbour League Secretary-General”?",
            answer="Ada Quill",
            choices=("Ada Quill", "Ivo Brandt", "Sharon Pell"),
        ),
    ),
}


@pytest.mark.parametrize("name", sorted(JUDGED_CASES))
def test_rule_fires_on_the_flaw_only(name: str) -> None:
    flawed, sound = JUDGED_CASES[name]
    assert name in {f.rule for f in check(flawed, LINT)}
    assert name not in {f.rule for f in check(sound, LINT)}


@pytest.mark.parametrize(
    ("name", "expect"),
    [
        # the other name of the key's post goes; three choices stay
        ("role-synonym", lambda q: "Harbour League Chief" not in q.choices and len(q.choices) == 3),
        ("fraction-for-count", lambda q: "88.5" not in q.choices and "18" in q.choices),
        # the surname two people bear is no longer accepted; the full name stays the key
        ("surname-accepted", lambda q: q.answer == "Sharon Pell" and "Pell" not in q.accepted),
        # asked as a blank in its own sentence, whose words say whose match it is
        (
            "vague-subject",
            lambda q: q.type == "cloze" and "The sides meet again at Kelby Park on _____" in q.prompt,
        ),
    ],
)
def test_mends(name: str, expect: Callable[[Question], bool]) -> None:
    mended, flaw = mend_or_drop(JUDGED_CASES[name][0], LINT)
    assert flaw is None and mended is not None, flaw
    assert expect(mended), mended


def test_a_range_end_is_dropped_with_its_reason() -> None:
    mended, flaw = mend_or_drop(JUDGED_CASES["wording-figure"][0], LINT)
    assert mended is None and flaw is not None and flaw.rule == "wording-figure"


def test_a_set_phrase_figure_is_wording_but_a_change_is_a_fact() -> None:
    top = replace(
        RANGE_MC,
        prompt="Which figure completes this sentence from the article: “Puzzle games attracted 90% of 18 to "
        "24-year-old riders, and the band had its 12th top _____ hit.”",
        answer="10",
    )
    assert "wording-figure" in {f.rule for f in check(top, LINT)}
    change = replace(
        RANGE_MC,
        prompt="Which figure completes this sentence from the article: “Fares rose from 5 to _____ pounds.”",
        answer="8",
        choices=("8", "7", "9", "10"),
        sources=(src(4, "8"),),
    )
    assert "wording-figure" not in {f.rule for f in check(change, LINT)}


def test_a_role_of_another_body_is_no_synonym() -> None:
    other = replace(
        ROLE_MC, choices=(*ROLE_MC.choices[:1], "Kelby Council Chief", "harbour pilot", "ferry captain")
    )
    assert "role-synonym" not in {f.rule for f in check(other, LINT)}


def test_one_post_named_two_ways_is_a_synonym() -> None:
    q = replace(
        ROLE_MC,
        prompt="How does the article describe Ivo Brandt?",
        answer="Kelby State Secretary",
        choices=("Kelby State Secretary", "foreign minister", "harbour pilot", "ferry captain"),
    )
    assert "role-synonym" in {f.rule for f in check(q, LINT)}


def test_a_bare_the_proposal_is_vague_but_a_qualified_one_is_not() -> None:
    bare = replace(VAGUE, prompt="In which month and year was the proposal made?")
    assert "vague-subject" in {f.rule for f in check(bare, LINT)}
    told = replace(VAGUE, prompt="When was the proposal to build a ferry pier made?")
    assert "vague-subject" not in {f.rule for f in check(told, LINT)}


def test_a_name_broken_up_is_not_accepted() -> None:
    q = replace(SHORT_WHO, answer="Ada Van Quill", accepted=("Van Quill", "Ada Quill"))
    mended, flaw = mend_or_drop(q, LINT)
    assert flaw is None and mended is not None
    assert mended.accepted == ("Van Quill",)


def test_a_one_word_role_the_article_also_uses_bare_tells_no_one_apart() -> None:
    text = "Rock star Ozzy Pell sang. The singer chased a burglar. Guests included singer Ana Velt."
    lint = Lint(
        text=text, people=frozenset({"Ozzy Pell", "Ana Velt"}), sentences=((0, 26), (27, 56), (57, 89))
    )
    who = mk(
        kind="role",
        type="short_answer",
        prompt="Who is described in the article as “singer”?",
        answer="Ana Velt",
        choices=(),
        sources=(Source(57, 89, text[57:89], None),),
    )
    assert "generic-role" in {f.rule for f in check(who, lint)}
    # the other way round it stays right: the article does call Ana Velt a singer
    how = replace(who, prompt="How does the article describe Ana Velt?", answer="singer")
    assert "generic-role" not in {f.rule for f in check(how, lint)}
    # a role the article never uses bare is asked
    master = replace(who, prompt="Who is described in the article as “harbour master”?")
    assert "generic-role" not in {f.rule for f in check(master, lint)}
