"""Read a PDF's text layer into Pages of Words, page by page, with pypdfium2."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pypdfium2 as pdfium

from ocr.errors import Reason, Rejected, describe
from ocr.model import Page, Word
from ocr.pdflock import PDFIUM

logger = logging.getLogger(__name__)

HEAD_PAGES = 4  # an invoice's fields sit on its first pages...
TAIL_PAGES = 2  # ...and its totals on its last; pages between are not read
WORD_GAP = 0.25  # a gap wider than this many char heights splits a word
MIN_CHARS = 40  # fewer characters than this on a page: it is an image, OCR it


def pages_to_read(count: int, head: int = HEAD_PAGES, tail: int = TAIL_PAGES) -> list[int]:
    """Return the page numbers read for fields: the first few and the last few."""
    if count <= head + tail:
        return list(range(count))
    return list(range(head)) + list(range(count - tail, count))


def text_pages(data: bytes, numbers: list[int] | None = None) -> Iterator[tuple[int, Page]]:
    """Yield (page number, Page) with the words of each text layer; raise Rejected."""
    with PDFIUM:
        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as e:
            raise Rejected(Reason.PDF_UNREADABLE, detail=describe(e)) from e
        wanted = list(numbers if numbers is not None else range(len(pdf)))
    try:
        for number in wanted:
            with PDFIUM:
                page = pdf[number]
                try:
                    words = _page_words(page)
                finally:
                    page.close()
            yield number, words
    finally:
        with PDFIUM:
            pdf.close()


def _page_words(page: pdfium.PdfPage) -> Page:
    """Build one page's words from its characters and their boxes."""
    width, height = page.get_size()
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        text = textpage.get_text_range(0, count) if count else ""
        boxes = [textpage.get_charbox(i, loose=True) for i in range(len(text))]
    finally:
        textpage.close()
    words: list[Word] = []
    chars: list[tuple[str, float, float, float, float]] = []
    for char, (left, bottom, right, top) in zip(text, boxes, strict=False):
        box = (char, left, height - top, right, height - bottom)
        if chars and not char.isspace() and _breaks(chars[-1], box):
            _flush(chars, words)
        if char.isspace() or not char.isprintable():
            _flush(chars, words)
            continue
        chars.append(box)
    _flush(chars, words)
    return Page(width=width, height=height, words=_visual_to_logical(words))


def _breaks(last: tuple[str, float, float, float, float], box: tuple) -> bool:
    """Tell whether a character starts a new word: a gap, or another line."""
    size = max(last[4] - last[2], 1.0)
    if abs(box[2] - last[2]) > size * 0.5:
        return True
    return box[1] - last[3] > size * WORD_GAP or box[3] < last[1] - size * 0.5


def _flush(chars: list[tuple[str, float, float, float, float]], words: list[Word]) -> None:
    if chars:
        words.append(
            Word(
                text="".join(c[0] for c in chars),
                x0=min(c[1] for c in chars),
                top=min(c[2] for c in chars),
                x1=max(c[3] for c in chars),
                bottom=max(c[4] for c in chars),
            )
        )
        chars.clear()


def _is_hebrew(text: str) -> bool:
    return any("\u0590" <= c <= "\u05ff" for c in text)


def _visual_to_logical(words: list[Word]) -> list[Word]:
    """Reverse the Hebrew words of a page whose PDF stored letters in visual order."""
    finals = "ךםןףץ"
    first = last = 0
    for word in words:
        letters = [c for c in word.text if "\u05d0" <= c <= "\u05ea"]
        if len(letters) >= 2:
            first += letters[0] in finals
            last += letters[-1] in finals
    if first <= last:  # final letters close words: the order is already logical
        return words
    return [
        Word(w.text[::-1], w.x0, w.top, w.x1, w.bottom, w.conf) if _is_hebrew(w.text) else w
        for w in words
    ]


def has_text(page: Page) -> bool:
    """Tell whether a page's text layer holds enough readable text to skip OCR."""
    chars = "".join(w.text for w in page.words)
    readable = sum(_readable(c) for c in chars)
    return readable >= MIN_CHARS and readable >= 0.8 * len(chars)


def _readable(char: str) -> bool:
    """Tell a character of Latin or Hebrew text from a font's unmapped glyph codes."""
    code = ord(char)
    return 0x20 < code < 0x250 or 0x590 <= code < 0x600 or 0x2000 <= code < 0x2200
