"""Tell the invoices of a stack scanned into one file apart, and cut the file into them.

Every page is looked at alone: its page mark ("Strona 1 z 3", "Page 2 of 2", "עמוד 1 מתוך 2"),
and the invoice number and seller tax id read from it. A page starts a new document when
it says it is page 1, or when it carries an invoice number (or a seller) other than the
document it would join; a page that says it is page 2 or later, or carries no header of
its own, continues the one before. One multi-page invoice is never split: its later pages
either repeat its number and seller or carry none.
"""

from __future__ import annotations

import io
import logging
import re
import time
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass

import pypdfium2 as pdfium
from PIL import Image, TiffImagePlugin

from ocr import sandbox, scan, tesseract
from ocr.errors import Reason, Rejected
from ocr.fields import read_fields
from ocr.model import Page, Word
from ocr.pdflock import PDFIUM
from ocr.sniff import MAX_FRAMES, inspect
from ocr.text import fold

logger = logging.getLogger(__name__)

# Pages looked at for a split, text or scanned: as many as an image may have frames. Of a
# longer PDF, the pages after these continue the last document found (a person can change
# the split). A scanned page costs an OCR of its foot and, unless the foot says it is page
# 2 or later, of its head (HEAD, FOOT), never of the whole page; scanned pages are looked at
# for STACK_SECONDS at most, so that the look leaves the reading its time (ocr.sandbox).
STACK_PAGES = MAX_FRAMES
STACK_SECONDS = 60.0
MARK_DPI = 200  # enough for a number, a tax id and a page mark
HEAD, FOOT = (0.0, 0.4), (0.88, 1.0)  # the parts of a scanned page read for its mark

_PAGE_OF = re.compile(
    r"(?:\bstrona|\bstr\.|\bpage|\bp\.|עמוד)\s*(\d{1,3})\s*(?:z|ze|of|/|מתוך)\s*(\d{1,3})\b"
)
_PAGE_ALONE = re.compile(r"(?:\bstrona|\bpage|עמוד)(?:\s*:\s*|\s+)(\d{1,3})\b(?!\s*[.,/-]\s*\d)")


@dataclass(frozen=True)
class PageMark:
    """What one page says about where it belongs."""

    number: int | None = None  # "page N", as printed
    of: int | None = None  # "of M", as printed
    invoice_number: str | None = None
    seller_tax_id: str | None = None


def page_mark(text: str) -> tuple[int | None, int | None]:
    """Return the page number a page prints of itself and of how many, where it says so."""
    folded = fold(text)
    found = _PAGE_OF.search(folded)
    if found:
        number, of = int(found[1]), int(found[2])
        return (number, of) if 1 <= number <= of else (None, None)
    alone = _PAGE_ALONE.search(folded)
    if alone and int(alone[1]) >= 1:
        return int(alone[1]), None
    return None, None


def mark(page: Page) -> PageMark:
    """Read one page's mark: its page number and the invoice header it carries, if any."""
    text = " ".join(w.text for w in page.words)
    number, of = page_mark(text)
    if not page.words:
        return PageMark()
    fields = read_fields([page]).fields
    return PageMark(number, of, _norm(fields.invoice_number), fields.seller_tax_id)


def _norm(number: str | None) -> str | None:
    return re.sub(r"[^0-9a-z]", "", fold(number)) or None if number else None


def split(marks: list[PageMark]) -> list[tuple[int, int]]:
    """Return the documents of a file as (first page, last page), 1-based and inclusive.

    A page mark decides when it can be believed: "page 1", or "page N" right after "page
    N-1" (or after a page without one). A mark out of that order was misread, or a new
    document's: the page's header decides, as on a page without a mark.
    """
    parts: list[tuple[int, int]] = []
    number = seller = None
    last: int | None = None  # the page number the page before printed
    for index, page in enumerate(marks, start=1):
        if page.number is not None and (page.number == 1 or last in (None, page.number - 1)):
            starts = page.number == 1  # "page 1" starts one, "page 2" never does
        else:
            other_number = bool(page.invoice_number and number and page.invoice_number != number)
            other_seller = bool(page.seller_tax_id and seller and page.seller_tax_id != seller)
            starts = other_number or other_seller
        starts = starts or not parts
        if starts and parts:
            parts[-1] = (parts[-1][0], index - 1)
        if starts:
            parts.append((index, index))
            number = seller = None
        parts[-1] = (parts[-1][0], index)
        number = page.invoice_number or number
        seller = page.seller_tax_id or seller
        last = page.number
    return parts


def ranges(
    pages: Iterable[Page], count: int, seconds: float | None = None
) -> list[tuple[int, int]]:
    """Return the documents of a file of `count` pages, from its first pages' words.

    Pages are looked at as they come: a first page that says it is page 1 of `count`
    settles it, and the pages after it are never read. Pages not looked at within
    `seconds` (or not given) continue the last document.
    """
    deadline = time.monotonic() + seconds if seconds is not None else None
    marks = []
    for page in pages:
        marks.append(mark(page))
        if len(marks) == 1 and marks[0].number == 1 and marks[0].of == count:
            return [(1, count)]
        if deadline is not None and time.monotonic() > deadline and len(marks) < count:
            logger.info("stack: %d of %d pages looked at in %.0f s", len(marks), count, seconds)
            break
    parts = split(marks)
    if parts and parts[-1][1] < count:
        parts[-1] = (parts[-1][0], count)
    return parts


def strips(image: Image.Image, langs: list[str] | None = None, after: int | None = None) -> Page:
    """OCR a scanned page's foot, and its head unless the foot says it is page `after` + 1.

    The page is read in the first of `langs` (Polish and English, then Hebrew); when that
    reading shows neither a page mark nor a header, in the next. The language that told
    something is moved to the front of `langs`, so a stack's next pages are read in it.
    """
    langs = langs if langs is not None else [tesseract.LATIN, tesseract.HEBREW]
    gray = image.convert("L")
    first = None
    for lang in list(langs):
        page = _strips_in(gray, lang, after)
        if _tells(mark(page)):
            langs.remove(lang)
            langs.insert(0, lang)
            return page
        first = first or page
    assert first is not None
    return first


def _strips_in(gray: Image.Image, lang: str, after: int | None) -> Page:
    width, height = gray.size
    foot = _strip(gray, FOOT, lang)
    number, _ = page_mark(" ".join(w.text for w in foot))
    later = after is not None and number == after + 1  # its header only repeats the first's
    head = [] if later else _strip(gray, HEAD, lang)
    return Page(width=width, height=height, words=head + foot)


class Looker:
    """Read the marks of a stack's scanned pages in turn: its language, its last page number."""

    def __init__(self) -> None:
        self.langs = [tesseract.LATIN, tesseract.HEBREW]
        self.last: int | None = None

    def look(self, image: Image.Image) -> Page:
        """Return the head and foot of the next page."""
        page = strips(image, self.langs, self.last)
        self.last = page_mark(" ".join(w.text for w in page.words))[0]
        return page


def _strip(gray: Image.Image, part: tuple[float, float], lang: str) -> list[Word]:
    """Return the words of a horizontal strip of a page, placed on the page."""
    y0, y1 = int(gray.height * part[0]), int(gray.height * part[1])
    words = tesseract.ocr(gray.crop((0, y0, gray.width, y1)), lang).words
    return [Word(w.text, w.x0, w.top + y0, w.x1, w.bottom + y0, w.conf) for w in words]


def _tells(found: PageMark) -> bool:
    return any(v is not None for v in (found.number, found.invoice_number, found.seller_tax_id))


def scanned_pdf_pages(data: bytes, numbers: list[int]) -> Generator[Page, None, None]:
    """Yield the heads and feet of scanned PDF pages, drawn one at a time."""
    looker = Looker()
    for image in scan.render(data, numbers, dpi=MARK_DPI):
        yield looker.look(image)


def frame_pages(data: bytes, limit: int = STACK_PAGES) -> Iterator[Page]:
    """Yield the heads and feet of an image file's first frames, decoded one at a time."""
    looker = Looker()
    with Image.open(io.BytesIO(data)) as img:
        for index in range(min(getattr(img, "n_frames", 1), limit)):
            img.seek(index)
            frame = img.copy()
            dpi = frame.info.get("dpi", (MARK_DPI, MARK_DPI))[0] or MARK_DPI
            if dpi > MARK_DPI * 1.2:
                scale = MARK_DPI / dpi
                frame = frame.resize((int(frame.width * scale), int(frame.height * scale)))
            yield looker.look(frame)


def cut(data: bytes, media_type: str, parts: list[tuple[int, int]]) -> list[bytes]:
    """Return one file per part: a PDF of its pages, or a TIFF of its frames; raise Rejected.

    A PDF's pages are copied without being drawn. An image's frames must be decoded: that
    is done in a limited child (ocr.sandbox), never in the calling process.
    """
    if media_type == "application/pdf":
        return [_cut_pdf(data, first, last) for first, last in parts]
    done = sandbox.cut(data, parts)
    if done.error is not None:
        raise Rejected(done.error.reason, **done.error.params)
    return done.files


def cut_frames(data: bytes, parts: list[tuple[int, int]]) -> list[bytes]:
    """Return a TIFF of each part's frames (in a sandbox child: this decodes them).

    The frames' count and sizes are checked from their headers first (ocr.sniff), and one
    frame is decoded at a time.
    """
    frames = inspect(data).pages
    if any(not 1 <= first <= last <= frames for first, last in parts):
        raise Rejected(Reason.FILE_UNREADABLE, detail=f"no pages {parts} in {frames}")
    with Image.open(io.BytesIO(data)) as img:
        return [_cut_frames(img, first, last) for first, last in parts]


def _cut_pdf(data: bytes, first: int, last: int) -> bytes:
    with PDFIUM:
        source = pdfium.PdfDocument(data)
        try:
            out = pdfium.PdfDocument.new()
            try:
                out.import_pages(source, list(range(first - 1, last)))
                buf = io.BytesIO()
                out.save(buf)
            finally:
                out.close()
        finally:
            source.close()
    return buf.getvalue()


def _cut_frames(img: Image.Image, first: int, last: int) -> bytes:
    buf = io.BytesIO()
    with TiffImagePlugin.AppendingTiffWriter(buf) as tiff:
        for index in range(first - 1, last):
            img.seek(index)
            frame = img.copy()  # one frame decoded at a time
            dpi = frame.info.get("dpi")
            extra = {"dpi": dpi} if dpi else {}
            frame.save(tiff, "TIFF", compression="tiff_deflate", **extra)
            tiff.newFrame()
            del frame
    return buf.getvalue()
