"""Every text a person reads is a reason's code with the parameters its text takes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import pickle
from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Protocol, runtime_checkable

import pytest
from babel.messages.pofile import read_po
from PIL import Image

import ocr
from ocr import cli, pdf, sandbox, sniff, tesseract
from ocr.checks import check
from ocr.errors import PLACEHOLDER, OcrError, Problem, Reason, Rejected, describe
from ocr.fields import read_fields
from ocr.ksef import FA3
from ocr.model import Extraction, InvoiceFields, VatRow
from tests.ocr.conftest import REALWORLD
from tests.ocr.test_bad_input import BAD_INPUTS, small_pdf, zip_file
from tests.ocr.test_checks import INVOICE, page
from tests.ocr.test_hostile import page_pdf

# Reasons no code gives any more, kept so that problems stored with them still read.
RETIRED = {Reason.IMAGE_TOO_LARGE_TO_OPEN}

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = ROOT / "intake" / "translations"

GOOD = InvoiceFields(
    kind="invoice",
    invoice_number="FV/2026/11/001",
    issue_date=dt.date(2026, 11, 3),
    sale_date=dt.date(2026, 11, 2),
    due_date=dt.date(2026, 11, 17),
    seller_tax_id="5260001246",
    buyer_tax_id="9999999999",
    currency="PLN",
    net_total=Decimal("1000.00"),
    vat_total=Decimal("230.00"),
    gross_total=Decimal("1230.00"),
    bank_account="PL61109010140000071219812874",
    vat_breakdown=[VatRow("23", Decimal("1000.00"), Decimal("230.00"))],
)


def rejection(data: bytes) -> Problem:
    """Return why ocr.extract rejects the bytes."""
    result = ocr.extract(data)
    assert result.status == "rejected" and result.error is not None
    return result.error


def raised(read: Callable[[], object]) -> Problem:
    """Return the problem an OcrError raised by read carries."""
    with pytest.raises(OcrError) as excinfo:
        read()
    return excinfo.value.problem


def checked(**changes: object) -> list[Problem]:
    """Return the failed checks of GOOD with some fields changed."""
    return check(dataclasses.replace(GOOD, **changes), {})  # type: ignore[arg-type]


def read_invoice(old: str, new: str, scale: float = 1.0) -> list[Problem]:
    """Return the problems of the test invoice with one text changed."""
    return read_fields([page(*(line.replace(old, new) for line in INVOICE))], scale).problems


def image(kind: str, size: tuple[int, int] = (64, 48), frames: int = 1) -> bytes:
    """Return a white image file, with extra frames for a TIFF."""
    out = io.BytesIO()
    first = Image.new("L", size, 255)
    more = [Image.new("L", size, 255) for _ in range(frames - 1)]
    first.save(out, kind, save_all=frames > 1, append_images=more)
    return out.getvalue()


def ksef(body: str) -> bytes:
    """Return XML in the FA(3) namespace."""
    return f'<?xml version="1.0"?>{body.format(ns=FA3)}'.encode()


def truncated_jpeg() -> bytes:
    """Return a JPEG cut after its header: it opens, but cannot be decoded."""
    out = io.BytesIO()
    Image.effect_noise((400, 300), 64).convert("RGB").save(out, "JPEG", quality=90)
    return out.getvalue()[: len(out.getvalue()) // 3]


def no_pages() -> Problem:
    """Return the rejection of a PDF whose page tree is empty (PDFium opens none such)."""

    class Empty:
        def __init__(self, data: bytes) -> None:
            pass

        def __len__(self) -> int:
            return 0

        def close(self) -> None:
            pass

    data = small_pdf(1)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sniff.pdfium, "PdfDocument", Empty)
        return raised(lambda: sniff.inspect(data))


def crash() -> Problem:
    """Return the rejection of a file whose reading fails unexpectedly."""

    def boom(data: bytes) -> None:
        raise RuntimeError("boom.")

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("ocr.reader.ksef.read", boom)
        return rejection(ksef("<Faktura xmlns='{ns}'><Fa/></Faktura>"))


def mended_sale_date() -> list[Problem]:
    """Return the problems of an OCR'd invoice whose sale date (the 18th) is after its issue
    (the 10th), due 14 days after the 10th: an 0 read as an 8."""
    from tests.ocr.test_corroborate import TODAY

    issue = TODAY.replace(day=10)
    lines = [
        INVOICE[0],
        f"Data wystawienia: {issue:%d.%m.%Y}",
        f"Data sprzedaży: {issue.replace(day=18):%d.%m.%Y}",
        f"Termin płatności: {issue + dt.timedelta(days=14):%d.%m.%Y}",
        *INVOICE[4:],
    ]
    return read_fields([page(*lines)], 0.9).problems


def one(problems: list[Problem], reason: Reason) -> Problem:
    """Return the one problem of a reason among problems."""
    found = [p for p in problems if p.reason is reason]
    assert len(found) == 1, problems
    return found[0]


# Each reason, made by the code that raises or lists it; every raise site at least once.
PRODUCERS: list[tuple[Reason, Callable[[], Problem]]] = [
    (Reason.EMPTY_FILE, lambda: rejection(b"")),
    (Reason.ZIP_ARCHIVE, lambda: rejection(zip_file())),
    (Reason.EMPTY_ZIP_ARCHIVE, lambda: rejection(b"PK\x05\x06" + b"\x00" * 18)),
    (Reason.ARCHIVE, lambda: rejection(b"Rar!\x1a\x07\x00" + b"\x00" * 40)),
    (Reason.ARCHIVE, lambda: rejection(b"7z\xbc\xaf\x27\x1c" + b"\x00" * 40)),
    (Reason.ARCHIVE, lambda: rejection(b"\x1f\x8b\x08" + b"\x00" * 40)),
    (Reason.PROGRAM, lambda: rejection(BAD_INPUTS["exe-named-pdf"][0])),
    (Reason.PROGRAM, lambda: rejection(b"\x7fELF\x02\x01\x01" + b"\x00" * 40)),
    (Reason.OLD_OFFICE_DOCUMENT, lambda: rejection(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" * 8)),
    (Reason.GIF_IMAGE, lambda: rejection(image("GIF"))),
    (Reason.HTML_PAGE, lambda: rejection(BAD_INPUTS["html-named-jpg"][0])),
    (Reason.NOT_KSEF_XML, lambda: rejection(b'<Invoice xmlns="urn:oasis"><ID>1</ID></Invoice>')),
    (Reason.NOT_KSEF_XML, lambda: rejection(ksef("<Other xmlns='{ns}'/>"))),
    (Reason.UNKNOWN_FILE_TYPE, lambda: rejection(BAD_INPUTS["plain-text"][0])),
    (Reason.XML_TOO_LARGE, lambda: rejection(ksef("<Faktura xmlns='{ns}'>") + b" " * 10**7)),
    (Reason.PDF_TRUNCATED, lambda: rejection(BAD_INPUTS["truncated-pdf"][0])),
    (Reason.PDF_ENCRYPTED, lambda: rejection(BAD_INPUTS["encrypted-pdf"][0])),
    (Reason.PDF_UNREADABLE, lambda: rejection(b"%PDF-1.4 garbage\n%%EOF\n")),
    (Reason.PDF_UNREADABLE, lambda: raised(lambda: list(pdf.text_pages(b"%PDF-1.4 broken")))),
    (Reason.PDF_NO_PAGES, no_pages),
    (Reason.PDF_TOO_MANY_PAGES, lambda: rejection(BAD_INPUTS["2000-page-pdf"][0])),
    (Reason.IMAGE_TOO_LARGE, lambda: rejection(BAD_INPUTS["image-bomb"][0])),
    (Reason.IMAGE_TOO_LARGE, lambda: rejection(image("PNG", (9000, 9000)))),
    (Reason.PDF_PAGE_TOO_LARGE, lambda: rejection(page_pdf(200, 200))),
    (
        Reason.READING_TOO_COSTLY,
        lambda: sandbox.run(page_pdf(33.1, 46.8), memory_mb=560).result.error,  # type: ignore[return-value]
    ),
    (
        Reason.READING_TOO_SLOW,
        lambda: sandbox.run(image("PNG", (2000, 2000)), seconds=0.05).result.error,  # type: ignore[return-value]
    ),
    (Reason.IMAGE_TOO_SMALL, lambda: rejection(image("PNG", (4, 4)))),
    (Reason.IMAGE_TOO_MANY_PAGES, lambda: rejection(image("TIFF", (16, 16), frames=501))),
    (Reason.IMAGE_UNREADABLE, lambda: rejection(BAD_INPUTS["broken-png"][0])),
    (Reason.IMAGE_UNREADABLE, lambda: rejection(truncated_jpeg())),
    (Reason.XML_DECLARES_DTD, lambda: rejection(BAD_INPUTS["xml-bomb"][0])),
    (Reason.XML_MALFORMED, lambda: rejection(ksef("<Faktura xmlns='{ns}'><Fa>"))),
    (Reason.KSEF_FA_MISSING, lambda: rejection(ksef("<Faktura xmlns='{ns}'></Faktura>"))),
    (
        Reason.KIND_UNKNOWN,
        lambda: one(
            read_fields([page("Lorem ipsum dolor", "sit amet")]).problems, Reason.KIND_UNKNOWN
        ),
    ),
    (Reason.DATE_REPAIRED, lambda: one(mended_sale_date(), Reason.DATE_REPAIRED)),
    (Reason.FILE_UNREADABLE, crash),
    (Reason.FILE_NOT_OPENED, lambda: cli.read_file("/nonexistent/invoice.pdf").error),  # type: ignore[return-value,arg-type]
    (Reason.OCR_FAILED, lambda: raised(lambda: tesseract.ocr(Image.new("L", (64, 64)), "nolang"))),
    (
        Reason.SELLER_TAX_ID_CHECKSUM,
        lambda: one(checked(seller_tax_id="5260001247"), Reason.SELLER_TAX_ID_CHECKSUM),
    ),
    (
        Reason.BUYER_TAX_ID_CHECKSUM,
        lambda: one(checked(buyer_tax_id="5260001247"), Reason.BUYER_TAX_ID_CHECKSUM),
    ),
    (
        Reason.BANK_ACCOUNT_CHECKSUM,
        lambda: one(
            checked(bank_account="PL62109010140000071219812874"), Reason.BANK_ACCOUNT_CHECKSUM
        ),
    ),
    (
        Reason.TOTALS_MISMATCH,
        lambda: one(checked(gross_total=Decimal("1240.00")), Reason.TOTALS_MISMATCH),
    ),
    (
        Reason.VAT_ROW_MISMATCH,
        lambda: one(
            checked(vat_breakdown=[VatRow("23", Decimal("1000.00"), Decimal("231.00"))]),
            Reason.VAT_ROW_MISMATCH,
        ),
    ),
    (
        Reason.VAT_SUMMARY_NET_MISMATCH,
        lambda: one(
            checked(vat_breakdown=[VatRow("23", Decimal("900.00"), Decimal("207.00"))]),
            Reason.VAT_SUMMARY_NET_MISMATCH,
        ),
    ),
    (
        Reason.TOTALS_DO_NOT_ADD_UP,
        lambda: one(
            read_fields([page("Subtotal: 100.00", "VAT: 20.00", "Total: 125.00 EUR")]).problems,
            Reason.TOTALS_DO_NOT_ADD_UP,
        ),
    ),
    (
        Reason.ISSUE_DATE_IMPLAUSIBLE,
        lambda: one(
            checked(issue_date=dt.date(1999, 1, 4), sale_date=None, due_date=None),
            Reason.ISSUE_DATE_IMPLAUSIBLE,
        ),
    ),
    (
        Reason.DUE_DATE_FAR_FROM_ISSUE,
        lambda: one(checked(due_date=dt.date(2028, 1, 1)), Reason.DUE_DATE_FAR_FROM_ISSUE),
    ),
    (
        Reason.SALE_DATE_FAR_FROM_ISSUE,
        lambda: one(checked(sale_date=dt.date(2024, 1, 1)), Reason.SALE_DATE_FAR_FROM_ISSUE),
    ),
    (
        Reason.INVOICE_NUMBER_MISSING,
        lambda: one(checked(invoice_number=None), Reason.INVOICE_NUMBER_MISSING),
    ),
    (
        Reason.ISSUE_DATE_MISSING,
        lambda: one(
            checked(issue_date=None, sale_date=None, due_date=None), Reason.ISSUE_DATE_MISSING
        ),
    ),
    (
        Reason.GROSS_TOTAL_MISSING,
        lambda: one(checked(gross_total=None), Reason.GROSS_TOTAL_MISSING),
    ),
    (
        Reason.SELLER_TAX_ID_MISSING,
        lambda: one(checked(seller_tax_id=None), Reason.SELLER_TAX_ID_MISSING),
    ),
    (
        Reason.SELLER_TAX_ID_REPAIRED,
        lambda: one(
            read_invoice("NIP: 526-000-12-46 |", "NIP: 465-034-14-82 |", 0.9),
            Reason.SELLER_TAX_ID_REPAIRED,
        ),
    ),
    (
        Reason.BUYER_TAX_ID_REPAIRED,
        lambda: one(
            read_invoice("NIP: 9999999999", "NIP: 465-034-14-82", 0.9),
            Reason.BUYER_TAX_ID_REPAIRED,
        ),
    ),
    (
        Reason.BANK_ACCOUNT_REPAIRED,
        lambda: one(
            read_invoice("Konto: 61 1090", "Konto: 01 1090", 0.9), Reason.BANK_ACCOUNT_REPAIRED
        ),
    ),
]


def test_every_reason_is_produced_by_the_code_somewhere() -> None:
    assert {reason for reason, _ in PRODUCERS} == set(Reason) - RETIRED


@pytest.mark.parametrize(
    ("reason", "produce"), PRODUCERS, ids=[f"{r.code}-{n}" for n, (r, _) in enumerate(PRODUCERS)]
)
def test_a_reason_comes_with_the_parameters_its_text_takes(
    reason: Reason, produce: Callable[[], Problem]
) -> None:
    problem = produce()
    assert problem.reason is reason
    assert set(problem.params) == reason.param_names
    text = problem.msgid % problem.params  # no KeyError: the text takes exactly these
    assert text == str(problem) and "%(" not in text
    stored = json.loads(json.dumps(problem.to_json()))
    assert stored == {"code": reason.code, "params": dict(problem.params)}
    assert Problem.from_json(stored) == problem


@pytest.mark.parametrize("reason", list(Reason), ids=lambda r: r.code)
def test_a_reason_text_is_a_sentence_with_named_parameters(reason: Reason) -> None:
    text = reason.msgid
    assert reason.code == reason.name.lower()
    assert text[0].isupper() and text.endswith("."), text
    assert "%" not in PLACEHOLDER.sub("", text).replace("%%", ""), text
    assert "%(" not in text % {name: "x" for name in reason.param_names}


def sample_files() -> list[Path]:
    """Return the synthetic text samples and the real-world KSeF and text PDFs."""
    samples = [p for p in (ROOT / "samples").glob("*/*") if p.suffix in (".pdf", ".xml")]
    real = [p for p in (REALWORLD / "docs").glob("*") if p.suffix in (".pdf", ".xml")]
    return sorted(samples) + sorted(real)


def test_every_problem_of_the_samples_and_bad_inputs_formats() -> None:
    produced: list[Problem] = []
    inputs = [p.read_bytes() for p in sample_files()] + [d for d, _ in BAD_INPUTS.values()]
    assert len(inputs) > 30
    for data in inputs:
        result = ocr.extract(data)
        produced += [*result.problems, *([result.error] if result.error else [])]
    assert produced
    for problem in produced:
        assert isinstance(problem.reason, Reason)
        assert "%(" not in problem.msgid % problem.params


def test_a_problem_refuses_parameters_its_text_does_not_take() -> None:
    with pytest.raises(TypeError):
        Problem(Reason.PDF_TOO_MANY_PAGES, {"pages": 60})
    with pytest.raises(TypeError):
        Problem(Reason.EMPTY_FILE, {"detail": "x"})
    with pytest.raises(TypeError):
        Problem(Reason.IMAGE_TOO_SMALL, {"width": 4.5, "height": 4})


def test_a_stored_problem_with_an_unknown_code_is_refused() -> None:
    with pytest.raises(ValueError):
        Problem.from_json({"code": "no_such_reason", "params": {}})


def test_rejected_carries_its_code_text_and_parameters() -> None:
    error = Rejected(Reason.PDF_TOO_MANY_PAGES, pages=60, limit=50)
    assert (error.reason, error.code) == (Reason.PDF_TOO_MANY_PAGES, "pdf_too_many_pages")
    assert error.msgid == "The PDF has %(pages)s pages; at most %(limit)s are accepted. " + (
        "Send each invoice as a file of its own."
    )
    assert error.params == {"pages": 60, "limit": 50}
    assert str(error) == error.msgid % error.params
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is Rejected and again.problem == error.problem


def test_an_image_too_small_still_says_so_in_english() -> None:
    # inbox/mime.py still tells a logo by the English text; keep it until it reads the code.
    with pytest.raises(Rejected) as excinfo:
        sniff.image_size(image("PNG", (4, 4)))
    assert "too small" in str(excinfo.value)


def test_the_contract_keeps_its_keys_and_adds_the_error_code() -> None:
    keys = {"file", "status", "error", "source", "pages", "elapsed_ms", "fields", "confidence"}
    ok = Extraction().to_contract("a.pdf")
    rejected = Extraction(status="rejected", error=Problem(Reason.EMPTY_FILE)).to_contract("b")
    assert set(ok) == set(rejected) == keys | {"error_code"}
    assert (ok["error"], ok["error_code"]) == (None, None)
    assert rejected["error"] == Reason.EMPTY_FILE.msgid
    assert rejected["error_code"] == "empty_file"


@pytest.mark.parametrize("locale", ["pl", "he"])
def test_every_reason_is_translated_with_the_same_parameters(locale: str) -> None:
    with (CATALOGUES / locale / "LC_MESSAGES" / "messages.po").open("rb") as f:
        catalogue = read_po(f, locale=locale)
    for reason in Reason:
        message = catalogue.get(reason.msgid)
        assert message is not None and message.string, f"{locale}: {reason.code}"
        assert set(PLACEHOLDER.findall(message.string)) == reason.param_names, reason.code
        assert not message.fuzzy, reason.code
        assert "%(" not in message.string % {name: "x" for name in reason.param_names}


@runtime_checkable
class Text(Protocol):
    """What intake translates: gettext(locale, obj.msgid, **obj.params)."""

    msgid: str
    params: Mapping[str, object]


def test_problems_and_rejections_are_texts_intake_translates() -> None:
    for text in (Problem(Reason.EMPTY_FILE), Rejected(Reason.IMAGE_TOO_SMALL, width=4, height=4)):
        assert isinstance(text, Text)
        assert isinstance(text.msgid, str) and isinstance(text.params, Mapping)


def test_a_library_detail_loses_its_full_stop_and_object_addresses() -> None:
    error = OSError("cannot identify image file <_io.BytesIO object at 0x7f095a417a60>.")
    assert describe(error) == "cannot identify image file"
    assert describe(RuntimeError()) == "RuntimeError"
    assert describe(ValueError("Data format error (PDFium).")) == "Data format error (PDFium)"
