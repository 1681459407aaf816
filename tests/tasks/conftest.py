"""Fixtures of tasks' tests: notify's sinks and seeded runtimes, plus a closed month."""

from __future__ import annotations

from intake import events
from intake.models import Period
from intake.offices import add_contact
from tests.notify.conftest import (  # noqa: F401 - fixtures shared with notify's tests
    fast_retries,
    seeded_template,
    sms_api,
    smtp_sink,
    start_runtime,
)

MONTH = "2026-12"


def add_contacts(rt, company_id: int) -> None:  # type: ignore[no-untyped-def]
    """Give a company two contacts: one with e-mail and phone, one with e-mail only."""
    from intake.models import Company

    with rt.db.session() as session:
        company = session.get_one(Company, company_id)
        add_contact(session, company, "Jan Nowak", "jan@firma.test", "+48 600 100 200")
        add_contact(session, company, "Ewa Nowak", "ewa@firma.test", None)


def close_month(rt, company_id: int, month: str = MONTH, reopen_count: int = 0) -> int:  # type: ignore[no-untyped-def]
    """Write a closed period the way intake does, then publish PERIOD_CLOSED; return its id."""
    from sqlalchemy import select

    from intake.models import Company, utcnow

    with rt.db.session() as session:
        period = session.scalar(
            select(Period).where(Period.company_id == company_id, Period.month == month)
        )
        if period is None:
            company = session.get_one(Company, company_id)
            period = Period(office_id=company.office_id, company_id=company_id, month=month)
            session.add(period)
        period.state, period.closed_at, period.confirmed_at = "closed", utcnow(), utcnow()
        period.reopen_count = reopen_count
        session.flush()
        period_id = period.id
    events.publish(
        events.PERIOD_CLOSED,
        period_id=period_id,
        company_id=company_id,
        month=month,
        late=False,
        reopen_count=reopen_count,
    )
    return period_id
