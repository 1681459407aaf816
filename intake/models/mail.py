"""E-mail that reached a company inbox, recorded before its attachments are accepted."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from intake.models.base import Base, Timestamped


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
    status: Mapped[str] = mapped_column(String(20), default="received")
    note: Mapped[str | None] = mapped_column(Text)
    storage_key: Mapped[str | None] = mapped_column(String(300))
    done_at: Mapped[dt.datetime | None]
    # Added by the inbox (migration 0003_inbox): the raw message's hash finds it again
    # after a UIDVALIDITY change; attempts count failed passes; month from the subject.
    raw_sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    month: Mapped[str | None] = mapped_column(String(7))
