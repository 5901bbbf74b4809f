"""Moodle GIFT and XML: escaping, partial credit, format markers and files written as Moodle writes them."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from questions.bank import ArticleInfo, Bank, Question
from questions.formats import ImportResult
from questions.formats.gift import export_gift, import_gift
from questions.formats.moodle_xml import export_moodle_xml, import_moodle_xml


def bank_of(*questions: Question, title: str = "A title") -> Bank:
    return Bank(
        article=ArticleInfo(title=title, published=None, text=""), questions=questions, generator="test/1"
    )


def test_moodle_xml_escapes_category_tags_and_keeps_short_answers_plain() -> None:
    """Moodle shows category and tag names as HTML, so "<b>" must come as text; a short answer is plain
    text Moodle matches as typed (and escapes itself when it shows it), so it is written as plain_text."""
    q = Question(
        id="q1",
        kind="name",
        type="short_answer",
        prompt="Who?",
        answer="<b>Smith & Sons</b>",
        sources=(),
        explanation="",
        accepted=("Smith &amp; Sons",),
        tags=("<b>bold</b>", "R&D"),
    )
    data = export_moodle_xml(bank_of(q, title="<b>News & views"))
    root = ET.fromstring(data)
    assert root.findtext("question/category/text") == "$course$/top/&lt;b&gt;News &amp; views"
    tags = [t.text for t in root.findall("question/tags/tag/text")]
    assert tags == ["kind:name", "&lt;b&gt;bold&lt;/b&gt;", "R&amp;D"]
    answers = root.findall("question/answer")
    assert [a.get("format") for a in answers] == ["plain_text", "plain_text"]
    assert [a.findtext("text") for a in answers] == ["<b>Smith & Sons</b>", "Smith &amp; Sons"]
    back = import_moodle_xml(data).questions[0]
    assert (back.answer, back.accepted, back.tags) == (q.answer, q.accepted, q.tags)


# --- files written as Moodle writes them ----------------------------------------------------

FIXTURES = Path(__file__).parent / "moodle"


def read(name: str) -> ImportResult:
    data = (FIXTURES / name).read_bytes()
    return (import_gift if name.endswith(".gift.txt") else import_moodle_xml)(data)


def summary(q: Question) -> tuple[object, ...]:
    """What Moodle's importer tests check of a question: type, text, answers and their credit, feedback."""
    return (
        q.type,
        q.prompt,
        q.answer,
        q.accepted,
        q.choices,
        q.items,
        {p.answer: p.credit for p in q.partial},
        q.explanation,
        {n.choice: n.note for n in q.choice_notes},
    )


GIFT_EXPECTED = {
    # each text in its own format: "[html]" feedback loses its tags, "[plain]<blue>" keeps its brackets,
    # and the feedback of an answer marked "[plain]" is in the question's format, as Moodle's test expects
    "Q2": (
        "multiple_choice",
        "Which colour lies between orange and green in the rainbow?",
        "yellow",
        (),
        ("yellow", "red", "<blue>"),
        (),
        {},
        "right; well done!",
        {"red": "wrong, it is yellow", "<blue>": "wrong, it is yellow"},
    ),
    "colours": (
        "list",
        "Which of these are shades of yellow?",
        "lemon; mustard",
        (),
        ("lemon", "red", "mustard", "blue"),
        ("lemon", "mustard"),
        {},
        "",
        {"red": "wrong", "blue": "wrong"},
    ),
    "tricky": (
        "list",
        "Which colour is the sun drawn in?",
        "yellow",
        (),
        ("yellow", "red", "blue"),
        ("yellow",),
        {},
        "",
        {"red": "wrong", "blue": "wrong"},
    ),
    "hometown": (
        "multiple_choice",
        "The poet was raised in",
        "Haworth",
        (),
        ("Leeds", "Bradford", "Yorkshire", "Haworth"),
        (),
        {"Bradford": 0.25, "Yorkshire": 0.5},
        "Yes, that is right.",
        {
            "Leeds": "An important city, but the wrong one.",
            "Bradford": "Born here, not raised here.",
            "Yorkshire": "Be more specific.",
        },
    ),
    "Shortanswer": (
        "short_answer",
        "Which animal croaks?",
        "Frog",
        (),
        (),
        (),
        {"Toad": 0.5},
        "Good!",
        {"Toad": "Close: toads croak too, but which one is meant?"},
    ),
    "Shortanswer2": (
        "short_answer",
        "Which animal hops and croaks?",
        "Frog",
        (),
        (),
        (),
        {"Frogs": 0.8},
        "Frogs croak to call each other.\n\nGood!",
        {"Frogs": "Just one, please."},
    ),
    "Q1": (
        "true_false",
        "41 is the answer to everything.",
        "False",
        (),
        ("True", "False"),
        (),
        {},
        "You gave the right answer.",
        {"True": "The answer is 42."},
    ),
    "2-08 TSL": ("true_false", "The sun is a star.", "True", (), ("True", "False"), (), {}, "", {}),
    "2-09 TSL": (
        "true_false",
        "Water boils at 100 °C at sea level.",
        "True",
        (),
        ("True", "False"),
        (),
        {},
        "",
        {},
    ),
    "missing mc": (
        "multiple_choice",
        "Gandhi's birthday is a holiday on the _____ of October.",
        "2nd",
        (),
        ("15th", "3rd", "2nd"),
        (),
        {},
        "",
        {},
    ),
    "missing sa": ("cloze", "Two plus _____ equals four.", "two", ("2",), (), (), {}, "", {}),
    "md": ("short_answer", "What is bold text also called?", "<strong>", (), (), (), {"heavy": 0.5}, "", {}),
    "html": (
        "multiple_choice",
        "Which tag makes text bold in {braces}?",
        "<b>",
        (),
        ("<b>", "<i>"),
        (),
        {},
        "",
        {},
    ),
}

XML_EXPECTED = {
    "Colours": (
        "multiple_choice",
        "Which colour lies between orange and green?",
        "yellow",
        (),
        ("yellow", "<gold>", "red", "blue"),
        (),
        {"<gold>": 0.5},
        "The rainbow goes red, orange, yellow, green.\n\nRight; well done!",
        {
            "<gold>": "Nearly: gold is a kind of yellow.",
            "red": "Wrong, it is yellow.",
            "blue": "Wrong: <blue> is after green.",
        },
    ),
    "Yellows": (
        "list",
        "Which of these are shades of yellow?",
        "lemon; mustard",
        (),
        ("lemon", "red", "mustard"),
        ("lemon", "mustard"),
        {},
        "",
        {"red": "Wrong."},
    ),
    "Answer": (
        "true_false",
        "41 is the answer to everything.",
        "False",
        (),
        ("True", "False"),
        (),
        {},
        "You gave the right answer.",
        {"True": "The answer is 42."},
    ),
    "Animal": (
        "short_answer",
        "Which animal croaks?",
        "Frog",
        (),
        (),
        (),
        {"Frogs": 0.8, "Toad": 0.5},
        "Good!",
        {"Frogs": "Just one, please.", "Toad": "Close."},
    ),
    "Blank": ("cloze", "Two plus ______ equals four.", "two", ("2",), (), (), {}, "", {}),
}


@pytest.mark.parametrize(
    ("name", "expected", "skipped"),
    [
        (
            "questions.gift.txt",
            GIFT_EXPECTED,
            [
                "numerical questions are not supported",
                "numerical questions are not supported",
                "matching questions are not supported",
                "an essay question (empty answer block) has no answer to check",
                "no answer block {…}: a description, not a question",
            ],
        ),
        (
            "questions.moodle.xml",
            XML_EXPECTED,
            [
                f"Moodle question type {t!r} is not supported"
                for t in ("numerical", "matching", "essay", "description")
            ],
        ),
    ],
)
def test_every_supported_question_of_a_moodle_file_imports_with_its_credit_text_and_feedback(
    name: str, expected: dict[str, tuple[object, ...]], skipped: list[str]
) -> None:
    result = read(name)
    assert not result.errors
    assert {q.id: summary(q) for q in result.questions} == expected
    # every other question is listed, its type named: none is dropped silently
    assert [s.reason for s in result.skipped] == skipped
    assert [w.split(": ", 1)[1] for w in result.warnings] == ["an answer worth nothing ('*') was left out"]


@pytest.mark.parametrize("name", ["questions.gift.txt", "questions.moodle.xml"])
def test_moodle_files_round_trip_through_our_exports_with_their_partial_credit(name: str) -> None:
    first = read(name).questions
    for export, reimport in ((export_gift, import_gift), (export_moodle_xml, import_moodle_xml)):
        again = reimport(export(bank_of(*first))).questions
        assert [summary(q) for q in again] == [summary(q) for q in first]


@pytest.mark.parametrize(
    ("marked", "prompt"),
    [
        ("[plain]Is <b>this</b> bold?", "Is <b>this</b> bold?"),
        ("[html]Is <b>this</b> bold?", "Is this bold?"),
        ("[moodle]Is <b>this</b> bold?", "Is this bold?"),
        ("Is <b>this</b> bold?", "Is this bold?"),  # no marker: Moodle's auto-format, HTML
        ("[markdown]Is **this** bold?", "Is this bold?"),
        ("[markdown]Is <b>this</b> bold?", "Is this bold?"),
    ],
)
def test_gift_format_markers_are_read_as_moodle_reads_them(marked: str, prompt: str) -> None:
    result = import_gift(
        f"::q::{marked}{{=yes ~[plain]<no> ~[html]<i>maybe</i>####[markdown]*Because* it is.}}"
    )
    (q,) = result.questions
    assert (q.prompt, q.choices, q.explanation) == (prompt, ("yes", "<no>", "maybe"), "Because it is.")
