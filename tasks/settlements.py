"""A settled month as the client sees it: each tax's amount, when it is due, the approval.

These typed records are what pages and messages read (never a task's columns by hand);
they are the rows of the payments table to come.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from intake.month import Month
from tasks.models import Task, TaxAmount
from tasks.vocabulary import TAX_KINDS, TaskState, TaxCode


@dataclass(frozen=True)
class Amount:
    """One tax owed for a month: its code, the amount with its currency, the due day."""

    code: TaxCode
    amount: Decimal
    currency: str
    due_on: dt.date
    paid_at: dt.datetime | None = None
    id: int | None = None

    @property
    def paid(self) -> bool:
        """Tell whether the amount is paid (nothing to pay counts as paid)."""
        return self.paid_at is not None or self.amount <= 0

    @property
    def label(self) -> str:
        """Return the tax's name as a message id ('PIT advance'), to translate where shown."""
        return self.code.label

    @classmethod
    def of(cls, row: TaxAmount) -> Amount:
        """Return the record of a stored amount."""
        return cls(row.code, row.amount, row.currency, row.due_on, row.paid_at, row.id)


@dataclass(frozen=True)
class Approval:
    """Whether the client must approve a month's amounts, and when and by whom they did."""

    required: bool
    approved_at: dt.datetime | None = None
    approved_by: str | None = None

    @property
    def waiting(self) -> bool:
        """Tell whether the approval is asked for and has not come yet."""
        return self.required and self.approved_at is None


@dataclass(frozen=True)
class Settlement:
    """A company's month settled by a tax task: the amounts to pay and their approval."""

    task_id: int
    company_id: int
    month: Month
    amounts: tuple[Amount, ...]
    approval: Approval
    done_at: dt.datetime | None


def settlement_of(task: Task) -> Settlement | None:
    """Return a tax task's settlement, or None while it has no amounts (or no month)."""
    if task.company_id is None or task.month is None or not task.amounts:
        return None
    return Settlement(
        task_id=task.id,
        company_id=task.company_id,
        month=task.month,
        amounts=tuple(Amount.of(row) for row in task.amounts),
        approval=Approval(task.approval_required, task.approved_at, task.approved_by),
        done_at=task.done_at,
    )


def settlements_for(session: Session, company_id: int, limit: int = 12) -> list[Settlement]:
    """Return a company's settled months with their amounts, newest first (the client's page)."""
    query = (
        select(Task)
        .where(
            Task.company_id == company_id,
            Task.kind.in_(TAX_KINDS),
            Task.status == TaskState.DONE,
        )
        .options(selectinload(Task.amounts))
        .order_by(Task.done_at.desc(), Task.id.desc())
        .limit(limit)
    )
    found = (settlement_of(task) for task in session.scalars(query))
    return [s for s in found if s is not None]
