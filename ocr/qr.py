"""KSeF numbers and the QR codes printed on KSeF invoices (docs/kody-qr.md, numer-ksef.md).

Codes are decoded with zxing-cpp from a PDF's rendered pages or from an image.

A KSeF number is `NIP-YYYYMMDD-XXXXXXXXXXXX-CC`: the seller's NIP, the day KSeF took the
invoice, 12 hex digits and a CRC-8 (polynomial 0x07, initial 0) of the 32 characters
before the last dash.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
from dataclasses import dataclass

from PIL import Image, ImageOps

KSEF_NUMBER = re.compile(r"\b([1-9]\d{9})-(20\d{2}[01]\d[0-3]\d)-([0-9A-F]{12})-([0-9A-F]{2})\b")


def crc8(data: bytes) -> int:
    """Return the CRC-8 (polynomial 0x07, initial value 0) of some bytes."""
    crc = 0
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = ((crc << 1) ^ 0x07) & 0xFF if crc & 0x80 else (crc << 1) & 0xFF
    return crc


def is_ksef_number(text: str) -> bool:
    """Tell whether a text is a KSeF number whose checksum is right."""
    if len(text) != 35 or not KSEF_NUMBER.fullmatch(text):
        return False
    return f"{crc8(text[:32].encode('ascii')):02X}" == text[33:]


def ksef_number(nip: str, day: str, technical: str) -> str:
    """Return the KSeF number of a NIP, a day (YYYYMMDD) and 12 hex digits, with its CRC."""
    data = f"{nip}-{day}-{technical.upper()}"
    return f"{data}-{crc8(data.encode('ascii')):02X}"


QR_HOSTS = {
    "qr.ksef.mf.gov.pl": "prod",
    "qr-test.ksef.mf.gov.pl": "test",
    "qr-demo.ksef.mf.gov.pl": "demo",
}
# KOD I: https://qr.ksef.mf.gov.pl/invoice/{seller NIP}/{issue date DD-MM-YYYY}/{SHA-256, Base64URL}
KOD_I = re.compile(
    r"https://(qr(?:-test|-demo)?\.ksef\.mf\.gov\.pl)/invoice/([1-9]\d{9})/"
    r"(\d{2})-(\d{2})-(\d{4})/([A-Za-z0-9_-]{43})"
)
RENDER_DPI = 200


@dataclass(frozen=True)
class KsefCode:
    """A KSeF verification code (KOD I) found on a printed invoice, and what is under it."""

    url: str
    environment: str
    seller_nip: str
    issue_date: dt.date
    invoice_hash: str  # the XML's SHA-256 in standard Base64, as KSeF's metadata writes it
    ksef_number: str | None = None  # printed under the code (an online invoice)
    offline: bool = False  # "OFFLINE" printed under it: not in KSeF yet

    def to_json(self) -> dict[str, object]:
        """Return the code's fields as plain JSON values."""
        return {
            "url": self.url,
            "environment": self.environment,
            "seller_tax_id": self.seller_nip,
            "issue_date": self.issue_date.isoformat(),
            "invoice_hash": self.invoice_hash,
            "ksef_number": self.ksef_number,
            "offline": self.offline,
        }


def parse_code(text: str, page_text: str = "") -> KsefCode | None:
    """Read a KOD I link; find the KSeF number (or OFFLINE) printed in the page's text."""
    found = KOD_I.search(text.strip())
    if found is None:
        return None
    host, nip, day, month, year, hashed = found.groups()
    try:
        issued = dt.date(int(year), int(month), int(day))
    except ValueError:
        return None
    raw = base64.urlsafe_b64decode(hashed + "=")
    number = next(
        (
            m.group(0)
            for m in KSEF_NUMBER.finditer(page_text.upper())
            if m.group(1) == nip and is_ksef_number(m.group(0))
        ),
        None,
    )
    offline = number is None and "OFFLINE" in page_text.upper()
    return KsefCode(
        found.group(0),
        QR_HOSTS[host],
        nip,
        issued,
        base64.b64encode(raw).decode("ascii"),
        number,
        offline,
    )


def page_images(data: bytes) -> list[Image.Image]:
    """Return the pages of a PDF (rendered) or the image itself, for the QR reader."""
    if data[:5] == b"%PDF-":
        import pypdfium2 as pdfium

        from ocr.errors import Rejected
        from ocr.pdflock import PDFIUM
        from ocr.scan import render_dpi

        images = []
        with PDFIUM:
            pdf = pdfium.PdfDocument(data)
            try:
                for i in range(min(len(pdf), 5)):
                    page = pdf[i]
                    try:  # a page's size is checked before it is drawn
                        width, height = page.get_size()
                        dpi = render_dpi(width, height, dpi=RENDER_DPI)
                        images.append(page.render(scale=dpi / 72, grayscale=True).to_pil())
                    except Rejected:
                        continue
                    finally:
                        page.close()
            finally:
                pdf.close()
        return [image.convert("L") for image in images]
    try:
        with Image.open(io.BytesIO(data)) as img:
            return [ImageOps.exif_transpose(img).convert("L")]
    except (OSError, ValueError):
        return []


def find_code(data: bytes, page_text: str = "") -> KsefCode | None:
    """Return the KSeF code printed on a PDF, scan or photo, or None."""
    import zxingcpp

    for image in page_images(data):
        for code in zxingcpp.read_barcodes(
            image, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
        ):
            found = parse_code(code.text, page_text)
            if found is not None:
                return found
    return None
