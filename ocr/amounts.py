"""Read money amounts and VAT rates written the Polish, English or Hebrew way."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

CENT = Decimal("0.01")

# 1 234,56 | 1.234,56 | 1,234.56 | 1234,56 | 1'234.56 | -12,00 ; two decimals required.
AMOUNT = re.compile(
    r"(?<![\d,])(?<!\d\.)(?P<sign>[-−–]\s?)?"
    r"(?P<int>\d{1,3}(?:(?P<sep>[  .,'’])\d{3})(?:(?P=sep)\d{3})*|\d+)"
    r" ?[.,] ?(?P<dec>\d{2})(?![\d])"  # OCR may space the decimal sign: '32008 , 98'
)
# The same without decimals, for lines that say "4000 zł" or "Total 1,234 PLN" (weak).
WHOLE = re.compile(r"(?<![\d.,])(?P<sign>-\s?)?(?P<int>\d{1,3}(?:[  .,]\d{3})+|\d+)(?![\d.,]\d)")
RATE = re.compile(
    r"(?<![\d.,])(?P<num>\d{1,2}(?:[.,]\d{1,2})?)\s?%|(?<![\w])(?P<word>zw|np|oo|n\.p|zw\.)(?![\w])",
    re.IGNORECASE,
)
CURRENCY_WORDS = {
    "PLN": "PLN",
    "ZŁ": "PLN",
    "ZL": "PLN",
    "ZT": "PLN",  # OCR's zł
    "ZłOTYCH": "PLN",
    "EUR": "EUR",
    "€": "EUR",
    "USD": "USD",
    "$": "USD",
    "US$": "USD",
    "ILS": "ILS",
    "NIS": "ILS",
    "₪": "ILS",
    'ש"ח': "ILS",
    "ש״ח": "ILS",
    "שח": "ILS",
    "GBP": "GBP",
    "£": "GBP",
    "CHF": "CHF",
    "CZK": "CZK",
    "SEK": "SEK",
    "NOK": "NOK",
    "DKK": "DKK",
    "HUF": "HUF",
    "JPY": "JPY",
    "CAD": "CAD",
    "INR": "INR",
    "RS": "INR",
    "RS.": "INR",
    "₹": "INR",
}
CURRENCY = re.compile(
    r"(?<![A-Za-z])(PLN|EUR|USD|ILS|NIS|GBP|CHF|CZK|SEK|NOK|DKK|HUF|CAD|INR)(?![A-Za-z])"
    r"|(?<![A-Za-z])(Rs\.?|₹)(?=\s?\d)"
    r"|(?<![A-Za-ząćęłńóśźż])(zł|zl|zt)(?![A-Za-ząćęłńóśźż])|(€|\$|₪|£)|(ש\"ח|ש״ח)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Amount:
    """One amount found in a text, with where it stands."""

    value: Decimal
    start: int
    end: int


def find_amounts(text: str) -> list[Amount]:
    """Return every amount with two decimals in the text, left to right."""
    out = []
    for m in AMOUNT.finditer(text):
        digits = re.sub(r"\D", "", m.group("int"))
        try:
            value = Decimal(f"{digits}.{m.group('dec')}")
        except InvalidOperation:
            continue
        if m.group("sign"):
            value = -value
        out.append(Amount(value, m.start(), m.end()))
    return out


def find_whole_amounts(text: str) -> list[Amount]:
    """Return amounts written without decimals ('4000 zł'), for when none has them."""
    out = []
    for m in WHOLE.finditer(text):
        digits = re.sub(r"\D", "", m.group("int"))
        if not digits or len(digits) > 12:
            continue
        value = Decimal(digits).quantize(CENT)
        if m.group("sign"):
            value = -value
        out.append(Amount(value, m.start(), m.end()))
    return out


def find_rates(text: str) -> list[tuple[str, int, int]]:
    """Return the VAT rates in a text ('23', '8', 'zw', 'np'), with their spans."""
    out = []
    for m in RATE.finditer(text):
        if m.group("num"):
            number = Decimal(m.group("num").replace(",", "."))
            out.append((f"{number.normalize():f}", m.start(), m.end()))
        else:
            word = m.group("word").lower().rstrip(".").replace(".", "")
            out.append((word, m.start(), m.end()))
    return out


def find_currencies(text: str) -> list[str]:
    """Return the ISO 4217 codes of the currencies named or symbolised in a text."""
    out = []
    for m in CURRENCY.finditer(text):
        token = next(g for g in m.groups() if g)
        code = CURRENCY_WORDS.get(token.upper()) or CURRENCY_WORDS.get(token)
        if code:
            out.append(code)
    return out
