"""KSeF in the portal: staff see each company's connection; the client marks KSeF invoices."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from intake.models import utcnow
from ksef.models import KsefCompany, KsefInvoice
from ksef.vocabulary import Access, Qualification
from tests.conftest import sample
from tests.portal.conftest import csrf_token, page_text, tr
from tests.seeding import hand_in


def a_ksef_invoice(rt, company_id: int, office_id: int) -> int:  # type: ignore[no-untyped-def]
    """Put one KSeF invoice in a company, as a sync would."""
    done = hand_in(rt, company_id, sample("ksef/fa3-00.xml").read_bytes(), "x.xml", "ksef")
    with rt.db.session() as s:
        row = KsefInvoice(
            office_id=office_id,
            company_id=company_id,
            ksef_number="5265877635-20260301-0100001AF629-8E",
            document_id=done.document_id,
            seller_nip="5265877635",
            invoice_type="Vat",
            invoice_number="FV/1/2026",
            received_at=dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC),
            stored_at=dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC),
            invoice_hash="x" * 44,
            storage_key="k",
        )
        s.add(row)
        s.add(
            KsefCompany(
                company_id=company_id,
                office_id=office_id,
                access=Access.NO_PERMISSION,
                last_sync_at=utcnow(),
            )
        )
        s.flush()
        return row.id


def test_staff_see_each_companys_ksef_access(embedded, as_user, pdata):
    a_ksef_invoice(embedded, pdata["c1"], pdata["office_a"])
    client = as_user("staff@a.test")
    text = page_text(client.get("/ksef/"))
    assert "Firma Jeden" in text and tr(Access.NO_PERMISSION) in text


def test_a_client_marks_a_ksef_invoice_with_a_comment(embedded, as_user, pdata):
    invoice_id = a_ksef_invoice(embedded, pdata["c1"], pdata["office_a"])
    client = as_user("client1@a.test")
    assert "FV/1/2026" in page_text(client.get("/ksef/invoices"))
    token = csrf_token(client, "/ksef/invoices")
    data = {
        "csrf_token": token,
        "invoice": invoice_id,
        "qualification": "dispute",
        "note": "nie nasza",
    }
    assert client.post("/ksef/invoices", data=data).status_code == 302
    with embedded.db.session() as s:
        row = s.get_one(KsefInvoice, invoice_id)
        assert row.qualification == Qualification.DISPUTE and row.qualification_note == "nie nasza"
    other = as_user("client2@a.test")  # another company's client cannot see or mark it
    assert "FV/1/2026" not in page_text(other.get("/ksef/invoices"))
    token = csrf_token(other, "/ksef/invoices")
    other.post("/ksef/invoices", data={**data, "csrf_token": token, "qualification": "books"})
    with embedded.db.session() as s:
        assert s.scalars(select(KsefInvoice.qualification)).one() == Qualification.DISPUTE
