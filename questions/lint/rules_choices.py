"""Rules on a multiple-choice question's choices: a fragment, an invented choice, a choice the
prompt shows, a non-person among people, another name for the answer, a wrong choice with no
reason.
"""

from __future__ import annotations

import bisect
from dataclasses import replace

from questions.bank import FALSE, TRUE, ChoiceNote, Question, Source
from questions.build.text import (
    BLANK,
    STOPWORDS,
    contains_words,
    content_words,
    norm,
)
from questions.extract.people import ORG_TAILS, ROLE_NOUNS
from questions.lint.common import (
    _QUOTED,
    _STRAIGHT,
    ORG_WORDS,
    Lint,
    _folded,
    _is_who,
    _stems,
    _without,
    _wrong,
    is_alias,
)


def find_malformed_choice(q: Question, lint: Lint) -> str | None:
    for c in q.choices:
        c0 = c.strip()
        if not c0 or (not c0[0].isalnum() and c0[0] not in "\"'“‘£$€(") or norm(c0) in STOPWORDS:
            return f"the choice “{c}” is a fragment, not a well-formed option"
    return None


def mend_malformed_choice(q: Question, lint: Lint) -> Question | None:
    bad = [c for c in _wrong(q) if find_malformed_choice(replace(q, choices=(c,)), lint)]
    return _without(q, bad)


def _invented(q: Question, c: str, lint: Lint) -> bool:
    """A person must be named as such; a demand's words must all be the article's."""
    if q.kind == "demand":  # its words may be inflected anew ("incorporated" -> "incorporate")
        stems = _stems(lint.text)
        # a short word is the start of its inflected form ("note" of "noted")
        return any(
            w[:5] not in stems and not (len(w) < 5 and any(s.startswith(w) for s in stems))
            for w in content_words(c)
        )
    return norm(c) not in norm(lint.text)


def find_invented_choice(q: Question, lint: Lint) -> str | None:
    if not lint.text or q.type != "multiple_choice" or not (_is_who(q) or q.kind == "demand"):
        return None
    for c in _wrong(q):
        if _invented(q, c, lint):
            return f"the choice “{c}” is not in the article (an invented distractor)"
    return None


def mend_invented_choice(q: Question, lint: Lint) -> Question | None:
    return _without(q, [c for c in _wrong(q) if _invented(q, c, lint)])


def _in_prompt(q: Question, c: str) -> bool:
    """A wrong choice that stands in the prompt itself ("_____ to 50,000 polygons" offering 50,000)."""
    return contains_words(c, _QUOTED.sub(lambda m: m.group(0).replace(BLANK, " "), q.prompt))


def find_choice_in_prompt(q: Question, lint: Lint) -> str | None:
    if q.type != "multiple_choice":
        return None
    for c in _wrong(q):
        if _in_prompt(q, c):
            return f"the wrong choice “{c}” stands in the prompt itself"
    return None


def mend_choice_in_prompt(q: Question, lint: Lint) -> Question | None:
    return _without(q, [c for c in _wrong(q) if _in_prompt(q, c)])


def _not_a_person(c: str, lint: Lint) -> bool:
    ws = c.split()
    if not ws or not c[:1].isupper() or any(w.lower().strip(".,") in ORG_WORDS for w in ws):
        return True
    if ws[-1].lower() in ORG_TAILS:
        return True
    if lint.people and c not in lint.people and ws[-1] not in lint.people:
        return True
    return ws[-1].lower() in ROLE_NOUNS


def find_not_a_person(q: Question, lint: Lint) -> str | None:
    if not _is_who(q) or q.type != "multiple_choice":
        return None
    if _not_a_person(q.answer, lint) and any(not _not_a_person(c, lint) for c in _wrong(q)):
        return f"the key “{q.answer}” is an organisation offered among people: the kind gives it away"
    for c in _wrong(q):
        if _not_a_person(c, lint):
            return f"“{c}” is offered beside people in a “who” question, but is not a person"
    return None


def mend_not_a_person(q: Question, lint: Lint) -> Question | None:
    if _not_a_person(q.answer, lint):
        return _without(q, [c for c in _wrong(q) if not _not_a_person(c, lint)])
    return _without(q, [c for c in _wrong(q) if _not_a_person(c, lint)])


def find_alias(q: Question, lint: Lint) -> str | None:
    for c in _wrong(q):
        if c not in (TRUE, FALSE) and is_alias(c, q.answer, q.accepted):
            return f"the wrong choice “{c}” is another name for the answer “{q.answer}”"
    return None


def mend_alias(q: Question, lint: Lint) -> Question | None:
    return _without(q, [c for c in _wrong(q) if is_alias(c, q.answer, q.accepted)])


def _find_word(text: str, needle: str) -> tuple[int, int] | None:
    """The first whole-word occurrence of ``needle`` in ``text`` (quote style and case ignored)."""
    hay, n = _folded(text), needle.translate(_STRAIGHT).lower().strip()
    i = hay.find(n) if n else -1
    while i >= 0:
        j = i + len(n)
        if (i == 0 or not hay[i - 1].isalnum()) and (j >= len(hay) or not hay[j].isalnum()):
            return i, j
        i = hay.find(n, i + 1)
    return None


def _note_source(c: str, q: Question, lint: Lint) -> Source | None:
    where = _find_word(lint.text, c)
    if where is None or not lint.sentences:
        return None
    k = bisect.bisect_right([s for s, _ in lint.sentences], where[0]) - 1
    if k >= 0 and where[0] < lint.sentences[k][1]:
        s, e = lint.sentences[k]
        return Source(s, e, lint.text[s:e], where)
    return None


def find_missing_note(q: Question, lint: Lint) -> str | None:
    if q.type != "multiple_choice" or not lint.text:
        return None
    noted = {n.choice for n in q.choice_notes}
    for c in _wrong(q):
        if c not in noted and _note_source(c, q, lint) is not None:
            return f"the article mentions the wrong choice “{c}”, but the question does not say why"
    return None


def mend_missing_note(q: Question, lint: Lint) -> Question | None:
    noted = {n.choice for n in q.choice_notes}
    notes = list(q.choice_notes)
    for c in _wrong(q):
        src = _note_source(c, q, lint)
        if c not in noted and src is not None:
            why = f"The article mentions “{c}”, but not as the answer to this question."
            notes.append(ChoiceNote(c, why, src))
    return replace(q, choice_notes=tuple(notes))
