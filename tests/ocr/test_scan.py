"""Scanned PDF pages are rendered one at a time, at the resolution OCR wants."""

from __future__ import annotations

import types

import pytest
from fpdf import FPDF

from ocr import scan


def text_pdf(pages: int) -> bytes:
    """Return an A4 PDF with one line of text per page."""
    pdf = FPDF()
    pdf.set_font("helvetica", size=14)
    for n in range(pages):
        pdf.add_page()
        pdf.cell(text=f"Strona {n + 1}")
    return bytes(pdf.output())


def test_render_yields_the_pages_asked_for_one_at_a_time() -> None:
    pages = scan.render(text_pdf(3), [0, 2], dpi=100)
    assert isinstance(pages, types.GeneratorType)
    images = list(pages)
    assert len(images) == 2
    assert images[0].size == (827, pytest.approx(1169, abs=1))  # A4 at 100 dpi
    assert images[0].mode == "L"
