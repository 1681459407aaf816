"""Document states and their audit trail: every transition says who and when."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from intake.errors import InvalidInput, NotFound
from intake.models import Company, Document, DocumentEvent, User

SYSTEM = "system"


def record(
    session: Session,
    document: Document,
    to_status: str | None,
    actor: User | str = SYSTEM,
    note: str | None = None,
) -> DocumentEvent:
    """Move a document to a status (or None to only note something) and log who did it."""
    event = DocumentEvent(
        document_id=document.id,
        actor_id=actor.id if isinstance(actor, User) else None,
        actor=actor.email if isinstance(actor, User) else actor,
        from_status=document.status,
        to_status=to_status,
        note=note,
    )
    if to_status is not None:
        document.status = to_status
    session.add(event)
    return event


def scoped_documents(user: User):
    """Return a select of the documents a user may see: the office's, or the client's own."""
    query = select(Document).where(Document.office_id == user.office_id)
    if user.role == "client":
        query = query.where(Document.company_id == user.company_id)
    return query


def get_document(session: Session, user: User, document_id: int) -> Document:
    """Return a document the user may see, or raise NotFound (never 'forbidden')."""
    doc = session.scalar(scoped_documents(user).where(Document.id == document_id))
    if doc is None:
        raise NotFound(f"document {document_id}")
    return doc


def scoped_companies(user: User):
    """Return a select of the companies a user may see."""
    query = select(Company).where(Company.office_id == user.office_id)
    if user.role == "client":
        query = query.where(Company.id == user.company_id)
    return query.order_by(Company.name)


def review(
    session: Session, document: Document, user: User, approve: bool, reason: str = ""
) -> None:
    """Approve a document, or reject it with a reason; staff only."""
    if user.role == "client":
        raise InvalidInput("only the office reviews documents")
    if document.status not in ("extracted", "needs_review", "failed", "rejected"):
        raise InvalidInput(f"a {document.status} document cannot be reviewed")
    if approve:
        record(session, document, "approved", user)
    else:
        if not reason.strip():
            raise InvalidInput("a rejection needs a reason")
        document.error = reason.strip()
        record(session, document, "rejected", user, reason.strip())


EDITABLE = (
    "kind",
    "invoice_number",
    "issue_date",
    "sale_date",
    "due_date",
    "seller_name",
    "seller_tax_id",
    "buyer_name",
    "buyer_tax_id",
    "currency",
    "net_total",
    "vat_total",
    "gross_total",
    "bank_account",
)


def correct_fields(
    session: Session, document: Document, user: User, changes: dict[str, str]
) -> list[str]:
    """Apply a person's corrections to the read fields; return the names changed."""
    if user.role == "client":
        raise InvalidInput("only the office corrects documents")
    extraction = document.extraction
    if extraction is None:
        raise InvalidInput("this document has not been read yet")
    fields = dict(extraction.fields)
    changed = []
    for name, raw in changes.items():
        if name not in EDITABLE:
            continue
        value = normal_value(name, raw)
        if fields.get(name) != value:
            fields[name] = value
            changed.append(name)
    if changed:
        extraction.fields = fields
        extraction.corrected = sorted(set(extraction.corrected or []) | set(changed))
        if "invoice_number" in changed:
            extraction.invoice_number = normalize_number(fields["invoice_number"])
        if "seller_tax_id" in changed:
            extraction.seller_tax_id = fields["seller_tax_id"]
        record(session, document, None, user, "corrected: " + ", ".join(changed))
    return changed


def normalize_number(number: str | None) -> str | None:
    """Return an invoice number without spaces, in capitals, for comparing."""
    return "".join(number.split()).upper() if number else None


def normal_value(name: str, raw: str) -> str | None:
    """Check one corrected value and return it in the contract's normal form."""
    text = raw.strip()
    if not text:
        return None
    try:
        if name.endswith("_date"):
            return dt.date.fromisoformat(text).isoformat()
        if name.endswith("_total"):
            amount = Decimal(text.replace(" ", "").replace("\u00a0", "").replace(",", "."))
            return f"{amount.quantize(Decimal('0.01')):f}"
    except (ValueError, InvalidOperation):
        raise InvalidInput(f"{name}: {text!r} is not a valid value") from None
    if name in ("seller_tax_id", "buyer_tax_id"):
        return "".join(ch for ch in text if ch.isalnum()).upper().removeprefix("PL")
    if name in ("currency", "bank_account"):
        return "".join(text.split()).upper()
    if name == "kind" and text not in ("invoice", "correction"):
        raise InvalidInput("kind is 'invoice' or 'correction'")
    return text


def retry_reading(session: Session, document: Document, user: User) -> None:
    """Send a failed or rejected document back to be read again from the start."""
    if user.role == "client":
        raise InvalidInput("only the office retries documents")
    if document.status not in ("failed", "rejected"):
        raise InvalidInput(f"a {document.status} document is not retried")
    document.attempts = 0
    document.error = None
    document.lease_until = None
    record(session, document, "received", user, "read again on request")


TO_REVIEW = ("needs_review", "extracted")


def next_to_review(session: Session, user: User, after: int | None = None) -> Document | None:
    """Return the oldest document waiting for a person (problems first), other than `after`."""
    query = scoped_documents(user).where(Document.status.in_(TO_REVIEW))
    if after is not None:
        query = query.where(Document.id != after)
    query = query.order_by((Document.status == "extracted"), Document.id)
    return session.scalar(query.limit(1))


def count_to_review(session: Session, user: User) -> int:
    """Count the documents of the user's office waiting for a person."""
    query = scoped_documents(user).where(Document.status.in_(TO_REVIEW))
    return session.scalar(select(func.count()).select_from(query.subquery())) or 0
