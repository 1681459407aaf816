"""The office's pages: every document of the office, its file beside its fields, review."""

from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from inbox.records import problems, retry
from intake.accept import enqueue_extract
from intake.documents import (
    EDITABLE,
    correct_fields,
    get_document,
    next_to_review,
    retry_reading,
    review,
    scoped_companies,
    scoped_documents,
)
from intake.errors import InvalidInput
from intake.models import STATUSES, Document, InboundEmail
from intake.periods import set_month, try_close
from portal.auth import role_required
from portal.db import get_db, get_runtime
from portal.i18n import _
from portal.views import document_json, file_response

bp = Blueprint("staff", __name__, url_prefix="/staff")


def _filtered():
    query = scoped_documents(current_user.row).order_by(Document.id.desc())
    status = request.args.get("status")
    if status in STATUSES:
        query = query.where(Document.status == status)
    company = request.args.get("company", type=int)
    if company:
        query = query.where(Document.company_id == company)
    return query.limit(500)


@bp.get("/")
@role_required("staff", "owner")
def documents():
    """List the office's documents, newest first, filtered by status and company."""
    session = get_db()
    return render_template(
        "staff/documents.html",
        documents=session.scalars(_filtered()).all(),
        companies=session.scalars(scoped_companies(current_user.row)).all(),
        statuses=STATUSES,
    )


@bp.get("/documents.json")
@role_required("staff", "owner")
def documents_json():
    """Return the listed documents for live status updates."""
    return jsonify(documents=[document_json(d) for d in get_db().scalars(_filtered())])


@bp.get("/documents/<int:document_id>")
@role_required("staff", "owner")
def document(document_id: int):
    """Show a document's file beside what was read from it, with its history."""
    doc = get_document(get_db(), current_user.row, document_id)
    return render_template("staff/document.html", doc=doc)


@bp.get("/documents/<int:document_id>/file")
@role_required("staff", "owner")
def document_file(document_id: int):
    """Send the stored file."""
    return file_response(
        get_document(get_db(), current_user.row, document_id),
        download=request.args.get("download") == "1",
    )


@bp.post("/documents/<int:document_id>/review")
@role_required("staff", "owner")
def document_review(document_id: int):
    """Approve or reject a document."""
    session = get_db()
    doc = get_document(session, current_user.row, document_id)
    approve = request.form.get("decision") == "approve"
    try:
        review(session, doc, current_user.row, approve, request.form.get("reason", ""))
        session.commit()
        flash(_("Document approved.") if approve else _("Document rejected."), "ok")
    except InvalidInput as e:
        session.rollback()
        flash(str(e), "error")
    else:
        try_close(get_runtime(), doc.company_id, doc.month)
        following = next_to_review(session, current_user.row, after=document_id)
        if following is not None:  # the review queue goes on with the next document
            return redirect(url_for("staff.document", document_id=following.id))
    return redirect(url_for("staff.document", document_id=document_id))


@bp.get("/queue")
@role_required("staff", "owner")
def queue():
    """Open the next document waiting for review, or the list when none waits."""
    following = next_to_review(get_db(), current_user.row)
    if following is None:
        flash(_("Nothing waits for review."), "ok")
        return redirect(url_for("staff.documents"))
    return redirect(url_for("staff.document", document_id=following.id))


@bp.post("/documents/<int:document_id>/month")
@role_required("staff", "owner")
def document_month(document_id: int):
    """Move a document to another month."""
    doc = get_document(get_db(), current_user.row, document_id)
    try:
        set_month(get_runtime(), doc.id, request.form.get("month", ""), current_user.row)
        flash(_("Saved."), "ok")
    except InvalidInput as e:
        flash(str(e), "error")
    return redirect(url_for("staff.document", document_id=document_id))


@bp.post("/documents/<int:document_id>/fields")
@role_required("staff", "owner")
def document_fields(document_id: int):
    """Save a person's corrections to the read fields; they are marked as corrected."""
    session = get_db()
    doc = get_document(session, current_user.row, document_id)
    changes = {name: request.form.get(name, "") for name in EDITABLE if name in request.form}
    try:
        changed = correct_fields(session, doc, current_user.row, changes)
        session.commit()
        flash(_("Saved.") if changed else _("Nothing changed."), "ok")
    except InvalidInput as e:
        session.rollback()
        flash(str(e), "error")
    return redirect(url_for("staff.document", document_id=document_id))


@bp.post("/documents/<int:document_id>/retry")
@role_required("staff", "owner")
def document_retry(document_id: int):
    """Read a failed or rejected document again."""
    session = get_db()
    doc = get_document(session, current_user.row, document_id)
    try:
        retry_reading(session, doc, current_user.row)
        session.commit()
    except InvalidInput as e:
        session.rollback()
        flash(str(e), "error")
    else:
        enqueue_extract(doc.id)
        flash(_("The document will be read again."), "ok")
    return redirect(url_for("staff.document", document_id=document_id))


@bp.get("/mail")
@role_required("staff", "owner")
def mail():
    """Show the office's recent e-mail and the messages that could not be handled."""
    session = get_db()
    office_id = current_user.office_id
    recent = session.scalars(
        select(InboundEmail)
        .where(InboundEmail.office_id == office_id)
        .order_by(InboundEmail.id.desc())
        .limit(100)
    ).all()
    companies = {c.id: c.name for c in session.scalars(scoped_companies(current_user.row))}
    return render_template(
        "staff/mail.html",
        recent=recent,
        problems=problems(session, office_id),
        companies=companies,
    )


@bp.post("/mail/<int:inbound_email_id>/retry")
@role_required("staff", "owner")
def mail_retry(inbound_email_id: int):
    """Let the poller try a message of this office again."""
    session = get_db()
    row = session.get(InboundEmail, inbound_email_id)
    if row is None or row.office_id != current_user.office_id:
        return render_template("error.html", code=404, message=_("Not found.")), 404
    retry(session, inbound_email_id)
    session.commit()
    flash(_("The message will be read again on the next pass."), "ok")
    return redirect(url_for("staff.mail"))
