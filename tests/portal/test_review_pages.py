"""The review page's server side: pages rendered and cached, words with their boxes, fields
marked for the reviewer, boxes from the reader, a probable duplicate beside its original,
an approved document read-only until reopened, one's approval undone."""

from __future__ import annotations

import io
import re

from PIL import Image
from sqlalchemy import update

from intake.models import Document, Extraction
from portal import pages
from tests.conftest import sample, wait_processed
from tests.intake.test_review import CLIENT_NIP, bought_by
from tests.portal.conftest import csrf_token, page_text, tr
from tests.seeding import hand_in


def test_a_pdf_page_is_rendered_once_and_its_words_come_with_boxes(embedded, as_user, pdata):
    pdf = sample("pl/fv-classic-pdf.pdf")
    doc = hand_in(embedded, pdata["c1"], pdf.read_bytes(), pdf.name).document_id
    wait_processed(embedded)
    staff = as_user("staff@a.test")
    shown = staff.get(f"/staff/documents/{doc}/page?n=1")
    assert shown.status_code == 200 and shown.mimetype == "image/webp"
    assert shown.headers["Cache-Control"] == "no-store"  # private: kept in storage, not browsers
    image = Image.open(io.BytesIO(shown.data))
    assert image.width == pages.WIDTH and image.height > image.width  # an A4 page, upright
    with embedded.db.session() as s:
        row = s.get_one(Document, doc)
        assert embedded.storage.exists(pages._key(row, 1, "webp"))  # kept for the next time
    assert staff.get(f"/staff/documents/{doc}/page?n=2").status_code == 404
    words = staff.get(f"/staff/documents/{doc}/words?n=1").get_json()["words"]
    assert len(words) > 20
    assert all(
        0 <= w["box"][0] < w["box"][2] <= 1 and 0 <= w["box"][1] < w["box"][3] <= 1 for w in words
    )
    assert any(re.search(r"\d{10}", w["text"]) for w in words)  # a tax id, as printed


def test_fields_to_check_are_marked_and_the_readers_boxes_are_on_the_page(embedded, as_user, pdata):
    data = bought_by("2562212234", "M/1")  # the buyer is not the client: a check fails
    doc = hand_in(embedded, pdata["c1"], data, "m.xml").document_id
    wait_processed(embedded)
    with embedded.db.session() as s:
        s.execute(
            update(Extraction)
            .where(Extraction.document_id == doc)
            .values(
                confidence={"invoice_number": 0.5, "gross_total": 0.99},
                boxes={
                    "invoice_number": {"page": 1, "box": [0.62, 0.08, 0.81, 0.10]},
                    "gross_total": {"page": 2, "box": [2, 0, 0, 0]},  # nonsense: left out
                },
            )
        )
    staff = as_user("staff@a.test")
    page = page_text(staff.get(f"/staff/documents/{doc}"))
    assert '<div class="field unsure" data-field="invoice_number" data-attention' in page
    assert 'data-box-page="1" data-box="0.62 0.08 0.81 0.1"' in page
    assert '<div class="field failing" data-field="buyer_tax_id" data-attention' in page
    assert tr("check failed") in page and tr("unsure reading") in page
    assert 'data-field="gross_total">' in page and 'data-box-page="2"' not in page


def test_a_probable_duplicate_is_shown_beside_the_earlier_document(embedded, as_user, pdata):
    first = hand_in(embedded, pdata["c1"], bought_by(CLIENT_NIP, "D/1"), "d1.xml").document_id
    wait_processed(embedded)
    again = bought_by(CLIENT_NIP, "D/1").replace(b"<P_2>", b"\n<P_2>")
    later = hand_in(embedded, pdata["c1"], again, "d1-again.xml").document_id
    wait_processed(embedded)
    staff = as_user("staff@a.test")
    page = page_text(staff.get(f"/staff/documents/{later}"))
    assert tr("Probably the same as document") in page and f"#{first}" in page
    assert 'class="kv compare-table"' in page and page.count(">D/1<") >= 2


def test_approved_is_read_only_until_reopened_and_an_approval_can_be_undone(
    embedded, as_user, pdata
):
    first = hand_in(embedded, pdata["c1"], bought_by(CLIENT_NIP, "U/1"), "u1.xml").document_id
    second = hand_in(embedded, pdata["c1"], bought_by(CLIENT_NIP, "U/2"), "u2.xml").document_id
    wait_processed(embedded)
    staff = as_user("staff@a.test")
    url = f"/staff/documents/{first}"
    token = csrf_token(staff, url)
    moved = staff.post(f"{url}/review", data={"csrf_token": token, "decision": "approve"})
    assert moved.headers["Location"].endswith(f"/staff/documents/{second}")
    # The next page offers to undo it.
    assert f'action="/staff/documents/{first}/undo"' in page_text(
        staff.get(moved.headers["Location"])
    )
    page = page_text(staff.get(url))
    assert "<fieldset disabled>" in page and tr("Reopen…") in page
    refused = staff.post(f"{url}/fields", data={"csrf_token": token, "invoice_number": "X"})
    assert tr("An approved document is read-only: reopen it first, with a reason.") in page_text(
        staff.get(refused.headers["Location"])
    )
    staff.post(f"{url}/undo", data={"csrf_token": token})
    with embedded.db.session() as s:
        assert s.get_one(Document, first).status == "extracted"
    staff.post(f"{url}/review", data={"csrf_token": token, "decision": "approve"})
    staff.post(f"{url}/reopen", data={"csrf_token": token, "reason": ""})
    with embedded.db.session() as s:
        assert s.get_one(Document, first).status == "approved"  # no reason, no reopening
    staff.post(f"{url}/reopen", data={"csrf_token": token, "reason": "zła kwota"})
    with embedded.db.session() as s:
        assert s.get_one(Document, first).status == "needs_review"
    assert "zła kwota" in page_text(staff.get(url))
