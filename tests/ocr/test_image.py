"""Image clean-up: turned, skewed, low-resolution and photographed pages come out readable."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from ocr import image
from ocr.tesseract import LATIN, ocr

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
LINES = [
    "FAKTURA VAT nr FV/2026/03/117",
    "Data wystawienia: 2026-03-15",
    "Sprzedawca: Agromex Sp. z o.o.",
    "ul. Marszałkowska 12, 00-950 Warszawa",
    "NIP: 527-000-12-34",
    "Nabywca: Usługi Remontowe Jan Kowalski",
    "Do zapłaty: 1 234,56 zł",
    "Nr konta: 61 1090 1014 0000 0712 1981 2874",
]


def page(size: int = 34, width: int = 1240, height: int = 1000) -> Image.Image:
    """Draw a small greyscale invoice-like page (about 300 dpi for size 34)."""
    img = Image.new("L", (width, height), 250)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, size)
    y = size * 2
    for line in LINES:
        draw.text((size * 2, y), line, font=font, fill=20)
        y += int(size * 1.9)
    return img


def words_of(img: Image.Image) -> set[str]:
    """OCR a prepared image and return its words."""
    return {w.text for w in ocr(img, LATIN).words}


@pytest.fixture(scope="module")
def clean_page() -> Image.Image:
    """Return the test page once per module."""
    return page()


@pytest.mark.parametrize("turn", [90, 180, 270])
def test_turned_page_is_upright_after_prepare(clean_page, turn):
    prepared = image.prepare(clean_page.rotate(turn, expand=True), dpi=300)
    assert prepared.width > prepared.height
    assert {"FAKTURA", "Sprzedawca:"} <= words_of(prepared)


def test_skewed_page_is_levelled(clean_page):
    skewed = clean_page.rotate(3.0, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=250)
    prepared = np.asarray(image.prepare(skewed, dpi=300))
    residual = image.skew_angle(image._shrink(prepared))
    assert abs(residual) <= 0.3


def test_skew_angle_measures_the_tilt(clean_page):
    small = image._binary(image._shrink(np.asarray(clean_page)))
    tilted = image.rotate(small, -2.0)
    assert image.skew_angle(tilted) == pytest.approx(2.0, abs=0.3)


def test_low_resolution_page_is_upscaled():
    low = page(size=17, width=620, height=500)
    prepared = image.prepare(low)
    assert prepared.width >= 1.4 * low.width
    low.info["dpi"] = (150, 150)
    assert image.prepare(low).width == pytest.approx(2 * low.width, abs=2)


def test_photographed_page_is_found_and_flattened(clean_page):
    src = np.asarray(clean_page.convert("RGB"))
    h, w = src.shape[:2]
    corners = np.float32([[160, 90], [w + 130, 150], [w + 170, h + 140], [120, h + 90]])
    matrix = cv2.getPerspectiveTransform(np.float32([[0, 0], [w, 0], [w, h], [0, h]]), corners)
    table = np.full((h + 260, w + 300, 3), (70, 45, 30), np.uint8)
    warped = cv2.warpPerspective(
        src, matrix, (w + 300, h + 260), dst=table, borderMode=cv2.BORDER_TRANSPARENT
    )
    gradient = np.linspace(1.0, 0.6, w + 300)[None, :, None]
    photo = Image.fromarray((warped * gradient).astype(np.uint8))
    quad = image.find_page(np.asarray(photo.convert("L")))
    assert quad is not None
    assert np.abs(quad - corners).max() < 25
    assert {"FAKTURA", "Nabywca:"} <= words_of(image.prepare(photo))


def test_a_page_whose_header_is_a_dark_band_is_found_with_its_band() -> None:
    """In a photo the band cuts the page's thin top margin off its body; both are the page
    (a page found below the band loses the title and the invoice number printed in it)."""
    src = page(height=1400)
    draw = ImageDraw.Draw(src)
    draw.rectangle((0, 30, src.width, 150), fill=40)  # a band under a 30 px margin
    draw.text((70, 60), "FAKTURA VAT Nr FV/2026/01/363", font=ImageFont.truetype(FONT, 44),
              fill=235)  # fmt: skip
    rgb = np.asarray(src.convert("RGB"))
    h, w = rgb.shape[:2]
    corners = np.float32([[170, 120], [w + 120, 60], [w + 170, h + 140], [120, h + 100]])
    matrix = cv2.getPerspectiveTransform(np.float32([[0, 0], [w, 0], [w, h], [0, h]]), corners)
    rng = np.random.default_rng(5)
    table = rng.normal((50, 80, 45), 12, (h + 300, w + 320, 3)).clip(0, 255).astype(np.uint8)
    warped = cv2.warpPerspective(
        rgb, matrix, (w + 320, h + 300), dst=table, borderMode=cv2.BORDER_TRANSPARENT
    )
    photo = Image.fromarray(warped)
    quad = image.find_page(np.asarray(photo.convert("L")), warped)
    assert quad is not None
    assert np.abs(quad - corners).max() < 30, quad
    assert {"FAKTURA", "FV/2026/01/363"} <= words_of(image.prepare(photo))


def test_scan_without_surround_has_no_page_outline(clean_page):
    assert image.find_page(np.asarray(clean_page)) is None


def test_a_page_half_in_shadow_on_a_wooden_table_is_found_whole() -> None:
    import random

    from ocr.image import find_page
    from samples import hard

    rng = random.Random(3)
    page = Image.new("L", (1654, 2339), 245)  # A4 at 200 dpi
    photo = hard.table_photo(page.convert("RGB"), rng)
    gray = np.asarray(photo.convert("L"))
    quad = find_page(gray, np.asarray(photo))
    assert quad is not None
    width = np.linalg.norm(quad[1] - quad[0])
    height = np.linalg.norm(quad[3] - quad[0])
    assert 0.85 < (width * height) / (1654 * 2339) < 1.15  # the whole page, shade and all


def test_a_second_reading_is_chosen_when_the_first_reads_nearly_nothing(monkeypatch) -> None:
    from PIL import ImageDraw, ImageFont

    from ocr import image as cleanup
    from ocr import tesseract

    page = Image.new("L", (2480, 1200), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype("DejaVuSans.ttf", 40)
    for row in range(8):
        draw.text((150, 100 + row * 120), f"Faktura VAT nr {row} razem netto brutto", 0, font)
    prepare = cleanup.prepare

    def page_found_wrong(image, dpi=None, find=True, local=False):  # type: ignore[no-untyped-def]
        if find and not local:  # the first pass: a wrong page found, nothing on it
            return Image.new("L", image.size, 255)
        return prepare(image, dpi, find=find, local=local)

    monkeypatch.setattr(cleanup, "prepare", page_found_wrong)
    read = tesseract.read_page(page, 300)
    assert sum(w.text.lower() == "faktura" for w in read.words) == 8


def test_quality_prefers_known_words_to_confident_garbage() -> None:
    from ocr.model import Word
    from ocr.tesseract import Reading, quality

    def reading(texts: list[str], conf: float) -> Reading:
        return Reading([Word(t, 0, 0, 1, 1, conf) for t in texts], "pol+eng", conf)

    garbage = reading(["xqzt", "wvvk", "mmnr"] * 10, 0.9)
    words = reading(["Faktura", "netto", "brutto", "Kowalski"] * 8, 0.8)
    assert quality(words) > quality(garbage)
