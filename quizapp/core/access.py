"""Who may see what: a bank, a question set, a classroom session, the share links a visitor opened.

Every feature asks here rather than deciding for itself, so the rules cannot drift apart. The rules
read only a row's ``id``, ``owner_id``, ``visibility`` and ``share_token`` (and the user's roles): core
never imports a feature's models.

Share links are remembered in the visitor's session (up to 50 of each kind) as grants: the object's id
and the start of the link's token. A grant counts only while the object is still shared and its link is
still the same, checked at every request: "Make a new link" or making the object private ends it. The
banks of a set a visitor took stay readable for the excerpt links, while that set may still be taken
and the bank's owner shares it (:func:`shareable_in_set`), checked at every request too.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable, Iterable
from typing import Any

from flask import has_request_context, session

#: banks whose share link this visitor opened (they count while the bank is shared: class or public)
SHARED_SESSION_KEY = "shared_banks"
#: the question sets this visitor took: their banks' articles stay readable, for the excerpt links
SET_BANKS_SESSION_KEY = "taken_sets"
#: class sets whose share link this visitor opened
SHARED_SETS_KEY = "shared_sets"


def session_ids(key: str) -> list[int]:
    """The ids remembered under ``key`` in this visitor's session (none outside a request)."""
    if not has_request_context():
        return []
    return [i for i in session.get(key, []) if isinstance(i, int)]


#: how much of a share token a grant keeps: enough that a new link never matches an old grant, short
#: enough that 50 grants of each kind fit in the session cookie
GRANT_TOKEN_CHARS = 12
#: grants of each kind a session keeps (the oldest go first)
MAX_GRANTS = 50


def _grants(key: str) -> dict[int, str]:
    """``{object id: start of its share token}`` remembered under ``key`` (older plain ids count as none)."""
    if not has_request_context():
        return {}
    out: dict[int, str] = {}
    for entry in session.get(key, []):
        if (
            isinstance(entry, list)
            and len(entry) == 2
            and isinstance(entry[0], int)
            and isinstance(entry[1], str)
        ):
            out[entry[0]] = entry[1]
    return out


def remember_grant(key: str, row: Any) -> None:
    """Remember that this visitor opened ``row``'s share link (a bank or a set)."""
    grants = _grants(key)
    grants.pop(row.id, None)
    grants[row.id] = (row.share_token or "")[:GRANT_TOKEN_CHARS]
    session[key] = [[i, t] for i, t in list(grants.items())[-MAX_GRANTS:]]


def granted(key: str, row: Any) -> bool:
    """Whether this visitor opened ``row``'s current share link (a new link ends older grants)."""
    prefix = _grants(key).get(row.id)
    current = (row.share_token or "")[:GRANT_TOKEN_CHARS]
    return prefix is not None and bool(current) and hmac.compare_digest(prefix, current)


def shared_bank_ids() -> list[int]:
    """Banks whose link this visitor opened (candidates: :func:`granted` checks each against its link)."""
    return list(_grants(SHARED_SESSION_KEY))


def set_bank_ids() -> list[int]:
    """The question sets this visitor took: their banks stay readable (see :func:`may_open_bank`)."""
    return session_ids(SET_BANKS_SESSION_KEY)


def shared_set_ids() -> list[int]:
    """Sets whose link this visitor opened (candidates: :func:`granted` checks each against its link)."""
    return list(_grants(SHARED_SETS_KEY))


#: whether a bank is readable through one of the sets a visitor took: ``(user, bank, set ids) -> bool``,
#: registered by the authoring area when the app is made (core does not import it)
_READABLE_THROUGH_SETS: list[Callable[[Any, Any, list[int]], bool]] = []


def register_set_reader(check: Callable[[Any, Any, list[int]], bool]) -> None:
    _READABLE_THROUGH_SETS[:] = [check]


#: a question set by id (or None), registered by the authoring area like the reader above
_FIND_SET: list[Callable[[int], Any]] = []


def register_set_finder(find: Callable[[int], Any]) -> None:
    _FIND_SET[:] = [find]


def _is_teacher(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_teacher", False))


# --- banks -----------------------------------------------------------------------------------------


def can_view(user: Any, bank: Any) -> bool:
    """Everyone sees a public bank; its owner and admins any. (A class bank is seen through its share
    link, which the library remembers in the visitor's session.)"""
    if bank.visibility == "public":
        return True
    if getattr(user, "is_authenticated", False):
        return bank.owner_id == user.id or bool(getattr(user, "is_admin", False))
    return False


def may_open_bank(user: Any, bank: Any) -> bool:
    """:func:`can_view`, or a shared bank whose current link this visitor opened, or a bank of a set
    they took that the set may still show (its owner shares the bank, and the visitor may take the set)."""
    if can_view(user, bank):
        return True
    if bank.visibility != "private" and granted(SHARED_SESSION_KEY, bank):
        return True
    taken = set_bank_ids()
    return bool(taken) and any(check(user, bank, taken) for check in _READABLE_THROUGH_SETS)


def shareable_in_set(qset: Any, bank: Any) -> bool:
    """Whether a set may show a bank's questions to those who take it: a public bank, or the set's
    owner's own bank (the owner chose to show it). A copy of someone else's set does not carry access
    to a bank its owner has not made public, and a bank made private leaves every other teacher's set."""
    return bank.visibility == "public" or (bank.owner_id is not None and bank.owner_id == qset.owner_id)


def still_shows(viewer: Any, bank: Any, *, set_id: int | None = None) -> bool:
    """Whether something started earlier on a bank (``set_id`` None) or on a question set (a quiz
    attempt, a classroom session) may show ``bank``'s questions and excerpts to ``viewer`` now.

    Read at every request: what counts is the bank's visibility now, not what it was when the attempt
    or session started. The viewer's own banks, and public ones, always; a bank started on directly
    while its owner still shares it (public or class: starting was using the link); a bank reached
    through a set while that set still exists, is not made private (unless it is the viewer's), and
    may show the bank (:func:`shareable_in_set`). For a classroom session the viewer is its host.
    """
    if can_view(viewer, bank):
        return True
    if set_id is None:
        return bank.visibility != "private"
    qset = _FIND_SET[0](set_id) if _FIND_SET else None
    if qset is None:
        return False
    own = getattr(viewer, "is_authenticated", False) and (
        qset.owner_id == viewer.id or bool(getattr(viewer, "is_admin", False))
    )
    return (qset.visibility != "private" or bool(own)) and shareable_in_set(qset, bank)


def can_edit_bank(user: Any, bank: Any) -> bool:
    """Authoring a bank: its owner, or an admin. Other teachers never see a private bank here."""
    if not _is_teacher(user):
        return False
    return bool(user.is_admin) or (bank.owner_id is not None and bank.owner_id == user.id)


def can_use_bank(user: Any, bank: Any) -> bool:
    """Taking questions from a bank into a set: one's own banks, and public ones."""
    return can_edit_bank(user, bank) or (getattr(user, "is_teacher", False) and bank.visibility == "public")


# --- question sets ---------------------------------------------------------------------------------


def can_edit_set(user: Any, qset: Any) -> bool:
    if not _is_teacher(user):
        return False
    return bool(user.is_admin) or (qset.owner_id is not None and qset.owner_id == user.id)


def can_take_set(user: Any, qset: Any, shared_ids: Iterable[int] = ()) -> bool:
    """Students may take a public set, or a class set whose current link they opened; owners and admins
    any. (``shared_ids`` is kept for callers; the grant itself is checked against the set's link.)"""
    if qset.visibility == "public":
        return True
    if qset.visibility == "class" and granted(SHARED_SETS_KEY, qset):
        return True
    if getattr(user, "is_authenticated", False):
        return qset.owner_id == user.id or bool(getattr(user, "is_admin", False))
    return False


# --- classroom sessions ----------------------------------------------------------------------------


def can_run_session(user: Any, session: Any) -> bool:
    """Running a classroom session (projector, controls, results): the teacher who started it, or an admin."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(session.owner_id == user.id or getattr(user, "is_admin", False))
