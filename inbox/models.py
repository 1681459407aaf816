"""The inbox's tables: accounts, mailbox bookkeeping, messages, their parts and senders."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from inbox.vocabulary import MailStatus, PartOutcome, Security, SenderEventKind
from intake.models.base import Base, Timestamped, choice, utcnow
from intake.models.texts import Stored, TextType
from intake.month import Month


class MailAccount(Timestamped, Base):
    """An IMAP mailbox of an office (catch-all) or of one company (dedicated)."""

    __tablename__ = "mail_account"
    __table_args__ = (UniqueConstraint("office_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    # Set for a company's own mailbox; every message in it belongs to that company.
    company_id: Mapped[int | None] = mapped_column(ForeignKey("company.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    host: Mapped[str] = mapped_column(String(253))
    port: Mapped[int]
    security: Mapped[Security] = mapped_column(
        choice(Security, "security", 10), default=Security.TLS
    )
    username: Mapped[str] = mapped_column(String(254))
    # Fernet token keyed from the installation's secret key; never the password itself.
    password_token: Mapped[str] = mapped_column(Text)
    folder: Mapped[str] = mapped_column(String(200), default="INBOX")
    processed_folder: Mapped[str] = mapped_column(String(200), default="Processed")
    rejected_folder: Mapped[str] = mapped_column(String(200), default="Rejected")
    # The address clients write to; its domain also routes '<code>@domain' on a catch-all.
    address: Mapped[str | None] = mapped_column(String(254))
    active: Mapped[bool] = mapped_column(default=True)
    last_polled_at: Mapped[dt.datetime | None]
    # Why the last pass failed (a coded text), None after a good one.
    last_error: Mapped[Stored | None] = mapped_column(TextType)


class MailboxState(Base):
    """What the poller knows of one mailbox folder: its UIDVALIDITY and who holds it."""

    __tablename__ = "mailbox_state"

    account: Mapped[str] = mapped_column(String(300), primary_key=True)
    uidvalidity: Mapped[int | None] = mapped_column(BigInteger)
    # One poller per mailbox at a time: the holder renews its lease while it works.
    lease_owner: Mapped[str | None] = mapped_column(String(200))
    lease_until: Mapped[dt.datetime | None]
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class AllowedSender(Timestamped, Base):
    """A sender the office trusts to hand in a company's documents without its PIN."""

    __tablename__ = "allowed_sender"
    __table_args__ = (UniqueConstraint("company_id", "address"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"), index=True)
    # A full address ('kasia@firma.pl') or a whole domain ('@firma.pl').
    address: Mapped[str] = mapped_column(String(254))


class SenderEvent(Base):
    """Something that happened with a sender: a wrong PIN, a reply sent, a block."""

    __tablename__ = "sender_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("company.id"), index=True)
    sender: Mapped[str] = mapped_column(String(320), index=True)
    kind: Mapped[SenderEventKind] = mapped_column(choice(SenderEventKind, "kind", 20))
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    until: Mapped[dt.datetime | None]
    inbound_email_id: Mapped[int | None] = mapped_column(ForeignKey("inbound_email.id"))


class InboundPart(Base):
    """What became of one attachment of an inbound e-mail."""

    __tablename__ = "inbound_part"

    id: Mapped[int] = mapped_column(primary_key=True)
    inbound_email_id: Mapped[int] = mapped_column(ForeignKey("inbound_email.id"), index=True)
    sender: Mapped[str | None] = mapped_column(String(320))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    outcome: Mapped[PartOutcome] = mapped_column(choice(PartOutcome, "outcome", 12))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id"))
    # A remark for staff (inbox.notes.MailNote, or why intake refused the file).
    note: Mapped[Stored | None] = mapped_column(TextType)


class InboundEmail(Timestamped, Base):
    """One IMAP message, keyed by (account, UIDVALIDITY, UID) so it is handled once."""

    __tablename__ = "inbound_email"
    __table_args__ = (UniqueConstraint("account", "uidvalidity", "uid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"), index=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("company.id"), index=True)
    account: Mapped[str] = mapped_column(String(300))
    # IMAP numbers are unsigned 32-bit: too large for PostgreSQL's integer.
    uidvalidity: Mapped[int] = mapped_column(BigInteger)
    uid: Mapped[int] = mapped_column(BigInteger)
    message_id: Mapped[str | None] = mapped_column(String(998), index=True)
    sender: Mapped[str | None] = mapped_column(String(320))
    subject: Mapped[str | None] = mapped_column(Text)
    status: Mapped[MailStatus] = mapped_column(
        choice(MailStatus, "status", 20), default=MailStatus.RECEIVED
    )
    # What became of it, for staff (inbox.notes.MailNote, remarks nested in it).
    note: Mapped[Stored | None] = mapped_column(TextType)
    storage_key: Mapped[str | None] = mapped_column(String(300))
    done_at: Mapped[dt.datetime | None]
    # Added by the inbox (migration 0003_inbox): the raw message's hash finds it again
    # after a UIDVALIDITY change; attempts count failed passes; month from the subject.
    raw_sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    month: Mapped[Month | None]
