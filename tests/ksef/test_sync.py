"""A sync fetches every purchase invoice of a client once, through intake's door, read exactly."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import func, select

from intake.models import Document
from intake.vocabulary import Source
from ksef.models import KsefCompany, KsefCursor, KsefInvoice
from ksef.sync import sync_company
from ksef.vocabulary import Access, SubjectType
from tests.conftest import wait_processed
from tests.ksef.conftest import OFFICE_NIP, REAL_BUYER, differences, fa3_schema, purchase, realworld


def test_a_sync_fetches_every_purchase_once_and_reads_it_exactly(office):
    server, rt = office.server, office.rt
    server.grant(REAL_BUYER, OFFICE_NIP)
    office.use_certificate()
    truths = {}
    base = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    for i, (stem, xml, truth) in enumerate(realworld()):
        invoice = server.add(xml, base + dt.timedelta(hours=i))
        truths[invoice.number] = (stem, truth)
    rng = random.Random(7)
    for i in range(12):
        xml, truth = purchase(rng, REAL_BUYER)
        fa3_schema().validate(xml.decode())
        invoice = server.add(xml, base + dt.timedelta(days=2, hours=i))
        truths[invoice.number] = (f"generated-{i}", truth)
    server.package_limit = 5  # every package is cut: the sync goes on from LastPermanentStorageDate
    server.part_size = 4096  # and comes in several encrypted parts

    report = sync_company(rt, office.ids["real"])
    assert report.error is None, report.error
    buyer_invoices = {
        n for n, i in server.by_number.items() if REAL_BUYER in i.subjects["Subject2"]
    }
    assert report.fetched == len(buyer_invoices) == len(truths) - 1  # the WDT sale is not theirs
    rt.start_worker()
    wait_processed(rt)
    with rt.db.session() as s:
        rows = s.scalars(
            select(KsefInvoice).where(KsefInvoice.company_id == office.ids["real"])
        ).all()
        assert {r.ksef_number for r in rows} == buyer_invoices
        for row in rows:
            doc = s.get_one(Document, row.document_id)
            assert doc.source == Source.KSEF
            assert doc.delivered_at == row.received_at
            stem, truth = truths[row.ksef_number]
            assert differences(doc.extraction.fields, truth) == {}, stem
        state = s.get_one(KsefCompany, office.ids["real"])
        assert state.access == Access.WORKING and state.fetched == len(buyer_invoices)
        cursor = s.get_one(KsefCursor, (office.ids["real"], SubjectType.BUYER))
        assert cursor.continuation >= max(i.stored for i in server.invoices)

    again = sync_company(rt, office.ids["real"], force=True)
    assert again.error is None and again.fetched == 0
    with rt.db.session() as s:
        assert s.scalar(select(func.count(KsefInvoice.id))) == len(buyer_invoices)
        assert s.scalar(select(func.count(Document.id))) == len(buyer_invoices)
