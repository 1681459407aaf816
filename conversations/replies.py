"""A reply by e-mail to a conversation's notice, added to that conversation.

The inbox finds the conversation (conversations.notices.thread_in) and hands over the
reply's text and files; who wrote it is found by address: a person of the office writes
for the office, anyone else at the client (a login or a contact, or whoever answered the
notice sent to them) for the client. Quoted text and the mail program's 'On ... wrote:'
line are left out. A reply polled twice is added once (its Message-ID).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from conversations.files import Upload, store_files
from conversations.models import Thread, ThreadMessage
from conversations.threads import post
from conversations.vocabulary import Side, Via
from intake.config import Settings
from intake.models import Company, Contact, User
from intake.storage import Storage
from intake.vocabulary import OFFICE_ROLES

logger = logging.getLogger(__name__)

# Where a mail program starts quoting what is answered (English, Polish, Hebrew, Outlook).
QUOTE_START = re.compile(
    r"^\s*(On\b.*\bwrote:|W dniu\b.*:|Dnia\b.*:|.*כתב(/ה)?:|-{2,}\s*(Original Message|"
    r"Wiadomość oryginalna|Oryginalna wiadomość)\s*-{2,}|From:\s.*|Od:\s.*)\s*$",
    re.IGNORECASE,
)


def without_quote(text: str) -> str:
    """Return what the person wrote above the quoted message."""
    kept = []
    for line in (text or "").splitlines():
        if line.startswith(">") or QUOTE_START.match(line):
            break
        kept.append(line)
    return "\n".join(kept).strip()


def author_of(session: Session, company: Company, address: str) -> tuple[Side, User | None, str]:
    """Return the side, the person (if they log in) and the name of a reply's sender."""
    address = address.strip().lower()
    user = session.scalar(select(User).where(User.email == address, User.active))
    if user is not None and user.office_id == company.office_id:
        if user.role in OFFICE_ROLES:
            return Side.OFFICE, user, user.name
        if user.company_id == company.id:
            return Side.CLIENT, user, user.name
    contact = session.scalar(
        select(Contact).where(Contact.company_id == company.id, Contact.email == address)
    )
    return Side.CLIENT, None, contact.name if contact else address


def take_reply(
    session: Session,
    storage: Storage,
    settings: Settings,
    company: Company,
    thread_id: int,
    *,
    sender: str,
    text: str,
    uploads: Sequence[Upload] = (),
    message_id: str | None = None,
) -> ThreadMessage | None:
    """Add a reply by e-mail to a client's conversation; None when it is not that client's."""
    thread = session.get(Thread, thread_id)
    if thread is None or thread.company_id != company.id:
        return None
    if message_id:
        taken = session.scalar(
            select(ThreadMessage).where(ThreadMessage.email_message_id == message_id[:998])
        )
        if taken is not None:
            return taken
    side, user, name = author_of(session, company, sender)
    stored = store_files(storage, thread.office_id, uploads, settings.max_upload_mb)
    body = without_quote(text) or ("" if stored else (text or "").strip())
    message = post(
        session,
        settings,
        thread,
        body=body,
        files=stored,
        via=Via.EMAIL,
        author=user,
        side=side,
        author_name=name,
        author_email=sender.strip().lower(),
        email_message_id=message_id[:998] if message_id else None,
    )
    logger.info("reply by e-mail from %s added to conversation %s", sender, thread.id)
    return message
