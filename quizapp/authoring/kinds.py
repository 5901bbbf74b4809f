"""Guessing what a hand-written question asks about (its kind) from its words.

A teacher who leaves "What it asks about" on "Guess it from the question" gets the kind these rules
find; a question none of them fits is "other", never a silent "Dates" (issue 16, point 2). The rules
are about how English questions are asked ("Who said…", "When…", "What did … demand"), not about any
article. Written by hand because it is a dozen patterns over the question's own words; a classifier
would need training data the app does not have.
"""

from __future__ import annotations

import re

from quizapp.library.labels import kind_label

#: the choice in the editor that asks for a guess; never stored on a question
GUESS = "guess"

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
#: (kind, pattern) in order: the first that matches the question wins ("How many … in 2021" counts)
_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "speaker",
        re.compile(
            r"\bwho\b[^?.]*\b(said|says|say|stated|told|warned|declared|announced|claimed|added|wrote)\b"
            r"|\b(said|says|stated|told|warned|declared)\b[^?.]*\bwho\b"
            r"|\b(whose words|quoted|who is quoted|the speaker)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "demand",
        re.compile(
            r"\b(demand|demands|demanded|demanding|wants?|wanted|call(?:s|ed)? for|insist(?:s|ed)?"
            r"|requests?|requested|asks? for|asked for|require[sd]?)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "number",
        re.compile(
            r"\b(how many|how much|what number|what percentage|what share|how long|how far|how old)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "date",
        re.compile(
            r"\b(when|what date|which date|what day|which day|what year|which year|in what month)\b"
            rf"|\b({_MONTHS})\b\.?\s*\d|\b\d{{1,2}}\s+({_MONTHS})\b|\b(1[89]|20)\d\d\b",
            re.IGNORECASE,
        ),
    ),
    (
        "place",
        re.compile(
            r"\b(where|which city|which country|what city|what country|in which place)\b", re.IGNORECASE
        ),
    ),
    (
        "role",
        re.compile(
            r"\b(what is the (job|role|title|position)|what (job|role|post|position)|who is the|who was the"
            r"|which (office|post|position)|serves? as)\b",
            re.IGNORECASE,
        ),
    ),
)


def guess_kind(prompt: str, answer: str = "") -> str:
    """The kind a question seems to ask about: one of ``questions.KINDS``, or ``"other"``.

    The question's words decide first; the answer only when they say nothing (a bare date or a
    number as the answer of "Fill in: The talks began on ___").
    """
    for kind, pattern in _RULES:
        if pattern.search(prompt):
            return kind
    answer = answer.strip()
    if answer:
        if dict(_RULES)["date"].search(answer):
            return "date"
        if re.fullmatch(r"[\d.,\s%]+(percent|million|billion|thousand)?", answer, re.IGNORECASE):
            return "number"
    return "other"


def saved_message(chosen: str | None, kind: str) -> str:
    """What the editor says once a question is saved: the kind it got, when that was a guess."""
    if chosen != GUESS:
        return "Question saved."
    if kind == "other":
        return "Question saved. Its kind could not be guessed from its words: it is listed under “Other”."
    return f"Question saved as “{kind_label(kind)}”, guessed from its words (edit it to change that)."
