"""A quoted phrase of a few words is asked with the words of its sentence around it: "Who said he
was “very moved” by the announcement?", not "Who said “very moved”?" (blind judges: a two-word
fragment asks nothing). Short made-up articles; the assertions are the prompts a reader sees."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

import questions as qs
from questions.bank import Question, Source
from questions.lint import check

TEXT = (
    "Harbour news\n\n"
    'Harbour Minister Dan Avrahami, however, said he was "very moved" by the announcement.\n\n'
    'He also said Kelby Games was planning an awards show "similar to the Oscars and the Grammys" '
    "which would combine games and music.\n\n"
    'The Kelby Ferry Company said it viewed the move as "another measure contradicting" the deal.\n\n'
    "The council met on Monday."
)


@cache
def speaker_prompts() -> tuple[str, ...]:
    return tuple(q.prompt for q in qs.generate_bank(TEXT).questions if q.kind == "speaker")


def test_a_short_phrase_is_asked_with_what_it_was_said_of() -> None:
    asked = speaker_prompts()
    assert "Who said he was “very moved” by the announcement?" in asked, asked
    assert "Who said “very moved”?" not in asked, asked


def test_the_words_stop_at_the_end_of_the_clause() -> None:
    asked = speaker_prompts()
    want = "Who said Kelby Games was planning an awards show “similar to the Oscars and the Grammys”?"
    assert want in asked, asked


def test_an_it_of_the_speaker_is_not_left_in_the_prompt() -> None:
    asked = speaker_prompts()
    assert not any(p.startswith("Who said it ") for p in asked), asked


def test_who_said_he_is_no_unresolved_pronoun() -> None:
    src = (Source(0, 20, "Ann Lee said he won.", None),)
    q = Question(
        id="s0000000001",
        kind="speaker",
        type="short_answer",
        prompt="Who said he was “very moved” by the result?",
        answer="Ann Lee",
        sources=src,
        explanation="",
    )
    assert "unresolved-pronoun" not in {f.rule for f in check(q)}
    it = replace(q, prompt="Who said it was “very moved” by the result?")
    assert "unresolved-pronoun" in {f.rule for f in check(it)}


def test_a_phrase_is_asked_by_the_verb_that_frames_it() -> None:
    text = (
        "Harbour news\n\n"
        'Former harbour master Tom Reddle has described the closure as a "bit of a disaster" '
        "for the town.\n\n"
        'Dock chief Ana Velt warned of "dangerous consequences" for the night crews.\n\n'
        "The council met on Monday."
    )
    asked = [q.prompt for q in qs.generate_bank(text).questions if q.kind == "speaker"]
    assert "Who described the closure as a “bit of a disaster” for the town?" in asked, asked
    assert any(p.startswith("Who warned of “dangerous consequences”") for p in asked), asked
