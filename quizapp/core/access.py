"""Who may see what: a bank, a question set, a classroom session, the share links a visitor opened.

Every feature asks here rather than deciding for itself, so the rules cannot drift apart. The rules
read only a row's ``id``, ``owner_id`` and ``visibility`` (and the user's roles): core never imports
a feature's models.

Share links are remembered in the visitor's session (up to 50 of each kind): a class bank or set is
seen through its link, and the banks of a set a visitor took stay readable for the excerpt links.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import has_request_context, session

#: banks whose share link this visitor opened (they count while the bank is shared: class or public)
SHARED_SESSION_KEY = "shared_banks"
#: banks of the question sets this visitor took: their articles stay readable, for the excerpt links
SET_BANKS_SESSION_KEY = "set_banks"
#: class sets whose share link this visitor opened
SHARED_SETS_KEY = "shared_sets"


def session_ids(key: str) -> list[int]:
    """The ids remembered under ``key`` in this visitor's session (none outside a request)."""
    if not has_request_context():
        return []
    return [i for i in session.get(key, []) if isinstance(i, int)]


def shared_bank_ids() -> list[int]:
    return session_ids(SHARED_SESSION_KEY)


def set_bank_ids() -> list[int]:
    return session_ids(SET_BANKS_SESSION_KEY)


def shared_set_ids() -> list[int]:
    return session_ids(SHARED_SETS_KEY)


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
    """:func:`can_view`, or a shared bank whose link this visitor opened, or a bank of a set they took."""
    return (
        can_view(user, bank)
        or (bank.visibility != "private" and bank.id in shared_bank_ids())
        or bank.id in set_bank_ids()
    )


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
    """Students may take a public set, or a class set whose link they opened; owners and admins any."""
    if qset.visibility == "public":
        return True
    if qset.visibility == "class" and qset.id in set(shared_ids):
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
