"""A closed month becomes tax work: one task per period, told to the accountant.

The first close creates 'calculate tax'. A month closed again after late documents
reopened it creates 'recalculate tax' when the earlier tax task is already done (one per
reopening); while the earlier task is still open, that task simply stays the one to do.
The client hears of the closed month from notify, which follows the same event.
"""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.config import Settings
from intake.errors import NotFound
from intake.models import Company, utcnow
from intake.month import Month
from tasks.chains import same_work
from tasks.creation import create_task
from tasks.deadlines import tax_task_due
from tasks.messages import tell_task_created
from tasks.models import Task
from tasks.templates import template_of_kind
from tasks.vocabulary import TAX_KINDS, TaskKind, TaskState

logger = logging.getLogger(__name__)


def open_tax_task(
    session: Session,
    settings: Settings,
    period_id: int,
    company_id: int,
    month: Month,
    reopen_count: int = 0,
) -> tuple[Task, bool]:
    """Make sure a closed month has its tax task; return it and whether it is new.

    A new task's assignee (or, without one, the office's owners) is told after commit.
    """
    company = session.get(Company, company_id)
    if company is None:
        raise NotFound(f"company {company_id}")
    task, created = ensure_tax_task(session, company, period_id, month, reopen_count)
    if created:
        session.flush()
        tell_task_created(session, settings, task)
    return task, created


def ensure_tax_task(
    session: Session, company: Company, period_id: int, month: Month, reopen_count: int
) -> tuple[Task, bool]:
    """Return the period's tax task to work on, creating it when there is none."""
    latest = session.scalar(
        select(Task)
        .where(Task.period_id == period_id, Task.kind.in_(TAX_KINDS))
        .order_by(Task.id.desc())
        .limit(1)
    )
    collected(session, company.id, month)
    # The closing month's handler writes its task only; templates are installed elsewhere.
    template = template_of_kind(session, company.office_id, TaskKind.CALCULATE_TAX, install=False)
    if latest is None and reopen_count == 0:
        started = same_work(session, company.id, month, TaskKind.CALCULATE_TAX)
        if started is not None and started.period_id is None:  # a chain or a person made it
            started.period_id = period_id
            return started, False
    if latest is None:
        kind, key = TaskKind.CALCULATE_TAX, f"period:{period_id}:calculate_tax"
    elif latest.status == TaskState.OPEN or reopen_count == 0:
        return latest, False
    else:
        kind = TaskKind.RECALCULATE_TAX
        key = f"period:{period_id}:recalculate_tax:{reopen_count}"
    return create_task(
        session,
        kind,
        company,
        month,
        key=key,
        due_on=tax_task_due(month, company.office.country),
        period_id=period_id,
        assignee_id=company.accountant_id,
        reopen_count=reopen_count,
        template_id=template.id if template is not None else None,
        visible_to_client=template.visible_to_client if template else False,
    )


def collected(session: Session, company_id: int, month: Month) -> list[Task]:
    """Mark a month's open 'collect documents' tasks done: the documents are delivered."""
    query = select(Task).where(
        Task.company_id == company_id,
        Task.month == month,
        Task.kind == TaskKind.COLLECT_DOCUMENTS,
        Task.status == TaskState.OPEN,
    )
    found = list(session.scalars(query))
    for task in found:
        task.status, task.done_at = TaskState.DONE, utcnow()
    return found
