"""Deadlines: Polish payment days moved past weekends and holidays, and overdue tasks.

Payment days for a month's taxes fall in the next month: PIT and CIT advances and ZUS
contributions on the 20th, VAT (with the JPK_V7 declaration) on the 25th; a deadline on a
Saturday, Sunday or public holiday moves to the next working day (Ordynacja podatkowa,
art. 12 § 5). The office's own 'calculate tax' task is due on the 15th, five days before
the first payment, so clients hear their amounts in time.
"""

from __future__ import annotations

import datetime as dt
import logging
from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.models.work import Task

logger = logging.getLogger(__name__)

PAYMENT_DAY = {"VAT": 25, "PIT": 20, "CIT": 20, "ZUS": 20}
TAX_TASK_DAY = 15
MIN_WORK_DAYS = 3  # a month closed late still leaves the accountant this many days


def easter(year: int) -> dt.date:
    """Return Easter Sunday of a year (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


@cache
def polish_holidays(year: int) -> frozenset[dt.date]:
    """Return the public holidays of Poland in a year (Wigilia from 2025 on)."""
    sunday = easter(year)
    fixed = [(1, 1), (1, 6), (5, 1), (5, 3), (8, 15), (11, 1), (11, 11), (12, 25), (12, 26)]
    if year >= 2025:
        fixed.append((12, 24))
    days = {dt.date(year, m, d) for m, d in fixed}
    days |= {sunday, sunday + dt.timedelta(days=1), sunday + dt.timedelta(days=49)}
    days.add(sunday + dt.timedelta(days=60))  # Boże Ciało
    return frozenset(days)


def is_working_day(day: dt.date) -> bool:
    """Tell whether offices and tax offices work on a day."""
    return day.weekday() < 5 and day not in polish_holidays(day.year)


def next_working_day(day: dt.date) -> dt.date:
    """Return the day itself if it is a working day, else the next one."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def month_after(month: str, day: int) -> dt.date:
    """Return a day of the month after 'YYYY-MM'."""
    year, mon = (int(part) for part in month.split("-"))
    year, mon = (year + 1, 1) if mon == 12 else (year, mon + 1)
    return dt.date(year, mon, day)


def payment_due(month: str, tax: str) -> dt.date | None:
    """Return when a month's tax is paid (VAT 25th, PIT/CIT/ZUS 20th, moved to a working day)."""
    day = PAYMENT_DAY.get(tax.upper())
    return next_working_day(month_after(month, day)) if day else None


def tax_task_due(month: str, today: dt.date | None = None) -> dt.date:
    """Return when the 'calculate tax' work for a month is due: the 15th, or a few days on."""
    today = today or dt.date.today()
    return max(month_after(month, TAX_TASK_DAY), today + dt.timedelta(days=MIN_WORK_DAYS))


def overdue_tasks(session: Session, office_id: int, today: dt.date | None = None) -> list[Task]:
    """Return an office's open tasks past their due day, the oldest deadline first."""
    today = today or dt.date.today()
    query = (
        select(Task)
        .where(Task.office_id == office_id, Task.status == "open", Task.due_on < today)
        .order_by(Task.due_on, Task.id)
    )
    return list(session.scalars(query))
