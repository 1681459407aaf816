"""Task templates: each kind's title in the office's language, and making a task once."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from intake.models import Company
from intake.models.work import Task
from tasks.errors import TaskError

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TaskTemplate:
    """A kind of task: its title per locale, with {company} and {month} fields."""

    kind: str
    titles: dict[str, str]

    def title(self, locale: str, **fields: str) -> str:
        """Return the title in a locale (Polish when the locale is not known)."""
        return self.titles.get(locale[:2], self.titles["pl"]).format(**fields)[:300]


TEMPLATES = {
    t.kind: t
    for t in (
        TaskTemplate(
            "calculate_tax",
            {"pl": "Oblicz podatki: {company}, {month}", "en": "Calculate tax: {company}, {month}"},
        ),
        TaskTemplate(
            "recalculate_tax",
            {
                "pl": "Przelicz podatki (późne dokumenty): {company}, {month}",
                "en": "Recalculate tax (late documents): {company}, {month}",
            },
        ),
        TaskTemplate(
            "send_declaration",
            {
                "pl": "Wyślij deklaracje (JPK_V7): {company}, {month}",
                "en": "File the returns (JPK_V7): {company}, {month}",
            },
        ),
        TaskTemplate(
            "remind_client",
            {
                "pl": "Przypomnij o akceptacji rozliczenia: {company}, {month}",
                "en": "Remind the client to approve: {company}, {month}",
            },
        ),
    )
}
TAX_KINDS = ("calculate_tax", "recalculate_tax")


def get_template(kind: str) -> TaskTemplate:
    """Return the template of a kind or raise TaskError."""
    try:
        return TEMPLATES[kind]
    except KeyError:
        raise TaskError(f"no task template {kind!r}") from None


def create_task(
    session: Session,
    kind: str,
    company: Company,
    month: str,
    *,
    key: str,
    due_on: dt.date | None,
    period_id: int | None = None,
    parent_id: int | None = None,
    assignee_id: int | None = None,
    data: dict[str, Any] | None = None,
) -> tuple[Task, bool]:
    """Return the task of a key, creating it from its template; True when it is new."""
    existing = session.scalar(select(Task).where(Task.key == key))
    if existing is not None:
        return existing, False
    template = get_template(kind)
    month_label = "{1}/{0}".format(*month.split("-"))
    title = template.title(company.office.locale, company=company.name, month=month_label)
    task = Task(
        office_id=company.office_id,
        company_id=company.id,
        period_id=period_id,
        parent_id=parent_id,
        kind=kind,
        title=title,
        assignee_id=assignee_id,
        due_on=due_on,
        key=key,
        data={"month": month, **(data or {})},
    )
    try:
        with session.begin_nested():
            session.add(task)
    except IntegrityError:  # a second process created it a moment ago
        return session.get_one(Task, session.scalar(select(Task.id).where(Task.key == key))), False
    logger.info("task %s (%s) created for company %s", task.id, kind, company.id)
    return task, True
