"""Tesseract adapter: words with boxes in reading order, Hebrew detected."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont, features

from ocr import image as cleanup
from ocr import tesseract
from ocr.model import Page

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def drawn(lines: list[str], rtl: bool = False, size: int = 34) -> Image.Image:
    """Draw lines of text on a white page, right-aligned and right to left when rtl."""
    img = Image.new("L", (1240, 120 + len(lines) * 70), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, size)
    for n, line in enumerate(lines):
        y = 60 + n * 70
        if rtl:
            draw.text((1170, y), line, font=font, fill=0, direction="rtl", anchor="ra")
        else:
            draw.text((70, y), line, font=font, fill=0)
    img.info["dpi"] = (300, 300)
    return img


def test_read_pages_returns_words_with_boxes_inside_the_page():
    img = drawn(["Faktura VAT nr 12/2026", "Do zapłaty: 1 234,56 zł", "NIP 527-000-12-34"])
    (page,) = tesseract.read_pages([img])
    assert isinstance(page, Page)
    assert page.lang == "pol+eng"
    texts = [w.text for w in page.words]
    assert texts[:3] == ["Faktura", "VAT", "nr"]
    assert "zapłaty:" in texts
    for w in page.words:
        assert 0 <= w.x0 < w.x1 <= page.width
        assert 0 <= w.top < w.bottom <= page.height
        assert 0 <= w.conf <= 1


@pytest.mark.skipif(not features.check("raqm"), reason="Pillow without libraqm draws no bidi")
def test_hebrew_page_is_read_as_hebrew():
    img = drawn(["חשבונית מס מספר 1234", "עוסק מורשה 513177675", 'סה"כ לתשלום 1,180.00'], rtl=True)
    (page,) = tesseract.read_pages([img])
    assert page.lang == "heb+eng"
    texts = {w.text for w in page.words}
    assert "חשבונית" in texts
    assert "513177675" in texts


def test_tsv_rows_without_text_are_skipped():
    tsv = (
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
        "1\t1\t0\t0\t0\t0\t0\t0\t100\t50\t-1\t\n"
        "5\t1\t1\t1\t1\t1\t10\t5\t30\t12\t95.5\tNIP\n"
        "5\t1\t1\t1\t1\t2\t45\t5\t20\t12\t95\t \n"
    )
    reading = tesseract._parse_tsv(tsv, "pol+eng")
    assert [(w.text, w.x1, w.bottom, w.conf) for w in reading.words] == [("NIP", 40, 17, 0.955)]


def _prepared_and_read(lines: list[str]) -> tuple[Image.Image, tesseract.Reading]:
    page = cleanup.prepare(drawn(lines), 300)
    return page, tesseract.ocr(page)


def test_words_a_pass_left_out_are_read_in_their_places():
    """Tesseract's layout now and then drops a table column: what it left is read again."""
    page, reading = _prepared_and_read(
        ["Faktura VAT nr 12/2026", "Kwota   Cena netto   23%", "Do zapłaty: 1 234,56 zł"]
    )
    dropped = [w for w in reading.words if w.text in ("Kwota", "23%", "234,56")]
    assert len(dropped) == 3
    reading.words = [w for w in reading.words if w not in dropped]
    found = tesseract.read_missed(page, reading, tesseract._ink(page))
    for word in dropped:
        again = [w for w in found if w.text == word.text]
        assert again, word.text
        assert abs(again[0].x0 - word.x0) < 5 and abs(again[0].top - word.top) < 5
    kept = {(w.x0, w.top) for w in reading.words}
    assert not [w for w in found if (w.x0, w.top) in kept]  # nothing read twice


def test_a_page_read_whole_costs_no_second_pass(monkeypatch):
    page, reading = _prepared_and_read(["Faktura VAT nr 12/2026", "Do zapłaty: 1 234,56 zł"])
    strip = np.asarray(page).copy()
    strip[:, :12] = 0  # a dark strip along the edge, as a photo leaves of the table
    page = Image.fromarray(strip)

    def no_run(*args, **kwargs):
        raise AssertionError("tesseract run again")

    monkeypatch.setattr(tesseract, "_run", no_run)
    assert tesseract.read_missed(page, reading, tesseract._ink(page)) == []
