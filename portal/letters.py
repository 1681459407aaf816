"""Writing to clients from the portal: one client or all selected, previewed before sending."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeSerializer

from intake.documents import scoped_companies
from intake.errors import IntakeError, InvalidInput
from intake.models import Company
from intake.month import Month
from intake.periods import parse_month, recent_months
from intake.vocabulary import OFFICE_ROLES
from notify.contacts import channel_of
from notify.errors import Problem
from notify.failures import mark_read, notices_for
from notify.letters import Draft, preview, send_letters, store_attachment
from notify.outgoing import Attachment
from notify.vocabulary import LETTER_TOPICS, Channel, Topic
from portal.auth import role_required
from portal.db import get_db, get_runtime
from portal.language import say

bp = Blueprint("letters", __name__, url_prefix="/staff/messages")

DEFAULT_CHANNELS = {Topic.AMOUNTS: ("email", "sms")}


def chosen_clients() -> list[Company]:
    """Return the clients the form names (only the office's own)."""
    ids = [int(x) for x in request.values.getlist("company") if x.isdigit()]
    if not ids:
        return []
    query = scoped_companies(current_user.row).where(Company.id.in_(ids))
    return list(get_db().scalars(query))


def chosen_kind() -> Topic:
    """Return the kind the form names (free text when none)."""
    kind = request.values.get("kind", "")
    return Topic(kind) if kind in [str(t) for t in LETTER_TOPICS] else Topic.TEXT


def chosen_month() -> Month | None:
    """Return the month the form names, or None (the kind's own default)."""
    try:
        return parse_month(request.values["month"]) if request.values.get("month") else None
    except InvalidInput:
        return None


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(get_runtime().settings.secret_key, salt="intake.letter-attachment")


def attachment_from_form() -> tuple[Attachment | None, str | None]:
    """Return the attached PDF (uploaded now, or kept from the preview) and its token."""
    rt = get_runtime()
    upload = request.files.get("attachment")
    if upload is not None and upload.filename:
        attachment = Attachment(upload.filename, upload.read())
        if not attachment.data.startswith(b"%PDF-"):
            return attachment, None  # send_letters says why it is refused
        key = store_attachment(rt.storage, current_user.office_id, attachment)
        made = _signer().dumps({"k": key, "n": attachment.filename, "o": current_user.office_id})
        return attachment, str(made)
    token = request.form.get("attachment_token")
    if not token:
        return None, None
    try:
        kept = _signer().loads(token)
    except BadSignature:
        return None, None
    if kept.get("o") != current_user.office_id:
        return None, None
    return Attachment(str(kept["n"]), rt.storage.get(str(kept["k"]))), token


def draft_from_form(attachment: Attachment | None) -> Draft:
    """Return what the form says to send."""
    channels = tuple(channel_of(c) for c in request.form.getlist("channel"))
    return Draft(
        kind=chosen_kind(),
        channels=channels,
        text=request.form.get("text") or None,
        month=chosen_month(),
        attachment=attachment,
    )


@bp.route("/new", methods=["GET", "POST"])
@role_required(*OFFICE_ROLES)
def new():
    """Write a message to the chosen clients: preview it, then send it."""
    clients = chosen_clients()
    kind = chosen_kind()
    context = {
        "clients": clients,
        "kind": kind,
        "kinds": list(LETTER_TOPICS),
        "channels": list(Channel),
        "chosen": [str(c) for c in DEFAULT_CHANNELS.get(kind, ("email",))],
        "month": chosen_month(),
        "months": recent_months(4),
        "text": "",
        "previews": None,
        "attachment_token": None,
        "attachment_name": None,
        "error": None,
    }
    if request.method == "GET":
        return render_template("letters/new.html", **context)
    session = get_db()
    attachment, token = attachment_from_form()
    context.update(
        chosen=request.form.getlist("channel"),
        text=request.form.get("text", ""),
        attachment_token=token,
        attachment_name=attachment.filename if attachment else None,
    )
    try:
        draft = draft_from_form(attachment)
        if request.form.get("action") == "send":
            letters = send_letters(
                session,
                get_runtime().storage,
                get_runtime().settings,
                current_user.row,
                [c.id for c in clients],
                draft,
            )
            session.commit()
            flash(
                ngettext(
                    "The message is on its way to %(num)s client.",
                    "The message is on its way to %(num)s clients.",
                    len(letters),
                ),
                "ok",
            )
            month = draft.month or chosen_month()
            return redirect(url_for("clients.index", month=month or None, sent=letters[0].batch))
        if not clients:
            raise InvalidInput(Problem.NO_CLIENTS)
        context["previews"] = preview(
            session, get_runtime().settings, current_user.row, clients[0].id, draft
        )
    except IntakeError as e:
        session.rollback()
        context["error"], context["error_code"] = say(e), e.code
        return render_template("letters/new.html", **context), 422
    return render_template("letters/new.html", **context)


@bp.get("/notices")
@role_required(*OFFICE_ROLES)
def notices():
    """Show the person's messages that were not delivered."""
    found = notices_for(get_db(), current_user.row, unread_only=False)
    return render_template("letters/notices.html", notices=found)


@bp.post("/notices/read")
@role_required(*OFFICE_ROLES)
def notices_read():
    """Mark the person's notices read."""
    session = get_db()
    mark_read(session, current_user.row)
    session.commit()
    flash(_("Saved."), "ok")
    return redirect(request.referrer or url_for("clients.index"))
