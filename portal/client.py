"""The client's pages: upload invoices, see each document's status."""

from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from intake.accept import accept
from intake.documents import get_document, scoped_documents
from intake.errors import IntakeError, InvalidInput, Refused
from intake.models import Company, Document, Period, User
from intake.models.work import Task
from intake.periods import confirm_delivered, deadline_for, recent_months
from notify.delivery import history
from portal.auth import role_required
from portal.db import get_db, get_runtime
from portal.i18n import _
from portal.views import document_json, file_response
from tasks.approval import approval_of, approval_token, approve_task, verify_approval
from tasks.errors import InvalidToken
from tasks.templates import TAX_KINDS

bp = Blueprint("client", __name__, url_prefix="/client")


@bp.get("/")
@role_required("client")
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
    owed = session.scalars(
        select(Task)
        .where(Task.company_id == company.id, Task.status == "done", Task.kind.in_(TAX_KINDS))
        .order_by(Task.done_at.desc())
        .limit(6)
    ).all()
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
        owed=owed,
        approval_token=lambda t: approval_token(get_runtime().settings, t),
        messages=messages,
    )


@bp.get("/phone")
@role_required("client")
def phone():
    """A page for phones: one big button that opens the camera and sends each photo."""
    company = get_db().get_one(Company, current_user.company_id)
    return render_template("client/phone.html", company=company)


@bp.route("/approve/<token>", methods=["GET", "POST"])
def approve(token: str):
    """Show the amounts a link is about and let the client approve them (the link is the key)."""
    rt = get_runtime()
    try:
        task_id, company_id = verify_approval(rt.settings, token)
    except InvalidToken as e:
        return render_template("error.html", code=404, message=str(e)), 404
    session = get_db()
    task = session.get(Task, task_id)
    if task is None or task.company_id != company_id:
        return render_template("error.html", code=404, message=_("Not found.")), 404
    if request.method == "POST":
        by = current_user.email if current_user.is_authenticated else "approval link"
        try:
            approve_task(rt, token, by)
        except IntakeError as e:
            flash(str(e), "error")
        else:
            flash(_("Thank you: the amounts are approved."), "ok")
        return redirect(url_for("client.approve", token=token))
    return render_template("client/approve.html", task=task, approval=approval_of(task))


@bp.post("/confirm")
@role_required("client")
def confirm():
    """Record 'all documents for the month sent'."""
    try:
        period = confirm_delivered(
            get_runtime(),
            current_user.company_id,
            request.form.get("month", ""),
            current_user.email,
        )
    except InvalidInput as e:
        flash(str(e), "error")
    else:
        flash(
            _("Thank you: all documents for %(month)s are marked as sent.")
            % {"month": period.month},
            "ok",
        )
    return redirect(url_for("client.dashboard"))


@bp.post("/upload")
@role_required("client")
def upload():
    """Accept one or more files; answer JSON per file (the page shows progress)."""
    files = request.files.getlist("files")
    month = request.form.get("month") or None
    source = "mobile" if request.form.get("source") == "mobile" else "portal"
    results = []
    for f in files:
        data = f.read()
        try:
            done = accept(
                get_runtime(),
                current_user.company_id,
                data,
                f.filename or "",
                source,
                uploaded_by=current_user.row,
                month=month,
            )
            results.append(
                {
                    "filename": f.filename,
                    "document_id": done.document_id,
                    "status": done.status,
                    "duplicate_of": done.duplicate_of,
                }
            )
        except Refused as e:
            results.append({"filename": f.filename, "error": str(e)})
    status = 200 if any("document_id" in r for r in results) or not results else 422
    return jsonify(results=results), status


@bp.get("/documents.json")
@role_required("client")
def documents_json():
    """Return the company's documents so the page can update statuses without a reload."""
    docs = get_db().scalars(scoped_documents(current_user.row).order_by(Document.id.desc()))
    return jsonify(documents=[document_json(d) for d in docs])


@bp.get("/documents/<int:document_id>/file")
@role_required("client")
def document_file(document_id: int):
    """Send one of the company's own files; another company's is 404."""
    return file_response(get_document(get_db(), current_user.row, document_id))
