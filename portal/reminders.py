"""The owner's reminder settings, with whom today's pass would remind."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from intake.errors import IntakeError
from intake.vocabulary import Role
from notify.errors import NotifyError, Problem
from notify.reminders import parse_days, policy_for, run_reminders, set_policy
from notify.vocabulary import Channel
from portal.auth import role_required
from portal.db import get_db, get_runtime
from portal.language import say, zone_today

bp = Blueprint("reminders", __name__, url_prefix="/owner/reminders")


@bp.get("/")
@role_required(Role.OWNER)
def index():
    """Show the office's reminder settings and whom a pass today would remind."""
    return page()


def page(error: str | None = None, status: int = 200):
    """Render the settings page."""
    session = get_db()
    policy = policy_for(session, current_user.office_id)
    planned = (
        run_reminders(
            session,
            get_runtime().settings,
            zone_today(),
            office_id=current_user.office_id,
            dry_run=True,
        )
        if policy.enabled
        else []
    )
    return render_template(
        "owner/reminders.html",
        policy=policy,
        channels=[Channel.EMAIL, Channel.SMS],
        planned=planned,
        error=error,
    ), status


@bp.post("/")
@role_required(Role.OWNER)
def save():
    """Change the office's reminder settings."""
    session = get_db()
    form = request.form
    try:
        set_policy(
            session,
            current_user.office_id,
            enabled=form.get("enabled") == "on",
            hour=int(form.get("hour") or 9),
            days_before=parse_days(form.get("days_before", "")),
            days_after=parse_days(form.get("days_after", "")),
            approval_after=parse_days(form.get("approval_after", "")),
            due_before=parse_days(form.get("due_before", "")),
            channels=form.getlist("channel"),
        )
        session.commit()
    except ValueError:
        session.rollback()
        return page(say(NotifyError(Problem.BAD_HOUR)), 422)
    except IntakeError as e:
        session.rollback()
        return page(say(e), 422)
    flash(_("Saved."), "ok")
    return redirect(url_for("reminders.index"))
