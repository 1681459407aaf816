"""ksef's event subscribers (the `intake.subscribers` entry point).

- a document read outside KSeF: its printed KSeF code is looked for (a job), where the
  office can reach KSeF;
- a document read: the same invoice as one fetched from KSeF (seller NIP, kind, number)
  is recorded as its copy, so the exact KSeF reading counts once;
- a month's step also waits for unmarked KSeF invoices where the office asks for that.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import select

from intake import events, runtime
from intake.broker import enqueue
from intake.events import Handler
from intake.models import Document
from intake.periods import add_hold
from intake.vocabulary import Source
from ksef.credentials import stored_credential
from ksef.models import KsefInvoice
from ksef.qualify import unqualified_in
from ksef.store import find_twin, mark_twin_of_ksef

logger = logging.getLogger(__name__)


def subscribe(register: Callable[[str, Handler], None]) -> None:
    """Register ksef's handlers."""
    register(events.DOCUMENT_PROCESSED, one_invoice)
    add_hold(unqualified_in)


def one_invoice(document_id: int, status: str, **_: object) -> None:
    """Make a document and a KSeF invoice of the same invoice count as one."""
    if status not in ("extracted", "needs_review"):
        return
    with runtime.current().db.session() as session:
        doc = session.get(Document, document_id)
        if doc is None:
            return
        if doc.source != Source.KSEF:
            if not mark_twin_of_ksef(session, doc) and stored_credential(session, doc.company):
                enqueue(session, "ksef_printed_code", doc.id)
            return
        row = session.scalar(select(KsefInvoice).where(KsefInvoice.document_id == doc.id))
        if row is None:
            return
        kind = "correction" if row.invoice_type.startswith("Kor") else "invoice"
        while twin := find_twin(session, doc.company_id, row.seller_nip, row.invoice_number, kind):
            if not mark_twin_of_ksef(session, twin):
                break
