"""Senders an office lets skip a company's PIN, and when they are really them.

A listed address ('kasia@firma.pl') or domain ('@firma.pl') skips the PIN only when the
receiving server's Authentication-Results say DKIM or DMARC passed for the From domain
(inbox.authentication); otherwise the message needs the PIN like any other. A free-mail
domain ('@gmail.com') cannot be listed as a whole: anyone can open a mailbox there.
"""

from __future__ import annotations

from email.message import Message

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from inbox.authentication import authenticated
from inbox.errors import InboxError, Reason
from inbox.freemail import is_free_mail
from inbox.models import AllowedSender
from inbox.settings import DOMAIN


def is_listed(session: Session, company_id: int, sender: str) -> bool:
    """Tell whether the office lists this sender (or, unless free mail, the sender's domain)."""
    if "@" not in sender:
        return False
    domain = sender.rpartition("@")[2]
    listed = [sender] if is_free_mail(domain) else [sender, "@" + domain]
    query = select(AllowedSender.id).where(
        AllowedSender.company_id == company_id,
        or_(*(AllowedSender.address == a for a in listed)),
    )
    return session.scalar(query.limit(1)) is not None


def is_trusted(
    session: Session, company_id: int, msg: Message, sender: str, authserv_ids: tuple[str, ...]
) -> bool:
    """Tell whether a sender skips the PIN: listed, and authenticated by the trusted server."""
    return is_listed(session, company_id, sender) and authenticated(msg, sender, authserv_ids)


def allow_sender(session: Session, company_id: int, address: str) -> AllowedSender:
    """Let an address ('kasia@firma.pl') or a domain ('@firma.pl') skip a company's PIN."""
    address = address.strip().lower()
    local, at, domain = address.rpartition("@")
    if not at or not DOMAIN.fullmatch(domain) or any(c in local for c in ' <>,;"@'):
        raise InboxError(Reason.NOT_AN_ADDRESS_OR_DOMAIN, value=address)
    if not local and is_free_mail(domain):
        raise InboxError(Reason.FREE_MAIL_DOMAIN, domain=domain)
    existing = session.scalar(
        select(AllowedSender).where(
            AllowedSender.company_id == company_id, AllowedSender.address == address
        )
    )
    if existing is not None:
        return existing
    row = AllowedSender(company_id=company_id, address=address)
    session.add(row)
    session.flush()
    return row
