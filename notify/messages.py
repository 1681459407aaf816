"""Who is told what: each occasion becomes one queued notification per recipient.

Each function adds rows to the caller's session and returns them; the caller commits,
then passes their ids to `notify.delivery.dispatch`. Keys make every occasion send once.
"""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.config import Settings
from intake.models import Company, Contact, Office, User
from intake.models.work import Notification, Task
from notify.channels import EMAIL, SMS
from notify.delivery import queue_notification
from notify.templates import amounts_lines, format_day, format_month, pick_locale, render

logger = logging.getLogger(__name__)


def office_people(session: Session, office_id: int, role: str = "owner") -> list[User]:
    """Return the active people of an office with a role."""
    query = select(User).where(User.office_id == office_id, User.role == role, User.active)
    return list(session.scalars(query.order_by(User.id)))


def staff_for(session: Session, company: Company) -> list[User]:
    """Return who hears about a company: its accountant, else the office's owners."""
    if company.accountant is not None and company.accountant.active:
        return [company.accountant]
    return office_people(session, company.office_id)


def contact_locale(session: Session, contact: Contact, office: Office) -> str:
    """Return a contact's language: its company login's (same e-mail), else the office's."""
    user = None
    if contact.email:
        user = session.scalar(
            select(User).where(
                User.company_id == contact.company_id, User.email == contact.email.strip().lower()
            )
        )
    return pick_locale(user.locale if user else None, office.locale)


def tell_period_closed(
    session: Session, settings: Settings, company: Company, month: str, reopen_count: int = 0
) -> list[Notification]:
    """Tell a company's contacts that all its documents for a month have arrived."""
    office = company.office
    accountant = company.accountant.name if company.accountant else office.name
    rows = []
    for contact in company.contacts:
        if not contact.email:
            continue
        text = render(
            "period_closed",
            contact_locale(session, contact, office),
            month=format_month(month),
            company=company.name,
            accountant=accountant,
            office=office.name,
            portal_url=f"{settings.base_url}/client/",
        )
        rows.append(
            queue_notification(
                session,
                office_id=company.office_id,
                company_id=company.id,
                channel=EMAIL,
                recipient=contact.email,
                subject=text.subject,
                body=text.body,
                kind="period_closed",
                key=f"period_closed:{company.id}:{month}:{reopen_count}:{contact.id}",
            )
        )
    return [row for row in rows if row is not None]


def tell_task_created(session: Session, settings: Settings, task: Task) -> list[Notification]:
    """Tell the assignee (or, for an unassigned task, the office's owners) about a task."""
    office = session.get_one(Office, task.office_id)
    people = [task.assignee] if task.assignee else office_people(session, task.office_id)
    rows = []
    for person in people:
        locale = pick_locale(person.locale, office.locale)
        due = format_day(task.due_on, locale) if task.due_on else "-"
        unassigned = {"pl": " (nieprzypisane)", "en": " (unassigned)"}[locale]
        text = render(
            "task_created",
            locale,
            title=task.title,
            assigned="" if task.assignee else unassigned,
            due=due,
            portal_url=f"{settings.base_url}/staff/",
        )
        rows.append(
            queue_notification(
                session,
                office_id=task.office_id,
                company_id=task.company_id,
                channel=EMAIL,
                recipient=person.email,
                subject=text.subject,
                body=text.body,
                kind="task_created",
                key=f"task_created:{task.id}:{person.id}",
                task_id=task.id,
            )
        )
    return [row for row in rows if row is not None]


def tell_tax_due(
    session: Session,
    settings: Settings,
    task: Task,
    month: str,
    amounts: dict[str, Decimal],
    due_dates: dict[str, dt.date],
    *,
    signer: User | None = None,
    approval_url: str | None = None,
) -> list[Notification]:
    """Send every contact of the task's company the amounts due, by e-mail and SMS."""
    company = session.get_one(Company, task.company_id)
    office = company.office
    signer = signer or company.accountant or task.assignee
    headers = {"Reply-To": signer.email} if signer else {}
    rows = []
    for contact in company.contacts:
        locale = contact_locale(session, contact, office)
        lines, short = amounts_lines(amounts, due_dates, locale)
        ask = {"pl": "Prosimy o akceptację", "en": "Please approve"}[locale]
        text = render(
            "tax_due",
            locale,
            month=format_month(month),
            company=company.name,
            amounts=lines,
            amounts_short=short,
            approval=f"{ask}: {approval_url}\n\n" if approval_url else "",
            approval_short=f"{ask}: {approval_url} " if approval_url else "",
            accountant=signer.name if signer else office.name,
            office=office.name,
            portal_url=f"{settings.base_url}/client/",
        )
        for channel, address in ((EMAIL, contact.email), (SMS, contact.phone)):
            if not address:
                continue
            rows.append(
                queue_notification(
                    session,
                    office_id=company.office_id,
                    company_id=company.id,
                    channel=channel,
                    recipient=address,
                    subject=text.subject if channel == EMAIL else None,
                    body=text.body if channel == EMAIL else (text.sms or text.subject),
                    kind="tax_due",
                    key=f"tax_due:{task.id}:{contact.id}:{channel}",
                    task_id=task.id,
                    data={"headers": headers} if channel == EMAIL else None,
                )
            )
    return [row for row in rows if row is not None]


def tell_sender_blocked(
    session: Session, settings: Settings, company_id: int, sender: str, until: object
) -> list[Notification]:
    """Tell a company's accountant that a sender was blocked from its inbox."""
    company = session.get(Company, company_id)
    if company is None:
        logger.warning("sender %s blocked for unknown company %s", sender, company_id)
        return []
    rows = []
    for person in staff_for(session, company):
        locale = pick_locale(person.locale, company.office.locale)
        when = until if not isinstance(until, dt.datetime) else f"{until:%Y-%m-%d %H:%M} UTC"
        text = render(
            "sender_blocked",
            locale,
            sender=sender,
            company=company.name,
            until=when or "-",
            portal_url=f"{settings.base_url}/staff/",
        )
        rows.append(
            queue_notification(
                session,
                office_id=company.office_id,
                company_id=company.id,
                channel=EMAIL,
                recipient=person.email,
                subject=text.subject,
                body=text.body,
                kind="sender_blocked",
                key=f"sender_blocked:{company.id}:{sender.lower()}:{when}:{person.id}",
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
    """Queue exactly the e-mail asked for, threaded under the message it answers."""
    headers = {"In-Reply-To": in_reply_to, "References": in_reply_to} if in_reply_to else {}
    return queue_notification(
        session,
        office_id=office_id,
        channel=EMAIL,
        recipient=to,
        subject=subject,
        body=body,
        kind="reply",
        key=f"reply:{in_reply_to}:{to.lower()}"[:200] if in_reply_to else None,
        data={"headers": headers},
    )
