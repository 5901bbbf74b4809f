"""Rules on what a question asks, from a blind review of the generated banks: a negative stem, a
commentator's words given as the article's fact, demand choices that are fragments or that the
article says of the party too, a blank too long to recall, figures of another size, a doubled
comma. The rules on people are in :mod:`.rules_people`.
"""

from __future__ import annotations

import re
from dataclasses import replace

from questions.bank import Question
from questions.build.text import STOPWORDS, contains_words, fragment_demand, words
from questions.lint.common import (
    _QUOTED,
    Lint,
    _locate,
    _without,
    _wrong,
    max_blank_words,
)

# --- negative stem -------------------------------------------------------------------------------

_NEGATIVE = re.compile(r"\bNOT\b")


def find_negative_stem(q: Question, lint: Lint) -> str | None:
    """ "Which of these was NOT …?": its key is a phrase the article says nothing about, so it
    tests reading the distractors, and a student misreads the stem."""
    if _NEGATIVE.search(q.prompt):
        return "a negative stem (“which was NOT …”): its key is the one choice the article does not say"
    return None


# --- quoted fact ---------------------------------------------------------------------------------

_ACCORDING_QUOTE = "According to a quotation in the article, "


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """Where quotations stand in an excerpt; an opening mark left open runs to the excerpt's end
    (a quotation of several sentences), a closing mark alone runs from its start."""
    spans = [(m.start(), m.end()) for m in _QUOTED.finditer(text)]
    rest = _QUOTED.sub(lambda m: " " * len(m.group(0)), text)
    for m in re.finditer(r"[“”\"]", rest):
        after = rest[m.end() : m.end() + 1]
        opens = m.group(0) == "“" or (m.group(0) == '"' and after.isalnum())
        spans.append((m.start(), len(text)) if opens else (0, m.end()))
        break
    return spans


def _in_quotation(q: Question, answer: str) -> bool | None:
    """The answer stands inside a quotation in an excerpt (True), outside one (False), or in none."""
    for s in q.sources:
        where = _locate(s.text, answer)
        if where is not None:
            return any(a <= where[0] and where[1] <= b for a, b in _quoted_spans(s.text))
    return None


def _answers(q: Question) -> tuple[str, ...]:
    return q.items if q.type == "list" and q.items else (q.answer,)


def _someone_else_speaks(q: Question, answer: str, lint: Lint) -> str | None:
    """The person whose quotation holds the answer, when the excerpt names one outside the
    quotation whom the prompt does not: the words are that person's, not the party's own."""
    for s in q.sources:
        where = _locate(s.text, answer)
        if where is None:
            continue
        spans = _quoted_spans(s.text)
        if not any(a <= where[0] and where[1] <= b for a, b in spans):
            return None
        outside = s.text
        for a, b in spans:
            outside = outside[:a] + " " * (b - a) + outside[b:]
        named = [
            p
            for p in lint.people
            if len(p.split()) >= 2
            and contains_words(p, outside)
            and not contains_words(p.split()[-1], q.prompt)
        ]
        if named:
            return max(named, key=len)
        for p in lint.people:
            sur = p.split()[-1]
            if len(p.split()) >= 2 and contains_words(sur, outside) and not contains_words(sur, q.prompt):
                return max((x for x in lint.people if x.split()[-1] == sur), key=len)
        return None
    return None


def _quoted_party(q: Question, lint: Lint) -> str | None:
    return next((who for a in _answers(q) if (who := _someone_else_speaks(q, a, lint))), None)


def find_quoted_fact(q: Question, lint: Lint) -> str | None:
    """A demand told inside someone's quotation is that person's view ("Russia is demanding that
    NATO commit suicide", a historian's words), not the article's fact; and a prompt that says
    "according to a quotation" must be asking about one, and say whose it is."""
    if q.kind != "demand" or q.type == "true_false":
        return None
    if q.prompt.startswith(_ACCORDING_QUOTE):
        if not any(_in_quotation(q, a) for a in _answers(q)):
            return "the prompt says “according to a quotation”, but the answer is the article's own words"
        if _quoted_party(q, lint):
            return "the prompt says “according to a quotation” but not whose view it is"
        return None
    if _quoted_party(q, lint) and not q.prompt.startswith("According to "):
        return "the answer stands in someone else's quotation, but the prompt gives it as the article's fact"
    return None


def mend_quoted_fact(q: Question, lint: Lint) -> Question | None:
    """ "According to a quotation in the article, …" names the person quoted, or becomes
    "According to the article, …" when the answer is the article's own words."""
    if not q.prompt.startswith(_ACCORDING_QUOTE):
        return None  # a prompt that gives someone's view as fact cannot be mended by a rule
    rest = q.prompt[len(_ACCORDING_QUOTE) :]
    who = _quoted_party(q, lint)
    if who is None and any(_in_quotation(q, a) for a in _answers(q)):
        return None
    return replace(q, prompt=f"According to {who or 'the article'}, {rest}")


# --- demand choices ------------------------------------------------------------------------------


def find_fragment_demand(q: Question, lint: Lint) -> str | None:
    if q.kind != "demand" or q.type != "multiple_choice":
        return None
    for c in _wrong(q):
        if fragment_demand(c, q.answer):
            return f"the choice “{c}” is a fragment or of another shape than the key, not an aim"
    return None


def mend_fragment_demand(q: Question, lint: Lint) -> Question | None:
    return _without(q, [c for c in _wrong(q) if fragment_demand(c, q.answer)])


_PARTY = re.compile(
    r"(?:\bdid (?:the )?(?P<a>[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*)*)\b)"
    r"|(?:\bwas (?:the )?(?P<b>[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*)*) opposed)"
    r"|(?:\bamong (?:the )?(?P<c>[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*)*)['’]s\b)"
)


def _party(q: Question) -> str | None:
    m = _PARTY.search(q.prompt)
    return next((g for g in m.groups() if g), None) if m else None


def _said_of_party(c: str, party: str, lint: Lint) -> bool:
    """The article says the wrong choice of the party itself ("The council closed the old depot and
    sold the land" beside "What did the council want?"): a student may defend it as right."""
    stems = [w[:5] for w in words(c) if w not in STOPWORDS]
    if not stems or not lint.sentences:
        return False
    for a, b in lint.sentences:
        sent = lint.text[a:b]
        have = {w[:5] for w in words(sent)}
        if all(st in have for st in stems):
            return contains_words(party, sent)
    return False


def find_party_choice(q: Question, lint: Lint) -> str | None:
    party = _party(q) if q.kind == "demand" and q.type == "multiple_choice" else None
    if party is None:
        return None
    for c in _wrong(q):
        if _said_of_party(c, party, lint):
            return f"the article says “{c}” of {party} too: the wrong choice may be right"
    return None


def mend_party_choice(q: Question, lint: Lint) -> Question | None:
    party = _party(q) or ""
    return _without(q, [c for c in _wrong(q) if _said_of_party(c, party, lint)])


def find_long_blank(q: Question, lint: Lint) -> str | None:
    if q.type == "cloze" and len(q.answer.split()) > max_blank_words(q.kind):
        return f"a blank of {len(q.answer.split())} words is a phrase to copy, not a fact to recall"
    return None


# --- figures -------------------------------------------------------------------------------------

_SCALE = re.compile(r"\b(?:thousand|million|billion|trillion)s?\b|\d(?:bn|m|k)\b", re.I)


def _off_scale(c: str, q: Question) -> bool:
    """A wrong figure of another size than the key ("two" offered for "one million"), or a share
    over 100% for a share that cannot be one."""
    if bool(_SCALE.search(c)) != bool(_SCALE.search(q.answer)):
        return True
    pct = re.fullmatch(r"(\d+(?:\.\d+)?)%", c.strip())
    return bool(pct and float(pct.group(1)) > 100 >= _pct(q.answer))


def _pct(text: str) -> float:
    m = re.fullmatch(r"(?:about |some |around )?(\d+(?:\.\d+)?)%", text.strip())
    return float(m.group(1)) if m else 1000.0


def find_off_scale(q: Question, lint: Lint) -> str | None:
    if q.kind != "number" or q.type != "multiple_choice":
        return None
    for c in _wrong(q):
        if _off_scale(c, q):
            return f"the wrong figure “{c}” is of another size than the key “{q.answer}”"
    return None


def mend_off_scale(q: Question, lint: Lint) -> Question | None:
    return _without(q, [c for c in _wrong(q) if _off_scale(c, q)])


#: a blank in brackets right after a figure and its unit is a conversion ("55 mph (_____ kph)"),
#: arithmetic rather than the story; a blank that is all of a bracket is an editor's insertion
_CONVERTED = re.compile(r"\d[\d.,]*\s*[A-Za-z%£$€]*\s*\(\s*_____|\(_____\)")


def find_converted_figure(q: Question, lint: Lint) -> str | None:
    if _CONVERTED.search(q.prompt):
        return "the blank is a conversion in brackets or an editor's insertion, not a fact of the story"
    return None


#: a list of more demands than this is a paragraph to recall, not a question
MAX_LIST_ITEMS = 6


def find_long_list(q: Question, lint: Lint) -> str | None:
    if q.type == "list" and len(q.items) > MAX_LIST_ITEMS:
        return f"a list of {len(q.items)} items is too long to ask for from memory"
    return None


# --- punctuation ---------------------------------------------------------------------------------

_DOUBLE_COMMA = re.compile(r",\s*,")


def find_double_comma(q: Question, lint: Lint) -> str | None:
    if _DOUBLE_COMMA.search(q.prompt):
        return "a doubled comma (“,,”) where the prompt dropped words"
    return None


def mend_double_comma(q: Question, lint: Lint) -> Question | None:
    return replace(q, prompt=_DOUBLE_COMMA.sub(",", q.prompt))
