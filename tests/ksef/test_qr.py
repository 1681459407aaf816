"""A printed KSeF invoice: its code is read from a PDF, a scan and a photo, and becomes exact."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import json
import random

import numpy
import pytest
import zxingcpp
from click.testing import CliRunner
from PIL import Image, ImageDraw, ImageFont
from sqlalchemy import select

from intake.cli import cli
from intake.models import Document
from ksef.crypto import sha256_b64
from ksef.models import KsefInvoice
from ocr.qr import find_code, parse_code
from samples import degrade, layouts
from samples.invoice import random_invoice
from samples.ksef import render
from tests.conftest import wait_processed
from tests.ksef.conftest import OFFICE_NIP, REAL_BUYER, differences
from tests.seeding import hand_in

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def test_the_ministrys_example_link_is_read():
    url = "https://qr-test.ksef.mf.gov.pl/invoice/1111111111/01-02-2026/UtQp9Gpc51y-u3xApZjIjgkpZ01js-J8KflSPW8WzIE"
    code = parse_code(url, "OFFLINE")
    assert code is not None and code.environment == "test" and code.offline
    assert code.seller_nip == "1111111111" and code.issue_date == dt.date(2026, 2, 1)
    raw = base64.urlsafe_b64decode("UtQp9Gpc51y-u3xApZjIjgkpZ01js-J8KflSPW8WzIE=")
    assert base64.b64decode(code.invoice_hash) == raw


def visualisation(inv, xml: bytes, number: str, rng: random.Random) -> Image.Image:  # type: ignore[no-untyped-def]
    """Return a KSeF visualisation's first page: the invoice, KOD I and its number under it."""
    page = degrade.pages(layouts.render(inv, "classic", rng), 200)[0].convert("RGB")
    hashed = base64.urlsafe_b64encode(hashlib.sha256(xml).digest()).decode().rstrip("=")
    url = (
        f"https://qr-test.ksef.mf.gov.pl/invoice/{inv.seller.tax_id}/{inv.issue:%d-%m-%Y}/{hashed}"
    )
    code = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode).to_image(scale=7)
    qr = Image.fromarray(numpy.array(code)).convert("RGB")
    x, y = page.width - qr.width - 120, page.height - qr.height - 220
    page.paste(qr, (x, y))
    ImageDraw.Draw(page).text(
        (x - 60, y + qr.height + 12), number, fill="black", font=ImageFont.truetype(FONT, 30)
    )
    return page


@pytest.fixture
def printed(office):  # type: ignore[no-untyped-def]
    """An invoice in KSeF, and its printed, scanned and photographed visualisation."""
    rng = random.Random(42)
    inv = random_invoice(rng, "pl", 2, start=dt.date(2026, 2, 2))
    inv.buyer.tax_id = REAL_BUYER
    xml = render(inv, rng)
    stored = office.server.add(xml, dt.datetime(2026, 3, 9, tzinfo=dt.UTC))
    page = visualisation(inv, xml, stored.number, rng)
    pdf = io.BytesIO()
    page.save(pdf, "PDF", resolution=200)
    files = {
        "pdf": pdf.getvalue(),
        "scan": degrade.jpeg(degrade.scan(page.convert("L"), rng), 70, 300),
        "photo": degrade.jpeg(degrade.photo(page, rng), 80),
    }
    return inv, xml, stored, files


def test_the_code_is_read_from_a_pdf_a_scan_and_a_photo(printed):
    inv, xml, stored, files = printed
    for name, data in files.items():
        code = find_code(data, stored.number)
        assert code is not None, name
        assert code.invoice_hash == sha256_b64(xml) and code.seller_nip == inv.seller.tax_id
        assert code.ksef_number == stored.number


def test_a_photographed_ksef_invoice_is_read_exactly_where_the_office_has_access(office, printed):
    inv, _xml, stored, files = printed
    office.server.grant(REAL_BUYER, OFFICE_NIP)
    office.use_certificate()
    office.rt.start_worker()
    done = hand_in(office.rt, office.ids["real"], files["photo"], "faktura.jpg", "mobile")
    wait_processed(office.rt)
    wait_processed(office.rt)
    with office.rt.db.session() as s:
        doc = s.get_one(Document, done.document_id)
        assert doc.extraction.source == "ksef-xml" and doc.media_type == "image/jpeg"
        truth = inv.truth("ksef-xml", "x", "ksef")
        assert differences(doc.extraction.fields, truth) == {}
        row = s.scalars(select(KsefInvoice)).one()
        assert row.document_id == doc.id and row.ksef_number == stored.number


def test_intake_extract_reports_the_code_without_ksef_access(printed, tmp_path):
    inv, xml, _stored, files = printed
    path = tmp_path / "scan.jpg"
    path.write_bytes(files["scan"])
    done = CliRunner().invoke(cli, ["extract", str(path), "--json"])
    row = json.loads(done.output)
    assert row["ksef_qr"]["invoice_hash"] == sha256_b64(xml)
    assert row["ksef_qr"]["seller_tax_id"] == inv.seller.tax_id
