"""The office's lists: its documents (search, filters, bulk actions), the queue, its e-mail."""

from __future__ import annotations

from urllib.parse import parse_qsl

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from inbox.models import InboundEmail
from inbox.records import problems, retry
from intake.documents import get_document, next_to_review, review, scoped_companies
from intake.errors import InvalidInput, NotFound
from intake.month import Month
from intake.periods import set_month
from intake.vocabulary import OFFICE_ROLES, DocumentStatus, Source
from portal.auth import role_required
from portal.db import get_db
from portal.language import say
from portal.listing import PER_PAGE, DocumentQuery, pages_count
from portal.models import SavedFilter
from portal.views import document_json

bp = Blueprint("staff", __name__, url_prefix="/staff")


def _query() -> DocumentQuery:
    return DocumentQuery.from_args(request.args)


@bp.get("/")
@role_required(*OFFICE_ROLES)
def documents():
    """List the office's documents: search, filters, saved filters, pages, bulk actions."""
    session = get_db()
    query = _query()
    docs, total = query.page_of(session, current_user.row)
    saved = session.scalars(
        select(SavedFilter).where(SavedFilter.user_id == current_user.id).order_by(SavedFilter.name)
    ).all()
    return render_template(
        "staff/documents.html",
        documents=docs,
        total=total,
        pages=pages_count(total),
        query=query,
        saved=saved,
        companies=session.scalars(scoped_companies(current_user.row)).all(),
        months=Month.current().recent(12),
        statuses=list(DocumentStatus),
        sources=list(Source),
    )


@bp.get("/documents.json")
@role_required(*OFFICE_ROLES)
def documents_json():
    """Return the listed documents (the same query and page) for live status updates."""
    docs, _total = _query().page_of(get_db(), current_user.row)
    return jsonify(documents=[document_json(d) for d in docs])


def _back() -> str:
    """Return the list's address with the query string a form sent back (checked)."""
    back = DocumentQuery.from_args(dict(parse_qsl(request.form.get("back", ""))))
    return url_for("staff.documents", **back.args())


@bp.post("/bulk")
@role_required(*OFFICE_ROLES)
def bulk():
    """Approve, reject (one reason for all) or move to a month the documents ticked."""
    session = get_db()
    action = request.form.get("action", "")
    ids = [int(i) for i in request.form.getlist("ids") if i.isdigit()][: PER_PAGE * 4]
    if not ids or action not in ("approve", "reject", "move"):
        flash(_("Tick the documents and choose what to do with them."), "error")
        return redirect(_back())
    done, skipped, reason = 0, [], request.form.get("reason", "")
    for document_id in ids:
        try:
            with session.begin_nested():
                doc = get_document(session, current_user.row, document_id)
                if action == "move":
                    set_month(session, doc, request.form.get("month", ""), current_user.row)
                else:
                    review(session, doc, current_user.row, action == "approve", reason)
            done += 1
        except (InvalidInput, NotFound) as e:
            skipped.append(f"#{document_id}: {say(e)}")
    session.commit()
    flash(ngettext("%(num)s document done.", "%(num)s documents done.", done), "ok")
    if skipped:
        flash(_("Not done: %(list)s", list="; ".join(skipped[:5])), "error")
    return redirect(_back())


@bp.post("/filters")
@role_required(*OFFICE_ROLES)
def filters():
    """Keep the list's current filter under a name, or forget a kept one."""
    session = get_db()
    name = " ".join(request.form.get("name", "").split())[:100]
    query = DocumentQuery.from_args(dict(parse_qsl(request.form.get("back", ""))))
    found = session.scalar(
        select(SavedFilter).where(SavedFilter.user_id == current_user.id, SavedFilter.name == name)
    )
    if request.form.get("action") == "delete":
        if found is not None:
            session.delete(found)
            session.commit()
        return redirect(_back())
    if not name or not query.filtered:
        flash(_("Choose some filters and give them a name to keep them."), "error")
        return redirect(_back())
    if found is None:
        found = SavedFilter(user_id=current_user.id, name=name, query="")
        session.add(found)
    found.query = query.query_string()
    session.commit()
    flash(_("Filter kept as “%(name)s”.", name=name), "ok")
    return redirect(_back())


@bp.get("/queue")
@role_required(*OFFICE_ROLES)
def queue():
    """Open the next document waiting for review, or the list when none waits."""
    following = next_to_review(get_db(), current_user.row)
    if following is None:
        flash(_("Nothing waits for review."), "ok")
        return redirect(url_for("staff.documents"))
    return redirect(url_for("review.document", document_id=following.id))


@bp.get("/mail")
@role_required(*OFFICE_ROLES)
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
@role_required(*OFFICE_ROLES)
def mail_retry(inbound_email_id: int):
    """Let the poller try a message of this office again."""
    session = get_db()
    row = session.get(InboundEmail, inbound_email_id)
    if row is None or row.office_id != current_user.office_id:
        raise NotFound(f"inbound e-mail {inbound_email_id}")
    retry(session, inbound_email_id)
    session.commit()
    flash(_("The message will be read again on the next pass."), "ok")
    return redirect(url_for("staff.mail"))
