"""Uploading, listing and reviewing documents; every query scoped to office and company."""

from __future__ import annotations

import io

from intake.errors import Problem
from intake.month import Month
from intake.texts import Note
from intake.vocabulary import Field, PeriodState
from tests.conftest import sample, wait_processed
from tests.portal.conftest import csrf_token, page_text, tr
from tests.seeding import confirm, hand_in


def upload(client, path, name=None, month=None):
    data = {
        "csrf_token": csrf_token(client, "/client/"),
        "files": (io.BytesIO(path.read_bytes()), name or path.name),
    }
    if month:
        data["month"] = month
    return client.post("/client/upload", data=data, headers={"Accept": "application/json"})


def test_a_client_upload_is_read_and_shown_to_staff(embedded, as_user, pdata):
    client = as_user("client1@a.test")
    pdf = sample("pl/*-pdf.pdf")
    response = upload(client, pdf, month="2026-10")
    assert response.status_code == 200
    doc_id = response.get_json()["results"][0]["document_id"]
    wait_processed(embedded)
    listed = client.get("/client/documents.json").get_json()["documents"]
    assert [d["id"] for d in listed] == [doc_id]
    assert listed[0]["status"] in ("extracted", "needs_review")
    assert listed[0]["month"] == "2026-10"

    client.post("/logout", data={"csrf_token": csrf_token(client, "/client/")})
    staff = as_user("staff@a.test")
    page = staff.get("/staff/").get_data(as_text=True)
    assert pdf.name in page
    detail = staff.get(f"/staff/documents/{doc_id}").get_data(as_text=True)
    assert tr("Text read from the document") in detail
    assert staff.get(f"/staff/documents/{doc_id}/file").data == pdf.read_bytes()


def test_an_unreadable_upload_gets_a_clear_message(as_user):
    client = as_user("client1@a.test")
    data = {
        "csrf_token": csrf_token(client, "/client/"),
        "files": (io.BytesIO(b"<html>not an invoice</html>"), "photo.jpg"),
    }
    response = client.post("/client/upload", data=data, headers={"Accept": "application/json"})
    assert response.status_code == 422
    result = response.get_json()["results"][0]
    # A code for programs, and the reason in the client's language (Polish by default).
    assert result["code"] == "file_unreadable"
    assert result["error"].startswith(tr("The file cannot be taken: %(reason)s", reason=""))
    assert "HTML" in result["error"] and "The file" not in result["error"]


def test_a_client_of_company_a_gets_404_for_company_b_documents(embedded, as_user, pdata):
    pdf = sample("pl/*-pdf.pdf").read_bytes()
    other = hand_in(embedded, pdata["c2"], pdf, "theirs.pdf", "portal").document_id
    foreign = hand_in(embedded, pdata["c3"], pdf, "foreign.pdf", "portal").document_id
    wait_processed(embedded)
    client = as_user("client1@a.test")
    assert client.get(f"/client/documents/{other}/file").status_code == 404
    assert client.get(f"/client/documents/{foreign}/file").status_code == 404
    assert client.get("/client/documents.json").get_json()["documents"] == []
    assert "theirs.pdf" not in client.get("/client/").get_data(as_text=True)


def test_staff_of_another_office_get_404(embedded, as_user, pdata):
    pdf = sample("pl/*-pdf.pdf").read_bytes()
    doc = hand_in(embedded, pdata["c1"], pdf, "ours.pdf", "portal").document_id
    wait_processed(embedded)
    staff_b = as_user("staff@b.test")
    assert staff_b.get(f"/staff/documents/{doc}").status_code == 404
    assert staff_b.get(f"/staff/documents/{doc}/file").status_code == 404
    assert "ours.pdf" not in staff_b.get("/staff/").get_data(as_text=True)


def test_staff_approve_and_reject_with_a_reason_and_the_history_says_who(embedded, as_user, pdata):
    pdf = sample("pl/*-pdf.pdf").read_bytes()
    doc = hand_in(embedded, pdata["c1"], pdf, "a.pdf", "portal").document_id
    wait_processed(embedded)
    staff = as_user("staff@a.test")
    url = f"/staff/documents/{doc}/review"
    token = csrf_token(staff, f"/staff/documents/{doc}")
    staff.post(url, data={"csrf_token": token, "decision": "reject", "reason": ""})
    page = page_text(staff.get(f"/staff/documents/{doc}"))
    assert tr(Problem.REJECTION_NEEDS_REASON) in page
    staff.post(url, data={"csrf_token": token, "decision": "reject", "reason": "nieczytelny"})
    page = staff.get(f"/staff/documents/{doc}").get_data(as_text=True)
    assert "staff@a.test" in page and "nieczytelny" in page
    staff.post(url, data={"csrf_token": token, "decision": "approve"})
    listed = staff.get("/staff/documents.json?status=approved").get_json()["documents"]
    assert [d["id"] for d in listed] == [doc]


def test_a_client_confirms_a_month_and_sees_it_delivered(embedded, as_user, pdata):
    from intake.periods import recent_months

    client = as_user("client1@a.test")
    month = recent_months(2)[1]
    page = page_text(client.get("/client/"))
    # The button names its month and asks before it confirms.
    assert tr("All documents for %(month)s sent", month=month) in page
    assert f"{month.month:02d}/{month.year}" in tr("All documents for %(month)s sent", month=month)
    assert 'data-confirm="' in page
    token = csrf_token(client, "/client/")
    response = client.post("/client/confirm", data={"csrf_token": token, "month": month})
    assert response.status_code == 302
    page = page_text(client.get("/client/"))
    shown = tr("Thank you: all documents for %(month)s are marked as sent.", month=month)
    assert shown in page and f"{month.month:02d}/{month.year}" in shown
    # Nothing was waiting, so the step closed.
    assert f'data-month="{month}" data-state="closed"' in page
    assert tr(PeriodState.CLOSED) in page


def test_the_owner_sees_late_statistics_and_staff_do_not(embedded, as_user, pdata):
    from intake.periods import recent_months

    month = recent_months(2)[1]
    hand_in(
        embedded, pdata["c1"], sample("ksef/*.xml").read_bytes(), "k.xml", "portal", month=month
    )
    wait_processed(embedded)
    confirm(embedded, pdata["c1"], month, "client1@a.test")
    owner = as_user("owner@a.test")
    page = page_text(owner.get(f"/owner/stats?month={month}"))
    assert "Firma Jeden" in page and "Firma Obca" not in page
    assert 'data-state="closed"' in page and tr(PeriodState.CLOSED) in page
    owner.post("/logout", data={"csrf_token": csrf_token(owner, "/owner/")})
    assert as_user("staff@a.test").get("/owner/stats").status_code == 404


def test_staff_change_a_documents_month(embedded, as_user, pdata):
    doc = hand_in(embedded, pdata["c1"], sample("ksef/*.xml").read_bytes(), "k.xml", "portal")
    wait_processed(embedded)
    staff = as_user("staff@a.test")
    token = csrf_token(staff, f"/staff/documents/{doc.document_id}")
    staff.post(
        f"/staff/documents/{doc.document_id}/month", data={"csrf_token": token, "month": "2026-03"}
    )
    listed = staff.get("/staff/documents.json").get_json()["documents"]
    assert listed[0]["month"] == "2026-03"
    page = page_text(staff.get(f"/staff/documents/{doc.document_id}"))
    before, after = tr(Note.MOVED.msgid, old="<old>", new=Month(2026, 3)).split("<old>")
    assert before in page and after in page
    assert "03/2026" in after


def test_staff_corrections_are_saved_and_marked_as_corrected(embedded, as_user, pdata):
    from intake.models import Extraction

    doc = hand_in(embedded, pdata["c1"], sample("ksef/*.xml").read_bytes(), "k.xml", "portal")
    wait_processed(embedded)
    staff = as_user("staff@a.test")
    url = f"/staff/documents/{doc.document_id}"
    token = csrf_token(staff, url)
    bad = staff.post(
        f"{url}/fields",
        data={"csrf_token": token, "gross_total": "lots", "invoice_number": "FV/9/2026"},
    )
    # The form comes back with what was typed, and the error beside the wrong field.
    assert bad.status_code == 422
    page = page_text(bad)
    assert '<div class="field wrong" data-field="gross_total"' in page
    assert tr(Problem.NOT_AN_AMOUNT, field=Field.GROSS_TOTAL, value="lots") in page
    assert 'value="lots"' in page and 'value="FV/9/2026"' in page
    staff.post(
        f"{url}/fields",
        data={
            "csrf_token": token,
            "gross_total": "1 234,5",
            "invoice_number": "FV/1/2026",
            "issue_date": "01.01.2022",
        },
    )
    with embedded.db.session() as s:
        extraction = s.query(Extraction).filter_by(document_id=doc.document_id).one()
        assert extraction.fields["gross_total"] == "1234.50"
        assert extraction.fields["issue_date"] == "2022-01-01"
        assert extraction.corrected == ["gross_total", "invoice_number", "issue_date"]
    page = page_text(staff.get(url))
    fields = [Field.INVOICE_NUMBER, Field.ISSUE_DATE, Field.GROSS_TOTAL]
    assert tr(Note.CORRECTED.msgid, fields=fields) in page
    # Shown as a Polish user writes them.
    assert 'value="1 234,50"' in page and 'value="01.01.2022"' in page


def test_a_failed_document_can_be_read_again(embedded, as_user, pdata):
    from sqlalchemy import update

    from intake.models import Document

    doc = hand_in(embedded, pdata["c1"], sample("ksef/*.xml").read_bytes(), "k.xml", "portal")
    wait_processed(embedded)
    with embedded.db.session() as s:
        s.execute(update(Document).values(status="failed", error="boom", attempts=3))
    staff = as_user("staff@a.test")
    url = f"/staff/documents/{doc.document_id}"
    assert "boom" in staff.get(url).get_data(as_text=True)
    staff.post(f"{url}/retry", data={"csrf_token": csrf_token(staff, url)})
    wait_processed(embedded)
    listed = staff.get("/staff/documents.json").get_json()["documents"]
    assert listed[0]["status"] in ("extracted", "needs_review") and listed[0]["error"] is None


def test_the_phone_page_uploads_as_mobile(embedded, as_user, pdata):
    client = as_user("client1@a.test")
    page = client.get("/client/phone").get_data(as_text=True)
    assert 'capture="environment"' in page
    data = {
        "csrf_token": csrf_token(client, "/client/phone"),
        "source": "mobile",
        "files": (io.BytesIO(sample("ksef/*.xml").read_bytes()), "photo.xml"),
    }
    client.post("/client/upload", data=data, headers={"Accept": "application/json"})
    assert client.get("/client/documents.json").get_json()["documents"][0]["source"] == "mobile"


def test_staff_see_their_offices_problem_mail_and_retry_it(embedded, as_user, pdata):
    from inbox.models import InboundEmail

    with embedded.db.session() as s:
        ours = InboundEmail(
            office_id=pdata["office_a"],
            company_id=pdata["c1"],
            account="a",
            uidvalidity=1,
            uid=1,
            sender="x@klient.pl",
            subject="Faktura [4821]",
            status="error",
            note="could not parse the message",
        )
        theirs = InboundEmail(
            office_id=pdata["office_b"],
            account="b",
            uidvalidity=1,
            uid=2,
            sender="y@obcy.pl",
            subject="Obca",
            status="error",
            note="boom",
        )
        s.add_all([ours, theirs])
        s.flush()
        ours_id, theirs_id = ours.id, theirs.id
    staff = as_user("staff@a.test")
    page = staff.get("/staff/mail").get_data(as_text=True)
    assert "could not parse the message" in page and "Firma Jeden" in page
    assert "y@obcy.pl" not in page
    token = csrf_token(staff, "/staff/mail")
    assert (
        staff.post(f"/staff/mail/{theirs_id}/retry", data={"csrf_token": token}).status_code == 404
    )
    staff.post(f"/staff/mail/{ours_id}/retry", data={"csrf_token": token})
    with embedded.db.session() as s:
        assert s.get_one(InboundEmail, ours_id).status == "received"
        assert s.get_one(InboundEmail, theirs_id).status == "error"


def test_the_owner_sets_the_office_and_company_deadlines(embedded, as_user, pdata):
    from intake.models import Company, Office

    owner = as_user("owner@a.test")
    token = csrf_token(owner, "/owner/")
    bad = {"csrf_token": token, "office": "31", f"company_{pdata['c2']}": "5"}
    refused = owner.post("/owner/deadlines", data=bad)
    assert refused.status_code == 422
    page = page_text(refused)
    assert 'data-code="deadline_day"' in page and tr(Problem.DEADLINE_DAY) in page
    assert 'value="31"' in page and 'value="5"' in page
    good = {"csrf_token": token, "office": "15", f"company_{pdata['c2']}": "5"}
    owner.post("/owner/deadlines", data=good)
    with embedded.db.session() as s:
        assert s.get_one(Office, pdata["office_a"]).deadline_day == 15
        assert s.get_one(Company, pdata["c1"]).effective_deadline_day == 15
        assert s.get_one(Company, pdata["c2"]).effective_deadline_day == 5
        assert s.get_one(Office, pdata["office_b"]).deadline_day == 10


def test_the_review_queue_goes_from_one_document_to_the_next(embedded, as_user, pdata):
    from tests.intake.test_periods import ksef_invoice

    first = hand_in(embedded, pdata["c1"], ksef_invoice("Q/1", "2026-10-01"), "q1.xml", "portal")
    second = hand_in(embedded, pdata["c2"], ksef_invoice("Q/2", "2026-10-02"), "q2.xml", "portal")
    wait_processed(embedded)
    staff = as_user("staff@a.test")
    page = staff.get("/staff/").get_data(as_text=True)
    assert 'Kolejka do weryfikacji <span class="count">2</span>' in page
    opened = staff.get("/staff/queue")
    assert opened.headers["Location"].endswith(f"/staff/documents/{first.document_id}")
    token = csrf_token(staff, f"/staff/documents/{first.document_id}")
    moved = staff.post(
        f"/staff/documents/{first.document_id}/review",
        data={"csrf_token": token, "decision": "approve"},
    )
    assert moved.headers["Location"].endswith(f"/staff/documents/{second.document_id}")
    staff.post(
        f"/staff/documents/{second.document_id}/review",
        data={"csrf_token": token, "decision": "approve"},
    )
    assert staff.get("/staff/queue").headers["Location"].endswith("/staff/")
