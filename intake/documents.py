"""Document states and their audit trail: every transition says who and when."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from intake import events
from intake.broker import enqueue
from intake.errors import InvalidInput, NotFound, Problem
from intake.formats import parse_amount, parse_day
from intake.models import Company, Document, DocumentEvent, Office, User
from intake.models.texts import Stored
from intake.search import index_document
from intake.texts import Note
from intake.vocabulary import (
    REVIEWABLE,
    TO_REVIEW,
    DocumentKind,
    DocumentStatus,
    Field,
    Role,
)

SYSTEM = "system"
WORKER = "worker"


def record(
    session: Session,
    document: Document,
    to_status: DocumentStatus | None,
    actor: User | str = SYSTEM,
    note: Stored | None = None,
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


def scoped_documents(user: User) -> Select[Document]:
    """Return a select of the documents a user may see: the office's, or the client's own."""
    query = select(Document).where(Document.office_id == user.office_id)
    if user.role == Role.CLIENT:
        query = query.where(Document.company_id == user.company_id)
    return query


def get_document(session: Session, user: User, document_id: int) -> Document:
    """Return a document the user may see, or raise NotFound (never 'forbidden')."""
    doc = session.scalar(scoped_documents(user).where(Document.id == document_id))
    if doc is None:
        raise NotFound(f"document {document_id}")
    return doc


def scoped_companies(user: User) -> Select[Company]:
    """Return a select of the companies a user may see."""
    query = select(Company).where(Company.office_id == user.office_id)
    if user.role == Role.CLIENT:
        query = query.where(Company.id == user.company_id)
    return query.order_by(Company.name)


def require_staff(user: User) -> None:
    """Raise InvalidInput unless the user works at the office."""
    if user.role == Role.CLIENT:
        raise InvalidInput(Problem.STAFF_ONLY)


def review(
    session: Session, document: Document, user: User, approve: bool, reason: str = ""
) -> None:
    """Approve a document, or reject it with a reason; the month may close after commit."""
    from intake.periods import close_later

    require_staff(user)
    if document.status not in REVIEWABLE:
        raise InvalidInput(Problem.CANNOT_REVIEW, status=document.status)
    if approve:
        record(session, document, DocumentStatus.APPROVED, user)
    else:
        if not reason.strip():
            raise InvalidInput(Problem.REJECTION_NEEDS_REASON)
        document.error = reason.strip()
        event = record(session, document, DocumentStatus.REJECTED, user, reason.strip())
        session.flush()
        events.announce(
            session,
            events.DOCUMENT_REJECTED,
            document_id=document.id,
            company_id=document.company_id,
            event_id=event.id,
        )
    close_later(session, document.company_id, document.month)


def reopen(session: Session, document: Document, user: User, reason: str) -> None:
    """Send an approved document back to review (staff); the reason is kept in its history."""
    require_staff(user)
    if document.status != DocumentStatus.APPROVED:
        raise InvalidInput(Problem.CANNOT_REOPEN, status=document.status)
    if not reason.strip():
        raise InvalidInput(Problem.REOPEN_NEEDS_REASON)
    note = Note.REOPENED.message(reason=reason.strip())
    record(session, document, DocumentStatus.NEEDS_REVIEW, user, note)


def undo_approval(session: Session, document: Document, user: User) -> None:
    """Take back the user's own approval, the document's last step, to review it again."""
    require_staff(user)
    last = document.events[-1] if document.events else None
    if (
        document.status != DocumentStatus.APPROVED
        or last is None
        or last.to_status != DocumentStatus.APPROVED
        or last.actor_id != user.id
    ):
        raise InvalidInput(Problem.CANNOT_UNDO)
    back = last.from_status if last.from_status in TO_REVIEW else DocumentStatus.NEEDS_REVIEW
    record(session, document, back, user, Note.APPROVAL_UNDONE.message())


EDITABLE = tuple(Field)


def correct_fields(
    session: Session, document: Document, user: User, changes: dict[str, str]
) -> list[Field]:
    """Apply a person's corrections; every field's value is checked before any is kept.

    Raise InvalidInput naming the first field that cannot be read; the caller keeps what
    the person typed, so one wrong field never discards the others.
    """
    require_staff(user)
    if document.status == DocumentStatus.APPROVED:
        raise InvalidInput(Problem.APPROVED_READ_ONLY)
    extraction = document.extraction
    if extraction is None:
        raise InvalidInput(Problem.NOT_READ_YET)
    fields = dict(extraction.fields)
    values = {Field(name): normal_value(Field(name), raw) for name, raw in changes.items()}
    changed = [name for name, value in values.items() if fields.get(name.value) != value]
    if not changed:
        return []
    for name in changed:
        fields[name.value] = values[name]
    extraction.fields = fields
    extraction.corrected = sorted(set(extraction.corrected or []) | {f.value for f in changed})
    extraction.invoice_number = normalize_number(fields.get(Field.INVOICE_NUMBER.value))
    extraction.seller_tax_id = fields.get(Field.SELLER_TAX_ID.value)
    record(session, document, None, user, Note.CORRECTED.message(fields=changed))
    index_document(session, document)
    return changed


def normalize_number(number: str | None) -> str | None:
    """Return an invoice number without spaces, in capitals, for comparing."""
    return "".join(number.split()).upper() if number else None


def normal_value(name: Field, raw: str) -> str | None:
    """Check one typed value and return it in the contract's normal form.

    Dates as a Polish user types them ('01.01.2022') or ISO; amounts with a comma or a dot
    and spaces between thousands ('1 234,56').
    """
    text = raw.strip()
    if not text:
        return None
    if name.value.endswith("_date"):
        try:
            return parse_day(text).isoformat()
        except ValueError:
            raise InvalidInput(Problem.NOT_A_DAY, field=name, value=text) from None
    if name.value.endswith("_total"):
        try:
            amount = parse_amount(text)
        except ValueError:
            raise InvalidInput(Problem.NOT_AN_AMOUNT, field=name, value=text) from None
        return f"{amount.quantize(Decimal('0.01')):f}"
    if name in (Field.SELLER_TAX_ID, Field.BUYER_TAX_ID):
        return "".join(ch for ch in text if ch.isalnum()).upper().removeprefix("PL")
    if name in (Field.CURRENCY, Field.BANK_ACCOUNT):
        return "".join(text.split()).upper()
    if name == Field.KIND and text not in DocumentKind.values():
        raise InvalidInput(Problem.NOT_A_KIND)
    return text


def retry_reading(session: Session, document: Document, user: User) -> None:
    """Send a failed or rejected document back to be read again from the start."""
    require_staff(user)
    if document.status not in (DocumentStatus.FAILED, DocumentStatus.REJECTED):
        raise InvalidInput(Problem.CANNOT_RETRY, status=document.status)
    document.attempts = 0
    document.error = None
    document.lease_until = None
    record(session, document, DocumentStatus.RECEIVED, user, Note.READ_AGAIN.message())
    enqueue(session, "extract_document", document.id)


def by_deadline_risk(query: Select) -> Select:
    """Order documents by when their month's documents are due: the soonest deadline first.

    A month's deadline is the deadline day (the company's, else the office's) of the next
    month, so ordering by month, then deadline day, puts the closest deadlines first
    (holidays move a deadline by a day or two, never past another month's). Within one
    deadline, documents with problems come first, then the oldest.
    """
    day = func.coalesce(Company.deadline_day, Office.deadline_day)
    return (
        query.join(Company, Company.id == Document.company_id)
        .join(Office, Office.id == Company.office_id)
        .order_by(
            Document.month.is_(None),
            Document.month,
            day,
            Document.status == DocumentStatus.EXTRACTED,
            Document.id,
        )
    )


def next_to_review(session: Session, user: User, after: int | None = None) -> Document | None:
    """Return the document waiting for a person whose deadline is nearest, other than `after`."""
    query = scoped_documents(user).where(Document.status.in_(TO_REVIEW))
    if after is not None:
        query = query.where(Document.id != after)
    return session.scalar(by_deadline_risk(query).limit(1))


def review_queue(session: Session, user: User) -> list[int]:
    """Return the ids of the documents waiting for a person, in the order they are worked."""
    query = scoped_documents(user).where(Document.status.in_(TO_REVIEW))
    return list(session.scalars(by_deadline_risk(query.with_only_columns(Document.id))))


def count_to_review(session: Session, user: User) -> int:
    """Count the documents of the user's office waiting for a person."""
    query = scoped_documents(user).where(Document.status.in_(TO_REVIEW))
    return session.scalar(query.with_only_columns(func.count(Document.id))) or 0


def first_event(document: Document, statuses: tuple[DocumentStatus, ...]) -> dt.datetime | None:
    """Return when a document first reached one of some states."""
    return next((e.at for e in document.events if e.to_status in statuses), None)
