"""How pages write days, months, money, moments and stored texts (one form per kind).

Every filter formats for the request's locale through intake.formats: a day '10.11.2026',
a month '11/2026' (long: 'listopad 2026'), money with its currency '1 234,56 zł', a moment
in the office's time zone '10.11.2026 14:05'. Values arrive typed (date, Month, Decimal,
datetime) or, from older JSON data, as their ISO strings.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from flask import Flask

from intake import formats
from intake.month import Month
from portal import vocabulary
from portal.language import home_currency, locale, say, timezone_name, zone_today


def as_day(value: object) -> dt.date | None:
    """Return a date from a date, a datetime (in the office's zone) or an ISO string."""
    if isinstance(value, dt.datetime):
        return value.astimezone(formats.zone(timezone_name())).date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def as_decimal(value: object) -> Decimal | None:
    """Return an amount from a Decimal, a number or its string."""
    if value is None or value == "":
        return None
    try:
        return value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def day(value: object, long: bool = False) -> str:
    """Write a day: '10.11.2026', or long '10 listopada 2026'."""
    found = as_day(value)
    if found is None:
        return "" if value is None else str(value)
    return formats.format_day(found, locale(), long=long)


def month(value: object, long: bool = False) -> str:
    """Write a month: '11/2026', or long 'listopad 2026'."""
    if value is None or value == "":
        return ""
    try:
        found = Month.parse(value)  # type: ignore[arg-type]
    except ValueError:
        return str(value)
    return formats.format_month(found, locale(), long=long)


def money(value: object, currency: str | None = None) -> str:
    """Write an amount with its currency: '1 234,56 zł', '1 234,56 EUR'."""
    amount = as_decimal(value)
    if amount is None:
        return "" if value is None else str(value)
    return formats.format_money(amount, currency or home_currency(), locale())


def number(value: object) -> str:
    """Write an amount without a currency: '1 234,56'."""
    amount = as_decimal(value)
    if amount is None:
        return "" if value is None else str(value)
    return formats.format_number(amount, locale())


def moment(value: object) -> str:
    """Write a moment in the office's time zone: '10.11.2026 14:05'."""
    if isinstance(value, str) and value:
        try:
            return formats.format_moment(
                dt.datetime.fromisoformat(value), locale(), timezone_name()
            )
        except ValueError:
            return value
    if not isinstance(value, dt.datetime):
        return day(value)
    return formats.format_moment(value, locale(), timezone_name())


def init_app(app: Flask) -> None:
    """Give templates the filters, and today's date in the office's zone."""
    app.jinja_env.filters.update(
        day=day,
        month=month,
        money=money,
        number=number,
        moment=moment,
        t=say,
        label=vocabulary.label,
        actor=vocabulary.actor,
    )
    app.jinja_env.globals.update(
        today=zone_today,
    )
