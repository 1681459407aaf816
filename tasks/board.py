"""What a person sees of the office's tasks: their own, the unassigned, or all; searched.

The board groups a person's tasks by kind, overdue first; its filters (company, kind,
person, state, due dates, words of the title) are the same for the portal and
`intake tasks list`. A task is planned until its start day, overdue past its due day.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, and_, case, false, or_, select
from sqlalchemy.orm import Session, selectinload

from intake.models import User
from intake.vocabulary import Role
from tasks.errors import TaskNotFound
from tasks.models import Task
from tasks.vocabulary import BoardState, TaskKind, TaskState

logger = logging.getLogger(__name__)

OPEN = (TaskState.OPEN,)
PAGE = 100


def visible_tasks(user: User) -> Select[Task]:
    """Return the query of tasks a person may see: staff their own and unassigned, owner all."""
    query = select(Task).where(Task.office_id == user.office_id)
    if user.role == Role.OWNER:
        return query
    if user.role == Role.STAFF:
        return query.where(or_(Task.assignee_id == user.id, Task.assignee_id.is_(None)))
    return query.where(false())  # clients see their company's chosen tasks, not the board


def tasks_for(
    session: Session, user: User, statuses: tuple[TaskState, ...] | None = OPEN
) -> list[Task]:
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
        raise TaskNotFound(task_id=task_id)
    return task


@dataclass(frozen=True)
class BoardFilter:
    """What a person narrows the board to; None is 'any'."""

    company_id: int | None = None
    kind: TaskKind | None = None
    person_id: int | None = None
    state: BoardState | None = None
    due_from: dt.date | None = None
    due_to: dt.date | None = None
    words: str | None = None


def state_of(task: Task, today: dt.date) -> BoardState:
    """Return where a task stands on the board today."""
    if task.status != TaskState.OPEN:
        return BoardState.DONE
    if task.due_on is not None and task.due_on < today:
        return BoardState.OVERDUE
    if task.starts_on is not None and task.starts_on > today:
        return BoardState.PLANNED
    return BoardState.OPEN


def _state_clause(state: BoardState, today: dt.date) -> ColumnElement[bool]:
    is_open = Task.status == TaskState.OPEN
    if state == BoardState.DONE:
        return Task.status == TaskState.DONE
    if state == BoardState.OVERDUE:
        return and_(is_open, Task.due_on < today)
    not_late = or_(Task.due_on.is_(None), Task.due_on >= today)
    if state == BoardState.PLANNED:
        return and_(is_open, not_late, Task.starts_on > today)
    return and_(is_open, not_late, or_(Task.starts_on.is_(None), Task.starts_on <= today))


def board_query(user: User, wanted: BoardFilter, today: dt.date) -> Select[Task]:
    """Return the query of a person's board: filtered, overdue first, then by due day."""
    query = visible_tasks(user)
    if wanted.state is None:
        query = query.where(Task.status == TaskState.OPEN)
    else:
        query = query.where(_state_clause(wanted.state, today))
    if wanted.company_id is not None:
        query = query.where(Task.company_id == wanted.company_id)
    if wanted.kind is not None:
        query = query.where(Task.kind == wanted.kind)
    if wanted.person_id is not None:
        query = query.where(Task.assignee_id == wanted.person_id)
    if wanted.due_from is not None:
        query = query.where(Task.due_on >= wanted.due_from)
    if wanted.due_to is not None:
        query = query.where(Task.due_on <= wanted.due_to)
    if wanted.words:
        query = query.where(Task.title.ilike(f"%{wanted.words.strip()}%"))
    late = case((and_(Task.status == TaskState.OPEN, Task.due_on < today), 0), else_=1)
    return query.order_by(late, Task.due_on.is_(None), Task.due_on, Task.id)


def board(
    session: Session,
    user: User,
    wanted: BoardFilter,
    today: dt.date,
    limit: int = PAGE,
    offset: int = 0,
) -> dict[TaskKind, list[Task]]:
    """Return a page of a person's board: tasks grouped by kind, overdue work first."""
    query = board_query(user, wanted, today).offset(offset).limit(limit)
    query = query.options(selectinload(Task.company), selectinload(Task.assignee))
    groups: dict[TaskKind, list[Task]] = {}
    for task in session.scalars(query):
        groups.setdefault(task.kind, []).append(task)
    return groups
