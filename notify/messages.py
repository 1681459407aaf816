"""Who is told what: each occasion becomes one queued notification per recipient.

Each function adds rows to the caller's session and returns them; they are sent when the
caller commits. Keys make every occasion send once. Texts are templates rendered in each
recipient's language (notify/compose.py). notify knows nothing of the packages above it:
they write their own messages with the pieces here (`recipient_locale`, `staff_for`,
`queue_rendered`, `queue_notification`) and their own templates.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.config import Settings
from intake.i18n import pick_locale
from intake.models import Company, Contact, Document, User
from intake.month import Month
from intake.vocabulary import Role
from notify.compose import Rendered, render
from notify.delivery import queue_notification
from notify.models import Notification
from notify.vocabulary import Channel, MessageKind

__all__ = [
    "office_people",
    "queue_notification",
    "queue_rendered",
    "queue_reply",
    "recipient_locale",
    "staff_for",
    "tell_document_rejected",
    "tell_period_closed",
    "tell_sender_blocked",
]

logger = logging.getLogger(__name__)

PACKAGE = "notify"


def office_people(session: Session, office_id: int, role: str = Role.OWNER) -> list[User]:
    """Return the active people of an office with a role."""
    query = select(User).where(User.office_id == office_id, User.role == role, User.active)
    return list(session.scalars(query.order_by(User.id)))


def staff_for(session: Session, company: Company) -> list[User]:
    """Return who hears about a company: its accountant, else the office's owners."""
    if company.accountant is not None and company.accountant.active:
        return [company.accountant]
    return office_people(session, company.office_id)


def recipient_locale(session: Session, person: Contact | User) -> str:
    """Return the language a person reads messages in.

    A user: their own setting, else the office's. A contact: their own setting, else that
    of their company's login with the same e-mail, else the office's.
    """
    if isinstance(person, User):
        return pick_locale(person.locale, person.office.locale)
    login = None
    if person.locale is None and person.email:
        login = session.scalar(
            select(User.locale).where(
                User.company_id == person.company_id,
                User.email == person.email.strip().lower(),
            )
        )
    return pick_locale(person.locale, login, person.company.office.locale)


def queue_rendered(
    session: Session,
    text: Rendered,
    *,
    channel: Channel,
    recipient: str,
    office_id: int,
    kind: str,
    company_id: int | None = None,
    key: str | None = None,
    about: str | None = None,
    headers: dict[str, str] | None = None,
) -> Notification | None:
    """Queue a written message on one channel: an e-mail its subject and body, an SMS its text."""
    if channel == Channel.EMAIL:
        subject, body = text.subject, text.body
        data: dict[str, Any] = {"headers": {"Content-Language": text.locale, **(headers or {})}}
    else:  # an SMS: plain spaces keep it in the GSM alphabet (Babel writes no-break ones)
        subject, body = None, (text.sms or text.subject).replace("\xa0", " ")
        data = {}
    return queue_notification(
        session,
        office_id=office_id,
        company_id=company_id,
        channel=channel,
        recipient=recipient,
        subject=subject,
        body=body,
        kind=kind,
        key=key,
        about=about,
        data={**data, "locale": text.locale},
    )


def tell_period_closed(
    session: Session,
    settings: Settings,
    company: Company,
    month: str | Month,
    reopen_count: int = 0,
    *,
    period_id: int | None = None,
) -> list[Notification]:
    """Tell a company's contacts that all its documents for a month have arrived (once)."""
    month = Month.parse(month)
    office = company.office
    rows = []
    for contact in company.contacts:
        if not contact.email:
            continue
        text = render(
            PACKAGE,
            MessageKind.PERIOD_CLOSED,
            recipient_locale(session, contact),
            month=month,
            company=company.name,
            accountant=company.accountant.name if company.accountant else office.name,
            office=office.name,
            portal_url=f"{settings.base_url}/client/",
        )
        rows.append(
            queue_rendered(
                session,
                text,
                channel=Channel.EMAIL,
                recipient=contact.email,
                office_id=company.office_id,
                company_id=company.id,
                kind=MessageKind.PERIOD_CLOSED,
                key=f"period_closed:{company.id}:{month}:{reopen_count}:{contact.id}",
                about=f"period:{period_id}" if period_id else None,
            )
        )
    return [row for row in rows if row is not None]


def tell_document_rejected(
    session: Session, settings: Settings, document_id: int, event_id: int
) -> list[Notification]:
    """Tell a company's contacts that one of their documents was not accepted, and why (once).

    An e-mail to each contact with an address, else an SMS to their phone.
    """
    document = session.get(Document, document_id)
    if document is None:
        logger.warning("rejected document %s is gone", document_id)
        return []
    company, office = document.company, document.company.office
    rows = []
    for contact in company.contacts:
        channel = Channel.EMAIL if contact.email else Channel.SMS if contact.phone else None
        if channel is None:
            continue
        text = render(
            PACKAGE,
            MessageKind.DOCUMENT_REJECTED,
            recipient_locale(session, contact),
            filename=document.filename,
            reason=document.error or "",
            company=company.name,
            office=office.name,
            portal_url=f"{settings.base_url}/client/#document-{document.id}",
        )
        rows.append(
            queue_rendered(
                session,
                text,
                channel=channel,
                recipient=(contact.email if channel == Channel.EMAIL else contact.phone) or "",
                office_id=company.office_id,
                company_id=company.id,
                kind=MessageKind.DOCUMENT_REJECTED,
                key=f"document_rejected:{document.id}:{event_id}:{contact.id}",
                about=f"document:{document.id}",
            )
        )
    return [row for row in rows if row is not None]


def tell_sender_blocked(
    session: Session, settings: Settings, company_id: int, sender: str, until: object
) -> list[Notification]:
    """Tell a company's accountant that a sender was blocked from its inbox (once)."""
    company = session.get(Company, company_id)
    if company is None:
        logger.warning("sender %s blocked for unknown company %s", sender, company_id)
        return []
    if isinstance(until, str):
        until = dt.datetime.fromisoformat(until)
    moment = until if isinstance(until, dt.datetime) else None
    stamp = moment.isoformat(timespec="minutes") if moment else "-"
    rows = []
    for person in staff_for(session, company):
        text = render(
            PACKAGE,
            MessageKind.SENDER_BLOCKED,
            recipient_locale(session, person),
            sender=sender,
            company=company.name,
            until=moment,
            timezone=company.office.timezone,
            portal_url=f"{settings.base_url}/staff/",
        )
        rows.append(
            queue_rendered(
                session,
                text,
                channel=Channel.EMAIL,
                recipient=person.email,
                office_id=company.office_id,
                company_id=company.id,
                kind=MessageKind.SENDER_BLOCKED,
                key=f"sender_blocked:{company.id}:{stamp}:{person.id}:{sender.lower()}"[:200],
                about=f"sender:{sender.lower()}"[:100],
            )
        )
    return [row for row in rows if row is not None]


def queue_reply(
    session: Session,
    office_id: int,
    to: str,
    subject: str,
    body: str,
    in_reply_to: str | None = None,
) -> Notification | None:
    """Queue exactly the e-mail the inbox wrote, threaded under the message it answers."""
    headers = {"In-Reply-To": in_reply_to, "References": in_reply_to} if in_reply_to else {}
    return queue_notification(
        session,
        office_id=office_id,
        channel=Channel.EMAIL,
        recipient=to,
        subject=subject,
        body=body,
        kind=MessageKind.REPLY,
        key=f"reply:{in_reply_to}:{to.lower()}"[:200] if in_reply_to else None,
        data={"headers": headers},
    )


# Until tasks/messages.py takes these over (issue 9): the messages about tasks, with their
# templates in notify/templates/messages/task_created.txt and tax_due.txt. Delete them all
# once tasks sends its own.
