"""Document states and their audit trail: every transition says who and when."""

from __future__ import annotations

from sqlalchemy import select
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


def scoped_documents(user: User):  # type: ignore[no-untyped-def]
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


def scoped_companies(user: User):  # type: ignore[no-untyped-def]
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
