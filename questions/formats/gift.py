"""Moodle GIFT: a plain-text quiz format, export and import.

Written by hand because no well-kept Python library reads and writes GIFT with Moodle's own
escaping rules (``\\~ \\= \\# \\{ \\} \\:``, ``\\\\`` for a backslash, ``\\n`` for a newline,
as in Moodle's ``qformat_gift``).

Each exported question is one line (newlines escaped), preceded by a comment naming its kind::

    // quizbank kind=date
    ::q-date-1::[html]When did …?{=2014 ~2015 ~2016####<p class="explanation">…</p>…}

Text is written in Moodle's ``[html]`` format, HTML-escaped, so that what the article said is
shown as it was and a ``<script>`` in it stays text. The feedback carries the explanation and
the excerpts (see :mod:`questions.formats._common`). A cloze prompt whose blank is ``_____``
is written in GIFT's missing-word form (``… {=answer =variant} …``); list questions become
multiple-answer choices when they have choices, and are skipped otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from questions.bank import FALSE, TRUE, Bank, ChoiceNote, PartialCredit, Question
from questions.formats._common import (
    BLANK,
    BLANK_RE,
    LIST_JOIN,
    MOODLE_SPLITS,
    UNKNOWN_KIND,
    ExcerptRef,
    ImportResult,
    ResultBuilder,
    as_html,
    credit_of,
    decode,
    feedback_html,
    fraction_percent,
    locate_sources,
    looks_binary,
    parse_feedback,
    text_in_format,
    wildcard_escape,
    wildcard_unescape,
)
from questions.formats.gift_syntax import escape, percent, split_answers, unescape
from questions.formats.gift_syntax import find as _find
from questions.formats.gift_syntax import html_text as _html
from questions.formats.gift_syntax import rfind as _rfind

_KIND_COMMENT = re.compile(r"^//\s*quizbank\s+kind=(\S+)(?:\s+type=(short_answer|cloze))?\s*$")
_FORMATS = ("html", "moodle", "plain", "markdown")
#: Moodle's tags and id number in a comment above a question: ``// [tag:dates] [id:q-1]``
_TAG_COMMENT = re.compile(r"\[(tag|id):([^\]\n]+)\]")


# --- export ------------------------------------------------------------------------------


class _Unwritable(Exception):
    """A question GIFT cannot express; the message says why."""


def _answer(marker: str, text: str, feedback: str = "") -> str:
    fb = f"#{escape(feedback)}" if feedback else ""
    return f"{marker}{_html(text)}{fb}"


def _general(q: Question) -> str:
    fb = feedback_html(q.explanation, q.sources)
    return f"####{escape(fb)}" if fb else ""


def question_to_gift(q: Question) -> str:
    """One question as GIFT (a comment line and the question line); raises :class:`_Unwritable`."""
    kind = re.sub(r"\s+", "_", q.kind) or UNKNOWN_KIND
    # tags as Moodle writes them; one holding "]" or a line break cannot be written so, and is left out
    tags = " ".join(f"[tag:{t}]" for t in q.tags if t.strip() == t and t and not re.search(r"[\]\n\r]", t))
    head = f"// quizbank kind={kind}\n" + (f"// {tags}\n" if tags else "")
    name = f"::{escape(q.id)}::" if q.id else ""
    prompt = f"[html]{_html(q.prompt)}"
    notes = {n.choice: n for n in q.choice_notes}

    def note_fb(choice: str) -> str:
        n = notes.get(choice)
        return feedback_html(n.note, [n.source] if n.source else []) if n else ""

    credit = {p.answer: p.credit for p in q.partial}

    def weight(marker: str, text: str) -> str:
        return f"{marker}%{percent(credit[text])}%" if text in credit else marker

    if q.type == "multiple_choice":
        parts = [_answer("=" if c == q.answer else weight("~", c), c, note_fb(c)) for c in q.choices]
        return f"{head}{name}{prompt}{{{' '.join(parts)}{_general(q)}}}"
    if q.type == "true_false":
        if q.answer not in (TRUE, FALSE):
            raise _Unwritable(f"a true/false answer must be {TRUE!r} or {FALSE!r}")
        # {TRUE#feedback for a wrong answer####general feedback}
        wrong_note = note_fb(FALSE if q.answer == TRUE else TRUE)
        wrong_fb = f"#{escape(wrong_note)}" if wrong_note else ""
        return f"{head}{name}{prompt}{{{'TRUE' if q.answer == TRUE else 'FALSE'}{wrong_fb}{_general(q)}}}"
    if q.type in ("short_answer", "cloze"):
        answers = " ".join(
            [_answer("=", wildcard_escape(a)) for a in dict.fromkeys((q.answer, *q.accepted))]
            + [_answer(weight("=", a), wildcard_escape(a), note_fb(a)) for a in (p.answer for p in q.partial)]
        )
        block = f"{{{answers}{_general(q)}}}"
        blanks = [m for m in BLANK_RE.finditer(q.prompt) if m.group() == BLANK]
        if (q.type == "cloze") != (len(BLANK_RE.findall(q.prompt)) == 1):
            # a short answer with one blank, or a cloze with several: the blanks alone would mislead
            head = f"// quizbank kind={kind} type={q.type}\n" + (f"// {tags}\n" if tags else "")
        if q.type == "cloze" and len(BLANK_RE.findall(q.prompt)) == 1 and len(blanks) == 1:
            before, after = q.prompt[: blanks[0].start()], q.prompt[blanks[0].end() :]
            if after.strip():  # Moodle only sees a missing word when text follows the braces
                return f"{head}{name}[html]{_html(before)}{block}{_html(after)}"
        return f"{head}{name}{prompt}{block}"
    if q.type == "list":
        items = [c for c in q.choices if c in q.items]
        wrong = [c for c in q.choices if c not in q.items]
        if not q.choices or len(items) != len(set(q.items)):
            raise _Unwritable("GIFT cannot ask to name several items without choices to pick from")
        if len(items) not in MOODLE_SPLITS or (wrong and len(wrong) not in MOODLE_SPLITS):
            raise _Unwritable(f"Moodle cannot split the credit over {len(items)} items")
        parts = [
            _answer(f"~%{fraction_percent(len(items))}%", c)
            if c in q.items
            else _answer(f"~%-{fraction_percent(len(wrong))}%", c, note_fb(c))
            for c in q.choices
        ]
        return f"{head}{name}{prompt}{{{' '.join(parts)}{_general(q)}}}"
    raise _Unwritable(f"unknown question type {q.type!r}")


def export_gift(bank: Bank, *, skipped: list[str] | None = None) -> str:
    """The bank as GIFT text. Questions GIFT cannot express are left out, each with a comment
    saying why (and listed in ``skipped`` when a list is given)."""
    title = re.sub(r"\s+", " ", bank.article.title or "quizapp question bank")
    blocks = [f"// {title}\n// exported from quizapp ({len(bank.questions)} questions)"]
    for q in bank.questions:
        try:
            blocks.append(question_to_gift(q))
        except _Unwritable as exc:
            blocks.append(re.sub(r"\s+", " ", f"// skipped {q.id or q.prompt[:40]!r}: {exc}"))
            if skipped is not None:
                skipped.append(f"{q.id}: {exc}")
    return "\n\n".join(blocks) + "\n"


# --- import ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Block:
    line: int
    text: str
    kind: str | None
    type: str | None = None
    tags: tuple[str, ...] = ()
    idnumber: str = ""


def _blocks(text: str) -> list[_Block]:
    """Questions are separated by blank lines; comment lines are dropped (our kind comment kept)."""
    blocks: list[_Block] = []
    lines: list[str] = []
    first, kind, qtype = 0, None, None
    tags: list[str] = []
    idnumber = ""
    for n, raw in enumerate([*text.split("\n"), ""], start=1):
        line = raw.strip()
        if not line:
            if lines:
                blocks.append(
                    _Block(first, "\n".join(lines), kind, qtype, tuple(dict.fromkeys(tags)), idnumber)
                )
            lines, kind, qtype, tags, idnumber = [], None, None, [], ""
            continue
        if line.startswith("//"):
            m = _KIND_COMMENT.match(line)
            if m:
                kind, qtype = m.group(1), m.group(2)
            for what, value in _TAG_COMMENT.findall(line):
                if what == "tag" and value.strip():
                    tags.append(value.strip())
                elif what == "id":
                    idnumber = value.strip()
            continue
        if not lines:
            first = n
        lines.append(raw)
    return blocks


_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")


@dataclass(frozen=True, slots=True)
class _Answer:
    text: str
    weight: float
    feedback: str


class _Bad(Exception):
    """An item that cannot be read; the message says why."""


class _Reader:
    """Reads texts as Moodle does: each text may start with its own format marker (``[html]``,
    ``[moodle]``, ``[plain]``, ``[markdown]``); without one, an answer or a feedback is in the
    question text's format, and the question text in Moodle's auto-format (HTML)."""

    def __init__(self, default: str) -> None:
        self.default = default

    def text(self, raw: str) -> str:
        body, fmt = _strip_format(unescape(raw.strip()).strip(), self.default)
        return text_in_format(body, fmt)

    def feedback(self, raw: str) -> tuple[str, list[ExcerptRef]]:
        body, fmt = _strip_format(unescape(raw.strip()).strip(), self.default)
        shown, is_html = as_html(body, fmt)
        return parse_feedback(shown, is_html=is_html)

    def answer(self, marker: str, raw: str) -> _Answer:
        raw = raw.strip()
        weight = 100.0 if marker == "=" else 0.0
        m = _WEIGHT.match(raw)
        if m:
            weight = float(m.group(1))
            raw = raw[m.end() :]
        at = _find(raw, "#")
        body, fb = (raw, "") if at < 0 else (raw[:at], raw[at + 1 :])
        return _Answer(self.text(body), weight, fb.strip())


def _strip_format(text: str, default: str = "moodle") -> tuple[str, str]:
    """Remove a leading ``[html]``-style format marker; return the text and its format."""
    m = re.match(r"^\[(\w+)\]", text)
    if m and m.group(1).lower() in _FORMATS:
        return text[m.end() :], m.group(1).lower()
    return text, default


def _read_block(block: _Block, article_text: str | None, warnings: list[str]) -> Question | None:
    text = block.text.strip()
    if text.startswith("$CATEGORY:"):
        return None
    name = ""
    if text.startswith("::"):
        end = _find(text, "::", 2)
        if end < 0:
            raise _Bad("the question name is not closed with '::'")
        name, text = unescape(text[2:end]).strip(), text[end + 2 :].strip()
    open_at = _find(text, "{")
    close_at = _find(text, "}", open_at + 1) if open_at >= 0 else _find(text, "}")
    if open_at < 0 and close_at < 0:
        raise _Bad("no answer block {…}: a description, not a question")
    if open_at < 0 or close_at < 0:
        raise _Bad("unbalanced braces: an answer block is not opened or not closed")
    if _find(text, "{", close_at + 1) >= 0 or _find(text, "}", close_at + 1) >= 0:
        raise _Bad("more than one answer block (Moodle's embedded Cloze is not GIFT)")
    before, inner, after = text[:open_at], text[open_at + 1 : close_at].strip(), text[close_at + 1 :]
    missing_word = bool(after.strip())
    # as Moodle does: the blank stands where the answers were, when text follows them
    raw_prompt, fmt = _strip_format((before + BLANK + after if missing_word else before).strip())
    rd = _Reader(fmt)
    general = ""
    gf = _rfind(inner, "####")
    if gf >= 0:
        general, inner = inner[gf + 4 :].strip(), inner[:gf].strip()
    prompt = text_in_format(unescape(raw_prompt.strip()).strip(), fmt)
    if not prompt:
        raise _Bad("the question has no text")
    explanation, refs = rd.feedback(general)
    kept_feedback: list[str] = []  # a right answer's feedback, read into the explanation
    kind = block.kind or UNKNOWN_KIND

    def build(qtype: str, answer: str, **kw: Any) -> Question:
        sources, warns = locate_sources(refs, article_text, answer)
        warnings.extend(f"line {block.line}: {w}" for w in warns)
        return Question(
            id=block.idnumber or name,
            kind=kind,
            type=qtype,
            prompt=prompt,
            answer=answer,
            sources=sources,
            explanation="\n\n".join(t for t in (explanation, *kept_feedback) if t),
            tags=block.tags,
            **kw,
        )

    def note(a: _Answer) -> ChoiceNote | None:
        """A wrong or partly right answer's feedback, as the note shown to whoever gives it."""
        if not a.feedback:
            return None
        text, note_refs = rd.feedback(a.feedback)
        srcs, warns = locate_sources(note_refs[:1], article_text, a.text)
        warnings.extend(f"line {block.line}: {w}" for w in warns)
        return ChoiceNote(a.text, text, srcs[0] if srcs else None)

    if not inner:
        raise _Bad("an essay question (empty answer block) has no answer to check")
    if inner.startswith("#"):
        raise _Bad("numerical questions are not supported")
    if _find(inner, "~") >= 0:
        answers = [rd.answer(m, r) for m, r in split_answers(inner)]
        if any(not a.text for a in answers):
            raise _Bad("a choice is empty")
        choices = tuple(a.text for a in answers)
        if len(set(choices)) != len(choices):
            raise _Bad("two choices are the same")
        if len(choices) < 2:
            raise _Bad("a multiple-choice question needs at least two choices")
        if any(m == "=" for m, _ in split_answers(inner)):  # one right answer
            right = [a for a in answers if a.weight >= 100]
            if len(right) > 1:
                raise _Bad("more than one choice is fully right; a question here has one answer")
            if not right:
                raise _Bad("no choice is fully right")
            notes = [n for a in answers if a.weight < 100 and (n := note(a))]
            if right[0].feedback:
                kept_feedback.append(rd.feedback(right[0].feedback)[0])
            return build(
                "multiple_choice",
                right[0].text,
                choices=choices,
                choice_notes=tuple(notes),
                partial=tuple(
                    PartialCredit(a.text, credit_of(a.weight)) for a in answers if 0 < a.weight < 100
                ),
            )
        notes = [n for a in answers if a.weight <= 0 and (n := note(a))]
        # no '=': Moodle's multiple-answer form, each right choice earning a share of the credit
        items = tuple(a.text for a in answers if a.weight > 0)
        if not items:
            raise _Bad("no choice is marked right ('=' or a positive %weight%)")
        return build("list", LIST_JOIN.join(items), choices=choices, items=items, choice_notes=tuple(notes))
    if _find(inner, "=") >= 0 and _find(inner, "->") >= 0:
        raise _Bad("matching questions are not supported")
    head = inner
    hash_at = _find(inner, "#")
    if hash_at > 0:
        head = inner[:hash_at].strip()
    if head.upper() in ("T", "TRUE", "F", "FALSE"):
        answer = TRUE if head.upper().startswith("T") else FALSE
        # {FALSE#feedback for a wrong answer#feedback for the right one}, as Moodle reads it
        rest = inner[hash_at + 1 :] if hash_at > 0 else ""
        second = _find(rest, "#")
        wrong_fb, right_fb = (rest, "") if second < 0 else (rest[:second], rest[second + 1 :])
        wrong_note = note(_Answer(FALSE if answer == TRUE else TRUE, 0, wrong_fb.strip()))
        if right_fb.strip():
            kept_feedback.append(rd.feedback(right_fb)[0])
        return build(
            "true_false", answer, choices=(TRUE, FALSE), choice_notes=(wrong_note,) if wrong_note else ()
        )
    parts = split_answers(inner)
    if not parts or any(m != "=" for m, _ in parts):
        raise _Bad("short answers must each start with '='")
    answers = [rd.answer(m, r) for m, r in parts]
    accepted: list[str] = []
    partial: list[PartialCredit] = []
    notes = []
    for a in answers:
        typed = wildcard_unescape(a.text)
        if a.weight <= 0:  # Moodle's catch-all ("=%0%*#Completely wrong") earns nothing anyway
            warnings.append(f"line {block.line}: an answer worth nothing ({a.text!r}) was left out")
            continue
        if typed is None:
            raise _Bad("wildcard answers (*) cannot be represented")
        if not typed:
            continue
        if a.weight >= 100:
            accepted.append(typed)
            if a.feedback:
                kept_feedback.append(rd.feedback(a.feedback)[0])
        else:
            partial.append(PartialCredit(typed, credit_of(a.weight)))
            if n := note(_Answer(typed, a.weight, a.feedback)):
                notes.append(n)
    if not accepted:
        raise _Bad("no accepted answer")
    is_cloze = missing_word or len(BLANK_RE.findall(prompt)) == 1
    if block.type is not None:  # our own export says which, where the blanks would mislead
        is_cloze = block.type == "cloze"
    return build(
        "cloze" if is_cloze else "short_answer",
        accepted[0],
        accepted=tuple(dict.fromkeys(accepted[1:])),
        partial=tuple({p.answer: p for p in partial if p.answer not in accepted}.values()),
        choice_notes=tuple(notes),
    )


def import_gift(data: bytes | str, *, article_text: str | None = None, **_opts: Any) -> ImportResult:
    """Read GIFT text; never raises. Items that cannot be represented are skipped with a reason.

    ``article_text``: the article the questions were written over; excerpts found in it become
    the questions' sources (without it, imported questions have no sources).
    """
    out = ResultBuilder()
    text, warns = decode(data)
    out.warnings.extend(warns)
    if looks_binary(text):
        out.errors.append("this file is not text (it looks like binary data), so not GIFT")
        return out.result()
    for n, block in enumerate(_blocks(text), start=1):
        item = f"question {n} (line {block.line})"
        try:
            q = _read_block(block, article_text, out.warnings)
        except _Bad as exc:
            out.skip(item, str(exc))
            continue
        except (ValueError, IndexError, RecursionError) as exc:  # a defect here must not lose the file
            out.skip(item, f"could not be read ({exc.__class__.__name__})")
            continue
        if q is not None:
            out.add(q)
    if not out.questions and not out.skipped and not out.errors:
        out.errors.append("no GIFT questions found in the file")
    return out.result()
