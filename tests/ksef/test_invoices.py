"""A KSeF invoice is one invoice: its PDF twin, its correction, its month, its client's word."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select

from intake.models import Company, Document, Office, Period, User
from intake.month import Month
from intake.offices import add_user
from intake.periods import waiting_documents
from intake.stats import month_stats
from intake.vocabulary import DocumentStatus
from ksef.models import KsefInvoice
from ksef.qualify import invoices_of, qualify, set_hold
from ksef.sync import sync_company
from ksef.vocabulary import Qualification
from samples import layouts
from samples.invoice import random_invoice
from samples.ksef import render
from tests.conftest import wait_processed
from tests.ksef.conftest import OFFICE_NIP, REAL_BUYER
from tests.seeding import PASSWORD, confirm, hand_in


def an_invoice(seed: int, **overrides):  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    inv = random_invoice(rng, "pl", 2, start=dt.date(2026, 2, 2))
    inv.buyer.tax_id = REAL_BUYER
    for key, value in overrides.items():
        setattr(inv, key, value)
    return inv, rng


def test_a_pdf_and_its_ksef_invoice_are_one_invoice_and_ksef_wins(office):
    server, rt = office.server, office.rt
    server.grant(REAL_BUYER, OFFICE_NIP)
    office.use_certificate()
    rt.start_worker()
    first, rng1 = an_invoice(1)  # the client e-mails the PDF first, KSeF comes later
    later, rng2 = an_invoice(2)  # KSeF first, the PDF later
    pdf_first = hand_in(rt, office.ids["real"], layouts.render(first, "classic", rng1), "a.pdf")
    wait_processed(rt)
    server.add(render(first, rng1), dt.datetime(2026, 3, 3, tzinfo=dt.UTC))
    server.add(render(later, rng2), dt.datetime(2026, 3, 4, tzinfo=dt.UTC))
    assert sync_company(rt, office.ids["real"]).fetched == 2
    wait_processed(rt)
    pdf_later = hand_in(rt, office.ids["real"], layouts.render(later, "band", rng2), "b.pdf")
    wait_processed(rt)
    with rt.db.session() as s:
        rows = {r.invoice_number: r for r in s.scalars(select(KsefInvoice))}
        one = s.get_one(Document, pdf_first.document_id)
        assert rows[first.number].document_id == one.id  # the PDF is the document...
        assert one.extraction.source == "ksef-xml"  # ...with the exact KSeF reading
        two = s.get_one(Document, pdf_later.document_id)
        assert two.status == DocumentStatus.DUPLICATE
        assert two.duplicate_of_id == rows[later.number].document_id
        assert len(s.scalars(select(Document)).all()) == 3


def test_a_correction_is_linked_to_the_invoice_it_corrects(office):
    server, rt = office.server, office.rt
    server.grant(REAL_BUYER, OFFICE_NIP)
    office.use_certificate()
    original, rng = an_invoice(3)
    correction, rng2 = an_invoice(4, correction_of=original.number)
    correction.seller = original.seller
    server.add(render(correction, rng2), dt.datetime(2026, 3, 5, tzinfo=dt.UTC))
    sync_company(rt, office.ids["real"])
    server.add(render(original, rng), dt.datetime.now(dt.UTC))  # the invoice comes after
    sync_company(rt, office.ids["real"], force=True)
    with rt.db.session() as s:
        rows = {r.invoice_type: r for r in s.scalars(select(KsefInvoice))}
        assert rows["Kor"].corrects_id == rows["Vat"].id


def test_ksef_invoices_land_in_their_sale_month_and_count_by_their_ksef_day(office):
    server, rt = office.server, office.rt
    server.grant(REAL_BUYER, OFFICE_NIP)
    office.use_certificate()
    inv, rng = an_invoice(5, issue=dt.date(2026, 3, 2), sale=dt.date(2026, 2, 27))
    server.add(render(inv, rng), dt.datetime(2026, 3, 6, 9, tzinfo=dt.UTC))
    sync_company(rt, office.ids["real"])
    rt.start_worker()
    wait_processed(rt)
    with rt.db.session() as s:
        doc = s.scalars(select(Document)).one()
        assert doc.month == Month(2026, 2)
        assert doc.delivered_at.date() == dt.date(2026, 3, 6)
        row = next(
            r for r in month_stats(s, office.ids["office_a"], Month(2026, 2)) if r.nip == REAL_BUYER
        )
        assert row.documents == 1 and row.on_time == 1 and row.last_at.date() == dt.date(2026, 3, 6)


def test_unmarked_ksef_invoices_hold_the_month_where_the_office_asks_and_the_client_marks_them(
    office,
):
    server, rt = office.server, office.rt
    server.grant(REAL_BUYER, OFFICE_NIP)
    office.use_certificate()
    inv, rng = an_invoice(6, issue=dt.date(2026, 3, 2), sale=dt.date(2026, 3, 2))
    server.add(render(inv, rng), dt.datetime(2026, 3, 6, 9, tzinfo=dt.UTC))
    rt.start_worker()
    sync_company(rt, office.ids["real"])
    wait_processed(rt)
    with rt.db.session() as s:
        set_hold(s, office.ids["office_a"], True)
        office_row = s.get_one(Office, office.ids["office_a"])
        company = s.get_one(Company, office.ids["real"])
        client = add_user(s, office_row, "jan@a.test", "Jan", "client", PASSWORD, company=company)
        s.flush()
        client_id = client.id
        assert waiting_documents(s, office.ids["real"], Month(2026, 3)) == 1
    confirm(rt, office.ids["real"], "2026-03")
    with rt.db.session() as s:
        client = s.get_one(User, client_id)
        ((invoice, _doc),) = invoices_of(s, client, unqualified_only=True)
        qualify(s, client, invoice.id, Qualification.NOT_BUSINESS, "prywatny zakup")
    wait_processed(rt)
    with rt.db.session() as s:
        assert waiting_documents(s, office.ids["real"], Month(2026, 3)) == 0
        period = s.scalars(select(Period).where(Period.company_id == office.ids["real"])).one()
        assert period.state == "closed"
        assert invoices_of(s, s.get_one(User, client_id), unqualified_only=True) == []
