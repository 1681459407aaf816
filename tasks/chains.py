"""Chains: a task done creates the next one; time passing creates a reminder.

Done -> next: 'calculate tax' (or 'recalculate tax') done creates 'send declaration' for
the same accountant, due on the VAT day. Time -> next: where the office wants the
client's approval and none came within the policy's days, a 'remind client' task appears;
the client's approval cancels it. Every next task has a key, so each is made once.

Time is looked at by `advance_due`, run hourly by the `advance_chains` actor (intake's
ticker sends it, see tasks/jobs.py PERIODIC) and on demand by `intake tasks advance`;
running it more often than needed is harmless.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.models import Company, utcnow
from intake.models.work import Notification, Task
from intake.runtime import Runtime
from notify.delivery import dispatch
from notify.messages import tell_task_created
from tasks.approval import approval_of
from tasks.deadlines import payment_due
from tasks.policy import get_policy
from tasks.templates import TAX_KINDS, create_task

logger = logging.getLogger(__name__)
LOOKBACK = dt.timedelta(days=90)  # older unapproved work is the owner's report, not a chain


@dataclass(frozen=True)
class Next:
    """A task kind that follows another, and how its due day is found."""

    kind: str
    due: Callable[[Task], dt.date | None]


ON_DONE: dict[str, tuple[Next, ...]] = {
    kind: (Next("send_declaration", lambda t: payment_due(t.data["month"], "VAT")),)
    for kind in TAX_KINDS
}


def follow(session: Session, parent: Task, kind: str, due_on: dt.date | None) -> tuple[Task, bool]:
    """Return the next task of a kind after a parent, creating it once."""
    company = session.get_one(Company, parent.company_id)
    return create_task(
        session,
        kind,
        company,
        parent.data["month"],
        key=f"task:{parent.id}:{kind}",
        due_on=due_on,
        period_id=parent.period_id,
        parent_id=parent.id,
        assignee_id=parent.assignee_id,
    )


def on_done(session: Session, task: Task) -> list[Task]:
    """Create the tasks that follow a done task; return the new ones."""
    created = []
    for step in ON_DONE.get(task.kind, ()):
        child, new = follow(session, task, step.kind, step.due(task))
        if new:
            created.append(child)
    return created


def as_utc(moment: dt.datetime) -> dt.datetime:
    """Return a stored time as aware UTC (SQLite gives back naive values)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def waiting_for_approval(session: Session, now: dt.datetime) -> list[Task]:
    """Return done tax tasks whose client has not approved within the office's days."""
    query = select(Task).where(
        Task.kind.in_(TAX_KINDS), Task.status == "done", Task.done_at > now - LOOKBACK
    )
    late = []
    for task in session.scalars(query.order_by(Task.id)):
        approval = approval_of(task)
        if not approval or approval.get("approved_at") or task.done_at is None:
            continue
        days = get_policy(session, task.office_id).remind_after_days
        if as_utc(task.done_at) <= now - dt.timedelta(days=days):
            late.append(task)
    return late


def advance_due(rt: Runtime, now: dt.datetime | None = None) -> list[int]:
    """Create the 'remind client' tasks whose time has come; return their ids."""
    now = now or utcnow()
    with rt.db.session() as session:
        created: list[Task] = []
        for parent in waiting_for_approval(session, now):
            child, new = follow(session, parent, "remind_client", now.date())
            if new:
                created.append(child)
        notes: list[Notification] = []
        for child in created:
            notes += tell_task_created(session, rt.settings, child)
        session.flush()
        ids, note_ids = [t.id for t in created], [n.id for n in notes]
    dispatch(note_ids)
    return ids
