"""Question builders: facts in, candidate questions out, one builder per kind.

Every builder overgenerates (multiple choice, true/false, cloze, short answer, list); the
pipeline then validates, ranks and drops, keeping the reason for every drop. The shared pieces
are in ``core``; each kind's builder is a module of its own.
"""

from __future__ import annotations

from collections.abc import Callable

from questions.build.core import Candidate, Context
from questions.build.dates import build_date
from questions.build.demands import build_demands
from questions.build.minor import build_number, build_place, build_role
from questions.build.speakers import build_speaker
from questions.facts import Fact

__all__ = ["BUILDERS", "GROUP_BUILDERS", "Candidate", "Context", "build_all"]

Builder = Callable[[Context, Fact], list[Candidate]]

#: kind -> builder of one fact's questions. A new kind is one function and one line here.
BUILDERS: dict[str, Builder] = {
    "date": build_date,
    "speaker": build_speaker,
    "role": build_role,
    "place": build_place,
    "number": build_number,
}
#: kinds whose facts are built together (list questions need every item of a party)
GROUP_BUILDERS: dict[str, Callable[[Context, list[Fact]], list[Candidate]]] = {
    "demand": build_demands,
}


def build_all(ctx: Context) -> list[Candidate]:
    out: list[Candidate] = []
    for fact in ctx.facts:
        builder = BUILDERS.get(fact.kind)
        if builder is not None:
            out.extend(builder(ctx, fact))
    for kind, group_builder in GROUP_BUILDERS.items():
        out.extend(group_builder(ctx, ctx.of_kind(kind)))
    return out
