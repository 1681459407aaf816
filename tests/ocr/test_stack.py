"""Stacks: one file holding several invoices is told apart page by page, and cut into them."""

from __future__ import annotations

import io
import random
import time

import pypdfium2 as pdfium
import pytest
from PIL import Image

import ocr
from ocr import stack
from ocr.stack import PageMark
from samples import degrade, layouts
from samples.invoice import EPOCH, Invoice, random_invoice
from tests.ocr.test_hostile import BUDGET_S, own_peak_mb, tiff_frames


def invoices(count: int, rows: int = 4, seed: int = 7) -> list[tuple[Invoice, bytes]]:
    """Return `count` different generated invoices with their text PDFs."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        inv = random_invoice(rng, "pl", rows, start=EPOCH)
        out.append((inv, layouts.render(inv, "classic", rng)))
    return out


def joined(pdfs: list[bytes]) -> bytes:
    """Return one PDF holding the pages of several, in order."""
    out = pdfium.PdfDocument.new()
    for data in pdfs:
        src = pdfium.PdfDocument(data)
        out.import_pages(src)
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


def page_counts(pdfs: list[bytes]) -> list[int]:
    return [len(pdfium.PdfDocument(data)) for data in pdfs]


def expected(counts: list[int]) -> list[tuple[int, int]]:
    parts, first = [], 1
    for n in counts:
        parts.append((first, first + n - 1))
        first += n
    return parts


def test_page_marks_in_three_languages():
    assert stack.page_mark("Faktura ... Strona 1 z 3") == (1, 3)
    assert stack.page_mark("Invoice  Page 2 of 2") == (2, 2)
    assert stack.page_mark("str. 3/4 razem") == (3, 4)
    assert stack.page_mark("עמוד 1 מתוך 2") == (1, 2)
    assert stack.page_mark("Strona 2") == (2, None)
    assert stack.page_mark("Strona:3") == (3, None)
    assert stack.page_mark("Faktura VAT nr 12/2025 z dnia 3.04.2025") == (None, None)
    assert stack.page_mark("Strona 3 z 2") == (None, None)  # no page 3 of 2


def test_split_rules():
    a, b = PageMark(invoice_number="fv1", seller_tax_id="1"), PageMark(invoice_number="fv2")
    assert stack.split([a, PageMark(), b, PageMark(number=2)]) == [(1, 2), (3, 4)]
    # "page 1 of N" starts one even without a header read; "page 2" never does
    assert stack.split([a, PageMark(number=1, of=1), PageMark(number=2, invoice_number="x")]) == [
        (1, 1),
        (2, 3),
    ]
    # the same number repeated on every page is one invoice
    assert stack.split([a, a, a]) == [(1, 3)]
    # another seller with no number read starts one too
    assert stack.split([a, PageMark(seller_tax_id="2")]) == [(1, 1), (2, 2)]
    # "page 2" right after "page 3" was misread or is another's: its header decides
    first, second = PageMark(number=2), PageMark(number=3)
    other = PageMark(number=2, invoice_number="fv2")
    assert stack.split([a, first, second, other]) == [(1, 3), (4, 4)]
    assert stack.split([a, first, second, PageMark(number=2)]) == [(1, 4)]


def test_text_pdf_stack_of_three_is_split_at_each_invoice():
    made = invoices(3)
    pdfs = [pdf for _, pdf in made]
    result = ocr.extract(joined(pdfs), "stack.pdf")
    assert result.status == "ok"
    assert result.parts == expected(page_counts(pdfs))
    assert result.pages == sum(page_counts(pdfs))


def test_cut_parts_read_as_their_own_invoices():
    made = invoices(3)
    data = joined([pdf for _, pdf in made])
    result = ocr.extract(data, "stack.pdf")
    parts = stack.cut(data, "application/pdf", result.parts)
    for (inv, pdf), part in zip(made, parts, strict=True):
        assert len(pdfium.PdfDocument(part)) == len(pdfium.PdfDocument(pdf))
        read = ocr.extract(part, "part.pdf")
        assert read.parts == []
        assert read.fields.invoice_number == inv.number
        assert read.fields.seller_tax_id == inv.seller.tax_id


def test_long_invoices_in_a_stack_keep_their_pages():
    rng = random.Random(3)
    made = []
    for rows in (90, 4, 70):  # three pages, one, two or three
        inv = random_invoice(rng, "pl", rows, start=EPOCH)
        made.append(layouts.render(inv, "classic", rng))
    counts = page_counts(made)
    assert counts[0] > 1 and counts[2] > 1
    assert ocr.extract(joined(made), "stack.pdf").parts == expected(counts)


@pytest.mark.parametrize("rows", [90, 130])
def test_one_long_invoice_is_never_split(rows):
    rng = random.Random(rows)
    inv = random_invoice(rng, "pl", rows, start=EPOCH)
    pdf = layouts.render(inv, "classic", rng)
    assert len(pdfium.PdfDocument(pdf)) >= 3
    result = ocr.extract(pdf, "long.pdf")
    assert result.parts == []
    assert result.fields.invoice_number == inv.number


def test_scanned_tiff_stack_is_split_and_cut_into_tiffs():
    rng = random.Random(11)
    made = []
    for rows in (4, 70):  # one page, then two or more
        inv = random_invoice(rng, "pl", rows, start=EPOCH)
        made.append((inv, layouts.render(inv, "classic", rng)))
    frames = [degrade.scan(p, rng) for _, pdf in made for p in degrade.pages(pdf, 200)]
    count = len(frames)
    assert count >= 3
    buf = io.BytesIO()
    frames[0].save(buf, "TIFF", save_all=True, append_images=frames[1:], dpi=(200, 200))
    data = buf.getvalue()
    result = ocr.extract(data, "stack.tif")
    assert result.status == "ok", result.error
    assert result.parts == [(1, 1), (2, count)]
    first, second = stack.cut(data, "image/tiff", result.parts)
    with Image.open(io.BytesIO(second)) as img:
        assert img.n_frames == count - 1
    read = ocr.extract(first, "part.tif")
    assert read.fields.invoice_number == made[0][0].number


def test_scanned_pdf_stack_is_split_and_one_long_scan_is_not():
    rng = random.Random(5)
    made = invoices(3, seed=5)
    images = [degrade.scan(degrade.pages(pdf, 200)[0], rng) for _, pdf in made]
    result = ocr.extract(degrade.image_pdf(images, 200), "stack.pdf")
    assert result.status == "ok", result.error
    assert result.parts == [(1, 1), (2, 2), (3, 3)]
    inv = random_invoice(rng, "pl", 90, start=EPOCH)
    pages = degrade.pages(layouts.render(inv, "classic", rng), 200)
    long = ocr.extract(degrade.image_pdf([degrade.scan(p, rng) for p in pages], 200), "long.pdf")
    assert len(pages) >= 3 and long.parts == []
    assert long.fields.invoice_number == inv.number


def scanned_tiff(pdfs: list[bytes], rng: random.Random) -> tuple[bytes, list[Image.Image]]:
    """Return the pages of the PDFs scanned at 200 dpi into one TIFF, and the scans."""
    frames = [degrade.scan(p, rng) for pdf in pdfs for p in degrade.pages(pdf, 200)]
    buf = io.BytesIO()
    frames[0].save(buf, "TIFF", save_all=True, append_images=frames[1:], dpi=(200, 200))
    return buf.getvalue(), frames


def test_a_scanned_stack_longer_than_ten_pages_is_split_to_its_last_page():
    rng = random.Random(25)
    pdfs = []
    for rows in (90, 90, 90, 4, 4):  # three pages each, then one and one
        inv = random_invoice(rng, "pl", rows, start=EPOCH)
        pdfs.append(layouts.render(inv, "classic", rng))
    counts = page_counts(pdfs)
    truth = expected(counts)
    assert sum(counts) > 10 and truth[-1][0] > 10  # the last invoice starts past page 10
    scans = [degrade.scan(p, rng) for pdf in pdfs for p in degrade.pages(pdf, 200)]
    result = ocr.extract(degrade.image_pdf(scans, 200), "stack.pdf")
    assert result.status == "ok", result.error
    assert result.parts == truth


def test_hebrew_page_marks_are_read_on_scans():
    rng = random.Random(15)
    pdfs = []
    for rows in (60, 4):  # two pages or more, then one
        inv = random_invoice(rng, "il", rows, start=EPOCH)
        pdfs.append(layouts.render(inv, "classic", rng))
    counts = page_counts(pdfs)
    assert counts[0] >= 2
    data, frames = scanned_tiff(pdfs, rng)
    numbers = [stack.mark(stack.strips(frame)).number for frame in frames]
    assert numbers == [*range(1, counts[0] + 1), *range(1, counts[1] + 1)]
    result = ocr.extract(data, "stack.tif")
    assert result.status == "ok", result.error
    assert result.parts == expected(counts)


MAKE_BIG_TIFF = """
import sys
from PIL import Image
frame = Image.new("RGB", (8000, 9000), "white")  # 72 million pixels: under the cap
frame.save(sys.argv[1], "TIFF", save_all=True, append_images=[frame], compression="tiff_deflate")
"""


def big_frames(tmp_path) -> bytes:
    """Return a small TIFF of two frames of 72 million pixels each, made in another process
    (so that this one never holds them)."""
    import subprocess
    import sys

    path = tmp_path / "big.tif"
    subprocess.run([sys.executable, "-c", MAKE_BIG_TIFF, str(path)], check=True)
    return path.read_bytes()


def one_huge_frame(_) -> bytes:
    out = io.BytesIO()
    small = Image.new("1", (300, 300), 1)
    big = Image.new("1", (12_000, 9_000), 1)  # 108 million pixels, a few kB as 1-bit
    small.save(out, "TIFF", save_all=True, append_images=[small, big], compression="group4")
    return out.getvalue()


@pytest.mark.parametrize(
    ("make", "parts", "code"),
    [
        (lambda _: tiff_frames(500), [(1, 250), (251, 500)], "image_too_many_pages"),
        (one_huge_frame, [(1, 1), (2, 3)], "image_too_large"),
        (big_frames, [(1, 1), (2, 2)], "reading_too_costly"),
    ],
    ids=["500 frames", "a huge frame behind small ones", "frames too large to decode"],
)
def test_a_hostile_tiff_handed_to_the_cut_is_refused_in_its_child(
    make, parts, code, tmp_path, monkeypatch
):
    data = make(tmp_path)
    monkeypatch.setenv("INTAKE_OCR_MEMORY_MB", "700")  # a child's libraries take ~500 MB
    before = own_peak_mb()
    started = time.monotonic()
    with pytest.raises(ocr.Rejected) as refused:
        stack.cut(data, "image/tiff", parts)
    assert time.monotonic() - started < BUDGET_S * 2
    assert refused.value.code == code
    assert own_peak_mb() - before < 50  # nothing was decoded here


def test_a_tiff_cut_in_its_child_keeps_its_frames_and_resolution():
    frames = [Image.new("L", (400, 500), shade) for shade in (0, 60, 120, 180, 240)]
    buf = io.BytesIO()
    frames[0].save(buf, "TIFF", save_all=True, append_images=frames[1:], dpi=(200, 200))
    first, second = stack.cut(buf.getvalue(), "image/tiff", [(1, 2), (3, 5)])
    for data, shades in ((first, [0, 60]), (second, [120, 180, 240])):
        with Image.open(io.BytesIO(data)) as img:
            assert img.n_frames == len(shades)
            for index, shade in enumerate(shades):
                img.seek(index)
                assert img.getpixel((10, 10)) == shade
                assert round(img.info["dpi"][0]) == 200


def test_pages_not_looked_at_in_time_continue_the_last_document():
    from ocr.model import Page, Word

    def marked(number: int) -> Page:
        return Page(
            600, 800, [Word("Strona", 10, 780, 60, 790), Word(str(number), 70, 780, 80, 790)]
        )

    looked: list[int] = []

    def pages():
        for n, number in enumerate([1, 1, 2, 1], start=1):
            looked.append(n)
            yield marked(number)

    assert stack.ranges(pages(), 4) == [(1, 1), (2, 3), (4, 4)]
    looked.clear()
    assert stack.ranges(pages(), 4, seconds=0.0) == [(1, 4)]  # out of time after page 1
    assert looked == [1]
