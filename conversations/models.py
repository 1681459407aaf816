"""conversations' tables: threads, their messages and the files that go with them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from conversations.vocabulary import Side, Via
from intake.models.base import Base, Timestamped, choice, utcnow


class Thread(Timestamped, Base):
    """A conversation between the office and one client's people, on one subject."""

    __tablename__ = "conversation"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"), index=True)
    subject: Mapped[str] = mapped_column(String(200))
    started_by: Mapped[Side] = mapped_column(choice(Side, "started_by", 10))
    # The bulk notice it came from (one id for every client it went to).
    batch: Mapped[str | None] = mapped_column(String(32), index=True)
    last_message_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # The newest message each side has read (message ids grow): the rest is unread.
    office_seen_id: Mapped[int] = mapped_column(default=0)
    client_seen_id: Mapped[int] = mapped_column(default=0)

    messages: Mapped[list[ThreadMessage]] = relationship(
        back_populates="thread", order_by="ThreadMessage.id", cascade="all, delete-orphan"
    )


class ThreadMessage(Timestamped, Base):
    """One message of a conversation, by a person of either side."""

    __tablename__ = "conversation_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("conversation.id"), index=True)
    side: Mapped[Side] = mapped_column(choice(Side, "side", 10))
    via: Mapped[Via] = mapped_column(choice(Via, "via", 10))
    # A person who logs in, or (a reply by e-mail) only the address it came from.
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    author_name: Mapped[str] = mapped_column(String(200))
    author_email: Mapped[str | None] = mapped_column(String(320))
    body: Mapped[str] = mapped_column(Text)
    # A reply by e-mail: its Message-ID, so a message polled twice is taken once.
    email_message_id: Mapped[str | None] = mapped_column(String(998), unique=True)

    thread: Mapped[Thread] = relationship(back_populates="messages")
    attachments: Mapped[list[ThreadAttachment]] = relationship(
        back_populates="message", order_by="ThreadAttachment.id", cascade="all, delete-orphan"
    )


class ThreadAttachment(Base):
    """A file that went with a message, kept in intake's storage (never shown inline)."""

    __tablename__ = "conversation_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("conversation_message.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(300))

    message: Mapped[ThreadMessage] = relationship(back_populates="attachments")
