"""A message that was not delivered is told to the person it was sent on behalf of.

Once per message: a notice in the portal (staff_notice, unique per notification) and an
e-mail to that person, in their language, naming the client, the recipient and why.
"""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from intake.config import Settings
from intake.i18n import N_, Coded, pick_locale, translate
from intake.models import Company, User, utcnow
from intake.models.texts import Stored
from notify.models import Notification, StaffNotice

logger = logging.getLogger(__name__)

PACKAGE = "notify"


class NoticeText(Coded):
    """What a staff notice says."""

    NOT_DELIVERED = N_(
        "Your message to %(company)s (%(channel)s, %(recipient)s) was not delivered: %(reason)s"
    )


def tell_sender(session: Session, settings: Settings, row: Notification) -> StaffNotice | None:
    """Tell the person a failed message was sent on behalf of, once: a notice and an e-mail."""
    if row.sender_id is None:
        return None
    if session.scalar(select(StaffNotice.id).where(StaffNotice.notification_id == row.id)):
        return None
    person = session.get(User, row.sender_id)
    if person is None or not person.active:
        return None
    company = session.get(Company, row.company_id) if row.company_id else None
    reason: Stored = row.error if row.error is not None else ""
    text = NoticeText.NOT_DELIVERED.message(
        company=company.name if company else "-",
        channel=row.channel,
        recipient=row.recipient,
        reason=reason,
    )
    notice = StaffNotice(
        office_id=row.office_id,
        user_id=person.id,
        company_id=row.company_id,
        notification_id=row.id,
        text=text,
    )
    try:
        with session.begin_nested():
            session.add(notice)
    except IntegrityError:  # another worker told them a moment ago
        return None
    queue_failure_mail(session, settings, row, person, company, reason)
    logger.info("notification %s failed: told user %s", row.id, person.id)
    return notice


def queue_failure_mail(
    session: Session,
    settings: Settings,
    row: Notification,
    person: User,
    company: Company | None,
    reason: Stored,
) -> None:
    """Queue the e-mail that tells a person their message was not delivered."""
    from notify.compose import render
    from notify.messages import queue_rendered
    from notify.vocabulary import Channel, MessageKind

    locale = pick_locale(person.locale, person.office.locale)
    link = (
        f"{settings.base_url}/staff/clients/{company.id}/history" if company else settings.base_url
    )
    text = render(
        PACKAGE,
        MessageKind.DELIVERY_FAILED,
        locale,
        company=company.name if company else "-",
        channel=row.channel,
        recipient=row.recipient,
        subject=row.subject or row.body[:80],
        reason=translate(reason, locale) if reason else "",
        link=link,
    )
    queue_rendered(
        session,
        text,
        channel=Channel.EMAIL,
        recipient=person.email,
        office_id=row.office_id,
        company_id=row.company_id,
        kind=MessageKind.DELIVERY_FAILED,
        key=f"delivery_failed:{row.id}",
        about=f"notification:{row.id}",
    )


def notices_for(session: Session, user: User, unread_only: bool = True) -> list[StaffNotice]:
    """Return a person's notices, newest first."""
    query = select(StaffNotice).where(StaffNotice.user_id == user.id)
    if unread_only:
        query = query.where(StaffNotice.read_at.is_(None))
    return list(session.scalars(query.order_by(StaffNotice.id.desc()).limit(50)))


def mark_read(session: Session, user: User) -> int:
    """Mark a person's notices read; return how many were unread."""
    notices = notices_for(session, user)
    for notice in notices:
        notice.read_at = utcnow()
    return len(notices)
