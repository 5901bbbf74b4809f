"""The item-writing checker: one small rule per flaw a teacher would not keep.

Every generated question passes through :func:`mend_or_drop`: a rule that fires mends the question
where it knows how (another highlight, a choice fewer, a trimmed role, a reason for a wrong choice)
and the question is dropped, its reason kept, where it does not. :func:`check` runs the same rules
on any :class:`~questions.bank.Question`, a teacher's own included, and returns the flaws as
advice. The rules are the table :data:`RULES`, one line each: name, what it looks for, its fix.

``Lint`` carries what the article can tell a rule (its text, the people it names); every rule
also works without it, seeing less.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from questions.bank import FALSE, TRUE, ChoiceNote, Question, Source
from questions.build.text import (
    BLANK,
    STOPWORDS,
    contains_words,
    content_words,
    norm,
    overlaps,
    window,
    words,
)
from questions.extract.facts import trim_role
from questions.extract.people import ORG_TAILS, ROLE_NOUNS

#: a blank holding only these (with determiners) tests wording, not the story ("in a way")
GENERIC_NOUNS = frozenset(
    """way thing things man woman men women people person one ones lot lots kind sort part place point
case fact matter issue question day days time times year years something anything everything nothing
someone anyone everyone stuff situation moment end side idea bit reason""".split()
)
DETERMINERS = frozenset(
    "a an the this that these those his her its their our my your some any such another every each".split()
)
#: words of a choice that name an organisation or a thing, not a person
ORG_WORDS = frozenset(
    """party ministry council committee company corporation inc ltd plc office department agency
association union court government bank university police army commission parliament group club
league federation institute foundation authority board service services team""".split()
)
#: a figure written in words ("nine thousand fans") is a number worth testing
NUMBER_WORDS = frozenset(
    """two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty
hundred hundreds thousand thousands million millions billion billions dozen dozens half""".split()
)
PRONOUNS = frozenset("he she it they him her them his its their hers theirs".split())
#: possessives resolve to a name or a "the ..." earlier in the same prompt ("Did Ann Lee sell her farm?")
POSSESSIVES = frozenset("his her its their".split())
#: words after an object "her" ("put her on the spot", "asked her to"); before a noun it is a possessive
OBJECT_FOLLOWERS = frozenset(
    "on to in at for with from by off out up down as that and or about into".split() + [""]
)
#: "X said it would …": the pronoun after a reporting verb is the subject named before it
REPORTING_VERBS = frozenset("say said says claim claims claimed announce announced promise promised".split())
#: prompts whose own words (outside the quotes) must name who or what they ask about
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")
_DOUBLED = re.compile(r"(?<![.?!])([.?!])([”\"’')\]]?)\s*[.?!](?![.?!])")
MAX_TF_WORDS = 30
MIN_QUOTE_WORDS = 1
WHO_PROMPT = re.compile(r"^(?:who\b|which person\b)", re.I)


@dataclass(frozen=True, slots=True)
class Flaw:
    """One flaw found in a question: the rule's name and why it matters here."""

    rule: str
    reason: str


@dataclass(frozen=True, slots=True)
class Lint:
    """What the article tells the rules; empty for a question checked on its own."""

    text: str = ""
    #: every way the article names a person ("Ann Lee", "Lee")
    people: frozenset[str] = frozenset()
    #: sentence spans of the article, for the excerpt of a wrong choice's note
    sentences: tuple[tuple[int, int], ...] = ()


Finder = Callable[[Question, Lint], str | None]
Mender = Callable[[Question, Lint], Question | None]


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    looks_for: str
    find: Finder
    #: how the rule mends a question; a rule without one drops it
    mend: Mender | None = None

    @property
    def fix(self) -> str:
        return "drop" if self.mend is None else "mend"


# --- helpers --------------------------------------------------------------------------------------


def _locate(hay: str, needle: str) -> tuple[int, int] | None:
    """Where ``needle`` stands in ``hay`` (quote style, case and spacing ignored)."""
    if not needle.strip():
        return None
    parts = [re.escape(p) for p in needle.translate(_STRAIGHT).split()]
    pat = r"(?<![\w])" + r"\s+".join(parts) + r"(?![\w])"
    m = re.search(pat, hay.translate(_STRAIGHT), re.I)
    return (m.start(), m.end()) if m else None


_STRAIGHT = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


def _wrong(q: Question) -> list[str]:
    return [c for c in q.choices if c != q.answer]


#: a short answer longer than this is not one a student can type; a demand is answered in the
#: student's own words, so it may be longer
MAX_TYPED_WORDS = 8
MAX_TYPED_WORDS_BY_KIND = {"demand": 16}


def max_typed_words(kind: str) -> int:
    return MAX_TYPED_WORDS_BY_KIND.get(kind, MAX_TYPED_WORDS)


def as_short_answer(q: Question) -> Question | None:
    """A multiple-choice question with too few honest choices, asked as short answer instead."""
    if len(q.answer.split()) > max_typed_words(q.kind) or BLANK in q.prompt:
        return None
    qid = q.id[:1] + hashlib.sha1(f"{q.id}|short_answer".encode()).hexdigest()[:11]
    return replace(q, id=qid, type="short_answer", choices=(), choice_notes=())


def as_cloze(q: Question) -> Question | None:
    """A multiple-choice question with too few honest choices and a long answer, asked as a blank
    in its own sentence, where the excerpt highlights the answer."""
    src = q.sources[0] if q.sources else None
    if src is None or src.highlight is None or BLANK in q.prompt:
        return None
    a, b = src.highlight[0] - src.start, src.highlight[1] - src.start
    if norm(src.text[a:b]) != norm(q.answer):
        return None
    blanked = src.text[:a] + BLANK + src.text[b:]
    i = blanked.find(BLANK)
    text = re.sub(r"\s+", " ", window(blanked, i, i + len(BLANK), limit=40)).strip()
    qid = q.id[:1] + hashlib.sha1(f"{q.id}|cloze".encode()).hexdigest()[:11]
    prompt = f"Fill in the blank: “{text}”"
    return replace(q, id=qid, type="cloze", prompt=prompt, choices=(), choice_notes=())


def _without(q: Question, bad: Sequence[str]) -> Question | None:
    """The multiple-choice question without the ``bad`` choices, if three choices remain, else
    as short answer."""
    if q.type != "multiple_choice":
        return None
    keep = tuple(c for c in q.choices if c == q.answer or c not in bad)
    if q.answer not in keep:
        return None
    if len(keep) < 3:
        return as_short_answer(q) or as_cloze(q)
    notes = tuple(n for n in q.choice_notes if n.choice in keep)
    return replace(q, choices=keep, choice_notes=notes)


def _is_who(q: Question) -> bool:
    return bool(WHO_PROMPT.match(q.prompt)) and q.kind in ("speaker", "role")


def _blank_answer(q: Question) -> bool:
    return q.type == "cloze" or (q.type == "multiple_choice" and BLANK in q.prompt)


def _statement(q: Question) -> str:
    return re.sub(r"^True or false\?\s*", "", q.prompt)


def _role_text(q: Question) -> str | None:
    """The role a role question is about: its answer ("How does ...?") or its quoted words."""
    if q.kind != "role":
        return None
    if q.prompt.lower().startswith("how does"):
        return q.answer
    m = re.search(r"“([^”]+)”", q.prompt)
    return m.group(1) if m else None


def _acronym(text: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w'’-]*", text) if w[0].isupper())


def is_alias(choice: str, answer: str, accepted: Sequence[str] = ()) -> bool:
    """A choice that is another way of writing the answer ("UK" for "United Kingdom")."""
    if overlaps(choice, answer) or any(norm(choice) == norm(a) for a in accepted):
        return True
    c, a = re.sub(r"[.\s]", "", choice), re.sub(r"[.\s]", "", answer)
    for short, long in ((c, answer), (a, choice)):
        if 2 <= len(short) <= 6 and short.isupper() and len(long.split()) >= 2:
            if short == _acronym(re.sub(r"^the\s+", "", long, flags=re.I)):
                return True
    return False


# --- the rules: find (and mend) -------------------------------------------------------------------


def find_no_blank(q: Question, lint: Lint) -> str | None:
    if q.type == "cloze" and BLANK not in q.prompt:
        return "the cloze prompt lost its blank (cut with “…”?), so the answer does not follow the text"
    if q.type == "multiple_choice" and "completes" in q.prompt and BLANK not in q.prompt:
        return "the prompt asks to complete a sentence that has no blank"
    return None


def find_trivial_blank(q: Question, lint: Lint) -> str | None:
    if not _blank_answer(q):
        return None
    ws = words(q.answer)
    if re.search(r"\d", q.answer) or not ws or any(w in NUMBER_WORDS for w in ws):
        return None
    content = [w for w in ws if w not in STOPWORDS and w not in DETERMINERS and w not in PRONOUNS]
    has_name = any(w[:1].isupper() for w in q.answer.split()[1:]) or (
        q.answer[:1].isupper() and ws[0] not in DETERMINERS | STOPWORDS
    )
    wording = q.kind not in ("date", "number") and not has_name and len(content) <= 2
    if not content or wording or (not has_name and all(w in GENERIC_NOUNS for w in content)):
        return f"the blank “{q.answer}” is a function word or a generic phrase, not a fact worth testing"
    return None


def find_highlight(q: Question, lint: Lint) -> str | None:
    if q.type == "true_false" or q.kind == "demand":
        return None
    for s in q.sources:
        if _locate(s.text, q.answer) is None or s.highlight is None:
            continue
        a, b = s.highlight[0] - s.start, s.highlight[1] - s.start
        if not contains_words(q.answer, s.text[max(a, 0) : b]):
            return f"the excerpt highlights “{s.text[max(a, 0) : b]}”, not the answer “{q.answer}”"
    return None


def mend_highlight(q: Question, lint: Lint) -> Question | None:
    out = []
    for s in q.sources:
        where = _locate(s.text, q.answer)
        if where is None or s.highlight is None:
            out.append(s)
            continue
        out.append(Source(s.start, s.end, s.text, (s.start + where[0], s.start + where[1])))
    return replace(q, sources=tuple(out))


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
        return any(w[:5] not in stems for w in content_words(c))
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


def find_title_key(q: Question, lint: Lint) -> str | None:
    if not _is_who(q) or not q.answer.split():
        return None
    if q.answer.split()[-1].lower() in ROLE_NOUNS:
        return f"the key “{q.answer}” of a “who” question is a title, not a person's name"
    if q.kind == "role" and _not_a_person(q.answer, lint):  # a speaker may be an organisation
        return f"the key “{q.answer}” of a “who” question is not a person the article names"
    return None


def find_alias(q: Question, lint: Lint) -> str | None:
    for c in _wrong(q):
        if c not in (TRUE, FALSE) and is_alias(c, q.answer, q.accepted):
            return f"the wrong choice “{c}” is another name for the answer “{q.answer}”"
    return None


def mend_alias(q: Question, lint: Lint) -> Question | None:
    return _without(q, [c for c in _wrong(q) if is_alias(c, q.answer, q.accepted)])


#: name suffixes that do not name anyone on their own ("Jr", "James Jr")
NAME_SUFFIXES = frozenset("jr jr. sr sr. ii iii iv".split())


def _bad_accepted(a: str, answer: str) -> bool:
    """A suffix alone ("Jr"), or a first name with it ("James Jr" of "James Kennedy Jr")."""
    ws, first = a.lower().split(), answer.lower().split()[:1]
    return bool(ws) and ws[-1] in NAME_SUFFIXES and (len(ws) == 1 or (len(ws) == 2 and ws[:1] == first))


def find_bad_accepted(q: Question, lint: Lint) -> str | None:
    for a in q.accepted:
        if _bad_accepted(a, q.answer):
            return f"the accepted answer “{a}” is a name suffix, not a way of naming the person"
    return None


def mend_bad_accepted(q: Question, lint: Lint) -> Question | None:
    return replace(q, accepted=tuple(a for a in q.accepted if not _bad_accepted(a, q.answer)))


def find_role_adverb(q: Question, lint: Lint) -> str | None:
    role = _role_text(q)
    if role and trim_role(role) != role:
        return f"the role “{role}” starts with a word of the sentence, not of the role"
    return None


def mend_role_adverb(q: Question, lint: Lint) -> Question | None:
    role = _role_text(q)
    if not role:
        return None
    new = trim_role(role)
    if not new or len(new.split()) == 0:
        return None

    def fix(t: str) -> str:
        return t.replace(role, new)

    return replace(
        q,
        prompt=fix(q.prompt),
        answer=fix(q.answer),
        explanation=fix(q.explanation),
        choices=tuple(trim_role(c) if q.prompt.lower().startswith("how does") else c for c in q.choices),
        accepted=tuple(fix(a) for a in q.accepted),
    )


def find_pronoun(q: Question, lint: Lint) -> str | None:
    own = _QUOTED.sub(" ", q.prompt)
    if q.type == "true_false" or ":" in own:
        return None  # a statement or an excerpt shows its own context
    seen_name = False
    prev = ""
    tokens = re.findall(r"[A-Za-z]+", own)
    for n, w in enumerate(tokens):
        # "What did the council say it would do?": reported speech refers back to the subject;
        # "her" before a preposition or at the end is an object ("put her on the spot"), not a possessive
        after = tokens[n + 1].lower() if n + 1 < len(tokens) else ""
        possessive = w.lower() in POSSESSIVES and not (w.lower() == "her" and after in OBJECT_FOLLOWERS)
        refers_back = seen_name and (possessive or prev in REPORTING_VERBS)
        if w.lower() in PRONOUNS and not refers_back:
            return f"the prompt's “{w}” does not say who or what it means"
        seen_name = seen_name or (n > 0 and w[:1].isupper()) or w.lower() == "the"
        prev = w.lower()
    if re.search(r"\bthe (?:body|group|company|man|woman)\b", own, re.I):
        return "the prompt names its subject only as “the …”, which the excerpt alone may not resolve"
    return None


def find_quote_fragment(q: Question, lint: Lint) -> str | None:
    if len(words(_QUOTED.sub(" ", q.prompt))) < 2:
        return "the prompt is only a quote, not a question"
    if q.kind != "speaker" or not q.prompt.lower().startswith("who said"):
        return None
    quoted = _QUOTED.findall(q.prompt)
    if quoted and len(words(quoted[0])) < MIN_QUOTE_WORDS:
        return f"the quoted words {quoted[0]} are too short a fragment to ask who said them"
    return None


def find_doubled_punct(q: Question, lint: Lint) -> str | None:
    m = _DOUBLED.search(q.prompt)
    if m and not q.prompt[m.start() :].startswith("..."):
        return f"doubled closing punctuation “{m.group(0)}”"
    return None


def _undouble(m: re.Match[str]) -> str:
    inner, close, outer = m.group(1), m.group(2), m.group(0)[-1]
    # a question keeps its own question mark: “... injured.”? -> “... injured”?
    return f"{close}{outer}" if inner == "." and outer == "?" and close else f"{inner}{close}"


def mend_doubled_punct(q: Question, lint: Lint) -> Question | None:
    return replace(q, prompt=_DOUBLED.sub(_undouble, q.prompt))


def find_long_tf(q: Question, lint: Lint) -> str | None:
    if q.type == "true_false" and len(_statement(q).split()) > MAX_TF_WORDS:
        return f"a true/false statement of {len(_statement(q).split())} words tests nothing in particular"
    return None


def _names(text: str, q: Question) -> tuple[int, int] | None:
    """Where ``text`` names the key: the key itself or a way of writing it (its surname, its first
    name), but not a short name that stands for someone else ("Osbourne" of "Sharon Osbourne"
    when the key is "Ozzy Osbourne")."""
    toks = q.answer.split()
    short = (toks[-1], toks[0]) if len(toks) >= 2 else ()
    for a in dict.fromkeys((q.answer, *q.accepted, *short)):
        if not a:
            continue
        for m in re.finditer(r"(?<![\w])" + re.escape(a) + r"(?![\w])", text):
            if a != q.answer and len(a.split()) == 1:
                before = re.search(r"(?:^|[\s(])([A-Z][a-z]+) $", text[: m.start()])
                after = re.match(r" ([A-Z][a-z]+)\b", text[m.end() :])
                other = [
                    g.group(1)
                    for g in (before, after)
                    if g and not contains_words(g.group(1), q.answer) and (g is after or g.start(1) > 0)
                ]
                if other:
                    continue  # another first name or surname: someone else
            return m.start(), m.end()
    return None


_SAID_BY = re.compile(r"^True or false\? According to the article, (?P<who>.+?) said “")
_GIVES = re.compile(r"the article gives (?P<who>.+?), not ")


def _keyed(q: Question) -> Question | None:
    """The question as one whose answer is the person it is about (a speaker's true/false
    statement is about the speaker the article gives), or None when it is not about a person."""
    if q.type == "true_false":
        said, gives = _SAID_BY.match(q.prompt), _GIVES.search(q.explanation)
        who = (gives.group("who") if gives else None) if q.answer == FALSE else (said and said.group("who"))
        return replace(q, answer=who, accepted=()) if q.kind == "speaker" and who else None
    if q.type == "list" or q.kind in ("demand", "date", "number"):
        return None
    return q


def find_unsupported_key(q: Question, lint: Lint) -> str | None:
    """The key (or a way of writing it) must stand in the question's own excerpts."""
    keyed = _keyed(q)
    if keyed is None:
        return None
    q = keyed
    if any(_names(s.text, q) for s in q.sources):
        return None
    # a quote attributed by a line of its own just after it ("Ann Lee, director of ..."), a line
    # that is not a sentence an excerpt may show
    if lint.text and q.sources:
        after = lint.text[q.sources[-1].end :]
        line = re.match(r"\s*\n\s*([^\n]{0,160})", after)
        if line and (hit := _names(line.group(1), q)) is not None and hit[0] <= 20:
            return None
    return f"the key “{q.answer}” does not stand in the question's excerpts, so nothing shows it is right"


#: how many sentences before (and after) its excerpt a person's name may stand to attribute it
ATTRIBUTION_REACH = 6


@lru_cache(maxsize=4096)
def _full_names_in(text: str, people: frozenset[str]) -> tuple[str, ...]:
    hay = _folded(text)
    full = (p for p in sorted(people) if len(p.split()) >= 2)
    return tuple(p for p in full if p.lower() in hay and contains_words(p, text))


def _other_person(text: str, q: Question, lint: Lint) -> bool:
    """``text`` names a person other than the key (by a full name of two words or more)."""
    key = set(words(q.answer))
    named = _full_names_in(text, lint.people)
    return any(not overlaps(p, q.answer) and not set(words(p)) <= key for p in named)


def mend_unsupported_key(q: Question, lint: Lint) -> Question | None:
    """Show the sentence that names the person, when it stands just before (or after) the excerpt."""
    keyed = _keyed(q)
    if q.kind not in ("speaker", "role") or not lint.sentences or not q.sources or keyed is None:
        return None
    asked, q = q, keyed
    first = q.sources[0]
    idx = next((i for i, (s, e) in enumerate(lint.sentences) if s <= first.start < e), None)
    if idx is None:
        return None
    order = [*range(idx - 1, max(idx - 1 - ATTRIBUTION_REACH, -1), -1), idx + 1]
    for i in order:
        if not 0 <= i < len(lint.sentences):
            continue
        s, e = lint.sentences[i]
        text = lint.text[s:e]
        where = _names(text, q)
        if where is None:
            if q.kind == "speaker" and i < idx and _other_person(text, q, lint):
                return None  # someone else is named closer to the quote: the key is not sure
            continue
        src = Source(s, e, text, (s + where[0], s + where[1]))
        srcs = (src, *q.sources) if s < first.start else (*q.sources, src)
        return replace(asked, sources=srcs)
    return None


@lru_cache(maxsize=8)
def _stems(text: str) -> frozenset[str]:
    return frozenset(w[:5] for w in words(text))


@lru_cache(maxsize=8)
def _folded(text: str) -> str:
    """The text with straight quotes, in lower case: same length, for a fast ``find``."""
    return text.translate(_STRAIGHT).lower()


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


#: The flaw rules, in the order they run: name, what it looks for, finder, mender (none: drop).
RULES: tuple[Rule, ...] = (
    Rule("no-blank", "a cloze prompt with no blank", find_no_blank),
    Rule("trivial-blank", "a function word or generic phrase as the blank", find_trivial_blank),
    Rule("title-key", "a title or a non-person as the key of a who-question", find_title_key),
    Rule("unsupported-key", "a key its excerpts do not show", find_unsupported_key, mend_unsupported_key),
    Rule("role-adverb", "a role starting with a sentence adverb", find_role_adverb, mend_role_adverb),
    Rule("suffix-accepted", "a name suffix as an accepted answer", find_bad_accepted, mend_bad_accepted),
    Rule("malformed-choice", "a fragment as a choice", find_malformed_choice, mend_malformed_choice),
    Rule("alias-choice", "a wrong choice that is the answer", find_alias, mend_alias),
    Rule("invented-choice", "a choice not in the article", find_invented_choice, mend_invented_choice),
    Rule("choice-in-prompt", "a wrong choice the prompt shows", find_choice_in_prompt, mend_choice_in_prompt),
    Rule("not-a-person", "a non-person beside people", find_not_a_person, mend_not_a_person),
    Rule("unresolved-pronoun", "a prompt with an unresolved pronoun", find_pronoun),
    Rule("quote-fragment", "a quote fragment as the whole prompt", find_quote_fragment),
    Rule("doubled-punctuation", "doubled closing punctuation", find_doubled_punct, mend_doubled_punct),
    Rule("long-true-false", "a long copied true/false statement", find_long_tf),
    Rule("highlight-off-answer", "a highlight not on the answer", find_highlight, mend_highlight),
    Rule("missing-choice-note", "a wrong choice with no reason", find_missing_note, mend_missing_note),
)


def check(q: Question, lint: Lint | None = None) -> list[Flaw]:
    """Every flaw the rules see in a question, as advice (nothing is changed)."""
    ctx = lint or Lint()
    out = []
    for rule in RULES:
        why = rule.find(q, ctx)
        if why is not None:
            out.append(Flaw(rule.name, why))
    return out


def mend_or_drop(q: Question, lint: Lint | None = None) -> tuple[Question | None, Flaw | None]:
    """The question with every flaw mended, or None and the first flaw no rule could mend."""
    ctx = lint or Lint()
    for rule in RULES:
        why = rule.find(q, ctx)
        if why is None:
            continue
        mended = rule.mend(q, ctx) if rule.mend is not None else None
        if mended is None or rule.find(mended, ctx) is not None:
            return None, Flaw(rule.name, why)
        q = mended
    return q, None
