"""The office's task templates: shipped defaults, installing them, editing, sharing as JSON.

A template is one step of the office's work; its JSON form (`TaskTemplate.to_json`) is
what `intake tasks templates export|import` writes and reads and what the defaults are
written in, so an office's steps can be handed to another office. A person is named by
e-mail and companies by NIP, which mean the same in every office.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.models import Office, User
from intake.vocabulary import OFFICE_ROLES
from tasks.errors import TaskError, Why
from tasks.models import TaskTemplate, WorkPolicy
from tasks.vocabulary import AfterAction, AssigneeRule, DueRule, TaskKind, TaxCode

logger = logging.getLogger(__name__)


def step(name: str, kind: str, due: tuple[str, int, str | None], **extra: Any) -> dict[str, Any]:
    """Return a default template in its JSON form."""
    rule, days, tax = due
    return {
        "name": name,
        "kind": kind,
        "due": {"rule": rule, "days": days, "tax": tax},
        "assignee": {"rule": "accountant"},
        **extra,
    }


MONTHLY_ALL = {"day": 1, "every_months": 1, "companies": None}
ESCALATE_2 = {"days": 2, "action": "escalate"}
# Both countries' offices start each month by collecting its documents, due on the 10th.
COLLECT = step(
    "collect_documents",
    "collect_documents",
    ("day_of_month", 10, None),
    visible_to_client=True,
    next=["calculate_tax"],
    monthly=MONTHLY_ALL,
)

# A Polish office: documents collected, taxes calculated (the amounts go to the client as
# the task is done), then JPK_V7 filed by the 25th, the PIT advance and ZUS by the 20th.
POLISH = [
    COLLECT,
    step(
        "calculate_tax",
        "calculate_tax",
        ("day_of_month", 15, None),
        visible_to_client=True,
        next=["file_jpk_v7", "pit_advance", "zus"],
        after=ESCALATE_2,
    ),
    step(
        "file_jpk_v7",
        "send_declaration",
        ("before_deadline", 0, "VAT"),
        visible_to_client=True,
        after=ESCALATE_2,
    ),
    step("pit_advance", "pit_advance", ("before_deadline", 0, "PIT"), after=ESCALATE_2),
    step("zus", "zus", ("before_deadline", 0, "ZUS"), after=ESCALATE_2),
]

# An Israeli office: VAT reports and income-tax advances on the 15th of the month after
# the period (moved past Israel's days off); bi-monthly reporters are a group of NIPs the
# owner fills in and switches on.
ISRAELI = [
    COLLECT,
    step(
        "collect_documents_bimonthly",
        "collect_documents",
        ("day_of_month", 10, None),
        visible_to_client=True,
        next=["calculate_tax"],
        active=False,
        monthly={"day": 1, "every_months": 2, "companies": []},
    ),
    step(
        "calculate_tax",
        "calculate_tax",
        ("day_of_month", 12, None),
        visible_to_client=True,
        next=["vat_report", "income_tax_advance"],
        after=ESCALATE_2,
    ),
    step(
        "vat_report",
        "vat_report",
        ("day_of_month", 15, None),
        visible_to_client=True,
        after=ESCALATE_2,
    ),
    step("income_tax_advance", "income_tax_advance", ("day_of_month", 15, None), after=ESCALATE_2),
]

DEFAULTS = {"PL": POLISH, "IL": ISRAELI}


def defaults_for(country: str) -> list[dict[str, Any]]:
    """Return the shipped templates of an office's country (Poland's where we have none)."""
    return DEFAULTS.get(country.upper(), POLISH)


def install_defaults(session: Session, office: Office) -> list[TaskTemplate]:
    """Give an office its country's default templates once (a second call does nothing)."""
    policy = session.get(WorkPolicy, office.id, with_for_update=True)
    if policy is None:
        policy = WorkPolicy(office_id=office.id, approval_required=False, remind_after_days=3)
        session.add(policy)
    if policy.templates_installed:
        return []
    policy.templates_installed = True
    rows = import_templates(session, office, defaults_for(office.country))
    forget_templates(session)
    logger.info("office %s: %d default templates installed", office.id, len(rows))
    return rows


CACHE = "tasks.templates"  # session.info key: an office's templates, read once per session


def forget_templates(session: Session) -> None:
    """Drop the session's copy of the offices' templates (after any change to them)."""
    session.info.pop(CACHE, None)


def shipped(session: Session, office: Office) -> list[TaskTemplate]:
    """Return the office's country's defaults as rows that are not stored (no ids)."""
    items = defaults_for(office.country)
    names = {item["name"] for item in items}
    rows = []
    for position, item in enumerate(items):
        row = fill_template(session, office, TaskTemplate(office_id=office.id), item, names)
        row.position = position
        rows.append(row)
    return rows


def office_templates(
    session: Session, office_id: int, *, install: bool = True
) -> list[TaskTemplate]:
    """Return an office's templates in their order, installing the defaults on first use.

    With install=False (a page that only shows them, an event handler that should write
    no more than its own rows) an office without its templates yet gets the defaults as
    rows that are not stored. A session reads them once (a month's chain asks for them
    for every task it makes); every change made through this module forgets that copy.
    """
    cache = session.info.setdefault(CACHE, {})
    if office_id in cache:
        return list(cache[office_id])
    policy = session.get(WorkPolicy, office_id)
    if policy is None or not policy.templates_installed:
        if not install:
            return shipped(session, session.get_one(Office, office_id))
        install_defaults(session, session.get_one(Office, office_id))
        session.flush()
    query = select(TaskTemplate).where(TaskTemplate.office_id == office_id)
    found = list(session.scalars(query.order_by(TaskTemplate.position, TaskTemplate.id)))
    cache[office_id] = found
    return list(found)


def template_named(session: Session, office_id: int, name: str) -> TaskTemplate:
    """Return an office's template by name, or raise TaskError."""
    for template in office_templates(session, office_id):
        if template.name == name.strip():
            return template
    raise TaskError(Why.NO_TEMPLATE, name=name)


def template_of_kind(
    session: Session, office_id: int, kind: TaskKind, *, install: bool = True
) -> TaskTemplate | None:
    """Return the office's first active template of a kind (the chain of a task without one)."""
    kinds = {TaskKind.RECALCULATE_TAX: TaskKind.CALCULATE_TAX}
    for template in office_templates(session, office_id, install=install):
        if template.active and template.kind == kinds.get(kind, kind):
            return template
    return None


def export_templates(session: Session, office_id: int) -> list[dict[str, Any]]:
    """Return an office's templates as JSON values, in order."""
    rows = session.execute(select(User.id, User.email).where(User.office_id == office_id))
    people = {user_id: email for user_id, email in rows}
    return [t.to_json(people) for t in office_templates(session, office_id)]


def import_templates(
    session: Session, office: Office, items: Iterable[Mapping[str, Any]]
) -> list[TaskTemplate]:
    """Create or update an office's templates from JSON values (matched by name)."""
    forget_templates(session)
    items = list(items)
    existing = {
        t.name: t
        for t in session.scalars(select(TaskTemplate).where(TaskTemplate.office_id == office.id))
    }
    names = set(existing) | {str(item.get("name", "")).strip() for item in items}
    rows = []
    for position, item in enumerate(items):
        name = str(item.get("name", "")).strip()
        template = existing.get(name) or TaskTemplate(office_id=office.id)
        fill_template(session, office, template, item, names)
        template.position = position
        if template.id is None:
            session.add(template)
        rows.append(template)
    session.flush()
    return rows


def _enum(kind: type, raw: object, field: str) -> Any:
    try:
        return kind(str(raw))
    except ValueError:
        raise TaskError(Why.TEMPLATE_FIELD, field=field, value=str(raw)) from None


def _days(raw: object, field: str, low: int = 0, high: int = 366) -> int:
    try:
        value = int(str(raw))
    except ValueError:
        raise TaskError(Why.TEMPLATE_FIELD, field=field, value=str(raw)) from None
    if not low <= value <= high:
        raise TaskError(Why.TEMPLATE_FIELD, field=field, value=str(raw))
    return value


def fill_template(
    session: Session,
    office: Office,
    template: TaskTemplate,
    item: Mapping[str, Any],
    names: set[str],
) -> TaskTemplate:
    """Write a template's JSON form into a row, checking every field; raise TaskError."""
    forget_templates(session)
    name = str(item.get("name") or "").strip()
    if not name or len(name) > 80:
        raise TaskError(Why.TEMPLATE_FIELD, field="name", value=name)
    template.name = name
    template.title = str(item.get("title") or "").strip()[:300]
    template.kind = _enum(TaskKind, item.get("kind", "other"), "kind")
    who = item.get("assignee") or {}
    template.assignee_rule = _enum(AssigneeRule, who.get("rule", "accountant"), "assignee")
    template.assignee_id, template.assignee_role = None, None
    if template.assignee_rule == AssigneeRule.PERSON:
        email = str(who.get("person") or "").strip().lower()
        person = session.scalar(
            select(User).where(
                User.email == email, User.office_id == office.id, User.role.in_(OFFICE_ROLES)
            )
        )
        if person is None:
            raise TaskError(Why.TEMPLATE_FIELD, field="person", value=email)
        template.assignee_id = person.id
    elif template.assignee_rule == AssigneeRule.ROLE:
        template.assignee_role = str(_enum(type(OFFICE_ROLES[0]), who.get("role"), "role"))
    due = item.get("due") or {}
    template.due_rule = _enum(DueRule, due.get("rule", "none"), "due")
    template.due_days = _days(due.get("days") or 0, "due days")
    template.deadline_tax = _enum(TaxCode, due["tax"], "tax") if due.get("tax") else None
    if template.due_rule == DueRule.BEFORE_DEADLINE and template.deadline_tax is None:
        raise TaskError(Why.TEMPLATE_FIELD, field="tax", value="")
    if template.due_rule == DueRule.DAY_OF_MONTH:
        template.due_days = _days(template.due_days, "due day", 1, 31)
    template.visible_to_client = bool(item.get("visible_to_client"))
    following = [str(n).strip() for n in item.get("next") or [] if str(n).strip()]
    for other in following:
        if other not in names or other == name:
            raise TaskError(Why.TEMPLATE_FIELD, field="next", value=other)
    template.next_names = following
    after = item.get("after") or {}
    template.after_days = _days(after["days"], "after days", 1) if after.get("days") else None
    template.after_action = (
        _enum(AfterAction, after.get("action", "follow_up"), "after")
        if template.after_days
        else None
    )
    monthly = item.get("monthly") or {}
    template.monthly_day = (
        _days(monthly["day"], "monthly day", 1, 28) if monthly.get("day") else None
    )
    template.every_months = _days(monthly.get("every_months") or 1, "every months", 1, 2)
    group = monthly.get("companies")
    template.companies = [str(nip).strip() for nip in group] if group is not None else None
    template.active = bool(item.get("active", True))
    return template


def delete_template(session: Session, office_id: int, template_id: int) -> None:
    """Delete an office's template and every mention of it as a next step."""
    template = session.get(TaskTemplate, template_id)
    if template is None or template.office_id != office_id:
        raise TaskError(Why.NO_TEMPLATE, name=str(template_id))
    for other in session.scalars(select(TaskTemplate).where(TaskTemplate.office_id == office_id)):
        if template.name in (other.next_names or []):
            other.next_names = [n for n in other.next_names if n != template.name]
    session.delete(template)
    session.flush()
    forget_templates(session)
