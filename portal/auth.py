"""Login, logout, roles; every page is scoped to the user's office (and a client's company).

A login is a session kept on the server (intake.sessions): the cookie carries its token,
so logging out ends it for good, and it ends by itself after an idle time and a lifetime
(INTAKE_SESSION_IDLE_MIN, INTAKE_SESSION_MAX_HOURS). Logging in starts a new cookie, so
nothing (a CSRF token) from before the login is good after it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import (
    Blueprint,
    Flask,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, current_user, login_required, login_user, logout_user
from sqlalchemy import select

from intake.models import User
from intake.security import hash_secret, verify_secret
from intake.sessions import check_session, end_all_sessions, end_session, open_session
from intake.vocabulary import Role
from portal.db import get_db, get_runtime
from portal.security import login_limits
from portal.settings import of as portal_settings

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = _l("Log in to see this page.")
login_manager.login_message_category = "info"
# The flash is kept in the session: turn the lazy text into the request's language there.
login_manager.localize_callback = str
# A dummy hash so a login for an unknown e-mail takes as long as one for a known e-mail.
_DUMMY_HASH = hash_secret("not-a-password")


class LoginUser:
    """The Flask-Login face of a User row."""

    def __init__(self, user: User) -> None:
        self.row = user

    def __getattr__(self, name: str) -> Any:
        return getattr(self.row, name)

    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        """Tell whether the account may log in."""
        return self.row.active

    def get_id(self) -> str:
        """Return the id Flask-Login keeps in the session."""
        return str(self.row.id)


# The session key holding this browser's login token.
TOKEN = "login"


@login_manager.user_loader
def load_user(user_id: str) -> LoginUser | None:
    """Load the logged-in user for this request, if their login session is still live."""
    if not user_id.isdigit() or len(user_id) > 18:
        return None
    db = get_db()
    user = db.get(User, int(user_id))
    if user is None or not user.active:
        return None
    rules = portal_settings(get_runtime().settings)
    live = check_session(
        db,
        session.get(TOKEN),
        user.id,
        idle=rules.session_idle,
        lifetime=rules.session_lifetime,
    )
    db.commit()  # an ended session stays ended; a seen time is kept
    return LoginUser(user) if live else None


def start_login(user: User) -> None:
    """Log a user in on a new session: a new cookie, a new token, a new CSRF token."""
    kept = {k: session[k] for k in ("locale",) if k in session}
    session.clear()
    session.update(kept)
    db = get_db()
    session[TOKEN] = open_session(db, user.id)
    db.commit()
    login_user(LoginUser(user))


def init_app(app: Flask) -> None:
    """Attach the login manager."""
    login_manager.init_app(app)


def role_required(*roles: Role | str) -> Callable:
    """Let only users of these roles in; others get 404, so nothing leaks.

    The view keeps its roles in `.roles`, so tests generated from the URL map know who may
    open each page.
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if current_user.role not in roles:
                abort(404)
            return view(*args, **kwargs)

        wrapped.roles = frozenset(roles)  # type: ignore[attr-defined]
        return wrapped

    return decorator


HOME = {Role.CLIENT: "client.dashboard", Role.STAFF: "staff.documents", Role.OWNER: "owner.index"}


def home_endpoint(user: Any) -> str:
    """Return where a user lands after logging in."""
    return HOME[user.role]


def _too_many(_limit: object):
    flash(_("Too many attempts. Wait a minute and try again."), "error")
    return make_response(render_template("auth/login.html"), 429)


@bp.route("/login", methods=["GET", "POST"])
@login_limits(on_breach=_too_many)
def login():
    """Show the login form and log a user in."""
    if request.method == "POST":
        email = request.form.get("email", "").strip().lower()
        password = request.form.get("password", "")
        user = get_db().scalar(select(User).where(User.email == email))
        ok = verify_secret(user.password_hash if user else _DUMMY_HASH, password)
        if user and ok and user.active:
            if user.locale is None and session.get("locale"):
                user.locale = session["locale"]  # the language chosen before logging in
                get_db().commit()
            start_login(user)
            return redirect(url_for(home_endpoint(user)))
        flash(_("Wrong e-mail or password."), "error")
        return render_template("auth/login.html"), 401
    return render_template("auth/login.html")


@bp.post("/logout")
@login_required
def logout():
    """Log out: this browser's session ends on the server too."""
    db = get_db()
    end_session(db, session.get(TOKEN))
    db.commit()
    logout_user()
    session.clear()
    return redirect(url_for("auth.login"))


@bp.post("/logout/everywhere")
@login_required
def logout_everywhere():
    """Log out on every device: each session of this person ends."""
    db = get_db()
    end_all_sessions(db, current_user.id)
    db.commit()
    logout_user()
    session.clear()
    flash(_("You are logged out on every device."), "ok")
    return redirect(url_for("auth.login"))
