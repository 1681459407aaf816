"""The payments table: each tax amount a company owes, where to pay it, and whether it is paid.

Rows are the TaxAmount rows a tax task recorded (tasks.completion), read with their task's
approval and their company; the client marks an amount paid in the portal, or staff do.
The account is the one the office gave with the amounts (else the account the company's
same tax was last paid to); the transfer title follows the Polish tax-office form
(identifier, period, form symbol) in a Polish office, and names NIP, tax and month
elsewhere. An amount past its due day and unpaid makes a task for the company's accountant.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, contains_eager
from stdnum import iban as std_iban
from stdnum.exceptions import ValidationError

from intake.i18n import N_, gettext
from intake.models import Company, Office, utcnow
from intake.month import Month
from tasks.creation import create_task
from tasks.errors import InvalidAmounts, TaskNotFound, Why
from tasks.models import Task, TaxAmount
from tasks.vocabulary import ApprovalState, TaskKind, TaskState, TaxCode

logger = logging.getLogger(__name__)

# The form symbol a Polish tax transfer names (VAT with JPK_V7; advances of PIT and CIT).
FORMS = {TaxCode.VAT: "VAT-7", TaxCode.PIT: "PIT-36", TaxCode.CIT: "CIT-8"}
UNPAID_TITLE = N_("Unpaid: %(tax)s %(month)s, %(company)s (due %(due)s)")
LOOKBACK_DAYS = 120


@dataclass(frozen=True)
class Payment:
    """A row of the payments table."""

    id: int
    task_id: int
    company_id: int
    company: str
    nip: str
    month: Month
    code: TaxCode
    amount: Decimal
    currency: str
    due_on: dt.date
    account: str | None
    title: str
    approval: ApprovalState
    paid_at: dt.datetime | None
    paid_by: str | None

    @property
    def paid(self) -> bool:
        """Tell whether the amount is paid (nothing to pay counts as paid)."""
        return self.paid_at is not None or self.amount <= 0

    def overdue(self, today: dt.date) -> bool:
        """Tell whether the amount is unpaid past its due day."""
        return not self.paid and self.due_on < today

    def to_json(self) -> dict[str, object]:
        """Return the row as plain JSON values (amounts as '1234.56', dates ISO 8601)."""
        return {
            "id": self.id,
            "task_id": self.task_id,
            "company_id": self.company_id,
            "company": self.company,
            "nip": self.nip,
            "month": str(self.month),
            "code": str(self.code),
            "amount": f"{self.amount:.2f}",
            "currency": self.currency,
            "due_on": self.due_on.isoformat(),
            "account": self.account,
            "title": self.title,
            "approval": str(self.approval),
            "paid": self.paid,
            "paid_at": self.paid_at.isoformat() if self.paid_at else None,
            "paid_by": self.paid_by,
        }


def transfer_title(country: str, nip: str, month: Month, code: TaxCode) -> str:
    """Return the title of a tax transfer: 'N/NIP/YYMmm/FORM' in Poland, else plain words."""
    if country.upper() == "PL" and code in FORMS:
        return f"N/{nip}/{month.year % 100:02d}M{month.month:02d}/{FORMS[code]}"
    return f"{nip} {code} {month.month:02d}/{month.year}"


def approval_of(task: Task) -> ApprovalState:
    """Return where a task's amounts stand with the client's approval."""
    if not task.approval_required:
        return ApprovalState.NOT_ASKED
    return ApprovalState.APPROVED if task.approved_at else ApprovalState.WAITING


def clean_account(raw: str) -> str:
    """Return an account as an IBAN in capitals without spaces (a Polish one may come without
    'PL'), or raise InvalidAmounts."""
    text = "".join(raw.split()).upper()
    if text.isdigit() and len(text) == 26:
        text = f"PL{text}"
    try:
        return std_iban.validate(text)
    except ValidationError:
        raise InvalidAmounts(Why.NOT_AN_ACCOUNT, value=raw) from None


def last_account(session: Session, company_id: int, code: TaxCode) -> str | None:
    """Return the account a company's tax was last to be paid to."""
    query = select(TaxAmount.account).where(
        TaxAmount.company_id == company_id,
        TaxAmount.code == code,
        TaxAmount.account.is_not(None),
    )
    return session.scalar(query.order_by(TaxAmount.id.desc()).limit(1))


def payments_query(office_id: int) -> Select[TaxAmount]:
    """Return the query of an office's amounts with their task and company, newest month first."""
    return (
        select(TaxAmount)
        .join(TaxAmount.task)
        .join(TaxAmount.company)
        .options(contains_eager(TaxAmount.task), contains_eager(TaxAmount.company))
        .where(TaxAmount.office_id == office_id, Task.status == TaskState.DONE)
        .order_by(TaxAmount.month.desc(), Company.name, TaxAmount.due_on, TaxAmount.id)
    )


def payment_of(row: TaxAmount, country: str) -> Payment:
    """Return the table's row of a stored amount."""
    return Payment(
        id=row.id,
        task_id=row.task_id,
        company_id=row.company_id,
        company=row.company.name,
        nip=row.company.nip,
        month=row.month,
        code=row.code,
        amount=row.amount,
        currency=row.currency,
        due_on=row.due_on,
        account=row.account,
        title=transfer_title(country, row.company.nip, row.month, row.code),
        approval=approval_of(row.task),
        paid_at=row.paid_at,
        paid_by=row.paid_by,
    )


def payments(
    session: Session,
    office_id: int,
    *,
    company_id: int | None = None,
    month: Month | None = None,
    unpaid_only: bool = False,
    limit: int = 500,
    offset: int = 0,
) -> list[Payment]:
    """Return the payments table of an office (or one company, or one month)."""
    country = session.get_one(Office, office_id).country
    query = payments_query(office_id)
    if company_id is not None:
        query = query.where(TaxAmount.company_id == company_id)
    if month is not None:
        query = query.where(TaxAmount.month == month)
    if unpaid_only:
        query = query.where(TaxAmount.paid_at.is_(None), TaxAmount.amount > 0)
    rows = session.scalars(query.offset(offset).limit(limit))
    return [payment_of(row, country) for row in rows]


def get_amount(
    session: Session, amount_id: int, office_id: int, company_id: int | None = None
) -> TaxAmount:
    """Return an amount of an office (and of a company, for a client), or raise TaskNotFound."""
    row = session.get(TaxAmount, amount_id, with_for_update=True)
    if row is None or row.office_id != office_id:
        raise TaskNotFound(Why.AMOUNT_NOT_FOUND, amount_id=amount_id)
    if company_id is not None and row.company_id != company_id:
        raise TaskNotFound(Why.AMOUNT_NOT_FOUND, amount_id=amount_id)
    return row


def mark_paid(
    session: Session,
    amount_id: int,
    by: str,
    *,
    office_id: int,
    company_id: int | None = None,
    paid: bool = True,
) -> TaxAmount:
    """Mark an amount paid (or not paid after all); marking it twice changes nothing."""
    row = get_amount(session, amount_id, office_id, company_id)
    if paid and row.paid_at is None:
        row.paid_at, row.paid_by = utcnow(), by[:254]
        logger.info("amount %s paid, said %s", row.id, by)
    elif not paid:
        row.paid_at, row.paid_by = None, None
    session.flush()
    return row


def flag_unpaid(session: Session, today: dt.date) -> list[Task]:
    """Give the accountant a task for each amount unpaid past its due day (once each)."""
    query = (
        select(TaxAmount)
        .join(TaxAmount.company)
        .options(contains_eager(TaxAmount.company))
        .where(
            TaxAmount.paid_at.is_(None),
            TaxAmount.amount > 0,
            TaxAmount.due_on < today,
            TaxAmount.due_on >= today - dt.timedelta(days=LOOKBACK_DAYS),
        )
        .order_by(TaxAmount.id)
    )
    made = []
    for row in session.scalars(query):
        company: Company = row.company
        locale = company.office.locale
        title = gettext(
            locale,
            UNPAID_TITLE,
            tax=gettext(locale, row.code.label),
            month=row.month,
            company=company.name,
            due=row.due_on,
        )
        task, new = create_task(
            session,
            TaskKind.FOLLOW_UP,
            company,
            row.month,
            key=f"unpaid:{row.id}",
            due_on=today,
            parent_id=row.task_id,
            assignee_id=company.accountant_id,
            title=title[:300],
        )
        if new:
            made.append(task)
    return made
