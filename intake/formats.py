"""Dates, months, money and times as people of each locale write and read them (Babel).

One form per kind, used everywhere: a day '10.11.2026' (long: '10 listopada 2026'), a
month '11/2026' (long: 'listopad 2026'), money '1 234,56 zł' / '1 234,56 EUR' /
'‏1,234.56 ‏₪', a moment in the office's time zone '10.11.2026 14:05'. Parsers accept what
a Polish user types: '01.01.2022', '1 234,56', '1234,56'.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale
from babel.dates import format_date, format_time
from babel.numbers import format_decimal, get_currency_symbol

from intake.i18n import pick_locale
from intake.month import Month

# Babel's territory for each of our languages: how dates and numbers look.
BABEL_LOCALES = {"pl": "pl_PL", "en": "en_GB", "he": "he_IL"}
DEFAULT_TIMEZONE = "Europe/Warsaw"
CURRENCY_HOME = {"pl": "PLN", "he": "ILS"}


def babel_locale(locale: str) -> Locale:
    """Return the Babel locale (language and territory) of one of ours."""
    return _babel(pick_locale(locale))


@cache
def _babel(locale: str) -> Locale:
    # Parsed once: Babel would parse the name again on every call (a table of 300 rows).
    return Locale.parse(BABEL_LOCALES[locale])


def format_day(day: dt.date | None, locale: str, *, long: bool = False) -> str:
    """Return a day as '10.11.2026', or '10 listopada 2026' where a sentence wants it."""
    if day is None:
        return ""
    return format_date(day, "long" if long else "dd.MM.yyyy", locale=babel_locale(locale))


def format_month(month: Month | None, locale: str, *, long: bool = False) -> str:
    """Return a month as '11/2026', or 'listopad 2026' where a sentence wants it."""
    if month is None:
        return ""
    if not long:
        return f"{month.month:02d}/{month.year}"
    return format_date(month.first_day, "LLLL y", locale=babel_locale(locale))


def format_number(value: Decimal, locale: str) -> str:
    """Return an amount without its currency: '1 234,56'."""
    return format_decimal(value, format="#,##0.00", locale=babel_locale(locale))


def format_money(value: Decimal | None, currency: str | None, locale: str) -> str:
    """Return an amount with its currency: '1 234,56 zł', '1 234,56 EUR', '₪ 1,234.56'."""
    if value is None:
        return ""
    currency = (currency or "PLN").upper()
    return format_decimal(
        value, format=money_pattern(locale, currency), locale=babel_locale(locale)
    )


@cache
def money_pattern(locale: str, currency: str) -> str:
    """Return the number pattern of a currency in a locale, its symbol written in.

    The locale's own currency takes its symbol and place ('1 234,56 zł'); another
    country's money is written with its code ('1 234,56 EUR'). Babel's format_currency
    looks up the currency's plural name on every call, a third of a 300-row table's time.
    """
    if CURRENCY_HOME.get(pick_locale(locale)) == currency:
        pattern = babel_locale(locale).currency_formats["standard"].pattern
        symbol = get_currency_symbol(currency, babel_locale(locale))
    else:
        pattern, symbol = "#,##0.00\xa0¤", currency
    literal = "'" + symbol.replace("'", "''") + "'"
    return pattern.replace("¤¤¤", "¤").replace("¤¤", "¤").replace("¤", literal)


def zone(name: str | None) -> ZoneInfo:
    """Return a time zone by name, the office default when the name is empty or unknown."""
    try:
        return ZoneInfo(name or DEFAULT_TIMEZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TIMEZONE)


def office_day(timezone: str | None, now: dt.datetime | None = None) -> dt.date:
    """Return the date it is in an office's time zone (the server's date may differ)."""
    return (now or dt.datetime.now(dt.UTC)).astimezone(zone(timezone)).date()


def format_moment(
    moment: dt.datetime | None, locale: str, timezone: str | None = None, *, seconds: bool = False
) -> str:
    """Return a UTC moment in an office's time zone: '10.11.2026 14:05'."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    local = moment.astimezone(zone(timezone))
    clock = format_time(local, "HH:mm:ss" if seconds else "HH:mm", locale=babel_locale(locale))
    return f"{format_day(local.date(), locale)} {clock}"


DAY_FORMS = ("%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%y")


def parse_day(text: str) -> dt.date:
    """Return the day a person typed ('01.01.2022', '1.1.2022', '2022-01-01'); raise ValueError."""
    cleaned = re.sub(r"\s+", "", text or "").rstrip(".").removesuffix("r")
    for form in DAY_FORMS:
        try:
            return dt.datetime.strptime(cleaned, form).date()
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date")


def parse_amount(text: str) -> Decimal:
    """Return the amount a person typed ('1 234,56', '1234,56', '1.234,56', '1234.56').

    The last comma or dot before one or two digits at the end is the decimal sign; spaces,
    and dots or commas grouping thousands, are dropped. Raise ValueError otherwise.
    """
    cleaned = re.sub(r"[\s\u00a0\u202f']", "", text or "")
    cleaned = re.sub(r"(zł|zl|pln|eur|usd|₪|ils)$", "", cleaned, flags=re.IGNORECASE)
    negative = cleaned.startswith("-")
    cleaned = cleaned.lstrip("+-")
    match = re.fullmatch(r"(\d{1,3}(?:[.,]\d{3})+|\d+)(?:[.,](\d{1,2}))?", cleaned)
    if not match:
        raise ValueError(f"{text!r} is not an amount")
    whole = re.sub(r"[.,]", "", match.group(1))
    try:
        value = Decimal(f"{whole}.{match.group(2) or '0'}")
    except InvalidOperation:
        raise ValueError(f"{text!r} is not an amount") from None
    return -value if negative else value
