"""A company's month and its 'documents delivered' step.

The step closes when the client has confirmed the month and every document of it is
processed. A document that lands in a closed month reopens it openly: the document goes to
review, counts as late, the reopening is counted (a tax recalculation) and announced; the
month closes again once staff have reviewed the late documents.

Closing is looked at after the commit of whatever may have finished a month (a document
read or reviewed, a confirmation), in a transaction of its own: two workers finishing a
month's last two documents at once each see the other's work only once it is committed.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from intake import events, offices
from intake.db import Database
from intake.documents import record
from intake.errors import InvalidInput, NotFound, Problem
from intake.models import Company, Document, Period, User, utcnow
from intake.models.texts import Stored
from intake.month import Month
from intake.texts import Note
from intake.unit import after_commit
from intake.vocabulary import SETTLED, UNREAD, DocumentStatus, PeriodState

logger = logging.getLogger(__name__)

# How far back the office itself (an operator) may confirm a month for a client; a client
# may confirm the current month and as many before it as the office's confirm_months_back.
CONFIRMABLE_BACK = offices.CONFIRMABLE_BACK

# What else may hold a month's step, counted by packages above intake (registered by their
# subscribers when the app or worker starts): (session, company_id, month) -> how many.
Hold = Callable[[Session, int, Month], int]
_holds: list[Hold] = []


def add_hold(hold: Hold) -> None:
    """Let a package hold a company's month open while it counts something waiting."""
    if hold not in _holds:
        _holds.append(hold)


def parse_month(text: str | Month) -> Month:
    """Return the Month of '2026-10', '10/2026' or '10.2026', or raise InvalidInput."""
    try:
        return Month.parse(text)
    except ValueError:
        raise InvalidInput(Problem.NOT_A_MONTH, value=str(text)) from None


def recent_months(count: int = 3, today: dt.date | None = None) -> list[Month]:
    """Return this month and the ones before it, newest first."""
    return Month.current(today).recent(count)


def deadline_for(company: Company, month: Month) -> dt.date:
    """Return the day documents for a month are due: the deadline day of the next month."""
    return (month + 1).day(company.effective_deadline_day)


def get_period(session: Session, company: Company, month: Month) -> Period:
    """Return a company's period for a month, creating it open if it is new."""
    period = session.scalar(
        select(Period).where(Period.company_id == company.id, Period.month == month)
    )
    if period is None:
        period = Period(office_id=company.office_id, company_id=company.id, month=month)
        session.add(period)
        session.flush()
    return period


def confirm_delivered(
    session: Session,
    company_id: int,
    month: str | Month,
    by: str,
    today: dt.date | None = None,
    *,
    months_back: int | None = None,
) -> Period:
    """Record the client's 'all documents for this month sent'; the step closes if it can.

    A client may confirm the current month and the office's `confirm_months_back` before
    it (the previous one by default); an operator passes `months_back` of their own.
    """
    month = parse_month(month)
    company = session.get(Company, company_id)
    if company is None:
        raise NotFound(f"company {company_id}")
    back = company.office.confirm_months_back if months_back is None else months_back
    if month > Month.current(today) or month < Month.current(today) - back:
        reason = Note.MONTH_NOT_BEGUN if month > Month.current(today) else Note.MONTH_TOO_OLD
        raise InvalidInput(Problem.MONTH_NOT_OPEN, month=month, reason=reason.message())
    period = get_period(session, company, month)
    if period.confirmed_at is None:
        period.confirmed_at = utcnow()
        period.confirmed_by = by
        if period.state == PeriodState.OPEN:
            period.state = PeriodState.CONFIRMED
        events.announce(
            session,
            events.PERIOD_CONFIRMED,
            period_id=period.id,
            company_id=company_id,
            month=str(month),
            by=by,
        )
    close_later(session, company_id, month)
    return period


def close_later(session: Session, company_id: int, month: Month | None) -> None:
    """Look at closing a month once the session's work is committed."""
    if month is not None:
        after_commit(session, close_if_ready, Database.of(session), company_id, month)


def close_if_ready(db: Database, company_id: int, month: Month) -> bool:
    """Close the step in a transaction of its own when it is ready; True when closed now."""
    with db.session() as session:
        return try_close(session, company_id, month)


def try_close(session: Session, company_id: int, month: Month) -> bool:
    """Close the step when the month is confirmed and nothing of it is waiting."""
    period = session.scalar(
        select(Period).where(Period.company_id == company_id, Period.month == month)
    )
    if period is None or period.state == PeriodState.CLOSED or period.confirmed_at is None:
        return False
    if waiting_documents(session, company_id, month):
        return False
    # Compare-and-set: two workers finishing a month's last documents at once must not
    # both close it (and announce it twice); SQLite has no FOR UPDATE to rely on.
    closed = session.execute(
        update(Period)
        .where(Period.id == period.id, Period.state != PeriodState.CLOSED)
        .values(state=PeriodState.CLOSED, closed_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if getattr(closed, "rowcount", 0) != 1:
        return False
    session.refresh(period)
    company = session.get_one(Company, company_id)
    events.announce(
        session,
        events.PERIOD_CLOSED,
        period_id=period.id,
        company_id=company_id,
        month=str(month),
        late=period.confirmed_at.date() > deadline_for(company, month),
        reopen_count=period.reopen_count,
    )
    return True


def waiting_documents(session: Session, company_id: int, month: Month) -> int:
    """Count a month's documents not yet read, and late ones not yet reviewed.

    A document not yet read may have no month yet: it could belong to this one, so it
    holds the step too.
    """
    unread = Document.status.in_(UNREAD) & ((Document.month == month) | Document.month.is_(None))
    late = (Document.month == month) & Document.late & ~Document.status.in_(SETTLED)
    query = select(func.count(Document.id)).where(Document.company_id == company_id, unread | late)
    held = sum(hold(session, company_id, month) for hold in _holds)
    return (session.scalar(query) or 0) + held


def held_months(session: Session, company_id: int) -> list[Month]:
    """Return the months a company confirmed that have not closed yet."""
    query = select(Period.month).where(
        Period.company_id == company_id, Period.state == PeriodState.CONFIRMED
    )
    return list(session.scalars(query))


def ready_periods(session: Session) -> list[tuple[int, Month]]:
    """Return confirmed months with nothing waiting: what a lost follow-up left unclosed."""
    rows = session.execute(
        select(Period.company_id, Period.month).where(Period.state == PeriodState.CONFIRMED)
    ).all()
    return [(c, m) for c, m in rows if not waiting_documents(session, c, m)]


def reopen_for_late(session: Session, document: Document) -> Period | None:
    """Mark a document landing in a closed month as late, reopen that month and announce it."""
    if document.month is None:
        return None
    period = session.scalar(
        select(Period).where(
            Period.company_id == document.company_id, Period.month == document.month
        )
    )
    if period is None or period.state != PeriodState.CLOSED:
        return None
    document.late = True
    period.state = PeriodState.CONFIRMED
    period.closed_at = None
    period.reopen_count += 1
    events.announce(
        session,
        events.PERIOD_REOPENED,
        period_id=period.id,
        company_id=period.company_id,
        month=str(period.month),
        document_id=document.id,
    )
    return period


def set_month(session: Session, document: Document, month: str | Month, actor: User) -> None:
    """Move a document to another month (staff); both months' steps are looked at again."""
    if document.status == DocumentStatus.APPROVED:
        raise InvalidInput(Problem.APPROVED_READ_ONLY)
    month = parse_month(month)
    old = document.month
    if old == month:
        return
    document.month, document.month_chosen = month, True
    record(session, document, None, actor, Note.MOVED.message(old=old or "-", new=month))
    if reopen_for_late(session, document):
        reason: Stored = Note.MOVED_INTO_CLOSED.message(month=month)
        record(session, document, DocumentStatus.NEEDS_REVIEW, actor, reason)
    close_later(session, document.company_id, old)
    close_later(session, document.company_id, month)
