"""The owner's figures of the office's work for a month: when each client's tax result was
ready, how long after the documents were delivered, recalculations, and tasks done late
per person. Offered to `intake stats` and the portal as tables (`intake.reports`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from intake.models import Company, Period, User
from intake.month import Month
from tasks.models import Task
from tasks.vocabulary import TAX_KINDS, TaskKind, TaskState

DAY_S = 86400


@dataclass(frozen=True)
class TaxResult:
    """When a company's tax result for a month was ready, and how long it took."""

    company_id: int
    company: str
    nip: str
    delivered_at: dt.datetime | None
    result_at: dt.datetime | None
    days_to_result: float | None
    recalculations: int
    due_on: dt.date | None
    late: bool

    def to_json(self) -> dict[str, object]:
        """Return the row as plain JSON values."""
        return {
            "company_id": self.company_id,
            "company": self.company,
            "nip": self.nip,
            "delivered_at": self.delivered_at.isoformat() if self.delivered_at else None,
            "result_at": self.result_at.isoformat() if self.result_at else None,
            "days_to_result": self.days_to_result,
            "recalculations": self.recalculations,
            "due_on": self.due_on.isoformat() if self.due_on else None,
            "late": self.late,
        }


@dataclass(frozen=True)
class PersonWork:
    """How one person's tasks due in a month went: done, done late, still open past due."""

    user_id: int | None
    person: str
    done: int
    done_late: int
    open_overdue: int

    def to_json(self) -> dict[str, object]:
        """Return the row as plain JSON values."""
        return {
            "user_id": self.user_id,
            "person": self.person,
            "done": self.done,
            "done_late": self.done_late,
            "open_overdue": self.open_overdue,
        }


def tax_results(session: Session, office_id: int, month: Month) -> list[TaxResult]:
    """Return each company's tax result of a month (those without one last), in three queries."""
    companies = session.execute(
        select(Company.id, Company.name, Company.nip)
        .where(Company.office_id == office_id)
        .order_by(Company.name)
    ).all()
    delivered = dict(
        session.execute(
            select(Period.company_id, Period.closed_at).where(
                Period.office_id == office_id, Period.month == month
            )
        ).all()
    )
    # The result is the first 'calculate tax' done; the month was delivered when its closing
    # made that task (a later closing after late documents moves the period's closed_at).
    first: dict[int, tuple[dt.datetime | None, dt.date | None, dt.datetime | None]] = {}
    recalculations: dict[int, int] = {}
    query = (
        select(
            Task.company_id, Task.kind, Task.done_at, Task.due_on, Task.created_at, Task.period_id
        )
        .where(
            Task.office_id == office_id,
            Task.month == month,
            Task.kind.in_(TAX_KINDS),
            Task.status == TaskState.DONE,
        )
        .order_by(Task.done_at)
    )
    for company_id, kind, done_at, due_on, created_at, period_id in session.execute(query):
        if company_id is None:
            continue
        if kind == TaskKind.RECALCULATE_TAX:
            recalculations[company_id] = recalculations.get(company_id, 0) + 1
        else:
            first.setdefault(company_id, (done_at, due_on, created_at if period_id else None))
    rows = []
    for company_id, name, nip in companies:
        result_at, due_on, made_at = first.get(company_id, (None, None, None))
        start = made_at or delivered.get(company_id)
        days = None
        if result_at is not None and start is not None:
            days = round(max((result_at - start).total_seconds(), 0) / DAY_S, 1)
        late = bool(result_at and due_on and result_at.date() > due_on)
        rows.append(
            TaxResult(
                company_id,
                name,
                nip,
                start,
                result_at,
                days,
                recalculations.get(company_id, 0),
                due_on,
                late,
            )
        )
    rows.sort(
        key=lambda r: (r.result_at is None, r.result_at or dt.datetime.max.replace(tzinfo=dt.UTC))
    )
    return rows


def work_per_person(
    session: Session, office_id: int, month: Month, today: dt.date | None = None
) -> list[PersonWork]:
    """Return per person: tasks due in a month done, done late, and still open past due."""
    today = today or dt.date.today()
    start, end = month.first_day, month.last_day
    late_done = (Task.status == TaskState.DONE) & (func.date(Task.done_at) > Task.due_on)
    query = (
        select(
            Task.assignee_id,
            func.count().filter(Task.status == TaskState.DONE),
            func.count().filter(late_done),
            func.count().filter((Task.status == TaskState.OPEN) & (Task.due_on < today)),
        )
        .where(Task.office_id == office_id, Task.due_on >= start, Task.due_on <= end)
        .group_by(Task.assignee_id)
    )
    names = dict(
        session.execute(select(User.id, User.name).where(User.office_id == office_id)).all()
    )
    rows = [
        PersonWork(user_id, names.get(user_id, "-") if user_id else "-", done, late, overdue)
        for user_id, done, late, overdue in session.execute(query)
    ]
    return sorted(rows, key=lambda r: (-r.done_late - r.open_overdue, r.person))


def tables(session: Session, office_id: int, month: Month) -> dict[str, list[dict[str, object]]]:
    """Return this package's tables of a month (the `intake.reports` entry point)."""
    return {
        "tax_results": [r.to_json() for r in tax_results(session, office_id, month)],
        "tasks_per_person": [r.to_json() for r in work_per_person(session, office_id, month)],
    }
