"""Anki ``.apkg`` decks with genanki: one card per question.

The front shows the prompt (and the choices of a multiple-choice question); the back shows the
answer, the explanation and the excerpt with the answer highlighted. Every field is HTML-escaped.

Ids are derived, not random, so that importing a re-export updates the cards a student already
has instead of adding copies: the note type's id is fixed, the deck's comes from the bank key
and each note's guid from the bank key and the question id. The bank key defaults to a hash of
the article text; the web app passes its own bank id. With ``timestamp=`` fixed the file is
byte-for-byte the same each time; by default notes carry the export time, which is what lets
Anki see them as newer and update them.
"""

from __future__ import annotations

import hashlib
import html
import io
import itertools
import os
import re
import sqlite3
import tempfile
import time
import zipfile

import genanki

from questions.bank import Bank, Question
from questions.formats._common import excerpt_html, part_marks

#: Fields of the note type, in order (Anki keeps them by position).
FIELDS = ("Prompt", "Choices", "Answer", "Explanation", "Excerpt", "QuestionId")

_CSS = """\
.card { font-family: system-ui, sans-serif; font-size: 20px; text-align: left; color: #1b1b1b;
        background: #fff; max-width: 40em; margin: 0 auto; }
.choices ol { padding-left: 1.5em; }
.answer { font-weight: 600; }
.also { font-weight: normal; color: #555; font-size: 0.9em; }
.explanation { margin-top: 0.8em; }
blockquote.excerpt { margin: 0.8em 0 0; padding: 0.4em 0.8em; border-left: 4px solid #999;
                     color: #333; font-size: 0.9em; }
mark { background: #ffe066; color: inherit; }
.nightMode .card, .night_mode .card { color: #eee; background: #222; }
.nightMode blockquote.excerpt, .night_mode blockquote.excerpt { color: #ddd; }
.nightMode mark, .night_mode mark { background: #806600; }
"""

_FRONT = '<div class="prompt">{{Prompt}}</div>{{#Choices}}<div class="choices">{{Choices}}</div>{{/Choices}}'
_BACK = (
    '{{FrontSide}}<hr id="answer"><div class="answer">{{Answer}}</div>'
    '{{#Explanation}}<div class="explanation">{{Explanation}}</div>{{/Explanation}}'
    '{{#Excerpt}}<div class="excerpt-box">{{Excerpt}}</div>{{/Excerpt}}'
)


def _stable_id(*parts: str) -> int:
    """An id in genanki's recommended range [2**30, 2**31), derived from ``parts``."""
    digest = hashlib.sha256("\x1f".join(parts).encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


MODEL_ID = _stable_id("quizapp", "question card", "1")


def default_bank_key(bank: Bank) -> str:
    """A key for a bank that has no id of its own: a hash of its article text."""
    return hashlib.sha256(bank.article.text.encode()).hexdigest()[:16]


def note_model() -> genanki.Model:
    return genanki.Model(
        MODEL_ID,
        "quizapp question",
        fields=[{"name": f} for f in FIELDS],
        templates=[{"name": "Question", "qfmt": _FRONT, "afmt": _BACK}],
        css=_CSS,
    )


def card_fields(q: Question) -> list[str]:
    """The note's fields for a question, as escaped HTML, in :data:`FIELDS` order."""
    e = html.escape
    choices = ""
    if q.type in ("multiple_choice", "list") and q.choices:
        kind = "A" if q.type == "multiple_choice" else "1"
        choices = f'<ol type="{kind}">' + "".join(f"<li>{e(c)}</li>" for c in q.choices) + "</ol>"
    if q.type == "list" and q.items:
        answer = "<ul>" + "".join(f"<li>{e(i)}</li>" for i in q.items) + "</ul>"
    else:
        answer = e(q.answer)
    if q.accepted:
        answer += f' <span class="also">(also accepted: {e(", ".join(q.accepted))})</span>'
    if q.partial:  # a card is right or wrong: say which answers a quiz would give part marks for
        answer += f' <span class="also">(part marks: {e(part_marks(q))})</span>'
    excerpt = "".join(excerpt_html(s, with_offsets=False) for s in q.sources)
    return [e(q.prompt), choices, answer, e(q.explanation), excerpt, e(q.id)]


def _tag(text: str) -> str:
    return re.sub(r"\s+", "_", text.strip())


def export_apkg(
    bank: Bank, *, bank_key: str | None = None, deck_name: str | None = None, timestamp: float | None = None
) -> bytes:
    """The bank as an Anki package (the bytes of a ``.apkg`` file)."""
    key = bank_key or default_bank_key(bank)
    model = note_model()
    deck = genanki.Deck(
        _stable_id("quizapp deck", key),
        deck_name or bank.article.title or "quizapp question bank",
        description=html.escape(bank.article.source_name or ""),
    )
    for q in bank.questions:
        tags = [t for t in (_tag(q.kind), *(_tag(t) for t in q.tags)) if t]
        deck.add_note(
            genanki.Note(
                model=model,
                fields=card_fields(q),
                tags=tags,
                guid=genanki.guid_for("quizapp", key, q.id or q.prompt),
            )
        )
    stamp = time.time() if timestamp is None else timestamp
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "collection.anki2")
        conn = sqlite3.connect(path)
        try:
            # genanki's own write_to_file leaves its temporary database behind and stamps the
            # zip entries with the current time; writing the zip here keeps output reproducible
            genanki.Package(deck).write_to_db(conn.cursor(), stamp, itertools.count(int(stamp * 1000)))
            conn.commit()
        finally:
            conn.close()
        with open(path, "rb") as fh:
            collection = fh.read()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, payload in (("collection.anki2", collection), ("media", b"{}")):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, payload)
    return buf.getvalue()
