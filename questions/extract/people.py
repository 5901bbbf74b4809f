"""People in an article: names, their short forms, their roles, and entity-label fixes.

spaCy's small model often mislabels names in news text (a person tagged ORG, a
publication tagged PERSON). The context decides here: a role title right before a name or a
speech verb after it makes a person; "written for X", "reported by X" or "told X" makes X
a publication.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Token

from questions.extract.name_variants import same_person_variants
from questions.nlp import ParsedArticle

#: Nouns that name a role or office. Generic English, not specific to any article.
ROLE_NOUNS = frozenset(
    """
president vice-president secretary secretary-general minister chief head leader spokesman spokeswoman
spokesperson director chairman chairwoman chair ceo cfo coo founder boss captain coach manager
governor senator mayor councillor councilor professor dr doctor historian analyst expert economist
official officer ambassador envoy general admiral commander judge lawyer attorney chancellor premier
king queen prince princess pope bishop editor correspondent reporter author writer researcher
scientist commissioner inspector mep msp mla superintendent sergeant detective deputy mp representative
congressman congresswoman lawmaker legislator executive adviser advisor consultant strategist
spokesperson striker midfielder defender goalkeeper forward player winger champion actor actress
singer director producer musician star presenter host chef partner owner investor trader
administrator principal teacher student campaigner activist negotiator diplomat prosecutor
chairperson treasurer regulator auditor founder co-founder boss secretary-of-state
critic programmer astronomer nurse midwife surgeon physician paramedic pharmacist engineer developer
designer architect pilot farmer driver lecturer curator organiser organizer volunteer commentator pundit
columnist novelist poet artist photographer firefighter vet landlord shopkeeper banker broker accountant
solicitor barrister magistrate coroner trustee headteacher headmaster headmistress principal dean provost
rector vicar priest rabbi imam chaplain sheriff constable warden governor-general leader treasurer
""".split()
)

#: Last words that make a capitalised name an organisation, not a person.
ORG_TAILS = frozenset(
    """
police awards award council party club united city fc ltd inc plc corp corporation company group bank
association union committee commission agency ministry department office institute university college
school hospital court parliament assembly government authority board foundation trust network news
times post journal magazine records studios festival league cup championship federation society
""".split()
)

HONORIFICS = frozenset("mr mrs ms miss dr sir dame lord lady prof".split())

SPEECH_VERBS = frozenset(
    """
say tell add state claim warn insist argue explain write note stress emphasise emphasize reiterate
announce declare reply respond comment admit acknowledge suggest told urge describe call dub
caution predict remark observe tweet post quip concede confirm deny report testify
""".split()
)

PUBLICATION_CUES = re.compile(
    r"(?:written for|writing for|wrote for|reported by|according to reports? (?:in|by)|told|"
    r"(?:op-ed|opinion piece|article|column|interview|editorial) (?:for|in|with)|"
    r"(?:website|newspaper|magazine|channel|broadcaster|outlet|network|daily|paper))\s+(?:the\s+)?$",
    re.IGNORECASE,
)

_NAME_TOKEN = re.compile(r"^[A-Z][\w'’.-]*$")


@dataclass(slots=True)
class Person:
    name: str
    mentions: list[tuple[int, int]] = field(default_factory=list)
    roles: list[tuple[str, tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    """(role text, role span, sentence span)."""
    confident: bool = False

    @property
    def surname(self) -> str:
        return self.name.split()[-1]

    @property
    def role(self) -> str | None:
        return self.roles[0][0] if self.roles else None


class People:
    """The persons and publications of one article, with name resolution."""

    def __init__(self) -> None:
        self.persons: dict[str, Person] = {}
        self.publications: set[str] = set()
        self.orgs: set[str] = set()
        #: how the article writes each organisation, article included ("the European Parliament")
        self.org_display: dict[str, str] = {}
        self.places: set[str] = set()
        #: answers of :meth:`resolve` once the people are all known (see :meth:`freeze`): the
        #: builders ask it for every pair of speakers, which is quadratic in a long article
        self._resolved: dict[str, str | None] | None = None

    def freeze(self) -> None:
        """No person is added or removed from now on: :meth:`resolve` may remember its answers."""
        self._resolved = {}

    def resolve(self, name: str) -> str | None:
        """The full name a (possibly short) name refers to, if it is a known person."""
        if self._resolved is None:
            return self._resolve(name)
        if name not in self._resolved:
            self._resolved[name] = self._resolve(name)
        return self._resolved[name]

    def _resolve(self, name: str) -> str | None:
        name = strip_honorific(clean_name(name))
        if not name:
            return None
        if name in self.persons:
            return self.persons[name].name
        toks = name.split()  # "Harlow" with a Patrick and a Peter Harlow in the article: nobody
        ends = [f for f in self.persons if len(f.split()) > len(toks) and f.split()[-len(toks) :] == toks]
        if len(ends) > 1:  # "Pat Harlow" and "Patrick W. Harlow": one man written two ways
            return None if not all(same_person_variants(ends[0], e) for e in ends) else max(ends, key=len)
        best = max(ends, key=len) if ends else None
        if not ends and len(toks) == 1:
            # a first name alone ("Ozzy"), when exactly one known person has it
            firsts = [f for f in self.persons if len(f.split()) >= 2 and f.split()[0] == toks[0]]
            if len(firsts) == 1:
                best = firsts[0]
        return best

    def resolve_at(self, name: str, pos: int) -> str | None:
        """Like :meth:`resolve`, but a surname shared by several people ("Osbourne") goes to
        the one named most recently before ``pos``."""
        toks = strip_honorific(clean_name(name)).split()
        if len(toks) == 1:
            same = [
                p for p in self.persons.values() if len(p.name.split()) > 1 and p.name.split()[-1] == toks[0]
            ]
            if len(same) > 1:

                def last_before(p: Person) -> int:
                    # only a mention by the full name tells namesakes apart: "his wife Sharon"
                    # does not make the next "Osbourne said" hers
                    full = [s for s, e in p.mentions if s < pos and e - s >= len(p.name)]
                    return max(full, default=-1)

                best = max(same, key=last_before)
                if last_before(best) >= 0:
                    return best.name
        return self.resolve(name)

    def longer(self, name: str) -> str | None:
        """The longest other known name that ends with this one ("Van Dyke" -> "Anna Van Dyke")."""
        toks = name.split()
        best = None
        for full in self.persons:
            ftoks = full.split()
            if (
                len(ftoks) > len(toks)
                and ftoks[-len(toks) :] == toks
                and (best is None or len(full) > len(best))
            ):
                best = full
        return best

    def get(self, name: str) -> Person | None:
        full = self.resolve(name)
        return self.persons.get(full) if full else None

    def is_person(self, name: str) -> bool:
        return self.resolve(name) is not None

    def names(self) -> list[str]:
        return sorted(self.persons)

    def variants(self, full: str, *, person: bool | None = None) -> list[str]:
        """Ways a reader may write a name. A person's (``person`` defaults to whether the article
        knows ``full`` as one): full, surname, given+surname. Any other name, an organisation's:
        see :meth:`org_variants`, never a word of it alone ("Closure" is no way of writing
        "Doctors for Camp Closure")."""
        toks = full.split()  # an office ("High Commissioner for Human Rights") has no surname
        if not (self.is_person(full) if person is None else person) or {"for", "of", "and"} & set(toks):
            return self.org_variants(full)
        out = [full]
        if len(toks) >= 2:
            out.append(toks[-1])
            if len(toks) >= 3:
                out.append(" ".join(toks[-2:]))
                out.append(f"{toks[0]} {toks[-1]}")
        return out

    def org_variants(self, full: str) -> list[str]:
        """Ways a reader may write an organisation's name: whole, with or without the leading
        "the" the article gives it, and its acronym or what the acronym stands for when the
        article names it both ways ("CBP" and "Customs and Border Protection"); nothing shorter."""
        base = re.sub(r"^the\s+", "", full, flags=re.IGNORECASE)
        out = [full, base, self.org_display.get(base, base)]
        if len(base.split()) > 1 and (short := acronym_of(base)) != base and short in self.orgs:
            out.append(short)
        if base.isupper() and base.isalpha() and 2 <= len(base) <= 6:
            longs = [o for o in self.orgs if len(o.split()) > 1 and acronym_of(o) == base]
            out += longs if len(longs) == 1 else []
        return list(dict.fromkeys(out))


#: words an acronym leaves out ("Customs and Border Protection" -> "CBP")
_ACRONYM_SKIP = frozenset({"and", "of", "for", "the", "&"})


def acronym_of(name: str) -> str:
    """ "Customs and Border Protection" -> "CBP"."""
    return "".join(w[0] for w in name.split() if w.lower() not in _ACRONYM_SKIP and w[:1].isupper())


def clean_name(text: str) -> str:
    text = re.sub(r"[\"“”‘’]+$", "", text.strip())
    text = re.sub(r"['’]s$", "", text)
    text = re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.IGNORECASE)
    return text.strip(" ,.;:")


def strip_honorific(name: str) -> str:
    toks = name.split()
    while toks and toks[0].lower().rstrip(".") in HONORIFICS:
        toks = toks[1:]
    return " ".join(toks)


#: words before a role that say it is no longer (or not yet) held: "ex-head", "former minister",
#: "then-chairman"; a role read without them is a falsehood
_PAST_ROLE = re.compile(
    r"(?:\b(?:ex|then|one-time|onetime|erstwhile|former|future|would-be)\s*[-–]?\s*)+$", re.I
)


def with_prefix(text: str, start: int, end: int) -> tuple[int, int]:
    """A role's span grown back over a prefix that changes its meaning ("ex-", "former")."""
    m = _PAST_ROLE.search(text, max(0, start - 30), start)
    return (m.start(), end) if m and m.end() == start else (start, end)


@lru_cache(maxsize=16384)
def is_role_word(word: str) -> bool:
    w = word.lower().strip(".,")
    if w in ROLE_NOUNS:
        return True
    parts = re.split(r"[-/]", w)
    return any(p in ROLE_NOUNS for p in parts) or w.endswith(("ian", "ist")) and len(w) > 5


def role_before(tokens: Doc, start_i: int) -> tuple[int, int] | None:
    """Token range [a, start_i) of a role title right before a name ("NATO chief", "historian")."""
    i = start_i - 1
    has_role = False
    a = start_i
    while i >= 0:
        t = tokens[i]
        if t.text in ("-", "–") and i > 0 and not tokens[i - 1].is_punct:
            a = i
            i -= 1
            continue
        if t.is_punct or t.pos_ in ("VERB", "AUX", "ADP", "DET", "PRON", "CCONJ", "SCONJ", "PART", "NUM"):
            break
        if t.pos_ not in ("PROPN", "NOUN", "ADJ", "X") and t.lower_ not in ("former", "ex", "then", "deputy"):
            break
        if is_role_word(t.text):
            has_role = True
        elif (
            t.pos_ == "ADJ"
            and t.lower_
            not in (
                "former",
                "top",
                "senior",
                "chief",
                "deputy",
                "acting",
                "foreign",
                "then",
                "prime",
                "assistant",
                "junior",
                "executive",
                "general",
                "interim",
                "vice",
            )
            and not t.text[:1].isupper()
        ):
            break
        a = i
        i -= 1
        if start_i - i > 7:
            break
    if not has_role or a == start_i:
        return None
    if all(tokens[k].lower_.rstrip(".") in HONORIFICS | {"professor"} for k in range(a, start_i)):
        return None  # "Dr", "Professor": a title, not a role to ask about
    # a role ends with a role word: "NATO chief" yes, "NATO chief Jens" is the name
    j = start_i - 1
    while j >= a and not is_role_word(tokens[j].text):
        j -= 1
    if j < a:
        return None
    return a, j + 1


def _under(t: Token, top: Token) -> bool:
    """True when ``t`` hangs from ``top`` through a prepositional phrase or a clause."""
    x = t
    while x.i != top.i and x.head.i != x.i:
        if x.dep_ in ("prep", "relcl", "acl", "advcl"):
            return True
        x = x.head
    return False


def find_people(pa: ParsedArticle) -> People:
    """Collect persons (with roles), publications, organisations and places."""
    people = People()
    candidates: list[
        tuple[str, int, int, int, int, int, bool]
    ] = []  # name, s, e, para, ent.start, ent.end, sure
    for p, doc in enumerate(pa.docs):
        doc_text = doc.text  # spaCy builds it anew at each use
        for ent in doc.ents:
            text = ent.text
            s, e = pa.abs(p, ent)
            if pa.article.is_masked(s, e):
                continue
            before = doc_text[max(0, ent.start_char - 40) : ent.start_char]
            if PUBLICATION_CUES.search(before):
                people.publications.add(clean_name(text))
                continue
            toks = [t for t in ent if not t.is_punct]
            proper = toks and all(_NAME_TOKEN.match(t.text) for t in toks)
            if ent.label_ in ("GPE", "LOC", "FAC"):
                people.places.add(clean_name(text))
            if ent.label_ == "ORG":
                people.orgs.add(clean_name(text))
                shown = text.strip(" ,.;:'’\"“”")
                people.org_display.setdefault(
                    clean_name(text), "the " + shown[4:] if shown.startswith("The ") else shown
                )
            if not proper:
                continue
            start_i, end_i = ent.start, ent.end
            # extend a name leftwards over capitalised words the model left out ("Maria" Lopez Garcia)
            while (
                start_i > 0
                and _NAME_TOKEN.match(doc[start_i - 1].text)
                and doc[start_i - 1].pos_ == "PROPN"
                and not is_role_word(doc[start_i - 1].text)
                and doc[start_i - 1].ent_type_ in ("", "PERSON")
                and doc[start_i - 1].i > doc[start_i - 1].sent.start
            ):
                start_i -= 1
            role = role_before(doc, start_i)
            after = doc[end_i : end_i + 3]
            speaks = any(t.lemma_.lower() in SPEECH_VERBS for t in after[:2]) or (
                ent.root.dep_ in ("nsubj",) and ent.root.head.lemma_.lower() in SPEECH_VERBS
            )
            sure = ent.label_ == "PERSON" and len(toks) >= 2
            if (
                ent.label_ == "PERSON"
                or role is not None
                or (speaks and ent.label_ in ("ORG", "WORK_OF_ART", ""))
            ):
                if ent.label_ != "PERSON" and role is None and len(toks) < 2:
                    continue
                candidates.append(
                    (
                        doc[start_i:end_i].text,
                        s - (ent.start_char - doc[start_i].idx),
                        e,
                        p,
                        start_i,
                        end_i,
                        sure or role is not None,
                    )
                )
                if role is not None:
                    rs, re_ = with_prefix(pa.text, *pa.abs(p, doc[role[0] : role[1]]))
                    sent = doc[start_i].sent
                    name = strip_honorific(clean_name(doc[start_i:end_i].text))
                    people.persons.setdefault(name, Person(name))
                    people.persons[name].roles.append((pa.text[rs:re_], (rs, re_), pa.abs(p, sent)))
    for p, doc in enumerate(pa.docs):
        for tok in doc:
            if tok.dep_ != "appos" or tok.head.pos_ != "PROPN":
                continue
            if not (
                is_role_word(tok.text) or any(c.dep_ == "conj" and is_role_word(c.text) for c in tok.children)
            ):
                continue
            name = strip_honorific(
                clean_name(
                    " ".join(t.text for t in tok.head.subtree if t.pos_ == "PROPN" and t.i <= tok.head.i)
                )
            )
            full = people.resolve(name) or (name if name in {c[0] for c in candidates} else None)
            if (
                not full
                or full not in people.persons
                and not any(strip_honorific(clean_name(c[0])) == full for c in candidates)
            ):
                continue
            # the role itself, without where or whom ("astronomer", not "astronomer at the University")
            toks = [t for t in tok.subtree if (not t.is_punct or t.text in ("-", "'")) and not _under(t, tok)]
            while toks and toks[0].pos_ == "DET":
                toks = toks[1:]
            if not toks or len(toks) > 10 or toks[-1].i - toks[0].i + 1 != len(toks):
                continue
            rs, re_ = with_prefix(pa.text, *pa.abs(p, doc[toks[0].i : toks[-1].i + 1]))
            people.persons.setdefault(full, Person(full))
            people.persons[full].roles.append((pa.text[rs:re_], (rs, re_), pa.abs(p, tok.sent)))
    # names the model did not tag as people: capitalised runs after a role word ("Striker Marcus
    # Delaney") or before a speech verb ("Delaney said")
    covered = {(c[3], i) for c in candidates for i in range(c[4], c[5])}
    for p, doc in enumerate(pa.docs):
        i = 0
        while i < len(doc):
            if (
                not (_NAME_TOKEN.match(doc[i].text) and doc[i].pos_ == "PROPN")
                or (p, i) in covered
                or doc[i].ent_type_ in ("GPE", "LOC", "NORP", "DATE", "FAC")
                or is_role_word(doc[i].text)
            ):
                i += 1
                continue
            j = i
            while (
                j < len(doc)
                and _NAME_TOKEN.match(doc[j].text)
                and doc[j].pos_ == "PROPN"
                and (p, j) not in covered
                and doc[j].ent_type_ not in ("GPE", "LOC", "NORP", "DATE", "FAC")
                and j - i < 4
            ):
                j += 1
            role = role_before(doc, i)
            last = doc[j - 1]
            speaks = last.dep_ in ("nsubj",) and last.head.lemma_.lower() in SPEECH_VERBS
            j = office_end(doc, j) if speaks and j - i >= 2 else j  # "High Commissioner for Human Rights"
            s_abs, e_abs = pa.abs(p, doc[i:j])
            if (role is not None or (speaks and j - i >= 2)) and not pa.article.is_masked(s_abs, e_abs):
                name = strip_honorific(clean_name(doc[i:j].text))
                if name and name.split()[-1].lower() not in ORG_TAILS:
                    candidates.append((doc[i:j].text, s_abs, e_abs, p, i, j, True))
                    if role is not None:
                        rs, re_ = with_prefix(pa.text, *pa.abs(p, doc[role[0] : role[1]]))
                        people.persons.setdefault(name, Person(name))
                        people.persons[name].roles.append(
                            (pa.text[rs:re_], (rs, re_), pa.abs(p, doc[i].sent))
                        )
            i = max(j, i + 1)
    # longest names first, so short forms resolve to them
    for name, s, e, _p, _a, _b, sure in sorted(candidates, key=lambda c: -len(c[0].split())):
        name = strip_honorific(clean_name(name))
        if not name or name in people.publications:
            continue
        full = people.resolve(name) or name
        person = people.persons.setdefault(full, Person(full))
        person.mentions.append((s, e))
        person.confident = person.confident or sure or len(full.split()) >= 2
    # names that end like an organisation ("Thames Valley Police", "Grammy Awards") are not people
    for name in list(people.persons):
        if name.split()[-1].lower() in ORG_TAILS:
            people.orgs.add(name)
            del people.persons[name]
    # names that are also places or organisations elsewhere, and never confidently a person, are not people
    for name in list(people.persons):
        per = people.persons[name]
        if not per.confident and not per.roles and (name in people.places or name in people.orgs):
            del people.persons[name]
        elif name in people.publications:
            del people.persons[name]
    # a role recorded under a short form moves to the full name
    for name in sorted(people.persons, key=lambda n: len(n.split())):
        longer = people.longer(name)
        if longer and name in people.persons:
            people.persons[longer].roles.extend(people.persons[name].roles)
            people.persons[longer].mentions.extend(people.persons[name].mentions)
            del people.persons[name]
    people.freeze()
    return people


def office_end(doc: Doc, j: int) -> int:
    """The end of a name run ``[.., j)`` grown over an office's capitalised "for"/"of" phrase."""
    prep = doc[j] if j < len(doc) and is_role_word(doc[j - 1].text) else None
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
    if prep is None or obj is None or prep.lower_ not in ("for", "of") or prep.head.i != j - 1:
        return j
    words = doc[j + 1 : obj.i + 1]
    ok = len(words) <= 4 and obj.right_edge.i == obj.i
    return obj.i + 1 if ok and all(t.pos_ == "PROPN" and _NAME_TOKEN.match(t.text) for t in words) else j
