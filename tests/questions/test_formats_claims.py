"""Each claim of docs/formats.md, "What round-trips and what is lost", checked on a bank that uses every
field, partial credit included: what a format says it keeps comes back exactly, and what it says it
loses is really lost (so the list is neither too long nor too short)."""

from __future__ import annotations

import io
import sqlite3
import zipfile
from dataclasses import fields, replace
from pathlib import Path

import pytest

from questions.bank import TRUE, Bank, PartialCredit, Question
from questions.formats import get_format

from .test_formats import ARTICLE, QUESTIONS, make_bank

DOCS = Path(__file__).resolve().parents[2] / "docs" / "formats.md"


def with_partial(q: Question) -> Question:
    if q.id == "q-date-1":
        return replace(q, partial=(PartialCredit("12 May 2023", 0.5),))
    if q.id == "q-place-path":
        return replace(q, partial=(PartialCredit("C:\\temp", 0.33333), PartialCredit("the path", 0.25)))
    if q.id == "q-demand-cloze":
        return replace(q, partial=(PartialCredit("transit", 0.8),))
    return q


@pytest.fixture
def bank() -> Bank:
    return make_bank(tuple(with_partial(q) for q in QUESTIONS))


#: per format, the fields of a question the docs say are lost (everything else comes back exactly)
LOST = {
    "json": (),
    "csv": (),
    "gift": ("value", "fact_id", "difficulty", "score"),
    "moodle-xml": ("value", "fact_id", "difficulty", "score"),
}


@pytest.mark.parametrize("name", list(LOST))
def test_what_round_trips_exactly_and_what_is_lost(bank: Bank, name: str) -> None:
    fmt = get_format(name)
    result = fmt.import_(fmt.export_bytes(bank), article_text=ARTICLE)
    assert not result.errors and not result.skipped
    assert len(result.questions) == len(bank.questions)
    kept = [f.name for f in fields(Question) if f.name not in LOST[name]]
    for got, sent in zip(result.questions, bank.questions, strict=True):
        assert {f: getattr(got, f) for f in kept} == {f: getattr(sent, f) for f in kept}, sent.id
    for field in LOST[name]:  # really lost: some question had it and no question got it back
        assert any(
            getattr(q, field) != getattr(got, field)
            for q, got in zip(bank.questions, result.questions, strict=True)
        )


def test_partial_credit_comes_back_through_every_format_that_has_it(bank: Bank) -> None:
    for name in ("json", "csv", "gift", "moodle-xml"):
        fmt = get_format(name)
        back = fmt.import_(fmt.export_bytes(bank), article_text=ARTICLE).questions
        assert {q.id: q.partial for q in back if q.partial} == {
            q.id: q.partial for q in bank.questions if q.partial
        }


def test_csv_without_the_article_loses_only_the_sources(bank: Bank) -> None:
    back = get_format("csv").import_(get_format("csv").export_bytes(bank)).questions
    for got, sent in zip(back, bank.questions, strict=True):
        assert got == replace(
            sent, sources=(), choice_notes=tuple(replace(n, source=None) for n in sent.choice_notes)
        )


@pytest.mark.parametrize("name", ["gift", "moodle-xml"])
def test_moodle_formats_lose_the_order_of_list_items_and_read_true_false_choices_as_true_false(
    bank: Bank, name: str
) -> None:
    fmt = get_format(name)
    swapped = replace(bank.questions[4], items=tuple(reversed(bank.questions[4].items)))
    tf = replace(bank.questions[1], choices=("Yes", "No"), answer="Yes")
    back = fmt.import_(fmt.export_bytes(bank.with_questions((swapped,)))).questions[0]
    assert back.items == tuple(c for c in swapped.choices if c in swapped.items) != swapped.items
    assert (
        fmt.export_bytes(bank.with_questions((tf,))).count(b"kind=") <= 1
    )  # written, or skipped with a reason
    tf_back = fmt.import_(fmt.export_bytes(bank.with_questions((bank.questions[1],)))).questions[0]
    assert (tf_back.answer, tf_back.choices) == (TRUE, ("True", "False"))


def test_gift_writes_tags_as_moodle_does_and_reads_moodles_tag_and_id_comments(bank: Bank) -> None:
    text = get_format("gift").export(bank)
    assert isinstance(text, str) and "// [tag:diplomacy] [tag:dates & times]\n::q-date-1::" in text
    moodle = "// question: 12  name: Q\n// [tag:colours] [tag:year 7] [id:col-1]\n::Q::Which?{=red ~blue}\n"
    (q,) = get_format("gift").import_(moodle).questions
    assert (q.id, q.tags) == ("col-1", ("colours", "year 7"))
    odd = replace(bank.questions[0], tags=("fine", "has ] bracket"))
    back = (
        get_format("gift").import_(get_format("gift").export_bytes(bank.with_questions((odd,)))).questions[0]
    )
    assert back.tags == ("fine",)  # a tag GIFT's comment cannot hold is the one thing lost


def test_quizlet_keeps_only_the_prompt_and_the_answer(bank: Bank) -> None:
    back = get_format("quizlet").import_(get_format("quizlet").export_bytes(bank)).questions
    assert [(q.prompt, q.answer) for q in back] == [(q.prompt, q.answer) for q in bank.questions]
    assert all(q.type == "short_answer" and not q.partial and not q.choices for q in back)


def test_anki_and_the_worksheets_show_part_marks_as_text(bank: Bank, tmp_path: Path) -> None:
    """A card and an answer key are not graded: they say which answers are worth part of the marks."""
    with zipfile.ZipFile(io.BytesIO(get_format("anki").export_bytes(bank))) as z:
        (tmp_path / "c.anki2").write_bytes(z.read("collection.anki2"))
    conn = sqlite3.connect(tmp_path / "c.anki2")
    try:
        notes = " ".join(flds for (flds,) in conn.execute("SELECT flds FROM notes"))
    finally:
        conn.close()
    assert "(part marks: 12 May 2023 (50%))" in notes
    key = get_format("worksheet").export(bank)
    assert isinstance(key, str) and "(part marks: C:\\temp (33%), the path (25%))" in key


def test_the_docs_list_what_each_format_loses() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for name in ("json", "csv", "quizlet", "gift", "moodle-xml", "anki", "worksheet", "worksheet-pdf"):
        section = text.split(f"### `{name}`", 1)[1].split("\n### ", 1)[0]
        assert "**Round trip:**" in section or "export only" in section, name
        assert "**Lost:**" in section, name
