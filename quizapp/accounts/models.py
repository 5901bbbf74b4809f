"""Accounts: students, teachers and admins, and guests who play without signing up."""

from __future__ import annotations

import hmac
import secrets
from datetime import datetime

from flask import current_app
from flask_login import AnonymousUserMixin, UserMixin
from sqlalchemy import Boolean, CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from quizapp.core.extensions import Model
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
    #: part of the id stored in the session and remember-me cookies; a new one invalidates old cookies
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

    def get_id(self) -> str:
        """The id Flask-Login keeps in the session and the remember-me cookie: ``<id>:<login token>``."""
        return f"{self.id}:{self.login_token}" if self.login_token else str(self.id)

    def matches_login_id(self, login_id: str) -> bool:
        _, _, token = login_id.partition(":")
        return hmac.compare_digest(token, self.login_token or "")

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
