"""Review as a reviewer expects it: whose invoice it is, the queue by deadline, an approved
document read-only until reopened with a reason, one's own approval undone, the client told
why a document was rejected."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from intake import events
from intake.documents import (
    correct_fields,
    next_to_review,
    reopen,
    review,
    review_queue,
    undo_approval,
)
from intake.errors import InvalidInput
from intake.models import Company, Document, User
from intake.models.texts import code_of
from intake.offices import add_contact, add_user
from intake.periods import set_month
from notify.models import Notification
from tests.conftest import wait_processed
from tests.intake.test_periods import ksef_invoice
from tests.seeding import PASSWORD, hand_in

CLIENT_NIP = "5260250274"  # company c1 of the seeded office A


def bought_by(nip: str, number: str, sale: str = "2026-10-05", seller: str | None = None) -> bytes:
    """Return a KSeF invoice whose buyer (and, if given, seller) has this tax id."""
    xml = ksef_invoice(number, sale).decode()
    xml = re.sub(r"(<Podmiot2><DaneIdentyfikacyjne><NIP>)\d+", rf"\g<1>{nip}", xml)
    if seller:
        xml = re.sub(r"(<Podmiot1><DaneIdentyfikacyjne><NIP>)\d+", rf"\g<1>{seller}", xml)
    return xml.encode()


def status_and_codes(rt, document_id: int) -> tuple[str, list[str | None]]:
    with rt.db.session() as s:
        doc = s.get_one(Document, document_id)
        assert doc.extraction is not None
        return doc.status, [code_of(p) for p in doc.extraction.problems]


def test_an_invoice_bought_by_the_client_is_read_as_fine(rt, data):
    done = hand_in(rt, data["c1"], bought_by(CLIENT_NIP, "P/1"), "p1.xml")
    wait_processed(rt)
    assert status_and_codes(rt, done.document_id) == ("extracted", [])


def test_a_buyer_who_is_not_the_client_sends_the_invoice_to_review(rt, data):
    done = hand_in(rt, data["c1"], bought_by("2562212234", "P/2"), "p2.xml")
    wait_processed(rt)
    assert status_and_codes(rt, done.document_id) == ("needs_review", ["buyer_not_client"])


def test_the_clients_own_sale_in_the_purchases_is_flagged(rt, data):
    sale = bought_by("2562212234", "P/3", seller=CLIENT_NIP)
    done = hand_in(rt, data["c1"], sale, "p3.xml")
    wait_processed(rt)
    assert status_and_codes(rt, done.document_id) == ("needs_review", ["sales_invoice"])


def test_the_queue_starts_with_the_nearest_deadline(rt, data):
    with rt.db.session() as s:
        s.get_one(Company, data["c2"]).deadline_day = 5  # c1 keeps the office's 10th
    late_deadline = hand_in(rt, data["c1"], bought_by(CLIENT_NIP, "Q/1", "2026-10-03"), "q1.xml")
    near_deadline = hand_in(rt, data["c2"], bought_by("7740001454", "Q/2", "2026-10-04"), "q2.xml")
    earlier_month = hand_in(rt, data["c1"], bought_by(CLIENT_NIP, "Q/3", "2026-09-20"), "q3.xml")
    wait_processed(rt)
    with rt.db.session() as s:
        staff = s.get_one(User, data["staff"])
        expected = [earlier_month.document_id, near_deadline.document_id]
        assert review_queue(s, staff) == [*expected, late_deadline.document_id]
        following = next_to_review(s, staff, after=earlier_month.document_id)
        assert following is not None and following.id == near_deadline.document_id


@pytest.fixture
def approved(embedded, pdata):
    done = hand_in(embedded, pdata["c1"], bought_by(CLIENT_NIP, "R/1"), "r1.xml")
    wait_processed(embedded)
    with embedded.db.session() as s:
        review(s, s.get_one(Document, done.document_id), s.get_one(User, pdata["staff"]), True)
    return done.document_id


def test_an_approved_document_is_read_only_until_reopened_with_a_reason(embedded, pdata, approved):
    with embedded.db.session() as s:
        doc, staff = s.get_one(Document, approved), s.get_one(User, pdata["staff"])
        with pytest.raises(InvalidInput) as refused:
            correct_fields(s, doc, staff, {"invoice_number": "X/1"})
        assert refused.value.code == "approved_read_only"
        with pytest.raises(InvalidInput) as refused:
            set_month(s, doc, "2026-09", staff)
        assert refused.value.code == "approved_read_only"
        with pytest.raises(InvalidInput) as refused:
            reopen(s, doc, staff, "  ")
        assert refused.value.code == "reopen_needs_reason"
        reopen(s, doc, staff, "wrong gross amount")
    with embedded.db.session() as s:
        doc = s.get_one(Document, approved)
        assert doc.status == "needs_review"
        last = doc.events[-1]
        assert (
            code_of(last.note) == "reopened" and last.note.params["reason"] == "wrong gross amount"
        )
        assert last.actor == "staff@a.test"
        correct_fields(s, doc, s.get_one(User, pdata["staff"]), {"invoice_number": "X/1"})
        with pytest.raises(InvalidInput) as refused:
            reopen(s, doc, s.get_one(User, pdata["staff"]), "again")
        assert refused.value.code == "cannot_reopen"


def test_only_ones_own_last_approval_is_undone(embedded, pdata, approved):
    with embedded.db.session() as s:
        other = add_user(
            s, s.get_one(User, pdata["staff"]).office, "b@a.test", "B", "staff", PASSWORD
        )
        with pytest.raises(InvalidInput) as refused:
            undo_approval(s, s.get_one(Document, approved), other)
        assert refused.value.code == "cannot_undo"
    with embedded.db.session() as s:
        undo_approval(s, s.get_one(Document, approved), s.get_one(User, pdata["staff"]))
    with embedded.db.session() as s:
        doc = s.get_one(Document, approved)
        assert doc.status == "extracted" and code_of(doc.events[-1].note) == "approval_undone"


def test_a_rejection_tells_the_clients_contacts_why_in_their_language(embedded, pdata):
    seen = []
    events.subscribe(events.DOCUMENT_REJECTED, lambda **kw: seen.append(kw))
    with embedded.db.session() as s:
        company = s.get_one(Company, pdata["c1"])
        add_contact(s, company, "Ewa", "ewa@firma.pl", "+48600100200")
        add_contact(s, company, "Dana", "dana@firma.co.il", None, locale="he")
        add_contact(s, company, "Jan", None, "+48600100300")
    done = hand_in(embedded, pdata["c1"], bought_by(CLIENT_NIP, "S/1"), "s1.xml")
    wait_processed(embedded)
    with embedded.db.session() as s:
        doc = s.get_one(Document, done.document_id)
        review(s, doc, s.get_one(User, pdata["staff"]), False, "nieczytelna kopia")
    wait_processed(embedded)
    assert [kw["document_id"] for kw in seen] == [done.document_id]
    with embedded.db.session() as s:
        rows = s.scalars(select(Notification).where(Notification.kind == "document_rejected"))
        sent = {row.recipient: row for row in rows}
    assert set(sent) == {"ewa@firma.pl", "dana@firma.co.il", "+48600100300"}
    assert (
        "nieczytelna kopia" in sent["ewa@firma.pl"].body and "s1.xml" in sent["ewa@firma.pl"].body
    )
    assert sent["ewa@firma.pl"].data["locale"] == "pl"
    assert sent["dana@firma.co.il"].data["locale"] == "he"
    assert re.search(r"[\u05d0-\u05ea]", sent["dana@firma.co.il"].subject or "")
    assert (
        sent["+48600100300"].channel == "sms" and "nieczytelna kopia" in sent["+48600100300"].body
    )
    assert all(row.about == f"document:{done.document_id}" for row in sent.values())


def test_a_file_the_reader_rejects_is_told_to_the_client_too(embedded, pdata, monkeypatch):
    import ocr

    def unreadable(data: bytes, filename: str = "") -> ocr.Extraction:
        problem = ocr.Problem(ocr.Reason.OCR_FAILED, {"detail": "tesseract: timeout"})
        return ocr.Extraction(status="rejected", error=problem)

    monkeypatch.setattr("intake.processing.ocr.extract", unreadable)
    with embedded.db.session() as s:
        add_contact(s, s.get_one(Company, pdata["c1"]), "Ewa", "ewa@firma.pl", None)
    done = hand_in(embedded, pdata["c1"], bought_by(CLIENT_NIP, "T/1"), "t1.xml")
    wait_processed(embedded)
    with embedded.db.session() as s:
        assert s.get_one(Document, done.document_id).status == "rejected"
        told = s.scalars(select(Notification).where(Notification.kind == "document_rejected"))
        assert [n.recipient for n in told] == ["ewa@firma.pl"]
