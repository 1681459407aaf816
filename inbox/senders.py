"""Who may get a reply, who guessed the PIN too often, and mail no machine should answer."""

from __future__ import annotations

import datetime as dt
from email.message import Message

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from inbox.mime import header
from intake.models import SenderEvent, utcnow

WINDOW = dt.timedelta(hours=1)
MAX_WRONG_PINS = 5
ROBOTS = ("mailer-daemon", "postmaster", "no-reply", "noreply", "do-not-reply", "donotreply")


def is_automatic(msg: Message, sender: str) -> bool:
    """Tell whether a message was sent by a machine (RFC 3834) and must get no reply."""
    if not sender or "@" not in sender:
        return True
    local = sender.split("@", 1)[0]
    if any(local == robot or local.startswith(robot) for robot in ROBOTS):
        return True
    auto = header(msg, "Auto-Submitted").lower()
    if auto and auto != "no":
        return True
    if header(msg, "Precedence").lower() in ("bulk", "list", "junk", "auto_reply"):
        return True
    if header(msg, "List-Id") or header(msg, "List-Unsubscribe"):
        return True
    if header(msg, "X-Autoreply") or header(msg, "X-Autorespond"):
        return True
    suppress = header(msg, "X-Auto-Response-Suppress").lower()
    return any(word in suppress for word in ("all", "autoreply", "oof"))


def aware(value: dt.datetime) -> dt.datetime:
    """Return a time in UTC; SQLite hands stored times back without their zone."""
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def blocked_until(session: Session, company_id: int, sender: str) -> dt.datetime | None:
    """Return when a sender's block on a company ends, or None when it is not blocked."""
    now = utcnow()
    until = session.scalar(
        select(func.max(SenderEvent.until)).where(
            SenderEvent.company_id == company_id,
            SenderEvent.sender == sender,
            SenderEvent.kind == "blocked",
        )
    )
    return aware(until) if until is not None and aware(until) > now else None


def note_wrong_pin(
    session: Session, company_id: int, sender: str, inbound_email_id: int
) -> dt.datetime | None:
    """Count a wrong PIN; return the end of a block it starts (the fifth within an hour)."""
    now = utcnow()
    session.add(
        SenderEvent(
            company_id=company_id,
            sender=sender,
            kind="wrong_pin",
            at=now,
            inbound_email_id=inbound_email_id,
        )
    )
    session.flush()
    wrong = session.scalar(
        select(func.count(SenderEvent.id)).where(
            SenderEvent.company_id == company_id,
            SenderEvent.sender == sender,
            SenderEvent.kind == "wrong_pin",
            SenderEvent.at > now - WINDOW,
        )
    )
    if (wrong or 0) < MAX_WRONG_PINS or blocked_until(session, company_id, sender):
        return None
    until = now + WINDOW
    session.add(
        SenderEvent(
            company_id=company_id,
            sender=sender,
            kind="blocked",
            at=now,
            until=until,
            inbound_email_id=inbound_email_id,
        )
    )
    return until


def claim_reply(session: Session, sender: str, company_id: int | None, email_id: int) -> bool:
    """Take the one reply a sender may get per hour; False when it was already used."""
    now = utcnow()
    recent = session.scalar(
        select(SenderEvent.id)
        .where(SenderEvent.sender == sender, SenderEvent.kind == "reply")
        .where(SenderEvent.at > now - WINDOW)
        .limit(1)
    )
    if recent is not None:
        return False
    session.add(
        SenderEvent(
            company_id=company_id, sender=sender, kind="reply", at=now, inbound_email_id=email_id
        )
    )
    return True
