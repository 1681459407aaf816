"""What a client sees of the office's work: the tasks the office chose to show, and nothing
internal (no log, no person, no note)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from intake.month import Month
from tasks.errors import TaskNotFound
from tasks.models import Task
from tasks.vocabulary import TaskState


@dataclass(frozen=True)
class ShownTask:
    """A task as its client sees it: its title in the client's language, state, dates."""

    id: int
    title: str
    month: Month | None
    state: TaskState
    due_on: dt.date | None
    done_at: dt.datetime | None


def shown(task: Task, locale: str) -> ShownTask:
    """Return a task as the client sees it."""
    return ShownTask(
        task.id, task.title_in(locale), task.month, task.status, task.due_on, task.done_at
    )


def client_tasks(
    session: Session, company_id: int, locale: str, limit: int = 20
) -> list[ShownTask]:
    """Return a company's tasks the office shows it, newest first (cancelled ones left out)."""
    query = (
        select(Task)
        .where(
            Task.company_id == company_id,
            Task.visible_to_client.is_(True),
            Task.status != TaskState.CANCELLED,
        )
        .options(selectinload(Task.company))
        .order_by(Task.month.desc(), Task.id.desc())
        .limit(limit)
    )
    return [shown(task, locale) for task in session.scalars(query)]


def client_task(session: Session, company_id: int, task_id: int, locale: str) -> ShownTask:
    """Return one task shown to a company, or raise TaskNotFound (another company's too)."""
    task = session.get(Task, task_id)
    if (
        task is None
        or task.company_id != company_id
        or not task.visible_to_client
        or task.status == TaskState.CANCELLED
    ):
        raise TaskNotFound(task_id=task_id)
    return shown(task, locale)
