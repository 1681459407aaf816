"""Reading a document in a worker: claim it, extract, store the result; safe to run twice."""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import false, or_, select, update
from sqlalchemy.orm import Session

import ocr
from intake import events
from intake.documents import normalize_number, record
from intake.models import Document, Extraction, utcnow
from intake.periods import announce_reopened, reopen_for_late, try_close
from intake.runtime import Runtime

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3


def claim(rt: Runtime, document_id: int, token: str | None = None) -> bool:
    """Mark a document processing under a lease; only one job can win the claim.

    A job retrying with the same token (its message id) takes its own claim back at once,
    so a passing database failure does not leave the document waiting for the lease.
    """
    now = utcnow()
    own = (Document.claim_token == token) if token else false()
    with rt.db.session() as session:
        result = session.execute(
            update(Document)
            .where(Document.id == document_id)
            .where(
                or_(
                    Document.status == "received",
                    (Document.status == "processing") & ((Document.lease_until < now) | own),
                )
            )
            .values(
                status="processing",
                claim_token=token,
                lease_until=now + dt.timedelta(seconds=rt.settings.job_lease_s),
                attempts=Document.attempts + 1,
            )
            .execution_options(synchronize_session=False)
        )
        if getattr(result, "rowcount", 0) != 1:
            return False
        doc = session.get_one(Document, document_id)
        event = record(session, doc, None, "worker", f"reading, attempt {doc.attempts}")
        event.from_status, event.to_status = "received", "processing"
    return True


def process_document(rt: Runtime, document_id: int, token: str | None = None) -> str | None:
    """Claim a document, read it and store what was found; return its new status."""
    if not claim(rt, document_id, token):
        logger.info("document %s is not waiting to be read; nothing to do", document_id)
        return None
    with rt.db.session() as session:
        doc = session.get_one(Document, document_id)
        key, filename = doc.storage_key, doc.filename
    try:
        data = rt.storage.get(key)
        result = ocr.extract(data, filename)
    except Exception as e:
        fail_attempt(rt, document_id, f"{type(e).__name__}: {e}")
        raise
    return store_result(rt, document_id, result)


def store_result(rt: Runtime, document_id: int, result: ocr.Extraction) -> str | None:
    """Save an extraction and move the document on; a finished document is left alone."""
    with rt.db.session() as session:
        doc = session.get_one(Document, document_id, with_for_update=True)
        if doc.status != "processing":
            return None
        save_extraction(session, doc, result)
        problems = list(result.problems)
        if doc.month is None:
            doc.month = month_of(result.fields) or doc.created_at.strftime("%Y-%m")
        reopened = reopen_for_late(session, doc)
        if reopened is not None:
            problems.append(f"month {doc.month} was already closed: it is reopened")
        if result.status == "rejected":
            doc.error = result.error
            status = "rejected"
        else:
            status = "needs_review" if problems else "extracted"
        doc.lease_until = None
        record(session, doc, status, "worker", result.error or "; ".join(problems) or None)
        company_id, month = doc.company_id, doc.month
    events.publish(
        events.DOCUMENT_PROCESSED,
        document_id=document_id,
        company_id=company_id,
        month=month,
        status=status,
    )
    if reopened is not None:
        announce_reopened(reopened, document_id)
    if result.status == "ok":
        status = flag_probable_duplicate(rt, document_id) or status
    try_close(rt, company_id, month)
    return status


def save_extraction(session: Session, doc: Document, result: ocr.Extraction) -> None:
    """Write what was read onto the document's one Extraction row."""
    extraction = doc.extraction or Extraction(document_id=doc.id)
    extraction.source = result.source
    extraction.fields = result.fields.to_json()
    extraction.confidence = result.confidence
    extraction.problems = list(result.problems)
    extraction.text = result.text
    extraction.elapsed_ms = result.elapsed_ms
    extraction.invoice_number = normalize_number(result.fields.invoice_number)
    extraction.seller_tax_id = result.fields.seller_tax_id
    session.add(extraction)
    session.flush()


def flag_probable_duplicate(rt: Runtime, document_id: int) -> str | None:
    """Send the later of two documents with the same seller NIP and number to review.

    Run after the commit: two copies read at once cannot see each other inside their
    transactions, but whichever commits last sees both here.
    """
    with rt.db.session() as session:
        doc = session.get_one(Document, document_id)
        extraction = doc.extraction
        if extraction is None or not extraction.invoice_number or not extraction.seller_tax_id:
            return None
        twin = session.scalar(
            select(Document)
            .join(Extraction, Extraction.document_id == Document.id)
            .where(
                Document.company_id == doc.company_id,
                Document.id != doc.id,
                Document.duplicate_of_id.is_(None),
                Extraction.invoice_number == extraction.invoice_number,
                Extraction.seller_tax_id == extraction.seller_tax_id,
            )
            .order_by(Document.id)
            .limit(1)
        )
        if twin is None:
            return None
        first, later = sorted((doc, twin), key=lambda d: d.id)
        if later.probable_duplicate_of_id is not None:
            return doc.status
        later.probable_duplicate_of_id = first.id
        note = f"probably the same invoice as document {first.id}"
        record(
            session, later, "needs_review" if later.status == "extracted" else None, "worker", note
        )
        return doc.status


def month_of(fields: ocr.InvoiceFields) -> str | None:
    """Return the month a document belongs to: its sale date's, else its issue date's."""
    day = fields.sale_date or fields.issue_date
    return day.strftime("%Y-%m") if day else None


def fail_attempt(rt: Runtime, document_id: int, reason: str) -> None:
    """Give a crashed attempt back to the queue, or mark the document failed at the limit."""
    with rt.db.session() as session:
        doc = session.get_one(Document, document_id)
        if doc.status != "processing":
            return
        doc.lease_until = None
        doc.error = reason
        if doc.attempts >= MAX_ATTEMPTS:
            record(
                session, doc, "failed", "worker", f"gave up after {doc.attempts} tries: {reason}"
            )
        else:
            record(session, doc, "received", "worker", f"attempt failed: {reason}")


def stale_documents(rt: Runtime, older_than: dt.timedelta) -> list[int]:
    """Return documents a lost message or a dead worker left waiting."""
    now = utcnow()
    with rt.db.session() as session:
        return list(
            session.scalars(
                select(Document.id).where(
                    or_(
                        (Document.status == "received") & (Document.updated_at < now - older_than),
                        (Document.status == "processing") & (Document.lease_until < now),
                    )
                )
            )
        )
