"""Documents, their audit trail and what was read from them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intake.models.base import Base, Timestamped, choice, utcnow
from intake.models.office import Company
from intake.models.texts import Stored, TextListType, TextType
from intake.month import Month
from intake.vocabulary import DocumentStatus, Source


class Document(Timestamped, Base):
    """One file a client handed in, from any door."""

    __tablename__ = "document"
    __table_args__ = (
        Index("ix_document_company_sha", "company_id", "sha256"),
        # One original per file and company, even when two uploads race; copies point at it.
        Index(
            "uq_document_original",
            "company_id",
            "sha256",
            unique=True,
            sqlite_where=text("duplicate_of_id IS NULL"),
            postgresql_where=text("duplicate_of_id IS NULL"),
        ),
        # A stack is split once: one part per first page, however often its reading runs.
        Index("uq_document_split_part", "split_from_id", "split_first", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"), index=True)
    month: Mapped[Month | None] = mapped_column(index=True)
    month_chosen: Mapped[bool] = mapped_column(default=False)
    source: Mapped[Source] = mapped_column(choice(Source, "source", 10))
    filename: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    pages: Mapped[int] = mapped_column(default=1)
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(300))
    status: Mapped[DocumentStatus] = mapped_column(
        choice(DocumentStatus, "status"), default=DocumentStatus.RECEIVED, index=True
    )
    # Why it was refused or failed: a message to translate, or a person's reason.
    error: Mapped[Stored | None] = mapped_column(TextType)
    attempts: Mapped[int] = mapped_column(default=0)
    lease_until: Mapped[dt.datetime | None]
    # Which job message holds the lease: its own retry may take it back before it runs out.
    claim_token: Mapped[str | None] = mapped_column(String(64))
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("document.id"))
    probable_duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("document.id"))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # Where the door that took it in keeps its own record ('email:42'); intake never reads it.
    origin: Mapped[str | None] = mapped_column(String(100), index=True)
    late: Mapped[bool] = mapped_column(default=False)
    # When the document legally reached the client, where that is not when Intake took it
    # in (an e-invoice is received when KSeF gives it its number); late counts go by it.
    delivered_at: Mapped[dt.datetime | None]
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # A document cut from a stack (one file of several invoices), and its pages there.
    split_from_id: Mapped[int | None] = mapped_column(ForeignKey("document.id"), index=True)
    split_first: Mapped[int | None]
    split_last: Mapped[int | None]

    company: Mapped[Company] = relationship()
    extraction: Mapped[Extraction | None] = relationship(
        back_populates="document", uselist=False, cascade="all, delete-orphan"
    )
    events: Mapped[list[DocumentEvent]] = relationship(
        back_populates="document", order_by="DocumentEvent.id", cascade="all, delete-orphan"
    )


class DocumentEvent(Base):
    """One step in a document's life: a status change or a correction, by whom and when."""

    __tablename__ = "document_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    actor: Mapped[str] = mapped_column(String(200))
    from_status: Mapped[DocumentStatus | None] = mapped_column(
        choice(DocumentStatus, "from_status")
    )
    to_status: Mapped[DocumentStatus | None] = mapped_column(choice(DocumentStatus, "to_status"))
    note: Mapped[Stored | None] = mapped_column(TextType)

    document: Mapped[Document] = relationship(back_populates="events")


class Extraction(Timestamped, Base):
    """What the reader found in a document; one per document, replaced by corrections."""

    __tablename__ = "extraction"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), unique=True)
    source: Mapped[str | None] = mapped_column(String(20))
    fields: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    confidence: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    problems: Mapped[list[Stored]] = mapped_column(TextListType, default=list)
    corrected: Mapped[list[str]] = mapped_column(JSON, default=list)
    text: Mapped[str] = mapped_column(Text, default="")
    elapsed_ms: Mapped[int] = mapped_column(default=0)
    # Where each field was read: {"invoice_number": {"page": 1, "box": [x0, top, x1, bottom]}}
    # as fractions of the page (ocr.Extraction.boxes); None when the reader gave none.
    boxes: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Copies of two fields, kept as columns to find probable duplicates on any database.
    invoice_number: Mapped[str | None] = mapped_column(String(100), index=True)
    seller_tax_id: Mapped[str | None] = mapped_column(String(32))

    document: Mapped[Document] = relationship(back_populates="extraction")
