"""Turning a parsed clause into a grammatical wh-question ("When did NATO deliver ...?").

Works on spaCy's dependency parse. It returns ``None`` rather than a doubtful question;
the builders then fall back to a cloze prompt, which is always grammatical.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Token

PRONOUNS = frozenset("i you he she it we they this that these those one who which".split())
KEEP_RIGHT = frozenset(
    "dobj dative prt prep xcomp ccomp attr acomp oprd agent conj cc advmod npadvmod "
    "pobj obj iobj compound amod nummod det poss case".split()
)
DROP_ALWAYS = frozenset("punct advcl mark parataxis appos intj meta dep".split())
QUOTES = '"“”‘’'


def governing_verb(token: Token) -> Token | None:
    """The nearest verb that a token (the head of a date, say) belongs to."""
    t = token
    for _ in range(12):
        if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass"):
            return t
        if t.head.i == t.i:
            return None
        t = t.head
    return None


def subject_of(verb: Token) -> Token | None:
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass", "csubj", "csubjpass", "expl"):
            return c
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        return subject_of(verb.head)
    return None


def render(tokens: Iterable[Token]) -> str:
    """Text of tokens (in order), keeping the article's own spacing where they are adjacent."""
    toks = sorted(set(tokens), key=lambda t: t.i)
    out: list[str] = []
    for n, t in enumerate(toks):
        out.append(t.text)
        nxt = toks[n + 1] if n + 1 < len(toks) else None
        if nxt is not None:
            out.append(t.whitespace_ if nxt.i == t.i + 1 else " ")
    text = "".join(out)
    text = re.sub(r"\s+([,.;:!?%)])", r"\1", text)
    text = re.sub(r"\s+", " ", text)
    return text.strip(" ,;:-–—")


def _strip_quotes(text: str) -> str:
    # a question quotes nothing unless the quote is whole: drop unpaired marks
    n = sum(text.count(q) for q in QUOTES)
    if n % 2:
        text = text.translate({ord(q): None for q in QUOTES})
    return re.sub(r"\s+", " ", text).strip()


def clause_tokens(verb: Token, drop: set[int]) -> tuple[list[Token], list[Token], list[Token]] | None:
    """(subject tokens, auxiliaries, rest) of the clause headed by ``verb``, without ``drop``."""
    subj = subject_of(verb)
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass", "neg") and c.i < verb.i]
    rest: list[Token] = []
    for c in verb.children:
        if c.i < verb.i or c.dep_ in DROP_ALWAYS or c.i in drop:
            continue
        if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") and not _same_event(verb, c):
            continue  # a second clause with its own subject or tense is a different event
        if c.dep_ == "cc" and not any(
            x.dep_ == "conj" and x.i > c.i and _same_event(verb, x) for x in verb.children
        ):
            continue
        rest.extend(t for t in c.subtree if t.i not in drop and not _in_dropped_clause(t, c))
    subj_toks = (
        [t for t in subj.subtree if t.i not in drop and t.dep_ not in ("punct",)] if subj is not None else []
    )
    return subj_toks, aux, rest


def _same_event(verb: Token, conj: Token) -> bool:
    if subject_of_direct(conj) is not None:
        return False
    if any(c.dep_ in ("aux", "auxpass") for c in conj.children):
        return False
    return conj.tag_ == verb.tag_


def subject_of_direct(verb: Token) -> Token | None:
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl"):
            return c
    return None


def _in_dropped_clause(t: Token, top: Token) -> bool:
    x = t
    while x.i != top.i and x.head.i != x.i:
        if x.dep_ in ("advcl", "parataxis", "appos", "relcl"):
            return True
        x = x.head
    return False


def _lemma_verb(t: Token) -> str:
    lemma = t.lemma_
    if t.text[:1].isupper() and t.i != t.sent.start:
        return t.text
    return lemma.lower() if lemma else t.text


def wh_question(verb: Token | None, drop: set[int], *, wh: str = "When") -> str | None:
    """A wh-question about the clause headed by ``verb``, leaving out the tokens in ``drop``."""
    if verb is None:
        return None
    # a date or place inside an embedded clause ("proposed replacing the routes with a service
    # from April") dates that clause, not the main verb: no wh-question (the cloze stays right)
    if verb.dep_ in ("xcomp", "ccomp", "pcomp") or any(
        c.tag_ == "TO" and c.dep_ == "aux" for c in verb.children
    ):
        return None
    if verb.dep_ == "acl" and verb.tag_ == "VBN" and subject_of(verb) is None:
        # "the proposal made in December" -> "When was the proposal made?"
        noun = verb.head
        subj_toks = [
            t
            for t in noun.subtree
            if t.i not in drop
            and t.i < verb.i
            and not (verb.left_edge.i <= t.i <= verb.right_edge.i)
            and t.dep_ not in ("punct", "appos", "relcl")
        ]
        parts = clause_tokens(verb, drop)
        rest = parts[2] if parts else []
        subject = render(subj_toks)
        if not subject:
            return None
        be = "were" if noun.tag_ in ("NNS", "NNPS") else "was"
        q = f"{wh} {be} {_lower_first(subject, subj_toks)} {verb.text} {render(rest)}".strip()
        return _finish(q)
    parts = clause_tokens(verb, drop)
    if parts is None:
        return None
    subj_toks, aux, rest = parts
    if not subj_toks:
        return None
    head = subject_of(verb)
    if head is not None and head.lower_ in PRONOUNS and len(subj_toks) == 1:
        return None
    subject = _lower_first(render(subj_toks), subj_toks)
    # conjoined verbs sharing the subject take the base form too ("terminate ... and seal ...")
    rest_text = _rest_text(verb, rest, base=not aux and verb.lemma_.lower() != "be")
    neg = [a for a in aux if a.dep_ == "neg"]
    aux = [a for a in aux if a.dep_ != "neg"]
    neg_text = " not" if neg else ""
    if aux:
        first, others = aux[0], aux[1:]
        middle = " ".join(a.text for a in others)
        q = f"{wh} {first.text.lower()} {subject}{neg_text} {middle} {verb.text} {rest_text}"
    elif verb.lemma_.lower() == "be":
        q = f"{wh} {verb.text.lower()} {subject}{neg_text} {rest_text}"
    else:
        do = {"VBD": "did", "VBZ": "does", "VBP": "do"}.get(verb.tag_)
        if do is None:
            return None
        q = f"{wh} {do} {subject}{neg_text} {_lemma_verb(verb)} {rest_text}"
    return _finish(q)


def _rest_text(verb: Token, rest: list[Token], *, base: bool) -> str:
    if not base:
        return render(rest)
    pieces: list[tuple[Token, str]] = []
    for t in sorted(rest, key=lambda x: x.i):
        if t.dep_ == "conj" and t.head.i == verb.i and t.tag_ in ("VBD", "VBZ", "VBP"):
            pieces.append((t, _lemma_verb(t)))
        else:
            pieces.append((t, t.text))
    out = []
    for n, (t, text) in enumerate(pieces):
        out.append(text)
        if n + 1 < len(pieces):
            out.append(t.whitespace_ if pieces[n + 1][0].i == t.i + 1 else " ")
    text = re.sub(r"\s+([,.;:!?%)])", r"\1", "".join(out))
    return re.sub(r"\s+", " ", text).strip(" ,;:")


def _lower_first(text: str, toks: list[Token]) -> str:
    if not toks:
        return text
    first = min(toks, key=lambda t: t.i)
    if first.pos_ == "DET" or (
        first.pos_ != "PROPN" and first.text != "I" and not first.text.isupper() and first.ent_type_ == ""
    ):
        return text[:1].lower() + text[1:]
    return text


_BARE_ENDING = re.compile(
    r"\b(?:say|said|tell|told|add|added|announce|announced|state|stated|write|wrote)$", re.I
)


def _finish(q: str) -> str | None:
    q = _strip_quotes(q)
    if q.count("(") != q.count(")") or q.count("[") != q.count("]"):
        return None
    q = re.sub(r"\s+", " ", q).strip(" ,;:.-–—")
    q = re.sub(r"\s+([,.;:!?%)])", r"\1", q)
    words = q.split()
    if _BARE_ENDING.search(q):
        return None  # "When did the society say?": what it said was a quotation, left out
    if len(words) < 4 or len(words) > 45:
        return None
    return q + "?"


def prep_phrase(tokens: list[Token]) -> set[int]:
    """Token indices of the smallest phrase around ``tokens`` to remove from a clause:
    the prepositional phrase that holds them ("on January 26"), or the tokens themselves."""
    root = min(tokens, key=lambda t: t.i)
    for t in tokens:
        if t.head not in tokens:
            root = t
            break
    head = root.head
    if head.pos_ == "ADP" or head.dep_ == "prep":
        return {t.i for t in head.subtree}
    ids = {t.i for t in root.subtree}
    # a bare date used as an adverb ("Wednesday", "last year") goes with a preceding "on"/"in"
    first = min(ids)
    doc = root.doc
    if first > 0 and doc[first - 1].lower_ in ("on", "in", "during", "since", "by", "until", "at"):
        ids.add(first - 1)
    return ids
