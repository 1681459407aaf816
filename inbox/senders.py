"""Who may get a reply, who guessed the PIN too often, and mail no machine should answer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from email.message import Message

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from inbox.mime import header
from inbox.models import SenderEvent
from inbox.vocabulary import SenderEventKind
from intake.models import utcnow

WINDOW = dt.timedelta(hours=1)
MAX_WRONG_PINS = 5
MAX_COMPANY_WRONG_PINS = 10
# The sender of a company-wide block: the company's inbox is locked for every sender.
EVERYONE = "*"
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


def _of_company(company_id: int | None) -> ColumnElement[bool]:
    """Return the condition 'about this company' (None: an inbox code no company uses)."""
    if company_id is None:
        return SenderEvent.company_id.is_(None)
    return SenderEvent.company_id == company_id


def blocked_until(session: Session, company_id: int | None, sender: str) -> dt.datetime | None:
    """Return when a sender's block on a company (or the company's lock) ends, else None."""
    now = utcnow()
    whom = [sender, EVERYONE] if company_id is not None else [sender]
    until = session.scalar(
        select(func.max(SenderEvent.until)).where(
            _of_company(company_id),
            SenderEvent.sender.in_(whom),
            SenderEvent.kind == SenderEventKind.BLOCKED,
        )
    )
    return until if until is not None and until > now else None


@dataclass(frozen=True)
class Block:
    """A block a wrong PIN started: on one sender, or on the company's inbox for everyone."""

    until: dt.datetime
    everyone: bool
    # Wrong PINs within the hour that led to it.
    count: int


def note_wrong_pin(
    session: Session,
    company_id: int | None,
    sender: str,
    inbound_email_id: int,
    *,
    per_sender: int = MAX_WRONG_PINS,
    per_company: int = MAX_COMPANY_WRONG_PINS,
) -> Block | None:
    """Count a wrong PIN; return the block it starts, if it is the one too many.

    Counted per sender (the fifth within an hour blocks that address) and per company
    (too many from any senders lock the company's inbox for everyone: a guesser who
    changes From address each time is stopped too).
    """
    now = utcnow()
    session.add(
        SenderEvent(
            company_id=company_id,
            sender=sender,
            kind=SenderEventKind.WRONG_PIN,
            at=now,
            inbound_email_id=inbound_email_id,
        )
    )
    session.flush()
    recent = select(func.count(SenderEvent.id)).where(
        _of_company(company_id),
        SenderEvent.kind == SenderEventKind.WRONG_PIN,
        SenderEvent.at > now - WINDOW,
    )
    if (
        company_id is not None
        and session.scalar(
            select(SenderEvent.id)
            .where(_of_company(company_id), SenderEvent.sender == EVERYONE)
            .where(SenderEvent.kind == SenderEventKind.BLOCKED, SenderEvent.until > now)
            .limit(1)
        )
        is None
    ):
        total = session.scalar(recent) or 0
        if total >= per_company:
            return _block(session, company_id, EVERYONE, now, inbound_email_id, total)
    wrong = session.scalar(recent.where(SenderEvent.sender == sender)) or 0
    if wrong < per_sender or blocked_until(session, company_id, sender):
        return None
    return _block(session, company_id, sender, now, inbound_email_id, wrong)


def _block(
    session: Session, company_id: int | None, whom: str, now: dt.datetime, email_id: int, count: int
) -> Block:
    until = now + WINDOW
    session.add(
        SenderEvent(
            company_id=company_id,
            sender=whom,
            kind=SenderEventKind.BLOCKED,
            at=now,
            until=until,
            inbound_email_id=email_id,
        )
    )
    session.flush()
    return Block(until, whom == EVERYONE, count)


def claim_reply(session: Session, sender: str, company_id: int | None, email_id: int) -> bool:
    """Take the one reply a sender may get per hour; False when it was already used."""
    now = utcnow()
    recent = session.scalar(
        select(SenderEvent.id)
        .where(SenderEvent.sender == sender, SenderEvent.kind == SenderEventKind.REPLY)
        .where(SenderEvent.at > now - WINDOW)
        .limit(1)
    )
    if recent is not None:
        return False
    session.add(
        SenderEvent(
            company_id=company_id,
            sender=sender,
            kind=SenderEventKind.REPLY,
            at=now,
            inbound_email_id=email_id,
        )
    )
    return True
