"""Rules for flaws blind judges found in banks the other rules passed: a wrong role that is another
name for the key's, a fraction offered for a count, a figure that is wording (one end of a range the
sentence shows, "top 10"), a prompt whose subject is only "the sides" or "the return", and a surname
accepted as an answer when someone else of the article bears it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from questions.bank import Question
from questions.build.text import BLANK
from questions.lint.common import Lint, _role_text, _without, _wrong, as_cloze

# --- role-synonym ----------------------------------------------------------------------------------

#: words that make a role the head of something: two roles of one body with such words are the same
#: post, said twice ("former Harbour Board Secretary-General" and "Harbour Board Chief")
HEAD_WORDS = frozenset(
    """chief head leader boss ceo president chairman chairwoman chair secretary-general
director-general commander""".split()
)
#: words of a role that say nothing of the body it belongs to
_PLAIN = frozenset("former ex the of a an and for at in acting deputy senior new then current".split())


def _role_words(role: str) -> tuple[frozenset[str], frozenset[str]]:
    """The role's head words and its other words (the body it heads: "harbour board")."""
    toks = [t.strip(".,’'").lower() for t in re.split(r"\s+", role) if t.strip()]
    toks = [re.sub(r"[’']s$", "", t) for t in toks]
    heads = frozenset(t for t in toks if t in HEAD_WORDS or t.startswith("ex-head"))
    rest = frozenset(t for t in toks if t not in HEAD_WORDS and t not in _PLAIN and len(t) > 1)
    return heads, rest


#: titles that name one post in several ways: a wrong role of the same post as the key is right too
SAME_POSTS: tuple[frozenset[str], ...] = (
    frozenset({"foreign minister", "foreign secretary", "secretary of state", "state secretary"}),
    frozenset({"chief executive", "ceo", "chief executive officer"}),
    frozenset({"prime minister", "premier"}),
)


def _post(role: str) -> int | None:
    low = role.lower()
    return next((n for n, names in enumerate(SAME_POSTS) if any(p in low for p in names)), None)


def _same_post(choice: str, key: str) -> bool:
    """Both roles head the same body, or name one post in two ways ("US State Secretary", "foreign
    minister"): another name for the key's post, a right answer too."""
    kh, kr = _role_words(key)
    ch, cr = _role_words(choice)
    post = _post(key)
    return bool(kh and ch and kr & cr) or (post is not None and post == _post(choice))


def _asks_role(q: Question) -> bool:
    return q.kind == "role" and q.type == "multiple_choice" and q.prompt.lower().startswith("how does")


def find_role_synonym(q: Question, lint: Lint) -> str | None:
    if not _asks_role(q):
        return None
    for c in _wrong(q):
        if _same_post(c, q.answer):
            return f"the wrong role “{c}” names the same post as the key “{q.answer}”: it is right too"
    return None


def mend_role_synonym(q: Question, lint: Lint) -> Question | None:
    return _without(q, [c for c in _wrong(q) if _same_post(c, q.answer)])


# --- fraction-for-count ----------------------------------------------------------------------------

_WHOLE = re.compile(r"^\d{1,3}(?:,\d{3})*$|^\d+$")
_FRACTION = re.compile(r"\d\.\d")


def _fraction(c: str) -> bool:
    return bool(_FRACTION.search(c))


def find_fraction_for_count(q: Question, lint: Lint) -> str | None:
    if q.kind != "number" or q.type != "multiple_choice" or not _WHOLE.match(q.answer.strip()):
        return None
    for c in _wrong(q):
        if _fraction(c):
            return f"the wrong figure “{c}” has a fraction where the key “{q.answer}” counts whole things"
    return None


def mend_fraction_for_count(q: Question, lint: Lint) -> Question | None:
    return _without(q, [c for c in _wrong(q) if _fraction(c)])


# --- wording-figure --------------------------------------------------------------------------------

_NUM = r"(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|fifty|hundred)"
_UNIT = r"(?:(?:pounds|dollars|euros|£|\$|€)\s*)?"
#: a blank that is one end of a range whose other end the sentence shows ("_____ to 24-year-old",
#: "pounds 30 to pounds _____", "between 5 and _____"), or a figure of a set phrase ("a top _____ hit")
_WORDING = re.compile(
    rf"{BLANK}\s*(?:-|–|to|and)\s*{_UNIT}{_NUM}\b"
    rf"|\b{_NUM}\s*(?:-|–|to)\s*{_UNIT}{BLANK}"
    rf"|\bbetween\s+{_UNIT}{_NUM}\s+and\s+{_UNIT}{BLANK}"
    rf"|\btop\s+{BLANK}\s+(?:hit|single|album|spot|place|finish)",
    re.I,
)


#: "rose from 5 to _____": a change, whose end is the fact
_FROM = re.compile(rf"\bfrom\s+(?:\w+\s+){{0,2}}{_UNIT}$", re.I)


def find_wording_figure(q: Question, lint: Lint) -> str | None:
    if q.kind != "number" or BLANK not in q.prompt:
        return None
    for m in _WORDING.finditer(q.prompt):
        if not _FROM.search(q.prompt[: m.start()]):
            return f"the blank in “{m.group(0)}” is one end of a range the sentence shows, or a set phrase"
    return None


# --- vague-subject ---------------------------------------------------------------------------------

#: a prompt of its own words whose subject is one of these names nothing a student can place
#: ("When do the sides meet again?", "When is the return?")
_VAGUE = re.compile(
    r"\b(?:do|did|does|is|was|were|are|will|had|has|have)\s+the\s+"
    r"(?:sides|pair|duo|trio|return|incident|rematch)(?:['’]s)?\b"
    r"(?!\s+(?:of|between)\b)",
    re.I,
)


#: "When was the proposal made?": a noun that is the whole subject of a prompt ending after it
#: names one thing of many the article may tell of
_BARE = re.compile(
    r"\b(?:do|did|does|is|was|were|are|will|had|has|have)\s+the\s+"
    r"(?:proposal|move|decision|plan|deal|announcement|letter|statement|report|meeting|change)"
    r"(?:\s+(?:be\s+)?[a-z]+)?\s*\?$",
    re.I,
)


def find_vague_subject(q: Question, lint: Lint) -> str | None:
    if q.type in ("cloze", "true_false") or BLANK in q.prompt:
        return None
    own = re.sub(r"“[^”]*”|\"[^\"]*\"", " ", q.prompt)
    m = _VAGUE.search(own) or _BARE.search(own)
    if m:
        return f"the prompt names its subject only as “{m.group(0).split(None, 1)[1]}”"
    return None


def mend_vague_subject(q: Question, lint: Lint) -> Question | None:
    """Asked as a blank in its own sentence, where the article's wording stands with its context."""
    return as_cloze(q)


# --- surname-accepted ------------------------------------------------------------------------------


#: words before a surname that are no first name ("Mr Lee" is the key's own way of naming)
_TITLES = frozenset("mr mrs ms miss dr sir lord lady dame rep rep. sen sen. gov gov. prof".split())


def _shared_surname(a: str, q: Question, lint: Lint) -> bool:
    """``a`` is one word of the key, the last word of another person's name than the key's."""
    if len(a.split()) != 1 or not a[:1].isupper():
        return False
    key = q.answer.split()
    return a in key and any(
        len(p.split()) >= 2
        and p.split()[-1] == a
        and p.split()[0] not in key
        and p.split()[0].lower() not in _TITLES
        for p in lint.people
    )


def _broken_name(a: str, q: Question) -> bool:
    """An accepted name of several words that is no run of the key's words ("Geoffrey Orden" of
    "Geoffrey Van Orden"): not a way of writing the name."""
    words, key = a.split(), q.answer.split()
    if len(words) < 2 or q.kind not in ("speaker", "role") or a == q.answer or not set(words) <= set(key):
        return False  # another name for the key ("Northern Sea Lines" for "NSL") is not a broken one
    return not any(key[i : i + len(words)] == words for i in range(len(key) - len(words) + 1))


def find_surname_accepted(q: Question, lint: Lint) -> str | None:
    if q.kind not in ("speaker", "role") or q.type not in ("short_answer", "cloze"):
        return None
    for a in q.accepted:
        if _shared_surname(a, q, lint):
            return f"the accepted answer “{a}” is also the surname of someone else in the article"
        if _broken_name(a, q):
            return f"the accepted answer “{a}” is not a way of writing “{q.answer}”"
    return None


def mend_surname_accepted(q: Question, lint: Lint) -> Question | None:
    return replace(
        q, accepted=tuple(a for a in q.accepted if not _shared_surname(a, q, lint) and not _broken_name(a, q))
    )


# --- generic-role ----------------------------------------------------------------------------------


def _said_of_another(role: str, q: Question, lint: Lint) -> bool:
    """A one-word role ("singer") the article also uses bare, "the singer", for whoever it means
    there: which person it describes is then not one the student can tell."""
    if len(role.split()) != 1 or not role.islower() or not lint.text:
        return False
    first = q.answer.split()[0] if q.answer.split() else ""
    for m in re.finditer(rf"\b[Tt]he {re.escape(role)}\b(?!['’]s)", lint.text):
        if not lint.text[m.end() : m.end() + 40].lstrip(" ,").startswith(first):
            return True
    return False


def find_generic_role(q: Question, lint: Lint) -> str | None:
    """ "Who is described as “singer”?" when the article also writes "the singer" of someone: a
    question the other way ("How does the article describe X?") stays right."""
    if q.type == "true_false" or not q.prompt.startswith("Who is described"):
        return None
    role = _role_text(q)
    if role and _said_of_another(role, q, lint):
        return (
            f"the article also writes “the {role}” of someone it does not name there: it tells no one apart"
        )
    return None
