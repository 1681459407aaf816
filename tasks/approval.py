"""The client's approval of a month's amounts, through a signed link."""

from __future__ import annotations

import logging
from typing import Any

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select

from intake.config import Settings
from intake.models import utcnow
from intake.models.work import Task
from intake.runtime import Runtime
from tasks.errors import InvalidToken, TaskNotFound, TaskStateError

logger = logging.getLogger(__name__)

SALT = "intake.task-approval"
MAX_AGE_S = 60 * 86400  # a link outlives the payment deadlines it is about
APPROVAL_PATH = "/client/approve/"


def _serializer(settings: Settings) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.secret_key, salt=SALT)


def approval_token(settings: Settings, task: Task) -> str:
    """Return a signed token naming a task and its company."""
    return _serializer(settings).dumps({"task": task.id, "company": task.company_id})


def approval_url(settings: Settings, task: Task) -> str:
    """Return the portal link a client opens to approve a task's amounts."""
    return f"{settings.base_url}{APPROVAL_PATH}{approval_token(settings, task)}"


def verify_approval(settings: Settings, token: str, max_age_s: int = MAX_AGE_S) -> tuple[int, int]:
    """Return (task_id, company_id) of a token, or raise InvalidToken."""
    try:
        data = _serializer(settings).loads(token, max_age=max_age_s)
    except SignatureExpired as e:
        raise InvalidToken("this approval link has expired") from e
    except BadSignature as e:
        raise InvalidToken("this approval link is not valid") from e
    return int(data["task"]), int(data["company"])


def approval_of(task: Task) -> dict[str, Any] | None:
    """Return a task's approval record ({required, approved_at, by}), or None."""
    return task.data.get("approval")


def approve_task(rt: Runtime, token: str, by: str) -> Task:
    """Record the client's approval of a task's amounts; approving twice changes nothing."""
    task_id, company_id = verify_approval(rt.settings, token)
    with rt.db.session() as session:
        task = session.get(Task, task_id, with_for_update=True)
        if task is None or task.company_id != company_id:
            raise TaskNotFound(f"task {task_id}")
        approval = approval_of(task)
        if task.status != "done" or not approval:
            raise TaskStateError("this task does not wait for an approval")
        if not approval.get("approved_at"):
            task.data = {
                **task.data,
                "approval": {**approval, "approved_at": utcnow().isoformat(), "by": by},
            }
            reminders = select(Task).where(
                Task.parent_id == task.id, Task.kind == "remind_client", Task.status == "open"
            )
            for reminder in session.scalars(reminders):
                reminder.status, reminder.done_at = "cancelled", utcnow()
            logger.info("task %s approved by %s", task_id, by)
        return task
