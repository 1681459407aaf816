"""The office's client table for a month: one row per client, in a handful of queries.

Each row: documents received and waiting for review, the 'documents delivered' step and
its date, late or not, the month's tax amounts and their approval (through
tasks.settlements), the payment state (the payments table's, when it is there), the
last message and its delivery state, and the unread conversation count. Filters and
sorting run on the rows; nothing is read per client, so 300 clients take the same few
queries as three.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from conversations.threads import unread_for_office
from intake.documents import scoped_companies
from intake.models import Company, Document, Period, User
from intake.month import Month
from intake.periods import deadline_for
from intake.vocabulary import TO_REVIEW, DocumentStatus, PeriodState
from notify.history import last_messages
from notify.models import Notification
from notify.vocabulary import NotificationState
from tasks.outreach import month_settlements, payment_state
from tasks.settlements import Settlement

FILTERS = ("unconfirmed", "late", "approval", "unpaid", "unread", "mine", "failed")
SORTS = ("name", "received", "review", "state", "late", "unread", "last")
APPROVAL_WAITING, APPROVED, NOT_REQUIRED = "waiting", "approved", "not_required"


@dataclass
class Row:
    """One client's month."""

    company: Company
    month: Month
    deadline: dt.date
    received: int = 0
    to_review: int = 0
    state: PeriodState = PeriodState.OPEN
    confirmed_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None
    late: bool = False
    settlement: Settlement | None = None
    payment: str | None = None
    last: Notification | None = None
    unread: int = 0
    mine: bool = False
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def approval(self) -> str | None:
        """Return the amounts' approval: waiting, approved, not required (None: no amounts)."""
        if self.settlement is None:
            return None
        if not self.settlement.approval.required:
            return NOT_REQUIRED
        return APPROVED if self.settlement.approval.approved_at else APPROVAL_WAITING

    @property
    def delivered_on(self) -> dt.datetime | None:
        """Return when the documents were confirmed (or the step closed)."""
        return self.confirmed_at or self.closed_at

    def matches(self, wanted: Iterable[str]) -> bool:
        """Tell whether the row passes every filter named."""
        checks = {
            "unconfirmed": self.confirmed_at is None,
            "late": self.late,
            "approval": self.approval == APPROVAL_WAITING,
            "unpaid": self.settlement is not None and self.payment != "paid",
            "unread": self.unread > 0,
            "mine": self.mine,
            "failed": self.last is not None and self.last.status == NotificationState.FAILED,
        }
        return all(checks.get(name, True) for name in wanted)


def sort_key(name: str) -> Callable[[Row], Any]:
    """Return the key a column sorts by (None sorts last)."""
    keys: dict[str, Callable[[Row], Any]] = {
        "name": lambda r: r.company.name.lower(),
        "received": lambda r: -r.received,
        "review": lambda r: -r.to_review,
        "state": lambda r: (list(PeriodState).index(r.state), r.company.name.lower()),
        "late": lambda r: (not r.late, r.company.name.lower()),
        "unread": lambda r: (-r.unread, r.company.name.lower()),
        "last": lambda r: -(r.last.id if r.last else 0),
    }
    return keys.get(name, keys["name"])


def client_table(
    session: Session,
    user: User,
    month: Month,
    *,
    filters: Iterable[str] = (),
    sort: str = "name",
    search: str | None = None,
    today: dt.date | None = None,
) -> list[Row]:
    """Return the office's clients' rows for a month, filtered and sorted."""
    today = today or dt.date.today()
    query = scoped_companies(user).options(selectinload(Company.office))
    if search:
        like = f"%{search.strip().lower()}%"
        query = query.where(func.lower(Company.name).like(like) | Company.nip.like(like))
    companies = session.scalars(query).all()
    ids = [c.id for c in companies]
    rows = {
        c.id: Row(c, month, deadline_for(c, month), mine=c.accountant_id == user.id)
        for c in companies
    }
    if not ids:
        return []
    office_id = user.office_id
    # Whole-office queries, filtered here: no list of 300 ids to send with each one.
    subset = ids if search else None
    fill_documents(session, rows, office_id, month)
    for period in session.scalars(
        select(Period).where(Period.office_id == office_id, Period.month == month)
    ):
        row = rows.get(period.company_id)
        if row is None:
            continue
        row.state, row.confirmed_at, row.closed_at = (
            period.state,
            period.confirmed_at,
            period.closed_at,
        )
    for row in rows.values():
        confirmed = row.confirmed_at.date() if row.confirmed_at else None
        row.late = (confirmed or today) > row.deadline
    for company_id, settlement in month_settlements(session, office_id, month, subset).items():
        if company_id in rows:
            rows[company_id].settlement = settlement
            rows[company_id].payment = payment_state(settlement)
    for company_id, message in last_messages(session, ids, office_id).items():
        rows[company_id].last = message
    for company_id, count in unread_for_office(session, office_id, subset).items():
        if company_id in rows:
            rows[company_id].unread = count
    wanted = [f for f in filters if f in FILTERS]
    found = [row for row in rows.values() if row.matches(wanted)]
    return sorted(found, key=sort_key(sort if sort in SORTS else "name"))


def fill_documents(session: Session, rows: dict[int, Row], office_id: int, month: Month) -> None:
    """Count each client's documents of the month, and those waiting for review."""
    counts = session.execute(
        select(Document.company_id, Document.status, func.count(Document.id))
        .where(
            Document.office_id == office_id,
            Document.month == month,
            Document.duplicate_of_id.is_(None),
            Document.status != DocumentStatus.SPLIT,  # its parts are counted
        )
        .group_by(Document.company_id, Document.status)
    )
    for company_id, status, count in counts:
        row = rows.get(company_id)
        if row is None:
            continue
        row.received += count
        if status in TO_REVIEW:
            row.to_review += count
