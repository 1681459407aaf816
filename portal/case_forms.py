"""Public contact and offer forms: built by the office, embedded on its own website, and a
case only once the sender activates it from their mailbox.

How the public routes stay safe though they are posted to from other sites. Flask-WTF's
CSRF token lives in the session cookie, which a browser does not send to a form inside a
third-party iframe (SameSite=Lax), so the session check would refuse every embedded
submission. The form's POST is exempt from it instead, because CSRF is about riding a
person's login, and this route has none to ride: it acts as nobody, reads no cookie and
changes nothing of any account. What an abuser could do is send forms in bulk, so each
form page carries a signed, time-limited stamp of the form (a POST without a page fetched
in the last day is refused), a honeypot field people never see, size limits, a per-address
rate limit (Flask-Limiter, INTAKE_RATELIMIT_URL shared by every web process) and, above
all, no case exists until the sender follows the activation link sent to the address they
gave. The activation itself is a page with a button: a POST from our own page, under the
normal CSRF check, so a mail scanner that follows links does not activate anything.
Framing is allowed for the form pages only (frame-ancestors *); every other page keeps
frame-ancestors 'self'.
"""

from __future__ import annotations

import hashlib
import hmac
import time

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user

from cases.errors import CaseError
from cases.forms import (
    FIELDS,
    HONEYPOT,
    activate,
    forms_of,
    get_form,
    public_form,
    save_form,
    submit,
)
from cases.models import CaseForm, Submission
from cases.vocabulary import FormKind
from intake.errors import IntakeError
from intake.models import Office
from intake.vocabulary import OFFICE_ROLES
from portal.auth import role_required
from portal.db import get_db, get_runtime
from portal.language import locale, say, show_office
from portal.security import CSP, csrf, limiter

bp = Blueprint("case_forms", __name__)

SUBMISSIONS_PER_IP = "5 per minute;30 per hour"
MAX_BODY = 16 * 1024
STAMP_MAX_AGE_S = 24 * 3600
FRAMED_CSP = CSP.replace("frame-ancestors 'self'", "frame-ancestors *").replace(
    "form-action 'self'", "form-action 'self'"
)


def stamp(key: str, issued: int | None = None) -> str:
    """Return a signed stamp of a form page served now (or at `issued`)."""
    issued = int(time.time()) if issued is None else issued
    secret = get_runtime().settings.secret_key.encode()
    sig = hmac.new(secret, f"form-page:{key}:{issued}".encode(), hashlib.sha256).hexdigest()
    return f"{issued}.{sig[:32]}"


def stamp_ok(key: str, value: str) -> bool:
    """Tell whether a form's stamp is ours and fresh."""
    issued, _, _sig = (value or "").partition(".")
    if not issued.isdigit() or not 0 <= time.time() - int(issued) <= STAMP_MAX_AGE_S:
        return False
    return hmac.compare_digest(stamp(key, int(issued)), value)


def framed(response: Response) -> Response:
    """Let a form's page be shown in an iframe on any website."""
    response.headers["Content-Security-Policy"] = FRAMED_CSP
    response.headers["X-Frame-Options"] = "ALLOWALL"  # not a valid value: ignored, as meant
    return response


@bp.route("/staff/cases/forms", methods=["GET", "POST"])
@role_required(*OFFICE_ROLES)
def forms():
    """List the office's forms; add one."""
    return form_page(None)


@bp.route("/staff/cases/forms/<int:case_form_id>", methods=["GET", "POST"])
@role_required(*OFFICE_ROLES)
def form(case_form_id: int):
    """Show a form with its embedding codes; change it."""
    return form_page(case_form_id)


def form_page(form_id: int | None):
    """Render the forms page; save the builder's form on POST."""
    session = get_db()
    me = current_user.row
    chosen = get_form(session, me, form_id) if form_id else None
    status = 200
    if request.method == "POST":
        try:
            saved = save_form(
                session,
                me,
                kind=FormKind(request.form.get("kind", FormKind.CONTACT)),
                title=request.form.get("title", ""),
                required=request.form.getlist("required"),
                consent_text=request.form.get("consent_text", ""),
                terms_url=request.form.get("terms_url", ""),
                colour=request.form.get("colour", "#1f5fa8"),
                background=request.form.get("background", "#ffffff"),
                locale=request.form.get("locale", locale()),
                form=chosen,
            )
            session.commit()
            flash(_("The form was saved."), "ok")
            return redirect(url_for("case_forms.form", case_form_id=saved.id))
        except (IntakeError, ValueError) as e:
            session.rollback()
            flash(say(e) if isinstance(e, IntakeError) else _("Check the form."), "error")
            status = 422
    base = get_runtime().settings.base_url
    return render_template(
        "cases/forms.html",
        forms=forms_of(session, me.office_id),
        chosen=chosen,
        kinds=list(FormKind),
        fields=FIELDS,
        base=base,
    ), status


def public_page(found: CaseForm, error: str | None = None, status: int = 200):
    """Render a public form (framable)."""
    show_office(get_db().get_one(Office, found.office_id))
    page = render_template(
        "cases/public_form.html",
        form=found,
        fields=FIELDS,
        stamp=stamp(found.key),
        honeypot=HONEYPOT,
        error=error,
        values=request.form,
    )
    return framed(Response(page, status=status))


@bp.get("/forms/<key>")
def public(key: str):
    """Show a public form to anyone (inside an iframe on the office's website, too)."""
    return public_page(public_form(get_db(), key))


@bp.post("/forms/<key>")
@csrf.exempt
@limiter.limit(SUBMISSIONS_PER_IP, key_func=get_remote_address, methods=["POST"])
def public_submit(key: str):
    """Take a submission; the sender is asked to activate it by e-mail."""
    if (request.content_length or 0) > MAX_BODY:
        abort(413)
    session = get_db()
    found = public_form(session, key)
    if not stamp_ok(found.key, request.form.get("stamp", "")):
        return public_page(found, _("This form has expired. Reload the page."), 400)
    try:
        submit(
            session,
            get_runtime().settings,
            found,
            request.form.to_dict(),
            get_remote_address(),
            locale(),
        )
        session.commit()
    except CaseError as e:
        session.rollback()
        return public_page(found, say(e), 422)
    show_office(session.get_one(Office, found.office_id))
    return framed(Response(render_template("cases/public_sent.html", form=found)))


@bp.get("/forms/<key>/style.css")
def style_file(key: str):
    """Return a form's colours as a style sheet (the CSP allows no inline style)."""
    found = public_form(get_db(), key)
    css = f":root {{ --form-colour: {found.colour}; --form-background: {found.background}; }}\n"
    response = Response(css, mimetype="text/css")
    return response


@bp.get("/forms/<key>/embed.js")
def embed_file(key: str):
    """Return the script that puts a form's iframe where the script tag stands."""
    found = public_form(get_db(), key)
    src = f"{get_runtime().settings.base_url}/forms/{found.key}"
    script = render_template("cases/embed.js", src=src, title=found.title)
    return Response(script, mimetype="text/javascript")


@bp.route("/forms/activate/<activation>", methods=["GET", "POST"])
def activation(activation: str):
    """Ask the sender to confirm (GET), then open the case (POST, CSRF-checked)."""
    session = get_db()
    token = activation
    number = token.partition(".")[0]
    submission = session.get(Submission, int(number)) if number.isdigit() else None
    if submission is not None:
        show_office(session.get_one(Office, submission.form.office_id))
    if request.method == "GET":
        return render_template("cases/activate.html", token=token, done=False, error=None)
    try:
        activate(session, get_runtime().settings, token)
        session.commit()
    except CaseError as e:
        session.rollback()
        return render_template("cases/activate.html", token=token, done=False, error=say(e)), 400
    return render_template("cases/activate.html", token=token, done=True, error=None)
