"""Rules a blind review of the generated banks asked for: a negative stem, a commentator's words
given as the article's fact, a quotation cut mid-sentence, words with no speech verb asked as a
saying, people who share a surname, a distractor the article also describes by the role asked
about, one-word names and titles of works offered as people, demand choices that are fragments,
figures of another size.
"""

from __future__ import annotations

import re
from dataclasses import replace

from questions.bank import TRUE, Question, Source
from questions.build.text import STOPWORDS, contains_words, words
from questions.lint.common import (
    _QUOTED,
    Lint,
    _is_who,
    _locate,
    _without,
    _wrong,
)
from questions.lint.rules_choices import _not_a_person

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
    opened = re.search(r"[“\"]", rest)
    closed = re.search(r"[”\"]", rest)
    if opened and not closed:
        spans.append((opened.start(), len(text)))
    elif closed and not opened:
        spans.append((0, closed.end()))
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


def _someone_else_speaks(q: Question, answer: str, lint: Lint) -> bool:
    """The excerpt holding the answer inside a quotation names, outside it, a person the prompt
    does not: the words are that person's, not the party's own."""
    for s in q.sources:
        where = _locate(s.text, answer)
        if where is None:
            continue
        spans = _quoted_spans(s.text)
        if not any(a <= where[0] and where[1] <= b for a, b in spans):
            return False
        outside = s.text
        for a, b in spans:
            outside = outside[:a] + " " * (b - a) + outside[b:]
        for p in lint.people:
            sur = p.split()[-1]
            if len(p.split()) >= 2 and contains_words(sur, outside) and not contains_words(sur, q.prompt):
                return True
        return False
    return False


def find_quoted_fact(q: Question, lint: Lint) -> str | None:
    """A demand told inside someone's quotation is that person's view ("Russia is demanding that
    NATO commit suicide", a historian's words), not the article's fact; and a prompt that says
    "according to a quotation" must be asking about one."""
    if q.kind != "demand" or q.type == "true_false":
        return None
    if q.prompt.startswith(_ACCORDING_QUOTE):
        if not any(_in_quotation(q, a) for a in _answers(q)):
            return "the prompt says “according to a quotation”, but the answer is the article's own words"
        return None
    theirs = any(_someone_else_speaks(q, a, lint) for a in _answers(q))
    if theirs and not q.prompt.startswith("According to "):
        return "the answer stands in someone else's quotation, but the prompt gives it as the article's fact"
    return None


def mend_quoted_fact(q: Question, lint: Lint) -> Question | None:
    if not q.prompt.startswith(_ACCORDING_QUOTE):
        return None  # whose quotation it is, the prompt cannot say: asked not at all
    rest = q.prompt[len(_ACCORDING_QUOTE) :]
    return replace(q, prompt=f"According to the article, {rest}")


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


def _cut_quote(q: Question, lint: Lint) -> bool:
    """The quotation asked about stops before its sentence ends: the article goes on with more of
    the same sentence after an attribution ("A literate population," insisted X, "will …"), or the
    quotation ends on a lone word that starts a sentence cut off ("… a prime minister. I")."""
    quote = _speaker_quote(q)
    if quote is None or quote.endswith("…"):
        return False
    body = quote.rstrip()
    if re.search(r"[.!?]\s+[A-Z]\w{0,2}$", body):
        return True
    if not lint.text:
        return False
    where = _locate(lint.text, body.rstrip(".,;"))
    if where is None:
        return False
    after = lint.text[where[1] : where[1] + 90]
    return bool(_CUT.match(after))


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
    """The article describes ``c`` by a role with the same head noun ("BT chief executive Ben
    Verwaayen" when the question asks who is "chief executive")."""
    head = role.split()[-1]
    if not lint.text or not head:
        return False
    name, h = re.escape(c), re.escape(head)
    before = rf"\b{h}\s+(?:[A-Z][\w'’-]*\s+){{0,2}}{name}\b"
    after = rf"\b{name},\s+(?:the\s+|a\s+|an\s+)?(?:[\w'’-]+\s+){{0,4}}{h}\b"
    pat = f"{before}|{after}"
    return re.search(pat, lint.text, re.I) is not None


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


def _is_work(c: str, lint: Lint) -> bool:
    if not lint.text or not c.strip():
        return False
    pat = rf"\b(?:{WORK_NOUNS})s?,?\s+[“\"]?{re.escape(c)}\b|[“\"]{re.escape(c)}[”\"]"
    return re.search(pat, lint.text, re.I) is not None


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


# --- demand choices ------------------------------------------------------------------------------

_DANGLING = frozenset("it them this these those he she they him her".split())
_NOT_AN_AIM = re.compile(r"^(?:want|wants|wanted|have to|has to|had to|need to|be able to)\b", re.I)


def _fragment_demand(c: str, answer: str) -> bool:
    """A demand choice that is no aim a party could have: a pronoun with nothing to refer to
    ("have it in spades"), a wish about wishing ("want to play games"), a verb with its object
    gone ("reduce to the role of …"), or a phrase of another shape than the key."""
    ws = re.findall(r"[A-Za-z'’-]+", c)
    if not ws or _DANGLING & {w.lower() for w in ws} or _NOT_AN_AIM.match(c):
        return True
    head, prep = (ws[0].lower(), ws[1].lower()) if len(ws) >= 2 else ("", "")
    if prep in ("to", "into", "onto") and head in ("reduce", "reduced", "turn"):
        return True
    # a noun-phrase key ("NATO's expansion") among verb phrases, or the reverse: told by the case
    # of a possessive or a capital at the start, the only shape a rule sees without a parser
    return _starts_with_name(c) != _starts_with_name(answer)


def _starts_with_name(text: str) -> bool:
    first = text.split()[0] if text.split() else ""
    return first[:1].isupper() or first.lower() in ("the", "a", "an", "all") or "'s" in first or "’s" in first


def find_fragment_demand(q: Question, lint: Lint) -> str | None:
    if q.kind != "demand" or q.type != "multiple_choice":
        return None
    for c in _wrong(q):
        if _fragment_demand(c, q.answer):
            return f"the choice “{c}” is a fragment or of another shape than the key, not an aim"
    return None


def mend_fragment_demand(q: Question, lint: Lint) -> Question | None:
    return _without(q, [c for c in _wrong(q) if _fragment_demand(c, q.answer)])


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


# --- punctuation ---------------------------------------------------------------------------------

_DOUBLE_COMMA = re.compile(r",\s*,")


def find_double_comma(q: Question, lint: Lint) -> str | None:
    if _DOUBLE_COMMA.search(q.prompt):
        return "a doubled comma (“,,”) where the prompt dropped words"
    return None


def mend_double_comma(q: Question, lint: Lint) -> Question | None:
    return replace(q, prompt=_DOUBLE_COMMA.sub(",", q.prompt))


def find_not_person_statement(q: Question, lint: Lint) -> str | None:
    """ "The article describes Kelby Capital as “Analyst”": a role is asked of a person only."""
    if q.kind != "role" or q.type != "true_false" or not lint.people:
        return None
    who = _role_subject(q)
    if who and (who not in lint.people or _not_a_person(who, lint)) and q.answer != TRUE:
        return f"“{who}” is not a person the article names: a role is asked of people only"
    return None
