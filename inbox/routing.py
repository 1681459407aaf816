"""Finding the company a message is for (its own mailbox, or the recipient on a catch-all),
and the conversation a reply to one of its notices belongs to."""

from __future__ import annotations

from email.message import Message
from email.utils import getaddresses

from sqlalchemy import select
from sqlalchemy.orm import Session

from conversations.notices import thread_in
from inbox.accounts import Account
from inbox.mime import header
from intake.addresses import code_of
from intake.config import Settings
from intake.models import Company

# Delivered-To and X-Original-To carry the envelope recipient: the truest answer comes first.
RECIPIENT_HEADERS = ("Delivered-To", "X-Original-To", "To", "Cc")


def addresses(msg: Message, name: str) -> list[str]:
    """Return the lower-cased addresses of every header of a name."""
    try:
        values = [str(v) for v in msg.get_all(name, [])]
    except (ValueError, IndexError, TypeError):
        return []
    return [addr.strip().lower() for _, addr in getaddresses(values) if "@" in addr]


def recipients(msg: Message) -> list[str]:
    """Return every recipient address, envelope headers first, without repeats."""
    seen: dict[str, None] = {}
    for name in RECIPIENT_HEADERS:
        for addr in addresses(msg, name):
            seen.setdefault(addr, None)
    return list(seen)


def sender_of(msg: Message) -> str:
    """Return the From address, lower-cased ('' when there is none)."""
    found = addresses(msg, "From")
    return found[0] if found else ""


def find_company(session: Session, msg: Message, account: Account) -> Company | None:
    """Return the company a message is for, or None when no recipient names one."""
    if account.company_id is not None:
        return session.get(Company, account.company_id)
    for address in recipients(msg):
        code = code_of(address, account.domains)
        if code is None:
            continue
        query = select(Company).where(Company.inbox_code == code.lower())
        if account.office_id is not None:
            query = query.where(Company.office_id == account.office_id)
        company = session.scalar(query)
        if company is not None:
            return company
    return None


def find_thread(settings: Settings, msg: Message) -> int | None:
    """Return the conversation a reply answers (its notice's signed Message-ID), or None."""
    return thread_in(settings, [header(msg, "In-Reply-To"), header(msg, "References")])
