"""Tell a file's type from its bytes, and its pages and pixels, without reading it."""

from __future__ import annotations

import io
import logging
import warnings

import pypdfium2 as pdfium
from PIL import Image

from ocr.errors import Rejected
from ocr.model import Inspection
from ocr.pdflock import PDFIUM

logger = logging.getLogger(__name__)

MAX_PAGES = 500
MAX_PIXELS = 80_000_000
MAX_XML_BYTES = 10_000_000

KSEF_NAMESPACES = (
    b"http://crd.gov.pl/wzor/2025/06/25/13775/",
    b"http://crd.gov.pl/wzor/2023/06/29/12648/",
)
HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"avif"}

# Magic numbers of files people send by mistake, with the reason a person reads.
KNOWN_OTHERS = (
    (b"PK\x03\x04", "a ZIP archive (or an Office document); send the invoices inside it"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"Rar!", "a RAR archive; send the invoices inside it"),
    (b"7z\xbc\xaf", "a 7-Zip archive; send the invoices inside it"),
    (b"\x1f\x8b", "a gzip archive; send the invoices inside it"),
    (b"MZ", "a Windows program, not an invoice"),
    (b"\x7fELF", "a program, not an invoice"),
    (b"\xd0\xcf\x11\xe0", "an old Office document; send it as a PDF"),
    (b"GIF8", "a GIF image; send a PDF, JPEG or PNG"),
)


def sniff(data: bytes) -> str:
    """Return the media type the bytes hold, or raise Rejected."""
    if not data or not data.strip():
        raise Rejected("the file is empty")
    for magic, reason in KNOWN_OTHERS:
        if data.startswith(magic):
            raise Rejected(f"not an invoice file: {reason}")
    if b"%PDF-" in data[:1024]:
        return "application/pdf"
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "image/png"
    if data[:3] == b"\xff\xd8\xff":
        return "image/jpeg"
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return "image/tiff"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data[4:8] == b"ftyp" and data[8:12] in HEIF_BRANDS:
        return "image/heic"
    return _sniff_text(data)


def _sniff_text(data: bytes) -> str:
    """Tell KSeF XML from HTML, other XML and anything else that starts as text."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:512]:
        raise Rejected("not an invoice file: an HTML page (save the invoice as a PDF)")
    if head.startswith(b"<"):
        if any(ns.lower() in head for ns in KSEF_NAMESPACES):
            return "application/xml"
        raise Rejected("an XML file that is not a KSeF e-invoice (FA(2) or FA(3))")
    raise Rejected("not an invoice file: expected a PDF, an image (JPEG, PNG, TIFF, WebP, HEIC)")


def inspect(data: bytes) -> Inspection:
    """Sniff the type and count pages and pixels; raise Rejected past the limits."""
    media_type = sniff(data)
    if media_type == "application/pdf":
        return Inspection(media_type, count_pdf_pages(data))
    if media_type.startswith("image/"):
        width, height, frames = image_size(data)
        return Inspection(media_type, frames, width * height)
    if len(data) > MAX_XML_BYTES:
        raise Rejected(f"the XML file is {len(data) // 1_000_000} MB, too large for an invoice")
    return Inspection(media_type, 1)


def count_pdf_pages(data: bytes) -> int:
    """Open a PDF without reading it and return its page count; raise Rejected."""
    if b"%%EOF" not in data[-2048:]:
        raise Rejected("the PDF is truncated (it has no end); send the whole file again")
    with PDFIUM:
        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as e:
            if "password" in str(e).lower():
                raise Rejected("the PDF is encrypted with a password; send it unprotected") from e
            raise Rejected(f"the PDF cannot be opened: {e}") from e
        try:
            pages = len(pdf)
        finally:
            pdf.close()
    if pages == 0:
        raise Rejected("the PDF has no pages")
    if pages > MAX_PAGES:
        raise Rejected(f"the PDF has {pages} pages; at most {MAX_PAGES} are accepted")
    return pages


def image_size(data: bytes) -> tuple[int, int, int]:
    """Return an image's width, height and frame count from its header; raise Rejected."""
    register_heif()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as img:
                width, height = img.size
                frames = getattr(img, "n_frames", 1) or 1
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        raise Rejected(f"the image is too large to read ({e})") from e
    except Exception as e:  # PIL raises many types for broken images
        raise Rejected(f"the image cannot be opened: {e}") from e
    if width * height > MAX_PIXELS:
        raise Rejected(f"the image is {width} x {height} pixels, too large to read")
    if width < 16 or height < 16:
        raise Rejected(f"the image is {width} x {height} pixels, too small to read")
    if frames > MAX_PAGES:
        raise Rejected(f"the image has {frames} pages; at most {MAX_PAGES} are accepted")
    return width, height, frames


def register_heif() -> None:
    """Teach Pillow to open HEIC photos (once)."""
    try:
        import pillow_heif
    except ImportError:  # pragma: no cover - installed with the project
        return
    if not getattr(register_heif, "done", False):
        pillow_heif.register_heif_opener()
        register_heif.done = True  # type: ignore[attr-defined]
