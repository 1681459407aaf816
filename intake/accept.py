"""The one door for every document: portal, phone page, IMAP and `intake ingest`.

validate (size, sniffed type, pages, pixels) -> sha256 -> duplicate? -> object storage
-> Document row (received) -> COMMIT -> enqueue the extract job.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from pathlib import PurePath

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

import ocr
from intake.broker import send
from intake.documents import record
from intake.errors import NotFound, Refused
from intake.models import Company, Document, User
from intake.runtime import Runtime

logger = logging.getLogger(__name__)

SOURCES = ("portal", "mobile", "email", "cli")
MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


@dataclass(frozen=True)
class Accepted:
    """What accept() did with a file."""

    document_id: int
    status: str
    duplicate_of: int | None = None


def accept(
    rt: Runtime,
    company_id: int,
    data: bytes,
    filename: str,
    source: str,
    *,
    uploaded_by: User | None = None,
    month: str | None = None,
    inbound_email_id: int | None = None,
) -> Accepted:
    """Take in one file for a company; raise Refused with a reason a person can read."""
    if source not in SOURCES:
        raise ValueError(f"unknown source {source!r}")
    limit = rt.settings.max_upload_mb * 1024 * 1024
    if len(data) > limit:
        raise Refused(f"the file is larger than {rt.settings.max_upload_mb} MB")
    if month is not None and not MONTH.fullmatch(month):
        raise Refused(f"month {month!r} is not in the form YYYY-MM")
    try:
        info = ocr.inspect(data)
    except ocr.Rejected as e:
        raise Refused(str(e)) from e
    sha256 = hashlib.sha256(data).hexdigest()
    filename = clean_filename(filename) or f"document-{sha256[:8]}"

    upload = Upload(
        company_id, data, filename, source, info, sha256, month, uploaded_by, inbound_email_id
    )
    try:
        result = record_upload(rt, upload)
    except IntegrityError:
        # Another upload of the same file won the race for "original"; this one is its copy.
        result = record_upload(rt, upload)
    if result.duplicate_of is None:
        enqueue_extract(result.document_id)
    return result


@dataclass(frozen=True)
class Upload:
    """A checked file on its way into the database."""

    company_id: int
    data: bytes
    filename: str
    source: str
    info: ocr.Inspection
    sha256: str
    month: str | None
    uploaded_by: User | None
    inbound_email_id: int | None


def record_upload(rt: Runtime, up: Upload) -> Accepted:
    """Store the bytes (once per company) and write the Document row with its first events."""
    with rt.db.session() as session:
        company = session.get(Company, up.company_id)
        if company is None:
            raise NotFound(f"company {up.company_id}")
        original = session.scalar(
            select(Document)
            .where(Document.company_id == up.company_id, Document.sha256 == up.sha256)
            .where(Document.duplicate_of_id.is_(None))
        )
        key = original.storage_key if original else f"{company.office_id}/{up.sha256}"
        if original is None:
            # Storage first: a row must never point at a missing object. A failed commit
            # below leaves only an unreferenced object, which the next upload reuses.
            rt.storage.put(key, up.data, up.info.media_type)
        doc = Document(
            office_id=company.office_id,
            company_id=up.company_id,
            month=up.month,
            month_chosen=up.month is not None,
            source=up.source,
            filename=up.filename,
            media_type=up.info.media_type,
            size=len(up.data),
            pages=up.info.pages,
            sha256=up.sha256,
            storage_key=key,
            status="received",
            uploaded_by_id=up.uploaded_by.id if up.uploaded_by else None,
            inbound_email_id=up.inbound_email_id,
            duplicate_of_id=original.id if original else None,
        )
        session.add(doc)
        session.flush()
        actor = up.uploaded_by or up.source
        record(session, doc, None, actor, f"received via {up.source}: {up.filename}")
        if original is not None:
            record(session, doc, "duplicate", actor, f"same file as document {original.id}")
        return Accepted(doc.id, doc.status, original.id if original else None)


def enqueue_extract(document_id: int) -> None:
    """Ask a worker to read a document; if the broker is down the sweeper will retry."""
    try:
        send("extract_document", document_id)
    except Exception:
        logger.exception("could not enqueue document %s; the sweeper will pick it up", document_id)


def clean_filename(name: str) -> str:
    """Keep the last path part of a name, without control characters, at most 200 chars."""
    base = PurePath(name.replace("\\", "/")).name
    base = "".join(ch for ch in base if ch.isprintable()).strip()
    return base[-200:]
