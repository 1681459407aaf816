"""Tell a file's type from its bytes, and its pages and pixels, without reading it."""

from __future__ import annotations

import io
import logging
import struct

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image

from ocr.errors import Reason, Rejected, describe
from ocr.ksef import NAMESPACES
from ocr.model import Inspection
from ocr.pdflock import PDFIUM

logger = logging.getLogger(__name__)

MAX_PAGES = 500  # pages of a PDF
MAX_FRAMES = 100  # frames of a TIFF or WebP
COUNT_FRAMES_TO = 1000  # frames counted for the message at most
MAX_PIXELS = 80_000_000
MAX_XML_BYTES = 10_000_000

KSEF_MARKS = tuple(ns.encode().lower() for ns in NAMESPACES)  # compared with a lowered head
HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"avif"}

# Magic numbers of files people send by mistake, with the reason a person reads.
KNOWN_OTHERS: tuple[tuple[bytes, Reason, dict[str, str]], ...] = (
    (b"PK\x03\x04", Reason.ZIP_ARCHIVE, {}),
    (b"PK\x05\x06", Reason.EMPTY_ZIP_ARCHIVE, {}),
    (b"Rar!", Reason.ARCHIVE, {"format": "RAR"}),
    (b"7z\xbc\xaf", Reason.ARCHIVE, {"format": "7-Zip"}),
    (b"\x1f\x8b", Reason.ARCHIVE, {"format": "gzip"}),
    (b"MZ", Reason.PROGRAM, {}),
    (b"\x7fELF", Reason.PROGRAM, {}),
    (b"\xd0\xcf\x11\xe0", Reason.OLD_OFFICE_DOCUMENT, {}),
    (b"GIF8", Reason.GIF_IMAGE, {}),
)


def sniff(data: bytes) -> str:
    """Return the media type the bytes hold, or raise Rejected."""
    if not data or not data.strip():
        raise Rejected(Reason.EMPTY_FILE)
    for magic, reason, params in KNOWN_OTHERS:
        if data.startswith(magic):
            raise Rejected(reason, **params)
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
        raise Rejected(Reason.HTML_PAGE)
    if head.startswith(b"<"):
        if any(mark in head for mark in KSEF_MARKS):
            return "application/xml"
        raise Rejected(Reason.NOT_KSEF_XML)
    raise Rejected(Reason.UNKNOWN_FILE_TYPE)


def inspect(data: bytes) -> Inspection:
    """Sniff the type and count pages and pixels; raise Rejected past the limits."""
    media_type = sniff(data)
    if media_type == "application/pdf":
        return Inspection(media_type, count_pdf_pages(data))
    if media_type.startswith("image/"):
        width, height, frames = image_size(data)
        return Inspection(media_type, frames, width * height)
    if len(data) > MAX_XML_BYTES:
        raise Rejected(Reason.XML_TOO_LARGE, megabytes=len(data) // 1_000_000)
    return Inspection(media_type, 1)


def count_pdf_pages(data: bytes) -> int:
    """Open a PDF without reading it and return its page count; raise Rejected."""
    if b"%%EOF" not in data[-2048:]:
        raise Rejected(Reason.PDF_TRUNCATED)
    with PDFIUM:
        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as e:
            if getattr(e, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
                raise Rejected(Reason.PDF_ENCRYPTED) from e
            raise Rejected(Reason.PDF_UNREADABLE, detail=describe(e)) from e
        try:
            pages = len(pdf)
        finally:
            pdf.close()
    if pages == 0:
        raise Rejected(Reason.PDF_NO_PAGES)
    if pages > MAX_PAGES:
        raise Rejected(Reason.PDF_TOO_MANY_PAGES, pages=pages, limit=MAX_PAGES)
    return pages


def image_size(data: bytes) -> tuple[int, int, int]:
    """Return an image's width, height and frame count from its headers; raise Rejected.

    Every frame's size is checked (up to MAX_FRAMES), never decoded: a scan of many pages
    may hide one enormous frame behind a small first one.
    """
    register_heif()
    try:
        with _open_unchecked(data) as img:
            width, height = img.size
            frames = _count_frames(img, width, height)
    except Rejected:
        raise
    except Exception as e:  # PIL raises many types for broken images
        raise Rejected(Reason.IMAGE_UNREADABLE, detail=describe(e)) from e
    if width < 16 or height < 16:
        raise Rejected(Reason.IMAGE_TOO_SMALL, width=width, height=height)
    return width, height, frames


def _count_frames(img: Image.Image, width: int, height: int) -> int:
    """Check each frame's pixels by its header and return the frame count; raise Rejected."""
    if width * height > MAX_PIXELS:
        raise Rejected(Reason.IMAGE_TOO_LARGE, width=width, height=height)
    if not getattr(img, "is_animated", False):
        return 1
    frames = 1
    while frames < COUNT_FRAMES_TO:  # headers only; past the limit, only counted
        try:
            img.seek(frames)
        except EOFError:
            break
        frames += 1
        w, h = img.size
        if frames <= MAX_FRAMES and w * h > MAX_PIXELS:
            raise Rejected(Reason.IMAGE_TOO_LARGE, width=w, height=h)
    if frames > MAX_FRAMES:
        raise Rejected(Reason.IMAGE_TOO_MANY_PAGES, pages=frames, limit=MAX_FRAMES)
    return frames


def _open_unchecked(data: bytes) -> Image.Image:
    """Open an image lazily by its format's own plugin, without Pillow's bomb check.

    Image.open raises on a large size before anyone can read that size; this project checks
    sizes itself (MAX_PIXELS) and says them in the person's words.
    """
    Image.preinit()
    head = data[:16]
    for attempt in range(2):
        for fmt in Image.ID:
            factory, accept = Image.OPEN[fmt]
            if accept is not None and not accept(head):
                continue
            try:
                return factory(io.BytesIO(data), "")
            except (SyntaxError, IndexError, TypeError, struct.error, OSError, ValueError):
                continue
        if attempt == 0 and not Image.init():
            break
    raise Rejected(Reason.IMAGE_UNREADABLE, detail="cannot identify image file")


def register_heif() -> None:
    """Teach Pillow to open HEIC photos (once)."""
    try:
        import pillow_heif
    except ImportError:  # pragma: no cover - installed with the project
        return
    if not getattr(register_heif, "done", False):
        pillow_heif.register_heif_opener()
        register_heif.done = True  # type: ignore[attr-defined]
