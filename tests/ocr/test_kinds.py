"""Kinds of documents: told by their title; only invoices and corrections must have invoice
fields, and letters, statements and others are not forced into them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ocr.fields import read_fields
from tests.ocr.test_checks import INVOICE, page

MISSING = {"invoice_number_missing", "issue_date_missing", "gross_total_missing"}


def kind_of(*lines: str) -> tuple[str | None, set[str]]:
    reading = read_fields([page(*lines)])
    return reading.fields.kind, {p.code for p in reading.problems}


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("Faktura VAT nr FV/2026/11/001", "invoice"),
        ("Faktura VAT do paragonu nr FV/2026/11/001", "invoice"),
        ("Faktura korygująca nr FK/2026/11/001", "correction"),
        ("Faktura PRO FORMA nr PF/2026/11/001", "proforma"),
        ("Proforma invoice PF-12", "proforma"),
        ("TAX INVOICE 42183017", "invoice"),
    ],
)
def test_an_invoice_title_names_its_kind(title: str, kind: str) -> None:
    found, problems = kind_of(title, *INVOICE[1:])
    assert found == kind
    assert not problems & MISSING


def test_a_hebrew_invoice_receipt_is_an_invoice_and_a_receipt_a_receipt() -> None:
    assert kind_of("חשבונית מס קבלה 1042", *INVOICE[1:])[0] == "invoice"
    assert kind_of("קבלה 1042", "Razem 100,00")[0] == "receipt"


def test_a_receipt_is_not_asked_for_an_invoice_number() -> None:
    found, problems = kind_of(
        "Sklep Alfa sp. z o.o.",
        "NIP 526-000-12-46",
        "PARAGON FISKALNY",
        "Chleb 1 x 4,50 4,50A",
        "SUMA PLN 4,50",
        "2026-11-03 12:41",
    )
    assert found == "receipt"
    assert not problems & MISSING


@pytest.mark.parametrize(
    ("lines", "kind"),
    [
        (
            [
                "Alfa sp. z o.o. | Kraków, 3 listopada 2026",
                "Beta S.A.",
                "WEZWANIE DO ZAPŁATY",
                "Wzywamy do zapłaty kwoty 1 338,00 zł z faktury nr FV/2026/10/007",
                "Razem do zapłaty: 1 338,00 zł",
            ],
            "letter",
        ),
        (
            [
                "Kraków, 3 listopada 2026",
                "Szanowni Państwo,",
                "w nawiązaniu do umowy z dnia 1 października przesyłamy aneks.",
                "Z poważaniem",
            ],
            "letter",
        ),
        (
            [
                "UMOWA NAJMU nr 12/2026",
                "zawarta w dniu 01.11.2026 pomiędzy Alfa sp. z o.o. a Beta S.A.",
                "Czynsz wynosi 2 000,00 zł netto miesięcznie.",
            ],
            "letter",
        ),
        (
            [
                "Bank Polski S.A.",
                "WYCIĄG Z RACHUNKU nr 11/2026",
                "Rachunek: 61 1090 1014 0000 0712 1981 2874",
                "Saldo początkowe 10 000,00 | Saldo końcowe 8 662,00",
                "03.11.2026 Przelew FV/2026/11/001 -1 338,00",
            ],
            "bank_statement",
        ),
    ],
)
def test_letters_and_statements_are_not_forced_into_invoice_fields(
    lines: list[str], kind: str
) -> None:
    reading = read_fields([page(*lines)])
    f = reading.fields
    assert f.kind == kind
    assert (f.invoice_number, f.gross_total, f.vat_breakdown, f.due_date) == (None,) * 4
    assert not {p.code for p in reading.problems} & MISSING


def test_a_page_naming_no_kind_but_with_totals_is_an_invoice_less_surely() -> None:
    reading = read_fields([page(*INVOICE[1:])])
    assert reading.fields.kind == "invoice"
    assert reading.confidence["kind"] < 0.9


def test_a_page_naming_nothing_is_other_and_a_person_says_what_it_is() -> None:
    found, problems = kind_of("Lorem ipsum dolor", "sit amet")
    assert found == "other"
    assert problems == {"kind_unknown"}


@pytest.mark.parametrize(
    ("title", "number"),
    [
        ("Faktura VAT nr FV 2025/11/0042", "FV 2025/11/0042"),
        ("Faktura VAT nr: FV/12/03/2025", "FV/12/03/2025"),
        ("Numer faktury: FV 2025/11/0042 | Data wystawienia: 03.11.2025", "FV 2025/11/0042"),
    ],
)
def test_a_number_with_a_prefix_is_read_whole_even_when_it_looks_like_a_date(
    title: str, number: str
) -> None:
    assert read_fields([page(title, *INVOICE[1:])]).fields.invoice_number == number


def test_a_bare_date_beside_the_number_label_is_still_no_number() -> None:
    assert (
        read_fields([page("Faktura VAT nr 12.03.2025", *INVOICE[1:])]).fields.invoice_number is None
    )


@pytest.mark.parametrize("rate", ["0%", "zw", "zw."])
def test_a_vat_summary_whose_only_row_is_zero_or_exempt_is_kept(rate: str) -> None:
    lines = [
        *INVOICE[:8],
        f"{rate} | 1 000,00 | 0,00 | 1 000,00",
        "Razem | 1 000,00 | 0,00 | 1 000,00",
    ]
    lines += ["Do zapłaty: 1 000,00 zł", INVOICE[-1]]
    f = read_fields([page(*lines)]).fields
    assert [(r.rate, str(r.net), str(r.vat)) for r in f.vat_breakdown or []] == [
        (rate.rstrip("%."), "1000.00", "0.00")
    ]
    assert (f.net_total, f.vat_total, f.gross_total) == (
        Decimal("1000.00"),
        Decimal("0.00"),
        Decimal("1000.00"),
    )
