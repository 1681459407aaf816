"""Late-delivery statistics for owners: per company and month, against the deadline."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from importlib.metadata import entry_points
from statistics import mean

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from intake.documents import first_event
from intake.models import Company, Document, Period, utcnow
from intake.month import Month
from intake.periods import deadline_for
from intake.vocabulary import DocumentKind, DocumentStatus, PeriodState

READ = (DocumentStatus.EXTRACTED, DocumentStatus.NEEDS_REVIEW)
REVIEWED = (DocumentStatus.APPROVED, DocumentStatus.REJECTED)


@dataclass
class CompanyMonth:
    """How one company delivered one month's documents."""

    company_id: int
    company: str
    nip: str
    month: Month
    deadline: dt.date
    documents: int = 0
    on_time: int = 0
    late: int = 0
    after_close: int = 0
    first_at: dt.datetime | None = None
    last_at: dt.datetime | None = None
    state: PeriodState = PeriodState.OPEN
    confirmed_at: dt.datetime | None = None
    confirmed_late: bool = False
    closed_at: dt.datetime | None = None
    reopen_count: int = 0
    reviewed: int = 0
    waiting_review: int = 0
    review_wait_hours_avg: float | None = None
    review_wait_hours_max: float | None = None
    kinds: dict[str, int] = field(default_factory=dict)  # documents read, by kind
    waits: list[float] = field(default_factory=list, repr=False)

    def to_json(self) -> dict[str, object]:
        """Return the row as plain JSON values."""
        row = asdict(self)
        row.pop("waits")
        for key, value in row.items():
            if isinstance(value, dt.date | dt.datetime):
                row[key] = value.isoformat()
        row["month"] = str(self.month)
        return row


def month_stats(session: Session, office_id: int, month: Month) -> list[CompanyMonth]:
    """Return every company's delivery figures for a month, latest deliverers first."""
    companies = session.scalars(
        select(Company).where(Company.office_id == office_id).order_by(Company.name)
    ).all()
    rows = {
        c.id: CompanyMonth(c.id, c.name, c.nip, month, deadline_for(c, month)) for c in companies
    }
    for period in session.scalars(
        select(Period).where(Period.office_id == office_id, Period.month == month)
    ):
        row = rows[period.company_id]
        row.state, row.reopen_count = period.state, period.reopen_count
        row.confirmed_at, row.closed_at = period.confirmed_at, period.closed_at
        row.confirmed_late = bool(period.confirmed_at and period.confirmed_at.date() > row.deadline)
    documents = session.scalars(
        select(Document)
        .where(Document.office_id == office_id, Document.month == month)
        .where(Document.duplicate_of_id.is_(None))
        .where(Document.status != DocumentStatus.SPLIT)  # its parts are counted
        .options(selectinload(Document.events), selectinload(Document.extraction))
    )
    now = utcnow()
    for doc in documents:
        count_document(rows[doc.company_id], doc, now)
    for row in rows.values():
        if row.waits:
            row.review_wait_hours_avg = round(mean(row.waits), 2)
            row.review_wait_hours_max = round(max(row.waits), 2)
    return sorted(rows.values(), key=lambda r: (-r.late, -r.reopen_count, r.company))


def count_document(row: CompanyMonth, doc: Document, now: dt.datetime) -> None:
    """Add one document to its company's row: timing against the deadline and review wait."""
    arrived = doc.delivered_at or doc.created_at
    row.documents += 1
    if arrived.date() > row.deadline:
        row.late += 1
    else:
        row.on_time += 1
    row.after_close += int(doc.late)
    if doc.extraction is not None and doc.extraction.fields:
        kind = doc.extraction.fields.get("kind") or DocumentKind.INVOICE.value
        row.kinds[kind] = row.kinds.get(kind, 0) + 1
    row.first_at = min(filter(None, [row.first_at, arrived]))
    row.last_at = max(filter(None, [row.last_at, arrived]))
    read_at = first_event(doc, READ)
    reviewed_at = first_event(doc, REVIEWED)
    if read_at is None:
        return
    if reviewed_at is not None:
        row.reviewed += 1
        row.waits.append((reviewed_at - read_at).total_seconds() / 3600)
    elif doc.status in READ:
        row.waiting_review += 1
        row.waits.append((now - read_at).total_seconds() / 3600)


def history(session: Session, office_id: int, months: list[Month]) -> dict[int, dict[str, int]]:
    """Return per company, over several months: months delivered late, and reopenings."""
    out: dict[int, dict[str, int]] = {}
    for month in months:
        for row in month_stats(session, office_id, month):
            item = out.setdefault(row.company_id, {"late_months": 0, "reopens": 0, "months": 0})
            item["months"] += 1
            item["late_months"] += int(row.late > 0 or row.confirmed_late)
            item["reopens"] += row.reopen_count
    return out


def report_tables(
    session: Session, office_id: int, month: Month
) -> dict[str, list[dict[str, object]]]:
    """Return every table of the owner's statistics for a month: the late documents, and
    the tables other packages add through `intake.reports` entry points."""
    found: dict[str, list[dict[str, object]]] = {
        "documents": [row.to_json() for row in month_stats(session, office_id, month)]
    }
    for ep in sorted(entry_points(group="intake.reports"), key=lambda ep: ep.name):
        found.update(ep.load()(session, office_id, month))
    return found
