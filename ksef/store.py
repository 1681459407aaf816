"""Storing what KSeF sent: once per KSeF number, through intake's own door.

Each invoice enters through `intake.accept()` with source ksef, keeps its KSeF number and
the day KSeF numbered it (the day the client legally received it), and is read exactly
from its XML by the same worker as any document. The same invoice already handed in as a
PDF (KSeF's duplicate key: seller NIP, invoice type, number) becomes one invoice: the
PDF's reading is replaced by the KSeF data. A correction is linked to the invoice it
corrects as soon as both are here.
"""

from __future__ import annotations

import hashlib
import logging

from lxml import etree
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

import ocr
from intake.accept import Upload, accept
from intake.documents import WORKER, normalize_number, record
from intake.models import Company, Document, Extraction
from intake.processing import save_extraction
from intake.storage import Storage
from intake.vocabulary import DocumentStatus, Source
from ksef.auth import moment
from ksef.models import KsefInvoice
from ksef.package import Fetched
from ksef.texts import Note
from ksef.vocabulary import SubjectType
from ocr.ksef import parse as parse_ksef

logger = logging.getLogger(__name__)

CORRECTION_TYPES = {"Kor", "KorZal", "KorRoz", "KorPef", "KorVatRr"}


def known_numbers(session: Session, company_id: int, numbers: list[str]) -> set[str]:
    """Return which of some KSeF numbers a company already has."""
    if not numbers:
        return set()
    query = select(KsefInvoice.ksef_number).where(
        KsefInvoice.company_id == company_id, KsefInvoice.ksef_number.in_(numbers)
    )
    return set(session.scalars(query))


def store(
    session: Session,
    storage: Storage,
    company: Company,
    fetched: Fetched,
    subject: SubjectType | None,
    max_bytes: int,
    *,
    into: Document | None = None,
) -> KsefInvoice | None:
    """Store one fetched invoice unless the company has its KSeF number; return its row.

    `into` names the document it is already (a printed copy whose KSeF code was read).
    """
    meta = fetched.metadata
    if known_numbers(session, company.id, [fetched.number]):
        return None
    received = moment(meta["acquisitionDate"])
    kind = "correction" if meta.get("invoiceType") in CORRECTION_TYPES else "invoice"
    seller = str((meta.get("seller") or {}).get("nip") or "")
    twin = into or find_twin(
        session, company.id, seller, str(meta.get("invoiceNumber") or ""), kind
    )
    if twin is not None:
        key = f"{company.office_id}/{hashlib.sha256(fetched.xml).hexdigest()}"
        storage.put(key, fetched.xml, "application/xml")
        replace_reading(session, twin, fetched)
        document_id = twin.id
    else:
        upload = Upload(
            company.id,
            fetched.xml,
            f"{fetched.number}.xml",
            Source.KSEF,
            max_bytes,
            origin=f"ksef:{fetched.number}",
            delivered_at=received,
        )
        accepted = accept(session, storage, upload)
        document_id = accepted.duplicate_of or accepted.document_id
        key = session.get_one(Document, document_id).storage_key
    corrects_ksef, corrects_number = corrected_of(fetched.xml)
    row = KsefInvoice(
        office_id=company.office_id,
        company_id=company.id,
        ksef_number=fetched.number,
        document_id=document_id,
        subject_type=subject,
        seller_nip=seller,
        invoice_type=str(meta.get("invoiceType") or ""),
        invoice_number=str(meta.get("invoiceNumber") or "")[:256],
        issue_date=moment(meta["issueDate"] + "T00:00:00+00:00").date()
        if meta.get("issueDate")
        else None,
        received_at=received,
        stored_at=moment(meta["permanentStorageDate"]),
        invoice_hash=str(meta.get("invoiceHash") or ""),
        storage_key=key,
        corrects_ksef_number=corrects_ksef,
        corrects_number=corrects_number,
    )
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        logger.info("KSeF invoice %s of company %s came in twice", fetched.number, company.id)
        return None
    day = received.date()
    record(
        session,
        session.get_one(Document, document_id),
        None,
        WORKER,
        Note.FETCHED.message(number=fetched.number, day=day),
    )
    link_corrections(session, row)
    return row


def find_twin(
    session: Session, company_id: int, seller: str, number: str, kind: str
) -> Document | None:
    """Return a document not from KSeF read as the same invoice (seller, kind, number)."""
    normal = normalize_number(number)
    if not seller or not normal:
        return None
    query = (
        select(Document)
        .join(Extraction, Extraction.document_id == Document.id)
        .where(
            Document.company_id == company_id,
            Document.source != Source.KSEF,
            Document.duplicate_of_id.is_(None),
            Extraction.invoice_number == normal,
            Extraction.seller_tax_id == seller,
        )
        .order_by(Document.id)
    )
    for doc in session.scalars(query):
        fields = doc.extraction.fields if doc.extraction else {}
        if (fields or {}).get("kind", "invoice") in (kind, None):
            return doc
    return None


def replace_reading(session: Session, document: Document, fetched: Fetched) -> None:
    """Put the exact KSeF reading on a document handed in on paper or as a PDF."""
    result = ocr.extract(fetched.xml, f"{fetched.number}.xml")
    save_extraction(session, document, result)
    record(
        session,
        document,
        None,
        WORKER,
        Note.EXACT_FROM_KSEF.message(number=fetched.number),
    )


def corrected_of(xml: bytes) -> tuple[str | None, str | None]:
    """Return the KSeF number and the number of the invoice a correction corrects."""
    try:
        root = parse_ksef(xml)
    except ocr.Rejected:
        return None, None
    ns = {"f": etree.QName(root).namespace}
    ksef = root.findtext("f:Fa/f:DaneFaKorygowanej/f:NrKSeFFaKorygowanej", namespaces=ns)
    number = root.findtext("f:Fa/f:DaneFaKorygowanej/f:NrFaKorygowanej", namespaces=ns)
    return (ksef or "").strip()[:36] or None, (number or "").strip()[:256] or None


def link_corrections(session: Session, row: KsefInvoice) -> None:
    """Link a correction to the invoice it corrects, and an invoice to its corrections."""
    if row.invoice_type in CORRECTION_TYPES and row.corrects_id is None:
        target = corrected_invoice(session, row)
        if target is not None:
            link(session, row, target)
    unlinked = select(KsefInvoice).where(
        KsefInvoice.company_id == row.company_id,
        KsefInvoice.corrects_id.is_(None),
        KsefInvoice.id != row.id,
    )
    # Two queries, each on an index: one OR of both would scan the company's every invoice.
    by_number = unlinked.where(KsefInvoice.corrects_ksef_number == row.ksef_number)
    by_seller = unlinked.where(
        KsefInvoice.seller_nip == row.seller_nip, KsefInvoice.corrects_number == row.invoice_number
    )
    waiting = {c.id: c for q in (by_number, by_seller) for c in session.scalars(q)}
    for correction in waiting.values():
        if correction.invoice_type in CORRECTION_TYPES and row.invoice_type not in CORRECTION_TYPES:
            link(session, correction, row)


def corrected_invoice(session: Session, row: KsefInvoice) -> KsefInvoice | None:
    """Return the invoice a correction corrects: by its KSeF number, else seller and number."""
    base = select(KsefInvoice).where(
        KsefInvoice.company_id == row.company_id, KsefInvoice.id != row.id
    )
    if row.corrects_ksef_number:
        found = session.scalar(base.where(KsefInvoice.ksef_number == row.corrects_ksef_number))
        if found is not None:
            return found
    if row.corrects_number:
        candidates = session.scalars(
            base.where(
                KsefInvoice.seller_nip == row.seller_nip,
                KsefInvoice.invoice_number == row.corrects_number,
            ).order_by(KsefInvoice.id)
        )
        for found in candidates:
            if found.invoice_type not in CORRECTION_TYPES:
                return found
    return None


def link(session: Session, correction: KsefInvoice, invoice: KsefInvoice) -> None:
    """Record that a correction corrects an invoice, on both documents."""
    correction.corrects_id = invoice.id
    record(
        session,
        session.get_one(Document, correction.document_id),
        None,
        WORKER,
        Note.CORRECTS.message(number=invoice.invoice_number, document=invoice.document_id),
    )
    record(
        session,
        session.get_one(Document, invoice.document_id),
        None,
        WORKER,
        Note.CORRECTED_BY.message(document=correction.document_id),
    )


def mark_twin_of_ksef(session: Session, document: Document) -> bool:
    """Make a document handed in outside KSeF a duplicate of the KSeF invoice it is.

    Called once a document is read: when its seller, kind and number are those of an
    invoice fetched from KSeF, the KSeF one counts and this one is recorded as its copy.
    """
    extraction = document.extraction
    if document.source == Source.KSEF or extraction is None or document.duplicate_of_id:
        return False
    fields = extraction.fields or {}
    kind = fields.get("kind") or "invoice"
    if not extraction.invoice_number or not extraction.seller_tax_id:
        return False
    for row in session.scalars(
        select(KsefInvoice).where(
            KsefInvoice.company_id == document.company_id,
            KsefInvoice.seller_nip == extraction.seller_tax_id,
        )
    ):
        same_kind = (row.invoice_type in CORRECTION_TYPES) == (kind == "correction")
        if same_kind and normalize_number(row.invoice_number) == extraction.invoice_number:
            if row.document_id == document.id:
                return False
            document.duplicate_of_id = row.document_id
            document.lease_until = None
            note = Note.SAME_AS_KSEF.message(document=row.document_id)
            record(session, document, DocumentStatus.DUPLICATE, WORKER, note)
            return True
    return False
