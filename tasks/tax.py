"""A closed month becomes tax work: one task per period, told to the accountant and client.

The first close creates 'calculate tax'. A month closed again after late documents
reopened it creates 'recalculate tax' when the earlier tax task is already done (one per
reopening); while the earlier task is still open, that task simply stays the one to do.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.errors import NotFound
from intake.models import Company
from intake.models.work import Notification, Task
from intake.runtime import Runtime
from notify.delivery import dispatch
from notify.messages import tell_period_closed, tell_task_created
from tasks.deadlines import tax_task_due
from tasks.errors import InvalidAmounts
from tasks.templates import TAX_KINDS, create_task

logger = logging.getLogger(__name__)

TAX_CODE = re.compile(r"[A-Z][A-Z0-9-]{1,15}")
CENT = Decimal("0.01")


def open_tax_task(
    rt: Runtime, period_id: int, company_id: int, month: str, reopen_count: int = 0
) -> tuple[int, bool]:
    """Make sure a closed month has its tax task; return (task_id, created now)."""
    with rt.db.session() as session:
        company = session.get(Company, company_id)
        if company is None:
            raise NotFound(f"company {company_id}")
        task, created = ensure_tax_task(session, company, period_id, month, reopen_count)
        notes: list[Notification] = []
        if created:
            notes += tell_task_created(session, rt.settings, task)
        notes += tell_period_closed(session, rt.settings, company, month, reopen_count)
        session.flush()
        task_id, note_ids = task.id, [n.id for n in notes]
    dispatch(note_ids)
    return task_id, created


def ensure_tax_task(
    session: Session, company: Company, period_id: int, month: str, reopen_count: int
) -> tuple[Task, bool]:
    """Return the period's tax task to work on, creating it when there is none."""
    latest = session.scalar(
        select(Task)
        .where(Task.period_id == period_id, Task.kind.in_(TAX_KINDS))
        .order_by(Task.id.desc())
        .limit(1)
    )
    if latest is None:
        kind, key = "calculate_tax", f"period:{period_id}:calculate_tax"
    elif latest.status == "open" or reopen_count == 0:
        return latest, False
    else:
        kind, key = "recalculate_tax", f"period:{period_id}:recalculate_tax:{reopen_count}"
    return create_task(
        session,
        kind,
        company,
        month,
        key=key,
        due_on=tax_task_due(month),
        period_id=period_id,
        assignee_id=company.accountant_id,
        data={"reopen_count": reopen_count},
    )


def clean_amounts(amounts: dict[str, object]) -> dict[str, Decimal]:
    """Return tax amounts as Decimal with two places, by upper-case code; never floats."""
    clean = {}
    for code, raw in amounts.items():
        code = code.strip().upper()
        if not TAX_CODE.fullmatch(code):
            raise InvalidAmounts(f"{code!r} is not a tax code (VAT, PIT, CIT, ZUS...)")
        if isinstance(raw, float | bool):
            raise InvalidAmounts(f"{code}: give the amount as text or Decimal, not {raw!r}")
        try:
            value = Decimal(str(raw).replace(" ", "").replace(",", "."))
        except InvalidOperation:
            raise InvalidAmounts(f"{code}: {raw!r} is not an amount") from None
        if not value.is_finite() or value < 0 or value != value.quantize(CENT):
            raise InvalidAmounts(f"{code}: {raw!r} is not an amount in złoty and grosze")
        clean[code] = value.quantize(CENT)
    return clean


def parse_pairs(pairs: list[str]) -> dict[str, str]:
    """Return CODE=VALUE command-line pairs as a dict."""
    result = {}
    for pair in pairs:
        code, sep, value = pair.partition("=")
        if not sep or not code.strip() or not value.strip():
            raise InvalidAmounts(f"{pair!r}: expected CODE=VALUE")
        result[code.strip().upper()] = value.strip()
    return result


def parse_day(raw: str | dt.date) -> dt.date:
    """Return a date given as a date or YYYY-MM-DD text."""
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        raise InvalidAmounts(f"{raw!r} is not a date (YYYY-MM-DD)") from None
