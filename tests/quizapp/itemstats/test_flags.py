"""Each flag on made-up figures: where it must fire, and where it must not."""

from __future__ import annotations

import pytest

from quizapp.itemstats.figures import Figures
from quizapp.itemstats.flags import flags_for

CHOICES = ("Oslo", "Paris", "Rome", "Lima")
KEY = "Paris"


def figures(
    answers: int, correct: int, picks: tuple[int, ...] = (), bands: dict[int, tuple[int, int]] | None = None
):
    counts = {"answers": answers, "correct": correct}
    counts |= {f"pick:{i}": n for i, n in enumerate(picks)}
    for band, (takers, right) in (bands or {}).items():
        counts[f"takers:{band}"] = takers
        counts[f"takers_correct:{band}"] = right
    return Figures("all", counts)


def codes(fig, *, qtype="multiple_choice", kept=()):
    return [f.code for f in flags_for(fig, qtype=qtype, choices=CHOICES, answer=KEY, kept=kept)]


# strong students (band 9) mostly wrong, weak ones (band 1) mostly right: 18 takers
UPSIDE_DOWN = {9: (6, 1), 5: (6, 3), 1: (6, 5)}
# the usual: strong students right, weak ones wrong
HEALTHY = {9: (6, 6), 5: (6, 3), 1: (6, 1)}


@pytest.mark.parametrize(
    ("fig", "expected"),
    [
        (figures(18, 9, (3, 9, 3, 3), UPSIDE_DOWN), ["negative_discrimination"]),
        (figures(18, 10, (3, 10, 3, 2), HEALTHY), []),
        # too few takers: discrimination is not worked out, so no flag however it looks
        (figures(12, 6, (2, 6, 2, 2), {9: (4, 0), 1: (4, 4)}), []),
    ],
)
def test_negative_discrimination(fig, expected):
    assert codes(fig) == expected


def test_a_distractor_picked_more_than_the_key_is_flagged_with_both_named():
    fig = figures(20, 6, (10, 6, 2, 2))
    flags = flags_for(fig, qtype="multiple_choice", choices=CHOICES, answer=KEY)
    assert [f.code for f in flags] == ["distractor_over_key"]
    assert "“Oslo” was picked 10 times" in flags[0].reason and "“Paris” (6 times)" in flags[0].reason


@pytest.mark.parametrize(
    "fig",
    [
        figures(20, 8, (6, 8, 3, 3)),  # the key is picked most
        figures(20, 6, (6, 6, 4, 4)),  # a tie is not "more than the key"
        figures(8, 2, (5, 2, 1, 0)),  # too few answers to say
    ],
)
def test_no_distractor_flag_when_the_key_leads_ties_or_answers_are_few(fig):
    assert "distractor_over_key" not in codes(fig)


def test_a_distractor_nobody_picks_is_flagged_after_enough_answers_only():
    assert codes(figures(40, 20, (10, 20, 10, 0))) == ["unused_distractor"]
    assert codes(figures(20, 10, (5, 10, 5, 0))) == []  # too few answers yet
    assert codes(figures(40, 20, (10, 20, 5, 5))) == []  # every one picked
    # true/false has one wrong answer: nobody picking it is "too easy", not a useless distractor
    tf = flags_for(figures(40, 40, (40, 0)), qtype="true_false", choices=("True", "False"), answer="True")
    assert "unused_distractor" not in [f.code for f in tf]


@pytest.mark.parametrize(
    ("answers", "correct", "expected"),
    [
        (60, 3, ["too_hard"]),
        (60, 58, ["too_easy"]),
        (60, 30, []),
        (40, 0, []),  # near 0, but not yet over many answers
        (40, 40, []),
    ],
)
def test_facility_near_0_or_1_over_many_answers(answers, correct, expected):
    assert codes(figures(answers, correct), qtype="short_answer") == expected


def test_a_kept_flag_stays_quiet_and_others_still_show():
    fig = figures(60, 3, (30, 3, 27, 0))
    assert codes(fig) == ["distractor_over_key", "unused_distractor", "too_hard"]
    assert codes(fig, kept=["too_hard", "unused_distractor"]) == ["distractor_over_key"]
