"""ksef's tables: credentials, each company's access and continuation points, the invoices."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from intake.models.base import Base, Timestamped, choice, utcnow
from intake.models.texts import Stored, TextType
from ksef.vocabulary import Access, CredentialKind, Environment, Qualification, SubjectType


class KsefCredential(Timestamped, Base):
    """How an office (or one of its companies, with a credential of its own) signs in."""

    __tablename__ = "ksef_credential"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    # Set for a company's own credential; None for the office's, used for all its clients.
    company_id: Mapped[int | None] = mapped_column(ForeignKey("company.id"), index=True)
    kind: Mapped[CredentialKind] = mapped_column(choice(CredentialKind, "kind", 12))
    environment: Mapped[Environment] = mapped_column(choice(Environment, "environment", 8))
    # A Fernet token keyed from the installation's secret key: the certificate and its
    # key, or the KSeF token. Never shown again once entered.
    secret: Mapped[str] = mapped_column(Text)
    # What may be shown: the certificate's subject and serial, or the token's last letters.
    label: Mapped[str] = mapped_column(String(300))
    valid_until: Mapped[dt.datetime | None]
    created_by: Mapped[str] = mapped_column(String(200))


class KsefCompany(Base):
    """A company's KSeF state: access as last checked, the last sync and its outcome."""

    __tablename__ = "ksef_company"

    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"), primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    access: Mapped[Access] = mapped_column(choice(Access, "access", 16), default=Access.UNKNOWN)
    checked_at: Mapped[dt.datetime | None]
    last_sync_at: Mapped[dt.datetime | None]
    # Why the last sync or check failed (a coded message); None after a good one.
    last_error: Mapped[Stored | None] = mapped_column(TextType)
    fetched: Mapped[int] = mapped_column(default=0)
    # One sync per company at a time, across processes: the holder renews its lease.
    lease_owner: Mapped[str | None] = mapped_column(String(200))
    lease_until: Mapped[dt.datetime | None]
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class KsefCursor(Base):
    """Where the next export of a company's invoices in one role starts (the HWM guide)."""

    __tablename__ = "ksef_cursor"

    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"), primary_key=True)
    subject_type: Mapped[SubjectType] = mapped_column(
        choice(SubjectType, "subject_type", 20), primary_key=True
    )
    # PermanentStorageHwmDate, or LastPermanentStorageDate of a truncated package: moved
    # only in the transaction that stores the window's invoices.
    continuation: Mapped[dt.datetime]
    last_export_at: Mapped[dt.datetime | None]
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class KsefInvoice(Timestamped, Base):
    """One invoice fetched from KSeF for a company, once per KSeF number, and its document."""

    __tablename__ = "ksef_invoice"
    __table_args__ = (
        UniqueConstraint("company_id", "ksef_number"),
        Index("ix_ksef_invoice_twin", "company_id", "seller_nip", "invoice_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"), index=True)
    ksef_number: Mapped[str] = mapped_column(String(36))
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    subject_type: Mapped[SubjectType | None] = mapped_column(choice(SubjectType, "subject_type"))
    # KSeF's duplicate key (docs/faktury/weryfikacja-faktury.md): seller, type and number.
    seller_nip: Mapped[str] = mapped_column(String(20))
    invoice_type: Mapped[str] = mapped_column(String(12))
    invoice_number: Mapped[str] = mapped_column(String(256))
    issue_date: Mapped[dt.date | None] = mapped_column(Date)
    # The day the client legally received it: when KSeF gave it its number.
    received_at: Mapped[dt.datetime]
    stored_at: Mapped[dt.datetime]
    invoice_hash: Mapped[str] = mapped_column(String(44))
    # Where the exact XML is kept (the document may be a PDF of the same invoice).
    storage_key: Mapped[str] = mapped_column(String(300))
    # A correction names the invoice it corrects; linked once that one is here too.
    corrects_ksef_number: Mapped[str | None] = mapped_column(String(36), index=True)
    corrects_number: Mapped[str | None] = mapped_column(String(256))
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("ksef_invoice.id"))
    qualification: Mapped[Qualification | None] = mapped_column(
        choice(Qualification, "qualification", 14)
    )
    qualification_note: Mapped[str | None] = mapped_column(Text)
    qualified_by: Mapped[str | None] = mapped_column(String(200))
    qualified_at: Mapped[dt.datetime | None]


class KsefOffice(Base):
    """An office's KSeF choices."""

    __tablename__ = "ksef_office"

    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), primary_key=True)
    # Whether a month's "documents delivered" waits until the client qualified its KSeF
    # invoices (each as for the books, not business, or not ours).
    hold_unqualified: Mapped[bool] = mapped_column(default=False)
