"""Deadlines: payment days moved past weekends and public holidays, and overdue tasks.

Payment days for a month's taxes fall in the next month: PIT and CIT advances and ZUS
contributions on the 20th, VAT (with the JPK_V7 declaration) on the 25th. A deadline on a
day off moves to the next working day (Ordynacja podatkowa, art. 12 § 5): a weekend day
or a public holiday of the office's country, from the `holidays` package; Poland rests
on Saturday and Sunday, Israel on Friday and Saturday. The office's own 'calculate tax'
task is due on the 15th, five days before the first payment, so clients hear in time.
"""

from __future__ import annotations

import datetime as dt
import logging
from functools import cache

import holidays
from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.month import Month
from tasks.errors import TaskError, Why
from tasks.models import Task
from tasks.vocabulary import DueRule, TaskState, TaxCode

logger = logging.getLogger(__name__)

PAYMENT_DAY = {TaxCode.VAT: 25, TaxCode.PIT: 20, TaxCode.CIT: 20, TaxCode.ZUS: 20}
TAX_TASK_DAY = 15
MIN_WORK_DAYS = 3  # a month closed late still leaves the accountant this many days
HOME = "PL"


@cache
def calendar(country: str, year: int) -> holidays.HolidayBase:
    """Return a country's public holidays and weekend for a year (built once, then read-only)."""
    try:
        return holidays.country_holidays(country.upper(), years=year, expand=False)
    except NotImplementedError:
        raise TaskError(Why.UNKNOWN_COUNTRY, country=country) from None


def is_working_day(day: dt.date, country: str = HOME) -> bool:
    """Tell whether offices and tax offices of a country work on a day."""
    return bool(calendar(country, day.year).is_working_day(day))


def next_working_day(day: dt.date, country: str = HOME) -> dt.date:
    """Return the day itself if it is a working day, else the next one."""
    while not is_working_day(day, country):
        day += dt.timedelta(days=1)
    return day


def payment_due(month: Month, tax: TaxCode, country: str = HOME) -> dt.date:
    """Return when a month's tax is paid (VAT 25th, PIT/CIT/ZUS 20th, moved to a working day)."""
    return next_working_day((month + 1).day(PAYMENT_DAY[tax]), country)


def tax_task_due(month: Month, country: str = HOME, today: dt.date | None = None) -> dt.date:
    """Return when the 'calculate tax' work for a month is due: the 15th, or a few days on."""
    today = today or dt.date.today()
    day = max((month + 1).day(TAX_TASK_DAY), today + dt.timedelta(days=MIN_WORK_DAYS))
    return next_working_day(day, country)


def overdue_tasks(session: Session, office_id: int, today: dt.date | None = None) -> list[Task]:
    """Return an office's open tasks past their due day, the oldest deadline first."""
    today = today or dt.date.today()
    query = (
        select(Task)
        .where(Task.office_id == office_id, Task.status == TaskState.OPEN, Task.due_on < today)
        .order_by(Task.due_on, Task.id)
    )
    return list(session.scalars(query))


def previous_working_day(day: dt.date, country: str = HOME) -> dt.date:
    """Return the day itself if it is a working day, else the working day before it."""
    while not is_working_day(day, country):
        day -= dt.timedelta(days=1)
    return day


def due_by_rule(
    rule: DueRule,
    days: int,
    month: Month | None,
    country: str = HOME,
    *,
    tax: TaxCode | None = None,
    after: dt.date | None = None,
) -> dt.date | None:
    """Return when a template's task is due, or None where its rule gives no day.

    After the previous task: N days after `after` (the day it was done), on a working
    day. Day N of the month after the work month (the month the work is done in), moved
    to the next working day. N days before a tax's statutory payment day (itself moved
    past days off), on the working day at or before it.
    """
    if rule == DueRule.AFTER_PREVIOUS and after is not None:
        return next_working_day(after + dt.timedelta(days=days), country)
    if month is None:
        return None
    if rule == DueRule.DAY_OF_MONTH and days > 0:
        return next_working_day((month + 1).day(days), country)
    if rule == DueRule.BEFORE_DEADLINE and tax is not None:
        deadline = payment_due(month, tax, country) - dt.timedelta(days=days)
        return previous_working_day(deadline, country)
    return None
