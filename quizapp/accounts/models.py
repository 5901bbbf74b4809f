"""Accounts: students, teachers and admins, and guests who play without signing up."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app
from flask_login import AnonymousUserMixin, UserMixin
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String, delete
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from quizapp.core.extensions import Model, db
from quizapp.core.models import utcnow

ROLES = ("student", "teacher", "admin")


class User(UserMixin, Model):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN ('student', 'teacher', 'admin')", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: lower-cased; None for a guest
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default="student")
    is_guest: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: renewed with the password (before login_sessions it was the cookies' token; no longer read)
    login_token: Mapped[str | None] = mapped_column(String(32))
    #: the IANA time zone of the account's browser (``Europe/Berlin``), sent by static/js/localtime.js;
    #: None until a page has been seen with scripts on, and times are shown in UTC
    time_zone: Mapped[str | None] = mapped_column(String(64))

    def set_password(self, password: str) -> None:
        """Set the password, and renew the log-in token: cookies issued before no longer log anyone in
        (a guest's cookie once the guest is an account; other devices after a password change)."""
        method = current_app.config.get("PASSWORD_HASH_METHOD") or "scrypt"
        self.password_hash = generate_password_hash(password, method=method)
        self.login_token = secrets.token_hex(16)
        if self.id is not None:
            # a new password ends every session of the account (another device, a copied cookie)
            end_login_sessions(self)

    def get_id(self) -> str:
        """The id Flask-Login keeps in the session and the remember-me cookie: ``<id>:<session token>``.

        The token names a row of ``login_sessions`` (see :mod:`quizapp.accounts.logins`): deleting the
        row ends the session and its remember-me cookie, wherever they were copied. Flask-Login asks for
        the id when it logs a user in, so every ``login_user`` opens a server-side session here.
        """
        token = getattr(self, "session_token", None) or open_login_session(self)
        return f"{self.id}:{token}"

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash or "", password)

    @property
    def is_teacher(self) -> bool:
        """Teachers and admins may author banks and run classroom sessions."""
        return self.role in ("teacher", "admin")

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email or 'guest'} {self.role}>"


class AnonymousUser(AnonymousUserMixin):
    """Someone not logged in: templates can ask the same questions as of a user."""

    id = None
    role = None
    is_guest = False
    is_teacher = False
    is_admin = False
    display_name = "visitor"


class LoginSession(Model):
    """One log-in on one device: a random token kept (hashed) here and, in clear, in the browser's
    session and remember-me cookies. Logging out deletes the row, so a copied cookie stops working."""

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: SHA-256 of the token, hex: a copy of the database does not hold working cookies
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def login_lifetime() -> timedelta:
    """How long a log-in lasts on the server: as long as the remember-me cookie (30 days by default)."""
    duration = current_app.config.get("REMEMBER_COOKIE_DURATION") or timedelta(days=30)
    return duration if isinstance(duration, timedelta) else timedelta(seconds=int(duration))


def open_login_session(user: User) -> str:
    """A new log-in session for ``user``; returns its token (also kept on the user object)."""
    token = secrets.token_urlsafe(24)
    now = utcnow()
    # the user's expired log-ins refuse every cookie already; forgetting them keeps the table small
    db.session.execute(
        delete(LoginSession).where(LoginSession.user_id == user.id, LoginSession.expires_at < now)
    )
    db.session.add(
        LoginSession(
            user_id=user.id, token_hash=hash_token(token), created_at=now, expires_at=now + login_lifetime()
        )
    )
    db.session.commit()
    user.session_token = token  # type: ignore[attr-defined]
    return token


def end_login_sessions(user: User) -> None:
    """End every log-in of ``user``, on every device (the caller commits)."""
    db.session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))
    user.session_token = None  # type: ignore[attr-defined]
