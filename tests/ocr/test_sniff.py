"""The type comes from the bytes, not the name: every accepted kind is told apart."""

from __future__ import annotations

import io

import pytest
from PIL import Image

import ocr
from ocr.sniff import register_heif, sniff


def image_bytes(kind: str) -> bytes:
    """Return a small white image saved in the given format."""
    register_heif()
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "white").save(out, kind)
    return out.getvalue()


@pytest.mark.parametrize(
    ("kind", "media_type"),
    [
        ("PNG", "image/png"),
        ("JPEG", "image/jpeg"),
        ("TIFF", "image/tiff"),
        ("WEBP", "image/webp"),
        ("HEIF", "image/heic"),
    ],
)
def test_an_image_is_sniffed_and_measured(kind: str, media_type: str) -> None:
    data = image_bytes(kind)
    assert sniff(data) == media_type
    info = ocr.inspect(data)
    assert (info.media_type, info.pages, info.pixels) == (media_type, 1, 64 * 48)


def test_ksef_xml_is_sniffed_with_a_byte_order_mark(realworld) -> None:
    data = b"\xef\xbb\xbf" + (realworld / "docs" / "ksef-fa3-mf01.xml").read_bytes()
    assert sniff(data) == "application/xml"
    assert ocr.extract(data).fields.invoice_number == "FV2026/02/150"


def test_a_pdf_is_counted(realworld) -> None:
    info = ocr.inspect((realworld / "docs" / "pl-ksef-fop-invoice.pdf").read_bytes())
    assert (info.media_type, info.pages) == ("application/pdf", 2)
