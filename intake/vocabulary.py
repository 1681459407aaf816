"""intake's vocabulary: roles, document states, sources and period states.

Each is a StrEnum: a member compares equal to its stored text, so queries, templates and
JSON use the members while the database keeps plain strings (backed by a CHECK
constraint). Each member carries its label, an English message id translated where it is
shown (`_(status.label)`); other packages define theirs the same way, beside their models.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self

from intake.i18n import N_


class Choice(StrEnum):
    """A StrEnum whose members also carry a label for people: `RECEIVED = "received", N_(...)`."""

    label: str

    def __new__(cls, value: str, label: str = "") -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label or value
        return member

    @classmethod
    def values(cls) -> list[str]:
        """Return every member's stored text, in order."""
        return [m.value for m in cls]


class Role(Choice):
    """Who a user is: the office's owner, its staff, or a person at a client company."""

    OWNER = "owner", N_("owner")
    STAFF = "staff", N_("accountant")
    CLIENT = "client", N_("client")


OFFICE_ROLES = (Role.OWNER, Role.STAFF)


class Source(Choice):
    """The door a document came through."""

    PORTAL = "portal", N_("portal")
    MOBILE = "mobile", N_("phone")
    EMAIL = "email", N_("e-mail")
    CLI = "cli", N_("operator")
    KSEF = "ksef", N_("KSeF")


class DocumentStatus(Choice):
    """Where a document is on its way: received -> processing -> read -> reviewed."""

    RECEIVED = "received", N_("received")
    PROCESSING = "processing", N_("being read")
    EXTRACTED = "extracted", N_("read")
    NEEDS_REVIEW = "needs_review", N_("to check")
    REJECTED = "rejected", N_("rejected")
    FAILED = "failed", N_("could not be read")
    APPROVED = "approved", N_("approved")
    DUPLICATE = "duplicate", N_("duplicate")
    SPLIT = "split", N_("split into documents")


# A document not yet read; one waiting for a person; one a person has settled.
UNREAD = (DocumentStatus.RECEIVED, DocumentStatus.PROCESSING)
TO_REVIEW = (DocumentStatus.NEEDS_REVIEW, DocumentStatus.EXTRACTED)
REVIEWABLE = (*TO_REVIEW, DocumentStatus.FAILED, DocumentStatus.REJECTED)
SETTLED = (
    DocumentStatus.APPROVED,
    DocumentStatus.REJECTED,
    DocumentStatus.DUPLICATE,
    DocumentStatus.SPLIT,
)
PROCESSED = tuple(s for s in DocumentStatus if s not in UNREAD)


class PeriodState(Choice):
    """The 'documents delivered' step of a company's month."""

    OPEN = "open", N_("collecting documents")
    CONFIRMED = "confirmed", N_("confirmed, documents being read")
    CLOSED = "closed", N_("documents delivered")


class Field(Choice):
    """A field read from an invoice (DESIGN.md's contract), as a person calls it."""

    KIND = "kind", N_("kind of document")
    INVOICE_NUMBER = "invoice_number", N_("invoice number")
    ISSUE_DATE = "issue_date", N_("issue date")
    SALE_DATE = "sale_date", N_("sale date")
    DUE_DATE = "due_date", N_("payment due")
    SELLER_NAME = "seller_name", N_("seller")
    SELLER_TAX_ID = "seller_tax_id", N_("seller's tax id")
    BUYER_NAME = "buyer_name", N_("buyer")
    BUYER_TAX_ID = "buyer_tax_id", N_("buyer's tax id")
    CURRENCY = "currency", N_("currency")
    NET_TOTAL = "net_total", N_("net")
    VAT_TOTAL = "vat_total", N_("VAT")
    GROSS_TOTAL = "gross_total", N_("gross")
    BANK_ACCOUNT = "bank_account", N_("bank account")


class DocumentKind(Choice):
    """What kind of document a file is."""

    INVOICE = "invoice", N_("invoice")
    CORRECTION = "correction", N_("correction")
    PROFORMA = "proforma", N_("pro forma invoice")
    RECEIPT = "receipt", N_("receipt")
    BANK_STATEMENT = "bank_statement", N_("bank statement")
    LETTER = "letter", N_("letter or contract")
    OTHER = "other", N_("other document")
