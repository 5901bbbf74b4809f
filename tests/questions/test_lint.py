"""The item-writing checker (questions.lint): each rule fires on a flawed question and not on a
sound one; mends keep the question when a rule knows how; generated banks keep no flaw."""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import replace
from pathlib import Path

import pytest

import questions as qs
from questions.bank import ChoiceNote, Question, Source
from questions.lint import RULES, Lint, check, mend_or_drop
from tests.questions.helpers import excerpt

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SHARED = ROOT.parent / "shared"

TEXT = (
    "Ann Lee, the mayor of Harbourside, opened the new bridge on Monday. "
    '"It is a great day for the town," she said. '
    "Tom Reed, a local baker, sold 300 loaves at the fair. "
    "Earlier Council Leader Maya Stone had asked for a delay."
)
SENTENCES = ((0, 67), (68, 111), (112, 165), (166, 222))
LINT = Lint(
    text=TEXT,
    people=frozenset({"Ann Lee", "Lee", "Tom Reed", "Reed", "Maya Stone", "Stone"}),
    sentences=SENTENCES,
)


def src(i: int, highlight: str | None = None) -> Source:
    return excerpt(TEXT, SENTENCES, i, highlight)


def mk(**kw: object) -> Question:
    base: dict[str, object] = dict(
        id="x0000000001",
        kind="place",
        type="short_answer",
        prompt="Which town did Ann Lee become mayor of?",
        answer="Harbourside",
        sources=(src(0, "Harbourside"),),
        explanation="",
    )
    base.update(kw)
    return Question(**base)  # type: ignore[arg-type]


UK = (Source(0, 36, "Should the United Kingdom approve it?", (11, 25)),)
SPEAKER_MC = dict(
    kind="speaker",
    type="multiple_choice",
    prompt="Who said “It is a great day for the town”?",
    answer="Ann Lee",
    choices=("Ann Lee", "Tom Reed", "Maya Stone"),
    sources=(src(0, "Ann Lee"), src(1)),
)

# rule name -> (a flawed question, the same question without the flaw)
CASES: dict[str, tuple[Question, Question]] = {
    "no-blank": (
        mk(
            type="cloze",
            prompt="Fill in the blank: “Tom Reed, a local baker, sold … at the fair.”",
            answer="300",
        ),
        mk(
            type="cloze",
            prompt="Fill in the blank: “Tom Reed, a local baker, sold _____ loaves.”",
            answer="300",
        ),
    ),
    "trivial-blank": (
        mk(type="cloze", prompt="Fill in the blank: “In _____, it was a great day.”", answer="a way"),
        mk(
            type="cloze",
            prompt="Fill in the blank: “Ann Lee, the mayor of _____, opened the new bridge.”",
            answer="Harbourside",
        ),
    ),
    "title-key": (
        mk(kind="role", prompt="Who is described in the article as “Jordanian”?", answer="Council Leader"),
        mk(
            kind="role",
            prompt="Who is described in the article as “local baker”?",
            answer="Tom Reed",
            sources=(src(2, "Tom Reed"),),
        ),
    ),
    "unsupported-key": (
        mk(
            kind="speaker",
            prompt="Who said “It is a great day for the town”?",
            answer="Tom Reed",
            sources=(src(1),),
        ),
        mk(
            kind="speaker",
            prompt="Who said “a great day”?",
            answer="Ann Lee",
            sources=(src(0, "Ann Lee"), src(1)),
        ),
    ),
    "role-adverb": (
        mk(
            kind="role",
            prompt="Who is described in the article as “Earlier Council Leader”?",
            answer="Maya Stone",
            sources=(src(3, "Maya Stone"),),
        ),
        mk(
            kind="role",
            prompt="Who is described in the article as “Council Leader”?",
            answer="Maya Stone",
            sources=(src(3, "Maya Stone"),),
        ),
    ),
    "suffix-accepted": (
        mk(
            kind="speaker",
            prompt="Who said “a great day”?",
            answer="Ann Lee Jr",
            accepted=("Jr", "Ann Jr", "Lee Jr"),
        ),
        mk(kind="speaker", prompt="Who said “a great day”?", answer="Ann Lee Jr", accepted=("Lee Jr", "Lee")),
    ),
    "malformed-choice": (
        mk(type="multiple_choice", answer="Harbourside", choices=("Harbourside", "-based", "Paris", "the")),
        mk(type="multiple_choice", answer="Harbourside", choices=("Harbourside", "Leeds", "Paris", "York")),
    ),
    "alias-choice": (
        mk(
            type="multiple_choice",
            answer="United Kingdom",
            choices=("United Kingdom", "UK", "France", "Spain"),
            sources=UK,
        ),
        mk(
            type="multiple_choice",
            answer="United Kingdom",
            choices=("United Kingdom", "Italy", "France", "Spain"),
            sources=UK,
        ),
    ),
    "choice-in-prompt": (
        mk(
            kind="number",
            type="multiple_choice",
            prompt="Which figure completes: “The game draws _____ to 50,000 polygons.”",
            answer="30,000",
            choices=("30,000", "50,000", "20,000", "40,000"),
        ),
        mk(
            kind="number",
            type="multiple_choice",
            prompt="Which figure completes: “The game draws _____ polygons.”",
            answer="30,000",
            choices=("30,000", "50,000", "20,000", "40,000"),
        ),
    ),
    "invented-choice": (
        mk(**{**SPEAKER_MC, "choices": ("Ann Lee", "Tom Reed", "Sarah Thompson")}),
        mk(**SPEAKER_MC),
    ),
    "not-a-person": (
        mk(**{**SPEAKER_MC, "choices": ("Ann Lee", "Tom Reed", "the town")}),
        mk(**SPEAKER_MC),
    ),
    "unresolved-pronoun": (
        mk(prompt="Where did he open the new bridge?"),
        mk(prompt="Where did Ann Lee open her new bridge?"),
    ),
    "demand-deictic": (
        mk(kind="demand", prompt="What did we call for, according to the article?", answer="a delay"),
        mk(kind="demand", prompt="What did the US ask for, according to the article?", answer="a delay"),
    ),
    "no-choices-prompt": (
        mk(kind="demand", prompt="According to Ann Lee, which of these was also among Maya Stone's aims?"),
        mk(kind="demand", prompt="According to Ann Lee, what was also among Maya Stone's aims?"),
    ),
    "quote-fragment": (
        mk(kind="speaker", prompt="“It is a great day”", answer="Ann Lee", sources=(src(0, "Ann Lee"),)),
        mk(
            kind="speaker", prompt="Who said “a delay”?", answer="Maya Stone", sources=(src(3, "Maya Stone"),)
        ),
    ),
    "doubled-punctuation": (
        mk(prompt="Which town did Ann Lee say was “great.”."),
        mk(prompt="Which town did Ann Lee say was “great”?"),
    ),
    "doubled-word": (
        mk(prompt="Which town did Ann Lee become the the mayor of?"),
        mk(prompt="Which town did Ann Lee become the mayor of?"),
    ),
    "long-true-false": (
        mk(
            type="true_false",
            answer="True",
            choices=("True", "False"),
            prompt="True or false? " + "word " * 40,
        ),
        mk(
            type="true_false",
            answer="True",
            choices=("True", "False"),
            prompt="True or false? Ann Lee is mayor.",
        ),
    ),
    "highlight-off-answer": (
        mk(
            kind="role",
            prompt="How does the article describe Ann Lee?",
            answer="mayor",
            sources=(src(0, "Ann Lee"),),
        ),
        mk(
            kind="role",
            prompt="How does the article describe Ann Lee?",
            answer="mayor",
            sources=(src(0, "mayor"),),
        ),
    ),
    "missing-choice-note": (
        mk(**SPEAKER_MC),
        mk(
            **SPEAKER_MC,
            choice_notes=(
                ChoiceNote("Tom Reed", "a baker", src(2)),
                ChoiceNote("Maya Stone", "asked", src(3)),
            ),
        ),
    ),
}


def test_every_rule_has_a_case() -> None:
    from tests.questions.test_lint_judged import JUDGED_CASES
    from tests.questions.test_lint_shown import SHOWN_CASES
    from tests.questions.test_lint_story import STORY_CASES

    assert {r.name for r in RULES} == set(CASES) | set(STORY_CASES) | set(SHOWN_CASES) | set(JUDGED_CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_rule_fires_on_the_flaw_only(name: str) -> None:
    flawed, sound = CASES[name]
    assert name in {f.rule for f in check(flawed, LINT)}
    assert name not in {f.rule for f in check(sound, LINT)}


@pytest.mark.parametrize(
    ("name", "expect"),
    [
        # a highlight moved onto the answer
        (
            "highlight-off-answer",
            lambda q: q.sources[0].highlight == (TEXT.index("mayor"), TEXT.index("mayor") + 5),
        ),
        # a trimmed role, in the prompt
        ("role-adverb", lambda q: "“Council Leader”" in q.prompt),
        # the alias gone, three choices left
        ("alias-choice", lambda q: q.choices == ("United Kingdom", "France", "Spain")),
        # fragments gone, too few left: asked as short answer
        ("malformed-choice", lambda q: q.type == "short_answer" and not q.choices),
        # every wrong choice the article mentions gets its reason
        ("missing-choice-note", lambda q: {n.choice for n in q.choice_notes} == {"Tom Reed", "Maya Stone"}),
        # the closing punctuation said once
        ("doubled-punctuation", lambda q: q.prompt.endswith("“great.”")),
        # the article's typo said once
        ("doubled-word", lambda q: q.prompt == "Which town did Ann Lee become the mayor of?"),
    ],
)
def test_mends(name: str, expect: object) -> None:
    mended, flaw = mend_or_drop(CASES[name][0], LINT)
    assert flaw is None and mended is not None
    assert expect(mended)  # type: ignore[operator]
    assert name not in {f.rule for f in check(mended, LINT)}


@pytest.mark.parametrize("name", ["no-blank", "trivial-blank", "unresolved-pronoun", "long-true-false"])
def test_drops_keep_their_reason(name: str) -> None:
    mended, flaw = mend_or_drop(CASES[name][0], LINT)
    assert mended is None and flaw is not None and flaw.rule == name and flaw.reason


def test_attribution_is_shown_when_the_excerpt_lacks_the_name() -> None:
    q = mk(
        kind="speaker",
        prompt="Who said “It is a great day for the town”?",
        answer="Ann Lee",
        sources=(src(1),),
    )
    mended, flaw = mend_or_drop(q, LINT)
    assert flaw is None and mended is not None
    assert [s.text for s in mended.sources] == [TEXT[0:67], TEXT[68:111]]


def test_a_speaker_named_farther_than_someone_else_is_not_sure() -> None:
    # Tom Reed is named between Ann Lee's sentence and the quote: the key cannot be shown sure
    text = 'Ann Lee spoke first. Tom Reed arrived late. "We will win," she said.'
    lint = Lint(text=text, people=frozenset({"Ann Lee", "Tom Reed"}), sentences=((0, 20), (21, 43), (44, 68)))
    q = mk(
        kind="speaker",
        prompt="Who said “We will win”?",
        answer="Ann Lee",
        sources=(Source(44, 68, text[44:]),),
    )
    assert mend_or_drop(q, lint) == (None, mend_or_drop(q, lint)[1])
    assert mend_or_drop(q, lint)[1].rule == "unsupported-key"  # type: ignore[union-attr]


def test_advice_on_a_teachers_own_question_needs_no_article() -> None:
    q = mk(
        type="multiple_choice",
        prompt="Should the _____ approve the treaty?",
        answer="United Kingdom",
        choices=("United Kingdom", "UK", "France", "Spain"),
        sources=UK,
    )
    assert [f.rule for f in check(q)] == ["alias-choice"]
    assert check(replace(q, choices=("United Kingdom", "Italy", "France", "Spain"))) == []


SEED = ROOT / "seed" / "000_4df508d8d7a01fc2.txt"
DEV = sorted((SHARED / "articles").glob("*.txt"))


@pytest.mark.slow
@pytest.mark.skipif(not DEV, reason="the development articles are not on this machine")
def test_generated_banks_keep_no_flaw() -> None:
    from questions.extract.people import find_people
    from questions.nlp import parse
    from questions.pipeline import lint_context

    spec = importlib.util.spec_from_file_location("lint_banks", SHARED / "tools" / "lint_banks.py")
    assert spec and spec.loader
    lint_banks = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("lint_banks", lint_banks)
    spec.loader.exec_module(lint_banks)
    found: list[str] = []
    for path in [SEED, *DEV]:
        article = qs.read_article(str(path))
        bank = qs.generate_bank(article)
        pa = parse(article)
        lint = lint_context(pa, find_people(pa))
        for q in bank.questions:
            found += [f"{path.name} {q.id}: {f.rule}: {f.reason}" for f in check(q, lint)]
        found += [f"{path.name} {line}" for line in lint_banks.flaws(qs.bank_to_dict(bank))]
    assert found == []


@pytest.mark.parametrize(
    ("question", "rule"),
    [
        # reported speech: the pronoun is the subject the prompt names before it
        (
            mk(kind="demand", prompt="What did the Harbourside council say it would do?", answer="x"),
            "unresolved-pronoun",
        ),
        (mk(kind="demand", prompt="What did Ann Lee say she would do?", answer="x"), "unresolved-pronoun"),
        (mk(prompt="Where did Ann Lee open her new bridge?"), "unresolved-pronoun"),
        # a figure written in words is a number worth testing
        (
            mk(
                kind="speaker",
                type="cloze",
                prompt="Complete what Ann Lee said: “The stand will hold _____ fans.”",
                answer="nine thousand",
            ),
            "trivial-blank",
        ),
    ],
)
def test_rule_stays_quiet_on_sound_wording(question: Question, rule: str) -> None:
    assert rule not in {f.rule for f in check(question, LINT)}


def test_an_object_her_is_unresolved() -> None:
    q = mk(kind="date", prompt="In which year did viewer Ann Lee put her on the spot?", answer="1983")
    assert "unresolved-pronoun" in {f.rule for f in check(q, LINT)}


def test_an_organisation_key_among_people_becomes_short_answer() -> None:
    q = mk(
        kind="speaker",
        type="multiple_choice",
        prompt="Who said “the bridge will open in May”?",
        answer="Harbourside Council",
        choices=("Harbourside Council", "Ann Lee", "Tom Reed", "Maya Stone"),
        sources=(src(0),),
    )
    assert "not-a-person" in {f.rule for f in check(q, LINT)}
    mended, _ = mend_or_drop(q, LINT)
    assert mended is None or mended.type != "multiple_choice"


def test_a_short_phrase_away_from_the_name_of_its_speaker_is_not_asked() -> None:
    """ "Who said 'a great day'?" when the excerpt says only "she said": the reader cannot check it."""
    q = mk(kind="speaker", prompt="Who said “a great day”?", answer="Ann Lee", sources=(src(1),))
    assert "quote-fragment" in {f.rule for f in check(q, LINT)}
