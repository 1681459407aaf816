"""What people are told about tasks: each occasion is one queued notification per recipient.

Bodies are this package's templates (tasks/templates/messages/*.txt) rendered by notify
in each recipient's language; rows are sent once the caller's session commits, and keys
make every occasion send once.
"""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from intake.config import Settings
from intake.i18n import N_
from intake.models import Company, Office, User
from intake.vocabulary import Choice
from notify.compose import render
from notify.contacts import preferences_of
from notify.messages import office_people, queue_rendered, recipient_locale
from notify.models import Notification
from notify.vocabulary import Channel, Topic, register_kinds
from tasks.approval import approval_url
from tasks.models import Task
from tasks.settlements import settlement_of

logger = logging.getLogger(__name__)


@register_kinds
class TaskMessage(Choice):
    """The messages the tasks package sends."""

    TASK_CREATED = "task_created", N_("new task")
    TAX_DUE = "tax_due", N_("amounts to pay")
    TODAY_DIGEST = "digest_today", N_("today's tasks")
    OVERDUE_DIGEST = "digest_overdue", N_("overdue tasks")


def tell_task_created(session: Session, settings: Settings, task: Task) -> list[Notification]:
    """Tell the assignee (or, for an unassigned task, the office's owners) about a new task."""
    people = [task.assignee] if task.assignee else office_people(session, task.office_id)
    rows = []
    for person in people:
        locale = recipient_locale(session, person)
        text = render(
            "tasks",
            TaskMessage.TASK_CREATED,
            locale,
            title=task.title_in(locale),
            assigned=task.assignee is not None,
            due=task.due_on,
            portal_url=f"{settings.base_url}/staff/tasks/{task.id}",
        )
        rows.append(
            queue_rendered(
                session,
                text,
                channel=Channel.EMAIL,
                recipient=person.email,
                office_id=task.office_id,
                company_id=task.company_id,
                kind=TaskMessage.TASK_CREATED,
                key=f"task_created:{task.id}:{person.id}",
                about=f"task:{task.id}",
            )
        )
    return [row for row in rows if row is not None]


def tell_tax_due(
    session: Session, settings: Settings, task: Task, signer: User | None = None
) -> list[Notification]:
    """Send every contact of a done tax task's company its amounts, by e-mail and SMS (the
    channels each contact receives amounts on).

    Signed by the company's accountant (else the signer given, else the office); replies
    go to that person. Where the client must approve, the message carries the link.
    """
    settlement = settlement_of(task)
    if settlement is None:
        return []
    company = session.get_one(Company, settlement.company_id)
    office: Office = company.office
    signer = company.accountant or signer
    link = approval_url(settings, task.id, company.id) if settlement.approval.waiting else None
    headers = {"Reply-To": signer.email} if signer else {}
    rows = []
    prefs = preferences_of(session, [c.id for c in company.contacts])
    for contact in company.contacts:
        text = render(
            "tasks",
            TaskMessage.TAX_DUE,
            recipient_locale(session, contact),
            company=company.name,
            month=settlement.month,
            amounts=settlement.amounts,
            approval_url=link,
            accountant=signer.name if signer else office.name,
            office=office.name,
            portal_url=f"{settings.base_url}/client/",
        )
        for channel, address in ((Channel.EMAIL, contact.email), (Channel.SMS, contact.phone)):
            if not address or channel not in prefs[contact.id][Topic.AMOUNTS]:
                continue  # each contact chose the channels of amounts due (default: both)
            rows.append(
                queue_rendered(
                    session,
                    text,
                    channel=channel,
                    recipient=address,
                    office_id=company.office_id,
                    company_id=company.id,
                    kind=TaskMessage.TAX_DUE,
                    key=f"tax_due:{task.id}:{contact.id}:{channel}",
                    about=f"task:{task.id}",
                    headers=headers,
                )
            )
    return [row for row in rows if row is not None]
