"""Deadlines move past each office country's weekend and public holidays (holidays package)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from intake.models import Office
from intake.month import Month
from tasks.deadlines import next_working_day, payment_due, tax_task_due
from tasks.errors import TaskError
from tasks.models import Task
from tasks.vocabulary import TaskKind, TaxCode
from tests.tasks.conftest import close_month, complete


@pytest.mark.parametrize(
    ("month", "tax", "due"),
    [
        (Month(2026, 10), TaxCode.VAT, dt.date(2026, 11, 25)),
        (Month(2026, 10), TaxCode.PIT, dt.date(2026, 11, 20)),
        (Month(2026, 5), TaxCode.ZUS, dt.date(2026, 6, 22)),  # the 20th is a Saturday
        (Month(2026, 11), TaxCode.VAT, dt.date(2026, 12, 28)),  # Christmas, then a weekend
        (Month(2027, 11), TaxCode.VAT, dt.date(2027, 12, 27)),  # Saturday, then Boxing Day
        (Month(2026, 12), TaxCode.CIT, dt.date(2027, 1, 20)),
    ],
)
def test_polish_payment_days_move_past_weekends_and_holidays(month, tax, due):
    assert payment_due(month, tax, "PL") == due


@pytest.mark.parametrize(
    ("day", "poland", "israel"),
    [
        (dt.date(2026, 11, 20), dt.date(2026, 11, 20), dt.date(2026, 11, 22)),  # a Friday
        (dt.date(2026, 9, 20), dt.date(2026, 9, 21), dt.date(2026, 9, 20)),  # a Sunday
        (dt.date(2026, 9, 21), dt.date(2026, 9, 21), dt.date(2026, 9, 22)),  # Yom Kippur
        (dt.date(2029, 9, 24), dt.date(2029, 9, 24), dt.date(2029, 9, 25)),  # Sukkot
        (dt.date(2026, 11, 11), dt.date(2026, 11, 12), dt.date(2026, 11, 11)),  # Independence
        (dt.date(2026, 12, 24), dt.date(2026, 12, 28), dt.date(2026, 12, 24)),  # Wigilia on
    ],
)
def test_a_deadline_on_a_day_off_moves_to_the_countrys_next_working_day(day, poland, israel):
    assert next_working_day(day, "PL") == poland
    assert next_working_day(day, "IL") == israel


def test_the_tax_task_is_due_on_the_15th_or_a_few_days_after_a_late_close():
    assert tax_task_due(Month(2026, 10), "PL", today=dt.date(2026, 11, 1)) == dt.date(2026, 11, 16)
    assert tax_task_due(Month(2026, 10), "IL", today=dt.date(2026, 11, 1)) == dt.date(2026, 11, 15)
    late = tax_task_due(Month(2026, 10), "PL", today=dt.date(2026, 11, 14))
    assert late == dt.date(2026, 11, 17)


def test_a_country_without_a_holiday_calendar_is_refused():
    with pytest.raises(TaskError) as excinfo:
        next_working_day(dt.date(2026, 1, 1), "XX")
    assert excinfo.value.code == "unknown_country"


def test_an_israeli_office_dates_its_tasks_and_amounts_by_israels_calendar(start_runtime):
    rt, data = start_runtime()
    with rt.db.session() as session:
        session.get_one(Office, data["office_a"]).country = "IL"
    close_month(rt, data["c1"], month="2026-10")
    with rt.db.session() as session:
        [task] = session.scalars(select(Task)).all()
    done = complete(rt, task.id, data["staff"], {"PIT": "100", "VAT": "200"})

    assert {a.code: a.due_on for a in done.amounts} == {
        TaxCode.VAT: dt.date(2026, 11, 25),  # a Wednesday
        TaxCode.PIT: dt.date(2026, 11, 22),  # the 20th is a Friday: Sunday, in Israel
    }
    with rt.db.session() as session:
        report = session.scalar(select(Task).where(Task.kind == TaskKind.VAT_REPORT))
        advance = session.scalar(select(Task).where(Task.kind == TaskKind.INCOME_TAX_ADVANCE))
        jpk = session.scalar(select(Task).where(Task.kind == TaskKind.SEND_DECLARATION))
    # An Israeli office's shipped templates: the VAT report and the income-tax advance on
    # the 15th (a Sunday, a working day in Israel), no Polish JPK_V7.
    assert report.due_on == advance.due_on == dt.date(2026, 11, 15)
    assert jpk is None
