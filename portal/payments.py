"""The payments table (staff: every client's; the client: its own) and the client's tasks.

Staff and clients mark amounts paid; the client's dashboard and phone page show its own
amounts and the tasks the office shows it, through the helpers this module gives every
template (`client_payments()`, `client_tasks()`).
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from intake.documents import scoped_companies
from intake.models import Company
from intake.month import Month
from intake.vocabulary import Role
from portal.auth import role_required
from portal.converters import row_id
from portal.db import get_db, get_runtime
from portal.language import zone_today
from tasks.approval import approval_token
from tasks.client_view import ShownTask, client_task, client_tasks
from tasks.payments import Payment, mark_paid, payments

bp = Blueprint("payments", __name__)
PAGE = 100


@bp.app_context_processor
def client_helpers() -> dict[str, object]:
    """Give templates the logged-in client's amounts and shown tasks (computed when asked)."""

    def own_payments(limit: int = 24) -> list[Payment]:
        if not current_user.is_authenticated or current_user.role != Role.CLIENT:
            return []
        return payments(
            get_db(), current_user.office_id, company_id=current_user.company_id, limit=limit
        )

    def own_tasks(limit: int = 20) -> list[ShownTask]:
        if not current_user.is_authenticated or current_user.role != Role.CLIENT:
            return []
        return client_tasks(get_db(), current_user.company_id, str(get_locale()), limit)

    def approval_link(payment: Payment) -> str:
        token = approval_token(get_runtime().settings, payment.task_id, payment.company_id)
        return url_for("client.approve", token=token)

    return {
        "client_payments": own_payments,
        "client_tasks": own_tasks,
        "approval_link": approval_link,
        "payments_today": zone_today,
    }


@bp.get("/staff/payments/")
@role_required(Role.STAFF, Role.OWNER)
def index():
    """Show the payments table: each amount, its due day, account, title, approval, paid."""
    session = get_db()
    company_id = row_id(request.args.get("company"))
    try:
        month = Month.parse(request.args["month"]) if request.args.get("month") else None
    except ValueError:
        month = None
    unpaid = request.args.get("unpaid") == "1"
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    rows = payments(
        session,
        current_user.office_id,
        company_id=company_id,
        month=month,
        unpaid_only=unpaid,
        limit=PAGE + 1,
        offset=(page - 1) * PAGE,
    )
    return render_template(
        "payments/index.html",
        rows=rows[:PAGE],
        page=page,
        more=len(rows) > PAGE,
        companies=session.scalars(scoped_companies(current_user.row)).all(),
        company_id=company_id,
        month=month,
        unpaid=unpaid,
        today_=zone_today(),
    )


@bp.post("/staff/payments/<int:amount_id>/paid")
@role_required(Role.STAFF, Role.OWNER)
def staff_paid(amount_id: int):
    """Mark an amount paid, or not paid after all."""
    session = get_db()
    paid = request.form.get("paid", "1") == "1"
    mark_paid(session, amount_id, current_user.email, office_id=current_user.office_id, paid=paid)
    session.commit()
    flash(_("Saved."), "ok")
    return redirect(request.referrer or url_for("payments.index"))


@bp.post("/client/payments/<int:amount_id>/paid")
@role_required(Role.CLIENT)
def client_paid(amount_id: int):
    """Let the client say an amount is paid (its own company's only)."""
    session = get_db()
    mark_paid(  # another company's amount is 404
        session,
        amount_id,
        current_user.email,
        office_id=current_user.office_id,
        company_id=current_user.company_id,
    )
    session.commit()
    flash(_("Thank you: the amount is marked paid."), "ok")
    return redirect(request.referrer or url_for("client.dashboard"))


@bp.get("/client/tasks/<int:task_id>")
@role_required(Role.CLIENT)
def client_task_page(task_id: int):
    """Show one task the office shows the client (404 for anything else)."""
    session = get_db()
    task = client_task(session, current_user.company_id, task_id, str(get_locale()))
    company = session.get_one(Company, current_user.company_id)
    return render_template("payments/client_task.html", task=task, company=company)
