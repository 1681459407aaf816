"""E-mail notices of new messages, and how a reply by e-mail finds its conversation again.

When one side writes, the other is told by e-mail: the office's message goes to the
client's contacts who receive conversation notices by e-mail (notify's preferences) and
to its people who log in; a client's message goes to its accountant (else the office's
owners). Each notice's Message-ID names the conversation with a signature only Intake
can make (`<conv.THREAD.MESSAGE.SIGNATURE@domain>`), and its Reply-To is the client's own
inbox address: the IMAP poller finds the conversation in the reply's In-Reply-To or
References (`thread_in`) and adds the reply to it (conversations/replies.py).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from conversations.models import Thread, ThreadMessage
from conversations.vocabulary import Side
from intake.addresses import company_address
from intake.config import Settings
from intake.models import Company, Contact, User
from intake.vocabulary import Role
from notify.compose import render
from notify.contacts import preferences_of
from notify.messages import queue_rendered, recipient_locale, staff_for
from notify.models import Notification
from notify.vocabulary import Channel, Topic

logger = logging.getLogger(__name__)

PACKAGE = "conversations"
TOKEN = re.compile(r"<conv\.(\d+)\.(\d+)\.([0-9a-f]{16})@", re.IGNORECASE)


def signature(settings: Settings, thread_id: int) -> str:
    """Return the signature that proves a Message-ID was Intake's notice of a conversation."""
    key = settings.secret_key.encode()
    return hmac.new(key, f"conversation:{thread_id}".encode(), hashlib.sha256).hexdigest()[:16]


def notice_id(settings: Settings, thread_id: int, message_id: int) -> str:
    """Return the Message-ID of a notice of a message."""
    domain = settings.inbox_address.rpartition("@")[2] or "intake.localhost"
    return f"<conv.{thread_id}.{message_id}.{signature(settings, thread_id)}@{domain}>"


def thread_in(settings: Settings, headers: Iterable[str]) -> int | None:
    """Return the conversation a reply's In-Reply-To or References names (signed), or None."""
    for value in headers:
        for thread_id, _message, sig in TOKEN.findall(value or ""):
            if hmac.compare_digest(sig.lower(), signature(settings, int(thread_id))):
                return int(thread_id)
    return None


def people_to_tell(
    session: Session, company: Company, side: Side
) -> list[tuple[str, Contact | User]]:
    """Return (e-mail, person) of who hears of a message written by one side."""
    if side == Side.CLIENT:
        return [(u.email, u) for u in staff_for(session, company) if u.email]
    found: dict[str, tuple[str, Contact | User]] = {}
    contacts = [c for c in company.contacts if c.email]
    prefs = preferences_of(session, [c.id for c in contacts])
    for contact in contacts:
        if Channel.EMAIL in prefs[contact.id][Topic.CONVERSATION]:
            found.setdefault(contact.email or "", (contact.email or "", contact))
    logins = session.scalars(
        select(User).where(User.company_id == company.id, User.role == Role.CLIENT, User.active)
    )
    for user in logins:
        found.setdefault(user.email, (user.email, user))
    return list(found.values())


def tell_other_side(
    session: Session, settings: Settings, thread: Thread, message: ThreadMessage
) -> list[Notification]:
    """Queue an e-mail notice of a new message to the other side (once per person)."""
    company = session.get_one(Company, thread.company_id)
    reply_to = company_address(company.inbox_code, settings.inbox_address)
    path = "client/conversations" if message.side == Side.OFFICE else "staff/conversations"
    link = f"{settings.base_url}/{path}/{thread.id}"
    rows = []
    for address, person in people_to_tell(session, company, message.side):
        if message.author_email and address.lower() == message.author_email.lower():
            continue
        text = render(
            PACKAGE,
            "conversation_message",
            recipient_locale(session, person),
            company=company.name,
            office=company.office.name,
            subject=thread.subject,
            author=message.author_name,
            body=message.body,
            files=[a.filename for a in message.attachments],
            link=link,
        )
        row = queue_rendered(
            session,
            text,
            channel=Channel.EMAIL,
            recipient=address,
            office_id=thread.office_id,
            company_id=thread.company_id,
            kind=Topic.CONVERSATION,
            key=f"conversation:{message.id}:{address.lower()}"[:200],
            about=f"conversation:{thread.id}",
            headers={
                "Message-ID": notice_id(settings, thread.id, message.id),
                "Reply-To": reply_to,
            },
        )
        if row is not None:
            rows.append(row)
    return rows
