"""What tasks adds to the office's messages: the amounts due, and reminders about them.

notify writes and sends the office's messages and runs the reminders; it cannot import
tasks, so tasks offers these through entry points: the "amounts" kind (a month's figures
with the approval link where the client must approve: `intake.letters`) and two
reminder rules (`intake.reminders`): amounts waiting for the client's approval, on the
days after they were sent that the office chose, and each due date, on the days before
it. Amounts are read through tasks.settlements, never a task's columns by hand.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from enum import unique
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from intake.config import Settings
from intake.formats import zone
from intake.i18n import N_, Coded
from intake.models import Company, Office
from intake.month import Month
from notify.errors import NotifyError, Problem
from notify.history import IN, Entry
from notify.kinds import Body
from notify.models import ReminderPolicy
from notify.reminders import Due, pick
from notify.vocabulary import Topic
from tasks.approval import approval_url
from tasks.models import Task, TaxAmount
from tasks.settlements import Amount, Approval, Settlement, settlement_of
from tasks.vocabulary import TAX_KINDS, TaskState

LOOKBACK = dt.timedelta(days=90)


@unique
class Why(Coded):
    """Why a reminder about amounts is due."""

    APPROVAL_WAITING = N_("The amounts for %(month)s wait for approval since %(sent)s.")
    TAX_DUE = N_("%(taxes)s for %(month)s due %(due)s.")


def latest_settlement(session: Session, company: Company, month: Month | None) -> Settlement | None:
    """Return a client's newest settled month (or that of a month) with its amounts."""
    query = (
        select(Task)
        .where(
            Task.company_id == company.id,
            Task.kind.in_(TAX_KINDS),
            Task.status == TaskState.DONE,
        )
        .options(selectinload(Task.amounts))
        .order_by(Task.done_at.desc(), Task.id.desc())
    )
    if month is not None:
        query = query.where(Task.month == month)
    for task in session.scalars(query.limit(3)):
        found = settlement_of(task)
        if found is not None:
            return found
    return None


def amounts(session: Session, settings: Settings, company: Company, month: Month | None) -> Body:
    """Write the amounts a client owes for a month, with the approval link where it must
    approve (the `amounts` kind of the office's messages)."""
    settlement = latest_settlement(session, company, month)
    if settlement is None:
        raise NotifyError(Problem.NO_AMOUNTS, company=company.name)
    link = None
    if settlement.approval.waiting:
        link = approval_url(settings, settlement.task_id, company.id)
    context = {
        "month": settlement.month,
        "amounts": settlement.amounts,
        "approval_url": link,
        "portal_url": f"{settings.base_url}/client/",
    }
    return Body("tasks", "letter_amounts", context, settlement.month)


def _done_tax_tasks(session: Session, office: Office, since: dt.datetime) -> list[Task]:
    query = (
        select(Task)
        .where(
            Task.office_id == office.id,
            Task.kind.in_(TAX_KINDS),
            Task.status == TaskState.DONE,
            Task.done_at > since,
        )
        .options(selectinload(Task.amounts))
        .order_by(Task.id)
    )
    return list(session.scalars(query))


def approval_reminders(
    session: Session, office: Office, policy: ReminderPolicy, day: dt.date
) -> list[Due]:
    """Remind clients whose amounts wait for their approval (days after they were sent)."""
    here = zone(office.timezone)
    found = []
    start = dt.datetime.combine(day, dt.time(), here) - LOOKBACK
    for task in _done_tax_tasks(session, office, start):
        settlement = settlement_of(task)
        if settlement is None or not settlement.approval.waiting or task.done_at is None:
            continue
        sent = task.done_at.astimezone(here).date()
        slot = pick(day, sent, (), policy.approval_after)
        if slot is None:
            continue
        why = Why.APPROVAL_WAITING.message(month=settlement.month, sent=sent)
        key = f"approval:{task.id}:{slot}"
        found.append(Due(settlement.company_id, key, Topic.AMOUNTS, settlement.month, why))
    return found


def unpaid(row: TaxAmount) -> bool:
    """Tell whether an amount is still to pay (the payments table records `paid_at`)."""
    return row.paid_at is None


def tax_due_reminders(
    session: Session, office: Office, policy: ReminderPolicy, day: dt.date
) -> list[Due]:
    """Remind clients of the amounts due soon (days before each due date), unpaid ones only."""
    start = dt.datetime.combine(day, dt.time(), zone(office.timezone)) - LOOKBACK
    found = []
    for task in _done_tax_tasks(session, office, start):
        if task.company_id is None or task.month is None:
            continue
        by_day: dict[dt.date, list[TaxAmount]] = defaultdict(list)
        for row in task.amounts:
            if row.due_on >= day and unpaid(row) and row.amount > 0:
                by_day[row.due_on].append(row)
        for due_on, rows in sorted(by_day.items()):
            slot = pick(day, due_on, policy.due_before, ())
            if slot is None:
                continue
            why = Why.TAX_DUE.message(taxes=[r.code for r in rows], month=task.month, due=due_on)
            key = f"tax_due:{task.id}:{due_on.isoformat()}:{slot}"
            found.append(Due(task.company_id, key, Topic.AMOUNTS, task.month, why))
    return found


APPROVED = N_("amounts approved")


def approvals(session: Session, company_id: int, since: dt.datetime | None = None) -> list[Entry]:
    """Return a client's approvals of its amounts as history entries (`intake.history`)."""
    query = select(Task).where(
        Task.company_id == company_id, Task.kind.in_(TAX_KINDS), Task.approved_at.is_not(None)
    )
    if since is not None:
        query = query.where(Task.approved_at >= since)
    found = []
    for task in session.scalars(query.options(selectinload(Task.amounts))):
        settlement = settlement_of(task)
        if settlement is None or task.approved_at is None:
            continue
        figures = ", ".join(f"{a.code} {a.amount} {a.currency}" for a in settlement.amounts)
        found.append(
            Entry(
                at=task.approved_at,
                direction=IN,
                kind=APPROVED,
                text=f"{settlement.month}: {figures}",
                by=task.approved_by,
                source="tasks",
                ref=f"approval:{task.id}",
            )
        )
    return found


def month_settlements(
    session: Session, office_id: int, month: Month, company_ids: list[int] | None = None
) -> dict[int, Settlement]:
    """Return each client's newest settlement of a month, in one query (the client table).

    Read as plain rows, not tasks and amounts: 300 clients' 900 objects were most of the
    table's time.
    """
    query = (
        select(
            Task.id,
            Task.company_id,
            Task.month,
            Task.approval_required,
            Task.approved_at,
            Task.approved_by,
            Task.done_at,
            TaxAmount.code,
            TaxAmount.amount,
            TaxAmount.currency,
            TaxAmount.due_on,
            TaxAmount.paid_at,
            TaxAmount.id.label("amount_id"),
        )
        .join(TaxAmount, TaxAmount.task_id == Task.id)
        .where(
            Task.office_id == office_id,
            Task.month == month,
            Task.kind.in_(TAX_KINDS),
            Task.status == TaskState.DONE,
        )
        .order_by(Task.done_at, Task.id, TaxAmount.id)
    )
    if company_ids is not None:
        query = query.where(Task.company_id.in_(company_ids))
    heads: dict[int, Any] = {}
    amounts: dict[int, list[Amount]] = defaultdict(list)
    for row in session.execute(query):
        heads.setdefault(row.id, row)
        amounts[row.id].append(
            Amount(row.code, row.amount, row.currency, row.due_on, row.paid_at, row.amount_id)
        )
    found: dict[int, Settlement] = {}
    for task_id, head in heads.items():  # in the order the tasks were done: the newest wins
        if head.company_id is None or head.month is None:
            continue
        found[head.company_id] = Settlement(
            task_id=task_id,
            company_id=head.company_id,
            month=head.month,
            amounts=tuple(amounts[task_id]),
            approval=Approval(head.approval_required, head.approved_at, head.approved_by),
            done_at=head.done_at,
        )
    return found


def payment_state(settlement: Settlement) -> str | None:
    """Return whether a month's amounts are paid ('paid', 'unpaid'); None without amounts."""
    if not settlement.amounts:
        return None
    return "paid" if all(a.paid for a in settlement.amounts) else "unpaid"
