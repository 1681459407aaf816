"""Stacks: one file scanned from several invoices becomes one document per invoice.

The reader says where each document of a file starts (ocr.Extraction.parts); the file is
then the stack (status 'split') and each part a document of its own: a file of its pages
(stored by its own sha256), its own reading, its own month, linked back to the stack with
its pages there. Staff can undo a split (the parts go, the stack is read as one) or change
it (the pages where documents start). A part or a stack kept whole by a person is never
looked at for parts again (Document.split_first is set on it).
"""

from __future__ import annotations

import hashlib
import logging
import re
from pathlib import PurePath

from sqlalchemy import select, update
from sqlalchemy.orm import Session

import ocr
from intake.broker import enqueue
from intake.documents import WORKER, record, require_staff
from intake.errors import InvalidInput, Problem
from intake.models import Document, DocumentSearch, User
from intake.storage import Storage
from intake.texts import Note
from intake.vocabulary import UNREAD, DocumentStatus
from ocr.stack import cut

logger = logging.getLogger(__name__)

Parts = list[tuple[int, int]]


def kept_whole(doc: Document) -> bool:
    """Tell whether a document is read as one without looking for parts."""
    return doc.split_from_id is not None or doc.split_first is not None


def parts_of(session: Session, stack: Document) -> list[Document]:
    """Return the documents cut from a stack, in page order."""
    return list(
        session.scalars(
            select(Document)
            .where(Document.split_from_id == stack.id)
            .order_by(Document.split_first)
        )
    )


def starts(parts: Parts) -> str:
    """Return the pages where the parts start, as a person writes them: '1, 3, 4'."""
    return ", ".join(str(first) for first, _ in parts)


def cut_files(storage: Storage, stack: Document, parts: Parts) -> list[bytes]:
    """Return the file of each part of a stack (a PDF's pages copied, a TIFF's frames cut
    in a limited child); raise InvalidInput with the reason a file cannot be cut."""
    try:
        return cut(storage.get(stack.storage_key), stack.media_type, parts)
    except ocr.Rejected as e:
        raise InvalidInput(Problem.FILE_UNREADABLE, reason=e) from e


def split(
    session: Session,
    storage: Storage,
    stack: Document,
    parts: Parts,
    files: list[bytes],
    actor: User | str = WORKER,
) -> list[Document]:
    """Make one document of each part of a stack; the stack's status becomes 'split'.

    Run once: a stack that has parts already keeps them (a second run of the job, or two
    racing, leave one set; the unique (split_from_id, split_first) index backs it).
    """
    existing = parts_of(session, stack)
    if existing:
        return existing
    made = []
    stem, suffix = _name(stack.filename, stack.media_type)
    media_type = stack.media_type if stack.media_type == "application/pdf" else "image/tiff"
    for (first, last), data in zip(parts, files, strict=True):
        sha = hashlib.sha256(data).hexdigest()
        original = session.scalar(
            select(Document).where(
                Document.company_id == stack.company_id,
                Document.sha256 == sha,
                Document.duplicate_of_id.is_(None),
            )
        )
        key = original.storage_key if original else f"{stack.office_id}/{sha}"
        if original is None:
            storage.put(key, data, media_type)  # storage first, as in intake.accept
        pages = f"{first}-{last}" if last > first else str(first)
        doc = Document(
            office_id=stack.office_id,
            company_id=stack.company_id,
            month=stack.month if stack.month_chosen else None,
            month_chosen=stack.month_chosen,
            source=stack.source,
            filename=f"{stem} ({pages}){suffix}"[-255:],
            media_type=media_type,
            size=len(data),
            pages=last - first + 1,
            sha256=sha,
            storage_key=key,
            status=DocumentStatus.RECEIVED,
            uploaded_by_id=stack.uploaded_by_id,
            origin=stack.origin,
            delivered_at=stack.delivered_at or stack.created_at,
            duplicate_of_id=original.id if original else None,
            split_from_id=stack.id,
            split_first=first,
            split_last=last,
        )
        session.add(doc)
        session.flush()
        note = Note.SPLIT_PART.message(first=first, last=last, document=stack.id)
        record(session, doc, None, actor, note)
        if original is not None:
            same = Note.SAME_FILE.message(document=original.id)
            record(session, doc, DocumentStatus.DUPLICATE, actor, same)
        else:
            enqueue(session, "extract_document", doc.id)
        made.append(doc)
    return made


def undo(session: Session, stack: Document, user: User) -> None:
    """Take a split back: its parts go and the stack is read again as one document."""
    require_staff(user)
    if stack.status != DocumentStatus.SPLIT:
        raise InvalidInput(Problem.CANNOT_SPLIT, status=stack.status)
    _remove_parts(session, stack)
    stack.split_first, stack.split_last = 1, stack.pages
    _read_again(session, stack, user, Note.SPLIT_UNDONE.message())


def change(
    session: Session, storage: Storage, stack: Document, user: User, typed: str
) -> list[Document]:
    """Split a document (again) where a person says documents start ('1, 3, 4')."""
    require_staff(user)
    if stack.split_from_id is not None or stack.status in (*UNREAD, DocumentStatus.APPROVED):
        raise InvalidInput(Problem.CANNOT_SPLIT, status=stack.status)
    parts = parse_starts(typed, stack.pages)
    if len(parts) == 1:
        if stack.status == DocumentStatus.SPLIT:
            undo(session, stack, user)
        return []
    if parts == [(p.split_first, p.split_last) for p in parts_of(session, stack)]:
        return parts_of(session, stack)
    files = cut_files(storage, stack, parts)
    _remove_parts(session, stack)
    stack.split_first = stack.split_last = None
    note = Note.SPLIT_CHANGED.message(starts=starts(parts))
    record(session, stack, DocumentStatus.SPLIT, user, note)
    return split(session, storage, stack, parts, files, user)


def parse_starts(typed: str, pages: int) -> Parts:
    """Return the parts a list of first pages makes ('1, 3' of 4 pages: 1-2 and 3-4)."""
    numbers = re.findall(r"\d+", typed)
    if not numbers or re.search(r"[^\d\s,;]", typed):
        raise InvalidInput(Problem.SPLIT_PAGES_INVALID, pages=pages)
    firsts = sorted({int(n) for n in numbers} | {1})
    if firsts[-1] > pages:
        raise InvalidInput(Problem.SPLIT_PAGES_INVALID, pages=pages)
    lasts = [n - 1 for n in firsts[1:]] + [pages]
    return list(zip(firsts, lasts, strict=True))


def _remove_parts(session: Session, stack: Document) -> None:
    parts = parts_of(session, stack)
    for part in parts:
        if part.status == DocumentStatus.APPROVED:
            raise InvalidInput(Problem.SPLIT_PART_APPROVED, document=part.id)
    ids = [p.id for p in parts]
    if not ids:
        return
    session.execute(
        update(Document)
        .where(Document.probable_duplicate_of_id.in_(ids))
        .values(probable_duplicate_of_id=None)
        .execution_options(synchronize_session=False)
    )
    for row in session.scalars(select(DocumentSearch).where(DocumentSearch.document_id.in_(ids))):
        session.delete(row)
    for part in parts:
        session.delete(part)
    session.flush()  # before new parts take their first pages (unique)


def _read_again(session: Session, doc: Document, user: User, note: object) -> None:
    doc.attempts = 0
    doc.error = None
    doc.lease_until = None
    record(session, doc, DocumentStatus.RECEIVED, user, note)  # type: ignore[arg-type]
    enqueue(session, "extract_document", doc.id)


def _name(filename: str, media_type: str) -> tuple[str, str]:
    path = PurePath(filename)
    suffix = path.suffix or (".pdf" if media_type == "application/pdf" else ".tif")
    if media_type != "application/pdf" and suffix.lower() not in (".tif", ".tiff"):
        suffix = ".tif"
    return path.stem or "document", suffix


def read_parts(result: ocr.Extraction) -> Parts:
    """Return the parts a reading found, when it found more than one document."""
    return list(result.parts) if len(result.parts) > 1 else []
