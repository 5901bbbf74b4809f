"""Server-side log-in sessions: what makes logging out, "log out everywhere" and a password change end
a session for real, whatever cookies were copied.

Flask's session is a signed cookie and Flask-Login's remember-me cookie is a signed user id: neither
can be taken back once copied. So each log-in gets a random token, kept in those cookies (as part of
the user id Flask-Login stores) and, hashed, in ``login_sessions``; the user loader accepts a cookie
only while its row exists and has not expired.
"""

from __future__ import annotations

import hmac
from typing import Any

from sqlalchemy import delete, select

from quizapp.accounts.models import (
    LoginSession,
    User,
    end_login_sessions,
    hash_token,
    open_login_session,
)
from quizapp.core.extensions import db
from quizapp.core.models import utcnow

#: the helpers that live beside the model (the model opens a session when Flask-Login asks for its id)
open_session = open_login_session
end_all_sessions = end_login_sessions
_hash = hash_token


def load_user(login_id: str) -> User | None:
    """The user of a session or remember-me cookie (``<user id>:<token>``) whose log-in is still open."""
    user_part, _, token = str(login_id).partition(":")
    if not token or not user_part.isdigit() or len(token) > 64:
        return None
    row = db.session.scalars(select(LoginSession).where(LoginSession.token_hash == _hash(token))).first()
    if row is None or not hmac.compare_digest(str(row.user_id), user_part) or row.expires_at < utcnow():
        return None
    user = db.session.get(User, row.user_id)
    if user is not None:
        user.session_token = token  # type: ignore[attr-defined]
    return user


def end_session(user: Any) -> None:
    """End this log-in (the one whose token the user object carries)."""
    token = getattr(user, "session_token", None)
    if token:
        db.session.execute(delete(LoginSession).where(LoginSession.token_hash == _hash(token)))
        db.session.commit()
        user.session_token = None
