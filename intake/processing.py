"""Reading a document in a worker: claim it, extract, store the result; safe to run twice."""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import or_, select, update

import ocr
from intake import events
from intake.documents import record
from intake.models import Document, Extraction, utcnow
from intake.runtime import Runtime

logger = logging.getLogger(__name__)

LEASE = dt.timedelta(minutes=10)
MAX_ATTEMPTS = 3


def claim(rt: Runtime, document_id: int) -> bool:
    """Mark a document processing under a lease; only one worker can win the claim."""
    now = utcnow()
    with rt.db.session() as session:
        result = session.execute(
            update(Document)
            .where(Document.id == document_id)
            .where(
                or_(
                    Document.status == "received",
                    (Document.status == "processing") & (Document.lease_until < now),
                )
            )
            .values(status="processing", lease_until=now + LEASE, attempts=Document.attempts + 1)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            return False
        doc = session.get_one(Document, document_id)
        event = record(session, doc, None, "worker", f"reading, attempt {doc.attempts}")
        event.from_status, event.to_status = "received", "processing"
    return True


def process_document(rt: Runtime, document_id: int) -> str | None:
    """Read a claimed document and store what was found; return its new status."""
    if not claim(rt, document_id):
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
        extraction = doc.extraction or Extraction(document_id=doc.id)
        extraction.source = result.source
        extraction.fields = result.fields.to_json()
        extraction.confidence = result.confidence
        extraction.problems = list(result.problems)
        extraction.text = result.text
        extraction.elapsed_ms = result.elapsed_ms
        session.add(extraction)
        if result.status == "rejected":
            doc.error = result.error
            status = "rejected"
        else:
            status = "needs_review" if result.needs_review else "extracted"
        if doc.month is None:
            doc.month = month_of(result.fields) or doc.created_at.strftime("%Y-%m")
        doc.lease_until = None
        note = result.error or ("; ".join(result.problems) if result.problems else None)
        record(session, doc, status, "worker", note)
        company_id, month = doc.company_id, doc.month
    events.publish(
        events.DOCUMENT_PROCESSED,
        document_id=document_id,
        company_id=company_id,
        month=month,
        status=status,
    )
    return status


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
