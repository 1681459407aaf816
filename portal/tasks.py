"""The office's task pages: the accountant's list, a task's page, finishing with amounts."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from intake.documents import scoped_companies
from intake.errors import IntakeError
from intake.formats import parse_day
from intake.models import Company, User
from intake.vocabulary import OFFICE_ROLES, Role
from portal.auth import role_required
from portal.converters import row_id
from portal.db import get_db, get_runtime
from portal.language import say, zone_today
from tasks.board import PAGE, BoardFilter, board, get_task
from tasks.completion import complete_task
from tasks.handwork import add_task, assign_task, comment_task, postpone_task
from tasks.settlements import settlement_of
from tasks.templates import office_templates
from tasks.vocabulary import TAX_KINDS, BoardState, TaskKind, TaxCode

bp = Blueprint("tasks", __name__, url_prefix="/staff/tasks")


def board_filter(args) -> BoardFilter:
    """Return the board's filters from the query string (what cannot be read is 'any')."""

    def day(name: str) -> dt.date | None:
        try:
            return parse_day(args[name]) if args.get(name) else None
        except ValueError:
            return None

    kind, state = args.get("kind", ""), args.get("state", "")
    return BoardFilter(
        company_id=row_id(args.get("company")),
        kind=TaskKind(kind) if kind in TaskKind.values() else None,
        person_id=row_id(args.get("person")),
        state=BoardState(state) if state in BoardState.values() else None,
        due_from=day("from"),
        due_to=day("to"),
        words=(args.get("q") or "").strip()[:100] or None,
    )


def office_people() -> list[User]:
    """Return the office's staff and owners, by name."""
    return list(
        get_db().scalars(
            select(User)
            .where(User.office_id == current_user.office_id, User.role.in_(OFFICE_ROLES))
            .order_by(User.name)
        )
    )


@bp.get("/")
@role_required(Role.STAFF, Role.OWNER)
def index():
    """Show the person's board: open tasks grouped by kind, overdue first; filters; a hand task."""
    session = get_db()
    wanted = board_filter(request.args)
    if request.args.get("done") == "1" and wanted.state is None:
        wanted = replace(wanted, state=BoardState.DONE)
    today = zone_today()
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    groups = board(session, current_user.row, wanted, today, PAGE + 1, (page - 1) * PAGE)
    more = sum(len(rows) for rows in groups.values()) > PAGE
    if more:  # one row more than a page was read to know there is a next page
        last = list(groups)[-1]
        groups[last].pop()
        if not groups[last]:
            del groups[last]
    return render_template(
        "staff/tasks.html",
        groups=groups,
        page=page,
        more=more,
        wanted=wanted,
        today_=today,
        kinds=list(TaskKind),
        states=list(BoardState),
        companies=session.scalars(scoped_companies(current_user.row)).all(),
        people=office_people(),
        templates=[
            t for t in office_templates(session, current_user.office_id, install=False) if t.active
        ],
        show_done=wanted.state == BoardState.DONE,
    )


@bp.post("/new")
@role_required(Role.STAFF, Role.OWNER)
def new():
    """Make a task by hand, for a company or for the office, from a template or free."""
    session = get_db()
    form = request.form
    company = None
    if form.get("company"):
        company = session.scalar(
            scoped_companies(current_user.row).where(Company.id == row_id(form.get("company")))
        )
        if company is None:
            abort(404)
    assignee = None
    if form.get("assignee"):
        assignee = session.scalar(
            select(User).where(
                User.id == row_id(form.get("assignee")),
                User.office_id == current_user.office_id,
                User.role.in_(OFFICE_ROLES),
            )
        )
    try:
        due = parse_day(form["due"]) if form.get("due") else None
        task = add_task(
            session,
            get_runtime().settings,
            current_user.row,
            company=company,
            template=form.get("template") or None,
            title=form.get("title") or None,
            assignee=assignee,
            due_on=due,
            visible_to_client="visible" in form,
        )
        session.commit()
    except (IntakeError, ValueError) as e:
        session.rollback()
        flash(say(e) if isinstance(e, IntakeError) else _("Not a date."), "error")
        return redirect(url_for("tasks.index"))
    flash(_("Task added."), "ok")
    return redirect(url_for("tasks.task", task_id=task.id))


@bp.get("/<int:task_id>")
@role_required(Role.STAFF, Role.OWNER)
def task(task_id: int):
    """Show a task; a tax task has the form for the amounts the client owes."""
    found = get_task(get_db(), current_user.row, task_id)
    return render_template(
        "staff/task.html",
        task=found,
        is_tax=found.kind in TAX_KINDS,
        codes=list(TaxCode),
        settlement=settlement_of(found),
        people=office_people(),
    )


@bp.post("/<int:task_id>/done")
@role_required(Role.STAFF, Role.OWNER)
def done(task_id: int):
    """Finish a task; a tax task's amounts go to every contact of the client by SMS and e-mail."""
    session = get_db()
    get_task(session, current_user.row, task_id)  # 404 for another office's task
    amounts = {c.value: request.form[c] for c in TaxCode if request.form.get(c, "").strip()}
    dues = {c: request.form[f"due_{c}"] for c in amounts if request.form.get(f"due_{c}")}
    accounts = {
        c: request.form[f"account_{c}"] for c in amounts if request.form.get(f"account_{c}")
    }
    try:
        complete_task(
            session,
            get_runtime().settings,
            current_user.row,
            task_id,
            amounts,
            dues,
            note=request.form.get("note") or None,
            accounts=accounts,
        )
        session.commit()
    except IntakeError as e:
        session.rollback()
        flash(say(e), "error")
        return redirect(url_for("tasks.task", task_id=task_id))
    flash(_("Task done; the client has been told."), "ok")
    return redirect(url_for("tasks.index"))


def change(task_id: int, action):
    """Run a change of a task the person sees, commit, and go back to the task's page."""
    session = get_db()
    get_task(session, current_user.row, task_id)  # 404 for a task the person does not see
    try:
        action(session)
        session.commit()
        flash(_("Saved."), "ok")
    except (IntakeError, ValueError) as e:
        session.rollback()
        flash(say(e) if isinstance(e, IntakeError) else _("Not a date."), "error")
    return redirect(url_for("tasks.task", task_id=task_id))


@bp.post("/<int:task_id>/assign")
@role_required(Role.STAFF, Role.OWNER)
def assign(task_id: int):
    """Give the task to another person of the office."""
    person = get_db().scalar(
        select(User).where(
            User.id == row_id(request.form.get("person")),
            User.office_id == current_user.office_id,
        )
    )
    email = person.email if person else str(request.form.get("person", ""))
    return change(
        task_id,
        lambda s: assign_task(s, get_runtime().settings, current_user.row, task_id, email),
    )


@bp.post("/<int:task_id>/postpone")
@role_required(Role.STAFF, Role.OWNER)
def postpone(task_id: int):
    """Move the task's due day, with a reason."""
    form = request.form
    return change(
        task_id,
        lambda s: postpone_task(
            s, current_user.row, task_id, parse_day(form.get("due", "")), form.get("reason", "")
        ),
    )


@bp.post("/<int:task_id>/comment")
@role_required(Role.STAFF, Role.OWNER)
def comment(task_id: int):
    """Add a comment to the task's log."""
    body = request.form.get("body", "")
    return change(task_id, lambda s: comment_task(s, current_user.row, task_id, body))
