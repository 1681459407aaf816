"""Tasks by hand: made for a company or the office, reassigned, postponed, commented.

A hand-made task from a template is that template's task (its chain follows when it is
done); a free one has only its title. Every change a person makes is a line in the
task's log (TaskComment), which the office sees and the client never does.
"""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.config import Settings
from intake.models import Company, Office, User
from intake.month import Month
from intake.vocabulary import OFFICE_ROLES
from tasks.chains import from_template
from tasks.creation import create_task
from tasks.errors import TaskError, TaskNotFound, TaskStateError, Why
from tasks.messages import tell_task_created
from tasks.models import Task, TaskComment
from tasks.templates import template_named
from tasks.vocabulary import CommentKind, TaskKind, TaskState

logger = logging.getLogger(__name__)


def office_person(session: Session, office_id: int, email: str) -> User:
    """Return a person of the office's staff by e-mail, or raise TaskError."""
    person = session.scalar(
        select(User).where(
            User.email == email.strip().lower(),
            User.office_id == office_id,
            User.role.in_(OFFICE_ROLES),
        )
    )
    if person is None:
        raise TaskError(Why.NOT_OFFICE_PERSON, email=email)
    return person


def company_by_nip(session: Session, office_id: int, nip: str) -> Company:
    """Return the office's company of a NIP, or raise TaskError."""
    company = session.scalar(
        select(Company).where(Company.office_id == office_id, Company.nip == nip.strip())
    )
    if company is None:
        raise TaskError(Why.NO_COMPANY, nip=nip)
    return company


def add_task(
    session: Session,
    settings: Settings,
    by: User,
    *,
    company: Company | None = None,
    template: str | None = None,
    title: str | None = None,
    month: Month | None = None,
    assignee: User | None = None,
    due_on: dt.date | None = None,
    visible_to_client: bool | None = None,
) -> Task:
    """Make a task by hand for a company (or the office's own work) and tell its person."""
    office = session.get_one(Office, by.office_id)
    if company is not None and company.office_id != office.id:
        raise TaskError(Why.NO_COMPANY, nip=company.nip)
    if template:
        row = template_named(session, office.id, template)
        work = month or (Month.current() - 1 if company is not None else None)
        task, _ = from_template(session, row, company, work, key=None, office=office)
        if title and title.strip():
            task.title = title.strip()[:300]
    else:
        if not (title or "").strip():
            raise TaskError(Why.TITLE_MISSING)
        task, _ = create_task(
            session,
            TaskKind.OTHER,
            company,
            month,
            key=None,
            due_on=due_on,
            office=office,
            title=str(title).strip()[:300],
            assignee_id=company.accountant_id if company is not None else by.id,
        )
    if assignee is not None:
        task.assignee_id = assignee.id
        task.assignee = assignee
    if due_on is not None:
        task.due_on = due_on
    if visible_to_client is not None:
        task.visible_to_client = visible_to_client and company is not None
    session.flush()
    tell_task_created(session, settings, task)
    logger.info("task %s made by hand by user %s", task.id, by.id)
    return task


def office_task(session: Session, by: User, task_id: int) -> Task:
    """Return a task of the person's office for a change, or raise TaskNotFound."""
    task = session.get(Task, task_id, with_for_update=True)
    if task is None or task.office_id != by.office_id or by.role not in OFFICE_ROLES:
        raise TaskNotFound(task_id=task_id)
    return task


def log(session: Session, task: Task, by: User, kind: CommentKind, body: str) -> TaskComment:
    """Add a line to a task's log."""
    line = TaskComment(task_id=task.id, author_id=by.id, kind=kind, body=body[:4000])
    session.add(line)
    session.flush()
    return line


def assign_task(session: Session, settings: Settings, by: User, task_id: int, email: str) -> Task:
    """Give a task to another person of the office, who is told."""
    task = office_task(session, by, task_id)
    person = office_person(session, task.office_id, email)
    if task.assignee_id != person.id:
        task.assignee_id, task.assignee = person.id, person
        log(session, task, by, CommentKind.ASSIGNED, person.email)
        tell_task_created(session, settings, task)
    return task


def postpone_task(session: Session, by: User, task_id: int, due_on: dt.date, reason: str) -> Task:
    """Move an open task's due day, with the reason in its log."""
    task = office_task(session, by, task_id)
    if task.status != TaskState.OPEN:
        raise TaskStateError(Why.ALREADY_CLOSED, state=task.status)
    if not reason.strip():
        raise TaskError(Why.REASON_MISSING)
    before = task.due_on.isoformat() if task.due_on else "-"
    task.due_on = due_on
    log(session, task, by, CommentKind.POSTPONED, f"{before} → {due_on.isoformat()}: {reason}")
    return task


def comment_task(session: Session, by: User, task_id: int, body: str) -> TaskComment:
    """Add a comment to a task's log."""
    task = office_task(session, by, task_id)
    if not body.strip():
        raise TaskError(Why.COMMENT_EMPTY)
    return log(session, task, by, CommentKind.COMMENT, body.strip())
