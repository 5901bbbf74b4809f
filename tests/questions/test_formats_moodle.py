"""Moodle GIFT and XML: escaping, partial credit, format markers and files written as Moodle writes them."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from questions.bank import ArticleInfo, Bank, Question
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
