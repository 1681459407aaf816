"""The office's task pages: the accountant's list, a task's page, finishing with amounts."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from intake.errors import IntakeError
from portal.auth import role_required
from portal.db import get_db, get_runtime
from portal.i18n import _
from tasks.approval import approval_of
from tasks.board import get_task, tasks_for
from tasks.completion import complete_task
from tasks.templates import TAX_KINDS

bp = Blueprint("tasks", __name__, url_prefix="/staff/tasks")
TAX_CODES = ("VAT", "PIT", "CIT", "ZUS")


@bp.get("/")
@role_required("staff", "owner")
def index():
    """List the person's open tasks (the owner sees all), soonest deadline first."""
    show_done = request.args.get("done") == "1"
    statuses = ("open", "done") if show_done else ("open",)
    return render_template(
        "staff/tasks.html",
        tasks=tasks_for(get_db(), current_user.row, statuses),
        show_done=show_done,
    )


@bp.get("/<int:task_id>")
@role_required("staff", "owner")
def task(task_id: int):
    """Show a task; a tax task has the form for the amounts the client owes."""
    found = get_task(get_db(), current_user.row, task_id)
    return render_template(
        "staff/task.html",
        task=found,
        is_tax=found.kind in TAX_KINDS,
        codes=TAX_CODES,
        approval=approval_of(found),
    )


@bp.post("/<int:task_id>/done")
@role_required("staff", "owner")
def done(task_id: int):
    """Finish a task; a tax task's amounts go to every contact of the client by SMS and e-mail."""
    get_task(get_db(), current_user.row, task_id)  # 404 for another office's task
    amounts = {c: request.form[c] for c in TAX_CODES if request.form.get(c, "").strip()}
    dues = {c: request.form[f"due_{c}"] for c in amounts if request.form.get(f"due_{c}")}
    try:
        complete_task(
            get_runtime(),
            task_id,
            current_user.id,
            amounts,
            dues,
            note=request.form.get("note") or None,
        )
    except IntakeError as e:
        flash(str(e), "error")
        return redirect(url_for("tasks.task", task_id=task_id))
    flash(_("Task done; the client has been told."), "ok")
    return redirect(url_for("tasks.index"))
