"""The daily digests: the owner hears of overdue tasks per person, each person of today's.

Both are e-mails in the reader's language, sent once a day (the key holds the day) by the
`send_digests` actor each morning, and each can be switched off in the office's work
policy (`intake tasks policy --digest-owner/--no-digest-owner ...`).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from intake.config import Settings
from intake.models import Office, User
from intake.vocabulary import OFFICE_ROLES, Role
from notify.compose import render
from notify.messages import queue_rendered, recipient_locale
from notify.models import Notification
from notify.vocabulary import Channel
from tasks.messages import TaskMessage
from tasks.models import Task
from tasks.policy import get_policy
from tasks.vocabulary import TaskState

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Line:
    """One task in a digest: its title in the reader's language and its due day."""

    title: str
    due_on: dt.date | None
    url: str


def overdue_by_person(
    session: Session, office_id: int, today: dt.date
) -> dict[User | None, list[Task]]:
    """Return an office's overdue open tasks by person (None: nobody's), oldest first."""
    query = (
        select(Task)
        .where(Task.office_id == office_id, Task.status == TaskState.OPEN, Task.due_on < today)
        .options(selectinload(Task.assignee), selectinload(Task.company))
        .order_by(Task.due_on, Task.id)
    )
    found: dict[User | None, list[Task]] = {}
    for task in session.scalars(query):
        found.setdefault(task.assignee, []).append(task)
    return found


def due_today(session: Session, user: User, today: dt.date) -> list[Task]:
    """Return a person's open tasks due today or earlier, oldest first."""
    query = (
        select(Task)
        .where(Task.assignee_id == user.id, Task.status == TaskState.OPEN, Task.due_on <= today)
        .options(selectinload(Task.company))
        .order_by(Task.due_on, Task.id)
    )
    return list(session.scalars(query))


def _lines(tasks: list[Task], locale: str, settings: Settings) -> list[Line]:
    base = f"{settings.base_url}/staff/tasks/"
    return [Line(t.title_in(locale), t.due_on, f"{base}{t.id}") for t in tasks]


def _send(
    session: Session,
    person: User,
    kind: TaskMessage,
    key: str,
    text_args: Callable[[str], dict[str, Any]],
) -> Notification | None:
    locale = recipient_locale(session, person)
    text = render("tasks", kind, locale, **text_args(locale))
    return queue_rendered(
        session,
        text,
        channel=Channel.EMAIL,
        recipient=person.email,
        office_id=person.office_id,
        kind=kind,
        key=key,
    )


def send_digests(
    session: Session, settings: Settings, office: Office, today: dt.date
) -> list[Notification]:
    """Queue today's digests of an office (each once a day, only those switched on)."""
    policy = get_policy(session, office.id)
    sent: list[Notification | None] = []
    people = session.scalars(
        select(User).where(User.office_id == office.id, User.role.in_(OFFICE_ROLES))
    ).all()
    if policy.digest_owner:
        late = overdue_by_person(session, office.id, today)
        if late:
            for owner in (p for p in people if p.role == Role.OWNER):

                def owner_args(locale: str) -> dict[str, Any]:
                    return {
                        "day": today,
                        "people": [
                            (person.name if person else None, _lines(tasks, locale, settings))
                            for person, tasks in late.items()
                        ],
                        "portal_url": f"{settings.base_url}/staff/tasks/?state=overdue",
                    }

                key = f"digest_overdue:{owner.id}:{today.isoformat()}"
                sent.append(_send(session, owner, TaskMessage.OVERDUE_DIGEST, key, owner_args))
    if policy.digest_staff:
        for person in people:
            tasks = due_today(session, person, today)
            if not tasks:
                continue

            def person_args(locale: str, tasks: list[Task] = tasks) -> dict[str, Any]:
                return {
                    "day": today,
                    "lines": _lines(tasks, locale, settings),
                    "portal_url": f"{settings.base_url}/staff/tasks/",
                }

            key = f"digest_today:{person.id}:{today.isoformat()}"
            sent.append(_send(session, person, TaskMessage.TODAY_DIGEST, key, person_args))
    return [row for row in sent if row is not None]
