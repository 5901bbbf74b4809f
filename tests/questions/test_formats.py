"""Interchange formats: round trips, escaping, Anki packages, worksheets and hostile input."""

from __future__ import annotations

import csv
import html
import io
import json
import sqlite3
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from questions.bank import (
    FALSE,
    TRUE,
    ArticleInfo,
    Bank,
    ChoiceNote,
    PartialCredit,
    Question,
    Source,
    bank_from_dict,
    bank_to_dict,
)
from questions.formats import FORMATS, ImportResult, get_format, gift, guess_format
from questions.formats.anki import MODEL_ID, export_apkg
from questions.formats.cli import export_command, import_command
from questions.formats.csvfmt import export_full_csv, export_quizlet, import_full_csv, import_quizlet
from questions.formats.moodle_xml import export_moodle_xml, import_moodle_xml
from questions.formats.native import export_json, import_json
from questions.formats.worksheet import export_worksheet
from questions.formats.worksheet_pdf import export_worksheet_pdf

# --- a realistic bank, by hand ------------------------------------------------------------

ARTICLE = (
    "Leaders met in Genève on 12 May 2024 to sign the “Open Seas” accord.\n\n"
    "“We will cut emissions by 40% — no excuses,” said Prime Minister Ana Ruiz.\n\n"
    'The protesters demanded {free transit}, a ban on ~diesel~ and "equal = fair" pay: nothing less.\n\n'
    "Engineers flagged the path C:\\temp\\new #42 as unsafe.\n\n"
    "A comment read <script>alert('xss')</script> before moderators removed it.\n"
)
XSS = "<script>alert('xss')</script>"


def src(sentence: str, answer: str | None = None) -> Source:
    """The source for a sentence of ARTICLE, with the answer highlighted when given."""
    start = ARTICLE.index(sentence)
    hl = None
    if answer is not None:
        a = ARTICLE.index(answer, start)
        hl = (a, a + len(answer))
    return Source(start, start + len(sentence), sentence, hl)


S_DATE = "Leaders met in Genève on 12 May 2024 to sign the “Open Seas” accord."
S_QUOTE = "“We will cut emissions by 40% — no excuses,” said Prime Minister Ana Ruiz."
S_DEMAND = 'The protesters demanded {free transit}, a ban on ~diesel~ and "equal = fair" pay: nothing less.'
S_PATH = "Engineers flagged the path C:\\temp\\new #42 as unsafe."
S_XSS = f"A comment read {XSS} before moderators removed it."

DEMANDS = ("{free transit}", "a ban on ~diesel~", '"equal = fair" pay')

QUESTIONS = (
    Question(
        id="q-date-1",
        kind="date",
        type="multiple_choice",
        prompt="When did leaders sign the “Open Seas” accord in Genève?",
        answer="12 May 2024",
        choices=("3 May 2024", "12 May 2024", "21 May 2024", "12 May 2023"),
        sources=(src(S_DATE, "12 May 2024"),),
        explanation="The article dates the signing: “on 12 May 2024”. <b>Not</b> a draft & not 'May 3'.",
        choice_notes=(
            ChoiceNote("3 May 2024", "No such date in the article."),
            ChoiceNote(
                "12 May 2023", "A year too early: the accord was signed in 2024.", src(S_DATE, "2024")
            ),
        ),
        value="2024-05-12",
        fact_id="f1",
        difficulty=0.4,
        score=2.5,
        tags=("diplomacy", "dates & times"),
    ),
    Question(
        id="q-speaker-1",
        kind="speaker",
        type="true_false",
        prompt="Ana Ruiz said emissions would be cut by 40% — “no excuses”.",
        answer=TRUE,
        choices=(TRUE, FALSE),
        sources=(src(S_QUOTE, "Ana Ruiz"),),
        explanation="She is quoted saying so.",
        fact_id="f2",
        difficulty=0.2,
        score=1.0,
    ),
    Question(
        id="q-demand-cloze",
        kind="demand",
        type="cloze",
        prompt='The protesters demanded _____, a ban on ~diesel~ and "equal = fair" pay.',
        answer="{free transit}",
        accepted=("free transit",),
        sources=(src(S_DEMAND, "{free transit}"),),
        explanation="The first of three demands: {free transit}.",
        difficulty=0.6,
        score=1.7,
    ),
    Question(
        id="q-place-path",
        kind="place",
        type="short_answer",
        prompt="Which path did engineers flag as unsafe? (Give it as C:\\…)",
        answer="C:\\temp\\new #42",
        accepted=("C:\\temp\\new", "c:\\temp\\new #42"),
        sources=(src(S_PATH, "C:\\temp\\new #42"),),
        explanation="Backslashes \\ and # are part of it.",
    ),
    Question(
        id="q-demands-list",
        kind="demand",
        type="list",
        prompt="Which of these did the protesters demand?",
        answer="; ".join(DEMANDS),
        items=DEMANDS,
        choices=("lower rents", "{free transit}", "a ban on ~diesel~", "more parking", '"equal = fair" pay'),
        choice_notes=(ChoiceNote("lower rents", "Rents are not mentioned."),),
        sources=(src(S_DEMAND),),
        explanation="Three demands are listed: {…}, ~…~ and = …",
    ),
    Question(
        id="q-xss",
        kind="number",
        type="multiple_choice",
        prompt=f"What did the removed comment read? {XSS}",
        answer=XSS,
        choices=(XSS, "<img src=x onerror=alert(1)>", "nothing at all"),
        sources=(src(S_XSS, XSS),),
        explanation=f"It read {XSS} — shown as text, never run.",
        choice_notes=(ChoiceNote("<img src=x onerror=alert(1)>", "<i>Not</i> this one."),),
    ),
    Question(
        id="q-date-cloze-end",
        kind="date",
        type="cloze",
        prompt="Leaders met in Genève on _____",
        answer="12 May 2024",
        accepted=("May 12, 2024",),
        sources=(src(S_DATE, "12 May 2024"),),
        explanation="",
    ),
    Question(
        id="q-number-pct",
        kind="number",
        type="short_answer",
        prompt="By how much will emissions be cut?",
        answer="40%",
        accepted=("40 percent", "forty per cent", "40 *percent*"),
        sources=(src(S_QUOTE, "40%"),),
        explanation="Ruiz: “We will cut emissions by 40%”.\nA second line: ends here.",
    ),
)

#: a list question with no choices: what GIFT and Moodle XML cannot express
FREE_LIST = Question(
    id="q-demands-free",
    kind="demand",
    type="list",
    prompt="Name the three demands of the protesters.",
    answer="; ".join(DEMANDS),
    items=DEMANDS,
    sources=(src(S_DEMAND),),
    explanation="",
)


def make_bank(questions: tuple[Question, ...] = QUESTIONS) -> Bank:
    return Bank(
        article=ArticleInfo(
            title="Leaders sign the “Open Seas” accord <em>at last</em>",
            published="2024-05-13",
            text=ARTICLE,
            source_name="The Daily {Test}",
        ),
        questions=questions,
        generator="test/1",
        warnings=("one warning",),
    )


@pytest.fixture
def bank() -> Bank:
    return make_bank()


def test_bank_is_consistent(bank: Bank) -> None:
    """The hand-made bank is a valid quizbank/1 bank (guards the fixtures themselves)."""
    again, problems = bank_from_dict(bank_to_dict(bank))
    assert problems == []
    assert again.questions == bank.questions
    assert {q.type for q in bank.questions} == {
        "multiple_choice",
        "true_false",
        "cloze",
        "short_answer",
        "list",
    }


def same_question(got: Question, want: Question, *, fields: tuple[str, ...]) -> None:
    for f in fields:
        assert getattr(got, f) == getattr(want, f), f"{want.id}: {f} differs"


# --- registry ------------------------------------------------------------------------------


def test_registry_describes_every_format() -> None:
    exports = {"json", "csv", "quizlet", "gift", "moodle-xml", "anki", "worksheet", "worksheet-pdf"}
    assert set(FORMATS) == exports
    for fmt in FORMATS.values():
        assert fmt.extension.startswith(".") and "/" in fmt.media_type and fmt.label
    assert {n for n, f in FORMATS.items() if f.can_import} == {"json", "csv", "quizlet", "gift", "moodle-xml"}
    with pytest.raises(KeyError, match="unknown format"):
        get_format("docx")
    with pytest.raises(NotImplementedError):
        get_format("anki").import_(b"")


@pytest.mark.parametrize(
    ("filename", "name"),
    [
        ("bank.json", "json"),
        ("quiz.moodle.xml", "moodle-xml"),
        ("Quiz.GIFT", "gift"),
        ("q.gift.txt", "gift"),
        ("cards.csv", "csv"),
        ("cards.tsv", "quizlet"),
        ("deck.apkg", "anki"),
    ],
)
def test_guess_format(filename: str, name: str) -> None:
    fmt = guess_format(filename)
    assert fmt is not None and fmt.name == name
    assert guess_format("notes.docx") is None


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_format_exports_bytes(bank: Bank, name: str) -> None:
    data = FORMATS[name].export_bytes(bank)
    assert isinstance(data, bytes) and data


# --- native JSON ---------------------------------------------------------------------------


def test_json_round_trip_is_lossless(bank: Bank) -> None:
    first = export_json(bank)
    result = import_json(first.encode())
    assert result.ok and result.bank is not None
    assert result.bank == bank
    assert export_json(result.bank) == first
    assert json.loads(first)["format"] == "quizbank/1"


def test_json_import_skips_bad_questions_and_keeps_the_rest(bank: Bank) -> None:
    doc = bank_to_dict(bank)
    doc["questions"][1]["answer"] = ""  # empty answer
    doc["questions"][2]["sources"][0]["end"] = 10**6  # outside the article
    doc["questions"].append("not a question")
    result = import_json(json.dumps(doc))
    assert [q.id for q in result.questions] == [q.id for i, q in enumerate(bank.questions) if i not in (1, 2)]
    last = f"question {len(doc['questions'])}"
    assert [s.item for s in result.skipped] == ["question 2", "question 3", last]
    assert "empty prompt or answer" in result.skipped[0].reason
    assert "outside the article" in result.skipped[1].reason
    assert result.bank is not None and result.bank.article.text == ARTICLE


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"", "not valid JSON"),
        (b'{"format": "quizbank/1", "questions": [', "not valid JSON"),
        (b"[1, 2, 3]", "not a JSON object"),
        (b'{"format": "quizbank/9"}', "quizbank/1"),
        (b'{"format": "quizbank/1"}', "article"),
        (b"[" * 100_000, "not valid JSON"),
    ],
)
def test_json_import_reports_unreadable_files(data: bytes, error: str) -> None:
    result = import_json(data)
    assert result.questions == () and error in " ".join(result.errors)


# --- GIFT ----------------------------------------------------------------------------------

ROUND_TRIP_FIELDS = (
    "id",
    "kind",
    "type",
    "prompt",
    "answer",
    "accepted",
    "choices",
    "items",
    "explanation",
    "sources",
    "choice_notes",
)


@pytest.mark.parametrize(
    ("name", "lost"),
    [
        ("gift", ("value", "fact_id", "difficulty", "score", "tags")),
        ("moodle-xml", ("value", "fact_id", "difficulty", "score")),
    ],
)
def test_moodle_exports_reimport_to_the_same_questions(bank: Bank, name: str, lost: tuple[str, ...]) -> None:
    fmt = get_format(name)
    result = fmt.import_(fmt.export_bytes(bank), article_text=ARTICLE)
    assert result.skipped == () and result.errors == () and result.warnings == ()
    assert len(result.questions) == len(bank.questions)
    for got, want in zip(result.questions, bank.questions, strict=True):
        same_question(got, want, fields=ROUND_TRIP_FIELDS)
        assert got == replace(want, **{f: getattr(got, f) for f in lost})


@pytest.mark.parametrize("name", ["gift", "moodle-xml"])
def test_moodle_import_without_the_article_has_no_sources(bank: Bank, name: str) -> None:
    fmt = get_format(name)
    result = fmt.import_(fmt.export_bytes(bank))
    assert len(result.questions) == len(bank.questions)
    assert all(q.sources == () for q in result.questions)
    assert all(n.source is None for q in result.questions for n in q.choice_notes)
    assert result.questions[0].explanation == bank.questions[0].explanation


@pytest.mark.parametrize("name", ["gift", "moodle-xml"])
def test_moodle_export_skips_what_it_cannot_express_and_says_why(name: str) -> None:
    bank = make_bank((*QUESTIONS[:2], FREE_LIST))
    skipped: list[str] = []
    exporter = gift.export_gift if name == "gift" else export_moodle_xml
    data = exporter(bank, skipped=skipped)
    assert skipped == [
        "q-demands-free: "
        + ("GIFT" if name == "gift" else "Moodle XML")
        + " cannot ask to name several items without choices to pick from"
    ]
    text = data if isinstance(data, str) else data.decode()
    assert "skipped q-demands-free" in text or "skipped 'q-demands-free'" in text
    result = get_format(name).import_(data)
    assert [q.id for q in result.questions] == ["q-date-1", "q-speaker-1"]


def test_gift_escapes_every_special_character(bank: Bank) -> None:
    text = gift.export_gift(bank)
    line = next(ln for ln in text.splitlines() if ln.startswith("::q-demand-cloze::"))
    # the prompt's own braces, tildes, equals and colons are escaped; the blank became the answer slot
    assert line.startswith(
        "::q-demand-cloze::[html]The protesters demanded {=\\{free transit\\} =free transit"
    )
    assert 'a ban on \\~diesel\\~ and "equal \\= fair" pay.' in line
    path_line = next(ln for ln in text.splitlines() if ln.startswith("::q-place-path::"))
    assert "=C\\:\\\\temp\\\\new \\#42" in path_line
    assert "<script>" not in text and "&lt;script&gt;" in text


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("a~b", "a\\~b"),
        ("x = y", "x \\= y"),
        ("#1", "\\#1"),
        ("{a}", "\\{a\\}"),
        ("10:30", "10\\:30"),
        ("C:\\new", "C\\:\\\\new"),
        ("two\nlines", "two\\nlines"),
        ("\\n literally", "\\\\n literally"),
        ("plain words", "plain words"),
    ],
)
def test_gift_escape_table(text: str, escaped: str) -> None:
    assert gift.escape(text) == escaped
    assert gift.unescape(escaped) == text


#: any text but control characters (which no text format carries) other than newline, return and tab
gift_text_alphabet = st.one_of(
    st.characters(exclude_categories=("Cs", "Cc")), st.sampled_from("~=#{}:\\\n\r\t%<>&_-*")
)
gift_text = st.text(alphabet=gift_text_alphabet, min_size=1, max_size=40).map(str.strip).filter(bool)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    prompt=gift_text,
    choices=st.lists(gift_text, min_size=2, max_size=5, unique=True),
    explanation=st.text(alphabet=gift_text_alphabet, max_size=40),
    accepted=st.lists(gift_text, max_size=3, unique=True),
)
def test_gift_round_trip_property(
    prompt: str, choices: list[str], explanation: str, accepted: list[str]
) -> None:
    """Any text, special characters and all, parses back exactly."""
    mc = Question(
        id="p:1",
        kind="date",
        type="multiple_choice",
        prompt=prompt,
        answer=choices[-1],
        choices=tuple(choices),
        sources=(),
        explanation=explanation,
    )
    short = Question(
        id="p{2}",
        kind="number",
        type="short_answer",
        prompt=prompt,
        answer=choices[0],
        accepted=tuple(a for a in accepted if a != choices[0]),
        sources=(),
        explanation="",
    )
    text = gift.export_gift(make_bank((mc, short)))
    result = gift.import_gift(text)
    assert result.skipped == () and result.errors == ()
    got_mc, got_short = result.questions
    same_question(got_mc, mc, fields=("id", "prompt", "answer", "choices", "explanation"))
    same_question(got_short, short, fields=("id", "answer", "accepted"))
    assert got_short.prompt == prompt


xml_text = gift_text.map(lambda t: t.replace("\r", "\n"))  # XML turns a bare return into a newline


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    prompt=xml_text,
    choices=st.lists(xml_text, min_size=2, max_size=5, unique=True),
    explanation=st.text(alphabet=gift_text_alphabet, max_size=40),
    accepted=st.lists(xml_text, max_size=3, unique=True),
)
def test_moodle_xml_round_trip_property(
    prompt: str, choices: list[str], explanation: str, accepted: list[str]
) -> None:
    mc = Question(
        id="x1",
        kind="date",
        type="multiple_choice",
        prompt=prompt,
        answer=choices[0],
        choices=tuple(choices),
        sources=(),
        explanation=explanation,
    )
    short = Question(
        id="x2",
        kind="number",
        type="short_answer",
        prompt=prompt + "?",
        answer=choices[-1],
        accepted=tuple(a for a in accepted if a != choices[-1]),
        sources=(),
        explanation="",
    )
    result = import_moodle_xml(export_moodle_xml(make_bank((mc, short))))
    assert result.skipped == () and result.errors == ()
    got_mc, got_short = result.questions
    same_question(got_mc, mc, fields=("id", "prompt", "answer", "choices", "explanation"))
    same_question(got_short, short, fields=("id", "answer", "accepted"))


def test_gift_reads_files_written_by_hand() -> None:
    text = """// a teacher's file
$CATEGORY: $course$/Week 1

::Grant::Who's buried in Grant's tomb?{~Grant ~Jefferson =no one#Right!}

Grant is {~buried =entombed ~living} in Grant's tomb.

Grant was buried in a tomb in New York City.{T#No, he was.#Yes.}

::cap::What is the capital of France?{=Paris =paris ####It is Paris.}

Two sides \\{and\\} a colon\\: {=yes} here.
"""
    result = gift.import_gift(text.encode())
    assert result.ok, result.skipped
    q1, q2, q3, q4, q5 = result.questions
    assert (q1.id, q1.type, q1.answer, q1.choices) == (
        "Grant",
        "multiple_choice",
        "no one",
        ("Grant", "Jefferson", "no one"),
    )
    assert (q2.type, q2.prompt, q2.answer) == (
        "multiple_choice",
        "Grant is _____ in Grant's tomb.",
        "entombed",
    )
    assert (q3.type, q3.answer, q3.choices) == ("true_false", TRUE, (TRUE, FALSE))
    assert (q4.type, q4.answer, q4.accepted, q4.explanation) == (
        "short_answer",
        "Paris",
        ("paris",),
        "It is Paris.",
    )
    assert (q5.type, q5.prompt, q5.answer) == ("cloze", "Two sides {and} a colon: _____ here.", "yes")
    assert len({q.id for q in result.questions}) == 5


MALFORMED_GIFT = """::ok1::What is two plus two?{=4 =four}

::broken::Where is the closing brace?{=here

A description with no answers at all.

::essay::Write about the accord.{}

::num::When was Grant born?{#1822:5}

::match::Match them.{=Canada -> Ottawa =Italy -> Rome}

::two-right::Pick{=a =b ~c}

::ok2::Is this fine?{TRUE}

::wild::Which city?{=*Paris*}

::zero::Which one?{=%0%a ~b}
"""


def test_gift_malformed_file_imports_what_it_can_and_lists_the_rest() -> None:
    result = gift.import_gift(MALFORMED_GIFT)
    assert [q.id for q in result.questions] == ["ok1", "ok2"]
    reasons = {s.item: s.reason for s in result.skipped}
    assert list(reasons) == [
        "question 2 (line 3)",
        "question 3 (line 5)",
        "question 4 (line 7)",
        "question 5 (line 9)",
        "question 6 (line 11)",
        "question 7 (line 13)",
        "question 9 (line 17)",
        "question 10 (line 19)",
    ]
    assert "unbalanced braces" in reasons["question 2 (line 3)"]
    assert "description" in reasons["question 3 (line 5)"]
    assert "essay" in reasons["question 4 (line 7)"]
    assert "numerical" in reasons["question 5 (line 9)"]
    assert "matching" in reasons["question 6 (line 11)"]
    assert "more than one choice" in reasons["question 7 (line 13)"]
    assert "wildcard" in reasons["question 9 (line 17)"]
    assert reasons["question 10 (line 19)"] == "no choice is fully right"


# --- Moodle XML ------------------------------------------------------------------------------


def test_moodle_xml_escapes_html_and_carries_feedback(bank: Bank) -> None:
    data = export_moodle_xml(bank)
    assert data.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    text = data.decode()
    assert "<script>" not in text and "&amp;lt;script&amp;gt;" in text
    assert '&lt;blockquote class="excerpt"' in text and "&lt;mark&gt;12 May 2024&lt;/mark&gt;" in text
    assert "<idnumber>q-date-1</idnumber>" in text and "<text>kind:date</text>" in text
    assert '<question type="truefalse">' in text and "<single>false</single>" in text
    assert "<text>40 \\*percent\\*</text>" in text  # a star, not Moodle's wildcard


@pytest.mark.parametrize(
    ("title", "category"),
    [
        ("War / Peace:\n  a timeline", "$course$/top/War - Peace: a timeline"),
        ("x" * 300, "$course$/top/" + "x" * 255),
        (" \t\n", "$course$/top/quizapp"),
    ],
)
def test_moodle_xml_category_is_one_line_without_separators(bank: Bank, title: str, category: str) -> None:
    """A title with a "/" would make nested categories in Moodle, and a line break a broken name."""
    from xml.etree import ElementTree

    data = export_moodle_xml(replace(bank, article=replace(bank.article, title=title)))
    assert ElementTree.fromstring(data).findtext("question[@type='category']/category/text") == category


def test_moodle_xml_reads_a_moodle_export() -> None:
    data = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category"><category><text>$course$/top/Week 1</text></category></question>
  <question type="multichoice">
    <name><text>Capital</text></name>
    <questiontext format="html">
      <text><![CDATA[<p>What is the <b>capital</b> of France?</p>]]></text>
    </questiontext>
    <generalfeedback format="html"><text><![CDATA[<p>Paris &amp; nowhere else.</p>]]></text></generalfeedback>
    <single>true</single>
    <answer fraction="100" format="html"><text>Paris</text>
      <feedback format="html"><text></text></feedback></answer>
    <answer fraction="0" format="html"><text>Lyon</text>
      <feedback format="html"><text>Too far south.</text></feedback></answer>
  </question>
  <question type="essay"><name><text>E</text></name>
    <questiontext format="html"><text>Discuss.</text></questiontext></question>
  <question type="shortanswer">
    <name><text>SA</text></name>
    <questiontext format="moodle_auto_format"><text>Largest planet?</text></questiontext>
    <answer fraction="100"><text>Jupiter</text></answer>
    <answer fraction="50"><text>Saturn</text></answer>
  </question>
</quiz>"""
    result = import_moodle_xml(data.encode())
    assert [(q.id, q.type) for q in result.questions] == [
        ("Capital", "multiple_choice"),
        ("SA", "short_answer"),
    ]
    assert result.questions[1].partial == (PartialCredit("Saturn", 0.5),)
    q = result.questions[0]
    assert (q.prompt, q.answer, q.choices, q.explanation) == (
        "What is the capital of France?",
        "Paris",
        ("Paris", "Lyon"),
        "Paris & nowhere else.",
    )
    assert q.choice_notes == (ChoiceNote("Lyon", "Too far south."),)
    assert [(s.item, s.reason) for s in result.skipped] == [
        ("question 3", "Moodle question type 'essay' is not supported"),
    ]


def test_moodle_xml_truncated_file_keeps_the_questions_it_could_read(bank: Bank) -> None:
    data = export_moodle_xml(bank)
    cut = data[: data.index(b'<question type="multichoice">', data.index(b"q-xss") - 300) + 200]
    result = import_moodle_xml(cut, article_text=ARTICLE)
    assert result.errors and "not well-formed XML" in result.errors[0]
    assert [q.id for q in result.questions] == [q.id for q in bank.questions[:5]]
    assert len(result.skipped) == 1 and "cut off" in result.skipped[0].reason


def test_moodle_xml_one_broken_question_is_listed(bank: Bank) -> None:
    data = export_moodle_xml(bank).replace(b"<defaultgrade>1</defaultgrade>", b"<defaultgrade>1</oops>", 1)
    result = import_moodle_xml(data)
    assert [q.id for q in result.questions] == [q.id for q in bank.questions[1:]]
    # the category counts as question 1 of the file; the line number says where to look
    assert len(result.skipped) == 1 and result.skipped[0].item.startswith("question 2 (line")


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (
            b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<quiz><question type="shortanswer"><questiontext><text>&lol2;</text></questiontext></question></quiz>""",
            "not accepted",
        ),
        (
            b"""<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<quiz><question type="shortanswer"><questiontext><text>&xxe;</text></questiontext></question></quiz>""",
            "not accepted",
        ),
        (b"<html><body>not a quiz</body></html>", "not <quiz>"),
        (b"", "empty"),
        (b"<quiz></quiz>", "no questions"),
        (b"\x00\x01\x02binary\xff\xfe" * 50, "not text"),
    ],
)
def test_moodle_xml_refuses_hostile_or_foreign_files(data: bytes, error: str) -> None:
    result = import_moodle_xml(data)
    assert result.questions == ()
    assert any(error in e for e in result.errors), result.errors
    assert "root:" not in repr(result)


# --- Anki ------------------------------------------------------------------------------------


def open_collection(data: bytes, tmp_path: Path) -> sqlite3.Connection:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert set(z.namelist()) == {"collection.anki2", "media"}
        assert json.loads(z.read("media")) == {}
        path = tmp_path / "collection.anki2"
        path.write_bytes(z.read("collection.anki2"))
    return sqlite3.connect(path)


def test_apkg_is_a_valid_anki_package_whose_notes_match_the_questions(bank: Bank, tmp_path: Path) -> None:
    conn = open_collection(export_apkg(bank, timestamp=1_700_000_000), tmp_path)
    try:
        notes = conn.execute("SELECT id, guid, mid, tags, flds FROM notes ORDER BY id").fetchall()
        cards = conn.execute("SELECT nid, did FROM cards").fetchall()
        decks = json.loads(conn.execute("SELECT decks FROM col").fetchone()[0])
        models = json.loads(conn.execute("SELECT models FROM col").fetchone()[0])
    finally:
        conn.close()
    assert len(notes) == len(bank.questions) and len(cards) == len(bank.questions)
    assert str(MODEL_ID) in models and [f["name"] for f in models[str(MODEL_ID)]["flds"]] == [
        "Prompt",
        "Choices",
        "Answer",
        "Explanation",
        "Excerpt",
        "QuestionId",
    ]
    deck_ids = {did for _, did in cards}
    assert len(deck_ids) == 1 and decks[str(deck_ids.pop())]["name"] == bank.article.title
    for (_, _, mid, tags, flds), q in zip(notes, bank.questions, strict=True):
        prompt, choices, answer, explanation, excerpt, qid = flds.split("\x1f")
        assert mid == MODEL_ID
        assert (prompt, explanation, qid) == (html.escape(q.prompt), html.escape(q.explanation), q.id)
        assert q.kind in tags.split()
        if q.type == "list":
            assert all(f"<li>{html.escape(i)}</li>" in answer for i in q.items)
        else:
            assert answer.startswith(html.escape(q.answer))
        for s in q.sources:
            if s.highlight:
                marked = ARTICLE[s.highlight[0] : s.highlight[1]]
                assert f"<mark>{html.escape(marked, quote=False)}</mark>" in excerpt
        if q.type == "multiple_choice":
            assert choices.count("<li>") == len(q.choices)
        assert "<script>" not in flds and "<img" not in flds


def test_apkg_ids_are_stable_so_reexports_update_cards(bank: Bank, tmp_path: Path) -> None:
    a, b = export_apkg(bank, timestamp=1_700_000_000), export_apkg(bank, timestamp=1_700_000_000)
    assert a == b  # deterministic for a given timestamp

    def ids(data: bytes, sub: str) -> tuple[list[str], set[int]]:
        (tmp_path / sub).mkdir()
        conn = open_collection(data, tmp_path / sub)
        try:
            guids = [g for (g,) in conn.execute("SELECT guid FROM notes ORDER BY id")]
            dids = {d for (d,) in conn.execute("SELECT did FROM cards")}
        finally:
            conn.close()
        return guids, dids

    first = ids(a, "a")
    edited = bank.with_questions(
        [replace(q, explanation=q.explanation + " (edited)") for q in bank.questions]
    )
    later = ids(export_apkg(edited, timestamp=1_800_000_000), "later")
    other_bank = ids(export_apkg(bank, bank_key="bank-42", timestamp=1_700_000_000), "other")
    assert later == first
    assert set(other_bank[0]).isdisjoint(first[0]) and other_bank[1] != first[1]


# --- CSV -------------------------------------------------------------------------------------


def test_full_csv_round_trips_with_the_article(bank: Bank) -> None:
    text = export_full_csv(bank)
    assert text.startswith("\ufeffid,kind,type,prompt,")  # the BOM tells Excel it is UTF-8
    result = import_full_csv(text.encode(), article_text=ARTICLE)
    assert result.ok and result.questions == bank.questions
    assert get_format("csv").import_(text, article_text=ARTICLE).questions == bank.questions


def test_full_csv_without_the_article_keeps_everything_but_sources(bank: Bank) -> None:
    result = import_full_csv(export_full_csv(bank))
    assert [q.id for q in result.questions] == [q.id for q in bank.questions]
    assert all(q.sources == () for q in result.questions)
    assert result.questions[0].choices == bank.questions[0].choices
    assert any("excerpts" in w for w in result.warnings)


def test_full_csv_defuses_spreadsheet_formulas() -> None:
    q = Question(
        id="f",
        kind="number",
        type="short_answer",
        prompt='=HYPERLINK("http://x","click")',
        answer="-5",
        accepted=("'=1+1",),
        sources=(),
        explanation="@SUM(A1)",
    )
    text = export_full_csv(make_bank((q,)))
    row = list(csv.reader(io.StringIO(text)))[1]
    assert row[3].startswith("'=") and row[4] == "'-5" and row[8] == "'@SUM(A1)"
    assert import_full_csv(text).questions == (q,)


def test_quizlet_csv_both_ways(bank: Bank) -> None:
    text = export_quizlet(bank)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [bank.questions[0].prompt, "12 May 2024"] and len(rows) == len(bank.questions)
    result = import_quizlet(text.encode())
    assert result.ok
    assert [(q.prompt, q.answer, q.type) for q in result.questions] == [
        (q.prompt, q.answer, "short_answer") for q in bank.questions
    ]
    tabbed = import_quizlet(export_quizlet(bank, delimiter="\t"))
    assert [q.prompt for q in tabbed.questions] == [q.prompt for q in bank.questions]


@pytest.mark.parametrize(
    ("data", "read", "skipped"),
    [
        (
            "term,definition\nSun,a star\nMoon\n,empty term\nMars,red planet,extra\nVenus,second planet,,\n",
            ["Sun", "Venus"],
            ["line 3", "line 4", "line 5"],
        ),
        ("Sun;a star\nMoon;a satellite\n", ["Sun", "Moon"], []),
        (
            'Sun,"a star\nMoon,a satellite\n',
            [],
            [],
        ),  # an unclosed quote swallows the rest: reported as an error
    ],
)
def test_quizlet_malformed_rows_are_listed(data: str, read: list[str], skipped: list[str]) -> None:
    result = import_quizlet(data.encode())
    assert [q.prompt for q in result.questions] == read
    assert [s.item for s in result.skipped] == skipped
    if not read:
        assert result.errors


def test_full_csv_malformed_rows_are_listed(bank: Bank) -> None:
    lines = export_full_csv(bank).split("\r\n")
    lines[2] = lines[2].replace('"[""True"",""False""]"', '"[""True"""')  # broken JSON in a cell
    lines[3] = "only,three,cells"
    result = import_full_csv("\r\n".join(lines), article_text=ARTICLE)
    assert [q.id for q in result.questions] == [q.id for i, q in enumerate(bank.questions) if i not in (1, 2)]
    assert [s.item for s in result.skipped] == ["line 3", "line 4"]
    assert "expected 17 columns, found 3" in result.skipped[1].reason
    assert import_full_csv("prompt,answer\nx,y\n").errors


# --- worksheet -------------------------------------------------------------------------------


def test_worksheet_numbers_questions_and_has_a_separate_key(bank: Bank) -> None:
    page = export_worksheet(bank)
    questions_part, key_part = page.split('<section class="key">')
    assert page.count('<p class="prompt">') == len(bank.questions)
    assert '<ol class="questions">' in questions_part
    assert "break-before: page" in page and "@media print" in page
    assert '<span class="answer">B. 12 May 2024</span>' in key_part
    assert "<mark>12 May 2024</mark>" in key_part and "(also accepted: free transit)" in key_part
    assert "True&nbsp;&nbsp;/&nbsp;&nbsp;False" in questions_part
    assert "(Choose all that apply.)" in questions_part
    assert "(Name 3.)" in export_worksheet(make_bank((FREE_LIST,)))


def test_worksheet_escapes_html_from_articles_and_users(bank: Bank) -> None:
    page = export_worksheet(bank)
    assert "<script>" not in page and "<img" not in page and "<em>" not in page and "<b>Not" not in page
    assert "&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt;" in page
    assert "&lt;em&gt;at last&lt;/em&gt;" in page
    assert "<section" not in export_worksheet(bank, answer_key=False)


def test_worksheet_hides_answers_from_the_question_pages() -> None:
    written = tuple(q for q in QUESTIONS if q.type in ("short_answer", "cloze"))
    page = export_worksheet(make_bank(written))
    questions_part, key_part = page.split('<section class="key">')
    for q in written:
        assert html.escape(q.answer) not in questions_part and html.escape(q.answer) in key_part


def pdf_pages(data: bytes) -> list[str]:
    import pypdf

    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def test_worksheet_pdf_has_the_questions_then_the_key_on_a_page_of_its_own(bank: Bank) -> None:
    data = export_worksheet_pdf(bank, title="Transit week")
    assert data.startswith(b"%PDF-")
    pages = pdf_pages(data)
    key_start = next(i for i, text in enumerate(pages) if "Answer key — Transit week" in text)
    questions_part, key_part = (
        " ".join(" ".join(part).split()) for part in (pages[:key_start], pages[key_start:])
    )
    assert key_start >= 1 and "Answer key" not in questions_part
    assert questions_part.startswith("Transit week The Daily {Test}") and "Name: ____" in questions_part
    for number, q in enumerate(bank.questions, 1):
        assert f"{number}. {q.prompt.split()[0]}" in questions_part
    assert "A. 3 May 2024" in questions_part and "True / False" in questions_part
    assert "(Choose all that apply.)" in questions_part
    assert "B. 12 May 2024" in key_part and "Also accepted: free transit" in key_part
    assert "<script>alert('xss')</script>" in key_part  # text, as typed: a PDF runs no HTML
    assert export_worksheet_pdf(bank, title="Transit week") == data  # the same bank, the same bytes


def test_worksheet_pdf_without_the_key_keeps_the_answers_out() -> None:
    written = tuple(q for q in QUESTIONS if q.type in ("short_answer", "cloze"))
    text = " ".join(pdf_pages(export_worksheet_pdf(make_bank(written), answer_key=False)))
    assert "Answer key" not in text
    for q in written:
        assert q.answer not in text


def test_worksheet_pdf_with_a_question_longer_than_a_page() -> None:
    """A question is kept on one page when it fits; one that cannot fit still flows over pages."""
    q = replace(QUESTIONS[0], prompt="A very long prompt. " * 300, explanation="Why. " * 2000)
    pages = pdf_pages(export_worksheet_pdf(make_bank((q, QUESTIONS[1]))))
    assert len(pages) >= 3 and "2. Ana Ruiz" in " ".join(pages)


def test_worksheet_pdf_never_splits_a_question_across_two_pages() -> None:
    """100 questions with long prompts: each question's prompt and its last choice share a page, and
    every line of a long prompt is there (none lost or cut at the margin)."""
    mc = next(q for q in QUESTIONS if q.type == "multiple_choice")
    many = tuple(
        replace(mc, id=f"q{i}", prompt=f"Question {i} " + "with quite a few words to wrap " * (i % 7))
        for i in range(100)
    )
    pages = [" ".join(text.split()) for text in pdf_pages(export_worksheet_pdf(make_bank(many)))]
    assert len(pages) > 5
    for number, q in enumerate(many, 1):
        holding = [p for p in pages if f"{number}. {q.prompt}" in p]
        assert len(holding) == 1, number
        assert (
            f"D. {q.choices[-1]}" in holding[0]
            or f"{chr(64 + len(q.choices))}. {q.choices[-1]}" in holding[0]
        )


def test_worksheet_pdf_keeps_the_characters_of_news_articles() -> None:
    q = replace(QUESTIONS[0], prompt="Who said “no” — Володимир Зеленський or Ελένη?", explanation="Café ½ €")
    text = " ".join(pdf_pages(export_worksheet_pdf(make_bank((q,)))))
    assert "“no” — Володимир Зеленський or Ελένη?" in text and "Café ½ €" in text


# --- hostile input: never raises -------------------------------------------------------------

IMPORTABLE = sorted(n for n, f in FORMATS.items() if f.can_import)


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=600))
@pytest.mark.parametrize("name", IMPORTABLE)
def test_random_bytes_never_raise(name: str, data: bytes) -> None:
    result = get_format(name).import_(data, article_text=ARTICLE)
    assert isinstance(result, ImportResult)


@pytest.mark.parametrize("name", IMPORTABLE)
@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\xff\xfe\x00\x00garbage",
        "Grüße, café".encode("cp1252"),
        b"<quiz><question type=",
        b"::x::{",
        b"{}",
        b"\\",
        b'"',
        b'a,b\r\n"unterminated',
    ],
)
def test_odd_files_never_raise(name: str, data: bytes) -> None:
    assert isinstance(get_format(name).import_(data), ImportResult)


def test_truncated_exports_never_raise(bank: Bank) -> None:
    for name in IMPORTABLE:
        data = FORMATS[name].export_bytes(bank)
        for cut in range(0, len(data), max(1, len(data) // 40)):
            assert isinstance(FORMATS[name].import_(data[:cut], article_text=ARTICLE), ImportResult)


def test_cp1252_file_is_read_with_a_warning() -> None:
    result = gift.import_gift("Où est Genève?{=Suisse}".encode("cp1252"))
    assert result.questions[0].prompt == "Où est Genève?" and result.warnings


# --- CLI helpers -----------------------------------------------------------------------------


def test_cli_export_and_import(bank: Bank, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bank_path = tmp_path / "bank.json"
    bank_path.write_text(export_json(bank), encoding="utf-8")
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    assert export_command(bank_path, "gift", tmp_path / "bank.gift.txt") == 0
    assert export_command(bank_path, "anki", tmp_path / "deck.apkg") == 0
    assert zipfile.is_zipfile(tmp_path / "deck.apkg")
    assert export_command(bank_path, "anki", "-") == 2
    assert export_command(bank_path, "pdf", "-") == 2
    capsys.readouterr()
    assert import_command(tmp_path / "bank.gift.txt", None, article=article) == 0
    out = capsys.readouterr()
    back, problems = bank_from_dict(json.loads(out.out))
    assert problems == [] and [q.prompt for q in back.questions] == [q.prompt for q in bank.questions]
    assert back.questions[0].sources == bank.questions[0].sources
    (tmp_path / "bad.gift").write_text(MALFORMED_GIFT, encoding="utf-8")
    assert import_command(tmp_path / "bad.gift", "gift") == 1
    assert "skipped question 2 (line 3): unbalanced braces" in capsys.readouterr().err


@settings(max_examples=80, deadline=None)
@given(text=st.text(alphabet=st.sampled_from("{}~=#:\\\n %<>/&;ab[]\"',?!_-*\tT"), max_size=300))
@pytest.mark.parametrize("name", IMPORTABLE)
def test_random_structured_text_never_raises(name: str, text: str) -> None:
    """Text made of each format's own punctuation reaches the parsers (random bytes mostly do not)."""
    assert isinstance(get_format(name).import_(text.encode()), ImportResult)
    wrapped = f'<quiz><question type="multichoice">{text}</question></quiz>'
    assert isinstance(get_format(name).import_(wrapped), ImportResult)
