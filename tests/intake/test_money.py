"""Amounts are written as Babel writes a currency, by a pattern looked up once per locale."""

from __future__ import annotations

from decimal import Decimal

import pytest
from babel.numbers import format_currency

from intake.formats import format_money


@pytest.mark.parametrize("locale", ["pl", "en", "he"])
def test_money_reads_as_babels_currency_format(locale):
    home = {"pl": "PLN", "he": "ILS"}.get(locale)
    for currency in ("PLN", "EUR", "ILS", "USD", "JPY"):
        for text in ("0", "1", "1234.56", "-1234.56", "0.005", "12.345", "99999999.99"):
            value = Decimal(text)
            if currency == home:
                expected = format_currency(value, currency, locale=locale)
            else:  # another country's money with its code, always two decimals
                expected = format_currency(
                    value, currency, format="#,##0.00\xa0¤¤", locale=locale, currency_digits=False
                )
            assert format_money(value, currency, locale) == expected


def test_the_written_forms_users_see():
    assert format_money(Decimal("1234.56"), "PLN", "pl") == "1\xa0234,56\xa0zł"
    assert format_money(Decimal("1234.56"), "eur", "pl") == "1\xa0234,56\xa0EUR"
    assert format_money(Decimal("-5"), None, "pl") == "-5,00\xa0zł"
    assert format_money(None, "PLN", "pl") == ""
    assert "₪" in format_money(Decimal("10"), "ILS", "he")
