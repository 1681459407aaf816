"""The client's approval of a month's amounts, through a signed link."""

from __future__ import annotations

import logging

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.config import Settings
from intake.models import utcnow
from tasks.errors import InvalidToken, TaskNotFound, TaskStateError, Why
from tasks.models import Task
from tasks.vocabulary import TaskKind, TaskState

logger = logging.getLogger(__name__)

SALT = "intake.task-approval"
MAX_AGE_S = 60 * 86400  # a link outlives the payment deadlines it is about
APPROVAL_PATH = "/client/approve/"


def _serializer(settings: Settings) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.secret_key, salt=SALT)


def approval_token(settings: Settings, task_id: int, company_id: int) -> str:
    """Return a signed token naming a task and its company."""
    return _serializer(settings).dumps({"task": task_id, "company": company_id})


def approval_url(settings: Settings, task_id: int, company_id: int) -> str:
    """Return the portal link a client opens to approve a task's amounts."""
    return f"{settings.base_url}{APPROVAL_PATH}{approval_token(settings, task_id, company_id)}"


def verify_approval(settings: Settings, token: str, max_age_s: int = MAX_AGE_S) -> tuple[int, int]:
    """Return (task_id, company_id) of a token, or raise InvalidToken."""
    try:
        data = _serializer(settings).loads(token, max_age=max_age_s)
    except SignatureExpired as e:
        raise InvalidToken(Why.LINK_EXPIRED) from e
    except BadSignature as e:
        raise InvalidToken(Why.LINK_INVALID) from e
    return int(data["task"]), int(data["company"])


def approve_task(session: Session, settings: Settings, token: str, by: str) -> Task:
    """Record the client's approval of a task's amounts; approving twice changes nothing.

    The open 'remind client' tasks of the approved task are cancelled.
    """
    task_id, company_id = verify_approval(settings, token)
    task = session.get(Task, task_id, with_for_update=True)
    if task is None or task.company_id != company_id:
        raise TaskNotFound(task_id=task_id)
    if task.status != TaskState.DONE or not task.approval_required:
        raise TaskStateError(Why.NO_APPROVAL_WAITING)
    if task.approved_at is None:
        task.approved_at, task.approved_by = utcnow(), by[:254]
        reminders = select(Task).where(
            Task.parent_id == task.id,
            Task.kind == TaskKind.REMIND_CLIENT,
            Task.status == TaskState.OPEN,
        )
        for reminder in session.scalars(reminders):
            reminder.status, reminder.done_at = TaskState.CANCELLED, utcnow()
        logger.info("task %s approved by %s", task_id, by)
    return task
