"""Making a task once: its key finds the one made before, even when two processes race."""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from intake.models import Company, Office
from intake.month import Month
from tasks.models import Task
from tasks.vocabulary import TaskKind

logger = logging.getLogger(__name__)


def create_task(
    session: Session,
    kind: TaskKind,
    company: Company | None,
    month: Month | None,
    *,
    key: str | None,
    due_on: dt.date | None,
    period_id: int | None = None,
    parent_id: int | None = None,
    assignee_id: int | None = None,
    reopen_count: int = 0,
    office: Office | None = None,
    title: str | None = None,
    template_id: int | None = None,
    visible_to_client: bool = False,
    starts_on: dt.date | None = None,
) -> tuple[Task, bool]:
    """Return the task of a key, creating it for a company's month (or the office's own
    work); True when it is new. A task without a key is always new."""
    if key is not None:
        existing = session.scalar(select(Task).where(Task.key == key))
        if existing is not None:
            return existing, False
    home = company.office if company is not None else office
    assert home is not None, "a task belongs to a company or to an office"
    task = Task(
        office_id=home.id,
        company_id=company.id if company else None,
        period_id=period_id,
        parent_id=parent_id,
        kind=kind,
        month=month,
        title=title or "",
        assignee_id=assignee_id,
        due_on=due_on,
        key=key,
        reopen_count=reopen_count,
        template_id=template_id,
        visible_to_client=visible_to_client,
        starts_on=starts_on,
    )
    task.company = company
    if not title:
        task.title = task.title_in(home.locale)[:300]
    try:
        with session.begin_nested():
            session.add(task)
    except IntegrityError:  # a second process created it a moment ago
        return session.get_one(Task, session.scalar(select(Task.id).where(Task.key == key))), False
    logger.info("task %s (%s) created for company %s", task.id, kind, task.company_id)
    return task, True
