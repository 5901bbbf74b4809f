"""Flags: a question that probably needs a look, with the reason in words a teacher uses.

Each flag waits for enough answers that it is unlikely to be chance. A flag the teacher chose to keep
the question despite stays quiet until the question is edited (its figures then start again).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from quizapp.itemstats.figures import Figures

#: a distractor picked more than the key: after this many answers
MIN_ANSWERS_FOR_PICKS = 10
#: a distractor nobody picks: after this many answers
MIN_ANSWERS_FOR_UNUSED = 30
#: facility near 0 or 1: after this many answers, at or beyond these shares
MIN_ANSWERS_FOR_FACILITY = 50
TOO_HARD, TOO_EASY = 0.10, 0.95

#: every flag's code and its short name, in the order the review page lists them
FLAG_NAMES = {
    "negative_discrimination": "Strong students get it wrong",
    "distractor_over_key": "A wrong answer beats the key",
    "unused_distractor": "A wrong answer nobody picks",
    "too_hard": "Almost nobody gets it right",
    "too_easy": "Almost everybody gets it right",
}


@dataclass(frozen=True)
class Flag:
    code: str
    reason: str

    @property
    def name(self) -> str:
        return FLAG_NAMES[self.code]


def _times(n: int) -> str:
    return "once" if n == 1 else f"{n} times"


def _pct(x: float) -> str:
    return f"{round(100 * x)} %"


def flags_for(
    fig: Figures, *, qtype: str, choices: Sequence[str], answer: str, kept: Iterable[str] = ()
) -> list[Flag]:
    """The flags ``fig`` (a question's figures, usually all modes together) raises, minus those kept."""
    out: list[Flag] = []
    disc = fig.discrimination
    if disc is not None and disc < 0:
        out.append(
            Flag(
                "negative_discrimination",
                f"Students with the best scores get it wrong more often than the weakest "
                f"(discrimination {disc:+.2f} over {fig.takers} students): the key may be wrong, or a "
                "second answer may also be right.",
            )
        )
    if choices and answer in choices and fig.answers >= MIN_ANSWERS_FOR_PICKS:
        picks = fig.picks(len(choices))
        key = picks[list(choices).index(answer)]
        beaten = [(c, n) for c, n in zip(choices, picks, strict=True) if c != answer and n > key]
        if beaten:
            c, n = max(beaten, key=lambda cn: cn[1])
            out.append(
                Flag(
                    "distractor_over_key",
                    f"“{c}” was picked {_times(n)}, more than the right answer “{answer}” ({_times(key)}): "
                    "check the key, and whether the question is worded to mislead.",
                )
            )
        unused = [c for c, n in zip(choices, picks, strict=True) if c != answer and n == 0]
        if qtype == "multiple_choice" and unused and fig.answers >= MIN_ANSWERS_FOR_UNUSED:
            names = ", ".join(f"“{c}”" for c in unused)
            out.append(
                Flag(
                    "unused_distractor",
                    f"Nobody picked {names} in {fig.answers} answers: a wrong answer nobody considers "
                    "only makes the question easier. Replace it with a likelier mistake.",
                )
            )
    facility = fig.facility
    if facility is not None and fig.answers >= MIN_ANSWERS_FOR_FACILITY:
        if facility <= TOO_HARD:
            out.append(
                Flag(
                    "too_hard",
                    f"Only {_pct(facility)} of {fig.answers} answers were right: the question may be "
                    "unclear, or its answer not in the article.",
                )
            )
        elif facility >= TOO_EASY:
            out.append(
                Flag(
                    "too_easy",
                    f"{_pct(facility)} of {fig.answers} answers were right: it tells you little about "
                    "who understood the article.",
                )
            )
    quiet = set(kept)
    return [f for f in out if f.code not in quiet]
