"""Read page images with tesseract into words with boxes, in reading order."""

from __future__ import annotations

import csv
import io
import logging
import re
import statistics
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from ocr import image as cleanup
from ocr.errors import OcrError, Reason, describe
from ocr.model import Page, Word

logger = logging.getLogger(__name__)

LATIN, HEBREW = "pol+eng", "heb+eng"
GOOD_CONF = 0.70  # a reading this sure (character-weighted) needs no second try...
MAX_DOUBTFUL = 0.3  # ...unless this share of its words is unsure (Hebrew read as Latin)
LETTERS = re.compile(r"[^\W\d_]{2}")
MIN_COVERAGE = 0.80  # share of the glyph ink inside words read; below it, text was lost
TIMEOUT = 120
FEW_WORDS = 25  # a page with fewer words read is read again with other settings
RETRIES = ({"local": True}, {"find": False}, {"find": False, "local": True})
WORDS = """faktura vat nr numer data wystawienia sprzedaży sprzedazy sprzedawca nabywca nip
    razem netto brutto stawka kwota wartość wartosc ilość ilosc cena szt usł kpl zł pln
    termin płatności platnosci zapłaty zaplaty do konto rachunek bank przelew sposób
    forma adres ul sp z o.o. s.a. lp nazwa towaru usługi uslugi jm suma podatek korekta
    invoice date number total tax amount price qty quantity unit due seller buyer bill
    to from account iban payment subtotal description item net gross balance supplier
    customer page strona of and the for no
    חשבונית מס מספר תאריך סה"כ מע"מ לתשלום סכום מחיר כמות ספק לקוח"""
VOCABULARY = frozenset(WORDS.split())
INK_SCALE = 4
MISSED_CONF = 0.6  # a word read from what the page's pass left out must be this sure...
MISSED_OVERLAP = 0.25  # ...and lie at most this share inside the words read before
MISSED_PHRASES = 3  # a dropped column or block leaves this many phrases; fewer are strays


@dataclass
class Reading:
    """One tesseract pass over a page: its words, language and how sure it was."""

    words: list[Word]
    lang: str
    conf: float
    doubtful: float = 0.0
    coverage: float = 1.0

    @property
    def score(self) -> float:
        """Return a figure to compare passes: confidence times how much of the ink was read."""
        return self.conf * self.coverage

    @property
    def good(self) -> bool:
        """Tell whether this pass needs no second try."""
        return (
            self.conf >= GOOD_CONF
            and self.doubtful < MAX_DOUBTFUL
            and self.coverage >= MIN_COVERAGE
        )


def read_pages(images: Iterable[Image.Image], dpi: int | None = None) -> list[Page]:
    """Clean each image and read its words with tesseract, in reading order."""
    return [read_page(image, dpi) for image in images]


def read_page(image: Image.Image, dpi: int | None = None) -> Page:
    """Read one page: Polish+English first, then Hebrew, then upside down if still poor."""
    page = cleanup.prepare(image, dpi)
    ink = _ink(page)
    best = _read(page, LATIN, ink)
    chosen = page
    if not best.good:
        tries = [(page, HEBREW)]
        for n, (candidate, lang) in enumerate(tries):
            reading = _read(candidate, lang, ink if candidate is page else ink[::-1, ::-1])
            logger.debug("retry %s: conf %.2f, coverage %.2f", lang, reading.conf, reading.coverage)
            if reading.score > best.score:
                best, chosen = reading, candidate
            if best.good:
                break
            if n == 0 and (page.info.get("upside_down_hint") or _osd_says_flipped(page)):
                turned = page.rotate(180)
                tries += [(turned, LATIN), (turned, HEBREW)]
    if nearly_nothing(best):  # the page found, or its threshold, failed: read it otherwise
        for options in RETRIES:
            other = cleanup.prepare(image, dpi, **options)
            other_ink = _ink(other)
            reading = _read(other, best.lang, other_ink)
            logger.debug("retry %s: %d words, quality %.2f", options, len(reading.words),
                         quality(reading))  # fmt: skip
            if quality(reading) > quality(best):
                best, chosen, page, ink = reading, other, other, other_ink
    best.words += read_missed(chosen, best, ink if chosen is page else _ink(chosen))
    gray = page.info.get("gray") if chosen is page else None  # a turned page: no second look
    return Page(chosen.width, chosen.height, best.words, lang=best.lang, gray=gray)


def read_missed(page: Image.Image, reading: Reading, ink: np.ndarray) -> list[Word]:
    """Read the text a pass left out, and return its words.

    Tesseract's layout analysis now and then drops a column of a table or a block beside
    it as not text: the words are simply missing. The page's glyph ink outside every word
    read is joined into phrases; those of a text line's height, away from the page's edge
    (where a photo leaves strips of table or shadow), are read again in one pass over a
    blank sheet holding only them, each in its place, so their words fall into their rows
    and columns. One or two stray phrases (a rule's end, a stamp) are not worth the pass.
    """
    if not reading.words:
        return []
    k = INK_SCALE
    boxes = _word_boxes(ink, reading.words)
    height = statistics.median(w.bottom - w.top for w in reading.words) / k
    phrase = cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, int(1.2 * height)), 1))
    joined = cv2.dilate((ink & ~boxes).astype(np.uint8), phrase)
    _, _, stats, _ = cv2.connectedComponentsWithStats(joined)
    rows, cols = ink.shape
    regions = [
        (x, y, w, h)
        for x, y, w, h, _ in stats[1:]
        if 0.5 * height <= h <= 3 * height and w >= 0.5 * height
        and x > 1 and y > 1 and x + w < cols - 1 and y + h < rows - 1
    ]  # fmt: skip
    if len(regions) < MISSED_PHRASES:
        return []
    source = np.asarray(page.convert("L"))
    pad = int(0.4 * height * k)
    spans = [
        (max(0, y * k - pad), max(0, x * k - pad), (y + h) * k + pad, (x + w) * k + pad)
        for x, y, w, h in regions
    ]
    top, left = min(s[0] for s in spans), min(s[1] for s in spans)
    bottom, right = max(s[2] for s in spans), max(s[3] for s in spans)
    only = np.full((bottom - top, right - left), 255, np.uint8)  # only what was left out
    for y0, x0, y1, x1 in spans:
        only[y0 - top : y1 - top, x0 - left : x1 - left] = source[y0:y1, x0:x1]
    out = _run(
        Image.fromarray(only).convert("1", dither=Image.Dither.NONE),
        ["-l", reading.lang, "--psm", "11", "-c", "tessedit_do_invert=0", "tsv"],
    )
    found = []
    for w in _parse_tsv(out, reading.lang).words:
        w = Word(w.text, w.x0 + left, w.top + top, w.x1 + left, w.bottom + top, w.conf)
        # the end of one word read and the start of the next make no new word
        inside = boxes[_at(w)].mean()
        if w.conf >= MISSED_CONF and any(c.isalnum() for c in w.text) and inside < MISSED_OVERLAP:
            found.append(w)
    logger.debug("%d regions left out, %d words read from them", len(regions), len(found))
    return found


def nearly_nothing(reading: Reading) -> bool:
    """Tell whether a pass read (almost) no words: a page not found, or blacked out."""
    return sum(bool(LETTERS.search(w.text)) for w in reading.words) < FEW_WORDS


def quality(reading: Reading) -> float:
    """Return how well a pass read: its mean word confidence times its share of known words.

    Known words are the common words of invoices in the languages read (VOCABULARY):
    garbage read off a shadow or a table scores low however sure tesseract was of it.
    """
    wordy = [w for w in reading.words if LETTERS.search(w.text)]
    if not wordy:
        return 0.0
    known = sum(w.text.strip(".,:;()").lower() in VOCABULARY for w in wordy) / len(wordy)
    mean = sum(w.conf for w in wordy) / len(wordy)
    return mean * (0.5 + known) * min(1.0, len(wordy) / FEW_WORDS)


def _read(page: Image.Image, lang: str, ink: np.ndarray) -> Reading:
    reading = ocr(page, lang)
    reading.coverage = coverage(ink, reading.words)
    return reading


def _osd_says_flipped(page: Image.Image) -> bool:
    """Ask tesseract's OSD, on a half-size copy, whether the page is upside down."""
    half = np.asarray(page.convert("L").reduce(2))
    return cleanup.osd_turn(half, dpi=150) == 180


def _ink(page: Image.Image) -> np.ndarray:
    """Return the glyph ink of the page at a quarter size (enough to tell what was read)."""
    small = page.convert("L").reduce(INK_SCALE)
    return cleanup.glyph_mask(np.asarray(small.point(lambda v: 255 if v > 200 else 0)))


def coverage(ink: np.ndarray, words: list[Word]) -> float:
    """Return the share of the page's glyph ink that lies inside the words read (0..1)."""
    total = int(ink.sum())
    if not total:
        return 1.0
    return float((ink & _word_boxes(ink, words)).sum()) / total


def _word_boxes(ink: np.ndarray, words: list[Word]) -> np.ndarray:
    """Return a mask, at the ink's scale, of where the words lie."""
    boxes = np.zeros_like(ink, dtype=bool)
    for w in words:
        boxes[_at(w)] = True
    return boxes


def _at(word: Word) -> tuple[slice, slice]:
    """Return where a word's box lies on the ink mask (INK_SCALE smaller than the page)."""
    k = INK_SCALE
    rows = slice(int(word.top) // k, int(word.bottom) // k + 1)
    return rows, slice(int(word.x0) // k, int(word.x1) // k + 1)


def ocr(page: Image.Image, lang: str = LATIN) -> Reading:
    """Run tesseract once on a clean page and return its words (TSV, page segmentation 3)."""
    # 1-bit: leptonica then skips its own thresholding and tesseract runs ~25% faster
    image = page.convert("1", dither=Image.Dither.NONE)
    # inverted bands were turned by prepare()
    out = _run(image, ["-l", lang, "-c", "tessedit_do_invert=0", "tsv"])
    return _parse_tsv(out, lang)


def ocr_line(image: Image.Image, lang: str = LATIN) -> str:
    """Read a small grey crop as one line of text (page segmentation 7, tesseract's own
    thresholding): a second, differently made reading of a field's words."""
    return _run(image.convert("L"), ["-l", lang, "--psm", "7"]).strip()


def _run(image: Image.Image, args: list[str]) -> str:
    """Run tesseract on an image (300 dpi: prepare() makes every page about that)."""
    buf = io.BytesIO()
    image.save(buf, "PNG", compress_level=1)
    cmd = ["tesseract", "stdin", "stdout", "--dpi", "300", *args]
    try:
        done = subprocess.run(
            cmd,
            input=buf.getvalue(),
            capture_output=True,
            env=cleanup.tesseract_env(),
            timeout=TIMEOUT,
            check=True,
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as e:
        raise OcrError(Reason.OCR_FAILED, detail=f"tesseract: {describe(e)}") from e
    return done.stdout.decode("utf-8", "replace")


def _parse_tsv(tsv: str, lang: str) -> Reading:
    words, weighted, chars = [], 0.0, 0
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        conf = max(0.0, float(row["conf"])) / 100
        left, top = int(row["left"]), int(row["top"])
        words.append(
            Word(
                text, left, top, left + int(row["width"]), top + int(row["height"]), round(conf, 3)
            )
        )
        weighted += conf * len(text)
        chars += len(text)
    wordy = [w for w in words if LETTERS.search(w.text)]
    doubtful = sum(w.conf < 0.6 for w in wordy) / len(wordy) if wordy else 0.0
    return Reading(words, lang, weighted / chars if chars else 0.0, doubtful)
