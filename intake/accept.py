"""The one door for every document: portal, phone page, IMAP and `intake ingest`.

validate (size, sniffed type, pages, pixels) -> sha256 -> duplicate? -> object storage
-> Document row (received) -> COMMIT -> the read job is enqueued by the commit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass
from pathlib import PurePath

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

import ocr
from intake.broker import enqueue
from intake.documents import record
from intake.errors import NotFound, Problem, Refused
from intake.models import Company, Document, User
from intake.month import Month
from intake.search import index_document
from intake.storage import Storage
from intake.texts import Note
from intake.vocabulary import DocumentStatus, Source

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Upload:
    """One file handed in through a door, with what the door knows about it."""

    company_id: int
    data: bytes
    filename: str
    source: Source
    max_bytes: int
    uploaded_by: User | None = None
    month: Month | None = None
    # The door's own record of it ('email:42'), so a door retrying after a crash finds it.
    origin: str | None = None
    # When the client legally received it, if the door knows better than "now" (KSeF).
    delivered_at: dt.datetime | None = None


@dataclass(frozen=True)
class Accepted:
    """What accept() did with a file."""

    document_id: int
    status: DocumentStatus
    duplicate_of: int | None = None


def accept(session: Session, storage: Storage, upload: Upload) -> Accepted:
    """Take in one file for a company; raise Refused with a reason for the person.

    The file is stored before its row is written; the read job is sent when the caller
    commits. The same file twice for a company is recorded as a duplicate of the first.
    """
    if len(upload.data) > upload.max_bytes:
        raise Refused(Problem.FILE_TOO_LARGE, limit=upload.max_bytes // (1024 * 1024))
    try:
        info = ocr.inspect(upload.data)
    except ocr.Rejected as e:
        raise Refused(Problem.FILE_UNREADABLE, reason=e) from e
    sha256 = hashlib.sha256(upload.data).hexdigest()
    company = session.get(Company, upload.company_id)
    if company is None:
        raise NotFound(f"company {upload.company_id}")
    try:
        with session.begin_nested():
            return record_upload(session, storage, company, upload, info, sha256)
    except IntegrityError:
        # Another upload of the same file won the race for "original"; this one is its copy.
        return record_upload(session, storage, company, upload, info, sha256)


def record_upload(
    session: Session,
    storage: Storage,
    company: Company,
    up: Upload,
    info: ocr.Inspection,
    sha256: str,
) -> Accepted:
    """Store the bytes (once per company) and write the Document row with its first events."""
    original = session.scalar(
        select(Document)
        .where(Document.company_id == company.id, Document.sha256 == sha256)
        .where(Document.duplicate_of_id.is_(None))
    )
    key = original.storage_key if original else f"{company.office_id}/{sha256}"
    if original is None:
        # Storage first: a row must never point at a missing object. A failed commit
        # leaves only an unreferenced object, which the next upload of it reuses.
        storage.put(key, up.data, info.media_type)
    filename = clean_filename(up.filename) or f"document-{sha256[:8]}"
    doc = Document(
        office_id=company.office_id,
        company_id=company.id,
        month=up.month,
        month_chosen=up.month is not None,
        source=up.source,
        filename=filename,
        media_type=info.media_type,
        size=len(up.data),
        pages=info.pages,
        sha256=sha256,
        storage_key=key,
        status=DocumentStatus.RECEIVED,
        uploaded_by_id=up.uploaded_by.id if up.uploaded_by else None,
        origin=up.origin,
        delivered_at=up.delivered_at,
        duplicate_of_id=original.id if original else None,
    )
    session.add(doc)
    session.flush()
    index_document(session, doc)
    actor = up.uploaded_by or up.source.value
    record(
        session, doc, None, actor, Note.RECEIVED_VIA.message(source=up.source, filename=filename)
    )
    if original is not None:
        record(
            session,
            doc,
            DocumentStatus.DUPLICATE,
            actor,
            Note.SAME_FILE.message(document=original.id),
        )
    else:
        enqueue(session, "extract_document", doc.id)
    return Accepted(doc.id, doc.status, original.id if original else None)


def clean_filename(name: str) -> str:
    """Keep the last path part of a name, without control characters, at most 200 chars."""
    base = PurePath(name.replace("\\", "/")).name
    base = "".join(ch for ch in base if ch.isprintable()).strip()
    return base[-200:]
