"""The words the pages use for a question's kind (what it asks about) and type (how it is asked)."""

from __future__ import annotations

KIND_LABELS = {
    "date": "Dates",
    "speaker": "Who said it",
    "demand": "Demands",
    "role": "Roles",
    "place": "Places",
    "number": "Numbers",
}
TYPE_LABELS = {
    "multiple_choice": "Multiple choice",
    "true_false": "True or false",
    "cloze": "Fill in the blank",
    "short_answer": "Short answer",
    "list": "Name several",
}


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind.replace("_", " ").capitalize())


def type_label(qtype: str) -> str:
    return TYPE_LABELS.get(qtype, qtype.replace("_", " ").capitalize())
