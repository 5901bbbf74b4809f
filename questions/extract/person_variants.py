"""One person under several written names: "Thomas Harlow Jr.", "Tom Harlow" and "Thomas B.
Harlow" in one article are one man, so "Harlow" alone is his name, not one of three."""

from __future__ import annotations

from questions.extract.name_variants import NAME_SUFFIXES, name_parts, same_person_variants
from questions.extract.people import People

__all__ = ["NAME_SUFFIXES", "full_person", "one_person_names", "person_first", "same_person_variants"]


def one_person_names(people: People) -> dict[str, str]:
    """Each known person's name that is a variant of another's, to the one written first; only when
    every name of the article with that surname is a variant of every other (else none merge)."""
    groups: dict[str, list[str]] = {}
    for name in people.persons:
        parts = name_parts(name)
        if parts is not None:
            groups.setdefault(parts[1], []).append(name)
    out: dict[str, str] = {}
    for names in groups.values():
        if len(names) < 2 or not all(same_person_variants(a, b) for a in names for b in names):
            continue
        first = min(names, key=lambda n: min((s for s, _e in people.persons[n].mentions), default=10**9))
        out |= {n: first for n in names if n != first}
    return out


def full_person(people: People, same: dict[str, str], name: str) -> str | None:
    """A known person's full name, also behind a title the article puts first ("Striker X Y"); a
    surname alone only when the article names one person by it (variants of one name are one)."""
    words = name.split()
    for k in range(len(words) - 1):
        found = people.resolve(" ".join(words[k:]))
        if found:
            return same.get(found, found)
    if len(words) != 1:
        return None
    shared = {same.get(f, f) for f in people.persons if len(f.split()) > 1 and f.split()[-1] == name}
    if len(shared) > 1:
        return None  # "Osbourne" when the article names two Osbournes: not the full name of either
    found = people.resolve(name)
    return same.get(found, found) if found else None


def person_first(label: str, name: str, person: str | None) -> bool:
    """A surname the parser labels a person's, of a known person the article names in full
    ("Crane" of "Rep. Ada Crane"), is that person's, even where the article's people also read the
    word as an organisation's ("Crane's office")."""
    return label == "PERSON" and person is not None and person != name and person.endswith(" " + name)
