"""The owner's pages: companies, people, and (with the pipeline) late-delivery statistics."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from intake.addresses import company_address
from intake.documents import scoped_companies
from intake.errors import IntakeError, InvalidInput, NotFound, Problem
from intake.models import Company, Office, User
from intake.offices import (
    add_company,
    add_contact,
    add_user,
    check_deadline_day,
    check_months_back,
)
from intake.periods import parse_month, recent_months
from intake.sessions import end_all_sessions
from intake.stats import history, month_stats
from intake.vocabulary import OFFICE_ROLES, Role
from portal.auth import role_required
from portal.converters import row_id
from portal.db import get_db, get_runtime
from portal.language import say
from tasks.deadlines import overdue_tasks

bp = Blueprint("owner", __name__, url_prefix="/owner")


@bp.get("/")
@role_required(Role.OWNER)
def index():
    """Show the office's companies and people."""
    return office_page()


def office_page(form: str | None = None, error: IntakeError | None = None, status: int = 200):
    """Render the office page; after a refused form, again with what was typed and why."""
    session = get_db()
    companies = session.scalars(scoped_companies(current_user.row)).all()
    users = session.scalars(
        select(User).where(User.office_id == current_user.office_id).order_by(User.role, User.email)
    ).all()
    inbox = get_runtime().settings.inbox_address
    page = render_template(
        "owner/index.html",
        companies=companies,
        users=users,
        roles=list(Role),
        addresses={c.id: company_address(c.inbox_code, inbox) for c in companies},
        overdue=overdue_tasks(session, current_user.office_id),
        form=form,
        typed=request.form if form else {},
        error=say(error) if error else None,
        error_code=error.code if error else None,
    )
    return page, status


@bp.get("/stats")
@role_required(Role.OWNER)
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
@role_required(Role.OWNER)
def deadlines():
    """Set the office's deadline day and each company's own (empty: the office's)."""
    session = get_db()
    office = session.get_one(Office, current_user.office_id)
    try:
        office.deadline_day = check_deadline_day(request.form.get("office", type=int) or 0)
        if "confirm_back" in request.form:
            office.confirm_months_back = check_months_back(request.form["confirm_back"])
        for company in session.scalars(scoped_companies(current_user.row)):
            raw = request.form.get(f"company_{company.id}", "").strip()
            company.deadline_day = check_deadline_day(int(raw)) if raw else None
    except (InvalidInput, ValueError) as e:
        session.rollback()
        error = e if isinstance(e, InvalidInput) else InvalidInput(Problem.DEADLINE_DAY)
        return office_page("deadlines", error, 422)
    session.commit()
    flash(_("Saved."), "ok")
    return redirect(url_for("owner.index"))


@bp.post("/companies")
@role_required(Role.OWNER)
def company_add():
    """Add a client company, with its accountant, PIN and a contact."""
    session = get_db()
    office = session.get_one(Office, current_user.office_id)
    form = request.form
    accountant = None
    if form.get("accountant"):
        accountant = session.scalar(
            select(User).where(
                User.id == row_id(form.get("accountant")),
                User.office_id == office.id,
                User.role.in_(OFFICE_ROLES),
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
    except InvalidInput as e:
        session.rollback()
        return office_page("company", e, 422)
    flash(_("Company added."), "ok")
    return redirect(url_for("owner.index"))


@bp.post("/users")
@role_required(Role.OWNER)
def user_add():
    """Add a person who logs in: staff, another owner, or a client of one company."""
    session = get_db()
    office = session.get_one(Office, current_user.office_id)
    form = request.form
    company = None
    if form.get("company"):
        company = session.scalar(
            scoped_companies(current_user.row).where(Company.id == row_id(form.get("company")))
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
    except InvalidInput as e:
        session.rollback()
        return office_page("user", e, 422)
    flash(_("User added."), "ok")
    return redirect(url_for("owner.index"))


@bp.post("/users/logout")
@role_required(Role.OWNER)
def user_logout():
    """End every login session of a person of the office (a lost phone, someone who left)."""
    session = get_db()
    user = session.scalar(
        select(User).where(
            User.id == row_id(request.form.get("user")), User.office_id == current_user.office_id
        )
    )
    if user is None:
        raise NotFound("user")
    end_all_sessions(session, user.id)
    session.commit()
    flash(_("%(email)s is logged out on every device.", email=user.email), "ok")
    return redirect(url_for("owner.index"))
