"""Login sessions on the server: opened at login, checked on each request, ended at logout.

The browser's cookie holds a random token; the database holds its sha256 with when the
session began and was last seen. A session ends at logout, at "log out everywhere", after
an idle time, and after an absolute lifetime, whatever the cookie says.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from intake.models import LoginSession, utcnow

# Last-seen times are written at most this often: a page's many requests make one write.
SEEN_EVERY = dt.timedelta(minutes=1)


def digest(token: str) -> str:
    """Return what the database keeps of a session token."""
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(session: Session, user_id: int) -> str:
    """Start a login session for a user; return the token for the cookie."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(
        LoginSession(user_id=user_id, token_hash=digest(token), created_at=now, seen_at=now)
    )
    session.flush()
    return token


def check_session(
    session: Session,
    token: str | None,
    user_id: int,
    *,
    idle: dt.timedelta,
    lifetime: dt.timedelta,
) -> bool:
    """Tell whether a token is a live session of this user; note that it was seen now.

    An idle or too old session is ended here, so it never comes back.
    """
    if not token:
        return False
    row = session.scalar(select(LoginSession).where(LoginSession.token_hash == digest(token)))
    if row is None or row.user_id != user_id or row.ended_at is not None:
        return False
    now = utcnow()
    if now - row.seen_at > idle or now - row.created_at > lifetime:
        row.ended_at = now
        return False
    if now - row.seen_at > SEEN_EVERY:
        row.seen_at = now
    return True


def end_session(session: Session, token: str | None) -> None:
    """End one login session (logging out)."""
    if token:
        session.execute(
            update(LoginSession)
            .where(LoginSession.token_hash == digest(token), LoginSession.ended_at.is_(None))
            .values(ended_at=utcnow())
        )


def end_all_sessions(session: Session, user_id: int) -> int:
    """End every login session of a user ("log out everywhere"); return how many were live."""
    result = session.execute(
        update(LoginSession)
        .where(LoginSession.user_id == user_id, LoginSession.ended_at.is_(None))
        .values(ended_at=utcnow())
    )
    return int(getattr(result, "rowcount", 0) or 0)
