"""The Flask app: client, staff and owner pages, login."""

from __future__ import annotations

from flask import Flask, redirect, url_for
from flask_login import current_user

from intake import runtime as runtime_mod
from intake.documents import count_to_review
from intake.runtime import Runtime
from intake.vocabulary import OFFICE_ROLES
from portal.settings import of as portal_settings


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
        # The login itself ends on the server (portal.auth); the cookie never outlives it.
        PERMANENT_SESSION_LIFETIME=portal_settings(rt.settings).session_lifetime,
        RATELIMIT_STORAGE_URI=rt.settings.ratelimit_url,
        WTF_CSRF_TIME_LIMIT=None,
    )
    app.config.update(overrides)
    app.extensions["intake_runtime"] = rt

    from portal import (  # issue 13: the case desk
        accounts,
        auth,
        case_admin,
        case_forms,
        cases,
        client,
        clients,
        converters,
        db,
        errors,
        filters,
        hooks,
        ksef,
        language,
        letters,
        logs,
        owner,
        payments,
        reminders,
        reports,
        review,
        security,
        stacks,
        staff,
        talk,
        task_templates,
        tasks,
    )

    converters.init_app(app)
    logs.init_app(app)
    db.init_app(app)
    security.init_app(app)
    language.init_app(app)
    filters.init_app(app)
    errors.init_app(app)
    auth.init_app(app)
    hooks.init_app(app)
    talk.init_app(app)
    for module in (auth, client, staff, review, owner, tasks, ksef):
        app.register_blueprint(module.bp)
    for module in (clients, letters, talk, accounts, hooks, reminders):
        app.register_blueprint(module.bp)
    for module in (cases, case_admin, case_forms):
        app.register_blueprint(module.bp)
    app.register_blueprint(task_templates.bp)  # issue 12
    app.register_blueprint(payments.bp)  # issue 12
    app.register_blueprint(reports.bp)  # issue 12
    app.register_blueprint(stacks.bp)  # issue 15: stacks split into documents

    @app.get("/")
    def index():
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login"))
        return redirect(url_for(auth.home_endpoint(current_user)))

    @app.context_processor
    def _review_count() -> dict[str, object]:
        """Give staff pages the length of the review queue for the menu."""
        if current_user.is_authenticated and current_user.role in OFFICE_ROLES:
            return {"review_count": count_to_review(db.get_db(), current_user.row)}
        return {"review_count": None}

    @app.get("/healthz")
    def healthz():
        return {"ok": True}

    return app
