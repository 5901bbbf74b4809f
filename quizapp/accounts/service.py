"""Accounts: creating users and guests, checking passwords, keeping a guest's scores, changing roles."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from flask import current_app
from sqlalchemy import Select, delete, func, select
from werkzeug.security import check_password_hash, generate_password_hash

from quizapp.accounts.models import ROLES, AnonymousUser, User
from quizapp.core.extensions import db, login_manager
from quizapp.core.models import utcnow
from quizapp.core.names import normalise_name


class AccountError(ValueError):
    """A problem with an account request, worded for the user."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_by_email(email: str) -> User | None:
    return db.session.scalars(select(User).where(func.lower(User.email) == normalise_email(email))).first()


def authenticate(email: str, password: str) -> User | None:
    """The account of this email and password, or None. Takes as long whether or not the email has an
    account: an unknown one still costs a password hash (against a dummy), so timing tells nothing."""
    user = find_by_email(email)
    if user is None or user.is_guest or not user.password_hash:
        check_password_hash(_dummy_hash(), password)
        return None
    return user if user.check_password(password) else None


@cache
def _dummy_hash_for(method: str) -> str:
    return generate_password_hash(secrets.token_hex(16), method=method)


def _dummy_hash() -> str:
    """A hash made like real ones (same method and cost), of a password nobody knows."""
    return _dummy_hash_for(current_app.config.get("PASSWORD_HASH_METHOD") or "scrypt")


def create_guest() -> User:
    guest = User(email=None, display_name="Guest", role="student", is_guest=True)
    db.session.add(guest)
    db.session.commit()
    return guest


#: for each feature that records what a guest does, the ids of users active since a moment (a query);
#: quiz and classroom register theirs in the factory, so accounts imports neither
GUEST_ACTIVITY: dict[str, Callable[[datetime], Select[Any]]] = {}


def register_guest_activity(name: str, active_since: Callable[[datetime], Select[Any]]) -> None:
    GUEST_ACTIVITY[name] = active_since


def idle_guests(older_than: timedelta, *, now: datetime | None = None) -> list[int]:
    """Guest accounts idle for ``older_than``: made before then, and no quiz or classroom answer since
    (guests have no flashcards). Nobody can log back in to a guest (its browser cookie is all there is),
    so after that long its scores are most likely out of everyone's reach."""
    cutoff = (now or utcnow()) - older_than
    return list(
        db.session.scalars(
            select(User.id)
            .where(
                User.is_guest.is_(True),
                User.created_at < cutoff,
                *(User.id.not_in(active_since(cutoff)) for active_since in GUEST_ACTIVITY.values()),
            )
            .order_by(User.id)
        )
    )


def delete_users(ids: list[int]) -> int:
    """Delete these accounts; the database deletes their attempts, cards and reviews with them (ON DELETE
    CASCADE) and keeps classroom players and edits without the account (SET NULL)."""
    for start in range(0, len(ids), 500):
        db.session.execute(delete(User).where(User.id.in_(ids[start : start + 500])))
    db.session.commit()
    return len(ids)


#: sign-up's answer for an address that has an account (why it cannot be neutral: docs/security.md)
TAKEN = "An account with that email already exists. Log in instead."


def sign_up(
    email: str,
    password: str,
    display_name: str,
    *,
    guest: User | None = None,
    keep_guest_scores: bool = False,
) -> User:
    """Create an account; with ``keep_guest_scores`` the guest's row becomes the account, scores and all."""
    email = normalise_email(email)
    if find_by_email(email) is not None:
        # the same work as a new account (hashing the password), so the time does not tell either
        generate_password_hash(password, method=current_app.config.get("PASSWORD_HASH_METHOD") or "scrypt")
        raise AccountError(TAKEN)
    name = normalise_name(display_name) or email.split("@", 1)[0]
    if guest is not None and guest.is_guest and keep_guest_scores:
        user = guest
        user.email, user.display_name, user.is_guest = email, name, False
    else:
        user = User(email=email, display_name=name, role="student", is_guest=False)
        db.session.add(user)
    user.set_password(password)
    db.session.commit()
    return user


def set_role(user: User, role: str, *, by: User) -> None:
    if role not in ROLES:
        raise AccountError(f"Unknown role {role!r}.")
    if not by.is_admin:
        raise AccountError("Only an admin can change roles.")
    if user.is_guest:
        raise AccountError("A guest cannot be given a role; they must sign up first.")
    if user.id == by.id and role != "admin":
        raise AccountError("You cannot remove your own admin role; ask another admin.")
    user.role = role
    db.session.commit()


def ensure_staff(
    email: str, role: str, password: str | None, display_name: str | None = None
) -> tuple[User, bool]:
    """Create a teacher or admin account, or give an existing account that role. Returns (user, created)."""
    if role not in ROLES:
        raise AccountError(f"Unknown role {role!r}.")
    user = find_by_email(email)
    created = user is None
    if user is None:
        if not password:
            raise AccountError("A new account needs a password.")
        user = User(
            email=normalise_email(email), display_name=display_name or email.split("@", 1)[0], is_guest=False
        )
        db.session.add(user)
    user.role = role
    if password:
        user.set_password(password)
    db.session.commit()
    return user, created


def all_users() -> list[User]:
    return list(
        db.session.scalars(select(User).where(User.is_guest.is_(False)).order_by(User.created_at, User.id))
    )


def init_login() -> None:
    """Tell Flask-Login how to find the user of a session, and what a visitor who is not logged in is."""
    login_manager.anonymous_user = AnonymousUser

    @login_manager.user_loader
    def load_user(login_id: str) -> User | None:
        """The user of a session or remember-me cookie whose log-in session is still open."""
        from quizapp.accounts import logins

        return logins.load_user(login_id)


def remember_time_zone(user: User, name: str) -> None:
    """Keep the account's time zone (an IANA name the caller checked)."""
    if user.time_zone != name:
        user.time_zone = name
        db.session.commit()
