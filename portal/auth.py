"""Login, logout, roles; every page is scoped to the user's office (and a client's company)."""

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
    url_for,
)
from flask_login import LoginManager, current_user, login_required, login_user, logout_user
from sqlalchemy import select

from intake.models import User
from intake.security import hash_secret, verify_secret
from portal.db import get_db
from portal.i18n import _
from portal.security import limiter

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
login_manager.login_view = "auth.login"
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


@login_manager.user_loader
def load_user(user_id: str) -> LoginUser | None:
    """Load the logged-in user for this request."""
    user = get_db().get(User, int(user_id)) if user_id.isdigit() else None
    return LoginUser(user) if user and user.active else None


def init_app(app: Flask) -> None:
    """Attach the login manager."""
    login_manager.init_app(app)


def role_required(*roles: str) -> Callable:
    """Let only users of these roles in; others get 404, so nothing leaks."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if current_user.role not in roles:
                abort(404)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def home_endpoint(user: Any) -> str:
    """Return where a user lands after logging in."""
    return {"client": "client.dashboard", "staff": "staff.documents", "owner": "owner.index"}[
        user.role
    ]


def _too_many(_limit: object):
    flash(_("Too many attempts. Wait a minute and try again."), "error")
    return make_response(render_template("auth/login.html"), 429)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"], on_breach=_too_many)
def login():
    """Show the login form and log a user in."""
    if request.method == "POST":
        email = request.form.get("email", "").strip().lower()
        password = request.form.get("password", "")
        user = get_db().scalar(select(User).where(User.email == email))
        ok = verify_secret(user.password_hash if user else _DUMMY_HASH, password)
        if user and ok and user.active:
            login_user(LoginUser(user))
            return redirect(url_for(home_endpoint(user)))
        flash(_("Wrong e-mail or password."), "error")
        return render_template("auth/login.html"), 401
    return render_template("auth/login.html")


@bp.post("/logout")
@login_required
def logout():
    """Log out."""
    logout_user()
    return redirect(url_for("auth.login"))
