"""Notification rows: queue one per recipient, deliver it once, keep the history."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from intake import broker
from intake.models import utcnow
from intake.models.work import Notification
from intake.runtime import Runtime
from notify.channels import CHANNELS, SMS, Outgoing, open_channel
from notify.errors import DeliveryError, NotifyError

logger = logging.getLogger(__name__)

SEND_LEASE = dt.timedelta(minutes=5)


def queue_notification(
    session: Session,
    *,
    office_id: int,
    channel: str,
    recipient: str,
    body: str,
    subject: str | None = None,
    company_id: int | None = None,
    kind: str | None = None,
    key: str | None = None,
    task_id: int | None = None,
    data: dict[str, Any] | None = None,
) -> Notification | None:
    """Add a queued message; return None when one with the same key was queued before."""
    if channel not in CHANNELS:
        raise NotifyError(f"unknown channel {channel!r}")
    if key and session.scalar(select(Notification.id).where(Notification.key == key)):
        return None
    row = Notification(
        office_id=office_id,
        company_id=company_id,
        channel=channel,
        recipient=recipient,
        subject=subject,
        body=body,
        kind=kind,
        key=key,
        task_id=task_id,
        data=data or {},
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:  # another process queued the same key a moment ago
        logger.info("notification %s already queued", key)
        return None
    return row


def dispatch(ids: Iterable[int]) -> None:
    """Enqueue a send job per notification, after the commit; the sweeper catches misses."""
    for notification_id in ids:
        try:
            broker.send("send_notification", notification_id)
        except Exception:
            logger.exception("could not enqueue notification %s", notification_id)


def claim(rt: Runtime, notification_id: int) -> bool:
    """Mark a notification sending; only one job wins, a stale claim may be taken over."""
    now = utcnow()
    with rt.db.session() as session:
        result = session.execute(
            update(Notification)
            .where(Notification.id == notification_id)
            .where(
                or_(
                    Notification.status == "queued",
                    (Notification.status == "sending")
                    & (Notification.last_attempt_at < now - SEND_LEASE),
                )
            )
            .values(status="sending", attempts=Notification.attempts + 1, last_attempt_at=now)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1  # type: ignore[attr-defined]


def deliver(rt: Runtime, notification_id: int, *, final: bool = True) -> str | None:
    """Send one queued notification and record the outcome; return its new status.

    A passing failure puts it back in the queue and raises DeliveryError so the job
    retries; on the final try, and for permanent failures, it is marked failed.
    """
    if not claim(rt, notification_id):
        logger.info("notification %s is not waiting to be sent", notification_id)
        return None
    with rt.db.session() as session:
        row = session.get_one(Notification, notification_id)
        message = outgoing(row, rt.settings.mail_from)
    try:
        gateway_id = open_channel(rt.settings, message.channel).send(message)
    except Exception as e:
        failure = e
        if not isinstance(e, NotifyError):  # a bug or a library's surprise: retry, loudly
            logger.exception("notification %s: unexpected failure", notification_id)
            failure = DeliveryError(f"{type(e).__name__}: {e}", temporary=True)
            failure.__cause__ = e
        temporary = isinstance(failure, DeliveryError) and failure.temporary and not final
        record(rt, notification_id, "queued" if temporary else "failed", error=str(failure))
        logger.warning("notification %s: %s", notification_id, failure)
        if temporary:
            raise failure from failure.__cause__
        return "failed"
    record(rt, notification_id, "sent", gateway_id=gateway_id)
    return "sent"


def outgoing(row: Notification, mail_from: str) -> Outgoing:
    """Return what a channel needs to send a notification row."""
    return Outgoing(
        channel=row.channel,
        recipient=row.recipient,
        subject=row.subject,
        body=row.body,
        sender=None if row.channel == SMS else mail_from,
        headers=dict(row.data.get("headers") or {}),
    )


def record(
    rt: Runtime,
    notification_id: int,
    status: str,
    *,
    error: str | None = None,
    gateway_id: str | None = None,
) -> None:
    """Store a delivery outcome on the row."""
    with rt.db.session() as session:
        row = session.get_one(Notification, notification_id)
        row.status, row.error = status, error
        if status == "sent":
            row.sent_at = utcnow()
            row.data = {**row.data, "gateway_id": gateway_id}


def resend(rt: Runtime, notification_id: int) -> None:
    """Queue a failed notification again and enqueue it."""
    with rt.db.session() as session:
        row = session.get_one(Notification, notification_id)
        if row.status != "failed":
            raise NotifyError(f"notification {notification_id} is {row.status}, not failed")
        row.status, row.error = "queued", None
    dispatch([notification_id])


def history(
    session: Session, company_id: int, *, office_id: int | None = None, limit: int = 200
) -> list[Notification]:
    """Return a company's notifications, newest first (scoped to an office when given)."""
    query = select(Notification).where(Notification.company_id == company_id)
    if office_id is not None:
        query = query.where(Notification.office_id == office_id)
    return list(session.scalars(query.order_by(Notification.id.desc()).limit(limit)))


def stale_notifications(rt: Runtime, older_than: dt.timedelta) -> list[int]:
    """Return notifications left queued (a lost message) or sending (a crashed worker).

    `older_than` must exceed the send job's longest retry backoff, or a retry still
    waiting in the broker would be enqueued a second time (harmless, but wasteful).
    """
    now = utcnow()
    last_touched = func.coalesce(Notification.last_attempt_at, Notification.created_at)
    with rt.db.session() as session:
        query = select(Notification.id).where(
            ((Notification.status == "queued") & (last_touched < now - older_than))
            | ((Notification.status == "sending") & (last_touched < now - SEND_LEASE))
        )
        return list(session.scalars(query.order_by(Notification.id)))
