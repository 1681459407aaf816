"""conversations' part of a client's history: every message, either way (notify/history.py)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from conversations.models import Thread, ThreadMessage
from conversations.vocabulary import Side
from intake.i18n import N_
from notify.history import IN, OUT, Entry

KIND = N_("conversation")


def entries(session: Session, company_id: int, since: dt.datetime | None = None) -> list[Entry]:
    """Return a client's conversation messages as history entries."""
    query = (
        select(ThreadMessage, Thread.subject)
        .join(Thread, ThreadMessage.thread_id == Thread.id)
        .where(Thread.company_id == company_id)
        .options(selectinload(ThreadMessage.attachments))
        .order_by(ThreadMessage.id.desc())
        .limit(2000)
    )
    if since is not None:
        query = query.where(ThreadMessage.created_at >= since)
    found = []
    for message, subject in session.execute(query).all():
        found.append(
            Entry(
                at=message.created_at,
                direction=OUT if message.side == Side.OFFICE else IN,
                kind=KIND,
                text=message.body,
                channel=message.via,
                party=message.author_email,
                subject=subject,
                by=message.author_name,
                attachments=tuple(a.filename for a in message.attachments),
                source="conversations",
                ref=f"conversation_message:{message.id}",
                extra={"thread": str(message.thread_id)},
            )
        )
    return found
