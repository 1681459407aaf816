"""Finding the company a message is for: its own mailbox, or the recipient on a catch-all."""

from __future__ import annotations

from email.message import Message
from email.utils import getaddresses

from sqlalchemy import select
from sqlalchemy.orm import Session

from inbox.accounts import Account
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


def code_of(address: str, domains: tuple[str, ...]) -> str | None:
    """Return the inbox code in 'docs+CODE@any' or in 'CODE@catch-all-domain'."""
    local, _, domain = address.rpartition("@")
    if "+" in local:
        return local.split("+", 1)[1] or None
    if domain in domains:
        return local or None
    return None


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
