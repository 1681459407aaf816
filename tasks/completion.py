"""Marking a task done: amounts recorded, the next tasks made, the client told."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from sqlalchemy.orm import Session

from intake import events
from intake.config import Settings
from intake.models import Period, User, utcnow
from intake.month import Month
from intake.vocabulary import OFFICE_ROLES
from tasks.amounts import clean_amounts, due_days, home_currency, tax_code
from tasks.chains import on_done
from tasks.errors import InvalidAmounts, TaskNotFound, TaskStateError, Why
from tasks.messages import tell_task_created, tell_tax_due
from tasks.models import Task, TaxAmount
from tasks.payments import clean_account, last_account
from tasks.policy import approval_wanted
from tasks.vocabulary import TAX_KINDS, TaskState

logger = logging.getLogger(__name__)


def complete_task(
    session: Session,
    settings: Settings,
    user: User,
    task_id: int,
    amounts: Mapping[str, object] | None = None,
    due_dates: Mapping[str, object] | None = None,
    *,
    note: str | None = None,
    accounts: Mapping[str, str] | None = None,
) -> Task:
    """Mark a task done by a person of its office; a tax task records amounts for the client.

    Amounts (text as people type it, or Decimal, by tax code) and their due dates
    (defaults: VAT on the 25th, PIT/CIT/ZUS on the 20th of the next month, moved to a
    working day) become the task's TaxAmount rows; every contact of the company is told
    by e-mail and SMS, signed by its accountant, with an approval link where the office's
    policy asks for one. The next tasks are made; TASK_DONE is announced after commit.
    """
    clean = clean_amounts(amounts or {})
    task = session.get(Task, task_id, with_for_update=True)
    if task is None or task.office_id != user.office_id or user.role not in OFFICE_ROLES:
        raise TaskNotFound(task_id=task_id)
    if task.status != TaskState.OPEN:
        raise TaskStateError(Why.ALREADY_CLOSED, state=task.status)
    is_tax = task.kind in TAX_KINDS and task.company_id is not None
    if clean and not is_tax:
        raise InvalidAmounts(Why.NOT_A_TAX_TASK)
    if is_tax and not clean:
        raise InvalidAmounts(Why.AMOUNTS_MISSING)
    month = task.month or _period_month(session, task)
    if is_tax and month is None:
        raise TaskStateError(Why.NO_MONTH)
    task.month = month
    if clean and month is not None and task.company_id is not None:
        dues = due_days(month, list(clean), due_dates or {}, task.office.country)
        given = {
            tax_code(code): clean_account(raw) for code, raw in (accounts or {}).items() if raw
        }
        for tax, amount in clean.items():
            task.amounts.append(
                TaxAmount(
                    office_id=task.office_id,
                    company_id=task.company_id,
                    month=month,
                    code=tax,
                    amount=amount,
                    currency=home_currency(task.office.country),
                    due_on=dues[tax],
                    account=given.get(tax) or last_account(session, task.company_id, tax),
                )
            )
    task.status, task.done_at, task.done_by_id = TaskState.DONE, utcnow(), user.id
    task.note = (note or "").strip() or None
    company = task.company
    task.approval_required = is_tax and company is not None and approval_wanted(session, company)
    session.flush()
    for child in on_done(session, task):
        tell_task_created(session, settings, child)
    if is_tax:
        tell_tax_due(session, settings, task, signer=user)
    events.announce(
        session,
        events.TASK_DONE,
        task_id=task.id,
        company_id=task.company_id,
        period_id=task.period_id,
        kind=str(task.kind),
    )
    logger.info("task %s done by user %s", task.id, user.id)
    return task


def _period_month(session: Session, task: Task) -> Month | None:
    period = session.get(Period, task.period_id) if task.period_id else None
    return period.month if period else None
