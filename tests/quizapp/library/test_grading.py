"""Tolerant grading of typed answers, and per-item credit for list questions (no Flask needed)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import questions as qs
from quizapp.library.grading import grade, normalise, split_items


def _q(
    answer: str,
    *,
    kind: str = "speaker",
    qtype: str = "short_answer",
    accepted=(),
    choices=(),
    items=(),
    value=None,
) -> qs.Question:
    return qs.Question(
        id="q",
        kind=kind,
        type=qtype,
        prompt="?",
        answer=answer,
        sources=(),
        explanation="",
        accepted=tuple(accepted),
        choices=tuple(choices),
        items=tuple(items),
        value=value,
    )


@pytest.mark.parametrize(
    ("answer", "response", "kind", "right"),
    [
        ("Jens Stoltenberg", "Jens Stoltenberg", "speaker", True),
        ("Jens Stoltenberg", "  jens   STOLTENBERG. ", "speaker", True),  # case, spaces, punctuation
        ("Jens Stoltenberg", "Jens Stoltenburg", "speaker", True),  # a small typo
        ("Jens Stoltenberg", "Stoltenberg", "speaker", True),  # a surname names a speaker
        ("Jens Stoltenberg", "Antony Blinken", "speaker", False),
        ("Jens Stoltenberg", "Jens", "speaker", False),
        ("Coalition for Safer Roads", "Roads", "speaker", False),  # no word of an organisation names it
        ("Harbour Traders Association", "Association", "speaker", False),
        ("Emmanuel Macron", "Emmanuel Macrón", "speaker", True),  # accents
        ("François Thom", "Francois Thom", "speaker", True),
        ("the Crimean Peninsula", "Crimean peninsula", "place", True),  # a leading article
        ("Brussels", "Brussel", "place", True),
        ("Brussels", "Moscow", "place", False),
        ("Kyiv", "Kiev", "place", False),  # two letters off: only as an accepted variant
        ("12", "12", "number", True),
        ("12", "twelve", "number", True),
        ("12", "12 nations", "number", True),
        ("12", "13", "number", False),  # numbers are never typos
        ("2014", "2015", "date", False),
        ("January 26", "26 January", "date", True),  # date word order
        ("January 26", "Jan. 26", "date", True),
        ("January 26", "January 27", "date", False),
        ("December", "december", "date", True),
        ("December", "Dec", "date", True),
        ("December", "November", "date", False),
        ("February 14, 2022", "14 Feb 2022", "date", True),
        ("February 14, 2022", "14 Feb 2021", "date", False),
        ("NATO", "N.A.T.O.", "role", False),
        ("", "", "speaker", False),
    ],
)
def test_typed_answers(answer, response, kind, right):
    if not answer:
        answer = "x"
    assert grade(_q(answer, kind=kind), response).correct is right


def test_accepted_variants_count():
    q = _q("Kyiv", kind="place", accepted=("Kiev",))
    assert grade(q, "kiev").correct


def test_a_typo_is_marked_near():
    result = grade(_q("Jens Stoltenberg"), "Jens Stoltenburg")
    assert result.correct and result.near
    assert not grade(_q("Jens Stoltenberg"), "jens stoltenberg").near


def test_choice_questions_need_the_exact_choice():
    q = _q("2014", kind="date", qtype="multiple_choice", choices=("1997", "2014", "2021"))
    assert grade(q, "2014").correct
    assert not grade(q, "1997").correct
    assert grade(q, " 2014 ").correct  # surrounding blanks are trimmed
    tf = _q("True", kind="date", qtype="true_false", choices=("True", "False"))
    assert grade(tf, "True").correct and not grade(tf, "False").correct


ITEMS = (
    "withdraw troops from post-1997 placements",
    "restrict NATO forces and weapon deployment",
    "rule out Ukraine's membership",
)


@pytest.mark.parametrize(
    ("response", "credit"),
    [
        ("withdraw troops\nrestrict weapon deployment\nrule out Ukraine membership", 1.0),
        ("Withdraw troops; restrict NATO forces; no membership for Ukraine", 1.0),
        ("withdraw troops, restrict weapons deployment", 2 / 3),
        (
            "withdraw troops\nwithdraw troops\nwithdraw troops",
            1 / 3,
        ),  # one item named three times counts once
        ("troops", 0.0),
        ("NATO", 0.0),
        ("", 0.0),
    ],
)
def test_list_questions_give_credit_per_item(response, credit):
    result = grade(_q("; ".join(ITEMS), kind="demand", qtype="list", items=ITEMS), response)
    assert result.credit == pytest.approx(credit)
    assert result.correct is (credit == 1.0)
    assert len(result.matched) + len(result.missed) == 3


def test_split_items():
    assert split_items("a\n\n b \n- c") == ["a", "b", "c"]
    assert split_items("a; b") == ["a", "b"]
    assert split_items("a, b, c") == ["a", "b", "c"]


@given(st.text(max_size=200))
def test_grading_never_fails_on_any_text(text):
    for q in (
        _q("Jens Stoltenberg"),
        _q("January 26", kind="date"),
        _q("12", kind="number"),
        _q("x", kind="demand", qtype="list", items=ITEMS),
    ):
        result = grade(q, text)
        assert 0.0 <= result.credit <= 1.0
    normalise(text)


@given(st.sampled_from(["Jens Stoltenberg", "Anders Fogh Rasmussen", "Brussels", "December", "12"]))
def test_the_answer_itself_is_always_right(answer):
    assert grade(_q(answer, kind="place"), answer).correct
