"""Moodle XML: export and import of multichoice, truefalse and shortanswer questions.

Text is written in Moodle's ``html`` format, HTML-escaped (and XML-escaped by the writer), so
a ``<script>`` in an article is shown as text. The question's general feedback carries the
explanation and the excerpts with the answer marked; a wrong choice's feedback carries its note.
The question id goes in ``<name>`` and ``<idnumber>``, the kind and tags in ``<tags>``
(``kind:date``). List questions become multiple-answer multichoice when they have choices.

Import parses with ``defusedxml`` (no entity expansion, no external entities, no DTDs). A
file that is not well-formed is read question by question, so the questions before and
after a broken one are still imported.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from questions.bank import FALSE, TRUE, Bank, ChoiceNote, PartialCredit, Question
from questions.formats._common import (
    BLANK_RE,
    LIST_JOIN,
    MOODLE_SPLITS,
    TEXT_FORMATS,
    UNKNOWN_KIND,
    ExcerptRef,
    ImportResult,
    ResultBuilder,
    as_html,
    credit_of,
    decode,
    esc,
    feedback_html,
    fraction_percent,
    locate_sources,
    looks_binary,
    parse_feedback,
    text_in_format,
    wildcard_escape,
    wildcard_unescape,
)
from questions.formats.gift_syntax import percent

#: Characters XML 1.0 cannot hold at all, not even as references; they are dropped on export.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


class _Unwritable(Exception):
    """A question Moodle XML cannot express here; the message says why."""


def _text_el(parent: ET.Element, tag: str, text: str, *, fmt: str | None = "html") -> ET.Element:
    el = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(el, "text").text = text
    return el


def _answer(parent: ET.Element, fraction: str, text: str, feedback: str = "") -> None:
    el = ET.SubElement(parent, "answer", {"fraction": fraction, "format": "html"})
    ET.SubElement(el, "text").text = esc(text)
    _text_el(el, "feedback", feedback)


def question_to_xml(q: Question) -> ET.Element:
    """One question as a ``<question>`` element; raises :class:`_Unwritable`."""
    notes = {n.choice: n for n in q.choice_notes}

    def note_fb(choice: str) -> str:
        n = notes.get(choice)
        return feedback_html(n.note, [n.source] if n.source else []) if n else ""

    credit = {p.answer: p.credit for p in q.partial}
    qtype = {
        "multiple_choice": "multichoice",
        "list": "multichoice",
        "true_false": "truefalse",
        "short_answer": "shortanswer",
        "cloze": "shortanswer",
    }.get(q.type)
    if qtype is None:
        raise _Unwritable(f"unknown question type {q.type!r}")
    el = ET.Element("question", {"type": qtype})
    ET.SubElement(ET.SubElement(el, "name"), "text").text = q.id or q.prompt[:60]
    _text_el(el, "questiontext", esc(q.prompt))
    _text_el(el, "generalfeedback", feedback_html(q.explanation, q.sources))
    ET.SubElement(el, "defaultgrade").text = "1"
    ET.SubElement(el, "penalty").text = "0.3333333" if qtype == "multichoice" else "1"
    ET.SubElement(el, "hidden").text = "0"
    ET.SubElement(el, "idnumber").text = q.id
    if q.type == "multiple_choice":
        ET.SubElement(el, "single").text = "true"
        ET.SubElement(el, "shuffleanswers").text = "true"
        ET.SubElement(el, "answernumbering").text = "abc"
        for c in q.choices:
            _answer(el, "100" if c == q.answer else percent(credit.get(c, 0.0)), c, note_fb(c))
    elif q.type == "list":
        items = [c for c in q.choices if c in q.items]
        wrong = [c for c in q.choices if c not in q.items]
        if not q.choices or len(items) != len(set(q.items)):
            raise _Unwritable("Moodle XML cannot ask to name several items without choices to pick from")
        if len(items) not in MOODLE_SPLITS or (wrong and len(wrong) not in MOODLE_SPLITS):
            raise _Unwritable(f"Moodle cannot split the credit over {len(items)} items")
        ET.SubElement(el, "single").text = "false"
        ET.SubElement(el, "shuffleanswers").text = "true"
        ET.SubElement(el, "answernumbering").text = "abc"
        for c in q.choices:
            if c in q.items:
                _answer(el, fraction_percent(len(items)), c)
            else:
                _answer(el, "-" + fraction_percent(len(wrong)), c, note_fb(c))
    elif q.type == "true_false":
        if q.answer not in (TRUE, FALSE):
            raise _Unwritable(f"a true/false answer must be {TRUE!r} or {FALSE!r}")
        _answer(el, "100" if q.answer == TRUE else "0", "true", "" if q.answer == TRUE else note_fb(TRUE))
        _answer(el, "100" if q.answer == FALSE else "0", "false", "" if q.answer == FALSE else note_fb(FALSE))
    else:
        ET.SubElement(el, "usecase").text = "0"
        for a in (*dict.fromkeys((q.answer, *q.accepted)), *credit):
            fraction = percent(credit[a]) if a in credit else "100"
            ans = ET.SubElement(el, "answer", {"fraction": fraction, "format": "plain_text"})
            ET.SubElement(ans, "text").text = wildcard_escape(a)
            _text_el(ans, "feedback", note_fb(a) if a in credit else "")
    tags = ET.SubElement(el, "tags")
    hint = []
    if qtype == "shortanswer" and (q.type == "cloze") != (len(BLANK_RE.findall(q.prompt)) == 1):
        hint = [f"type:{q.type}"]  # the blanks alone would mislead: a short answer with one, a cloze with two
    for tag in (f"kind:{q.kind}", *hint, *q.tags):
        # Moodle shows tag and category names as HTML: escape them so a tag "<b>" is shown as written
        ET.SubElement(ET.SubElement(tags, "tag"), "text").text = esc(tag)
    return el


def export_moodle_xml(bank: Bank, *, category: str | None = None, skipped: list[str] | None = None) -> bytes:
    """The bank as a Moodle XML quiz file (UTF-8 bytes).

    ``category``: the Moodle question category to import into (default: the article title).
    Questions that cannot be written are left out, each with an XML comment saying why.
    """
    quiz = ET.Element("quiz")
    cat = ET.SubElement(quiz, "question", {"type": "category"})
    # one line of at most 255 characters (Moodle's column), with no "/" (Moodle's path separator)
    name = " ".join((category or bank.article.title or "").replace("/", "-").split())[:255] or "quizapp"
    ET.SubElement(ET.SubElement(cat, "category"), "text").text = f"$course$/top/{esc(name)}"
    for q in bank.questions:
        try:
            quiz.append(question_to_xml(q))
        except _Unwritable as exc:
            why = f" skipped {q.id}: {exc} ".replace("--", "- -")
            quiz.append(ET.Comment(why))
            if skipped is not None:
                skipped.append(f"{q.id}: {exc}")
    for node in quiz.iter():
        if node.text:
            node.text = _NOT_XML.sub("", node.text)
    ET.indent(quiz)
    data: bytes = ET.tostring(quiz, encoding="utf-8", xml_declaration=True)
    # ElementTree writes a carriage return in text as is, and every XML parser reads it as a newline
    # (XML 1.0 §2.11): a character reference keeps it. Only text holds one; indentation is "\n".
    return data.replace(b"\r", b"&#13;") + b"\n"


# --- import ------------------------------------------------------------------------------


class _Bad(Exception):
    """An item that cannot be read; the message says why."""


def _text(el: ET.Element | None, path: str = "text") -> tuple[str, bool]:
    """The text of ``el/<path>`` and whether it is HTML (from the ``format`` attribute)."""
    if el is None:
        return "", False
    node = el.find(path) if path else el
    raw = (node.text or "") if node is not None else ""
    return raw, el.get("format", "html") in ("html", "moodle_auto_format")


def _format(el: ET.Element | None) -> str:
    """The element's text format as Moodle names it (html when it does not say, as Moodle reads it)."""
    return TEXT_FORMATS.get(el.get("format", "html") if el is not None else "html", "html")


def _plain(el: ET.Element | None) -> str:
    raw, _ = _text(el)
    return text_in_format(raw, _format(el)).strip()


def _feedback(el: ET.Element | None) -> tuple[str, list[ExcerptRef]]:
    raw, _ = _text(el)
    shown, is_html = as_html(raw, _format(el))
    return parse_feedback(shown, is_html=is_html)


def _fraction(el: ET.Element) -> float:
    try:
        return float(el.get("fraction", "0"))
    except ValueError as exc:
        raise _Bad(f"an answer's fraction {el.get('fraction')!r} is not a number") from exc


def _read_question(el: ET.Element, article_text: str | None, warnings: list[str], where: str) -> Question:
    qtype = el.get("type", "")
    name = (el.findtext("idnumber") or "").strip() or (el.findtext("name/text") or "").strip()
    prompt = _plain(el.find("questiontext"))
    if not prompt:
        raise _Bad("the question has no text")
    explanation, refs = _feedback(el.find("generalfeedback"))
    kept_feedback: list[str] = []  # a right answer's feedback, read into the explanation
    kind, tags, type_hint = UNKNOWN_KIND, [], None
    for t in el.findall("tags/tag/text"):
        tag = html.unescape(t.text or "").strip()
        if tag.startswith("kind:") and len(tag) > 5:
            kind = tag[5:]
        elif tag in ("type:cloze", "type:short_answer"):
            type_hint = tag[5:]
        elif tag:
            tags.append(tag)

    def build(qt: str, answer: str, **kw: Any) -> Question:
        sources, warns = locate_sources(refs, article_text, answer)
        warnings.extend(f"{where}: {w}" for w in warns)
        return Question(
            id=name,
            kind=kind,
            type=qt,
            prompt=prompt,
            answer=answer,
            sources=sources,
            explanation="\n\n".join(t for t in (explanation, *kept_feedback) if t),
            tags=tuple(tags),
            **kw,
        )

    def note(a: ET.Element, text: str) -> ChoiceNote | None:
        """A wrong or partly right answer's feedback, as the note shown to whoever gives it."""
        note_text, note_refs = _feedback(a.find("feedback"))
        if not note_text and not note_refs:
            return None
        srcs, warns = locate_sources(note_refs[:1], article_text, text)
        warnings.extend(f"{where}: {w}" for w in warns)
        return ChoiceNote(text, note_text, srcs[0] if srcs else None)

    def keep_feedback(a: ET.Element) -> None:
        text = _feedback(a.find("feedback"))[0]
        if text:
            kept_feedback.append(text)

    answers = el.findall("answer")
    if qtype == "multichoice":
        choices = tuple(_plain(a) for a in answers)
        if any(not c for c in choices):
            raise _Bad("a choice is empty")
        if len(choices) < 2:
            raise _Bad("a multiple-choice question needs at least two choices")
        if len(set(choices)) != len(choices):
            raise _Bad("two choices are the same")
        fractions = [_fraction(a) for a in answers]
        single = (el.findtext("single") or "true").strip().lower() in ("true", "1")
        pairs = list(zip(answers, choices, fractions, strict=True))
        if single:
            right_at = [i for i, f in enumerate(fractions) if f >= 100]
            if len(right_at) != 1:
                raise _Bad("a single-answer question needs exactly one choice worth 100%")
            keep_feedback(answers[right_at[0]])
            notes = [n for a, c, f in pairs if f < 100 and (n := note(a, c))]
            return build(
                "multiple_choice",
                choices[right_at[0]],
                choices=choices,
                choice_notes=tuple(notes),
                partial=tuple(PartialCredit(c, credit_of(f)) for _, c, f in pairs if 0 < f < 100),
            )
        notes = [n for a, c, f in pairs if f <= 0 and (n := note(a, c))]
        items = tuple(c for c, f in zip(choices, fractions, strict=True) if f > 0)
        if not items:
            raise _Bad("no choice carries credit")
        return build("list", LIST_JOIN.join(items), choices=choices, items=items, choice_notes=tuple(notes))
    if qtype == "truefalse":
        right = [_plain(a).lower() for a in answers if _fraction(a) >= 100]
        if len(right) != 1 or right[0] not in ("true", "false"):
            raise _Bad("a true/false question needs exactly one right answer, 'true' or 'false'")
        tf_notes = []
        for a in answers:
            if _fraction(a) >= 100:
                keep_feedback(a)
            elif _plain(a).lower() in ("true", "false") and (
                n := note(a, TRUE if _plain(a).lower() == "true" else FALSE)
            ):
                tf_notes.append(n)
        return build(
            "true_false",
            TRUE if right[0] == "true" else FALSE,
            choices=(TRUE, FALSE),
            choice_notes=tuple(tf_notes),
        )
    if qtype == "shortanswer":
        accepted: list[str] = []
        partial: list[PartialCredit] = []
        notes = []
        for a in answers:
            fraction, text = _fraction(a), wildcard_unescape(_plain(a))
            if fraction <= 0:  # Moodle's catch-all ("*", 0%) earns nothing anyway
                warnings.append(f"{where}: an answer worth nothing ({_plain(a)!r}) was left out")
                continue
            if text is None:
                raise _Bad("wildcard answers (*) cannot be represented")
            if not text:
                continue
            if fraction >= 100:
                accepted.append(text)
                keep_feedback(a)
            elif text not in accepted and all(p.answer != text for p in partial):
                partial.append(PartialCredit(text, credit_of(fraction)))
                if n := note(a, text):
                    notes.append(n)
        if not accepted:
            raise _Bad("no answer worth 100%")
        qt = "cloze" if len(BLANK_RE.findall(prompt)) == 1 else "short_answer"
        return build(
            type_hint or qt,
            accepted[0],
            accepted=tuple(dict.fromkeys(accepted[1:])),
            partial=tuple(p for p in partial if p.answer not in accepted),
            choice_notes=tuple(notes),
        )
    raise _Bad(f"Moodle question type {qtype!r} is not supported")


def _parse(text: str) -> ET.Element:
    root: ET.Element = SafeET.fromstring(text.encode("utf-8"), forbid_dtd=True)
    return root


def _find_tag(text: str, tag: str, start: int) -> int:
    """Where ``tag`` (``<question`` or ``</question``) next starts as a whole name, or -1."""
    at = text.find(tag, start)
    while at >= 0 and text[at + len(tag) : at + len(tag) + 1] not in (" ", "\t", "\n", "\r", ">", "/"):
        at = text.find(tag, at + 1)
    return at


def _chunks(text: str) -> Iterator[tuple[str, ET.Element | None, str]]:
    """Each ``<question>…</question>`` of a broken file, parsed on its own.

    Found with ``str.find`` rather than a regular expression, so that a hostile file of many
    unclosed ``<question`` tags costs linear time.
    """
    at, i = _find_tag(text, "<question", 0), 0
    line, counted, close = 1, 0, -1
    while at >= 0:
        i += 1
        line, counted = line + text.count("\n", counted, at), at
        where = f"question {i} (line {line})"
        if close < at:
            close = _find_tag(text, "</question", at)
        nxt = _find_tag(text, "<question", at + 1)
        if close < 0:
            yield where, None, "cut off: the file ends inside it"
            return
        if 0 <= nxt < close:  # this one never closes before the next begins
            yield where, None, "not well-formed XML (it is not closed before the next question)"
            at = nxt
            continue
        end = text.find(">", close)
        end = len(text) if end < 0 else end + 1
        try:
            yield where, _parse(text[at:end]), ""
        except (ET.ParseError, DefusedXmlException) as exc:
            yield where, None, f"not well-formed XML ({exc})"
        at = _find_tag(text, "<question", end)


def import_moodle_xml(data: bytes | str, *, article_text: str | None = None, **_opts: Any) -> ImportResult:
    """Read a Moodle XML quiz file; never raises. See the module docstring."""
    out = ResultBuilder()
    text, warns = decode(data)
    out.warnings.extend(warns)
    if looks_binary(text):
        out.errors.append("this file is not text (it looks like binary data), so not Moodle XML")
        return out.result()
    if not text.strip():
        out.errors.append("the file is empty")
        return out.result()
    # the encoding was settled by decode(); an XML declaration naming another would confuse the parser
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text, count=1)
    elements: list[tuple[str, ET.Element | None, str]] = []  # (where, element, problem)
    try:
        root = _parse(text)
        if root.tag != "quiz":
            out.errors.append(f"not a Moodle XML quiz: the document is <{root.tag}>, not <quiz>")
            return out.result()
        elements = [(f"question {i}", q, "") for i, q in enumerate(root.findall("question"), start=1)]
    except DefusedXmlException as exc:
        out.errors.append(f"the file uses XML features that are not accepted ({exc.__class__.__name__})")
        return out.result()
    except ET.ParseError as exc:
        out.errors.append(f"not well-formed XML ({exc}); questions were read one by one")
        elements = list(_chunks(text))
    n = 0
    for where, el, problem in elements:
        if el is None:
            out.skip(where, problem)
            continue
        if el.get("type") == "category":
            continue
        n += 1
        try:
            out.add(_read_question(el, article_text, out.warnings, where))
        except _Bad as exc:
            out.skip(where, str(exc))
        except (ValueError, TypeError, AttributeError) as exc:
            out.skip(where, f"could not be read ({exc.__class__.__name__})")
    if not n and not out.skipped and not out.errors:
        out.errors.append("no questions found in the file")
    return out.result()
