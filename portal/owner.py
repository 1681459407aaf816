"""The owner's pages: companies, people, and (with the pipeline) late-delivery statistics."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from intake.documents import scoped_companies
from intake.errors import InvalidInput
from intake.models import Company, Office, User
from intake.offices import (
    add_company,
    add_contact,
    add_user,
    check_deadline_day,
    company_address,
)
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


@bp.post("/companies")
@role_required("owner")
def company_add():
    """Add a client company, with its accountant, PIN and a contact."""
    session = get_db()
    office = session.get_one(Office, current_user.office_id)
    form = request.form
    accountant = None
    if form.get("accountant"):
        accountant = session.scalar(
            select(User).where(
                User.id == form.get("accountant", type=int),
                User.office_id == office.id,
                User.role.in_(("staff", "owner")),
            )
        )
    try:
        company = add_company(
            session,
            office,
            form.get("name", ""),
            form.get("nip", ""),
            pin=form.get("pin") or None,
            inbox_code=form.get("code") or None,
            accountant=accountant,
        )
        if form.get("contact_email") or form.get("contact_phone"):
            add_contact(
                session,
                company,
                form.get("contact_name") or company.name,
                form.get("contact_email") or None,
                form.get("contact_phone") or None,
            )
        session.commit()
        flash(_("Company added."), "ok")
    except InvalidInput as e:
        session.rollback()
        flash(str(e), "error")
    return redirect(url_for("owner.index"))


@bp.post("/users")
@role_required("owner")
def user_add():
    """Add a person who logs in: staff, another owner, or a client of one company."""
    session = get_db()
    office = session.get_one(Office, current_user.office_id)
    form = request.form
    company = None
    if form.get("company"):
        company = session.scalar(
            scoped_companies(current_user.row).where(Company.id == form.get("company", type=int))
        )
    try:
        add_user(
            session,
            office,
            form.get("email", ""),
            form.get("name", ""),
            form.get("role", ""),
            form.get("password", ""),
            company=company,
        )
        session.commit()
        flash(_("User added."), "ok")
    except InvalidInput as e:
        session.rollback()
        flash(str(e), "error")
    return redirect(url_for("owner.index"))
