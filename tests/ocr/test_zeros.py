"""Dotted zeros (monospaced fonts) are made plain before a page is read; other glyphs are not."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from ocr import image
from ocr.tesseract import LATIN, ocr
from ocr.zeros import plain_zeros

DEJAVU = "/usr/share/fonts/truetype/dejavu/"
MONO, MONO_BOLD = DEJAVU + "DejaVuSansMono.ttf", DEJAVU + "DejaVuSansMono-Bold.ttf"
OTHERS = [DEJAVU + f for f in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSerif.ttf")]


def glyph(char: str, font: str, size: int, blur: float) -> np.ndarray:
    """Draw one glyph, blur it as a print and a scan would, threshold it (0/255)."""
    img = Image.new("L", (size * 3, size * 3), 255)
    ImageDraw.Draw(img).text((size, size // 2), char, font=ImageFont.truetype(font, size), fill=0)
    gray = np.asarray(img)
    if blur:
        gray = cv2.GaussianBlur(gray, (0, 0), blur)
    _, binary = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return binary


def holes(binary: np.ndarray) -> int:
    """Count the holes in the glyph's ink."""
    ink = (binary < 128).astype(np.uint8)
    _, hierarchy = cv2.findContours(ink, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    return int((hierarchy[0][:, 3] >= 0).sum()) if hierarchy is not None else 0


def blobs(binary: np.ndarray) -> int:
    """Count the separate pieces of ink."""
    return cv2.connectedComponents((binary < 128).astype(np.uint8))[0] - 1


@pytest.mark.parametrize("font", [MONO, MONO_BOLD])
@pytest.mark.parametrize("size", [26, 40, 52])
@pytest.mark.parametrize("blur", [0.0, 1.0, 1.4])
def test_a_dotted_zero_becomes_a_plain_ring(font, size, blur):
    zero = glyph("0", font, size, blur)
    assert blobs(zero) == 2 or holes(zero) == 2  # a free dot, or one joined to the ring
    plain = plain_zeros(zero.copy())
    assert blobs(plain) == 1 and holes(plain) == 1  # the ring alone


@pytest.mark.parametrize("font", [MONO, MONO_BOLD, *OTHERS])
@pytest.mark.parametrize("char", list("8B69ae@%&gQ"))
@pytest.mark.parametrize("size", [26, 40])
@pytest.mark.parametrize("blur", [0.0, 1.0])
def test_eights_bees_and_letters_are_left_as_they_are(font, char, size, blur):
    drawn = glyph(char, font, size, blur)
    assert np.array_equal(plain_zeros(drawn.copy()), drawn)


def test_a_blurred_monospaced_year_is_read_with_its_zeros():
    """A bold monospaced title, printed and scanned: its zeros' dots join their rings."""
    img = Image.new("L", (1500, 260), 245)
    draw = ImageDraw.Draw(img)
    draw.text((60, 50), "FAKTURA Nr F 152/2025", font=ImageFont.truetype(MONO_BOLD, 52), fill=15)
    draw.text((60, 150), "Data: 20.03.2026", font=ImageFont.truetype(MONO_BOLD, 52), fill=15)
    img = Image.fromarray(cv2.GaussianBlur(np.asarray(img), (0, 0), 1.6))
    words = {w.text for w in ocr(image.prepare(img, dpi=300), LATIN).words}
    assert {"152/2025", "20.03.2026"} <= words
