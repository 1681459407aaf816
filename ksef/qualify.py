"""The client's word on each KSeF invoice: for the books, not business, or not ours.

KSeF brings everything a client's NIP was written on, and not all of it is a business
cost. The client (portal or phone) or staff mark each one, with a comment; an office may
have a month's "documents delivered" step wait until its KSeF invoices are all marked.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from intake.documents import record
from intake.errors import NotFound
from intake.models import Document, User, utcnow
from intake.month import Month
from intake.periods import close_later
from intake.vocabulary import Role
from ksef.models import KsefInvoice, KsefOffice
from ksef.texts import Note
from ksef.vocabulary import Qualification


def scoped_invoices(user: User) -> Any:
    """Return a select of the KSeF invoices (with their documents) a user may see."""
    query: Any = (
        select(KsefInvoice, Document)
        .join(Document, Document.id == KsefInvoice.document_id)
        .where(KsefInvoice.office_id == user.office_id)
    )
    if user.role == Role.CLIENT:
        query = query.where(KsefInvoice.company_id == user.company_id)
    return query


def invoices_of(
    session: Session, user: User, unqualified_only: bool = False, limit: int = 200
) -> list[tuple[KsefInvoice, Document]]:
    """Return (KSeF invoice, document) pairs for a user, the ones to mark first."""
    query = scoped_invoices(user)
    if unqualified_only:
        query = query.where(KsefInvoice.qualification.is_(None))
    query = query.order_by(KsefInvoice.qualification.is_not(None), KsefInvoice.received_at.desc())
    return [(row[0], row[1]) for row in session.execute(query.limit(limit))]


def qualify(
    session: Session, user: User, invoice_id: int, qualification: Qualification, note: str = ""
) -> KsefInvoice:
    """Record what a KSeF invoice is for; the month's step is looked at again."""
    found = session.execute(scoped_invoices(user).where(KsefInvoice.id == invoice_id)).first()
    if found is None:
        raise NotFound(f"KSeF invoice {invoice_id}")
    invoice, document = found[0], found[1]
    invoice.qualification = qualification
    invoice.qualification_note = note.strip()[:2000] or None
    invoice.qualified_by = user.email
    invoice.qualified_at = utcnow()
    record(session, document, None, user, Note.QUALIFIED.message(qualification=qualification))
    close_later(session, document.company_id, document.month)
    return invoice


def holds_unqualified(session: Session, office_id: int) -> bool:
    """Tell whether an office's months wait for KSeF invoices to be marked."""
    row = session.get(KsefOffice, office_id)
    return bool(row and row.hold_unqualified)


def set_hold(session: Session, office_id: int, hold: bool) -> None:
    """Choose whether unmarked KSeF invoices hold the month's "documents delivered"."""
    row = session.get(KsefOffice, office_id)
    if row is None:
        row = KsefOffice(office_id=office_id)
        session.add(row)
    row.hold_unqualified = hold


def unqualified_in(session: Session, company_id: int, month: Month) -> int:
    """Count a month's KSeF invoices not yet marked, where the office waits for them."""
    office_id = session.scalar(
        select(KsefInvoice.office_id).where(KsefInvoice.company_id == company_id).limit(1)
    )
    if office_id is None or not holds_unqualified(session, office_id):
        return 0
    query = (
        select(func.count(KsefInvoice.id))
        .join(Document, Document.id == KsefInvoice.document_id)
        .where(
            KsefInvoice.company_id == company_id,
            KsefInvoice.qualification.is_(None),
            Document.month == month,
        )
    )
    return session.scalar(query) or 0
