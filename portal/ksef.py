"""KSeF in the portal: staff see each company's connection; clients and staff mark invoices."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from intake.broker import send_or_log
from intake.documents import scoped_companies
from intake.errors import NotFound
from intake.vocabulary import OFFICE_ROLES, Role
from ksef.qualify import holds_unqualified, invoices_of, qualify, set_hold
from ksef.service import status_of
from ksef.vocabulary import Qualification
from portal.auth import role_required
from portal.converters import row_id
from portal.db import get_db
from portal.language import say

bp = Blueprint("ksef", __name__, url_prefix="/ksef")


@bp.get("/")
@role_required(*OFFICE_ROLES)
def status():
    """Show each company's KSeF access, last sync, continuation point, invoices, last error."""
    session = get_db()
    companies = session.scalars(scoped_companies(current_user.row)).all()
    return render_template(
        "ksef/status.html",
        rows=[status_of(session, c) for c in companies],
        hold=holds_unqualified(session, current_user.row.office_id),
    )


@bp.post("/sync")
@role_required(*OFFICE_ROLES)
def sync():
    """Ask for a company's sync now (a job; the guide's intervals still hold)."""
    company_id = row_id(request.form.get("company"))
    session = get_db()
    mine = {c.id for c in session.scalars(scoped_companies(current_user.row))}
    if company_id not in mine:
        abort(404)
    send_or_log("sync_ksef_company", company_id)
    flash(_("The sync has been asked for; the page shows its outcome when it is done."), "ok")
    return redirect(url_for("ksef.status"))


@bp.post("/hold")
@role_required(Role.OWNER)
def hold():
    """Choose whether unmarked KSeF invoices hold a month's "documents delivered"."""
    session = get_db()
    set_hold(session, current_user.row.office_id, request.form.get("hold") == "1")
    session.commit()
    flash(_("Saved."), "ok")
    return redirect(url_for("ksef.status"))


@bp.get("/invoices")
@role_required(*OFFICE_ROLES, Role.CLIENT)
def invoices():
    """List KSeF invoices, the ones not yet marked first, each with its marking form."""
    pairs = invoices_of(get_db(), current_user.row)
    return render_template("ksef/invoices.html", pairs=pairs, choices=list(Qualification))


@bp.post("/invoices")
@role_required(*OFFICE_ROLES, Role.CLIENT)
def mark():
    """Mark one KSeF invoice as for the books, not business, or not ours, with a comment."""
    invoice_id = row_id(request.form.get("invoice"))
    choice = request.form.get("qualification", "")
    if invoice_id is None or choice not in Qualification.values():
        flash(_("Choose what the invoice is."), "error")
        return redirect(url_for("ksef.invoices"))
    session = get_db()
    try:
        qualify(
            session,
            current_user.row,
            invoice_id,
            Qualification(choice),
            request.form.get("note", ""),
        )
    except NotFound as e:
        flash(say(e), "error")
        return redirect(url_for("ksef.invoices"))
    session.commit()
    flash(_("Saved."), "ok")
    return redirect(url_for("ksef.invoices"))
