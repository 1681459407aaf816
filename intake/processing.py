"""Reading a document in a worker: claim it, extract, store the result; safe to run twice.

A passing failure puts the document back and lets dramatiq retry the job; when its
retries run out the job's `on_retry_exhausted` actor marks the document failed. A worker
killed while reading (a file that costs it its memory) never gets that far: each claim
is counted, and a document that took workers down MAX_CLAIMS times is not tried again.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from sqlalchemy import false, or_, select, update
from sqlalchemy.orm import Session

import ocr
import ocr.stack
from intake import events, stacks
from intake.db import Database
from intake.documents import WORKER, normalize_number, record
from intake.models import Document, Extraction, utcnow
from intake.models.texts import Stored
from intake.month import Month
from intake.parties import party_problems
from intake.periods import close_later, held_months, reopen_for_late
from intake.runtime import Runtime
from intake.search import index_document
from intake.storage import Storage
from intake.texts import Note
from intake.unit import after_commit
from intake.vocabulary import DocumentStatus

logger = logging.getLogger(__name__)

MAX_CLAIMS = 5


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
                    Document.status == DocumentStatus.RECEIVED,
                    (Document.status == DocumentStatus.PROCESSING)
                    & ((Document.lease_until < now) | own),
                )
            )
            .values(
                status=DocumentStatus.PROCESSING,
                claim_token=token,
                lease_until=now + dt.timedelta(seconds=rt.settings.job_lease_s),
                attempts=Document.attempts + 1,
            )
            .execution_options(synchronize_session=False)
        )
        if getattr(result, "rowcount", 0) != 1:
            return False
        doc = session.get_one(Document, document_id)
        if doc.attempts > MAX_CLAIMS:
            note = Note.WORKER_DIED.message(attempts=doc.attempts - 1)
            doc.lease_until = None
            record(session, doc, DocumentStatus.FAILED, WORKER, note)
            doc.error = note
            return False
        event = record(session, doc, None, WORKER, Note.READING.message(attempt=doc.attempts))
        event.from_status, event.to_status = DocumentStatus.RECEIVED, DocumentStatus.PROCESSING
    return True


def process_document(rt: Runtime, document_id: int, token: str | None = None) -> str | None:
    """Claim a document, read it and store what was found; return its new status."""
    if not claim(rt, document_id, token):
        logger.info("document %s is not waiting to be read; nothing to do", document_id)
        return None
    with rt.db.session() as session:
        doc = session.get_one(Document, document_id)
        key, filename, media_type = doc.storage_key, doc.filename, doc.media_type
        whole = stacks.kept_whole(doc)
    try:
        data = rt.storage.get(key)
        # a part, or a file kept whole, is read as one document (no look for parts)
        result = ocr.extract(data, filename, whole=True) if whole else ocr.extract(data, filename)
        parts = [] if whole else stacks.read_parts(result)
        files = ocr.stack.cut(data, media_type, parts) if parts else []
    except ocr.Rejected as e:  # a stack whose frames its child could not cut: said so
        result, parts, files = ocr.Extraction(status="rejected", error=e.problem), [], []
    except Exception as e:
        give_back(rt, document_id, f"{type(e).__name__}: {e}")
        raise
    with rt.db.session() as session:
        if parts:
            return store_stack(session, rt.storage, document_id, result, files)
        return store_result(session, document_id, result)


def store_stack(
    session: Session,
    storage: Storage,
    document_id: int,
    result: ocr.Extraction,
    files: list[bytes],
) -> str | None:
    """Save a stack's reading and make a document of each of its parts (once)."""
    doc = session.get_one(Document, document_id, with_for_update=True)
    if doc.status != DocumentStatus.PROCESSING:
        return None
    save_extraction(session, doc, result)
    if doc.month is None:
        doc.month = Month.of((doc.delivered_at or doc.created_at).date())
    doc.lease_until = None
    parts = stacks.read_parts(result)
    stacks.split(session, storage, doc, parts, files)
    note = Note.SPLIT_INTO.message(count=len(parts), starts=stacks.starts(parts))
    record(session, doc, DocumentStatus.SPLIT, WORKER, note)
    index_document(session, doc)
    return DocumentStatus.SPLIT


def store_result(session: Session, document_id: int, result: ocr.Extraction) -> str | None:
    """Save an extraction and move the document on; a finished document is left alone."""
    doc = session.get_one(Document, document_id, with_for_update=True)
    if doc.status != DocumentStatus.PROCESSING:
        return None
    save_extraction(session, doc, result)
    problems: list[Stored] = list(doc.extraction.problems) if doc.extraction else []
    if result.status == "ok" and doc.extraction is not None:
        fields = result.fields
        problems += party_problems(doc.company, fields.seller_tax_id, fields.buyer_tax_id)
        doc.extraction.problems = list(problems)  # a new list: the column sees the change
    if doc.month is None:
        doc.month = month_of(result.fields) or Month.of((doc.delivered_at or doc.created_at).date())
    if reopen_for_late(session, doc) is not None and doc.extraction is not None:
        problems.append(Note.MONTH_REOPENED.message(month=doc.month))
        doc.extraction.problems = problems
    if result.status == "rejected":
        doc.error = result.error
        status = DocumentStatus.REJECTED
        note: Stored | None = result.error
    else:
        status = DocumentStatus.NEEDS_REVIEW if problems else DocumentStatus.EXTRACTED
        note = problems[0] if len(problems) == 1 else None
        if len(problems) > 1:
            note = Note.PROBLEMS.message(problems=problems)
    doc.lease_until = None
    index_document(session, doc)
    event = record(session, doc, status, WORKER, note)
    if status == DocumentStatus.REJECTED:
        session.flush()
        events.announce(
            session,
            events.DOCUMENT_REJECTED,
            document_id=document_id,
            company_id=doc.company_id,
            event_id=event.id,
        )
    events.announce(
        session,
        events.DOCUMENT_PROCESSED,
        document_id=document_id,
        company_id=doc.company_id,
        month=str(doc.month),
        status=status.value,
    )
    if result.status == "ok":
        after_commit(session, flag_probable_duplicate, Database.of(session), document_id)
    # A document without a month held every confirmed month of its company until now.
    for month in {doc.month, *held_months(session, doc.company_id)}:
        close_later(session, doc.company_id, month)
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
    extraction.boxes = boxes_json(getattr(result, "boxes", None))
    extraction.invoice_number = normalize_number(result.fields.invoice_number)
    extraction.seller_tax_id = result.fields.seller_tax_id
    session.add(extraction)
    session.flush()
    doc.extraction = extraction


def boxes_json(boxes: object) -> dict[str, Any] | None:
    """Return the reader's field boxes in the stored JSON form (the contract in FOUNDATION.md).

    Each is a FieldBox (page, box) or already its JSON; anything else is left out.
    """
    if not isinstance(boxes, dict) or not boxes:
        return None
    found: dict[str, Any] = {}
    for name, value in boxes.items():
        if isinstance(value, dict):
            page, box = value.get("page"), value.get("box")
        else:
            page, box = getattr(value, "page", None), getattr(value, "box", None)
        if isinstance(page, int) and box is not None and len(box) == 4:
            found[str(name)] = {"page": page, "box": [round(float(v), 4) for v in box]}
    return found or None


def flag_probable_duplicate(db: Database, document_id: int) -> None:
    """Send the later of two documents with the same seller NIP and number to review.

    Run after the commit: two copies read at once cannot see each other inside their
    transactions, but whichever commits last sees both here.
    """
    with db.session() as session:
        doc = session.get_one(Document, document_id)
        extraction = doc.extraction
        if extraction is None or not extraction.invoice_number or not extraction.seller_tax_id:
            return
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
            return
        first, later = sorted((doc, twin), key=lambda d: d.id)
        if later.probable_duplicate_of_id is not None:
            return
        later.probable_duplicate_of_id = first.id
        to_review = later.status == DocumentStatus.EXTRACTED
        note = Note.PROBABLE_DUPLICATE.message(document=first.id)
        record(session, later, DocumentStatus.NEEDS_REVIEW if to_review else None, WORKER, note)


def month_of(fields: ocr.InvoiceFields) -> Month | None:
    """Return the month a document belongs to: its sale date's, else its issue date's."""
    day = fields.sale_date or fields.issue_date
    return Month.of(day) if day else None


def give_back(rt: Runtime, document_id: int, detail: str) -> None:
    """Put a document whose reading failed back in the queue for the job's retry."""
    with rt.db.session() as session:
        doc = session.get_one(Document, document_id)
        if doc.status != DocumentStatus.PROCESSING:
            return
        doc.lease_until = None
        doc.error = Note.ATTEMPT_FAILED.message(detail=detail[:500])
        record(session, doc, DocumentStatus.RECEIVED, WORKER, doc.error)


def give_up(rt: Runtime, document_id: int, retries: int) -> None:
    """Mark a document failed once its read job has used up its retries."""
    with rt.db.session() as session:
        doc = session.get(Document, document_id)
        if doc is None or doc.status not in (DocumentStatus.RECEIVED, DocumentStatus.PROCESSING):
            return
        detail = getattr(doc.error, "params", {}).get("detail", "")
        note = Note.GAVE_UP.message(attempts=retries + 1, detail=detail)
        doc.lease_until = None
        doc.error = note
        record(session, doc, DocumentStatus.FAILED, WORKER, note)


def stale_documents(rt: Runtime, older_than: dt.timedelta) -> list[int]:
    """Return documents a lost message or a dead worker left waiting."""
    now = utcnow()
    with rt.db.session() as session:
        return list(
            session.scalars(
                select(Document.id).where(
                    or_(
                        (Document.status == DocumentStatus.RECEIVED)
                        & (Document.updated_at < now - older_than),
                        (Document.status == DocumentStatus.PROCESSING)
                        & (Document.lease_until < now),
                    )
                )
            )
        )
