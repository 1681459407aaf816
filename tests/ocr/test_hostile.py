"""Hostile files are refused before they cost: sizes checked before anything is drawn or
decoded, and what slips past is read in a child with a memory and a time limit.

Each case asserts time and the peak resident memory of the child that read it (wait4's
ru_maxrss, tesseract included), and that the parent itself did not grow.
"""

from __future__ import annotations

import io
import resource
import time
from pathlib import Path

import pytest
from fpdf import FPDF
from PIL import Image

import ocr
from ocr import sandbox
from tests.ocr.test_bad_input import huge_png

SAMPLES = Path(__file__).resolve().parents[2] / "samples"

BUDGET_S = 2.0
BUDGET_MB = 500


def page_pdf(width_in: float, height_in: float, text: str = "") -> bytes:
    """Return a one-page PDF of the given size in inches, with a line of text or none."""
    doc = FPDF(unit="pt", format=(width_in * 72, height_in * 72))
    doc.add_page()
    if text:
        doc.set_font("helvetica", size=12)
        doc.text(72, 72, text)
    return bytes(doc.output())


def tiff_frames(count: int, size: tuple[int, int] = (200, 200)) -> bytes:
    """Return a TIFF of `count` small white frames."""
    frames = [Image.new("L", size, 255) for _ in range(count)]
    out = io.BytesIO()
    frames[0].save(out, "TIFF", save_all=True, append_images=frames[1:])
    return out.getvalue()


def own_peak_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def refused(data: bytes) -> sandbox.Outcome:
    """Read in the sandbox, and check it took little time and memory."""
    before = own_peak_mb()
    outcome = sandbox.run(data)
    assert outcome.seconds < BUDGET_S, outcome
    assert 0 < outcome.peak_mb < BUDGET_MB, outcome
    assert own_peak_mb() - before < 50  # the parent decoded nothing
    assert outcome.result.status == "rejected"
    return outcome


def test_a_200_inch_pdf_page_is_refused_before_it_is_drawn() -> None:
    ballast = b"x" * (BUDGET_MB * 1024 * 1024)  # a big parent: its peak is not the child's
    outcome = refused(page_pdf(200, 200))
    del ballast
    assert outcome.result.error is not None
    assert outcome.result.error.code == "pdf_page_too_large"
    assert outcome.result.error.params == {"width": 508, "height": 508}


def test_the_reader_refuses_it_too_and_says_so_in_the_contract() -> None:
    started = time.monotonic()
    result = ocr.extract(page_pdf(200, 200, "Faktura VAT 1/2026"), "huge.pdf")
    assert time.monotonic() - started < BUDGET_S
    line = result.to_contract("huge.pdf")
    assert line["status"] == "rejected" and line["error_code"] == "pdf_page_too_large"


def test_a_large_but_plausible_page_is_drawn_smaller_and_read() -> None:
    from ocr.scan import DPI, MIN_DPI, render_dpi

    assert render_dpi(595, 842) == DPI  # A4 as it is
    assert MIN_DPI <= render_dpi(33.1 * 72, 46.8 * 72) < DPI  # A0 at a lower resolution
    with pytest.raises(ocr.Rejected):
        render_dpi(200 * 72, 200 * 72)


def test_a_gigapixel_image_is_refused_by_its_header() -> None:
    data = huge_png(32_000)  # 1.02 billion pixels, a few hundred bytes
    started = time.monotonic()
    with pytest.raises(ocr.Rejected) as excinfo:
        ocr.inspect(data)
    assert time.monotonic() - started < BUDGET_S
    assert excinfo.value.code == "image_too_large"
    assert excinfo.value.params == {"width": 32_000, "height": 32_000}
    result = ocr.extract(data, "giga.png")
    assert result.status == "rejected" and result.error is not None
    assert result.error.code == "image_too_large"


def test_a_500_frame_tiff_is_refused_with_its_count() -> None:
    data = tiff_frames(500)
    started = time.monotonic()
    result = ocr.extract(data, "stack.tif")
    assert time.monotonic() - started < BUDGET_S
    assert result.status == "rejected" and result.error is not None
    assert result.error.code == "image_too_many_pages"
    assert result.error.params == {"pages": 500, "limit": 100}


def test_one_huge_frame_behind_small_ones_is_refused() -> None:
    out = io.BytesIO()
    small = Image.new("1", (300, 300), 1)
    big = Image.new("1", (12_000, 9_000), 1)  # 108 million pixels, a few kB as 1-bit
    small.save(out, "TIFF", save_all=True, append_images=[small, big], compression="group4")
    with pytest.raises(ocr.Rejected) as excinfo:
        ocr.inspect(out.getvalue())
    assert excinfo.value.code == "image_too_large"
    assert excinfo.value.params == {"width": 12_000, "height": 9_000}


def test_a_file_that_slips_past_the_checks_costs_only_its_child() -> None:
    # An A0 page is allowed (drawn at ~ 150 dpi, ~ 35 million pixels); a child given too
    # little memory for it dies, and the file comes back rejected with the limit named.
    before = own_peak_mb()
    outcome = sandbox.run(page_pdf(33.1, 46.8), memory_mb=560)
    assert outcome.result.status == "rejected" and outcome.result.error is not None
    assert outcome.result.error.code == "reading_too_costly"
    assert outcome.result.error.params == {"megabytes": 560}
    assert 0 < outcome.peak_mb < 560  # sampled while it ran: it was killed before it said
    assert own_peak_mb() - before < 50


def test_a_file_that_reads_too_long_is_stopped_with_its_tesseract() -> None:
    data = (SAMPLES / "pl" / "fv-classic-photo.jpg").read_bytes()
    started = time.monotonic()
    outcome = sandbox.run(data, seconds=1.0)
    assert time.monotonic() - started < 3
    assert outcome.result.error is not None
    assert outcome.result.error.code == "reading_too_slow"
    assert outcome.result.error.params == {"seconds": 1}


def test_an_ordinary_scan_is_read_in_the_child_within_its_limits() -> None:
    outcome = sandbox.run((SAMPLES / "pl" / "fv-classic-photo.jpg").read_bytes())
    assert outcome.result.status == "ok"
    assert outcome.result.fields.invoice_number
    assert 0 < outcome.peak_mb < sandbox.MEMORY_LIMIT_MB
