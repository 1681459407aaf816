"""Read a file into an Extraction: KSeF XML directly, PDFs by their text layer, the rest by OCR."""

from __future__ import annotations

import logging
import time
from typing import cast

from PIL import Image

from ocr import header, ksef, sandbox, scan, stack
from ocr.checks import KEY_FIELDS, check
from ocr.errors import OcrError, Problem, Reason, Rejected, describe
from ocr.fields import Reading, read_fields
from ocr.layout import build, is_rtl
from ocr.model import Extraction, Page
from ocr.pdf import has_text, pages_to_read, text_pages
from ocr.recheck import second_look
from ocr.sniff import inspect

logger = logging.getLogger(__name__)

OCR_SCALE = 0.9  # OCR'd words are less sure than a text layer's


def extract(data: bytes, filename: str = "", whole: bool = False) -> Extraction:
    """Read one file's bytes; a file that cannot be read comes back rejected with a reason.

    A file of several pages is looked at for the documents it holds (Extraction.parts);
    `whole` reads it as one document without looking (a part, or one a person kept whole).

    KSeF XML is read here; PDFs and images, which must be rendered or decoded, are read in
    a child process with a memory and a time limit (ocr.sandbox), after a look at their
    headers here has refused what is plainly too large.
    """
    started = time.monotonic()
    try:
        info = inspect(data)
    except Rejected as e:
        result = Extraction(status="rejected", error=e.problem)
    else:
        try:  # XML, and a PDF whose text layer holds everything, need no rendering
            if info.media_type.startswith("image/"):
                raise NeedsRendering
            result = extract_here(data, filename, render=sandbox.inside(), whole=whole)
        except NeedsRendering:
            result = sandbox.run(data, whole=whole).result
            if result.status == "rejected" and result.error is not None:
                logger.info("%s rejected: %s", filename or "a file", result.error.code)
    result.elapsed_ms = int((time.monotonic() - started) * 1000)
    return result


class NeedsRendering(Exception):
    """Raised where reading must render or decode a page: that is done in the sandbox."""


def extract_here(
    data: bytes, filename: str = "", render: bool = True, whole: bool = False
) -> Extraction:
    """Read one file in this process (inside a sandbox child, or where no page is drawn).

    Without render, a file that needs a page drawn or an image decoded raises
    NeedsRendering before anything is drawn.
    """
    started = time.monotonic()
    try:
        result = _extract(data, render, whole)
    except NeedsRendering:
        raise
    except Rejected as e:
        result = Extraction(status="rejected", error=e.problem)
    except OcrError as e:  # tesseract failed on this file: log it, say why
        logger.exception("cannot read %s", filename or "a file")
        result = Extraction(status="rejected", error=e.problem)
    except MemoryError:  # the sandbox child says so with its limit
        raise
    except Exception as e:  # one unreadable file must never stop a batch
        logger.exception("cannot read %s", filename or "a file")
        problem = Problem(Reason.FILE_UNREADABLE, {"detail": describe(e)})
        result = Extraction(status="rejected", error=problem)
    result.elapsed_ms = int((time.monotonic() - started) * 1000)
    return result


def _extract(data: bytes, render: bool = True, whole: bool = False) -> Extraction:
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
        if not whole:
            _stack_pdf(data, info.pages, render, result)
        if result.parts:
            return result
        reading, source = _read_pdf(data, info.pages, render)
    elif not render:
        raise NeedsRendering
    else:
        if info.pages > 1 and not whole:
            parts = stack.ranges(stack.frame_pages(data), info.pages, stack.STACK_SECONDS)
            if len(parts) > 1:
                result.parts, result.source = parts, "ocr"
                return result
        frames = scan.open_frames(data)
        pages = scan.read_images(frames, scan.image_dpi(frames[0]))
        reading = read_fields(pages, scale=OCR_SCALE)
        second_look(reading, pages)
        _read_dark_bands(reading, frames[0])
        source = "ocr"
    result.source = source
    result.fields = reading.fields
    result.confidence = reading.confidence
    result.problems = reading.problems
    result.text = reading.text
    return result


def _stack_pdf(data: bytes, count: int, render: bool, result: Extraction) -> None:
    """Look at each page of a PDF of several for the documents it holds (result.parts).

    Text pages are read from their text layer; of scanned pages only the head and the
    foot are OCR'd, where a header and a page mark are. Pages past stack.STACK_PAGES, or
    scanned ones not looked at within stack.STACK_SECONDS, continue the last document.
    """
    if count < 2:
        return
    pages = dict(text_pages(data, list(range(min(count, stack.STACK_PAGES)))))
    missing = [n for n, page in pages.items() if not has_text(page)]
    if missing and not render:
        scan.check_sizes(data, missing)
        raise NeedsRendering
    scanned = stack.scanned_pdf_pages(data, missing)
    try:
        looked = (next(scanned) if n in missing else pages[n] for n in sorted(pages))
        parts = stack.ranges(looked, count, stack.STACK_SECONDS if missing else None)
    finally:
        scanned.close()  # a first page that settles it leaves the others undrawn
    if len(parts) > 1:
        result.parts, result.source = parts, "ocr" if missing else "pdf-text"


def _read_pdf(data: bytes, count: int, render: bool = True) -> tuple[Reading, str]:
    """Read a PDF's text layer; OCR the pages (or the image parts of pages) it lacks."""
    numbers = pages_to_read(count)
    pages: dict[int, Page] = dict(text_pages(data, numbers))
    missing = [n for n in numbers if not has_text(pages[n])]
    if missing and not render:
        scan.check_sizes(data, missing)  # a page too large is refused here, before a child
        raise NeedsRendering
    scanned = len(missing) == len(numbers)
    if len(missing) > scan.OCR_PAGES:  # the first pages and the last (its totals)
        missing = missing[: scan.OCR_PAGES - 1] + missing[-1:]
    texts = {n: page for n, page in pages.items() if n not in missing and has_text(page)}
    if missing:
        pages.update(zip(missing, scan.pdf_pages(data, missing), strict=True))
    ordered = [pages[n] for n in sorted(pages) if n in texts or n in missing]
    if scanned:
        reading = read_fields(ordered, scale=OCR_SCALE)
        second_look(reading, ordered)
        if reading.fields.invoice_number is None:
            _read_dark_bands(reading, next(scan.render(data, [missing[0]])))
        return reading, "ocr"
    reading = read_fields(ordered)
    # A key field missing from the text may sit in an image (a scanned seller block): OCR
    # the images where no text lies, and read again. Complete text PDFs skip this cost.
    lacking = any(getattr(reading.fields, name) is None for name in KEY_FIELDS)
    if lacking and not render and scan.has_image_regions(data, texts):
        raise NeedsRendering
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
    reading.problems = [
        p for p in reading.problems if p.reason is not Reason.INVOICE_NUMBER_MISSING
    ]
    kind = header.read_kind(doc)
    if kind is not None and kind.value == "correction":
        reading.fields.kind = "correction"


def build_rtl(text: str) -> bool:
    """Tell whether a text reads right to left (mostly Hebrew)."""
    return is_rtl([text])
