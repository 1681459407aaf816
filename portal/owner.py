"""The owner's pages: companies, people, and (with the pipeline) late-delivery statistics."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from intake.documents import scoped_companies
from intake.errors import InvalidInput
from intake.models import Office, User
from intake.offices import check_deadline_day, company_address
from intake.periods import parse_month, recent_months
from intake.stats import history, month_stats
from portal.auth import role_required
from portal.db import get_db, get_runtime
from portal.i18n import _
from tasks.deadlines import overdue_tasks

bp = Blueprint("owner", __name__, url_prefix="/owner")


@bp.get("/")
@role_required("owner")
def index():
    """Show the office's companies and people."""
    session = get_db()
    companies = session.scalars(scoped_companies(current_user.row)).all()
    users = session.scalars(
        select(User).where(User.office_id == current_user.office_id).order_by(User.role, User.email)
    ).all()
    inbox = get_runtime().settings.inbox_address
    return render_template(
        "owner/index.html",
        companies=companies,
        users=users,
        addresses={c.id: company_address(c, inbox) for c in companies},
        overdue=overdue_tasks(session, current_user.office_id),
    )


@bp.get("/stats")
@role_required("owner")
def stats():
    """Show who delivered a month late, reopenings and review waits, with six months' history."""
    months = recent_months(7)[1:]  # the last six closed-or-closing months
    try:
        month = parse_month(request.args.get("month") or months[0])
    except InvalidInput:
        month = months[0]
    session = get_db()
    rows = month_stats(session, current_user.office_id, month)
    return render_template(
        "owner/stats.html",
        month=month,
        months=months,
        rows=rows,
        history=history(session, current_user.office_id, months),
    )


@bp.post("/deadlines")
@role_required("owner")
def deadlines():
    """Set the office's deadline day and each company's own (empty: the office's)."""
    session = get_db()
    office = session.get_one(Office, current_user.office_id)
    try:
        office.deadline_day = check_deadline_day(request.form.get("office", type=int) or 0)
        for company in session.scalars(scoped_companies(current_user.row)):
            raw = request.form.get(f"company_{company.id}", "").strip()
            company.deadline_day = check_deadline_day(int(raw)) if raw else None
    except (InvalidInput, ValueError) as e:
        session.rollback()
        flash(str(e) if isinstance(e, InvalidInput) else _("A deadline day is a number."), "error")
    else:
        session.commit()
        flash(_("Saved."), "ok")
    return redirect(url_for("owner.index"))
