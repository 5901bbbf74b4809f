"""Rules on a question's prompt and blank: no blank, a trivial blank, a highlight off the answer,
an unresolved pronoun, a quote fragment, doubled punctuation, a long true/false statement.
"""

from __future__ import annotations

import re
from dataclasses import replace

from questions.bank import Question, Source
from questions.build.text import (
    BLANK,
    STOPWORDS,
    contains_words,
    norm,
    predicate_quote,
    words,
)
from questions.lint.common import (
    _DOUBLED,
    _QUOTED,
    DETERMINERS,
    GENERIC_NOUNS,
    MAX_TF_WORDS,
    MIN_QUOTE_WORDS,
    NUMBER_WORDS,
    OBJECT_FOLLOWERS,
    POSSESSIVES,
    PRONOUNS,
    REPORTING_VERBS,
    SHORT_QUOTE_WORDS,
    Lint,
    _blank_answer,
    _locate,
    _statement,
)


def find_no_blank(q: Question, lint: Lint) -> str | None:
    if q.type == "cloze" and BLANK not in q.prompt:
        return "the cloze prompt lost its blank (cut with “…”?), so the answer does not follow the text"
    if q.type == "multiple_choice" and "completes" in q.prompt and BLANK not in q.prompt:
        return "the prompt asks to complete a sentence that has no blank"
    return None


#: a count this small, with no unit, is wording ("the two leaders", "two separate issues")
SMALL_COUNTS = frozenset("one two three 1 2 3".split())


def find_trivial_blank(q: Question, lint: Lint) -> str | None:
    if not _blank_answer(q):
        return None
    ws = words(q.answer)
    if q.kind == "number" and norm(q.answer) in SMALL_COUNTS:
        return (
            f"the blank “{q.answer}” is a small count of the sentence's wording, not a figure worth testing"
        )
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
        # "Who said he was “very moved”?": the speaker asked about is the one who said it of himself
        own_words = (
            n == 2
            and tokens[0].lower() == "who"
            and prev in REPORTING_VERBS
            and (
                w.lower() in ("he", "she", "his", "her")
                # "Who said it “regrets …”?": a body speaks of itself as "it"
                or (
                    q.kind == "speaker"
                    and q.prompt.startswith("Who said it “")
                    and q.answer not in lint.people
                )
            )
        )
        refers_back = own_words or (seen_name and (possessive or prev in REPORTING_VERBS))
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
    if quoted and re.fullmatch(r"Who (?:said|posted) “[^”]*”\?", q.prompt) and predicate_quote(quoted[0]):
        return f"the quoted words {quoted[0]} are a predicate whose subject the prompt does not give"
    if quoted and len(words(quoted[0])) < MIN_QUOTE_WORDS:
        return f"the quoted words {quoted[0]} are too short a fragment to ask who said them"
    if quoted and len(words(quoted[0])) < SHORT_QUOTE_WORDS and q.answer.split():
        # a phrase of a few words is fair only where its own sentence names who used it
        phrase, surname = quoted[0].strip('“”"').rstrip(".,"), q.answer.split()[-1]
        if not any(phrase in s.text and surname in s.text for s in q.sources):
            return f"the few words {quoted[0]} do not stand beside the name of who said them"
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


#: a small word the article's typo doubles ("on the the sentencing")
_DOUBLED_WORD = re.compile(r"\b(the|a|an|to|of|and|in|on|for|at|by|with)\s+\1\b", re.I)


def find_doubled_word(q: Question, lint: Lint) -> str | None:
    m = _DOUBLED_WORD.search(q.prompt)
    return f"the article's typo “{m.group(0)}” copied into the prompt" if m else None


def mend_doubled_word(q: Question, lint: Lint) -> Question | None:
    return replace(q, prompt=_DOUBLED_WORD.sub(r"\1", q.prompt))


def find_long_tf(q: Question, lint: Lint) -> str | None:
    if q.type == "true_false" and len(_statement(q).split()) > MAX_TF_WORDS:
        return f"a true/false statement of {len(_statement(q).split())} words tests nothing in particular"
    return None


#: words that point at nothing a prompt names: "What did we call for?", "What did X want to do this time?"
#: (case kept: "the US" is a name)
_DEICTIC = re.compile(r"\b(?:[Ww]e|us|[Oo]urs?|[Tt]his|[Tt]hese|[Tt]hose)\b")


def find_no_choices_prompt(q: Question, lint: Lint) -> str | None:
    """ "Which of these …?" asked with no choices to pick from."""
    if q.type not in ("multiple_choice", "true_false") and "which of these" in q.prompt.lower():
        return "the prompt asks “which of these” but offers no choices"
    return None


def find_demand_deictic(q: Question, lint: Lint) -> str | None:
    """A demand prompt with "we", "our" or "this" outside a quotation: who or what it means is in the
    article, not in the question ("What did we call for?")."""
    if q.kind != "demand" or q.type == "true_false":
        return None
    # "which of these" points at the choices, "those addressed" at whoever a plea was made to
    own = re.sub(r"\b[Ww]hich of these\b|\bthose addressed\b", " ", _QUOTED.sub(" ", q.prompt))
    m = _DEICTIC.search(own)
    return f"the prompt's “{m.group(0)}” does not say who or what it means" if m else None
