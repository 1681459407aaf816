"""OCR the pages that have no text: images, scanned PDF pages, image parts of text pages."""

from __future__ import annotations

import io
import logging
import math
from collections.abc import Iterable, Iterator

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image, ImageOps

from ocr.errors import Reason, Rejected, describe
from ocr.model import Page, Word
from ocr.pdflock import PDFIUM
from ocr.sniff import register_heif

logger = logging.getLogger(__name__)

DPI = 300
OCR_PAGES = 3  # pages OCR'd at most per document: the first ones and the last
MIN_REGION = 0.02  # an image smaller than this share of the page is a logo: not read
MAX_FRAMES = 3
BAND_DARKNESS = 0.6  # a row this much darker than the page's median row is a dark band
BAND_MIN_HEIGHT = 0.01
MAX_BANDS = 3
MAX_REGIONS = 2  # image regions OCR'd per page
MAX_RENDER_PIXELS = 40_000_000  # an A2 page at 300 dpi; A4 is 8.7 million
MIN_DPI = 100  # below this a page is not worth reading


def read_images(images: Iterable[Image.Image], dpi: int | None = None) -> list[Page]:
    """OCR images with the tesseract adapter (or a plain pytesseract call until it exists)."""
    try:
        from ocr.tesseract import read_pages
    except ImportError:
        return [_plain_ocr(image) for image in images]
    return read_pages(images, dpi=dpi)


def _plain_ocr(image: Image.Image, lang: str = "pol+eng", psm: int = 3) -> Page:
    """OCR one clean, upright image with pytesseract into a Page of words."""
    import pytesseract

    image = ImageOps.exif_transpose(image).convert("L")
    data = pytesseract.image_to_data(
        image, lang=lang, config=f"--psm {psm}", output_type=pytesseract.Output.DICT
    )
    words = []
    for i, text in enumerate(data["text"]):
        conf = float(data["conf"][i])
        if text.strip() and conf >= 0:
            x, y, w, h = data["left"][i], data["top"][i], data["width"][i], data["height"][i]
            words.append(Word(text.strip(), x, y, x + w, y + h, conf / 100))
    return Page(width=image.width, height=image.height, words=words)


def open_frames(data: bytes) -> list[Image.Image]:
    """Decode an image file's first frames; raise Rejected."""
    register_heif()
    try:
        with Image.open(io.BytesIO(data)) as img:
            frames = []
            for index in range(min(getattr(img, "n_frames", 1), MAX_FRAMES)):
                img.seek(index)
                frame = img.copy()
                frame.load()
                frames.append(frame)
    except (OSError, ValueError, Image.DecompressionBombError) as e:
        raise Rejected(Reason.IMAGE_UNREADABLE, detail=describe(e)) from e
    return frames


def image_dpi(image: Image.Image) -> int | None:
    """Return the resolution an image file declares, when it is plausible."""
    value = image.info.get("dpi")
    if value and value[0] and 50 <= float(value[0]) <= 1200:
        return int(float(value[0]))
    return None


def render_dpi(width: float, height: float, dpi: int = DPI) -> int:
    """Return the resolution a page of width x height points is rendered at; raise Rejected.

    The size is checked before anything is drawn: a page larger than MAX_RENDER_PIXELS at
    `dpi` is drawn at a lower resolution, and one that would need less than MIN_DPI to fit
    is no document (a 200-inch page would take gigabytes).
    """
    area = max(width, 1.0) * max(height, 1.0)
    if area * (dpi / 72) ** 2 <= MAX_RENDER_PIXELS:
        return dpi
    fitted = int(72 * math.sqrt(MAX_RENDER_PIXELS / area))
    if fitted < MIN_DPI:
        cm = 2.54 / 72
        raise Rejected(
            Reason.PDF_PAGE_TOO_LARGE, width=round(width * cm), height=round(height * cm)
        )
    return fitted


def check_sizes(data: bytes, numbers: list[int]) -> None:
    """Raise Rejected when one of the pages is too large to draw (render_dpi)."""
    with PDFIUM:
        pdf = pdfium.PdfDocument(data)
        try:
            for number in numbers:
                width, height = pdf.get_page_size(number)
                render_dpi(width, height)
        finally:
            pdf.close()


def render(data: bytes, numbers: list[int], dpi: int = DPI) -> Iterator[Image.Image]:
    """Render the given PDF pages to images, one at a time; raise Rejected for a huge page.

    An image's info["dpi"] says the resolution it was drawn at.
    """
    with PDFIUM:
        pdf = pdfium.PdfDocument(data)
    try:
        for number in numbers:
            with PDFIUM:
                page = pdf[number]
                try:
                    width, height = page.get_size()
                    page_dpi = render_dpi(width, height, dpi=dpi)
                    image = page.render(scale=page_dpi / 72, grayscale=True).to_pil().copy()
                finally:
                    page.close()
            image.info["dpi"] = (page_dpi, page_dpi)
            yield image
    finally:
        with PDFIUM:
            pdf.close()


def pdf_pages(data: bytes, numbers: list[int]) -> list[Page]:
    """OCR whole PDF pages that have no text layer."""
    return [read_images([image], dpi=image.info["dpi"][0])[0] for image in render(data, numbers)]


def has_image_regions(data: bytes, pages: dict[int, Page]) -> bool:
    """Tell whether fill_image_regions would OCR anything, without drawing a page."""
    return bool(_image_regions(data, pages, draw=False))


def fill_image_regions(data: bytes, pages: dict[int, Page]) -> bool:
    """OCR the large images of text pages where no text lies, adding their words (in points).

    Return whether any page had such an image.
    """
    work = _image_regions(data, pages, draw=True)
    for number, page, regions, rendered in work:  # OCR outside the lock
        assert rendered is not None
        for box in regions:
            page.words.extend(_ocr_region(rendered, number, page, box))
    return bool(work)


def _image_regions(
    data: bytes, pages: dict[int, Page], draw: bool
) -> list[tuple[int, Page, list[tuple[float, ...]], Image.Image | None]]:
    """Return the text pages with large images where no text lies, drawn when asked."""
    work: list[tuple[int, Page, list[tuple[float, ...]], Image.Image | None]] = []
    with PDFIUM:
        pdf = pdfium.PdfDocument(data)
        try:
            for number, page in pages.items():
                if not page.words:
                    continue
                pdf_page = pdf[number]
                try:
                    regions = _empty_image_regions(pdf_page, page)[:MAX_REGIONS]
                    if not regions or (draw and render_dpi(page.width, page.height) != DPI):
                        continue
                    image = None
                    if draw:
                        bitmap = pdf_page.render(scale=DPI / 72, grayscale=True)
                        image = bitmap.to_pil().copy()
                    work.append((number, page, regions, image))
                finally:
                    pdf_page.close()
        finally:
            pdf.close()
    return work


def _empty_image_regions(pdf_page: pdfium.PdfPage, page: Page) -> list[tuple[float, ...]]:
    regions: list[tuple[float, ...]] = []
    area = page.width * page.height
    for obj in pdf_page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        box = (left, page.height - top, right, page.height - bottom)
        if (box[2] - box[0]) * (box[3] - box[1]) < MIN_REGION * area:
            continue
        inside = [
            w for w in page.words if box[0] <= w.x0 and w.x1 <= box[2] and box[1] <= w.top <= box[3]
        ]
        if len(inside) < 3:
            regions.append(box)
    return regions


def _ocr_region(rendered: Image.Image, number: int, page: Page, box: tuple) -> list[Word]:
    """OCR one region of a rendered page and return its words in the page's points."""
    scale = DPI / 72
    left, top, right, bottom = box
    crop = rendered.crop(
        (int(left * scale), int(top * scale), int(right * scale), int(bottom * scale))
    )
    if crop.width < 20 or crop.height < 20:
        return []
    # A rendered region is crisp and upright: read it as it is, without the photo clean-up.
    hebrew = sum(any("\u05d0" <= c <= "\u05ea" for c in w.text) for w in page.words)
    try:
        read = [_plain_ocr(crop, "heb+eng" if hebrew > len(page.words) / 3 else "pol+eng")]
    except Exception:
        logger.exception("cannot OCR an image region of page %d", number + 1)
        return []
    if not read or not read[0].width:
        return []
    # The adapter may upscale before reading: map its pixels back to the crop's, then points.
    factor = crop.width / read[0].width / scale
    return [
        Word(
            w.text,
            box[0] + w.x0 * factor,
            box[1] + w.top * factor,
            box[0] + w.x1 * factor,
            box[1] + w.bottom * factor,
            w.conf,
        )
        for w in read[0].words
    ]


def dark_band_pages(image: Image.Image, lang: str = "pol+eng") -> list[Page]:
    """OCR the dark bands of a page (white text on a dark header), which clean-up loses."""
    gray = ImageOps.exif_transpose(image).convert("L")
    means = np.asarray(gray, dtype=np.float32).mean(axis=1)
    dark = means < BAND_DARKNESS * float(np.median(means))
    pages: list[Page] = []
    start = None
    for row, is_dark in enumerate([*dark.tolist(), False]):
        if is_dark and start is None:
            start = row
        elif not is_dark and start is not None:
            if row - start >= BAND_MIN_HEIGHT * gray.height and len(pages) < MAX_BANDS:
                box = (0, max(0, start - 5), gray.width, min(gray.height, row + 5))
                pages.append(_plain_ocr(ImageOps.invert(gray.crop(box)), lang, psm=6))
            start = None
    return pages
