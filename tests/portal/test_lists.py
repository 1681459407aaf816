"""The staff's document list at scale: search, filters, kept filters, bulk actions, pages."""

from __future__ import annotations

import re

from sqlalchemy import insert, update

from intake.models import Document, DocumentSearch, Extraction
from intake.month import Month
from tests.conftest import wait_processed
from tests.intake.test_review import CLIENT_NIP, bought_by
from tests.portal.conftest import csrf_token, page_text, tr
from tests.seeding import hand_in


def listed(client, **args) -> list[int]:
    """Return the ids the list shows for a query, in its order."""
    html = client.get("/staff/", query_string=args).get_data(as_text=True)
    return [int(i) for i in re.findall(r'<tr data-id="(\d+)"', html)]


def seed(rt, ids) -> dict[str, int]:
    a = hand_in(rt, ids["c1"], bought_by(CLIENT_NIP, "FV/7/2026", "2026-10-03"), "a.xml")
    b = hand_in(rt, ids["c2"], bought_by("2562212234", "ZX/9", "2026-09-20"), "b.xml", "email")
    c = hand_in(rt, ids["c3"], bought_by(CLIENT_NIP, "FV/7/2026", "2026-10-03"), "obcy.xml")
    wait_processed(rt)
    with rt.db.session() as s:  # a is read with one unsure field
        s.execute(
            update(DocumentSearch)
            .where(DocumentSearch.document_id == a.document_id)
            .values(min_confidence=0.5)
        )
    return {"a": a.document_id, "b": b.document_id, "foreign": c.document_id}


def test_search_and_filters_narrow_the_list(embedded, as_user, pdata):
    docs = seed(embedded, pdata)
    a, b = docs["a"], docs["b"]
    staff = as_user("staff@a.test")
    assert listed(staff) == [b, a]  # newest first; office B's document is never listed
    assert listed(staff, q="fv/7/2026") == [a]
    assert listed(staff, q="zx") == [b]
    assert listed(staff, q="nothing-like-this") == []
    assert listed(staff, company=pdata["c2"]) == [b]
    assert listed(staff, month="10/2026") == [a]
    assert listed(staff, status="needs_review") == [b]  # its buyer is not the client
    assert listed(staff, status="to_review") == [b, a]
    assert listed(staff, source="email") == [b]
    assert listed(staff, confidence="1") == [a]
    assert listed(staff, checks="1") == [b]
    assert listed(staff, order="deadline") == [b, a]  # September's deadline comes first
    page = page_text(staff.get("/staff/", query_string={"q": "zzz"}))
    assert tr("No documents found.") in page
    # The live statuses follow the same query.
    json = staff.get("/staff/documents.json", query_string={"q": "zx"}).get_json()
    assert [d["id"] for d in json["documents"]] == [b]


def test_a_long_list_comes_in_pages(embedded, as_user, pdata):
    with embedded.db.session() as s:
        s.execute(
            insert(Document),
            [
                {
                    "office_id": pdata["office_a"],
                    "company_id": pdata["c1"],
                    "month": Month(2026, 10),
                    "source": "portal",
                    "filename": f"f{n}.pdf",
                    "media_type": "application/pdf",
                    "size": 1,
                    "sha256": f"{n:064d}",
                    "storage_key": f"k{n}",
                    "status": "approved",
                }
                for n in range(120)
            ],
        )
    staff = as_user("staff@a.test")
    first, third = listed(staff), listed(staff, page=3)
    assert len(first) == 50 and len(third) == 20 and not set(first) & set(third)
    page = page_text(staff.get("/staff/"))
    assert tr("page %(page)s of %(pages)s", page=1, pages=3) in page
    assert 'href="/staff/?page=2"' in page


def test_kept_filters_belong_to_their_person(embedded, as_user, pdata, client):
    seed(embedded, pdata)
    staff = as_user("staff@a.test")
    token = csrf_token(staff, "/staff/")
    back = "q=zx&status=needs_review"
    staff.post("/staff/filters", data={"csrf_token": token, "name": "Pilne ZX", "back": back})
    page = page_text(staff.get("/staff/"))
    assert "Pilne ZX" in page and "/staff/?q=zx&status=needs_review" in page
    # Nothing to keep without a filter, or without a name.
    refused = staff.post(
        "/staff/filters", data={"csrf_token": token, "name": "x", "back": ""}, follow_redirects=True
    )
    assert tr("Choose some filters and give them a name to keep them.") in page_text(refused)
    staff.post("/logout", data={"csrf_token": token})
    owner = as_user("owner@a.test")
    assert "Pilne ZX" not in page_text(owner.get("/staff/"))
    owner.post("/logout", data={"csrf_token": csrf_token(owner, "/staff/")})
    staff = as_user("staff@a.test")
    token = csrf_token(staff, "/staff/")
    staff.post(
        "/staff/filters",
        data={"csrf_token": token, "name": "Pilne ZX", "action": "delete", "back": back},
    )
    assert "Pilne ZX" not in page_text(staff.get("/staff/"))


def test_bulk_actions_work_on_the_ticked_documents_of_ones_office(embedded, as_user, pdata):
    docs = seed(embedded, pdata)
    staff = as_user("staff@a.test")
    token = csrf_token(staff, "/staff/")

    def bulk(action: str, ids: list[int], **extra: str):
        data = {"csrf_token": token, "action": action, "ids": [str(i) for i in ids], **extra}
        return page_text(staff.post("/staff/bulk", data=data, follow_redirects=True))

    page = bulk("reject", [docs["a"], docs["b"]])  # no reason: nothing happens
    assert tr("A rejection needs a reason.") in page
    bulk("move", [docs["b"]], month="10/2026")
    bulk("approve", [docs["a"], docs["b"], docs["foreign"]])
    with embedded.db.session() as s:
        assert s.get_one(Document, docs["a"]).status == "approved"
        b = s.get_one(Document, docs["b"])
        assert b.status == "approved" and b.month == Month(2026, 10)
        assert s.get_one(Document, docs["foreign"]).status != "approved"
        assert s.get_one(Extraction, b.extraction.id).fields["invoice_number"] == "ZX/9"
