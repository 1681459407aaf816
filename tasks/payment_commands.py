"""`intake payments`: the payments table from the command line."""

from __future__ import annotations

import json

import click

from intake import runtime
from intake.month import Month
from tasks.errors import TaskNotFound, Why
from tasks.handwork import company_by_nip
from tasks.models import TaxAmount
from tasks.payments import mark_paid, payments
from tasks.template_commands import pick_office


@click.group("payments")
def payments_group() -> None:
    """The tax amounts clients owe, and whether they are paid."""


@payments_group.command("list")
@click.option("--office", "office_name", help="The office (needed where there are several).")
@click.option("--company", "nip", help="Only this company's (NIP).")
@click.option("--month", help="Only this month (YYYY-MM).")
@click.option("--unpaid", is_flag=True, help="Only what is still to pay.")
@click.option("--json", "as_json", is_flag=True)
def list_payments(
    office_name: str | None, nip: str | None, month: str | None, unpaid: bool, as_json: bool
) -> None:
    """List the amounts to pay: due date, account, transfer title, approval, paid or not."""
    with runtime.start().db.session() as session:
        office = pick_office(session, office_name)
        company_id = company_by_nip(session, office.id, nip).id if nip else None
        rows = payments(
            session,
            office.id,
            company_id=company_id,
            month=Month.parse(month) if month else None,
            unpaid_only=unpaid,
        )
    for row in rows:
        if as_json:
            click.echo(json.dumps(row.to_json(), ensure_ascii=False))
        else:
            state = "paid" if row.paid else "unpaid"
            click.echo(
                f"{row.id:>6}  {row.nip}  {row.month}  {row.code:<4} {row.amount:>12.2f} "
                f"{row.currency}  {row.due_on}  {state:<6}  {row.account or '-'}  {row.title}"
            )


@payments_group.command("paid")
@click.argument("amount_id", type=int)
@click.option("--by", default="operator", help="Who says it is paid (an e-mail).")
@click.option("--undo", is_flag=True, help="Not paid after all.")
def paid(amount_id: int, by: str, undo: bool) -> None:
    """Mark an amount paid (or, with --undo, not paid)."""
    with runtime.start().db.session() as session:
        row = session.get(TaxAmount, amount_id)
        if row is None:
            raise TaskNotFound(Why.AMOUNT_NOT_FOUND, amount_id=amount_id)
        mark_paid(session, amount_id, by, office_id=row.office_id, paid=not undo)
    click.echo(f"amount {amount_id} {'not paid' if undo else 'paid'}")
