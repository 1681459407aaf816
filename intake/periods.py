"""A company's month and its 'documents delivered' step.

The step closes when the client has confirmed the month and every document of it is
processed. A document that lands in a closed month reopens it openly: the document goes to
review, counts as late, the reopening is counted (a tax recalculation) and announced; the
month closes again once staff have reviewed the late documents.
"""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from intake import events
from intake.errors import InvalidInput, NotFound
from intake.models import Company, Document, Period, User, utcnow
from intake.runtime import Runtime

logger = logging.getLogger(__name__)

WAITING = ("received", "processing")
SETTLED_LATE = ("approved", "rejected", "duplicate")


def parse_month(text: str) -> str:
    """Return 'YYYY-MM' for '2026-10', '10/2026' or '10.2026', or raise InvalidInput."""
    text = text.strip()
    for fmt in ("%Y-%m", "%m/%Y", "%m.%Y", "%m-%Y"):
        try:
            return dt.datetime.strptime(text, fmt).strftime("%Y-%m")
        except ValueError:
            continue
    raise InvalidInput(f"{text!r} is not a month (use YYYY-MM or MM/YYYY)")


def recent_months(count: int = 3, today: dt.date | None = None) -> list[str]:
    """Return this month and the ones before it, newest first, as YYYY-MM."""
    today = today or dt.date.today()
    year, month = today.year, today.month
    months = []
    for _ in range(count):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months


def deadline_for(company: Company, month: str) -> dt.date:
    """Return the day documents for a month are due: the deadline day of the next month."""
    year, mon = (int(part) for part in month.split("-"))
    year, mon = (year + 1, 1) if mon == 12 else (year, mon + 1)
    return dt.date(year, mon, company.effective_deadline_day)


def get_period(session: Session, company: Company, month: str) -> Period:
    """Return a company's period for a month, creating it open if it is new."""
    period = session.scalar(
        select(Period).where(Period.company_id == company.id, Period.month == month)
    )
    if period is None:
        period = Period(office_id=company.office_id, company_id=company.id, month=month)
        session.add(period)
        session.flush()
    return period


def confirm_delivered(rt: Runtime, company_id: int, month: str, by: str) -> Period:
    """Record the client's 'all documents for this month sent'; close the step if it can."""
    month = parse_month(month)
    with rt.db.session() as session:
        company = session.get(Company, company_id)
        if company is None:
            raise NotFound(f"company {company_id}")
        period = get_period(session, company, month)
        if period.confirmed_at is None:
            period.confirmed_at = utcnow()
            period.confirmed_by = by
            if period.state == "open":
                period.state = "confirmed"
        period_id = period.id
    events.publish(
        events.PERIOD_CONFIRMED, period_id=period_id, company_id=company_id, month=month, by=by
    )
    try_close(rt, company_id, month)
    with rt.db.session() as session:
        return session.get_one(Period, period_id)


def try_close(rt: Runtime, company_id: int, month: str | None) -> bool:
    """Close the step when the month is confirmed and nothing of it is waiting."""
    if month is None:
        return False
    with rt.db.session() as session:
        period = session.scalar(
            select(Period)
            .where(Period.company_id == company_id, Period.month == month)
            .with_for_update()
        )
        if period is None or period.state == "closed" or period.confirmed_at is None:
            return False
        if waiting_documents(session, company_id, month):
            return False
        # Compare-and-set: SQLite ignores FOR UPDATE, and two workers finishing a month's
        # last documents at once must not both close it (and announce it twice).
        closed = session.execute(
            update(Period)
            .where(Period.id == period.id, Period.state != "closed")
            .values(state="closed", closed_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        if getattr(closed, "rowcount", 0) != 1:
            return False
        company = session.get_one(Company, company_id)
        late = period.confirmed_at.date() > deadline_for(company, month)
        payload = {
            "period_id": period.id,
            "company_id": company_id,
            "month": month,
            "late": late,
            "reopen_count": period.reopen_count,
        }
    events.publish(events.PERIOD_CLOSED, **payload)
    return True


def waiting_documents(session: Session, company_id: int, month: str) -> int:
    """Count a month's documents not yet read, and late ones not yet reviewed.

    A document not yet read may have no month yet: it could belong to this one, so it
    holds the step too.
    """
    unread = Document.status.in_(WAITING) & ((Document.month == month) | Document.month.is_(None))
    late = (Document.month == month) & Document.late & ~Document.status.in_(SETTLED_LATE)
    query = select(func.count(Document.id)).where(Document.company_id == company_id, unread | late)
    return session.scalar(query) or 0


def reopen_for_late(session: Session, document: Document) -> Period | None:
    """Mark a document landing in a closed month as late and reopen that month."""
    if document.month is None:
        return None
    period = session.scalar(
        select(Period).where(
            Period.company_id == document.company_id, Period.month == document.month
        )
    )
    if period is None or period.state != "closed":
        return None
    document.late = True
    period.state = "confirmed"
    period.closed_at = None
    period.reopen_count += 1
    return period


def announce_reopened(period: Period, document_id: int) -> None:
    """Publish that a closed month was reopened by a late document."""
    events.publish(
        events.PERIOD_REOPENED,
        period_id=period.id,
        company_id=period.company_id,
        month=period.month,
        document_id=document_id,
    )


def set_month(rt: Runtime, document_id: int, month: str, actor: User | str) -> None:
    """Move a document to another month (staff); both months' steps are looked at again."""
    from intake.documents import record

    month = parse_month(month)
    with rt.db.session() as session:
        doc = session.get_one(Document, document_id)
        old = doc.month
        if old == month:
            return
        doc.month, doc.month_chosen = month, True
        record(session, doc, None, actor, f"month {old or '-'} -> {month}")
        reopened = reopen_for_late(session, doc)
        if reopened:
            record(session, doc, "needs_review", actor, f"month {month} was closed; reopened")
        company_id = doc.company_id
    if reopened:
        announce_reopened(reopened, document_id)
    try_close(rt, company_id, old)
    try_close(rt, company_id, month)
