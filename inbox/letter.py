"""A fetched message as the inbox sees it, and the final word on what became of it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from email.message import Message

from sqlalchemy.orm import Session

from inbox.mime import header, parse
from inbox.models import InboundEmail
from inbox.routing import sender_of
from inbox.vocabulary import MailStatus
from intake.i18n import Text
from intake.models import utcnow


@dataclass(frozen=True)
class Outcome:
    """What became of a message: its status decides the IMAP folder it goes to."""

    status: MailStatus
    inbound_email_id: int | None
    documents: int = 0


@dataclass
class Letter:
    """A parsed message and what the checks need from it."""

    raw: bytes
    msg: Message
    sender: str
    subject: str
    message_id: str | None
    raw_sha256: str
    lines: list[str] = field(default_factory=list)

    @classmethod
    def read(cls, raw: bytes) -> Letter:
        """Parse raw bytes into a Letter."""
        msg = parse(raw)
        return cls(
            raw=raw,
            msg=msg,
            sender=sender_of(msg)[:320],
            subject=header(msg, "Subject")[:2000],
            message_id=header(msg, "Message-ID")[:998] or None,
            raw_sha256=hashlib.sha256(raw).hexdigest(),
        )


def finish(
    session: Session, email_id: int, status: MailStatus, note: Text | None, documents: int = 0
) -> Outcome:
    """Write a message's final status; once committed it is only moved, never handled again."""
    row = session.get_one(InboundEmail, email_id)
    row.status, row.note, row.done_at = status, note, utcnow()
    return Outcome(status, email_id, documents)
