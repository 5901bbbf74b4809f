"""Rules on who a question is about, from a blind review of the generated banks: words with no
speech verb asked as a saying, a quotation cut mid-sentence, people who share a surname, a
distractor the article also describes by the role asked about, one-word names and titles of works
offered as people, a role statement about a non-person.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace
from functools import lru_cache

from questions.bank import TRUE, Question, Source
from questions.build.text import STOPWORDS, contains_words, words
from questions.lint.common import (
    _STRAIGHT,
    Lint,
    _folded,
    _is_who,
    _locate,
    _without,
    _wrong,
)
from questions.lint.rules_choices import _not_a_person

# --- the quotation of a who-said question ---------------------------------------------------------

#: verbs (and marks) that make quoted words a saying, not a label or scare quotes
SPEECH = frozenset(
    """say says said saying tell tells told telling add adds added ask asks asked answer answered reply
replied write writes wrote writing tweet tweeted tweets post posted declare declared insist insists
insisted warn warns warned explain explained argue argues argued claim claims claimed admit admits
admitted state states stated announce announced describe describes described call calls called
continue continued note noted urge urged recall recalled predict predicted promise promised vow vowed
suggest suggested believe believes believed comment commented acknowledge acknowledged echo echoed
put puts speak spoke speaking quote quoted quoting joke joked concede conceded confirm confirmed
reveal revealed complain complained welcome welcomed accuse accused
criticise criticised criticize criticized dismiss dismissed hail hailed praise praised thank thanked
remark remarked shout shouted cry cried reiterated reiterate according
pledge pledged pledges warning statement pointed point points mentioned mention urging asking""".split()
)
_SAY_MARKS = re.compile(r"[:—]\s*[“\"]|[“\"]\s*[^“”\"]{0,5}$|^\s*[“\"]|[”\"]\s*$|—\s*\w")


def _speaker_quote(q: Question) -> str | None:
    if q.kind != "speaker":
        return None
    m = re.search(r"“(.+)”", q.prompt)
    return m.group(1) if m else None


def find_no_speech_verb(q: Question, lint: Lint) -> str | None:
    """Quoted words in an excerpt with no speech verb ("denied being 'X'", a label) are no saying."""
    if _speaker_quote(q) is None:
        return None
    for s in q.sources:
        if SPEECH & set(words(s.text)) or _SAY_MARKS.search(s.text):
            return None
    return "no excerpt has a speech verb: the quoted words may be a label or scare quotes, not a saying"


_CUT = re.compile(r"^[,]?\s*[”\"]\s*,?\s*[^“”\".!?]{1,60}?,\s*[“\"]\s*[a-z]")


#: the second half of a quotation split by its attribution ("…," insisted X, "will …")
_CUT_BEFORE = re.compile(r"[,]\s*[”\"]\s*[^“”\".!?]{1,60}?,\s*[“\"]\s*$")


def _cut_quote(q: Question, lint: Lint) -> bool:
    """The quotation asked about stops before its sentence ends: the article goes on with more of
    the same sentence after an attribution ("A literate population," insisted X, "will …"), or it
    is that second half, or the
    quotation ends on a lone word that starts a sentence cut off ("… a prime minister. I")."""
    quote = _speaker_quote(q)
    if quote is None or quote.endswith("…"):
        return False
    body = quote.rstrip()
    if re.search(r"[.!?]\s+[A-Z]\w{0,2}$", body):
        return True
    if not lint.text:
        return False
    hay, needle = _folded(lint.text), body.rstrip(".,;").translate(_STRAIGHT).lower()
    at = hay.find(needle) if needle else -1
    if at < 0:
        return False
    after = lint.text[at + len(needle) : at + len(needle) + 90]
    before = lint.text[max(0, at - 90) : at]
    return bool(_CUT.match(after)) or (body[:1].islower() and bool(_CUT_BEFORE.search(before)))


def find_cut_quote(q: Question, lint: Lint) -> str | None:
    if _cut_quote(q, lint):
        return "the quotation stops mid-sentence, so the student reads half a saying"
    return None


# --- people --------------------------------------------------------------------------------------


def _surname(name: str) -> str:
    ws = [w for w in name.split() if w.lower().strip(".") not in ("jr", "sr", "ii", "iii")]
    return ws[-1].lower() if ws else ""


def _shares_surname(c: str, q: Question) -> bool:
    return len(q.answer.split()) >= 2 and c != q.answer and _surname(c) == _surname(q.answer)


def _same_person(a: str, b: str) -> bool:
    """Two ways of naming one person: one holds the other, or they share a first name (or one's
    first name starts the other's: "Pat" and "Patrick")."""
    if contains_words(a, b) or contains_words(b, a):
        return True
    fa, fb = (n.split()[0].lower().strip(".") for n in (a, b))
    titles = ("rep", "sen", "mr", "mrs", "ms", "dr", "sir", "lord", "lady", "gov", "president")
    if fa in titles or fb in titles:
        return _same_person(" ".join(a.split()[1:]) or a, " ".join(b.split()[1:]) or b) if a != b else True
    given = set(a.lower().split()[:-1]) & set(b.lower().split()[:-1])
    return fa.startswith(fb) or fb.startswith(fa) or bool(given)


def _named_by_surname_only(q: Question, lint: Lint) -> bool:
    """The excerpts name the key only by a surname the article gives to someone else too."""
    if len(q.answer.split()) < 2 or any(contains_words(q.answer, s.text) for s in q.sources):
        return False
    given = q.answer.split()[0]
    if given[:1].isupper() and any(re.search(rf"\b{re.escape(given)}\b", s.text) for s in q.sources):
        return False  # "Ozzy said": the first name tells namesakes apart
    sur = _surname(q.answer)
    return any(not _same_person(p, q.answer) for p in _namesakes(sur, lint))


def _namesakes(sur: str, lint: Lint) -> set[str]:
    """The full names the article gives with this surname ("When Carlineo" is no name)."""
    return {
        p
        for p in lint.people
        if len(p.split()) >= 2 and _surname(p) == sur and p.split()[0].lower() not in STOPWORDS
    }


#: how many sentences back the full name of a person named by surname alone may stand
SURNAME_REACH = 15


def _with_full_name(q: Question, lint: Lint) -> Question | None:
    """The sentence before the excerpt that names the key in full, when no namesake is named
    closer: the student then sees which of the two it is."""
    if not q.sources or not lint.sentences:
        return None
    first = q.sources[0]
    idx = next((i for i, (s, e) in enumerate(lint.sentences) if s <= first.start < e), None)
    if idx is None:
        return None
    others = [p for p in _namesakes(_surname(q.answer), lint) if not _same_person(p, q.answer)]
    for i in range(idx - 1, max(idx - 1 - SURNAME_REACH, -1), -1):
        s, e = lint.sentences[i]
        text = lint.text[s:e]
        if any(contains_words(p, text) for p in others):
            return None
        where = _locate(text, q.answer)
        if where is not None:
            src = Source(s, e, text, (s + where[0], s + where[1]))
            return replace(q, sources=(src, *q.sources))
    return None


def find_shared_surname(q: Question, lint: Lint) -> str | None:
    if not _is_who(q):
        return None
    if q.kind == "speaker" and _named_by_surname_only(q, lint):
        return f"the excerpts name “{q.answer}” only by a surname someone else in the article shares"
    for c in _wrong(q):
        if _shares_surname(c, q):
            return f"the wrong choice “{c}” shares the key's surname: a student cannot tell them apart by it"
    return None


def mend_shared_surname(q: Question, lint: Lint) -> Question | None:
    if q.kind == "speaker" and _named_by_surname_only(q, lint):
        return _with_full_name(q, lint)
    return _without(q, [c for c in _wrong(q) if _shares_surname(c, q)])


def _role_asked(q: Question) -> str | None:
    m = re.match(r"Who is described in the article as “([^”]+)”\?", q.prompt)
    return m.group(1) if m and q.kind == "role" else None


def _also_has_role(c: str, role: str, lint: Lint) -> bool:
    return bool(lint.text) and _has_role_in(lint.text, c, role)


@lru_cache(maxsize=4096)
def _has_role_in(text: str, c: str, role: str) -> bool:
    """The article describes ``c`` by a role with the same head noun ("BT chief executive Ben
    Verwaayen" when the question asks who is "chief executive")."""
    head = role.split()[-1] if role.split() else ""
    if not head:
        return False
    name, h = re.escape(c), re.escape(head)
    before = rf"\b{h}\s+(?:[A-Z][\w'’-]*\s+){{0,2}}{name}\b"
    after = rf"\b{name},\s+(?:the\s+|a\s+|an\s+)?(?:[\w'’-]+\s+){{0,4}}{h}\b"
    pat = re.compile(f"{before}|{after}", re.I)
    # only around the places the name stands: a search of the whole text per choice is slow
    hay, n = _folded(text), c.lower()
    i = hay.find(n)
    while i >= 0:
        if pat.search(text, max(0, i - 60), i + len(n) + 80):
            return True
        i = hay.find(n, i + 1)
    return False


def find_role_also_right(q: Question, lint: Lint) -> str | None:
    role = _role_asked(q)
    if role is None or q.type != "multiple_choice":
        return None
    for c in _wrong(q):
        if _also_has_role(c, role, lint):
            return f"the article also calls the wrong choice “{c}” a {role.split()[-1]}: it is right too"
    return None


def mend_role_also_right(q: Question, lint: Lint) -> Question | None:
    role = _role_asked(q) or ""
    return _without(q, [c for c in _wrong(q) if _also_has_role(c, role, lint)])


#: nouns before a title that name a work, not a person ("the album How To Dismantle An Atomic Bomb")
WORK_NOUNS = r"album|song|single|book|novel|film|movie|show|series|play|musical|game|record|track|documentary"


_WORK_BEFORE = re.compile(rf"\b(?:{WORK_NOUNS})s?,?\s+\"?$")


def _is_work(c: str, lint: Lint) -> bool:
    return bool(lint.text and c.strip()) and _work_title(lint.text, c)


@lru_cache(maxsize=4096)
def _work_title(text: str, c: str) -> bool:
    """``c`` stands in the text after a noun that names a work, or between quotation marks.
    (A plain search for the name, then a look at its neighbours: a regular expression over the
    whole text for each choice was the slowest step of a long article.)"""
    hay, n = _folded(text), c.translate(_STRAIGHT).lower()
    i = hay.find(n)
    while i >= 0:
        j = i + len(n)
        if _WORK_BEFORE.search(hay[max(0, i - 30) : i]) or (hay[i - 1 : i] == '"' and hay[j : j + 1] == '"'):
            return True
        i = hay.find(n, j)
    return False


def _one_word(c: str) -> bool:
    return len(c.split()) == 1


def _person_choice_bad(c: str, lint: Lint) -> bool:
    return _one_word(c) or _is_work(c, lint)


def _role_subject(q: Question) -> str | None:
    """The person a role question is about: its key, or the name in the prompt."""
    if q.kind != "role":
        return None
    lead = r"(?:How does the article describe |True or false\? The article describes )"
    m = re.match(lead + r"(.+?)(?:\?| as “)", q.prompt)
    return m.group(1) if m else q.answer


def find_not_named_person(q: Question, lint: Lint) -> str | None:
    """One-word names ("Ofcom", "Anfield") and titles of works are too often not people: never
    given a role, never offered as a person."""
    who = _role_subject(q)
    if who is not None and _person_choice_bad(who, lint):
        return f"“{who}” is a single word or a title of a work, not a person the article describes by a role"
    if _is_who(q):
        if _is_work(q.answer, lint):
            return f"the key “{q.answer}” is the title of a work, not a person"
        for c in _wrong(q):
            if _person_choice_bad(c, lint):
                return f"the choice “{c}” is a single word or a title of a work, not a person's full name"
    return None


def mend_not_named_person(q: Question, lint: Lint) -> Question | None:
    who = _role_subject(q)
    if (who is not None and _person_choice_bad(who, lint)) or _is_work(q.answer, lint):
        return None
    return _without(q, [c for c in _wrong(q) if _person_choice_bad(c, lint)])


def find_not_person_statement(q: Question, lint: Lint) -> str | None:
    """ "The article describes Kelby Capital as “Analyst”": a role is asked of a person only."""
    if q.kind != "role" or q.type != "true_false" or not lint.people:
        return None
    who = _role_subject(q)
    if who and (who not in lint.people or _not_a_person(who, lint)) and q.answer != TRUE:
        return f"“{who}” is not a person the article names: a role is asked of people only"
    return None


#: how many sentences may stand between a quotation and the sentence naming its speaker for the
#: excerpts to show them all
ATTRIBUTION_GAP = 4


def _gap(q: Question, lint: Lint) -> list[int]:
    """The sentences between a speaker question's excerpts (the quotation and the sentence that
    names who said it), when a few: a reader sees the quotation run on from its attribution."""
    if q.kind != "speaker" or not lint.sentences or len(q.sources) < 2:
        return []
    starts = [a for a, _b in lint.sentences]
    idx = sorted({bisect.bisect_right(starts, s.start) - 1 for s in q.sources})
    # a "sentence" that is only a quotation mark shows nothing
    missing = [
        i
        for i in range(idx[0], idx[-1] + 1)
        if i not in idx and i >= 0 and re.search(r"\w", lint.text[slice(*lint.sentences[i])])
    ]
    return missing if len(missing) <= ATTRIBUTION_GAP else []


def find_attribution_gap(q: Question, lint: Lint) -> str | None:
    if _gap(q, lint):
        return "the excerpt naming the speaker stands apart from the quote: the words between are not shown"
    return None


def mend_attribution_gap(q: Question, lint: Lint) -> Question | None:
    added = [Source(a, b, lint.text[a:b]) for a, b in (lint.sentences[i] for i in _gap(q, lint))]
    return replace(q, sources=tuple(sorted((*q.sources, *added), key=lambda s: s.start)))
