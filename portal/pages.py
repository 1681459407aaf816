"""A document's pages as images for the review page, and the words on them.

PDFs are rendered by PDFium on the server (under ocr's one PDFium lock), scans and photos
are turned upright by their EXIF orientation; every page becomes a WebP image of one width
that the browser zooms. Rendered pages and their words are kept in storage beside the
file, under keys derived from its sha256, so each page is rendered once per file.

Words carry boxes as fractions of the page (like the reader's field boxes): a PDF's from
its text layer, an image's from tesseract run on the page as it is shown.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import subprocess

import pypdfium2 as pdfium
from PIL import Image, ImageOps

from intake.errors import NotFound
from intake.models import Document
from intake.storage import Storage
from ocr.pdf import text_pages
from ocr.pdflock import PDFIUM
from ocr.sniff import register_heif

logger = logging.getLogger(__name__)

WIDTH = 1600  # pixels across a rendered page: crisp at 200% on a laptop, ~150-300 kB
QUALITY = 82
OCR_TIMEOUT = 60
IMAGE_TYPES = ("image/png", "image/jpeg", "image/webp", "image/tiff", "image/heic", "image/heif")
# The file types whose pages can be shown.
SHOWN = ("application/pdf", *IMAGE_TYPES)


def can_show(doc: Document) -> bool:
    """Tell whether a document has pages to show (a PDF, a scan or a photo)."""
    return doc.media_type in SHOWN


def page_count(doc: Document) -> int:
    """Return how many pages the viewer offers."""
    return max(1, doc.pages or 1) if can_show(doc) else 0


def _key(doc: Document, number: int, what: str) -> str:
    return f"pages/{doc.sha256[:2]}/{doc.sha256}/{number}-{WIDTH}.{what}"


def _check(doc: Document, number: int) -> None:
    if not can_show(doc) or not 1 <= number <= page_count(doc):
        raise NotFound(f"page {number} of document {doc.id}")


def page_image(storage: Storage, doc: Document, number: int) -> bytes:
    """Return page `number` (1-based) of a document as WebP, rendering it the first time."""
    _check(doc, number)
    key = _key(doc, number, "webp")
    if storage.exists(key):
        return storage.get(key)
    image = render(storage.get(doc.storage_key), doc.media_type, number)
    buf = io.BytesIO()
    image.save(buf, "WEBP", quality=QUALITY, method=4)
    data = buf.getvalue()
    storage.put(key, data, "image/webp")
    return data


def render(data: bytes, media_type: str, number: int, width: int = WIDTH) -> Image.Image:
    """Return one page of a file as an RGB image `width` pixels wide."""
    if media_type == "application/pdf":
        with PDFIUM:
            pdf = pdfium.PdfDocument(data)
            try:
                page = pdf[number - 1]
                try:
                    scale = width / page.get_width()
                    image = page.render(scale=scale).to_pil().convert("RGB")
                finally:
                    page.close()
            finally:
                pdf.close()
        return image
    return _frame(data, number, width)


def _frame(data: bytes, number: int, width: int) -> Image.Image:
    """Return an image file's frame turned upright and scaled to a width (never enlarged)."""
    register_heif()
    with Image.open(io.BytesIO(data)) as img:
        img.seek(min(number, getattr(img, "n_frames", 1)) - 1)
        frame = ImageOps.exif_transpose(img.copy()) or img.copy()
    frame = frame.convert("RGB")
    if frame.width > width:
        height = round(frame.height * width / frame.width)
        frame = frame.resize((width, height), Image.Resampling.LANCZOS)
    return frame


def page_words(storage: Storage, doc: Document, number: int, lang: str) -> list[dict]:
    """Return the words on a page with boxes as fractions of it, reading them the first time."""
    _check(doc, number)
    key = _key(doc, number, "words.json")
    if storage.exists(key):
        return json.loads(storage.get(key))
    data = storage.get(doc.storage_key)
    words = _text_layer_words(data, number) if doc.media_type == "application/pdf" else []
    if not words:
        words = _ocr_words(render(data, doc.media_type, number), lang)
    storage.put(key, json.dumps(words).encode(), "application/json")
    return words


def _text_layer_words(data: bytes, number: int) -> list[dict]:
    """Return the words of a PDF page's text layer (none on a scanned page)."""
    for _, page in text_pages(data, [number - 1]):
        return [
            _word(
                w.text,
                w.x0 / page.width,
                w.top / page.height,
                w.x1 / page.width,
                w.bottom / page.height,
            )
            for w in page.words
        ]
    return []


def _ocr_words(image: Image.Image, lang: str) -> list[dict]:
    """Return the words tesseract finds on a page image (empty when it cannot run)."""
    buf = io.BytesIO()
    image.convert("L").save(buf, "PNG", compress_level=1)
    cmd = ["tesseract", "stdin", "stdout", "-l", lang, "--psm", "3", "tsv"]
    try:
        done = subprocess.run(
            cmd, input=buf.getvalue(), capture_output=True, timeout=OCR_TIMEOUT, check=True
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError):
        logger.warning("tesseract could not read a page for the review page", exc_info=True)
        return []
    words = []
    rows = csv.DictReader(
        io.StringIO(done.stdout.decode("utf-8", "replace")),
        delimiter="\t",
        quoting=csv.QUOTE_NONE,
    )
    for row in rows:
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        x, y = int(row["left"]) / image.width, int(row["top"]) / image.height
        w, h = int(row["width"]) / image.width, int(row["height"]) / image.height
        words.append(_word(text, x, y, x + w, y + h))
    return words


def _word(text: str, x0: float, top: float, x1: float, bottom: float) -> dict:
    return {"text": text, "box": [round(min(max(v, 0.0), 1.0), 4) for v in (x0, top, x1, bottom)]}
