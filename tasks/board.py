"""What a person sees of the office's tasks: their own, the unassigned, or all."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, false, or_, select
from sqlalchemy.orm import Session

from intake.models import User
from intake.models.work import Task
from tasks.errors import TaskNotFound
from tasks.templates import TAX_KINDS

logger = logging.getLogger(__name__)

OPEN = ("open",)


def visible_tasks(user: User) -> Select[Task]:
    """Return the query of tasks a person may see: staff their own and unassigned, owner all."""
    query = select(Task).where(Task.office_id == user.office_id)
    if user.role == "owner":
        return query
    if user.role == "staff":
        return query.where(or_(Task.assignee_id == user.id, Task.assignee_id.is_(None)))
    return query.where(false())  # clients see amounts in their portal, not the office's tasks


def tasks_for(session: Session, user: User, statuses: tuple[str, ...] | None = OPEN) -> list[Task]:
    """Return a person's tasks (open by default), soonest deadline first."""
    query = visible_tasks(user)
    if statuses:
        query = query.where(Task.status.in_(statuses))
    query = query.order_by(Task.due_on.is_(None), Task.due_on, Task.id)
    return list(session.scalars(query))


def get_task(session: Session, user: User, task_id: int) -> Task:
    """Return a task the person may see, or raise TaskNotFound."""
    task = session.scalar(visible_tasks(user).where(Task.id == task_id))
    if task is None:
        raise TaskNotFound(f"task {task_id}")
    return task


def assign_task(session: Session, user: User, task_id: int, assignee_id: int | None) -> Task:
    """Give a task to a staff member of the same office (or to nobody)."""
    task = get_task(session, user, task_id)
    if assignee_id is not None:
        assignee = session.get(User, assignee_id)
        if assignee is None or assignee.office_id != task.office_id or assignee.role == "client":
            raise TaskNotFound(f"user {assignee_id}")
    task.assignee_id = assignee_id
    session.flush()
    return task


@dataclass(frozen=True)
class Settlement:
    """A month's tax amounts as a client sees them."""

    task_id: int
    month: str
    amounts: dict[str, Decimal]
    due_dates: dict[str, dt.date]
    approval: dict[str, Any] | None


def settlements_for(session: Session, company_id: int, limit: int = 12) -> list[Settlement]:
    """Return a company's settled months with amounts, newest first (the client's page)."""
    query = (
        select(Task)
        .where(Task.company_id == company_id, Task.kind.in_(TAX_KINDS), Task.status == "done")
        .order_by(Task.done_at.desc(), Task.id.desc())
        .limit(limit)
    )
    return [
        Settlement(
            task_id=task.id,
            month=task.data.get("month", ""),
            amounts={k: Decimal(v) for k, v in task.data.get("amounts", {}).items()},
            due_dates={
                k: dt.date.fromisoformat(v) for k, v in task.data.get("due_dates", {}).items()
            },
            approval=task.data.get("approval"),
        )
        for task in session.scalars(query)
    ]
