"""The office's client pages: the table of all clients for a month, one client's page with
its contacts and terms, and its whole history."""

from __future__ import annotations

from functools import lru_cache

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from conversations.threads import unread_for_office
from intake.documents import scoped_companies
from intake.errors import IntakeError, InvalidInput, NotFound, Problem
from intake.models import Company, Contact, Period, User
from intake.month import Month
from intake.passwords import invite_client
from intake.periods import parse_month, recent_months
from intake.vocabulary import OFFICE_ROLES, Choice, PeriodState
from notify.accounts import send_invitation
from notify.contacts import drop_contact, preferences_of, save_contact
from notify.failures import notices_for
from notify.history import history_of
from notify.vocabulary import Channel, NotificationState, Topic
from portal.auth import role_required
from portal.client_table import FILTERS, SORTS, Row, client_table
from portal.db import get_db, get_runtime
from portal.filters import day
from portal.language import locale, say, zone_today
from portal.vocabulary import label
from tasks.outreach import month_settlements
from tasks.policy import get_policy
from tasks.vocabulary import TaxCode

bp = Blueprint("clients", __name__, url_prefix="/staff/clients")

# The months a table may show: the last twelve.
MONTHS = 12


def chosen_month() -> Month:
    """Return the month asked for, else last month (whose documents are collected now)."""
    months = recent_months(MONTHS)
    try:
        return parse_month(request.args["month"]) if request.args.get("month") else months[1]
    except InvalidInput:
        return months[1]


def get_client(company_id: int) -> Company:
    """Return a client of the person's office, or raise NotFound."""
    company = get_db().scalar(scoped_companies(current_user.row).where(Company.id == company_id))
    if company is None:
        raise NotFound(f"company {company_id}")
    return company


@bp.get("/")
@role_required(*OFFICE_ROLES)
def index():
    """Show every client's month: documents, the delivered step, amounts, messages, unread."""
    month = chosen_month()
    filters = [f for f in request.args.getlist("f") if f in FILTERS]
    sort = request.args.get("sort", "name")
    rows = client_table(
        get_db(),
        current_user.row,
        month,
        filters=filters,
        sort=sort,
        search=request.args.get("q"),
        today=zone_today(),
    )
    deadlines = {r.deadline for r in rows}
    return render_template(
        "clients/index.html",
        rows=rows,
        failures=len(notices_for(get_db(), current_user.row)),
        labels=table_labels(),
        due={d: _("due %(day)s", day=day(d)) for d in deadlines},
        days=lru_cache(maxsize=None)(day),
        month=month,
        months=recent_months(MONTHS),
        filters=filters,
        all_filters=FILTERS,
        sort=sort if sort in SORTS else "name",
        sorts=SORTS,
    )


def table_labels() -> dict[str, str]:
    """Return the table's stored words as this request's reader calls them (said once)."""
    words: list[Choice] = [*PeriodState, *NotificationState, *Channel, *TaxCode]
    return {str(w): label(w) for w in words}


def row_json(row: Row) -> dict[str, object]:
    """Return what the table's script updates in one row: the last message and the unread count."""
    last = row.last
    return {
        "id": row.company.id,
        "unread": row.unread,
        "last_status": str(last.status) if last else None,
        "last_status_label": label(last.status) if last else "",
        "last_error": say(last.error) if last and last.error else None,
    }


@bp.get("/table.json")
@role_required(*OFFICE_ROLES)
def table_json():
    """Return the rows' delivery states and unread counts for live updates."""
    rows = client_table(get_db(), current_user.row, chosen_month(), today=zone_today())
    return jsonify(clients=[row_json(r) for r in rows])


@bp.get("/<int:company_id>")
@role_required(*OFFICE_ROLES)
def company(company_id: int):
    """Show a client: its months, amounts, contacts and what they receive, its terms."""
    return company_page(get_client(company_id))


def company_page(company: Company, form: str | None = None, error: IntakeError | None = None):
    """Render a client's page; after a refused form, again with what was typed and why."""
    session = get_db()
    months = recent_months(4)[1:]
    periods = {
        p.month: p
        for p in session.scalars(
            select(Period).where(Period.company_id == company.id, Period.month.in_(months))
        )
    }
    contacts = sorted(company.contacts, key=lambda c: c.id)
    logins = {
        u.email: u for u in session.scalars(select(User).where(User.company_id == company.id))
    }
    settlements = month_settlements(session, company.office_id, months[0], [company.id])
    page = render_template(
        "clients/company.html",
        company=company,
        months=months,
        periods=periods,
        contacts=contacts,
        prefs=preferences_of(session, [c.id for c in contacts]),
        topics=list(Topic),
        channels=list(Channel),
        logins=logins,
        settlement=settlements.get(company.id),
        office_approval=get_policy(session, company.office_id).approval_required,
        unread=unread_for_office(session, company.office_id, [company.id]).get(company.id, 0),
        form=form,
        typed=request.form if form else {},
        error=say(error) if error else None,
        error_code=error.code if error else None,
    )
    return page, 422 if error else 200


def receives_from_form() -> dict[Topic, list[str]]:
    """Return the topics × channels grid of a contact form."""
    return {
        topic: [str(c) for c in Channel if request.form.get(f"receives-{topic}-{c}")]
        for topic in Topic
    }


def save_from_form(company: Company, contact: Contact | None, form_name: str):
    """Add or change a contact from the form; show the page again when it is refused."""
    session = get_db()
    try:
        save_contact(
            session,
            company,
            name=request.form.get("name", ""),
            email=request.form.get("email") or None,
            phone=request.form.get("phone") or None,
            locale=request.form.get("locale") or None,
            receives=receives_from_form(),
            contact=contact,
        )
        session.commit()
    except IntakeError as e:
        session.rollback()
        return company_page(get_client(company.id), form_name, e)
    flash(_("Saved."), "ok")
    return redirect(url_for("clients.company", company_id=company.id))


@bp.post("/<int:company_id>/contacts")
@role_required(*OFFICE_ROLES)
def contact_add(company_id: int):
    """Add a contact with what they receive on which channel."""
    return save_from_form(get_client(company_id), None, "contact")


def get_contact(company: Company, contact_id: int) -> Contact:
    """Return one of a client's contacts, or raise NotFound."""
    found = next((c for c in company.contacts if c.id == contact_id), None)
    if found is None:
        raise NotFound(f"contact {contact_id}")
    return found


@bp.post("/<int:company_id>/contacts/<int:contact_id>")
@role_required(*OFFICE_ROLES)
def contact_edit(company_id: int, contact_id: int):
    """Change a contact."""
    company = get_client(company_id)
    return save_from_form(company, get_contact(company, contact_id), f"contact-{contact_id}")


@bp.post("/<int:company_id>/contacts/<int:contact_id>/remove")
@role_required(*OFFICE_ROLES)
def contact_remove(company_id: int, contact_id: int):
    """Remove a contact; what was sent to them stays in the history."""
    session = get_db()
    company = get_client(company_id)
    drop_contact(session, get_contact(company, contact_id))
    session.commit()
    flash(_("Contact removed."), "ok")
    return redirect(url_for("clients.company", company_id=company_id))


@bp.post("/<int:company_id>/contacts/<int:contact_id>/invite")
@role_required(*OFFICE_ROLES)
def contact_invite(company_id: int, contact_id: int):
    """Invite a contact to the portal: a login without a password and a link to set one."""
    session = get_db()
    company = get_client(company_id)
    contact = get_contact(company, contact_id)
    try:
        if not contact.email:
            raise InvalidInput(Problem.EMAIL_INVALID, email="-")
        user = invite_client(session, company, contact.email, contact.name, contact.locale)
        send_invitation(session, get_runtime().settings, user, current_user.row)
        session.commit()
    except IntakeError as e:
        session.rollback()
        flash(say(e), "error")
    else:
        flash(_("The invitation has been sent to %(email)s.", email=contact.email), "ok")
    return redirect(url_for("clients.company", company_id=company_id))


@bp.post("/<int:company_id>/terms")
@role_required(*OFFICE_ROLES)
def terms(company_id: int):
    """Set whether the client approves its amounts and whether reminders go to it."""
    session = get_db()
    company = get_client(company_id)
    approval = request.form.get("approval", "office")
    company.approval_required = {"required": True, "information": False}.get(approval)
    company.reminders = request.form.get("reminders") == "on"
    session.commit()
    flash(_("Saved."), "ok")
    return redirect(url_for("clients.company", company_id=company_id))


@bp.get("/<int:company_id>/history")
@role_required(*OFFICE_ROLES)
def history(company_id: int):
    """Show everything sent to and received from a client, newest first, searchable."""
    company = get_client(company_id)
    query = request.args.get("q", "").strip()
    entries = history_of(get_db(), company, search=query or None, locale=locale())
    return render_template("clients/history.html", company=company, entries=entries, query=query)
