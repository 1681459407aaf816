"""Setting a password through a link: a client's invitation, a forgotten password's reset."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from intake.errors import IntakeError, InvalidInput
from intake.passwords import set_password, user_for_token
from notify.accounts import send_password_reset
from portal.db import get_db, get_runtime
from portal.errors import error_page
from portal.language import say, show_office
from portal.security import limiter

bp = Blueprint("accounts", __name__)


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit("5 per minute", methods=["POST"])
def forgot():
    """Ask for a reset link; the answer is the same whether the address is known or not."""
    if request.method == "POST":
        session = get_db()
        send_password_reset(session, get_runtime().settings, request.form.get("email", ""))
        session.commit()
        flash(
            _("If the address belongs to an account, a link to set a new password is on its way."),
            "ok",
        )
        return redirect(url_for("auth.login"))
    return render_template("accounts/forgot.html")


@bp.route("/password/<password_token>", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def choose(password_token: str):
    """Set a password through an invitation or a reset link (once, before it expires)."""
    session = get_db()
    settings = get_runtime().settings
    try:
        user, purpose = user_for_token(session, settings, password_token)
    except InvalidInput as e:
        return error_page(400, say(e), e.code)
    show_office(user.office)
    if request.method == "POST":
        if request.form.get("password") != request.form.get("again"):
            flash(_("The two passwords differ."), "error")
            return render_template("accounts/choose.html", user=user, purpose=purpose), 422
        try:
            set_password(session, settings, password_token, request.form.get("password", ""))
            session.commit()
        except IntakeError as e:
            session.rollback()
            flash(say(e), "error")
            return render_template("accounts/choose.html", user=user, purpose=purpose), 422
        flash(_("Your password is set. Log in with it."), "ok")
        return redirect(url_for("auth.login"))
    return render_template("accounts/choose.html", user=user, purpose=purpose)
