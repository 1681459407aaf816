"""Conversations in the portal: the office's and the client's threads, replies with files,
a notice to many clients, files served only as downloads."""

from __future__ import annotations

from flask import Blueprint, Flask, Response, flash, redirect, render_template, request, url_for
from flask_babel import ngettext
from flask_login import current_user

from conversations.bulk import send_notice
from conversations.files import Upload
from conversations.threads import (
    client_of,
    get_attachment,
    get_thread,
    mark_read,
    reply,
    start_thread,
    threads_for,
    unread_of,
)
from intake.documents import scoped_companies
from intake.errors import IntakeError
from intake.models import Company
from intake.vocabulary import OFFICE_ROLES, Role
from notify.history import history_of
from portal.auth import role_required
from portal.db import get_db, get_runtime
from portal.language import locale, say

bp = Blueprint("talk", __name__)

# Types a browser may be handed as what they are (still as a download, never inline).
KEPT_TYPES = ("application/pdf", "image/png", "image/jpeg")


def uploads() -> list[Upload]:
    """Return the files a form carries."""
    return [
        Upload(f.filename or "file", f.read()) for f in request.files.getlist("files") if f.filename
    ]


def office_clients() -> list[Company]:
    """Return the office's clients, by name."""
    return list(get_db().scalars(scoped_companies(current_user.row)))


@bp.get("/staff/conversations/")
@role_required(*OFFICE_ROLES)
def staff_threads():
    """List the office's conversations (of one client, if asked), unread first to see."""
    company_id = request.args.get("company", type=int)
    company = client_of(get_db(), current_user.row, company_id) if company_id else None
    return render_template(
        "talk/threads.html",
        threads=threads_for(get_db(), current_user.row, company_id),
        company=company,
        names={c.id: c.name for c in office_clients()},
        side="staff",
    )


@bp.route("/staff/conversations/new", methods=["GET", "POST"])
@role_required(*OFFICE_ROLES)
def staff_new():
    """Start a conversation with a client."""
    return new_thread("staff")


@bp.post("/client/conversations/new")
@role_required(Role.CLIENT)
def client_new():
    """Start a conversation with the office."""
    return new_thread("client")


def new_thread(side: str):
    """Start a conversation from the form; show the form again when it is refused."""
    session = get_db()
    rt = get_runtime()
    company_id = request.values.get("company", type=int)
    if side == "client":
        company_id = current_user.company_id
    if request.method == "POST":
        try:
            company = client_of(session, current_user.row, company_id or 0)
            thread = start_thread(
                session,
                rt.storage,
                rt.settings,
                current_user.row,
                company,
                request.form.get("subject", ""),
                request.form.get("body", ""),
                uploads(),
            )
            session.commit()
        except IntakeError as e:
            session.rollback()
            if side == "client":
                flash(say(e), "error")
                return redirect(url_for("talk.client_threads"))
            return render_template(
                "talk/new.html", clients=office_clients(), chosen=company_id, error=say(e)
            ), 422
        return redirect(url_for(f"talk.{side}_thread", thread_id=thread.id))
    return render_template("talk/new.html", clients=office_clients(), chosen=company_id, error=None)


@bp.get("/staff/conversations/<int:thread_id>")
@role_required(*OFFICE_ROLES)
def staff_thread(thread_id: int):
    """Show a conversation; it is read by the office from now on."""
    return show_thread(thread_id, "staff")


@bp.get("/client/conversations/<int:thread_id>")
@role_required(Role.CLIENT)
def client_thread(thread_id: int):
    """Show a conversation; it is read by the client from now on."""
    return show_thread(thread_id, "client")


def show_thread(thread_id: int, side: str):
    """Render a conversation and mark it read for the reader's side."""
    session = get_db()
    thread = get_thread(session, current_user.row, thread_id)
    mark_read(session, current_user.row, thread)
    session.commit()
    company = session.get_one(Company, thread.company_id)
    return render_template("talk/thread.html", thread=thread, company=company, side=side)


@bp.post("/staff/conversations/<int:thread_id>")
@role_required(*OFFICE_ROLES)
def staff_reply(thread_id: int):
    """Answer in a conversation."""
    return answer(thread_id, "staff")


@bp.post("/client/conversations/<int:thread_id>")
@role_required(Role.CLIENT)
def client_reply(thread_id: int):
    """Answer in a conversation."""
    return answer(thread_id, "client")


def answer(thread_id: int, side: str):
    """Add the form's message to a conversation."""
    session = get_db()
    rt = get_runtime()
    thread = get_thread(session, current_user.row, thread_id)
    try:
        reply(
            session,
            rt.storage,
            rt.settings,
            current_user.row,
            thread,
            request.form.get("body", ""),
            uploads(),
        )
        session.commit()
    except IntakeError as e:
        session.rollback()
        flash(say(e), "error")
    return redirect(url_for(f"talk.{side}_thread", thread_id=thread_id))


@bp.get("/client/conversations/")
@role_required(Role.CLIENT)
def client_threads():
    """List the company's conversations with the office."""
    return render_template(
        "talk/threads.html",
        threads=threads_for(get_db(), current_user.row),
        company=None,
        names={},
        side="client",
    )


@bp.route("/staff/conversations/notice", methods=["GET", "POST"])
@role_required(*OFFICE_ROLES)
def notice():
    """Send a notice with files to the chosen clients: a conversation with each."""
    chosen = {int(x) for x in request.values.getlist("company") if x.isdigit()}
    if request.method == "GET":
        return render_template("talk/notice.html", clients=office_clients(), chosen=chosen)
    session = get_db()
    rt = get_runtime()
    try:
        threads = send_notice(
            session,
            rt.storage,
            rt.settings,
            current_user.row,
            sorted(chosen),
            request.form.get("subject", ""),
            request.form.get("body", ""),
            uploads(),
        )
        session.commit()
    except IntakeError as e:
        session.rollback()
        page = render_template(
            "talk/notice.html", clients=office_clients(), chosen=chosen, error=say(e)
        )
        return page, 422
    flash(
        ngettext(
            "The notice is in the conversations of %(num)s client.",
            "The notice is in the conversations of %(num)s clients.",
            len(threads),
        ),
        "ok",
    )
    return redirect(url_for("talk.staff_threads"))


@bp.get("/conversations/files/<int:attachment_id>")
@role_required(Role.CLIENT, *OFFICE_ROLES)
def file(attachment_id: int):
    """Send a conversation's file as a download, never shown inline."""
    found = get_attachment(get_db(), current_user.row, attachment_id)
    data = get_runtime().storage.get(found.storage_key)
    media_type = found.media_type if found.media_type in KEPT_TYPES else "application/octet-stream"
    response = Response(data, mimetype=media_type)
    safe_name = found.filename.encode("ascii", "replace").decode().replace('"', "")
    response.headers["Content-Disposition"] = f'attachment; filename="{safe_name}"'
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@bp.get("/client/history")
@role_required(Role.CLIENT)
def client_history():
    """Show the company's own part of its history with the office, searchable."""
    company = get_db().get_one(Company, current_user.company_id)
    query = request.args.get("q", "").strip()
    entries = history_of(get_db(), company, search=query or None, client_side=True, locale=locale())
    return render_template("talk/history.html", company=company, entries=entries, query=query)


def init_app(app: Flask) -> None:
    """Give every page the logged-in person's unread conversation count (the menu's badge)."""

    @app.context_processor
    def _unread() -> dict[str, object]:
        if not current_user.is_authenticated:
            return {"unread_badge": 0}
        return {"unread_badge": unread_of(current_user.row, get_db())}
