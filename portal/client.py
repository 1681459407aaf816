"""The client's pages: upload invoices, see each document's status."""

from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from intake.accept import Upload, accept
from intake.documents import get_document, scoped_documents
from intake.errors import IntakeError, InvalidInput, NotFound, Refused
from intake.models import Company, Document, Period, User
from intake.periods import confirm_delivered, deadline_for, parse_month, recent_months
from intake.vocabulary import PeriodState, Role, Source
from notify.delivery import history
from portal.auth import role_required
from portal.db import get_db, get_runtime
from portal.errors import error_page
from portal.filters import month as month_text
from portal.language import say, show_office
from portal.security import upload_limit
from portal.views import document_json, file_response
from tasks.approval import approval_token, approve_task, verify_approval
from tasks.errors import InvalidToken
from tasks.models import Task
from tasks.settlements import settlement_of, settlements_for

bp = Blueprint("client", __name__, url_prefix="/client")
# Who approved, when it was not the company's own logged-in client.
BY_LINK = "approval link"


@bp.get("/")
@role_required(Role.CLIENT)
def dashboard():
    """Show the upload form, the months' delivery steps and the company's documents."""
    session = get_db()
    company = session.get_one(Company, current_user.company_id)
    docs = session.scalars(scoped_documents(current_user.row).order_by(Document.id.desc())).all()
    months = recent_months()
    periods = {
        p.month: p
        for p in session.scalars(
            select(Period).where(Period.company_id == company.id, Period.month.in_(months))
        )
    }
    steps = [(m, periods.get(m), deadline_for(company, m)) for m in months]
    settlements = settlements_for(session, company.id, limit=6)
    # Only what was sent to the client's own people: the office's internal mail stays inside.
    theirs = {c.email for c in company.contacts} | {c.phone for c in company.contacts}
    theirs |= set(session.scalars(select(User.email).where(User.company_id == company.id)))
    messages = [
        n
        for n in history(session, company.id, office_id=company.office_id, limit=50)
        if n.recipient in theirs
    ][:10]
    return render_template(
        "client/dashboard.html",
        company=company,
        documents=docs,
        steps=steps,
        months=months,
        open_state=PeriodState.OPEN,
        settlements=settlements,
        approval_token=lambda s: approval_token(get_runtime().settings, s.task_id, s.company_id),
        messages=messages,
    )


@bp.get("/phone")
@role_required(Role.CLIENT)
def phone():
    """A page for phones: the camera, a file chooser, and what became of each file sent."""
    session = get_db()
    company = session.get_one(Company, current_user.company_id)
    latest = scoped_documents(current_user.row).order_by(Document.id.desc()).limit(10)
    return render_template(
        "client/phone.html", company=company, documents=session.scalars(latest).all()
    )


@bp.route("/approve/<token>", methods=["GET", "POST"])
def approve(token: str):
    """Show the amounts a link is about and let the client approve them (the link is the key)."""
    rt = get_runtime()
    try:
        task_id, company_id = verify_approval(rt.settings, token)
    except InvalidToken as e:
        return error_page(404, say(e), e.code)
    session = get_db()
    task = session.get(Task, task_id)
    settlement = settlement_of(task) if task and task.company_id == company_id else None
    if task is None or settlement is None:
        raise NotFound(f"task {task_id}")
    if task.company is not None:
        show_office(task.company.office)
    if request.method == "POST":
        # Only the company's own client is named; anyone else holding the link (staff, a
        # person of another office) approves as the link itself, never under their name.
        own = current_user.is_authenticated and current_user.company_id == company_id
        by = current_user.email if own and current_user.role == Role.CLIENT else BY_LINK
        try:
            approve_task(session, rt.settings, token, by)
            session.commit()
        except IntakeError as e:
            session.rollback()
            flash(say(e), "error")
        else:
            flash(_("Thank you: the amounts are approved."), "ok")
        return redirect(url_for("client.approve", token=token))
    return render_template("client/approve.html", company=task.company, settlement=settlement)


@bp.post("/confirm")
@role_required(Role.CLIENT)
def confirm():
    """Record 'all documents for the month sent'."""
    session = get_db()
    try:
        period = confirm_delivered(
            session, current_user.company_id, request.form.get("month", ""), current_user.email
        )
        session.commit()
    except InvalidInput as e:
        session.rollback()
        flash(say(e), "error")
    else:
        flash(
            _(
                "Thank you: all documents for %(month)s are marked as sent.",
                month=month_text(period.month),
            ),
            "ok",
        )
    return redirect(url_for("client.dashboard"))


@bp.post("/upload")
@role_required(Role.CLIENT)
@upload_limit
def upload():
    """Accept one or more files; answer JSON per file (the page shows progress)."""
    files = request.files.getlist("files")
    rt = get_runtime()
    source = Source.MOBILE if request.form.get("source") == "mobile" else Source.PORTAL
    results = []
    session = get_db()
    try:
        month = parse_month(request.form["month"]) if request.form.get("month") else None
    except InvalidInput as e:
        refused = [{"filename": f.filename, "error": say(e), "code": e.code} for f in files]
        return jsonify(results=refused), 422
    for f in files:
        upload = Upload(
            current_user.company_id,
            f.read(),
            f.filename or "",
            source,
            rt.settings.max_upload_mb * 1024 * 1024,
            uploaded_by=current_user.row,
            month=month,
        )
        try:
            done = accept(session, rt.storage, upload)
            session.commit()
            results.append(
                {
                    "filename": f.filename,
                    "document_id": done.document_id,
                    "status": done.status,
                    "duplicate_of": done.duplicate_of,
                }
            )
        except Refused as e:
            session.rollback()
            results.append({"filename": f.filename, "error": say(e), "code": e.code})
    status = 200 if any("document_id" in r for r in results) or not results else 422
    return jsonify(results=results), status


@bp.get("/documents.json")
@role_required(Role.CLIENT)
def documents_json():
    """Return the company's documents so the page can update statuses without a reload."""
    query = scoped_documents(current_user.row).order_by(Document.id.desc())
    limit = request.args.get("limit", type=int)
    if limit:
        query = query.limit(min(limit, 500))
    return jsonify(documents=[document_json(d) for d in get_db().scalars(query)])


@bp.get("/documents/<int:document_id>/file")
@role_required(Role.CLIENT)
def document_file(document_id: int):
    """Send one of the company's own files; another company's is 404."""
    return file_response(get_document(get_db(), current_user.row, document_id))
