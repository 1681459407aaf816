"""Fixtures of tasks' tests: notify's sinks and seeded runtimes, a closed month, and the
domain functions run in their own committed unit of work, as the portal and commands do."""

from __future__ import annotations

import datetime as dt

import pytest

from intake import events
from intake.models import Period, User
from intake.offices import add_contact
from tasks.approval import approve_task
from tasks.chains import advance_due
from tasks.completion import complete_task
from tasks.models import Task
from tests.environment import as_operator
from tests.notify.conftest import (  # noqa: F401 - fixtures shared with notify's tests
    fast_retries,
    sms_api,
    smtp_sink,
)

MONTH = "2026-12"


def add_contacts(rt, company_id: int) -> None:  # type: ignore[no-untyped-def]
    """Give a company two contacts: one with e-mail and phone, one with e-mail only."""
    from intake.models import Company

    with rt.db.session() as session:
        company = session.get_one(Company, company_id)
        add_contact(session, company, "Jan Nowak", "jan@firma.test", "+48 600 100 200")
        add_contact(session, company, "Ewa Nowak", "ewa@firma.test", None)


def close_month(rt, company_id: int, month: str = MONTH, reopen_count: int = 0) -> int:  # type: ignore[no-untyped-def]
    """Write a closed period the way intake does, then publish PERIOD_CLOSED; return its id."""
    from sqlalchemy import select

    from intake.models import Company, utcnow

    with rt.db.session() as session:
        period = session.scalar(
            select(Period).where(Period.company_id == company_id, Period.month == month)
        )
        if period is None:
            company = session.get_one(Company, company_id)
            period = Period(office_id=company.office_id, company_id=company_id, month=month)
            session.add(period)
        period.state, period.closed_at, period.confirmed_at = "closed", utcnow(), utcnow()
        period.reopen_count = reopen_count
        session.flush()
        period_id = period.id
    events.publish(
        events.PERIOD_CLOSED,
        period_id=period_id,
        company_id=company_id,
        month=month,
        late=False,
        reopen_count=reopen_count,
    )
    return period_id


def complete(rt, task_id: int, user_id: int, amounts=None, dues=None, note=None) -> Task:  # type: ignore[no-untyped-def]
    """Mark a task done as a person would, and commit."""
    with rt.db.session() as session:
        user = session.get_one(User, user_id)
        task = complete_task(session, rt.settings, user, task_id, amounts, dues, note=note)
        session.flush()
        session.refresh(task, ["amounts"])
        return task


def approve(rt, token: str, by: str) -> Task:  # type: ignore[no-untyped-def]
    """Approve a task's amounts through its link, and commit."""
    with rt.db.session() as session:
        return approve_task(session, rt.settings, token, by)


def advance(rt, now: dt.datetime) -> list[int]:  # type: ignore[no-untyped-def]
    """Run the time-based chains at a moment, commit, and return the new tasks' ids."""
    with rt.db.session() as session:
        return [task.id for task in advance_due(session, rt.settings, now)]


@pytest.fixture
def operator(start_runtime, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """Return (rt, data, run): the seeded embedded runtime and `intake` run as an operator
    would (English), each call asserting success and returning the output."""
    from click.testing import CliRunner

    from intake.cli import cli

    rt, data = start_runtime()
    as_operator(monkeypatch, tmp_path / "var")
    runner = CliRunner()

    def run(*args: str, ok: bool = True):  # type: ignore[no-untyped-def]
        result = runner.invoke(cli, list(args))
        if ok:
            assert result.exit_code == 0, result.output
        return result

    return rt, data, run
