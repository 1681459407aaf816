"""The review desk in Debian's chromium: a right reading approved in at most three keys,
rejecting with a reason the client then reads, zoom and field boxes on a scan, words on the
page filling a field."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from intake.models import Document, Extraction
from notify.models import Notification
from tests.conftest import sample, wait_processed
from tests.intake.test_review import CLIENT_NIP, bought_by
from tests.portal.conftest import sign_in
from tests.seeding import hand_in

pytestmark = pytest.mark.browser
DESKTOP = {"width": 1440, "height": 900}


class Keys:
    """Press keys on a page and count them."""

    def __init__(self, page) -> None:
        self.page, self.count = page, 0

    def press(self, key: str) -> None:
        self.count += 1
        self.page.keyboard.press(key)


def right_readings(rt, company_id: int, count: int) -> list[int]:
    """Hand in invoices bought by the client, read with no doubt; return their ids."""
    ids = []
    for n in range(count):
        data = bought_by(CLIENT_NIP, f"OK/{n}", f"2026-10-0{n + 1}")
        ids.append(hand_in(rt, company_id, data, f"ok-{n}.xml").document_id)
    wait_processed(rt)
    return ids


def status(rt, document_id: int) -> str:
    with rt.db.session() as s:
        return s.get_one(Document, document_id).status


def test_a_right_reading_is_approved_in_at_most_three_keys(embedded, pdata, live_server, page):
    first, second, third = right_readings(embedded, pdata["c1"], 3)
    with embedded.db.session() as s:  # the third has one field the reader was unsure of
        extraction = s.query(Extraction).filter_by(document_id=third).one()
        extraction.confidence = {**extraction.confidence, "invoice_number": 0.5}
    page.set_viewport_size(DESKTOP)
    sign_in(page, live_server, "staff@a.test")
    page.goto(f"{live_server}/staff/queue")
    page.wait_for_url(f"**/staff/documents/{first}")
    keys = Keys(page)
    # Nothing to check: the focus is on Approve, and Enter approves and opens the next one.
    assert page.evaluate("document.activeElement.dataset.role") == "approve"
    keys.press("Enter")
    page.wait_for_url(f"**/staff/documents/{second}")
    assert keys.count == 1 and status(embedded, first) == "approved"
    # One key from anywhere outside a field: A.
    keys.press("a")
    page.wait_for_url(f"**/staff/documents/{third}")
    assert keys.count == 2 and status(embedded, second) == "approved"
    # The unsure field is marked (colour and icon) and has the focus first; Enter confirms it
    # and moves to Approve; Enter approves.
    unsure = page.locator('.field.unsure[data-field="invoice_number"]')
    assert unsure.locator(".mark .sr").inner_text() != ""
    assert page.evaluate("document.activeElement.id") == "f-invoice_number"
    keys.press("Enter")
    assert page.evaluate("document.activeElement.dataset.role") == "approve"
    keys.press("Enter")
    page.wait_for_url(f"**/staff/documents/{third}")  # the queue is empty: it stays
    page.wait_for_selector("h1 .status.approved")
    assert keys.count == 4 and status(embedded, third) == "approved"
    # Z takes the last approval back.
    keys.press("z")
    page.wait_for_selector("h1 .status.extracted")
    assert status(embedded, third) == "extracted"


def test_ctrl_enter_approves_from_a_field_and_keeps_what_was_typed(
    embedded, pdata, live_server, page
):
    first, second = right_readings(embedded, pdata["c1"], 2)
    page.set_viewport_size(DESKTOP)
    sign_in(page, live_server, "staff@a.test")
    page.goto(f"{live_server}/staff/documents/{first}")
    page.fill("#f-invoice_number", "OK/0-POPR")
    page.keyboard.press("Control+Enter")
    page.wait_for_url(f"**/staff/documents/{second}")
    with embedded.db.session() as s:
        doc = s.get_one(Document, first)
        assert doc.status == "approved" and doc.extraction is not None
        assert doc.extraction.fields["invoice_number"] == "OK/0-POPR"
        assert doc.extraction.corrected == ["invoice_number"]
    # "?" lists the shortcuts.
    page.keyboard.press("?")
    assert page.locator("#keys-dialog").is_visible()


def test_a_rejection_asks_for_a_reason_and_the_client_reads_it(embedded, pdata, live_server, page):
    (doc,) = right_readings(embedded, pdata["c1"], 1)
    with embedded.db.session() as s:
        from intake.models import Company
        from intake.offices import add_contact

        add_contact(s, s.get_one(Company, pdata["c1"]), "Ewa", "ewa@firma.pl", None)
    page.set_viewport_size(DESKTOP)
    sign_in(page, live_server, "staff@a.test")
    page.goto(f"{live_server}/staff/documents/{doc}")
    page.keyboard.press("r")
    assert page.evaluate("document.activeElement.name") == "reason"
    page.keyboard.type("Nieczytelna kopia, prosimy o nowy skan.")
    page.keyboard.press("Enter")
    page.wait_for_selector("h1 .status.rejected")
    wait_processed(embedded)
    with embedded.db.session() as s:
        told = s.query(Notification).filter_by(kind="document_rejected").one()
        assert told.recipient == "ewa@firma.pl" and "Nieczytelna kopia" in told.body

    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, "client1@a.test")
    for path in ("/client/", "/client/phone"):
        page.goto(f"{live_server}{path}")
        row = page.locator(f"#document-{doc}")
        assert "Nieczytelna kopia" in row.locator("[data-field=reason]").inner_text()
    page.goto(f"{live_server}/client/")
    assert "Nieczytelna kopia" in page.locator("section.notice").inner_text()


def test_a_scan_zooms_rotates_and_shows_where_each_field_was_read(
    embedded, pdata, live_server, page
):
    scan = sample("pl/fv-under-scan.jpg")
    doc = hand_in(embedded, pdata["c1"], scan.read_bytes(), scan.name).document_id
    wait_processed(embedded)
    boxes = {
        "invoice_number": {"page": 1, "box": [0.55, 0.06, 0.85, 0.09]},
        "gross_total": {"page": 1, "box": [0.70, 0.80, 0.92, 0.84]},
    }
    with embedded.db.session() as s:
        s.execute(update(Extraction).where(Extraction.document_id == doc).values(boxes=boxes))
    page.set_viewport_size(DESKTOP)
    sign_in(page, live_server, "staff@a.test")
    page.goto(f"{live_server}/staff/documents/{doc}")
    page.wait_for_function("() => document.querySelector('.sheet img').naturalWidth > 0")
    assert page.locator(".marks .box").count() == 2

    # Focusing a field lights its box and brings it into view.
    page.focus("#f-gross_total")
    box = page.locator('.marks .box[data-field="gross_total"]')
    assert "active" in (box.get_attribute("class") or "")
    inside = """([b, c]) => { const r = b.getBoundingClientRect(), v = c.getBoundingClientRect();
        return r.top >= v.top - 1 && r.bottom <= v.bottom + 1; }"""
    canvas = page.locator(".canvas")
    assert page.evaluate(inside, [box.element_handle(), canvas.element_handle()])

    def sheet():
        return page.evaluate(
            "(() => { const r = document.querySelector('.stage').getBoundingClientRect();"
            " return [r.width, r.height]; })()"
        )

    fit = sheet()
    page.click("[data-act=zoom-in]")
    zoomed = sheet()
    assert zoomed[0] == pytest.approx(fit[0] * 1.25, rel=0.02)
    assert page.locator("[data-role=zoom]").inner_text() == "125%"
    canvas.hover()
    page.mouse.wheel(0, -200)
    assert sheet()[0] > zoomed[0]
    page.click("[data-act=fit]")
    page.click("[data-act=rotate]")
    turned = sheet()  # on its side, still as wide as the view: as tall as it is narrow
    assert turned == pytest.approx([fit[0], fit[0] * fit[0] / fit[1]], rel=0.03)
    page.click("[data-act=rotate]")
    page.click("[data-act=rotate]")
    page.click("[data-act=rotate]")
    assert sheet() == pytest.approx(fit, rel=0.02)

    # A click on a word of the page puts it in the field being edited.
    page.focus("#f-invoice_number")
    word = page.locator(".marks .word").first
    word.wait_for(timeout=60_000)
    text = word.get_attribute("data-text")
    word.click()
    assert page.input_value("#f-invoice_number") == text
