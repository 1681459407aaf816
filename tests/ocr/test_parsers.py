"""Dates, amounts, rates, currencies, tax ids and accounts are read in their common forms."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ocr.amounts import find_amounts, find_currencies, find_rates
from ocr.dates import find_dates, parse_days
from ocr.tax_ids import find_accounts, find_israeli_ids, find_tax_ids

NOV_3 = dt.date(2026, 11, 3)


@pytest.mark.parametrize(
    "text",
    [
        "2026-11-03", "03.11.2026", "03-11-2026", "03/11/2026", "3 listopada 2026",
        "3 lis 2026", "3 LISTOPADA 2026 r.", "Nov 3, 2026", "November 3rd, 2026",
        "3 November 2026", "3 Nov. 2026", "2026.11.03", "Data: 03.11.2026 r.", "3 november 2026",
    ],
)  # fmt: skip
def test_a_date_is_read_in_every_common_form(text: str) -> None:
    assert [d.value for d in find_dates(text)] == [NOV_3]


def test_a_date_with_a_polish_month_without_accents_is_read() -> None:
    assert [d.value for d in find_dates("22 wrzesnia 2026")] == [dt.date(2026, 9, 22)]
    assert [d.value for d in find_dates("1 października 2026")] == [dt.date(2026, 10, 1)]


def test_a_day_first_date_is_not_read_as_month_first() -> None:
    assert [d.value for d in find_dates("02/11/2026")] == [dt.date(2026, 11, 2)]
    assert [d.value for d in find_dates("12/31/2026")] == [dt.date(2026, 12, 31)]


@pytest.mark.parametrize("text", ["31.02.2026", "12345", "FV/2026/11/001", "99-99-2026"])
def test_a_non_date_is_not_a_date(text: str) -> None:
    assert find_dates(text) == []


def test_a_payment_term_in_days_is_read() -> None:
    assert parse_days("Termin płatności: 14 dni") == 14
    assert parse_days("Net 30") == 30
    assert parse_days("7 days") == 7


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1 234,56", "1234.56"), ("1.234,56 zł", "1234.56"), ("1234,56 PLN", "1234.56"),
        ("1,234.56", "1234.56"), ("€ 2.321,00", "2321.00"), ("-162,60", "-162.60"),
        ("Razem: 17 115,45PLN", "17115.45"), ("$4.11", "4.11"), ("1 234 567,89", "1234567.89"),
        ("0,00", "0.00"), ("12.50", "12.50"),
    ],
)  # fmt: skip
def test_an_amount_is_read_in_polish_and_english_forms(text: str, value: str) -> None:
    assert [a.value for a in find_amounts(text)] == [Decimal(value)]


def test_amounts_of_a_summary_row_are_read_apart() -> None:
    values = [a.value for a in find_amounts("23% 13 915,00 3 200,45 17 115,45")]
    assert values == [Decimal("13915.00"), Decimal("3200.45"), Decimal("17115.45")]


def test_rates_and_currencies_are_named() -> None:
    assert [r[0] for r in find_rates("23% 8 % zw np 5,5%")] == ["23", "8", "zw", "np", "5.5"]
    assert find_currencies('100 zł 20 € $5 ₪ 3 ש"ח EUR') == [
        "PLN",
        "EUR",
        "USD",
        "ILS",
        "ILS",
        "EUR",
    ]


@pytest.mark.parametrize(
    "text",
    ["NIP: 5260001246", "NIP PL 526-000-12-46", "NIP: 526-00-01-246", "PL5260001246",
     "NIP 526 000 12 46"],
)  # fmt: skip
def test_a_nip_is_read_with_prefix_dashes_or_spaces(text: str) -> None:
    found = find_tax_ids(text)
    assert [(t.value, t.valid) for t in found] == [("5260001246", True)]


@pytest.mark.parametrize("text", ["NIP: PLB595529005", "NIP: PL 859 552 9OO5", "VAT: PL8595S29005"])
def test_a_nip_whose_digits_ocr_read_as_letters_is_read(text: str) -> None:
    assert [(t.value, t.valid) for t in find_tax_ids(text)] == [("8595529005", True)]


def test_letters_in_a_polish_vat_number_that_fail_its_checksum_are_no_nip() -> None:
    assert find_tax_ids("NIP: PLB595529006") == []


def test_a_nip_with_a_wrong_check_digit_is_marked_invalid() -> None:
    assert find_tax_ids("NIP: 5260001247")[0].valid is False


def test_an_eu_vat_number_loses_its_country_prefix() -> None:
    assert find_tax_ids("BTW NL810433941B01")[0].value == "810433941B01"
    assert find_tax_ids("USt-IdNr.: DE 136 695 976")[0].value == "136695976"


def test_an_israeli_number_is_checked() -> None:
    assert [t.valid for t in find_israeli_ids("ח.פ. 514269364 עוסק 514269365")] == [True, False]


def test_a_polish_nrb_becomes_an_iban() -> None:
    found = find_accounts("Konto: 61 1090 1014 0000 0712 1981 2874")
    assert [(a.value, a.valid) for a in found] == [("PL61109010140000071219812874", True)]


def test_an_iban_followed_by_a_word_is_cut_at_its_end() -> None:
    found = find_accounts("IBAN: PL61 1090 1014 0000 0712 1981 2874 BIC WBKPPLPP")
    assert found[0].value == "PL61109010140000071219812874"


def test_the_polish_legal_form_survives_ocr_zeros():
    from ocr.parties import legal_form

    assert legal_form("Komcom sp. z 0.0.") == "Komcom sp. z o.o."
    assert legal_form("Agrobud Sp. z o.0") == "Agrobud Sp. z o.o."
    assert legal_form("Ekonet Sp. z o.o. Sp. k.") == "Ekonet Sp. z o.o. Sp. k."
    assert legal_form("Studio 100 S.A.") == "Studio 100 S.A."


def test_an_account_with_a_letter_for_a_digit_gives_no_nip() -> None:
    # its first ten figures, the O read as 0, pass a NIP's checksum: they are still no NIP
    assert find_tax_ids("Konto: PL85 9552 9OO5 1234 5678 9012 3456") == []
