"""What each kind of the office's messages says to one client: its template and values.

A kind's composer looks at the client and the month and returns a `Body`: which
package's template (`<package>/templates/messages/<template>.txt`) and the values it
needs. notify writes the documents and confirmation reminders and free text itself;
a package above it adds a kind through the `intake.letters` entry points (tasks adds
"amounts": a month's figures and the approval link), so notify never imports it. A
composer with nothing to say raises NotifyError (e.g. NO_AMOUNTS).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import entry_points
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.config import Settings
from intake.formats import office_day
from intake.models import Company, Document
from intake.month import Month
from intake.periods import deadline_for
from notify.errors import NotifyError, Problem
from notify.vocabulary import Topic

PACKAGE = "notify"
LISTED = 20  # documents named in a reminder; the rest are counted


@dataclass(frozen=True)
class Body:
    """A kind's message to one client: a package's template and the values it needs."""

    package: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    month: Month | None = None


Composer = Callable[[Session, Settings, Company, Month | None], Body]


def default_month(today: dt.date | None = None) -> Month:
    """Return the month whose documents are collected now: the last one."""
    return Month.current(today) - 1


def received(session: Session, company: Company, month: Month) -> list[Document]:
    """Return the documents a client handed in for a month, oldest first."""
    query = select(Document).where(
        Document.company_id == company.id,
        Document.month == month,
        Document.duplicate_of_id.is_(None),
    )
    return list(session.scalars(query.order_by(Document.id)))


def _period_context(
    session: Session, settings: Settings, company: Company, month: Month | None
) -> dict[str, Any]:
    month = month or default_month()
    deadline = deadline_for(company, month)
    documents = received(session, company, month)
    return {
        "month": month,
        "deadline": deadline,
        "late": office_day(company.office.timezone) > deadline,
        "count": len(documents),
        "documents": [(d.filename, d.created_at) for d in documents[:LISTED]],
        "more": max(0, len(documents) - LISTED),
        "portal_url": f"{settings.base_url}/client/",
    }


def documents(session: Session, settings: Settings, company: Company, month: Month | None) -> Body:
    """Remind a client of the documents of a month: its deadline and what came so far."""
    context = _period_context(session, settings, company, month)
    return Body(PACKAGE, "letter_documents", context, context["month"])


def confirm(session: Session, settings: Settings, company: Company, month: Month | None) -> Body:
    """Ask a client to confirm that all documents of a month were sent."""
    context = _period_context(session, settings, company, month)
    return Body(PACKAGE, "letter_confirm", context, context["month"])


def text(session: Session, settings: Settings, company: Company, month: Month | None) -> Body:
    """A free text: the sender's words in the fixed format."""
    return Body(PACKAGE, "letter_text", {"portal_url": f"{settings.base_url}/client/"}, month)


OWN: dict[str, Composer] = {
    Topic.DOCUMENTS: documents,
    Topic.CONFIRM: confirm,
    Topic.TEXT: text,
}


@cache
def composers() -> dict[str, Composer]:
    """Return every kind's composer: notify's own and those of `intake.letters` entry points."""
    found = dict(OWN)
    for ep in entry_points(group="intake.letters"):
        found[ep.name] = ep.load()
    return found


def compose_body(
    session: Session, settings: Settings, kind: Topic, company: Company, month: Month | None
) -> Body:
    """Return what a kind says to a client, or raise NotifyError."""
    composer = composers().get(str(kind))
    if composer is None:
        raise NotifyError(Problem.UNKNOWN_TOPIC, topic=kind, topics=list(composers()))
    return composer(session, settings, company, month)
