"""Written variants of one person's name ("Patrick W. Harlow", "Pat Harlow", "Patrick Harlow Jr.")."""

from __future__ import annotations

#: the endings a name may carry after the surname
NAME_SUFFIXES = frozenset("jr sr ii iii iv".split())


def name_parts(name: str) -> tuple[str, str, str | None] | None:
    """(first name, surname, suffix) of a plain name whose middle words are initials only."""
    toks = name.replace(",", " ").split()
    suffix = toks[-1].rstrip(".").lower() if toks and toks[-1].rstrip(".").lower() in NAME_SUFFIXES else None
    toks = toks[:-1] if suffix else toks
    if len(toks) < 2 or not all(t[:1].isupper() for t in toks):
        return None
    if not all(len(m.rstrip(".")) == 1 for m in toks[1:-1]):
        return None  # "Mary Ann Smith": a middle name, not an initial
    return toks[0].rstrip("."), toks[-1], suffix


def same_person_variants(a: str, b: str) -> bool:
    """Two written names of one person: the same surname, the same first name or one an initial or
    a short form of the other ("Pat" of "Patrick"), a middle initial or "Jr." or not; "Jr." and
    "Sr." are two people."""
    pa, pb = name_parts(a), name_parts(b)
    if pa is None or pb is None or pa[1] != pb[1]:
        return False
    if pa[2] and pb[2] and pa[2] != pb[2]:
        return False
    short, long = sorted((pa[0], pb[0]), key=len)
    return short == long or ((len(short) == 1 or len(short) >= 3) and long.startswith(short))
