"""Date mentions: finding the dates a sentence names and the verb whose event each dates."""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Span, Token

from questions.extract.clauses import subject_of
from questions.extract.date_resolution import _CLOCK, _DURATION, _LEAD, _PREFIX, classify, split_affixes
from questions.nlp import ParsedArticle

_MON_NC = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.|Feb\.|Mar\.|Apr\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
)
_EXPLICIT = re.compile(
    rf"\b(?:{_MON_NC}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MON_NC},?\s+\d{{4}}"
    rf"|{_MON_NC},?\s+\d{{4}}|{_MON_NC}\s+\d{{1,2}}(?:st|nd|rd|th)?(?![\d,])|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MON_NC})(?!\w)"
)
_WEEKDAY_IN = re.compile(
    r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b(?:\s+(?:morning|afternoon|evening|night)\b)?"
)
_YEAR_IN = re.compile(r"(?<![\w£$€-])(?:1[5-9]\d\d|20\d\d)(?![\w%])")


#: entity labels that may hold a date: a weekday in a TIME ("Sunday night"), a year in an EVENT
#: ("the 2012 Olympics")
_DATE_LABELS = ("DATE", "TIME", "EVENT")
_PART_OF_DAY = {"morning", "afternoon", "evening", "night"}


def _is_date_text(text: str) -> bool:
    text = _LEAD.sub("", text.strip())
    pre = _PREFIX.match(text)
    core = text[pre.end() :] if pre and classify(text[pre.end() :]) else text
    return bool(classify(core) or _DURATION.match(core) or classify(split_affixes(core)[1]))


def date_mentions(sent: Span) -> list[Span]:
    """DATE entities, narrowed to the date inside them ("the summer of 2019" -> 2019), plus
    explicit dates the model did not tag, a weekday in a TIME entity and a year in an EVENT."""
    doc = sent.doc
    out: list[Span] = []
    taken: list[tuple[int, int]] = []
    for ent in sent.ents:
        if ent.label_ not in _DATE_LABELS:
            continue
        if _is_date_text(ent.text) and (ent.label_ == "DATE" or not _DURATION.match(ent.text.strip())):
            # "Thursday" + "morning" (tagged apart): the part of the day belongs to the answer
            if ent.end < len(doc) and doc[ent.end].lower_ in _PART_OF_DAY and classify(ent.text.strip()):
                ent = doc[ent.start : ent.end + 1]
            out.append(ent)
            taken.append((ent.start_char, ent.end_char))
            continue
        # every date inside: "2017 and 2018", "the summer of 2019", "Twitter Friday"
        found = list(_EXPLICIT.finditer(ent.text)) or list(_YEAR_IN.finditer(ent.text))
        if not found and ent.label_ != "EVENT":
            found = list(_WEEKDAY_IN.finditer(ent.text))
        for m in found:
            sub = doc.char_span(ent.start_char + m.start(), ent.start_char + m.end(), alignment_mode="expand")
            if sub is not None:
                out.append(sub)
                taken.append((sub.start_char, sub.end_char))
    for m in _EXPLICIT.finditer(sent.text):
        a, b = sent.start_char + m.start(), sent.start_char + m.end()
        if any(x < b and a < y for x, y in taken):
            continue
        sub = doc.char_span(a, b, alignment_mode="expand")
        if sub is not None:
            out.append(sub)
            taken.append((a, b))
    return sorted((_with_clock_time(sent, x) for x in out), key=lambda x: x.start_char)


def _with_clock_time(sent: Span, span: Span) -> Span:
    """ "at 0300 GMT on Friday": the clock time belongs to the weekday's answer."""
    if not _WEEKDAY_IN.match(span.text):
        return span
    m = _CLOCK_BEFORE.search(sent.doc.text[sent.start_char : span.start_char])
    if m is None:
        return span
    wider = sent.doc.char_span(sent.start_char + m.start(), span.end_char)
    return wider if wider is not None else span


_CLOCK_BEFORE = re.compile(rf"(?<!\S){_CLOCK}\s+on\s+$", re.I)


#: how a date stands in its clause when it dates the clause's own verb: "on Monday", "Monday",
#: "in 2004"; a date inside a noun phrase ("the 2030 session", "Tuesday's debate") dates that noun
_DIRECT_DEPS = ("npadvmod", "advmod", "tmod", "obl", "dobj", "attr", "nsubj", "nsubjpass")


def dated_verb(ent: Span) -> Token | None:
    """The verb whose event the date dates, in the parse, or None when the date belongs to a noun
    ("meetings ahead of the 2030 session", "during Tuesday's debate")."""
    root = ent.root
    head = root.head
    if root.dep_ == "pobj" and head.dep_ in ("prep", "agent"):
        # "on Monday", "at 0300 GMT on Friday", "by the end of March"
        target = head.head
    elif root.dep_ in _DIRECT_DEPS or root.dep_ == "ROOT":
        target = head if root.dep_ != "ROOT" else root
    else:
        return None
    if target.pos_ in ("VERB", "AUX") and target.dep_ not in ("aux", "auxpass"):
        return target
    # "was set to begin ... Wednesday", "due on Monday": an adjective or particle of its verb
    if (
        target.pos_ in ("ADJ", "ADP")
        and target.head.pos_ in ("VERB", "AUX")
        and target.dep_
        in (
            "acomp",
            "prt",
            "advmod",
        )
    ):
        return target.head
    return None


def masked_at(pa: ParsedArticle, para: int) -> Callable[[Token], bool]:
    """token -> True when it stands in a masked span (a wire dateline "LONDON (AP) —", a credit)."""

    def masked(t: Token) -> bool:
        s, e = pa.abs(para, t)
        return pa.article.is_masked(s, e)

    return masked


def _asks_one_date(ent: Span, mentions: list[Span], masked: Callable[[Token], bool]) -> bool:
    """The wh-question of a date is safe to ask: its verb is dated by this date alone ("rose from
    5m in 2026 to 9m by 2032" has two answers), its subject is not a wire dateline, and the
    parse of its clause holds together ("flooded the road on Friday and more was forecast Saturday":
    "more" parsed as a verb's conjunct leaves "forecast" with the wrong subject)."""
    verb = dated_verb(ent)
    if verb is None:
        return True  # the relative-clause question ("2014, when ...") dates that clause alone
    if any(m is not ent and m.sent == ent.sent and dated_verb(m) == verb for m in mentions):
        return False
    subj = subject_of(verb)
    if subj is not None and any(masked(t) for t in subj.subtree):
        return False
    if subj is not None and subj.pos_ in ("ADJ", "NUM", "DET"):
        return False  # "the first was held in 2019": the first what?
    base = verb.head if verb.dep_ == "conj" else verb
    return not any(c.dep_ == "conj" and c.pos_ not in ("VERB", "AUX") for c in base.children)
