"""notify's tables: every message sent and its delivery state, the messages the office
chose to send, contacts' channels, reminder settings, notices for staff."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from intake.models.base import Base, Timestamped, choice
from intake.models.texts import Stored, TextType
from intake.month import Month
from notify.vocabulary import Channel, NotificationState, Origin, Topic


class Notification(Timestamped, Base):
    """One e-mail, SMS or WhatsApp message to one recipient, and its delivery state."""

    __tablename__ = "notification"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("company.id"), index=True)
    channel: Mapped[Channel] = mapped_column(choice(Channel, "channel", 10))
    recipient: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str | None] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[NotificationState] = mapped_column(
        choice(NotificationState, "status", 10), default=NotificationState.QUEUED
    )
    # Why the last try failed: a coded message (older rows: the gateway's text).
    error: Mapped[Stored | None] = mapped_column(TextType)
    sent_at: Mapped[dt.datetime | None]
    # When the gateway reported it delivered (SMS and WhatsApp receipts).
    delivered_at: Mapped[dt.datetime | None]
    # The package that sends a kind owns it (free text, see notify/vocabulary.py).
    kind: Mapped[str | None] = mapped_column(String(40))
    # One message per occasion and recipient: an event handled twice finds it here.
    key: Mapped[str | None] = mapped_column(String(200), unique=True)
    # What the message is about, in the sending package's words: 'task:12', 'period:7'.
    about: Mapped[str | None] = mapped_column(String(100), index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_attempt_at: Mapped[dt.datetime | None]
    # When the try in progress handed the e-mail's final dot to the mail server: from then
    # on the server may hold it, so a worker that dies is not followed by a second send.
    handed_at: Mapped[dt.datetime | None]
    # The gateway's id of the message, to match its delivery receipts.
    gateway_id: Mapped[str | None] = mapped_column(String(200), index=True)
    # The person it is sent on behalf of: told when it fails.
    sender_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    # The contact it went to (None: staff, a sender of mail, a removed contact).
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contact.id", ondelete="SET NULL"), index=True
    )
    # The office's message this is one delivery of.
    letter_id: Mapped[int | None] = mapped_column(ForeignKey("letter.id"), index=True)
    # Headers and gateway answers: message_id, in_reply_to, an attachment's key, segments.
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Letter(Timestamped, Base):
    """A message the office chose to send one client, or a reminder that sent itself.

    Sent to many clients at once, each gets its own letter with the same `batch`. Its
    deliveries (one per contact and channel) are notifications pointing at it.
    """

    __tablename__ = "letter"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"), index=True)
    batch: Mapped[str | None] = mapped_column(String(32), index=True)
    kind: Mapped[Topic] = mapped_column(choice(Topic, "kind", 20))
    month: Mapped[Month | None]
    # What the sender wrote (a free text, or a note added to another kind).
    text: Mapped[str | None] = mapped_column(Text)
    channels: Mapped[list[str]] = mapped_column(JSON, default=list)
    attachment_key: Mapped[str | None] = mapped_column(String(300))
    attachment_name: Mapped[str | None] = mapped_column(String(255))
    attachment_size: Mapped[int | None]
    # Who sent it (None: a reminder); its signature and the one told of failures.
    sender_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    origin: Mapped[Origin] = mapped_column(choice(Origin, "origin", 10))
    # A reminder's occasion ('documents_after:12:2026-10:3'): one letter per slot, ever.
    slot: Mapped[str | None] = mapped_column(String(160), unique=True)
    # Why a reminder was sent, or why nothing could be written (a coded text).
    note: Mapped[Stored | None] = mapped_column(TextType)
    composed_at: Mapped[dt.datetime | None]


class ContactChannel(Base):
    """One channel a contact receives one topic on (no rows: the defaults)."""

    __tablename__ = "contact_channel"

    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True
    )
    topic: Mapped[Topic] = mapped_column(choice(Topic, "topic", 20), primary_key=True)
    channel: Mapped[Channel] = mapped_column(choice(Channel, "channel", 10), primary_key=True)


class ReminderPolicy(Base):
    """An office's reminders that send themselves: when and how (off until switched on)."""

    __tablename__ = "reminder_policy"

    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), primary_key=True)
    enabled: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The hour of the day (the office's time zone) reminders go out.
    hour: Mapped[int] = mapped_column(default=9)
    # Days before and after the documents deadline that missing documents (or a missing
    # confirmation) are reminded of.
    days_before: Mapped[list[int]] = mapped_column(JSON, default=lambda: [3, 1])
    days_after: Mapped[list[int]] = mapped_column(JSON, default=lambda: [1, 5])
    # Days after amounts were sent that a missing approval is reminded of.
    approval_after: Mapped[list[int]] = mapped_column(JSON, default=lambda: [3, 7])
    # Days before each amount's due date that it is reminded of.
    due_before: Mapped[list[int]] = mapped_column(JSON, default=lambda: [2])
    channels: Mapped[list[str]] = mapped_column(JSON, default=lambda: ["email"])


class StaffNotice(Timestamped, Base):
    """Something a person of the office must know (a message of theirs was not delivered)."""

    __tablename__ = "staff_notice"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("company.id"))
    notification_id: Mapped[int | None] = mapped_column(ForeignKey("notification.id"), unique=True)
    text: Mapped[Stored] = mapped_column(TextType)
    read_at: Mapped[dt.datetime | None]
