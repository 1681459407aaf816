"""Chains: the office's templates say what follows a task, and when.

Done -> next: a task done makes the tasks of its template's next steps (a task made
before templates, or by hand without one, follows the office's template of its kind):
'calculate tax' done makes 'file JPK_V7', 'PIT advance' and 'ZUS' with the shipped
Polish templates. Time -> next: where the office wants the client's approval and none
came within the policy's days, a 'remind client' task appears (the approval cancels it);
a template's task left undone N days after its due day gets a follow-up for its person
or an escalation to the owner. Monthly: on a template's day, a task for every company (or
the template's group) and the month before. Every task a chain makes has a key, and a
company's month has one task of a kind, so each is made once however often time is
looked at: `advance_due` and `start_monthly`, run hourly by the `advance_chains` actor
(tasks/jobs.py PERIODIC) and by `intake tasks advance`.
"""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from intake.config import Settings
from intake.formats import office_day
from intake.i18n import N_, gettext
from intake.models import Company, Office, Period, User, utcnow
from intake.month import Month
from intake.vocabulary import PeriodState, Role
from tasks.creation import create_task
from tasks.deadlines import due_by_rule
from tasks.messages import tell_task_created
from tasks.models import Task, TaskTemplate
from tasks.payments import flag_unpaid
from tasks.policy import get_policy
from tasks.templates import office_templates, template_of_kind
from tasks.vocabulary import (
    TAX_KINDS,
    AfterAction,
    AssigneeRule,
    TaskKind,
    TaskState,
)

logger = logging.getLogger(__name__)
LOOKBACK = dt.timedelta(days=90)  # older unapproved work is the owner's report, not a chain
LIVE = (TaskState.OPEN, TaskState.DONE)

FOLLOW_UP_TITLE = N_("Follow up: %(title)s (due %(due)s)")
NOBODY = N_("nobody")
ESCALATION_TITLE = N_("Not done: %(title)s (due %(due)s, %(person)s)")


def first_owner(session: Session, office_id: int) -> User | None:
    """Return the office's first owner (who escalations go to)."""
    query = select(User).where(User.office_id == office_id, User.role == Role.OWNER)
    return session.scalar(query.order_by(User.id).limit(1))


def assignee_of(
    session: Session, template: TaskTemplate, company: Company | None, parent: Task | None
) -> int | None:
    """Return who does a template's task: the rule's person, else the task before's."""
    if template.assignee_rule == AssigneeRule.PERSON and template.assignee_id:
        return template.assignee_id
    if template.assignee_rule == AssigneeRule.ROLE and template.assignee_role:
        query = select(User.id).where(
            User.office_id == template.office_id, User.role == template.assignee_role
        )
        found = session.scalar(query.order_by(User.id).limit(1))
        if found is not None:
            return found
    if company is not None and company.accountant_id is not None:
        return company.accountant_id
    return parent.assignee_id if parent is not None else None


def same_work(session: Session, company_id: int, month: Month, kind: TaskKind) -> Task | None:
    """Return the live task of a kind for a company's month (tax kinds count as one)."""
    kinds = TAX_KINDS if kind in TAX_KINDS else (kind,)
    query = select(Task).where(
        Task.company_id == company_id,
        Task.month == month,
        Task.kind.in_(kinds),
        Task.status.in_(LIVE),
    )
    return session.scalar(query.order_by(Task.id).limit(1))


def from_template(
    session: Session,
    template: TaskTemplate,
    company: Company | None,
    month: Month | None,
    *,
    key: str | None,
    parent: Task | None = None,
    office: Office | None = None,
    today: dt.date | None = None,
) -> tuple[Task, bool]:
    """Return the task a template makes for a company's month, creating it once."""
    if company is not None and month is not None:
        existing = same_work(session, company.id, month, template.kind)
        if existing is not None:
            return existing, False
    home = company.office if company is not None else office
    assert home is not None
    done = parent.done_at if parent is not None else None
    after = office_day(home.timezone, done) if done else today
    due = due_by_rule(
        template.due_rule,
        template.due_days,
        month,
        home.country,
        tax=template.deadline_tax,
        after=after or office_day(home.timezone),
    )
    return create_task(
        session,
        template.kind,
        company,
        month,
        key=key,
        due_on=due,
        period_id=parent.period_id if parent is not None else None,
        parent_id=parent.id if parent is not None else None,
        assignee_id=assignee_of(session, template, company, parent),
        office=home,
        title=template.title or None if template.kind not in _TITLED else None,
        template_id=template.id,
        visible_to_client=template.visible_to_client,
    )


_TITLED = frozenset(
    {
        TaskKind.CALCULATE_TAX,
        TaskKind.RECALCULATE_TAX,
        TaskKind.SEND_DECLARATION,
        TaskKind.REMIND_CLIENT,
        TaskKind.COLLECT_DOCUMENTS,
        TaskKind.PIT_ADVANCE,
        TaskKind.ZUS,
        TaskKind.VAT_REPORT,
        TaskKind.INCOME_TAX_ADVANCE,
    }
)


def next_templates(session: Session, task: Task) -> list[TaskTemplate]:
    """Return the active templates whose tasks follow a task's."""
    template = task.template or template_of_kind(session, task.office_id, task.kind)
    if template is None or not template.next_names:
        return []
    by_name = {t.name: t for t in office_templates(session, task.office_id) if t.active}
    return [by_name[name] for name in template.next_names if name in by_name]


def follow(
    session: Session, parent: Task, kind: TaskKind, due_on: dt.date | None
) -> tuple[Task, bool]:
    """Return the next task of a kind after a parent, creating it once."""
    company = session.get_one(Company, parent.company_id)
    assert parent.month is not None  # tax tasks always have their month
    return create_task(
        session,
        kind,
        company,
        parent.month,
        key=f"task:{parent.id}:{kind}",
        due_on=due_on,
        period_id=parent.period_id,
        parent_id=parent.id,
        assignee_id=parent.assignee_id,
    )


def on_done(session: Session, task: Task) -> list[Task]:
    """Create the tasks that follow a done task; return the new ones."""
    created = []
    company = session.get(Company, task.company_id) if task.company_id else None
    for template in next_templates(session, task):
        child, new = from_template(
            session,
            template,
            company,
            task.month,
            key=f"task:{task.id}:{template.kind}",
            parent=task,
            office=task.office,
        )
        if new:
            created.append(child)
    return created


def waiting_for_approval(session: Session, now: dt.datetime) -> list[Task]:
    """Return done tax tasks whose client has not approved within the office's days."""
    query = select(Task).where(
        Task.kind.in_(TAX_KINDS),
        Task.status == TaskState.DONE,
        Task.approval_required.is_(True),
        Task.approved_at.is_(None),
        Task.done_at > now - LOOKBACK,
    )
    late = []
    for task in session.scalars(query.order_by(Task.id)):
        days = get_policy(session, task.office_id).remind_after_days
        if task.done_at is not None and task.done_at <= now - dt.timedelta(days=days):
            late.append(task)
    return late


def left_undone(session: Session, today: dt.date) -> list[tuple[Task, TaskTemplate]]:
    """Return open tasks whose template follows them up and whose days have passed.

    A tax task the closing month made before its office's templates were stored follows
    the template of its kind.
    """
    query = (
        select(Task)
        .outerjoin(TaskTemplate, Task.template_id == TaskTemplate.id)
        .where(
            Task.status == TaskState.OPEN,
            Task.due_on < today,
            Task.due_on > today - LOOKBACK,
            or_(
                TaskTemplate.after_days.is_not(None),
                and_(Task.template_id.is_(None), Task.kind.in_(TAX_KINDS)),
            ),
        )
        .order_by(Task.id)
    )
    found = []
    for task in session.scalars(query):
        template = task.template or template_of_kind(session, task.office_id, task.kind)
        if template is None or template.after_days is None or task.due_on is None:
            continue
        if task.due_on + dt.timedelta(days=template.after_days) <= today:
            found.append((task, template))
    return found


def chase(session: Session, task: Task, action: AfterAction) -> tuple[Task, bool]:
    """Return the follow-up or escalation of a task left undone, creating it once."""
    office = task.office
    locale = office.locale
    if action == AfterAction.ESCALATE:
        owner = first_owner(session, task.office_id)
        kind, assignee = TaskKind.ESCALATION, owner.id if owner else None
        person = task.assignee.name if task.assignee else gettext(locale, NOBODY)
        title = gettext(
            locale, ESCALATION_TITLE, title=task.title_in(locale), due=task.due_on, person=person
        )
    else:
        kind, assignee = TaskKind.FOLLOW_UP, task.assignee_id
        title = gettext(locale, FOLLOW_UP_TITLE, title=task.title_in(locale), due=task.due_on)
    return create_task(
        session,
        kind,
        task.company,
        task.month,
        key=f"task:{task.id}:{kind}",
        due_on=office_day(office.timezone),
        parent_id=task.id,
        assignee_id=assignee,
        office=office,
        title=title[:300],
    )


def advance_due(session: Session, settings: Settings, now: dt.datetime | None = None) -> list[Task]:
    """Create the reminders, follow-ups and escalations whose time has come; return them.

    Each new task's assignee is told once the caller commits.
    """
    now = now or utcnow()
    created: list[Task] = []
    for parent in waiting_for_approval(session, now):
        child, new = follow(session, parent, TaskKind.REMIND_CLIENT, now.date())
        if new:
            created.append(child)
    for task, template in left_undone(session, now.date()):
        assert template.after_action is not None
        child, new = chase(session, task, template.after_action)
        if new:
            created.append(child)
    created += flag_unpaid(session, now.date())
    session.flush()
    for child in created:
        tell_task_created(session, settings, child)
    return created


def monthly_work(template: TaskTemplate, today: dt.date) -> Month | None:
    """Return the month a monthly template starts work for today, or None (not its day)."""
    if not template.active or not template.monthly_day or today.day < template.monthly_day:
        return None
    month = Month.of(today) - 1
    if template.every_months == 2 and month.month % 2:
        return None  # a two-month period ends in an even month
    return month


def start_monthly(session: Session, today: dt.date | None = None) -> list[Task]:
    """Create the month's tasks of every monthly template whose day has come; return them.

    Many at once (every company of the office), so people hear of them in their daily
    digest rather than one e-mail each.
    """
    created: list[Task] = []
    for office in session.scalars(select(Office).order_by(Office.id)):
        day = today or office_day(office.timezone)
        for template in office_templates(session, office.id):
            month = monthly_work(template, day)
            if month is not None:
                created += start_month(session, office, template, month, day)
    return created


def start_month(
    session: Session, office: Office, template: TaskTemplate, month: Month, today: dt.date
) -> list[Task]:
    """Create a monthly template's task for each of its companies that has none yet."""
    query = select(Company).where(Company.office_id == office.id)
    if template.companies is not None:
        query = query.where(Company.nip.in_(template.companies))
    companies = list(session.scalars(query.order_by(Company.id)))
    kinds = TAX_KINDS if template.kind in TAX_KINDS else (template.kind,)
    busy = set(
        session.scalars(
            select(Task.company_id).where(
                Task.office_id == office.id,
                Task.month == month,
                Task.kind.in_(kinds),
                Task.status.in_(LIVE),
            )
        )
    )
    if template.kind == TaskKind.COLLECT_DOCUMENTS:  # a month already delivered needs none
        busy |= set(
            session.scalars(
                select(Period.company_id).where(
                    Period.office_id == office.id,
                    Period.month == month,
                    Period.state == PeriodState.CLOSED,
                )
            )
        )
    keys = set(
        session.scalars(select(Task.key).where(Task.key.like(f"monthly:{template.id}:%:{month}")))
    )
    due = due_by_rule(
        template.due_rule,
        template.due_days,
        month,
        office.country,
        tax=template.deadline_tax,
        after=today,
    )
    made = []
    for company in companies:
        key = f"monthly:{template.id}:{company.id}:{month}"
        if company.id in busy or key in keys:
            continue
        task = Task(
            office_id=office.id,
            company_id=company.id,
            kind=template.kind,
            month=month,
            title="",
            assignee_id=assignee_of(session, template, company, None),
            due_on=due,
            key=key,
            template_id=template.id,
            visible_to_client=template.visible_to_client,
        )
        task.company = company
        task.title = (template.title if template.kind not in _TITLED else "") or task.title_in(
            office.locale
        )
        made.append(task)
    session.add_all(made)
    session.flush()
    logger.info("template %s: %d tasks for %s", template.id, len(made), month)
    return made
