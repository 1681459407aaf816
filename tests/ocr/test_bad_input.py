"""Bad input is rejected with a reason's code, in bounded time, and the batch goes on."""

from __future__ import annotations

import io
import struct
import time
import zipfile
import zlib

import pypdfium2 as pdfium
import pytest
from PIL import Image

import ocr
from ocr.cli import extract as extract_command


def small_pdf(pages: int = 1) -> bytes:
    """Return a PDF of blank pages."""
    pdf = pdfium.PdfDocument.new()
    for _ in range(pages):
        pdf.new_page(595, 842)
    out = io.BytesIO()
    pdf.save(out)
    pdf.close()
    return out.getvalue()


def encrypted_pdf() -> bytes:
    """Return a PDF whose Standard security handler needs a password nobody knows."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /Filter /Standard /V 1 /R 2 /P -44 /O <"
        + b"11" * 32
        + b"> /U <"
        + b"22" * 32
        + b"> >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 4 0 R " % (len(objects) + 1)
    out += b"/ID [<" + b"ab" * 16 + b"> <" + b"ab" * 16 + b">] >>\n"
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def huge_png(side: int = 12000) -> bytes:
    """Return a small PNG file that claims side x side pixels (a decompression bomb)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * ((side // 8 + 1) * side), 9)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


def zip_file() -> bytes:
    """Return a ZIP archive holding a PDF."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("invoice.pdf", small_pdf())
    return out.getvalue()


def xml_bomb() -> bytes:
    """Return the billion-laughs XML bomb dressed as a KSeF invoice."""
    lol = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    return (
        '<?xml version="1.0"?><!DOCTYPE Faktura [<!ENTITY l0 "lol">' + lol + "]>"
        '<Faktura xmlns="http://crd.gov.pl/wzor/2025/06/25/13775/"><Fa><P_2>&l9;</P_2></Fa>'
        "</Faktura>"
    ).encode()


BAD_INPUTS = {
    "empty": (b"", "empty_file"),
    "truncated-pdf": (small_pdf(3)[:300], "pdf_truncated"),
    "encrypted-pdf": (encrypted_pdf(), "pdf_encrypted"),
    "2000-page-pdf": (small_pdf(2000), "pdf_too_many_pages"),
    "image-bomb": (huge_png(), "image_too_large"),
    "exe-named-pdf": (b"MZ\x90\x00\x03" + b"\x00" * 200 + b"This program cannot be run", "program"),
    "html-named-jpg": (b"<!DOCTYPE html><html><body>Invoice</body></html>", "html_page"),
    "zip": (zip_file(), "zip_archive"),
    "xml-bomb": (xml_bomb(), "xml_declares_dtd"),
    "plain-text": (b"Faktura VAT nr 1/2026\nRazem 100,00", "unknown_file_type"),
    "broken-png": (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "image_unreadable"),
}


@pytest.mark.parametrize("name", list(BAD_INPUTS))
def test_bad_input_is_rejected_with_a_reason_in_bounded_time(name: str) -> None:
    data, code = BAD_INPUTS[name]
    started = time.monotonic()
    result = ocr.extract(data, name)
    assert result.status == "rejected"
    assert result.error is not None and result.error.code == code, result.error
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("name", ["truncated-pdf", "encrypted-pdf", "image-bomb", "zip"])
def test_inspect_raises_rejected_for_bad_input(name: str) -> None:
    data, code = BAD_INPUTS[name]
    with pytest.raises(ocr.Rejected) as excinfo:
        ocr.inspect(data)
    assert excinfo.value.code == code


def test_a_pdf_with_too_many_pages_says_how_many_and_the_limit() -> None:
    with pytest.raises(ocr.Rejected) as excinfo:
        ocr.inspect(BAD_INPUTS["2000-page-pdf"][0])
    assert excinfo.value.code == "pdf_too_many_pages"
    assert excinfo.value.params == {"pages": 2000, "limit": 500}


def test_a_blank_pdf_page_is_read_without_error() -> None:
    result = ocr.extract(small_pdf(1))
    assert result.status == "ok"
    assert result.fields.kind == "other"
    assert [p.code for p in result.problems] == ["kind_unknown"]  # a person must look


def test_the_command_goes_on_after_a_rejected_file(tmp_path, realworld) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(BAD_INPUTS["exe-named-pdf"][0])
    good = realworld / "docs" / "ksef-fa3-mf01.xml"
    from click.testing import CliRunner

    out = CliRunner().invoke(extract_command, [str(bad), str(good), "--json"])
    assert out.exit_code == 0, out.output
    lines = out.output.strip().splitlines()
    assert len(lines) == 2
    assert '"status": "rejected"' in lines[0]
    assert '"status": "ok"' in lines[1]


def test_a_truncated_jpeg_is_rejected_with_a_reason() -> None:
    out = io.BytesIO()
    Image.effect_noise((400, 300), 64).convert("RGB").save(out, "JPEG", quality=90)
    result = ocr.extract(out.getvalue()[: len(out.getvalue()) // 3])
    assert result.status == "rejected"
    assert result.error is not None and result.error.code == "image_unreadable"


def test_a_tiny_image_is_rejected() -> None:
    out = io.BytesIO()
    Image.new("L", (4, 4)).save(out, "PNG")
    result = ocr.extract(out.getvalue())
    assert result.status == "rejected"
    assert result.error is not None and result.error.code == "image_too_small"
    assert result.error.params == {"width": 4, "height": 4}


def test_a_pdf_pdfium_cannot_open_is_rejected() -> None:
    from ocr.pdf import text_pages

    with pytest.raises(ocr.Rejected) as excinfo:
        list(text_pages(b"%PDF-1.4 broken"))
    assert excinfo.value.code == "pdf_unreadable"
