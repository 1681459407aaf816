"""Marking a task done: amounts recorded, the next tasks made, the client told."""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal
from typing import Any

from intake import events
from intake.models import Company, Period, User, utcnow
from intake.models.work import Notification, Task
from intake.runtime import Runtime
from notify.delivery import dispatch
from notify.messages import tell_task_created, tell_tax_due
from tasks.approval import approval_url
from tasks.chains import on_done
from tasks.deadlines import payment_due
from tasks.errors import InvalidAmounts, TaskNotFound, TaskStateError
from tasks.policy import get_policy
from tasks.tax import clean_amounts, parse_day
from tasks.templates import TAX_KINDS

logger = logging.getLogger(__name__)


def complete_task(
    rt: Runtime,
    task_id: int,
    user_id: int,
    amounts: dict[str, Decimal] | dict[str, str] | None = None,
    due_dates: dict[str, dt.date] | dict[str, str] | None = None,
    *,
    note: str | None = None,
) -> Task:
    """Mark a task done by a staff member; a tax task records amounts and tells the client.

    Amounts (Decimal, by tax code) and their due dates (defaults: VAT on the 25th,
    PIT/CIT/ZUS on the 20th of the next month, moved to a working day) go into Task.data;
    every contact of the company gets an e-mail and an SMS signed by its accountant, with
    an approval link where the office's policy asks for one. TASK_DONE is published.
    """
    clean = clean_amounts(dict(amounts or {}))
    with rt.db.session() as session:
        user = session.get(User, user_id)
        task = session.get(Task, task_id, with_for_update=True)
        if user is None or task is None or task.office_id != user.office_id:
            raise TaskNotFound(f"task {task_id}")
        if user.role not in ("staff", "owner"):
            raise TaskNotFound(f"task {task_id}")
        if task.status != "open":
            raise TaskStateError(f"task {task_id} is already {task.status}")
        is_tax = task.kind in TAX_KINDS and task.company_id is not None
        if is_tax and not clean:
            raise InvalidAmounts("a tax task is done with at least one amount (VAT=0 is fine)")
        month = task.data.get("month") or _period_month(session, task)
        if is_tax and not month:
            raise TaskStateError(f"task {task_id} names no month to tax")
        dues = due_days(month, clean, due_dates or {})
        policy = get_policy(session, task.office_id)
        wants_approval = is_tax and policy.approval_required
        task.status, task.done_at = "done", utcnow()
        task.data = {
            **task.data,
            **_done_data(user, note),
            **({"amounts": {k: str(v) for k, v in clean.items()}} if clean else {}),
            **({"due_dates": {k: d.isoformat() for k, d in dues.items()}} if clean else {}),
            **({"approval": {"required": True, "approved_at": None}} if wants_approval else {}),
        }
        session.flush()
        notes: list[Notification] = []
        for child in on_done(session, task):
            notes += tell_task_created(session, rt.settings, child)
        if is_tax:
            company = session.get_one(Company, task.company_id)
            signer = company.accountant or user
            link = approval_url(rt.settings, task) if wants_approval else None
            notes += tell_tax_due(
                session,
                rt.settings,
                task,
                str(month),
                clean,
                dues,
                signer=signer,
                approval_url=link,
            )
        session.flush()
        note_ids = [n.id for n in notes]
        payload = {
            "task_id": task.id,
            "company_id": task.company_id,
            "period_id": task.period_id,
            "kind": task.kind,
        }
    dispatch(note_ids)
    events.publish(events.TASK_DONE, **payload)
    return task


def due_days(
    month: str | None, amounts: dict[str, Decimal], given: dict[str, Any]
) -> dict[str, dt.date]:
    """Return a due date per amount: the one given, else the statutory payment day."""
    dues = {}
    for code in amounts:
        raw = given.get(code) or given.get(code.lower())
        day = parse_day(raw) if raw else (payment_due(month, code) if month else None)
        if day is not None:
            dues[code] = day
    return dues


def _done_data(user: User, note: str | None) -> dict[str, Any]:
    data: dict[str, Any] = {"done_by": user.id, "done_by_name": user.name}
    if note:
        data["note"] = note
    return data


def _period_month(session: Any, task: Task) -> str | None:
    period = session.get(Period, task.period_id) if task.period_id else None
    return period.month if period else None
