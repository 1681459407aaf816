"""Notification rows: queue one per recipient, deliver it once, keep the history.

A row is `queued` until a job claims it (`sending`, under a lease), then `sent`, or
`failed` for good. A passing failure puts it back to `queued` with the error noted and
raises, so dramatiq retries the job with backoff; when the retries are used up,
`give_up` marks it failed with that last error (the `notification_failed` job). A
gateway's receipt later moves a sent message to `delivered` (or `failed`), see
notify/receipts.py. A message sent on behalf of a person who is told when it fails
(notify/failures.py). Its key is its idempotency key: the gateway and the Message-ID
carry it, so a message sent again after a crash is the same message.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import partial
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from intake.broker import enqueue, send_or_log
from intake.i18n import Message
from intake.models import Office, utcnow
from intake.runtime import Runtime
from notify.channels import open_channel
from notify.errors import DeliveryError, NotifyError, Problem, describe
from notify.failures import tell_sender
from notify.models import Notification
from notify.outgoing import Attachment, Outgoing
from notify.phones import to_e164
from notify.vocabulary import KIND_FORM, PHONE_CHANNELS, Channel, NotificationState

logger = logging.getLogger(__name__)

QUEUED = NotificationState.QUEUED
SENDING = NotificationState.SENDING
SENT = NotificationState.SENT
FAILED = NotificationState.FAILED


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
    about: str | None = None,
    data: dict[str, Any] | None = None,
    sender_id: int | None = None,
    contact_id: int | None = None,
    letter_id: int | None = None,
) -> Notification | None:
    """Add a queued message, sent once the session commits; None when its key was used.

    `kind` names the message (its sending package owns it), `key` makes an occasion send
    once, `about` says what it is about in the sender's words ('task:12'); `sender_id` is
    the person it is sent on behalf of (told if it fails).
    """
    if channel not in Channel.values():
        raise NotifyError(Problem.UNKNOWN_CHANNEL, channel=channel)
    if kind is not None and not KIND_FORM.fullmatch(kind):
        raise NotifyError(Problem.BAD_KIND, kind=kind)
    if key and session.scalar(select(Notification.id).where(Notification.key == key)):
        return None
    row = Notification(
        office_id=office_id,
        company_id=company_id,
        channel=Channel(channel),
        recipient=recipient,
        subject=subject,
        body=body,
        kind=kind,
        key=key,
        about=about,
        data=data or {},
        sender_id=sender_id,
        contact_id=contact_id,
        letter_id=letter_id,
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:  # another process queued the same key a moment ago
        logger.info("notification %s already queued", key)
        return None
    enqueue(session, "send_notification", row.id)
    return row


def send_lease(rt: Runtime) -> dt.timedelta:
    """Return how long a job may hold a message it is sending (INTAKE_SEND_LEASE_S)."""
    return dt.timedelta(seconds=rt.settings.section("notify").send_lease_s)


def claim(rt: Runtime, notification_id: int) -> bool:
    """Mark a notification sending; only one job wins, a stale claim may be taken over."""
    now = utcnow()
    lease = send_lease(rt)
    with rt.db.session() as session:
        result = session.execute(
            update(Notification)
            .where(Notification.id == notification_id)
            .where(
                or_(
                    Notification.status == QUEUED,
                    (Notification.status == SENDING)
                    & (Notification.last_attempt_at < now - lease)
                    & Notification.handed_at.is_(None),
                )
            )
            .values(status=SENDING, attempts=Notification.attempts + 1, last_attempt_at=now)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1  # type: ignore[attr-defined]


def deliver(rt: Runtime, notification_id: int) -> NotificationState | None:
    """Send one queued notification and record the outcome; return its new state.

    Raises DeliveryError when it was not delivered: a temporary one leaves the row queued
    with the error noted (the job retries), a permanent one marks it failed.
    """
    if not claim(rt, notification_id):
        if settle_handed(rt, notification_id):
            return SENT
        logger.info("notification %s is not waiting to be sent", notification_id)
        return None
    try:
        gateway_id = attempt(rt, notification_id)
    except DeliveryError as e:
        state = QUEUED if e.temporary else FAILED
        record(rt, notification_id, state, error=e.message())
        logger.warning("notification %s (%s): %s", notification_id, state, e)
        raise
    record(rt, notification_id, SENT, gateway_id=gateway_id)
    return SENT


@contextmanager
def handing_over(rt: Runtime, notification_id: int, gateway_id: str) -> Iterator[None]:
    """Record the message handed over; the record commits only once the block ran."""
    with rt.db.session() as session:
        session.execute(
            update(Notification)
            .where(Notification.id == notification_id, Notification.status == SENDING)
            .values(handed_at=utcnow(), gateway_id=gateway_id)
            .execution_options(synchronize_session=False)
        )
        yield


def settle_handed(rt: Runtime, notification_id: int) -> bool:
    """Mark sent a message whose worker died after handing it over; never send it again.

    `handed_at` commits only after the final dot was written, so the server holds the
    message (unless it refused it at the end of the data, which the dead worker never
    read); sending again would put a second copy in the client's mailbox.
    """
    stale = utcnow() - send_lease(rt)
    with rt.db.session() as session:
        result = session.execute(
            update(Notification)
            .where(
                Notification.id == notification_id,
                Notification.status == SENDING,
                Notification.handed_at.is_not(None),
                Notification.last_attempt_at < stale,
            )
            .values(status=SENT, sent_at=Notification.handed_at)
            .execution_options(synchronize_session=False)
        )
        settled = result.rowcount == 1  # type: ignore[attr-defined]
    if settled:
        logger.warning(
            "notification %s: its worker stopped after handing it to the server; "
            "counted as sent, not sent again",
            notification_id,
        )
    return settled


def attempt(rt: Runtime, notification_id: int) -> str | None:
    """Hand a claimed notification to its channel; return the gateway's id for it."""
    config = rt.settings.section("notify")
    with rt.db.session() as session:
        row = session.get_one(Notification, notification_id)
        country = session.get_one(Office, row.office_id).country
        message = outgoing(row, config.mail_from, country)
    try:
        if row.data.get("attachment"):
            message = with_attachment(rt, message, row.data["attachment"])
        handover = partial(handing_over, rt, notification_id)
        return open_channel(rt.settings, message.channel).send(message, handover)
    except DeliveryError:
        raise
    except Exception as e:  # a bug or a library's surprise: retried, and logged loudly
        logger.exception("notification %s: unexpected failure", notification_id)
        raise DeliveryError(Problem.UNEXPECTED, temporary=True, detail=describe(e)) from e


def outgoing(row: Notification, mail_from: str, country: str | None = None) -> Outgoing:
    """Return what a channel needs to send a row; a phone number becomes E.164.

    A national number is read as the office's country writes it; one that is not a
    number raises a permanent DeliveryError.
    """
    phone = row.channel in PHONE_CHANNELS
    return Outgoing(
        channel=row.channel,
        recipient=to_e164(row.recipient, country) if phone else row.recipient,
        subject=row.subject,
        body=row.body,
        sender=None if phone else mail_from,
        headers=dict(row.data.get("headers") or {}),
        key=row.key,
    )


def with_attachment(rt: Runtime, message: Outgoing, stored: dict[str, Any]) -> Outgoing:
    """Return an e-mail with its stored attachment read back (a phone message has none)."""
    if message.channel != Channel.EMAIL:
        return message
    data = rt.storage.get(str(stored["key"]))
    found = Attachment(str(stored["name"]), data, str(stored.get("type") or "application/pdf"))
    return replace(message, attachments=(found,))


def record(
    rt: Runtime,
    notification_id: int,
    status: NotificationState,
    *,
    error: Message | None = None,
    gateway_id: str | None = None,
) -> None:
    """Store a delivery outcome on the row; a failure is told to the person who sent it."""
    with rt.db.session() as session:
        row = session.get_one(Notification, notification_id)
        row.status, row.error = status, error
        if status != SENT:
            row.handed_at = None  # the server answered: a retry may send it again
        if status == SENT:
            row.sent_at, row.gateway_id = utcnow(), gateway_id
        if status == FAILED:
            tell_sender(session, rt.settings, row)


def give_up(rt: Runtime, notification_id: int, tries: int) -> bool:
    """Mark a queued notification failed, keeping its last error; False if it moved on."""
    with rt.db.session() as session:
        result = session.execute(
            update(Notification)
            .where(Notification.id == notification_id, Notification.status == QUEUED)
            .values(status=FAILED)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            return False
        row = session.get_one(Notification, notification_id)
        if row.error is None:
            row.error = Problem.GAVE_UP.message(tries=tries)
        tell_sender(session, rt.settings, row)
    logger.warning("notification %s failed after %d tries", notification_id, tries)
    return True


def resend(session: Session, notification_id: int) -> None:
    """Queue a failed notification again; it is sent when the session commits."""
    row = session.get_one(Notification, notification_id)
    if row.status != FAILED:
        raise NotifyError(Problem.NOT_FAILED, id=notification_id, state=row.status)
    row.status, row.error = QUEUED, None
    enqueue(session, "send_notification", notification_id)


def dispatch(ids: Iterable[int]) -> None:
    """Send the jobs of notifications a sweep found left behind."""
    for notification_id in ids:
        send_or_log("send_notification", notification_id)


def history(
    session: Session,
    company_id: int | None = None,
    *,
    office_id: int | None = None,
    about: str | None = None,
    limit: int = 200,
) -> list[Notification]:
    """Return notifications of a company and/or about something, newest first.

    Scoped to an office when one is given; with neither a company nor `about`, nothing.
    """
    if company_id is None and about is None:
        return []
    query = select(Notification)
    if company_id is not None:
        query = query.where(Notification.company_id == company_id)
    if about is not None:
        query = query.where(Notification.about == about)
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
            ((Notification.status == QUEUED) & (last_touched < now - older_than))
            | ((Notification.status == SENDING) & (last_touched < now - send_lease(rt)))
        )
        return list(session.scalars(query.order_by(Notification.id)))
