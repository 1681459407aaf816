"""A printed KSeF invoice becomes exact data (docs/kody-qr.md).

A PDF, scan or photo handed in outside KSeF may carry KOD I: the verification code with
the seller's NIP, the issue date and the SHA-256 of the invoice's XML, and the KSeF number
printed under it. Once the document is read, the code is looked for; its printed values
are checked against the reading; where the office reaches the buyer's context in KSeF,
the XML is fetched (by KSeF number, or by a metadata query on the seller's NIP and the
issue date matched on the hash) and its exact reading replaces the one from the picture,
which stays the document's image. A code saying OFFLINE is left for the sync to match.
"""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import select

from intake.documents import WORKER, record
from intake.models import Company, Document
from intake.runtime import Runtime
from intake.vocabulary import Source
from ksef.auth import Connection
from ksef.credentials import stored_credential
from ksef.crypto import sha256_b64
from ksef.errors import ApiError, KsefError, Reason
from ksef.models import KsefInvoice
from ksef.package import Fetched
from ksef.service import metadata_by_number
from ksef.store import mark_twin_of_ksef, store
from ksef.sync import connect
from ksef.texts import Note
from ocr.qr import KsefCode, find_code

logger = logging.getLogger(__name__)


def look_for_code(rt: Runtime, document_id: int) -> KsefCode | None:
    """Find a read document's KSeF code, note what disagrees; True when it may be fetched."""
    with rt.db.session() as session:
        doc = session.get(Document, document_id)
        if doc is None or doc.source == Source.KSEF or doc.extraction is None:
            return None
        if doc.media_type.endswith("xml"):
            return None
        key, text = doc.storage_key, doc.extraction.text or ""
    code = find_code(rt.storage.get(key), text)
    if code is None:
        return None
    with rt.db.session() as session:
        doc = session.get_one(Document, document_id)
        fields = doc.extraction.fields if doc.extraction else {}
        read = {
            "seller_tax_id": fields.get("seller_tax_id"),
            "issue_date": fields.get("issue_date"),
        }
        printed = {"seller_tax_id": code.seller_nip, "issue_date": code.issue_date.isoformat()}
        differ = [name for name, value in read.items() if value and value != printed[name]]
        note = Note.CODE_FOUND.message(
            number=code.ksef_number or ("OFFLINE" if code.offline else "-")
        )
        record(session, doc, None, WORKER, note)
        if differ:
            record(session, doc, None, WORKER, Note.CODE_DIFFERS.message(fields=", ".join(differ)))
        if code.offline or stored_credential(session, doc.company) is None:
            return None
    return code


def fetch_printed(rt: Runtime, document_id: int, code: KsefCode) -> KsefInvoice | None:
    """Fetch the XML a document's code names and put its exact reading on the document."""
    with rt.db.session() as session:
        doc = session.get_one(Document, document_id)
        company = session.get_one(Company, doc.company_id)
        conn = connect(rt, session, company)
    number = code.ksef_number or number_by_hash(conn, code)
    if number is None:
        return None
    try:
        answer = conn.request("GET", f"/invoices/ksef/{number}", group="invoiceDownload")
    except ApiError as e:
        raise KsefError(Reason.INVOICE_NOT_FOUND, number=number, nip=conn.nip) from e
    if sha256_b64(answer.data) != code.invoice_hash:
        logger.warning("document %s: KSeF invoice %s is not the printed one", document_id, number)
        return None
    fetched = Fetched(metadata_by_number(conn, number, answer.data), answer.data)
    with rt.db.session() as session:
        doc = session.get_one(Document, document_id)
        company = session.get_one(Company, doc.company_id)
        known = session.scalar(
            select(KsefInvoice).where(
                KsefInvoice.company_id == company.id, KsefInvoice.ksef_number == number
            )
        )
        if known is not None:
            if known.document_id != doc.id:
                mark_twin_of_ksef(session, doc)
            return known
        max_bytes = rt.settings.max_upload_mb * 1024 * 1024
        return store(session, rt.storage, company, fetched, None, max_bytes, into=doc)


def number_by_hash(conn: Connection, code: KsefCode) -> str | None:
    """Find an invoice's KSeF number by its seller, issue date and hash (metadata query)."""
    start = dt.datetime.combine(code.issue_date, dt.time(), dt.UTC) - dt.timedelta(days=1)
    body = {
        "subjectType": "Subject2",
        "dateRange": {
            "dateType": "Issue",
            "from": start.isoformat(),
            "to": (start + dt.timedelta(days=3)).isoformat(),
        },
        "sellerNip": code.seller_nip,
    }
    answer = conn.request(
        "POST", "/invoices/query/metadata?pageSize=250", group="invoiceMetadata", payload=body
    ).json()
    for item in answer.get("invoices", []):
        if item.get("invoiceHash") == code.invoice_hash:
            return str(item["ksefNumber"])
    return None
