"""Read a file into an Extraction: KSeF XML directly, PDFs by their text layer, the rest by OCR."""

from __future__ import annotations

import logging
import time
from typing import cast

from PIL import Image

from ocr import header, ksef, scan
from ocr.checks import check
from ocr.errors import Rejected
from ocr.fields import Reading, read_fields
from ocr.layout import build, is_rtl
from ocr.model import Extraction, Page
from ocr.pdf import has_text, pages_to_read, text_pages
from ocr.sniff import inspect

logger = logging.getLogger(__name__)

OCR_SCALE = 0.9  # OCR'd words are less sure than a text layer's
KEY_FIELDS = ("invoice_number", "seller_tax_id", "gross_total", "issue_date")


def extract(data: bytes, filename: str = "") -> Extraction:
    """Read one file's bytes; a file that cannot be read comes back rejected with a reason."""
    started = time.monotonic()
    try:
        result = _extract(data)
    except Rejected as e:
        result = Extraction(status="rejected", error=str(e))
    except Exception as e:  # one unreadable file must never stop a batch
        logger.exception("cannot read %s", filename or "a file")
        result = Extraction(status="rejected", error=f"the file cannot be read: {e}")
    result.elapsed_ms = int((time.monotonic() - started) * 1000)
    return result


def _extract(data: bytes) -> Extraction:
    info = inspect(data)
    result = Extraction(media_type=info.media_type, pages=info.pages)
    if info.media_type == "application/xml":
        fields, text, lines = ksef.read(data)
        result.source = "ksef-xml"
        result.fields = fields
        result.text = text
        result.confidence = {k: 1.0 for k, v in vars(fields).items() if v is not None}
        result.problems = check(fields, result.confidence, lines)
        return result
    if info.media_type == "application/pdf":
        reading, source = _read_pdf(data, info.pages)
    else:
        frames = scan.open_frames(data)
        reading = read_fields(scan.read_images(frames, scan.image_dpi(frames[0])), scale=OCR_SCALE)
        _read_dark_bands(reading, frames[0])
        source = "ocr"
    result.source = source
    result.fields = reading.fields
    result.confidence = reading.confidence
    result.problems = reading.problems
    result.text = reading.text
    return result


def _read_pdf(data: bytes, count: int) -> tuple[Reading, str]:
    """Read a PDF's text layer; OCR the pages (or the image parts of pages) it lacks."""
    numbers = pages_to_read(count)
    pages: dict[int, Page] = dict(text_pages(data, numbers))
    missing = [n for n in numbers if not has_text(pages[n])]
    scanned = len(missing) == len(numbers)
    if len(missing) > scan.OCR_PAGES:  # the first pages and the last (its totals)
        missing = missing[: scan.OCR_PAGES - 1] + missing[-1:]
    texts = {n: page for n, page in pages.items() if n not in missing and has_text(page)}
    if missing:
        pages.update(zip(missing, scan.pdf_pages(data, missing), strict=True))
    ordered = [pages[n] for n in sorted(pages) if n in texts or n in missing]
    if scanned:
        reading = read_fields(ordered, scale=OCR_SCALE)
        if reading.fields.invoice_number is None:
            _read_dark_bands(reading, next(scan.render(data, [missing[0]])))
        return reading, "ocr"
    reading = read_fields(ordered)
    # A key field missing from the text may sit in an image (a scanned seller block): OCR
    # the images where no text lies, and read again. Complete text PDFs skip this cost.
    lacking = any(getattr(reading.fields, name) is None for name in KEY_FIELDS)
    if lacking and scan.fill_image_regions(data, texts):
        reading = read_fields([pages[n] for n in sorted(pages) if n in texts or n in missing])
    return reading, "pdf-text"


def _read_dark_bands(reading: Reading, image: Image.Image) -> None:
    """Find the number (and kind) in a dark title band when the page's OCR missed them."""
    if reading.fields.invoice_number is not None:
        return
    lang = "heb+eng" if build_rtl(reading.text) else "pol+eng"
    try:
        bands = scan.dark_band_pages(image, lang)
    except Exception:
        logger.exception("cannot OCR the dark bands of a page")
        return
    if not bands:
        return
    doc = build(bands)
    number = header.read_number(doc)
    if number is None:
        return
    # read_number always returns a str value; Found.value is typed as object.
    reading.fields.invoice_number = cast(str, number.value)
    reading.confidence["invoice_number"] = round(min(number.confidence, 1.0) * OCR_SCALE, 3)
    reading.problems = [p for p in reading.problems if "invoice number" not in p]
    if header.read_kind(doc).value == "correction":
        reading.fields.kind = "correction"


def build_rtl(text: str) -> bool:
    """Tell whether a text reads right to left (mostly Hebrew)."""
    return is_rtl([text])
