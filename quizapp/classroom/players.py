"""Players: joining a session with a nickname, the player's token, removing a player."""

from __future__ import annotations

import hashlib
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from quizapp.classroom.models import ClassroomSession, Player
from quizapp.classroom.sessions import (
    FORBIDDEN_CATEGORIES,
    NICKNAME_MAX,
    ClassroomError,
    NicknameError,
    is_over,
)
from quizapp.core.extensions import db
from quizapp.core.models import utcnow
from quizapp.core.names import skeleton

# --- players ---------------------------------------------------------------------------------


def clean_nickname(raw: str | None) -> str:
    """The nickname as shown: NFKC, single spaces, 1 to 24 characters, no control or invisible characters."""
    text = unicodedata.normalize("NFKC", raw or "")
    if any(unicodedata.category(c) in FORBIDDEN_CATEGORIES for c in text):
        raise NicknameError("A nickname cannot contain control or invisible characters.")
    text = " ".join(text.split())
    if not text:
        raise NicknameError("Choose a nickname.")
    if len(text) > NICKNAME_MAX:
        raise NicknameError(f"Keep the nickname to {NICKNAME_MAX} characters or fewer.")
    return text


def nickname_key(nickname: str) -> str:
    """What makes two nicknames the same in a session: how they look (Latin "Anna" and Cyrillic "Аnna"
    are one), whatever the case."""
    return skeleton(nickname)[:96]


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def player_by_token(session: ClassroomSession, token: str | None) -> Player | None:
    if not token or len(token) > 200:
        return None
    return db.session.scalars(
        select(Player).where(Player.session_id == session.id, Player.token_hash == hash_token(token))
    ).first()


@dataclass(frozen=True)
class Joined:
    player: Player
    #: the secret to keep in the player's cookie
    token: str
    #: an existing player came back (by cookie or by account) rather than a new one joining
    rejoined: bool


def join(
    session: ClassroomSession,
    nickname: str | None,
    *,
    user: Any = None,
    token: str | None = None,
    now: datetime | None = None,
) -> Joined:
    """Join ``session``, or come back to it: the rejoin token, else the logged-in account, finds a player."""
    now = now or utcnow()
    if is_over(session, now):
        raise ClassroomError("This session has ended.")
    player = player_by_token(session, token)
    if player is None and getattr(user, "is_authenticated", False) and user.id is not None:
        player = db.session.scalars(
            select(Player).where(Player.session_id == session.id, Player.user_id == user.id)
        ).first()
        if player is not None and not player.removed:
            # the same account on another phone: a fresh token, so this phone holds the identity now
            token = secrets.token_urlsafe(24)
            player.token_hash = hash_token(token)
            db.session.commit()
    if player is not None:
        if player.removed:
            raise ClassroomError("The teacher removed you from this session.")
        assert token is not None
        return Joined(player, token, True)
    name = clean_nickname(nickname)
    key = nickname_key(name)
    taken = db.session.scalar(
        select(Player.id).where(Player.session_id == session.id, Player.nickname_key == key)
    )
    if taken:
        raise NicknameError("That nickname is taken in this session; choose another.")
    token = secrets.token_urlsafe(24)
    player = Player(
        session_id=session.id,
        nickname=name,
        nickname_key=key,
        user_id=user.id if getattr(user, "is_authenticated", False) else None,
        token_hash=hash_token(token),
        removed=False,
        joined_at=now,
    )
    db.session.add(player)
    try:
        db.session.commit()
    except IntegrityError:  # two phones chose the same nickname at the same moment
        db.session.rollback()
        raise NicknameError("That nickname is taken in this session; choose another.") from None
    return Joined(player, token, False)


def active_players(session: ClassroomSession) -> list[Player]:
    return list(
        db.session.scalars(
            select(Player)
            .where(Player.session_id == session.id, Player.removed.is_(False))
            .order_by(Player.joined_at, Player.id)
        )
    )


def remove_player(session: ClassroomSession, player_id: int) -> Player:
    player = db.session.get(Player, player_id)
    if player is None or player.session_id != session.id:
        raise ClassroomError("That player is not in this session.")
    if not player.removed:
        player.removed = True
        session.version += 1
        db.session.commit()
    return player
