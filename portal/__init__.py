"""The Flask app: client, staff and owner pages, login."""

from __future__ import annotations

from flask import Flask, redirect, url_for
from flask_login import current_user

from intake import runtime as runtime_mod
from intake.documents import count_to_review
from intake.runtime import Runtime


def create_app(rt: Runtime | None = None, **overrides: object) -> Flask:
    """Build the app on a runtime (set up from the environment when not given)."""
    rt = rt or runtime_mod.current()
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=rt.settings.secret_key,
        MAX_CONTENT_LENGTH=(rt.settings.max_upload_mb + 1) * 1024 * 1024,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=rt.settings.base_url.startswith("https"),
        RATELIMIT_STORAGE_URI=rt.settings.ratelimit_url,
        WTF_CSRF_TIME_LIMIT=None,
    )
    app.config.update(overrides)
    app.extensions["intake_runtime"] = rt

    from portal import auth, client, db, errors, i18n, owner, security, staff, tasks

    db.init_app(app)
    security.init_app(app)
    i18n.init_app(app)
    errors.init_app(app)
    auth.init_app(app)
    for module in (auth, client, staff, owner, tasks):
        app.register_blueprint(module.bp)

    @app.get("/")
    def index():
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login"))
        return redirect(url_for(auth.home_endpoint(current_user)))

    @app.context_processor
    def _review_count() -> dict[str, object]:
        """Give staff pages the length of the review queue for the menu."""
        if current_user.is_authenticated and current_user.role in ("staff", "owner"):
            return {"review_count": count_to_review(db.get_db(), current_user.row)}
        return {"review_count": None}

    @app.get("/healthz")
    def healthz():
        return {"ok": True}

    return app
