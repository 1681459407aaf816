"""A tax task's amounts as people give them: by tax code, in złoty and grosze, never floats.

The portal's form and the command line give text as a Polish user types it ('1 234,56',
'1234,56', '1234.56'); code may give Decimal. Due dates come as '25.01.2027' or
'2027-01-25'; a tax without one is due on its statutory day in the office's country.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from intake.formats import parse_amount, parse_day
from intake.month import Month
from tasks.deadlines import payment_due
from tasks.errors import InvalidAmounts, Why
from tasks.vocabulary import TaxCode

CENT = Decimal("0.01")


def tax_code(raw: str) -> TaxCode:
    """Return the tax a code names ('vat ' is VAT), or raise InvalidAmounts."""
    try:
        return TaxCode(raw.strip().upper())
    except ValueError:
        raise InvalidAmounts(Why.NOT_A_TAX, code=raw, codes=TaxCode.values()) from None


def clean_amount(tax: TaxCode, raw: object) -> Decimal:
    """Return one amount as a Decimal with two places, or raise InvalidAmounts."""
    if isinstance(raw, float | bool):
        raise InvalidAmounts(Why.AMOUNT_NOT_TEXT, tax=tax, value=repr(raw))
    if isinstance(raw, Decimal | int):
        value = Decimal(raw)
    else:
        try:
            value = parse_amount(str(raw))
        except ValueError:
            raise InvalidAmounts(Why.NOT_AN_AMOUNT, tax=tax, value=str(raw)) from None
    if not value.is_finite():
        raise InvalidAmounts(Why.NOT_AN_AMOUNT, tax=tax, value=str(raw))
    if value < 0:
        raise InvalidAmounts(Why.BELOW_ZERO, tax=tax, value=str(raw))
    if value != value.quantize(CENT):
        raise InvalidAmounts(Why.PART_OF_A_GROSZ, tax=tax, value=str(raw))
    return value.quantize(CENT)


def clean_amounts(amounts: Mapping[str, object]) -> dict[TaxCode, Decimal]:
    """Return amounts by tax, in the taxes' own order (VAT, PIT, CIT, ZUS)."""
    clean = {tax_code(code): raw for code, raw in amounts.items()}
    return {tax: clean_amount(tax, clean[tax]) for tax in TaxCode if tax in clean}


# What a country's taxes are paid in.
CURRENCIES = {"PL": "PLN", "IL": "ILS"}


def home_currency(country: str) -> str:
    """Return the currency a country's taxes are paid in (złoty unless we know better)."""
    return CURRENCIES.get(country.upper(), "PLN")


def due_days(
    month: Month, taxes: list[TaxCode], given: Mapping[str, object], country: str
) -> dict[TaxCode, dt.date]:
    """Return a due date per tax: the one given, else the statutory payment day."""
    by_tax = {tax_code(code): raw for code, raw in given.items() if raw}
    dues = {}
    for tax in taxes:
        raw = by_tax.get(tax)
        dues[tax] = clean_day(tax, raw) if raw else payment_due(month, tax, country)
    return dues


def clean_day(tax: TaxCode, raw: object) -> dt.date:
    """Return a due date given as a date or as text a person typed, or raise InvalidAmounts."""
    if isinstance(raw, dt.date):
        return raw
    try:
        return parse_day(str(raw))
    except ValueError:
        raise InvalidAmounts(Why.NOT_A_DAY, tax=tax, value=str(raw)) from None


def parse_pairs(pairs: list[str]) -> dict[str, str]:
    """Return CODE=VALUE command-line pairs as a dict."""
    result = {}
    for pair in pairs:
        code, sep, value = pair.partition("=")
        if not sep or not code.strip() or not value.strip():
            raise InvalidAmounts(Why.NOT_A_PAIR, pair=pair)
        result[code.strip().upper()] = value.strip()
    return result
