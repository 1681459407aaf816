"""No field of the project's scanned and photographed samples is marked sure and wrong; the
number and dates a second look confirms are marked sure."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import ocr
from tests.ocr.test_samples import SAMPLES, SCORED

SURE = 0.9
SCANS = sorted(
    p
    for p in SAMPLES.glob("*/*")
    if p.suffix in (".jpg", ".png", ".pdf")
    and p.with_suffix(".json").is_file()
    and json.loads(p.with_suffix(".json").read_text())["source"] in ("scan", "photo")
)[:4]


@pytest.mark.parametrize("path", SCANS, ids=lambda p: p.name)
def test_a_scanned_samples_sure_fields_are_right(path: Path) -> None:
    truth = json.loads(path.with_suffix(".json").read_text())
    result = ocr.extract(path.read_bytes(), path.name)
    got = result.fields.to_json()
    sure = [f for f in SCORED if result.confidence.get(f, 0.0) >= SURE and f in truth]
    assert [f for f in sure if got[f] != truth[f]] == []
    assert len(sure) >= 6  # amounts, ids, kind or dates were backed by another reading


def test_a_second_look_confirms_a_clean_scans_number(tmp_path) -> None:
    from PIL import Image, ImageDraw, ImageFont

    from ocr.fields import read_fields
    from ocr.recheck import second_look
    from ocr.scan import read_images

    image = Image.new("L", (2480, 900), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype("DejaVuSans.ttf", 44)
    for row, line in enumerate(
        ["Faktura VAT nr FV/2026/04/118", "Sprzedawca: Alfa sp. z o.o.", "Razem 100,00 zł"]
    ):
        draw.text((150, 150 + row * 120), line, fill=0, font=font)
    pages = read_images([image], dpi=300)
    reading = read_fields(pages, scale=0.9)
    assert reading.fields.invoice_number == "FV/2026/04/118"
    assert reading.confidence["invoice_number"] < SURE
    assert second_look(reading, pages) == ["invoice_number"]
    assert reading.confidence["invoice_number"] >= SURE


def test_a_date_whose_month_name_stands_taller_than_its_figures_is_found_for_a_second_look():
    """'17 listopada 2025': the month's descenders start its box a few pixels higher than
    the figures'; the three words are still one line, and the date is located."""
    import datetime as dt

    from ocr.model import Page, Word
    from ocr.recheck import _locate

    words = [Word("Data:", 700, 446, 800, 483), Word("17", 975, 447, 1010, 475),
             Word("listopada", 1020, 444, 1200, 483), Word("2025", 1210, 447, 1290, 476),
             Word("Termin", 700, 506, 800, 535)]  # fmt: skip
    page = Page(width=2480, height=3508, words=words)
    assert _locate(dt.date(2025, 11, 17), page, day_first=True) == (975, 444, 1290, 483)
    below = [*words[:2], Word("listopada", 1020, 520, 1200, 560), *words[3:]]
    assert _locate(dt.date(2025, 11, 17), Page(2480, 3508, below), day_first=True) is None
